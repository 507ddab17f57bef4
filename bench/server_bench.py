"""The portal under its production server, measured (`make bench`; not a test, never in CI).

1. Fills its own PostgreSQL database (PORTAL_BENCH_DATABASE_URL, by default `lekp_bench` on the
   local server) with `manage.py generate_bench_data` (20,000 offers, ...; the command refuses a
   database holding anything it did not generate), runs collectstatic, and starts gunicorn exactly
   as the README's "Productie" says (gunicorn.conf.py, 2 workers, DEBUG off, whitenoise).
2. Drives each page with wrk at 16 connections (requests/s, p50/p95/p99, errors), next to a static
   file of similar size (the ceiling of this stack) and the admin changelist of offers for a
   coordinator (the generic peer); counts the SQL queries of each page with Django's test client.
3. 60 s at 32 connections over a mix of public pages and exports while an editor saves an offer
   through the admin every second: errors, p99, and whether every save is in the history.
4. 10,000 fuzzed requests against the running server: how many answered 5xx (must be none).
5. The export figures of bench/export_bench.py (CSV, Excel, JSON of 20,000 offers).

Prints a table and writes bench/results/latest.json. Shorter while developing:
    .venv/bin/python bench/server_bench.py --seconds 3 --load-seconds 10 --fuzz 500 --reuse
"""

import argparse
import concurrent.futures
import html.parser
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import django
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
OUTPUT = ROOT / "bench" / "output"
RESULTS = ROOT / "bench" / "results" / "latest.json"
DATABASE_URL = os.environ.get("PORTAL_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lekp_bench")
PORT = int(os.environ.get("PORTAL_BENCH_PORT", "8765"))
HOST = "127.0.0.1"

# Production settings, as README "Productie" sets them; a proxy in front is played by the
# X-Forwarded-Proto header that every request carries (gunicorn trusts it from 127.0.0.1).
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": f"{HOST},localhost",
    "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{PORT}",
    "SITE_URL": f"https://{HOST}:{PORT}",
    "DATABASE_URL": DATABASE_URL,
    "CONN_MAX_AGE": "60",
    "GUNICORN_BIND": f"{HOST}:{PORT}",
    "WEB_CONCURRENCY": "2",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "lekp_portal.settings",
}
os.environ.update(PRODUCTION_ENV)
django.setup()

# Imported after django.setup(): the project's modules need its settings.
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from offers.models import Offer, Supporter  # noqa: E402
from seeding.bench_data import COORDINATOR_USERNAME  # noqa: E402

PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}

# Pages that list "everything for X" come with the largest X (the supporter with most offers).
PAGES = [
    ("startpagina", "/"),
    ("aanbod", "/aanbod/"),
    ("aanbod werf 2 + gratis", "/aanbod/?werf=2&kosten=gratis"),
    ("aanbod zoekterm", "/aanbod/?q=renovatie"),
    ("aanbod pagina 50", "/aanbod/?pagina=50"),
    ("aanbodpagina", "{offer}"),
    ("werfpagina", "/werven/2/"),
    ("ondersteunerpagina", "{supporter}"),
    ("gemeenten", "/gemeenten/"),
    ("gemeentepagina", "/gemeenten/24062/"),
    ("dekking", "/dekking/"),
    ("planpagina", "/gemeenten/24062/plan/"),
    ("zoeken", "/zoeken/?q=laadpalen"),
    ("feed", "/aanbod/feed/"),
]
FILTERED, STATIC, ADMIN = "aanbod werf 2 + gratis", "statisch bestand", "beheer: lijst aanbod"
EXPORTS_IN_MIX = ["/aanbod/export.csv?{supporter_filter}", "/aanbod/export.json?{supporter_filter}&werf=1"]


def percent(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else 0


def run(command, **kwargs):
    print("$ " + " ".join(str(part) for part in command), flush=True)
    return subprocess.run(command, check=True, cwd=ROOT, **kwargs)


def prepare_database(args):
    parts = urlsplit(DATABASE_URL)
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')
    admin.close()
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"])
    if not args.reuse:
        run([*manage, "generate_bench_data", "--offers", str(args.offers)])
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load (bench/search_bench.py does the same): planner
        # statistics and the visibility map for index-only scans. A server with autovacuum off
        # (as here) otherwise plans for empty tables: nested loops that made /aanbod/ seconds slow.
        cursor.execute("VACUUM ANALYZE")
    run([*manage, "collectstatic", "--noinput", "-v0"])


class Server:
    """gunicorn as README "Productie" starts it; its log goes to bench/output/gunicorn.log."""

    def __enter__(self):
        OUTPUT.mkdir(exist_ok=True)
        self.log = open(OUTPUT / "gunicorn.log", "w", encoding="utf-8")  # noqa: SIM115 (closed in __exit__)
        command = [VENV_BIN / "gunicorn", "--config", "gunicorn.conf.py", "lekp_portal.wsgi"]
        print("$ " + " ".join(str(part) for part in command), flush=True)
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopte meteen; zie {OUTPUT / 'gunicorn.log'}")
            try:
                socket.create_connection((HOST, PORT), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn antwoordt niet na 60 s")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def fetch(method, path, headers=None, body=None, timeout=120):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def drain(static_path):
    """Wait until the queue of a slow page is gone: sync workers finish what wrk gave up on."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            fetch("GET", static_path, timeout=300)
        except (OSError, http.client.HTTPException):
            continue
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def wrk(path, seconds, connections, cookie="", paths=()):
    env = {**os.environ, "BENCH_COOKIE": cookie, "BENCH_PATHS": "\n".join(paths)}
    command = [
        "wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(ROOT / "bench" / "wrk_report.lua"), f"http://{HOST}:{PORT}{path}",
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    raw = json.loads(line.removeprefix("BENCH-JSON "))
    errors = sum(raw["errors"].values())
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "requests": raw["requests"],
        "errors": errors,
        "error_kinds": {kind: count for kind, count in raw["errors"].items() if count},
        "bytes_per_request": raw["bytes"] / max(raw["requests"], 1),
    }


class FormReader(html.parser.HTMLParser):
    """The fields of a Django admin change form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea, self._in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post" and "_form" in attrs.get("id", ""):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append([name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")])
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value", "")])
        elif tag == "textarea":
            self._textarea = [name, ""]
            self.fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class AdminEditor(threading.Thread):
    """Saves an offer through the admin every second (GET the form, POST it back with CSRF)."""

    def __init__(self, cookie, offer_ids, stop):
        super().__init__(daemon=True)
        self.cookie, self.offer_ids, self.stop = cookie, offer_ids, stop
        self.saves, self.failures, self.seconds = [], [], []

    def run(self):
        number = 0
        while not self.stop.is_set():
            started = time.perf_counter()
            number += 1
            offer_id = self.offer_ids[number % len(self.offer_ids)]
            marker = f"[bench-bewerking {secrets.token_hex(4)}-{number}]"
            try:
                outcome = self.save(offer_id, marker)
            except (OSError, http.client.HTTPException) as error:
                outcome = f"{type(error).__name__}: {error}"
            self.seconds.append(time.perf_counter() - started)
            (self.saves if outcome is True else self.failures).append((offer_id, marker, outcome))
            self.stop.wait(max(0.0, 1.0 - (time.perf_counter() - started)))

    def save(self, offer_id, marker):
        path = f"/admin/offers/offer/{offer_id}/change/"
        status, headers, body = fetch("GET", path, {"Cookie": self.cookie})
        if status != 200:
            return f"GET {status}"
        csrf_cookie = next(
            (value.split(";")[0] for name, value in headers if name.lower() == "set-cookie" and "csrftoken" in value),
            "",
        )
        form = FormReader()
        form.feed(body.decode("utf-8"))
        fields = [
            (name, f"{marker} {value.split('] ', 1)[-1]}" if name == "summary" else value)
            for name, value in form.fields
        ]
        fields.append(("_save", "Opslaan"))
        status, headers, _body = fetch(
            "POST",
            path,
            {
                "Cookie": "; ".join(filter(None, [self.cookie, csrf_cookie])),
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{HOST}:{PORT}{path}",
                "Origin": f"https://{HOST}:{PORT}",
            },
            urlencode(fields),
        )
        return True if status == 302 else f"POST {status}"


# Fuzzing the running server: the idea of tests/test_fuzz.py (known parameters with odd values,
# unknown and repeated keys, unicode, NUL and control characters, long values, unknown ids).
FUZZ_KEYS = [
    "werf", "kosten", "soort", "ondersteuner", "gemeente", "algemeen", "q", "sortering", "pagina",
    "wooneenheden", "kaart", "programma", "status", "provincie", "x", "werf[]", "",
]  # fmt: skip
FUZZ_VALUES = [
    "", "0", "1", "2", "-1", "4", "99999999999999999999999", "1e9", "1.5", "gratis", "nieuw", "ja",
    "iok", "24062", "ü€漢", "\x00", "\x01\x1f", "%00", "<script>", "'\"", "&|!():*", " ", "a" * 5000,
    "laadpalen", "klimaatbomn", "NaN", "[]", "{}", "../../etc/passwd",
]  # fmt: skip


def fuzz_paths(rng, count, offer_path, supporter_path):
    bases = [path for _label, path in PAGES if "?" not in path] + [
        "/ondersteuners/", "/projecten/", "/nieuw/", "/gemeenten/99999/", "/gemeenten/abc/", "/gemeenten/24062/plan/",
        "/gemeenten/99999/plan/", "/werven/9/", "/werven/0/", "/aanbod/onbekend/niets/", "/ondersteuners/onbekend/",
        "/projecten/onbekend/", offer_path, supporter_path, "/zoeken/",
    ]  # fmt: skip
    for _ in range(count):
        pairs = [(rng.choice(FUZZ_KEYS), rng.choice(FUZZ_VALUES)) for _ in range(rng.randint(0, 5))]
        query = "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in pairs)
        yield rng.choice(bases) + (f"?{query}" if query else "")


def fuzz(count, offer_path, supporter_path, budget_seconds):
    statuses, errors, started = {}, [], time.monotonic()
    paths = list(fuzz_paths(random.Random(17), count, offer_path, supporter_path))
    lock = threading.Lock()

    def one(path):
        if time.monotonic() - started > budget_seconds:
            return
        try:
            status = fetch("GET", path, timeout=60)[0]
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
            if not isinstance(status, int) or status >= 500:
                errors.append((status, path[:200]))

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(one, paths))
    done = sum(statuses.values())
    return {
        "requested": count,
        "sent": done,
        "seconds": time.monotonic() - started,
        "statuses": {str(key): value for key, value in sorted(statuses.items(), key=str)},
        "server_errors": sum(value for key, value in statuses.items() if not isinstance(key, int) or key >= 500),
        "examples": errors[:10],
    }


@override_settings(PAGE_CACHE_ENABLED=False)
def query_counts(urls, admin_path, coordinator):
    # Counted as rendered: from the page cache every public page costs one query.
    counts = {}
    client = Client(SERVER_NAME=HOST)
    for label, path in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, secure=True)
        counts[label] = {"queries": len(captured), "status": response.status_code, "bytes": len(response.content)}
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(admin_path, secure=True)
    counts[ADMIN] = {"queries": len(captured), "status": response.status_code, "bytes": len(response.content)}
    return counts


def session_cookie(user):
    """A session of ``user`` in the database gunicorn reads (one client each: a second login would end the first)."""
    client = Client(SERVER_NAME=HOST)
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def static_of_size(size):
    """The collected static file (not a compressed copy) closest in size to ``size`` bytes."""
    manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())["paths"]
    name = min(manifest, key=lambda name: abs((Path(settings.STATIC_ROOT) / manifest[name]).stat().st_size - size))
    return staticfiles_storage.url(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="duur van wrk per pagina")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--load-seconds", type=int, default=60, help="duur van de belastingstest")
    parser.add_argument("--load-connections", type=int, default=32)
    parser.add_argument("--fuzz", type=int, default=10_000, help="aantal gefuzzte verzoeken")
    parser.add_argument("--fuzz-budget", type=int, default=360, help="hoogstens zoveel seconden fuzzen")
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--reuse", action="store_true", help="de gegenereerde databank van een vorige run hergebruiken")
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument("--report", action="store_true", help="enkel de tabel van de laatste run opnieuw tonen")
    parser.add_argument("--pages", help="enkel deze pagina's (komma-gescheiden namen uit de tabel), om te ontwikkelen")
    args = parser.parse_args()
    if args.report:
        report(json.loads(RESULTS.read_text(encoding="utf-8")))
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk ontbreekt: `make bench-deps` (Debian: apt-get install wrk).")
    try:
        prepare_database(args)
    except psycopg2.OperationalError as error:
        raise SystemExit(
            f"PostgreSQL niet bereikbaar ({str(error).strip()}); zet PORTAL_BENCH_DATABASE_URL."
        ) from error
    biggest = Supporter.objects.annotate(n=Count("offers")).order_by("-n").first()
    offer = Offer.objects.published().filter(supporter=biggest).order_by("pk").first()
    fill = {"offer": offer.get_absolute_url(), "supporter": biggest.get_absolute_url()}
    wanted = set(args.pages.split(",")) if args.pages else {label for label, _path in PAGES}
    urls = [
        (label, path.format(**fill)) for label, path in PAGES if label in wanted | {"startpagina", FILTERED, "zoeken"}
    ]
    admin_path = "/admin/offers/offer/"
    coordinator = get_user_model().objects.get(username=COORDINATOR_USERNAME)
    print(f"SQL-queries per pagina tellen (testclient, {Offer.objects.count()} aanbiedingen) …", flush=True)
    counts = query_counts(urls, admin_path, coordinator)
    static_path = static_of_size(counts["startpagina"]["bytes"])
    urls += [(STATIC, static_path), (ADMIN, admin_path)]

    coordinator_cookie = session_cookie(coordinator)
    editor_cookie = session_cookie(get_user_model().objects.get(username="bench-beheerder"))
    edited = list(Offer.objects.filter(supporter=biggest).order_by("pk").values_list("pk", flat=True)[:3])

    results = {"pages": {}, "settings": vars(args)}
    with Server():
        for label, path in urls:
            cookie = coordinator_cookie if label == ADMIN else ""
            status = fetch("GET", path, {"Cookie": cookie})[0]  # also warms up the worker that gets it
            if status != 200:
                raise SystemExit(f"{path} antwoordt {status} in plaats van 200; zie {OUTPUT / 'gunicorn.log'}")
            figures = wrk(path, args.seconds, args.connections, cookie)
            figures.update(path=path, **counts.get(label, {}))
            results["pages"][label] = figures
            print(
                f"  {label:<26}{figures['rps']:>9.1f} req/s  p95 {figures['p95_ms']:>8.1f} ms  "
                f"fouten {figures['errors']}",
                flush=True,
            )
            drain(static_path)

        print(f"Belasting: {args.load_seconds} s, {args.load_connections} verbindingen, beheer slaat elke seconde op …")
        supporter_filter = f"ondersteuner={biggest.slug}"
        mix = [path for _label, path in urls if not path.startswith(("/admin", "/static"))]
        mix += [path.format(supporter_filter=supporter_filter) for path in EXPORTS_IN_MIX]
        stop = threading.Event()
        editor = AdminEditor(editor_cookie, edited, stop)
        editor.start()
        load = wrk("/", args.load_seconds, args.load_connections, paths=mix)
        stop.set()
        editor.join(timeout=120)
        drain(static_path)
        markers = [marker for _pk, marker, _outcome in editor.saves]
        history = Offer.history.model.objects.filter(id__in=edited)
        lost = [marker for marker in markers if not history.filter(summary__startswith=marker).exists()]
        results["load"] = {
            **load,
            "paths": mix,
            "admin_saves": len(editor.saves),
            "admin_failures": editor.failures[:10],
            "admin_failure_count": len(editor.failures),
            "admin_save_p99_s": percent(editor.seconds, 0.99),
            "lost_edits": len(lost),
        }
        print(f"Fuzzen: {args.fuzz} verzoeken (hoogstens {args.fuzz_budget} s) …", flush=True)
        results["fuzz"] = fuzz(args.fuzz, fill["offer"], fill["supporter"], args.fuzz_budget)

    if not args.skip_exports:
        export_json = OUTPUT / "exports.json"
        run([sys.executable, "bench/export_bench.py", "--json", str(export_json)], env={**os.environ, "DEBUG": "true"})
        results["exports"] = json.loads(export_json.read_text())
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    report(results)


def report(results):
    pages = results["pages"]
    static, admin = pages[STATIC]["rps"], pages[ADMIN]["rps"]
    print()
    print(
        f"{'pagina':<26}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'n':>6}{'fouten':>7}{'× statisch':>11}"
        f"{'SQL':>5}"
    )
    for label, figures in pages.items():
        # wrk reports no latency when not one request finished within the run (and no time-out either).
        latencies = (
            f"{figures['p50_ms']:>9.0f}{figures['p95_ms']:>9.0f}{figures['p99_ms']:>9.0f}"
            if figures["requests"]
            else f"{'geen antwoord in de run':>27}"
        )
        print(
            f"{label:<26}{figures['rps']:>8.1f}{latencies}{figures['requests']:>6}{figures['errors']:>7}"
            f"{figures['rps'] / static:>11.3f}{figures.get('queries', ''):>5}"
        )
    filtered = pages[FILTERED]["rps"]
    print(
        f"gefilterde lijst / beheerlijst: {filtered / max(admin, 1e-9):.2f} ×; "
        f"/ statisch bestand: {filtered / static:.3f} ×"
    )
    load = results["load"]
    print(
        f"belasting: {load['rps']:.1f} req/s, p99 {load['p99_ms']:.0f} ms, fouten {load['errors']} "
        f"{load['error_kinds']}; beheer: {load['admin_saves']} keer opgeslagen, {load['admin_failure_count']} mislukt, "
        f"{load['lost_edits']} verloren (p99 van een bewaring {load['admin_save_p99_s']:.1f} s)"
    )
    fuzzed = results["fuzz"]
    print(
        f"fuzzen: {fuzzed['sent']} van {fuzzed['requested']} verzoeken in {fuzzed['seconds']:.0f} s, "
        f"5xx/fouten: {fuzzed['server_errors']}, antwoorden {fuzzed['statuses']}"
    )
    for row in results.get("exports", []):
        print(
            f"export {row['format']:<5}{row['rows']:>7} rijen: {row['seconds']:>6.2f} s, piek {row['peak_mib']:.1f} MiB"
        )
    goals(results)
    print(f"Cijfers in {RESULTS.relative_to(ROOT)}")


def goals(results):
    """The goals of issue 17, each with whether it holds in this run."""
    pages = results["pages"]
    public = {label: figures for label, figures in pages.items() if label not in {STATIC, ADMIN}}
    exports = {(row["format"], row["rows"]): row["seconds"] for row in results.get("exports", [])}
    full = max((rows for _format, rows in exports), default=0)
    checks = [
        ("elke publieke pagina ≤ 5 SQL-queries", all(f.get("queries", 99) <= 5 for f in public.values())),
        ("gefilterde lijst ≥ 0,5 × statisch bestand", pages[FILTERED]["rps"] >= 0.5 * pages[STATIC]["rps"]),
        ("gefilterde lijst ≥ 3 × beheerlijst", pages[FILTERED]["rps"] >= 3 * pages[ADMIN]["rps"]),
        ("elke publieke pagina p95 ≤ 50 ms", all(f["requests"] and f["p95_ms"] <= 50 for f in public.values())),
        ("zoeken p95 ≤ 30 ms", pages["zoeken"]["requests"] and pages["zoeken"]["p95_ms"] <= 30),
        (
            "belasting: 0 fouten, geen verloren bewaring",
            not results["load"]["errors"] and not results["load"]["lost_edits"],
        ),
        ("fuzzen: 0 × 5xx", results["fuzz"]["server_errors"] == 0),
    ]
    if exports:
        checks += [
            ("Excel-export ≤ 6 s", exports[("xlsx", full)] <= 6),
            ("CSV- en JSON-export ≤ 1,5 s", exports[("csv", full)] <= 1.5 and exports[("json", full)] <= 1.5),
        ]
    results["goals"] = {label: bool(held) for label, held in checks}
    RESULTS.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print("Doelen:")
    for label, held in checks:
        print(f"  [{'x' if held else ' '}] {label}")


if __name__ == "__main__":
    main()
