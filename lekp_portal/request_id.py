"""A request id on every response (``X-Request-ID``) and on every log line written while serving it.

The proxy in front may already have given the request an id; it is kept when it looks like one,
so the proxy's access log and the portal's lines match. Anything else (too long, odd characters
that could forge log lines) is replaced by a new random id.
"""

import logging
import re
import uuid
from contextvars import ContextVar
from urllib.parse import quote

from django.core.signals import request_finished

HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{8,100}")

_current = ContextVar("request", default=None)


def request_id_for(request):
    offered = request.headers.get(HEADER, "")
    return offered if ACCEPTED.fullmatch(offered) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        # Kept until the request is finished, not only until this middleware returns: Django logs
        # a 4xx or 5xx response ("Not Found: …") after the whole middleware chain.
        _current.set(request)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def forget_request(**kwargs):
    _current.set(None)


request_finished.connect(forget_request, dispatch_uid="lekp_portal.request_id.forget_request")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id``, ``request_method`` and ``request_path`` to a record ("-" outside a request)."""

    def filter(self, record):
        request = _current.get()
        record.request_id = getattr(request, "request_id", "-")
        record.request_method = getattr(request, "method", "-")
        # The path only, never the query string (it may carry search words); quoted, so a
        # newline in an address cannot start a forged log line.
        record.request_path = quote(request.path, safe="/:@!$&'()*+,;=~") if request else "-"
        return True
