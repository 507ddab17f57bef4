"""Login throttling with django-axes: where a login comes from, and the page that refuses it.

Settings (lekp_portal/settings.py) lock a username for one address after 5 failed logins, for
15 minutes; axes calls the two functions here by their dotted names.
"""

import ipaddress

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max
from django.shortcuts import render


def _address(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip_address(request):
    """The address a login came from, as the trusted proxies in front of the portal saw it.

    Each trusted proxy appends the address it was reached from to X-Forwarded-For, so with
    TRUSTED_PROXY_COUNT proxies that many entries from the right are theirs and the leftmost of
    those is the client; anything further left was written by the client and can be forged.
    Without proxies, or when the header is missing or garbled, the connection's own address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= count:
            address = _address(forwarded[-count])
            if address:
                return address
    return _address(request.META.get("REMOTE_ADDR"))


def lockout_response(request, original_response=None, credentials=None):
    """The admin login page's refusal, in the admin's look, saying until when."""
    username = get_client_username(request, credentials) or ""
    last_failure = AccessAttempt.objects.filter(
        username=username, ip_address=getattr(request, "axes_ip_address", None)
    ).aggregate(last=Max("attempt_time"))["last"]
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "Aanmelden tijdelijk geblokkeerd",
        "username": username,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(cool_off.total_seconds() // 60),
        "locked_until": last_failure + cool_off if last_failure else None,
    }
    # Rendered at once: axes swaps it in inside the middleware, after template responses are rendered.
    return render(request, "admin/lekp/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
