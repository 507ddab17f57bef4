"""Benchmark of the site-wide search on PostgreSQL (part of `make bench`, not a test).

Creates its own PostgreSQL database (BENCH_DATABASE_URL, by default `lekp_zoek_bench` on the
local server; dropped and made anew, so never point it at a database you want to keep), fills it
with 20,000 generated offers (bench/generators/offers.py: variations on the seed offers) plus
the real seed, and Leuven's real policy plan (fixtures/bestuursnota-leuven-2019-2024.txt, 1,312
actions) imported for 20 municipalities: 26,240 real action texts, indexed by the plan importer
as any import is. Then it measures, over 36 realistic queries:

- the server time of the search itself (zoeken.results.search: parse, two SQL queries, snippets);
- the server time of the whole page /zoeken/?q=… through Django's test client;
- the number of SQL queries of each page, which must not depend on the number of hits.

and prints p50 and p95. Without a reachable PostgreSQL it says so and stops.

Run: .venv/bin/python bench/search_bench.py [--offers 20000] [--plans 20] [--rounds 5]
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import django
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lekp_zoek_bench")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lekp_portal.settings")
os.environ["DEBUG"] = "true"
# The page figures are the cost of rendering a search, not of reading it back from the page cache.
os.environ["PAGE_CACHE_ENABLED"] = "false"
warnings.filterwarnings("ignore", message="No directory at")

LEUVEN_PLAN = ROOT / "fixtures" / "bestuursnota-leuven-2019-2024.txt"
QUERIES = [
    "laadpalen", "deelauto", "regenwater", "bomen", "Kortessem", "circulair", "renovaties",
    "ontharden", "zonnepanelen", "gevelgroen", "PV", "subsidie", "groepsaankoop", "warmtenet",
    "energiegemeenschap", "klimaattafel", "fietspad", "isolatie", "hemelwater", "participatie",
    "Leuven", "Hasselt", "Provincie Limburg", "raamovereenkomst", "droogte", "mobipunt",
    "geveltuinen", "energiehuis", "warmteplan", "scholen", "gedeelde mobiliteit", "renovatie begeleiding",
    "bomen planten subsidie", "laadpunten publieke parking", "klimaatbomn", "onthardingsstrategie",
]  # fmt: skip


def recreate_database():
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    try:
        admin = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
        )
    except psycopg2.OperationalError as error:
        print(f"Zoek-benchmark overgeslagen: PostgreSQL niet bereikbaar ({str(error).strip()}).")
        return False
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return True


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=20_000, help="aantal gegenereerde aanbiedingen")
    parser.add_argument("--plans", type=int, default=20, help="aantal gemeenten met het plan van Leuven")
    parser.add_argument("--rounds", type=int, default=5, help="hoe vaak elke zoekterm gemeten wordt")
    args = parser.parse_args()
    if not recreate_database():
        return
    django.setup()

    # Imported after django.setup(): the project's modules need its settings.
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from generators.offers import WORDS, generate

    from gemeenten.models import Municipality
    from plannen.importer import import_plan_bytes
    from zoeken import results
    from zoeken.models import Entry
    from zoeken.registry import reindex

    settings.DEBUG = False
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    generate(args.offers)
    call_command("load_seed", stdout=StringIO())  # the real texts next to the generated ones
    reindex()  # bulk_create skipped save(), as any bulk import would
    plan = LEUVEN_PLAN.read_bytes()
    for municipality in Municipality.objects.order_by("nis_code")[: args.plans]:
        import_plan_bytes(
            plan, municipality, title="Bestuursnota 2019-2024", period="2019-2024", source="bench: plan van Leuven"
        )
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: fresh statistics for the planner.
        cursor.execute("VACUUM ANALYZE")
    rows = Entry.objects.count()
    actions = Entry.objects.filter(kind="acties").count()
    print(
        f"Zoek-benchmark (PostgreSQL): {args.offers} aanbiedingen + seed + {actions} acties "
        f"({args.plans} × het plan van Leuven) = {rows} "
        f"zoekregels, aangemaakt in {time.perf_counter() - started:.1f} s; {len(set(WORDS))} verschillende woorden"
    )

    client = Client(SERVER_NAME="127.0.0.1")
    for query in QUERIES:  # warm up: stems, the synonym file, PostgreSQL's caches
        results.search(query, 5)
        client.get(f"/zoeken/?{urlencode({'q': query})}")
    search_ms, page_ms, query_counts, hits = [], [], set(), {}
    for _round in range(args.rounds):
        for query in QUERIES:
            begin = time.perf_counter()
            outcome = results.search(query, 5)
            search_ms.append((time.perf_counter() - begin) * 1000)
            hits[query] = outcome.total
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                response = client.get(f"/zoeken/?{urlencode({'q': query})}")
                page_ms.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, query
            query_counts.add(len(captured))
    spread = f"{min(hits.values())} tot {max(hits.values())}"
    print(f"{len(QUERIES)} zoektermen × {args.rounds} rondes; hits per zoekterm van {spread}")
    print(f"{'':<28}{'p50 (ms)':>10}{'p95 (ms)':>10}{'max (ms)':>10}")
    for label, values in (("zoekfunctie (search)", search_ms), ("hele pagina /zoeken/", page_ms)):
        print(f"{label:<28}{percentile(values, 0.5):>10.1f}{percentile(values, 0.95):>10.1f}{max(values):>10.1f}")
    print(f"SQL-queries per pagina: {sorted(query_counts)} (vast, hoeveel hits er ook zijn)")
    slowest = sorted(QUERIES, key=lambda q: -statistics.median(search_ms[QUERIES.index(q) :: len(QUERIES)]))[:3]
    print("traagste zoektermen: " + ", ".join(f"{q} ({hits[q]} hits)" for q in slowest))
    connection.close()


if __name__ == "__main__":
    main()
