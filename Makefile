# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# wsgi, asgi and the Celery app default to the production settings; the local processes
# started here (worker, beat) run the development ones unless DJANGO_SETTINGS_MODULE is set.
LOCAL_SETTINGS := $(or $(DJANGO_SETTINGS_MODULE),supportcenter.settings.base)
# The links in emails point at the address `make run` serves, unless SITE_URL is set (in
# the environment, on the make command line or in .env, which the settings read).
SITE_URL_IN_DOTENV = $(shell grep -s '^ *\(export \)\{0,1\}SITE_URL=' .env)
RUN_SITE_URL = $(if $(or $(SITE_URL),$(SITE_URL_IN_DOTENV)),,SITE_URL=http://$(HOST):$(PORT))
# The suite runs against PostgreSQL; override to point elsewhere.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/supportcenter)
# Test processes (pytest-xdist): tests that use a shared server (Redis, Dovecot, a Celery
# worker, a browser, subprocesses) all run in one of them (conftest.py); 0: one process.
TEST_WORKERS ?= 2

.PHONY: help setup run test test-fast lint import-cycles format messages worker beat e2e bench bench-api clean

help:
	@echo "make run    set up and serve the portal with demo data on http://$(HOST):$(PORT)"
	@echo "make test   set up and run the whole test suite against PostgreSQL"
	@echo "make test-fast   the same, keeping the test database between runs (--reuse-db)"
	@echo "make e2e    only the browser journeys (Chromium), screenshots in screenshots/"
	@echo "make lint   ruff lint + format check, migrations complete, no import cycle in cases/"
	@echo "make worker / make beat   Celery worker / scheduler (needs CELERY_BROKER_URL)"
	@echo "make bench  1M-case dataset + load test, writes docs/benchmarks.md (see README)"

# --- setup: quick when nothing changed (stamp files) -------------------------------
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed

# --- run ------------------------------------------------------------------------
run: setup
	$(MANAGE) migrate --noinput
	$(RUN_SITE_URL) $(MANAGE) seed_demo
	@$(RUN_SITE_URL) $(MANAGE) inbound_demo_reply --output var/inbound-demo-reply.eml || true
	@echo
	@echo "Centro de soporte: http://$(HOST):$(PORT)/   (admin: http://$(HOST):$(PORT)/admin/)"
	@echo
	$(RUN_SITE_URL) $(MANAGE) runserver $(HOST):$(PORT)

# --- test -----------------------------------------------------------------------
test: setup
	@DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m supportcenter.checks.database || { \
	  echo; \
	  echo "PostgreSQL does not answer at the URL above. Start it, or point the tests"; \
	  echo "elsewhere: make test TEST_DATABASE_URL=postgres://user:password@host:5432/name"; \
	  exit 1; }
	DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m pytest --create-db -n $(TEST_WORKERS) $(PYTEST_ARGS)

# For a developer's loop: the test database is kept between runs (pytest-django's
# --reuse-db); after adding a migration, run `make test` once (or PYTEST_ARGS=--create-db).
test-fast: setup
	DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m pytest --reuse-db -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Only the browser journeys (cases/tests/e2e, customers/tests/e2e, marked e2e); `make test` runs them too.
# Screenshots of each journey land in screenshots/<test name>/ (git-ignored).
e2e:
	$(MAKE) test PYTEST_ARGS="-m e2e $(PYTEST_ARGS)"

lint: setup import-cycles
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL=sqlite:///:memory: $(MANAGE) makemigrations --check --dry-run

# No module of cases/ in an import cycle, counting imports inside functions (grimp).
import-cycles: setup
	$(PY) -m supportcenter.checks.import_cycles cases

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract the English source strings and compile the Spanish catalogue (needs gettext).
messages: setup
	$(MANAGE) makemessages --locale=es --ignore=.venv --ignore=node_modules --no-obsolete --no-location
	$(MANAGE) compilemessages --locale=es --ignore=.venv --ignore=node_modules

# --- Celery (against CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0) ------------
worker: setup
	DJANGO_SETTINGS_MODULE=$(LOCAL_SETTINGS) $(VENV)/bin/celery -A supportcenter worker --loglevel=INFO --concurrency=2

beat: setup
	DJANGO_SETTINGS_MODULE=$(LOCAL_SETTINGS) $(VENV)/bin/celery -A supportcenter beat --loglevel=INFO --schedule=var/celerybeat-schedule

# --- bench: the portal at a million cases (README "Benchmarks"; never run in CI) ----
$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-bench.txt
	@touch $@

# No npm step: the bench fetches pages, not their CSS (see supportcenter/settings/bench.py).
bench: $(VENV)/.installed $(VENV)/.bench-installed
	$(PY) -m bench.run

# The API's capacity: new buyer questions a second, and the CPU each costs (needs wrk).
bench-api: $(VENV)/.installed $(VENV)/.bench-installed
	$(PY) -m bench.api_capacity

clean:
	rm -rf $(VENV) node_modules staticfiles var screenshots .pytest_cache .ruff_cache
