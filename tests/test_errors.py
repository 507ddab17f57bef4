"""Error pages in the portal's layout and in Dutch, without internals; the request id on every
response and on every log line of a request."""

import io
import logging

import pytest
from django.conf import settings
from django.test import Client
from markup import find, find_all, page, text

from lekp_portal.request_id import RequestIdFilter


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "error_urls"


@pytest.fixture
def portal_log():
    """What the portal's stdout handler (settings.LOGGING) writes, as text."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["request"]["format"]))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def in_layout(document, heading):
    """The page has the portal's header, footer and this one h1."""
    assert len(find_all(document, "header", class_="site-header")) == 1
    assert len(find_all(document, "footer", class_="site-footer")) == 1
    assert text(find(document, "h1")) == heading


def test_500_page_is_in_the_layout_without_internals_or_queries(db, failing_urls, django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/fout/")
    document = page(response, 500)
    in_layout(document, "Er liep iets mis")
    html = response.content.decode()
    assert "hunter2" not in html and "Broken" not in html and "Traceback" not in html
    assert "default-src 'none'" in response.headers["Content-Security-Policy"].split("; ")
    assert len(response.headers["X-Request-ID"]) == 32


def test_a_failing_request_is_logged_with_its_request_id_and_path(db, failing_urls, portal_log):
    client = Client(raise_request_exception=False)
    response = client.get("/fout/?q=zoekwoord", headers={"X-Request-ID": "proxy-1234.abc"})
    assert response.headers["X-Request-ID"] == "proxy-1234.abc"
    lines = portal_log.getvalue().splitlines()
    assert lines[0].split(" ", 3)[2:] == [
        "ERROR",
        "django.request [proxy-1234.abc] GET /fout/ Internal Server Error: /fout/",
    ]
    # The traceback is in the log (and not on the page); the query string is not.
    assert "Broken: geheime interne details" in portal_log.getvalue()
    assert "zoekwoord" not in portal_log.getvalue()


def test_a_forged_request_id_or_path_cannot_add_log_lines(db, portal_log):
    response = Client().get("/bestaat%0AINFO-niet/", headers={"X-Request-ID": "x\r\nINFO vals"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] != "x\r\nINFO vals"
    assert len(response.headers["X-Request-ID"]) == 32
    log = portal_log.getvalue()
    assert log.count("\n") == 1 and "/bestaat%0AINFO-niet/" in log


def test_a_log_line_outside_a_request_has_dashes(portal_log):
    logging.getLogger("lekp_portal").warning("los van een vraag")
    assert "[-] - - los van een vraag" in portal_log.getvalue()


def test_400_page_for_a_request_to_an_unknown_host(db):
    response = Client().get("/", headers={"Host": "kwaadaardig.example"})
    in_layout(page(response, 400), "Ongeldige aanvraag")
    assert "kwaadaardig" not in response.content.decode()
    assert "Content-Security-Policy" in response.headers


def test_403_page_in_dutch_for_staff_without_rights(client, outsider):
    client.force_login(outsider)
    response = client.get("/admin/offers/offer/")
    in_layout(page(response, 403), "Geen toegang")


def test_a_failed_csrf_check_has_a_dutch_page_without_inline_style(db):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x", "password": "y"})
    document = page(response, 403)
    in_layout(document, "Formulier verlopen")
    assert find_all(document, "style") == []
