# Careers: `make run` serves the site, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: help install run test audit lint format bench clean

help:
	@echo "make run     install, migrate, load seed content and serve on 127.0.0.1:\$$PORT (default 8000)"
	@echo "make test    install and run every test"
	@echo "make audit   Lighthouse scores for the start, search and profile pages (a report)"
	@echo "make lint    ruff check and format check, the import layers, and missing migrations"
	@echo "make bench   the site at 10,000 profiles under load: a table, kept in docs/performance.md"
	@echo "make format  format the code with ruff"

# A virtual environment on Python 3.12 or newer, reinstalled when the dependencies change.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/dist/.built: node_modules/.installed $(wildcard frontend/*)
	node frontend/build.mjs
	@touch $@

.env:
	@$(PY) scripts/make-env.py .env.example .env

install: $(VENV)/.installed static/dist/.built .env

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT)

test: install
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(VENV)/bin/pytest -rs

# A report, not a test: Lighthouse on pages served as `make run` serves them (docs/quality.md).
audit: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(PY) scripts/audit.py

# A report, not a test: gunicorn serving 10,000 synthetic profiles from a database of its own,
# driven by wrk (installed from Debian's packages when missing and we may) for a few seconds a
# page; see scripts/bench.py.
bench: install
	@command -v wrk >/dev/null || scripts/install-wrk
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(PY) scripts/bench.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
