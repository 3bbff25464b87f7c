# Two commands set everything up on a fresh machine:
#   make run   creates .venv, installs Tanlu, migrates the embedded database and serves http://127.0.0.1:8000
#   make test  installs what the tests need and runs the whole suite (twice in CI: on SQLite and on PostgreSQL, side by side)
# Other targets are the pieces of these two; CONTRIBUTING.md lists them.

PYTHON ?= $(shell for p in python3 python3.11 python3.12 python3.13; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { command -v $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: run test test-explore install install-test system-packages lint format typecheck pytest pytest-postgres messages docs-cli clean

run: install
	@bash scripts/system-packages
	TANLU_DEBUG=$${TANLU_DEBUG:-true} $(BIN)/tanlu migrate
	TANLU_DEBUG=$${TANLU_DEBUG:-true} $(BIN)/tanlu serve --host $(HOST) --port $(PORT)

# The SQLite and PostgreSQL runs go side by side (each is one process; the machine has two cores): the SQLite run
# prints as it goes, the PostgreSQL run's output follows it from var/test-postgres.log. Both always run to the end,
# so one run shows both; the status is non-zero if either failed.
test: install-test system-packages lint typecheck
	@mkdir -p var; status=0; \
	$(MAKE) --no-print-directory pytest-postgres > var/test-postgres.log 2>&1 & postgres=$$!; \
	$(MAKE) --no-print-directory pytest || status=1; \
	wait $$postgres || status=1; \
	cat var/test-postgres.log; \
	if [ $$status -ne 0 ]; then echo "make test FAILED: see the SQLite and PostgreSQL runs above."; fi; \
	exit $$status

# A longer property-test search with fresh random examples (not part of `make test`); what it finds is kept in
# .hypothesis/ and replayed by the next `make test-explore` until it is fixed.
test-explore: install-test
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest tests/properties $(PYTEST_ARGS)

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Tanlu needs Python 3.11 or newer (python3.11, python3.12 or python3.13 on PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,crosscheck]"
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

system-packages:
	@bash scripts/system-packages --tests

lint: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

format: install-test
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

typecheck: install-test
	$(BIN)/mypy

pytest: install-test
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/python -m pytest --cov=tanlu --cov-report=term:skip-covered --cov-fail-under=90 $(PYTEST_ARGS)

pytest-postgres: install-test
	@if $(BIN)/python scripts/postgres-available "$(POSTGRES_URL)"; then \
		echo "== test suite on PostgreSQL =="; \
		DATABASE_URL="$(POSTGRES_URL)" $(BIN)/python -m pytest $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(POSTGRES_URL): CI must run the suite on it."; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL run (no server at $(POSTGRES_URL); set POSTGRES_URL to use another)."; \
	fi

messages: install-test
	cd src/tanlu/web && ../../../$(BIN)/django-admin makemessages -l zh_Hans --no-location --no-obsolete \
		--ignore 'static/*' --settings tanlu.web.settings
	cd src/tanlu/web && ../../../$(BIN)/django-admin compilemessages --settings tanlu.web.settings

docs-cli: install
	$(BIN)/python scripts/cli-reference > docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
