# Two commands for a fresh Debian machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test install install-dev browser-deps bench-deps lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# pyproject.toml declares no packages: pip only installs the pinned dependencies, and the
# code runs from this checkout. A non-editable install avoids setuptools' editable warning.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	touch $@

$(DEV_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP) $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) manage.py import_plan --gemeente 24062 fixtures/bestuursnota-leuven-2019-2024.txt \
		--titel "Bestuursnota 2019-2024" --periode 2019-2024 \
		--bron "Stad Leuven, Bestuursnota 2019-2024 (fixtures/bestuursnota-leuven-2019-2024.txt)" \
		--werven fixtures/plan-leuven-werven.toml
	$(PY) manage.py setup_roles
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py runserver 127.0.0.1:8000

# The browser and checker tests need Debian's chromium and the npm packages axe-core and
# vnu-jar; install them here so a newcomer and CI run the same suite.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			(apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium) >/dev/null; \
		else echo "Let op: /usr/bin/chromium ontbreekt; de browsertests worden overgeslagen."; fi; \
	fi
	@if ! command -v java >/dev/null && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless) >/dev/null; \
	fi
	@if [ -f package-lock.json ] && [ ! -d node_modules ]; then npm ci --no-audit --no-fund --silent; fi

test: install-dev browser-deps
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# `make bench` drives gunicorn with Debian's wrk (an HTTP load generator), installed here like chromium above.
bench-deps:
	@if ! command -v wrk >/dev/null; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			(apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk) >/dev/null; \
		else echo "wrk ontbreekt: installeer het (Debian: apt-get install wrk)."; exit 1; fi; \
	fi

# Not a test and never in CI: the pages under gunicorn on PostgreSQL (PORTAL_BENCH_DATABASE_URL),
# load, fuzzing and the exports (bench/server_bench.py, which also runs bench/export_bench.py),
# then the search on its own database (bench/search_bench.py). About 20 minutes (5 of them fuzzing).
bench: install-dev bench-deps
	$(PY) bench/server_bench.py
	$(PY) bench/search_bench.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
