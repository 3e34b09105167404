# Two commands from a fresh clone: `make run` and `make test`. Everything else is set up here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup db fixtures lint format check clean cluster cluster-test

# The site and its background worker (feeds, webhooks) together; Ctrl-C stops both.
run: db
	@$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) manage.py check
	$(PY) -m pytest $(PYTEST_ARGS)

# Two gunicorn servers (ports CLUSTER_PORTS), the worker and a private Redis (port 6380, or
# REDIS_URL's) on PostgreSQL (CLUSTER_DATABASE_URL); README "Several app servers".
CLUSTER_PORTS ?= 8001,8002
CLUSTER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_cluster
cluster: setup
	$(PY) ops/cluster.py --ports $(CLUSTER_PORTS) --database-url $(CLUSTER_DATABASE_URL)

# The multi-server tests (tests/cluster/): skipped, saying why, without PostgreSQL, Redis or
# gunicorn; CI sets CLUSTER_TESTS=1 so that a missing one fails instead. They drop and
# recreate their own database, CLUSTER_TEST_DATABASE_URL (newsroom_cluster_test).
CLUSTER_TESTS ?= auto
cluster-test: setup
	CLUSTER_TESTS=$(CLUSTER_TESTS) $(PY) -m pytest tests/cluster $(PYTEST_ARGS)

setup: $(STAMP) node_modules/.installed

# axe-core for the accessibility checks in the browser tests; they skip, saying so, without npm.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the accessibility (axe-core) browser checks will be skipped"; \
	fi

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

db: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_seeds
	$(PY) manage.py ensure_editor --host $(HOST) --port $(PORT)
	$(PY) manage.py ingest_feeds --schedule

# Built in a throwaway database, so the fixture never depends on local data.
FIXTURE_DB := $(CURDIR)/var/fixture-build.sqlite3
fixtures: setup
	rm -f $(FIXTURE_DB)*
	DATABASE_URL=sqlite:///$(FIXTURE_DB) $(PY) manage.py migrate -v0
	DATABASE_URL=sqlite:///$(FIXTURE_DB) $(PY) manage.py export_seed_fixture
	rm -f $(FIXTURE_DB)*

lint: setup
	$(VENV)/bin/lint-imports
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache node_modules
