# Agency Script — common tasks. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast test-browser test-live fuzz lint format load-data install check clean bench bench-scale bench-peer lighthouse

$(STAMP): requirements.txt tests/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r tests/requirements.txt
	touch $(STAMP)

install: $(STAMP)

## Set everything up, load demo content, serve http://127.0.0.1:8000 and run the background worker (safe to run again).
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_data
	$(MANAGE) ensure_admin
	$(MANAGE) run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

load-data: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_data

## Set everything up and run the whole suite (uses DATABASE_URL when set).
test: install
	.ci/ensure-chromium
	DJANGO_SETTINGS_MODULE=agencyscript.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=agencyscript.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not browser" -q
	$(BIN)/pytest -m browser -q -p no:randomly

test-fast: install
	$(BIN)/pytest -m "not browser" -q

test-browser: install
	$(BIN)/pytest -m browser -q

## gunicorn with production settings: cache coherence across workers (with and without Redis).
test-live: install
	$(BIN)/pytest -m live -q

## Hostile input (Hypothesis) against gunicorn with production settings: 5,000+ requests, no 5xx (FUZZ_EXAMPLES=n for more).
fuzz: install
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-5000} $(BIN)/pytest tests/live/test_fuzz.py -q -s -p no:randomly

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	DJANGO_SETTINGS_MODULE=agencyscript.settings.production SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=agencyscript.com $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) .data staticfiles test-artifacts

## Benchmark the production stack on PostgreSQL with wrk (SCALE=50000 for a large archive).
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py $(if $(SCALE),--scale $(SCALE),)

## A plain Wagtail news site (project template + tutorial news pages) with the same articles (run `make bench` first).
bench-peer: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/peer.py

## Lighthouse 12 (mobile) on home, blog index, article, a tier page and a verify result.
lighthouse: install
	.ci/ensure-chromium
	$(BIN)/python bench/lighthouse.py

## Render times with demo content against a 50,000-article archive (run `make bench SCALE=50000` first).
bench-scale: install
	$(BIN)/python bench/scale.py --demo-url postgres://postgres@127.0.0.1:5432/agencyscript_bench --scale-url postgres://postgres@127.0.0.1:5432/agencyscript_scale
