"""Cached public pages that never show stale content, and conditional GET.

For an anonymous GET without session or messages, the rendered page is kept in the cache under a
key made of the release, the content version (paginacache.models), today's date, the language
and the full path with its query string. Every write to the content raises the version on commit, so the next request
misses the old entry and renders afresh: a change is visible on the very next request, in every
worker and on every server. The same key is the page's ETag: a browser that sends it back in
If-None-Match gets a 304 without the page being rendered.

A form's CSRF token is personal: it is stored as a placeholder and each visitor gets their own
in its place (the CSRF middleware then sets their cookie), and the ETag includes their CSRF
cookie, so a page kept by the browser never holds a token of another cookie.

Never cached: a logged-in user (their header names them), a request carrying a session or
messages, a response that sets another cookie than the CSRF one or says ``private`` or
``no-store``, streaming responses (exports) and anything but a 200.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from paginacache.version import current_version

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"\x00csrf\x00"
# The messages framework's cookie (django.contrib.messages.storage.cookie.CookieStorage.cookie_name).
MESSAGES_COOKIE = "messages"


def may_serve_from_cache(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(settings.PAGE_CACHE_SKIPPED_PATHS)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def may_store(request, response):
    user = getattr(request, "user", None)
    storage = getattr(request, "_messages", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not (user is not None and user.is_authenticated)
        and not (storage is not None and storage._queued_messages)
    )


def page_key(request):
    # Today's date: what is public, "nieuw" or closing soon changes at midnight without a write.
    parts = (
        settings.PAGE_CACHE_RELEASE,
        current_version(),
        timezone.localdate().isoformat(),
        getattr(request, "LANGUAGE_CODE", ""),
        request.get_full_path(),
    )
    source = ":".join(map(str, parts))
    return hashlib.sha256(source.encode()).hexdigest()[:32]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve_from_cache(request):
            return self.get_response(request)
        key = page_key(request)
        personal = f"{key}:{request.COOKIES.get(settings.CSRF_COOKIE_NAME, '')}"
        etag = f'"{hashlib.sha256(personal.encode()).hexdigest()[:32]}"'
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            cache = caches[settings.PAGE_CACHE_ALIAS]
            stored = cache.get(f"pagina:{key}")
            if stored is not None:
                content, content_type = stored
                if CSRF_PLACEHOLDER in content:
                    content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
                response = HttpResponse(content, content_type=content_type)
            else:
                response = self.get_response(request)
                if not may_store(request, response):
                    return response
                content = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
                cache.set(f"pagina:{key}", (content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        response["ETag"] = etag
        # A browser keeps the page but asks again each time; a personal page must not match it.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response
