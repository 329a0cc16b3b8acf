# Arrangeer: `make run` to start, `make test` to check everything. Nothing else is needed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/arrangeer
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint typecheck checks test-sqlite test-postgres bench install demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Installs only when the pinned requirements changed since the last install.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)
	@$(PY) manage.py translations compile >/dev/null

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py demo_accounts
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

checks: install
	DJANGO_SETTINGS_MODULE=arrangeer.conf.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=arrangeer.conf.test $(PY) manage.py translations check
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=arrangeer.example.nl \
	  DJANGO_SETTINGS_MODULE=arrangeer.conf.production $(PY) manage.py check --deploy --fail-level WARNING

test-sqlite: install
	DATABASE_URL= $(BIN)/pytest

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
	DATABASE_URL="$$url" $(BIN)/pytest

test: lint typecheck checks test-sqlite test-postgres

bench: install
	$(PY) bench/run.py

demo: install
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
