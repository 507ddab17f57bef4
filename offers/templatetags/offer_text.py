"""Render the plain text that supporters write (one paragraph per blank line, "- " for bullets)."""

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# Source texts use "- ", "* " and "•" for bullets, so all three become list items.
BULLET = re.compile(r"^\s*(?:[-*•])\s+")


def _paragraph(lines):
    return format_html("<p>{}</p>", mark_safe("<br>".join(format_html("{}", line) for line in lines)))


def _list(items):
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((item,) for item in items)))


@register.filter
def rich_text(text):
    """Paragraphs and bullet lists, with every piece of text escaped."""
    blocks, lines, items = [], [], []

    def flush():
        if lines:
            blocks.append(_paragraph(lines))
            lines.clear()
        if items:
            blocks.append(_list(items))
            items.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif BULLET.match(raw):
            if lines:
                flush()
            items.append(BULLET.sub("", raw).strip())
        elif items and raw[:1].isspace():
            # An indented line continues the previous bullet.
            items[-1] = f"{items[-1]} {line}"
        else:
            if items:
                flush()
            lines.append(line)
    flush()
    return mark_safe("".join(blocks))


@register.filter
def phone_href(number):
    """A tel: target from a number as written, e.g. "014/564.269" → "+3214564269"."""
    digits = re.sub(r"[^\d+]", "", number or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        # Belgian numbers are written nationally; the international form dials from any phone.
        digits = "+32" + digits[1:]
    return digits


@register.filter
def website_label(url):
    """A website address without the scheme and trailing slash, as people read it aloud."""
    return re.sub(r"^https?://", "", url or "").rstrip("/")


WEB_ADDRESS = re.compile(r"^(https?://)?(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", re.IGNORECASE)


@register.filter
def is_web_address(value):
    """Project websites are stored "as mentioned", so only link what looks like an address."""
    return bool(WEB_ADDRESS.match((value or "").strip()))


@register.filter
def web_href(value):
    value = (value or "").strip()
    return value if re.match(r"^https?://", value, re.IGNORECASE) else f"https://{value}"
