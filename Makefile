# Arrangeer: `make run` to start, `make test` to check everything. Nothing else is needed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/arrangeer
# `make run PORT=8080`: the server, the printed accounts and the links in mail follow it.
PORT ?= 8000
# The suite runs on this many processes (pytest-xdist); how tests are shared out between them:
# src/arrangeer/conftest.py (pytest_xdist_make_scheduler).
TEST_WORKERS ?= 2
# --durations: the slowest tests of each pass are printed, to keep the suite fast.
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist load --durations=15
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint typecheck checks test-sqlite test-postgres bench bench-load fuzz install demo clean

$(PY):
	@echo "Creating the virtual environment in $(VENV)…"
	@$(PYTHON) -m venv $(VENV)

# Installs only when the pinned requirements changed since the last install.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml | $(PY)
	@echo "Installing the pinned Python packages (the first time takes a minute or two)…"
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

# The W3C Nu HTML Checker for the page tests (tools/html-check: npm, pinned by its lockfile;
# Java runs it). Without npm the HTML test is skipped, except with CI=true.
HTML_CHECKER := tools/html-check/node_modules/vnu-jar/build/dist/vnu.jar
$(HTML_CHECKER): tools/html-check/package.json tools/html-check/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "Installing the HTML checker for the tests…"; \
	  npm ci --prefix tools/html-check --ignore-scripts --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the HTML checker is not installed (its test will be skipped)."; fi

# The test OpenID Connect provider (tools/oidc-provider: npm oidc-provider, pinned by its
# lockfile; Node runs it): the "DigiD (testomgeving)" and organisation account of the tests and
# the demo. Without npm its tests are skipped, except with CI=true.
OIDC_PROVIDER := tools/oidc-provider/node_modules/oidc-provider/package.json
$(OIDC_PROVIDER): tools/oidc-provider/package.json tools/oidc-provider/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "Installing the test OpenID Connect provider…"; \
	  npm ci --prefix tools/oidc-provider --ignore-scripts --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the test OpenID Connect provider is not installed (its tests will be skipped)."; fi

install: $(STAMP) $(HTML_CHECKER) $(OIDC_PROVIDER)
	@$(PY) manage.py translations compile >/dev/null

# `make run` needs the Python packages (the HTML checker is for the tests); with Node, the test
# OpenID Connect provider runs beside the site as the demo's "DigiD (testomgeving)" and
# organisation account (ports OIDC_DIGID_PORT and OIDC_ORGANISATION_PORT).
OIDC_DIGID_PORT ?= 8010
OIDC_ORGANISATION_PORT ?= 8011
run: $(STAMP) $(OIDC_PROVIDER)
	@$(PY) manage.py translations compile >/dev/null
	@mkdir -p var
	@echo "Preparing the database…"
	@$(PY) manage.py migrate --noinput -v 0
	@PORT=$(PORT) $(PY) manage.py seed_demo --if-empty
	@PORT=$(PORT) $(PY) manage.py demo_accounts
	@if [ -f $(OIDC_PROVIDER) ] && command -v node >/dev/null 2>&1; then \
	  node tools/oidc-provider/server.mjs --digid-port $(OIDC_DIGID_PORT) \
	    --organisation-port $(OIDC_ORGANISATION_PORT) >var/oidc-provider.log 2>&1 & \
	  provider=$$!; trap "kill $$provider 2>/dev/null" EXIT; \
	  echo "Test DigiD and organisation account (not real ones): http://127.0.0.1:$(OIDC_DIGID_PORT) and http://127.0.0.1:$(OIDC_ORGANISATION_PORT)"; \
	  ARRANGEER_DIGID_ISSUER=http://127.0.0.1:$(OIDC_DIGID_PORT) ARRANGEER_DIGID_CLIENT_ID=arrangeer \
	  ARRANGEER_DIGID_CLIENT_SECRET=arrangeer-test-geheim ARRANGEER_DIGID_TEST=true \
	  PORT=$(PORT) $(PY) manage.py serve 127.0.0.1:$(PORT) --skip-checks; \
	else PORT=$(PORT) $(PY) manage.py serve 127.0.0.1:$(PORT) --skip-checks; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache  # the layers and public modules of docs/architecture.md

typecheck: install
	$(BIN)/mypy

checks: install
	DJANGO_SETTINGS_MODULE=arrangeer.conf.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=arrangeer.conf.test $(PY) manage.py translations check
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=arrangeer.example.nl \
	  DJANGO_SETTINGS_MODULE=arrangeer.conf.production $(PY) manage.py check --deploy --fail-level WARNING

# `make test` runs both passes; a test needed once (the browser walks; the matrix, Schemathesis
# and the stateful test) runs in the pass it is marked for (src/arrangeer/testing/passes.py).
# Run alone, each pass runs every test.
test-sqlite: install
	@passes="$${ARRANGEER_TEST_PASSES:-sqlite}"; \
	if [ "$$passes" != sqlite ] && [ "$${CI:-}" != true ] && [[ "$${DATABASE_URL:-}" != postgres* ]] \
	  && ! $(PY) bin/pg_available.py "$(PG_URL)"; then passes=sqlite; fi; \
	echo "SQLite pass (passes: $$passes)"; \
	ARRANGEER_TEST_PASSES="$$passes" DATABASE_URL= $(PYTEST)

# PostgreSQL is the production database. It runs when DATABASE_URL points at it or a server
# answers at 127.0.0.1:5432; with CI=true its absence is an error, not a skip.
test-postgres: install
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ] || [[ "$$url" != postgres* ]]; then \
	  if $(PY) bin/pg_available.py "$(PG_URL)"; then url="$(PG_URL)"; \
	  elif [ "$${CI:-}" = "true" ]; then echo "PostgreSQL is required with CI=true but does not answer at 127.0.0.1:5432." >&2; exit 1; \
	  else echo "PostgreSQL not found: skipping the PostgreSQL pass (set DATABASE_URL to run it)."; exit 0; fi; \
	fi; \
	echo "PostgreSQL pass on $${url%%@*}@…"; \
	ARRANGEER_TEST_PASSES="$${ARRANGEER_TEST_PASSES:-postgres}" DATABASE_URL="$$url" $(PYTEST)

test: export ARRANGEER_TEST_PASSES = sqlite postgres
test: lint typecheck checks test-sqlite test-postgres

bench: install
	$(PY) bench/run.py

# Under load, not part of `make test`: gunicorn (LOAD_WORKERS workers of LOAD_THREADS threads; 1
# thread = sync workers) on PostgreSQL (DATABASE_URL, or PG_URL's server) and locust people with
# LOAD_THINK seconds of think time on loopback (0: a saturation run); prints p50/p95/p99,
# throughput, errors and the targets as PASS/FAIL. Exits 1 when a request failed, and with
# LOAD_STRICT=1 also when a target is missed (docs/performance.md).
LOAD_CASES ?= 1000
LOAD_USERS ?= 50
LOAD_TIME ?= 60s
LOAD_WORKERS ?= 2
LOAD_THREADS ?= 1
LOAD_THINK ?= 5-15
LOAD_STRICT ?=
bench-load: install
	DATABASE_URL="$${DATABASE_URL:-$(PG_URL)_bench}" $(PY) bench/load.py \
	  --cases $(LOAD_CASES) --users $(LOAD_USERS) --time $(LOAD_TIME) \
	  --workers $(LOAD_WORKERS) --threads $(LOAD_THREADS) --think "$(LOAD_THINK)" \
	  $(if $(filter 1 true yes,$(LOAD_STRICT)),--strict)

# Deeper than `make test`, and not part of it (hours, not minutes): before a release. Schemathesis
# with FUZZ_CASES generated requests per persona against the API, and the stateful access test
# with FUZZ_SEQUENCES random sequences. Prints the counts, and every failure with what
# reproduces it (a curl command; the steps and a @reproduce_failure blob).
FUZZ_CASES ?= 10000
FUZZ_SEQUENCES ?= 1000
fuzz: install
	DATABASE_URL= ARRANGEER_FUZZ_CASES=$(FUZZ_CASES) ARRANGEER_FUZZ_SEQUENCES=$(FUZZ_SEQUENCES) \
	  $(BIN)/pytest -p no:randomly \
	  src/arrangeer/api/tests/test_schemathesis.py src/arrangeer/cases/tests/test_stateful.py

demo: install
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
