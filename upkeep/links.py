"""Finding the web addresses in offers, projects and supporter pages, and following one politely.

No database work happens while following links: ``check_links`` collects the addresses, checks
them in a small thread pool and writes all results at once.
"""

import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings

from offers.models import Offer, Project, Supporter
from upkeep.models import LinkCheck

# Up to the first space or bracket; a sentence's closing punctuation is not part of the address.
URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
TRAILING = ".,;:!?”’»"

OFFER_FIELDS = ["description", "summary", "source", "partners"]
PROJECT_FIELDS = ["website", "short_description", "reason", "financing", "collaboration_note", "partners_note"]
SUPPORTER_FIELDS = ["website", "short_explanation"]

# Few at once, so no site (and no shared host) gets a burst of requests from the portal.
MAX_AT_ONCE = 4
TIMEOUT_SECONDS = 10


def find_urls(text):
    found = []
    for match in URL.finditer(text or ""):
        url = match.group().rstrip(TRAILING)
        if url not in found:
            found.append(url)
    return found


@dataclass(frozen=True)
class Use:
    """One place an address appears."""

    url: str
    supporter_id: int
    field: str
    offer_id: int | None = None
    project_id: int | None = None


def uses_in(objects, fields, owner, kind):
    for obj in objects:
        for field in fields:
            for url in find_urls(getattr(obj, field)):
                yield Use(url, owner(obj), field, **({f"{kind}_id": obj.pk} if kind else {}))


def collect_uses():
    """Every http(s) address in every offer, project and supporter, drafts included (editors fix those too)."""
    return [
        *uses_in(
            Offer.objects.only("pk", "supporter_id", *OFFER_FIELDS), OFFER_FIELDS, lambda o: o.supporter_id, "offer"
        ),
        *uses_in(
            Project.objects.only("pk", "lead_supporter_id", *PROJECT_FIELDS),
            PROJECT_FIELDS,
            lambda p: p.lead_supporter_id,
            "project",
        ),
        *uses_in(Supporter.objects.only("pk", *SUPPORTER_FIELDS), SUPPORTER_FIELDS, lambda s: s.pk, None),
    ]


@dataclass(frozen=True)
class Result:
    outcome: str
    status_code: int | None = None
    redirected_to: str = ""
    error: str = ""


def user_agent():
    return f"LEKP-portaal linkcontrole (+{settings.SITE_URL})"


def request(url, method, timeout):
    req = urllib.request.Request(url, method=method, headers={"User-Agent": user_agent(), "Accept": "*/*"})
    with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 (only http(s) addresses reach here)
        return response.status, response.geturl()


def follow(url, timeout=TIMEOUT_SECONDS):
    """HEAD first (cheap); GET when the server refuses HEAD or answers it with an error."""
    try:
        try:
            status, final = request(url, "HEAD", timeout)
        except urllib.error.HTTPError:
            status, final = request(url, "GET", timeout)
    except urllib.error.HTTPError as error:
        final = error.geturl() or url
        return Result(LinkCheck.Outcome.BROKEN, error.code, final if final != url else "")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            return Result(LinkCheck.Outcome.UNREACHABLE, error=f"geen antwoord binnen {timeout:g} seconden")
        return Result(LinkCheck.Outcome.UNREACHABLE, error=str(reason)[:500])
    if final != url:
        return Result(LinkCheck.Outcome.REDIRECT, status, final)
    return Result(LinkCheck.Outcome.OK, status)


def follow_all(urls, timeout=TIMEOUT_SECONDS, workers=MAX_AT_ONCE):
    """{url: Result}, at most ``workers`` requests at the same time."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(urls, pool.map(lambda url: follow(url, timeout), urls), strict=True))
