# Amtsnetz: `make run` sets everything up and serves on http://127.0.0.1:5000; `make test` tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/amtsnetz_test

.PHONY: run install translations test lint format test-postgres test-browser test-scale soak bench bench-search bench-exports lighthouse \
        extract-messages update-messages backup clean css fonts static node-tools

## install: create the virtual environment and install the app with its dev tools
install: $(VENV)/.installed translations

$(VENV)/.installed: pyproject.toml
	@# PyICU (confusable display names) builds from source against the system's ICU.
	@pkg-config --exists icu-uc 2>/dev/null || { \
	  echo "ICU's development files were not found (pkg-config --exists icu-uc failed)." >&2; \
	  echo "Install them first: sudo apt-get install libicu-dev pkg-config" >&2; \
	  exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## translations: compile the German and English message catalogues
translations: $(VENV)/.installed
	@$(BIN)/pybabel compile -d kb/translations 2>&1 | grep -v '^compiling catalog' || true

# The development server restarts when a static file changes: the app builds the hashed
# copies when it starts (kb/assets.py).
STATIC_FILES = $(shell find static -type f | paste -sd:)

## run: install, migrate, load the demo content and serve on http://$(HOST):$(PORT)
run: install
	KB_ENV=development $(FLASK) init-secret
	KB_ENV=development $(FLASK) db upgrade
	KB_ENV=development $(FLASK) demo
	KB_ENV=development KB_BASE_URL=$${KB_BASE_URL:-http://$(HOST):$(PORT)} $(FLASK) run --host $(HOST) --port $(PORT) --extra-files '$(STATIC_FILES)'

## static: write the hashed and compressed static files (build/static, or KB_STATIC_BUILD_DIR)
## for a proxy to serve; the app does the same whenever it starts
static: install
	$(FLASK) build-static

## node-tools: the pinned npm packages (package-lock.json): KERN's sources, PurgeCSS, the Nu checker,
## Lighthouse
node-tools: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

## css: reduce KERN's stylesheet to the rules the templates use (static/vendor/kern-ux-*/kern.used.css,
## committed; run after using a KERN class no template used before)
css: node-tools
	node tools/purge-kern.mjs

## fonts: subset the Fira Sans weights we use to Latin as woff2 (static/vendor/kern-ux-*/fonts, committed)
fonts: install node-tools
	$(BIN)/python tools/subset_fonts.py

# The suite on every core (pytest-xdist), a test file per worker: a module's shared set-up
# stays on one worker.
PYTEST_PARALLEL ?= -n auto --dist loadfile

## test: ruff (lint and format check), then the test suite on SQLite
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_PARALLEL)

## test-postgres: the same suite on PostgreSQL (creates and drops its own database)
test-postgres: install
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest $(PYTEST_PARALLEL)

## test-scale: two gunicorn instances on one PostgreSQL database (its own, created and dropped)
## and one Redis (db 9, flushed): sessions, rate limits and the page cache across both
## (tests/scale; not part of make test)
SCALE_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
SCALE_REDIS_URL ?= redis://127.0.0.1:6379/9
test-scale: install
	SCALE_DATABASE_URL=$(SCALE_DATABASE_URL) SCALE_REDIS_URL=$(SCALE_REDIS_URL) $(BIN)/pytest tests/scale

## soak: locust's mixed journeys against two instances on PostgreSQL + Redis and one on SQLite,
## 600 s each, then every successful write checked in the database (tests/bench/soak.py;
## SOAK_ARGS="--duration 60 --restart", for example)
SOAK_ARGS ?=
soak: install
	@$(BIN)/python -c 'import locust' 2>/dev/null || $(BIN)/pip install --quiet -e '.[dev,bench]'
	SOAK_PG_URL=$(SCALE_DATABASE_URL) SOAK_REDIS_URL=$(SCALE_REDIS_URL) $(BIN)/python tests/bench/soak.py $(SOAK_ARGS)

## test-browser: Playwright + Chromium: axe, Nu HTML checker, third-party requests, journeys
test-browser: install
	.ci/install-browser-deps
	$(BIN)/pytest tests/browser

## bench: gunicorn (2 workers) + wrk against the app and a Flask hello-world; Markdown timings;
## the search at 10,000 and 100,000 entries on SQLite and PostgreSQL; the open-data exports at
## 10,000 and 50,000 authorities against a static file of the same size; Lighthouse (mobile)
bench: install node-tools
	$(BIN)/python tests/bench/run.py
	$(BIN)/python tests/bench/markdown.py
	$(BIN)/python tests/bench/search.py
	$(BIN)/python tests/bench/exports.py
	$(BIN)/python tests/bench/lighthouse.py

## lighthouse: Lighthouse (mobile preset, simulated throttling) on /, /articles/, /events/ and an
## entry, offline against gunicorn on 127.0.0.1, 3 runs each: median score, FCP, LCP, TBT, CLS
## (tests/bench/lighthouse.py; needs Debian's chromium)
lighthouse: install node-tools
	$(BIN)/python tests/bench/lighthouse.py

## bench-exports: p50/p95 of the open-data exports against a static file (tests/bench/exports.py)
bench-exports: install
	$(BIN)/python tests/bench/exports.py

## bench-search: indexing time and p50/p95 of searches through gunicorn (tests/bench/search.py)
bench-search: install
	$(BIN)/python tests/bench/search.py

## lint: ruff, the import contracts between core and features, and the types
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## format: ruff (fixes what it can)
format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## extract-messages / update-messages: refresh the catalogues after changing strings
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -o kb/translations/messages.pot --no-location --sort-output --project Amtsnetz .
update-messages: extract-messages
	$(BIN)/pybabel update -i kb/translations/messages.pot -d kb/translations --no-fuzzy-matching --no-wrap --ignore-obsolete
	$(BIN)/python kb/translations/fill_english.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info build/static build/static.tmp
	find kb -name '*.mo' -delete
