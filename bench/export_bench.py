"""Benchmark of the offer exports (part of `make bench`, not a test).

Generates 20,000 offers in a throw-away SQLite database, then downloads /aanbod/export.csv,
.xlsx and .json through Django's test client (URL routing, middleware, FilterSet, the real
export code) for a filtered list of 2,000 rows and for all 20,000 rows. For each it prints the
time and the peak of Python memory during the export (tracemalloc), so one can see that memory
does not grow with the number of rows.

Run: .venv/bin/python bench/export_bench.py [--offers 20000] [--json figures.json]
"""

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Django is set up before the project's modules are imported: they need its settings. The
# benchmark owns a fresh database file that disappears afterwards, never the developer's.
WORKDIR = tempfile.TemporaryDirectory(prefix="lekp-export-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lekp_portal.settings")
os.environ["DEBUG"] = "true"
# whitenoise warns once that collectstatic has not run; irrelevant for the exports.
warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from generators.offers import SUPPORTERS, generate  # noqa: E402


def download(client, url):
    """Read the whole response like a browser would, keeping only the byte count."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    return size


def measure(client, url):
    started = time.perf_counter()
    size = download(client, url)
    seconds = time.perf_counter() - started
    # A second run under tracemalloc: tracing slows Python down, so it is not timed.
    tracemalloc.start()
    download(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=20_000, help="aantal gegenereerde aanbiedingen")
    parser.add_argument("--json", help="schrijf de cijfers ook naar dit JSON-bestand (voor bench/server_bench.py)")
    args = parser.parse_args()

    settings.DEBUG = False  # keeps Django from logging every query in memory
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    generate(args.offers)
    print(f"Export-benchmark: {args.offers} aanbiedingen aangemaakt in {time.perf_counter() - started:.1f} s")

    client = Client(SERVER_NAME="127.0.0.1")
    sizes = [("ondersteuner=ondersteuner-0", args.offers // SUPPORTERS), ("", args.offers)]
    print(f"{'formaat':<8}{'rijen':>8}{'tijd (s)':>10}{'piek (MiB)':>12}{'bestand (MiB)':>15}")
    peaks, figures = {}, []
    for export_format in ("csv", "xlsx", "json"):
        for query, rows in sizes:
            url = f"/aanbod/export.{export_format}" + (f"?{query}" if query else "")
            seconds, peak, size = measure(client, url)
            peaks[export_format, rows] = peak
            figures.append({"format": export_format, "rows": rows, "seconds": seconds, "peak_mib": peak / 2**20})
            print(f"{export_format:<8}{rows:>8}{seconds:>10.2f}{peak / 2**20:>12.1f}{size / 2**20:>15.1f}")
    small, large = sizes[0][1], sizes[1][1]
    for export_format in ("csv", "xlsx", "json"):
        ratio = peaks[export_format, large] / peaks[export_format, small]
        print(f"{export_format}: piekgeheugen bij {large} rijen = {ratio:.2f} × dat bij {small} rijen")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    connection.close()
    WORKDIR.cleanup()


if __name__ == "__main__":
    main()
