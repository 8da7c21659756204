# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test lint format migrations lock bench bench-pages bench-webhooks bench-search clean

help:
	@echo "make run    serve the demo site at http://$(HOST):$(PORT), with a task worker and demo payments (SQLite unless DATABASE_URL is set)"
	@echo "make test   run the whole test suite on PostgreSQL, browser tests included"
	@echo "make lint   ruff check and format check"
	@echo "make bench  print requests/s for reader pages: nginx, the Python floor, the edge, the page cache, rendering"
	@echo "make bench-pages  print page timings and query counts over a seeded database, in-process"
	@echo "make bench-webhooks  print Stripe webhook events per second, with duplicates"
	@echo "make bench-search  print search timings over 1,000 and 100,000 seeded articles"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Newsroom needs Python 3.11 or newer.")'
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { echo "Newsroom needs Python's venv module with pip: apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs are stamped inside the venv, so they rerun when a lock file changes.
$(VENV)/.installed-run: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@touch $@ $(VENV)/.installed-run

# One task worker runs beside the development server, in a session of its own so that it and its
# code reloader stop together: when the server stops (Ctrl-C), the worker is sent SIGTERM, ends
# the task in hand, and `make run` returns once it has. So does the demo payment server
# (`manage.py demo_payments`, at STRIPE_DEMO_PORT, default PORT+1), which serves only while no
# STRIPE_SECRET_KEY is set (STRIPE_DEMO=false leaves giving off instead). demo_ready prints the
# addresses and the demo editor's sign-in once both servers answer: after everything else.
run: export DEBUG ?= true
run: export STRIPE_DEMO ?= true
run: export HOST := $(HOST)
run: export PORT := $(PORT)
run: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py make_renditions
	setsid $(BIN)/python manage.py worker & worker=$$!; \
	setsid $(BIN)/python manage.py demo_payments & payments=$$!; \
	$(BIN)/python manage.py demo_ready & ready=$$!; \
	trap 'kill -TERM -$$worker -$$payments $$ready 2>/dev/null; wait $$worker $$payments $$ready 2>/dev/null; trap - EXIT' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

migrations: export DEBUG ?= true
migrations: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

# Rebuild the lock files from pyproject.toml (needs the dev install for pip-compile).
lock: $(VENV)/.installed-dev
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

# Needs Debian's nginx, wrk, varnish and redis-server (apt-get install nginx-light wrk varnish
# redis-server); it says so and stops when one is missing.
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/serving.py $(BENCH_ARGS)

bench-pages: $(VENV)/.installed-dev
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

bench-webhooks: $(VENV)/.installed-dev
	$(BIN)/python bench/webhooks.py $(BENCH_ARGS)

bench-search: $(VENV)/.installed-dev
	$(BIN)/python bench/search.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles
