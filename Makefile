# The commands people type. `make run` and `make test` work from nothing on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench check-migrations browser-deps gettext-deps clean

$(BIN)/python:
	$(shell command -v $(PYTHON) || command -v python3) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## Set up (first time), migrate, load criteria and demo data, serve on http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## Install what the tests need, then run the whole suite (unit, view and browser tests)
# tests/test_translations.py runs makemessages (it must warn of nothing) and compiles a pseudo-locale.
test: $(STAMP) browser-deps gettext-deps
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# The browser tests drive Debian's Chromium; install it if it is missing (needs root or sudo).
browser-deps:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# makemessages and the pseudo-locale need GNU gettext (xgettext, msgen, msgfilter, msgfmt); install it if missing.
gettext-deps:
	@command -v msgfilter >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

## Time the pages and count their queries: the questionnaire (about a minute), then the dashboard on
## synthetic portfolios (100, 1,000 and 10,000 alliances; several minutes)
bench: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py bench_questionnaire
	$(BIN)/python manage.py bench_dashboard
	$(BIN)/python manage.py bench_admin

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
