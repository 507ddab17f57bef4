"""check_links against a small HTTP server started in the test: never the internet."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from markup import find, find_all, page, text

from upkeep.links import find_urls, user_agent
from upkeep.models import LinkCheck, LinkUse

SLOW_SECONDS = 2


class Handler(BaseHTTPRequestHandler):
    seen = []

    def answer(self, body):
        Handler.seen.append((self.command, self.path, self.headers["User-Agent"]))
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path in ("/ok", "/slow"):
            self.send_response(200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def linked(server, make_supporter, make_offer, make_project, iok, interleuven):
    make_offer(iok, title="Met kapotte link", description=f"Zie {server}/missing.\nOf ({server}/ok).")
    make_offer(
        interleuven, title="Traag", description=f"Meer op {server}/slow, en {server}/moved!", source=f"{server}/no-head"
    )
    make_project(interleuven, title="Project", website=f"{server}/ok")
    iok.website = f"{server}/gone"
    iok.save()
    return server


def check(*args):
    out = StringIO()
    call_command("check_links", "--timeout", "0.5", *args, stdout=out)
    return out.getvalue()


def test_find_urls_leaves_closing_punctuation_out():
    assert find_urls("Zie https://a.example/x. En (http://b.example/y?z=1), of “https://c.example”.") == [
        "https://a.example/x",
        "http://b.example/y?z=1",
        "https://c.example",
    ]
    assert find_urls("geen link: www.example.be of ftp://x") == []


def test_every_outcome_is_recorded_per_address(linked):
    output = check()
    checks = {c.url.removeprefix(linked): c for c in LinkCheck.objects.all()}
    assert {path: c.outcome for path, c in checks.items()} == {
        "/ok": "werkt",
        "/missing": "kapot",
        "/moved": "doorverwezen",
        "/slow": "onbereikbaar",
        "/no-head": "werkt",
        "/gone": "kapot",
    }
    assert checks["/missing"].status_code == 404
    assert checks["/moved"].redirected_to == f"{linked}/ok"
    assert checks["/slow"].error == "geen antwoord binnen 0.5 seconden"
    assert ("GET", "/no-head") in [(m, p) for m, p, _ua in Handler.seen]  # HEAD refused, then GET
    assert {ua for _m, _p, ua in Handler.seen} == {user_agent()}
    assert "3 van 6 adressen kapot of onbereikbaar." in output
    uses = {(u.link.url.removeprefix(linked), u.field, str(u.source)) for u in LinkUse.objects.select_related("link")}
    assert ("/ok", "website", "Project") in uses
    assert ("/gone", "website", "IOK") in uses
    assert ("/no-head", "source", "Traag") in uses


def test_a_dry_run_checks_but_stores_nothing(linked):
    assert "kapot" in check("--dry-run")
    assert not LinkCheck.objects.exists()
    assert not LinkUse.objects.exists()


def test_a_second_run_replaces_the_results(linked, iok):
    check()
    iok.website = ""
    iok.save()
    check()
    assert not LinkCheck.objects.filter(url__endswith="/gone").exists()
    assert LinkUse.objects.count() == 6


def test_broken_links_show_on_the_start_page_of_their_editors_only(client, linked, redacteur, coordinator, outsider):
    check()
    client.force_login(redacteur)
    items = [text(li) for li in find_all(find(page(client.get("/admin/")), "ul", class_="upkeep-broken-links"), "li")]
    assert len(items) == 2
    assert any("/missing (kapot: HTTP 404" in item and "aanbod Met kapotte link" in item for item in items)
    assert any("/gone (kapot: HTTP 404" in item and "ondersteunerspagina" in item for item in items)
    assert "/slow" not in client.get("/admin/").content.decode()  # Interleuven's

    client.force_login(coordinator)
    listed = [text(ul) for ul in find_all(page(client.get("/admin/")), "ul", class_="upkeep-broken-links")]
    assert any("/slow (onbereikbaar: geen antwoord binnen 0.5 seconden" in found for found in listed)
    client.force_login(outsider)
    assert "/missing" not in client.get("/admin/").content.decode()
