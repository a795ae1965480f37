# Summit Desk — `make run` to set up and serve the demo, `make test` to run every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run worker serve migrate seed test lint format bench bench-quotes bench-browse bench-annotate bench-annotations bench-compare bench-load bench-scale bench-attribution bench-cleaning mutation clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Summit Desk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py ingest fixtures/seeds

# The web server and a Celery worker, started and stopped together (Ctrl-C ends both).
# Without CELERY_BROKER_URL the worker's queue is the folder .queue/ (see README).
WORKER := $(BIN)/celery -A summit worker --pool=solo --loglevel=warning \
	--without-heartbeat --without-gossip --without-mingle

run: seed
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@umask 077; $(BIN)/python manage.py create_demo_users --host http://$(HOST):$(PORT) > .demo-logins
	@echo "Starting the background worker and the web server (Ctrl-C stops both);"
	@echo "the demo logins follow once the server answers."
	$(WORKER) & worker=$$!; \
	$(BIN)/python bin/announce_logins.py http://$(HOST):$(PORT) .demo-logins & \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: migrate
	$(WORKER)

# The production profile: gunicorn (WEB_CONCURRENCY workers) and a Celery worker, together
# in the foreground. Needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis); creates
# no users and ingests nothing. The containers (compose.yaml) run the same bin/serve.
serve: install
	PATH="$(abspath $(BIN)):$$PATH" HOST=$(HOST) PORT=$(PORT) sh bin/serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	@sh bin/ensure-chromium
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest

$(VENV)/.bench-stamp: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	@touch $@

bench-quotes: $(VENV)/.bench-stamp
	$(BIN)/python benchmarks/bench_quotes.py

# Attribution on PolNeAR (a clone of networkdynamics/PolNeAR, kept outside this repository).
bench-attribution: $(VENV)/.bench-stamp
	$(BIN)/python benchmarks/bench_attribution.py --polnear "$(POLNEAR)"

# Body extraction on dev datasets kept outside this repository (CLEANING_DATA=<folder> holding
# a clone of mozilla/readability at readability/), beside bare trafilatura; outside CI.
bench-cleaning: install
	$(BIN)/python benchmarks/bench_cleaning.py --data "$(CLEANING_DATA)" $(CLEANING_ARGS)

bench-browse: install
	$(BIN)/python benchmarks/bench_browse.py

bench-annotate: install
	$(BIN)/python benchmarks/bench_annotate.py

bench-annotations: install
	$(BIN)/python benchmarks/bench_annotations.py

bench-compare: install
	$(BIN)/python benchmarks/bench_compare.py

# Against a server that is already running (make run in another terminal), same database.
bench-load: install
	$(BIN)/python benchmarks/bench_load.py $(LOAD_ARGS)

# One ingest shared by Celery workers (1 vs 2, 500 vs 2,000 articles); needs Redis running.
# BENCH_DATABASE_URL=postgres://… measures on PostgreSQL (a database it may empty).
bench-scale: install
	$(BIN)/python benchmarks/bench_scale.py

bench: bench-quotes bench-browse bench-annotate bench-compare

$(VENV)/.mutation-stamp: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,mutation]"
	@touch $@

# Mutation testing (outside CI): kill rate per module of the logic listed in bin/mutation.py.
# MODULE=anchoring runs one; BUDGET=seconds per module (default 900).
mutation: $(VENV)/.mutation-stamp
	$(BIN)/python bin/mutation.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .queue .mutation
