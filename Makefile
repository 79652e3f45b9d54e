# The commands people type. `make run` and `make test` work from nothing on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGUE := alliance_maturity/locale/en_GB/LC_MESSAGES/django

.PHONY: run serve test lint format bench check-migrations browser-deps gettext-deps clean loadtest messages

$(BIN)/python:
	$(shell command -v $(PYTHON) || command -v python3) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# --- Environments: the settings fail closed (DEBUG off, SECRET_KEY required); each target sets its own.
# The local demo's .env (ignored by git), written once, so that the README's `manage.py` commands
# also work after `make run`. Production never runs this: it sets its variables itself.
.env:
	printf '# Written by `make run` for the local demo. Never on a server.\nDEBUG=on\n' > .env

run: export DEBUG = on
test: export DJANGO_SETTINGS_MODULE = alliance_maturity.test_settings
# Production's DEBUG off for the timings, with a key made up for this command alone.
bench: export DEBUG = off
bench: export SECRET_KEY = bench-only-throwaway-key-signs-nothing-that-outlives-the-run
# --- end of environments

## Set up (first time), migrate, load criteria and demo data, serve on http://127.0.0.1:8000 with the task worker
run: $(STAMP) .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(HONCHO) -f Procfile.dev

# --- Serving: honcho runs a Procfile's web server and task worker side by side ---
HONCHO = PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start
PORT ?= 8000

## The production server on this machine: gunicorn and the task worker (Procfile), DEBUG off, on
## http://127.0.0.1:$(PORT); needs SECRET_KEY (and the README's production variables)
serve: export DEBUG = off
# Plain HTTP on this machine: no HTTPS redirect, no secure-only cookies, no HSTS (HTTPS=on sets them).
serve: export HTTPS ?= off
serve: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(HONCHO) -f Procfile --port $(PORT)

## Install what the tests need, then run the whole suite (unit, view and browser tests)
# tests/test_translations.py runs makemessages (it must warn of nothing) and compiles a pseudo-locale.
test: $(STAMP) browser-deps gettext-deps
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## Remake the British English catalogue (alliance_maturity/locale) after marking sentences: the source language, so each
## sentence is given back unchanged, found at the first lookup (tests/test_translations.py checks it is current)
messages: $(STAMP) gettext-deps
	rm -f $(CATALOGUE).po  # made afresh: merging into the old one would mark near matches fuzzy, and leave them out
	DEBUG=on $(BIN)/python manage.py makemessages -l en_GB --no-obsolete --no-location \
		-i "staticfiles/*" -i "test-artifacts/*" -i "tests/*" -i "docs/*"
	msgen -o $(CATALOGUE).po $(CATALOGUE).po
	msgfmt --check -o $(CATALOGUE).mo $(CATALOGUE).po

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
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py bench_questionnaire
	$(BIN)/python manage.py bench_dashboard
	$(BIN)/python manage.py bench_admin
	$(BIN)/python manage.py bench_actions

## Load test: 50 respondents autosaving (submits mixed in) for 60 s against gunicorn on 127.0.0.1:8103,
## on the configured database (DATABASE_URL, else the SQLite file); then every acknowledged answer is checked
RESPONDENTS ?= 50
SECONDS ?= 60
loadtest: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py loadtest --respondents $(RESPONDENTS) --seconds $(SECONDS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
