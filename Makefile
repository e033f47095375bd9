# Kokybė — the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Extra arguments for pytest, e.g. `make test ARGS="-k invitation -x"`.
ARGS ?=
CHROMIUM ?= $(or $(KOKYBE_CHROMIUM),/usr/bin/chromium)
export KOKYBE_CHROMIUM := $(CHROMIUM)
# compilemessages takes the lock `make messages` holds, so it never reads a half-written django.po.
LOCKED := $(shell command -v flock >/dev/null 2>&1 && echo flock /tmp/kokybe-po.lock)
# Without gettext's msgfmt the committed django.mo (compiled by `make messages`) is used as it is.
COMPILE := @if command -v msgfmt >/dev/null 2>&1; then \
	  DEBUG=1 $(LOCKED) $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=.venv -v0; \
	else echo "msgfmt (gettext) not found: using the committed translations as they are"; fi

# Prints the real interpreter (never a pyenv shim) of the first Python >= 3.12 with venv support:
# python3 if new enough, else python3.13 / python3.12, else pyenv's own installs (newest first).
define FIND_PYTHON
for c in python3 python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[23]*/bin/python3 2>/dev/null | sort -rV); do \
  command -v $$c >/dev/null 2>&1 || continue; \
  $$c -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 || continue; \
  $$c -c 'import sys; print(sys.executable)'; exit 0; \
done; exit 1
endef

NO_PYTHON := Kokybė needs Python 3.12 or newer with venv: install it (Debian/Ubuntu: apt-get install python3.12 python3.12-venv; or pyenv install 3.12) and run make again

# Evaluated only when the environment must be (re)built, so `make help` needs no Python.
PYTHON_BASE = $(shell $(FIND_PYTHON))

# One environment for running and testing: requirements-dev.txt pins the runtime set plus pytest, Playwright and ruff.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $(or $(PYTHON_BASE),$(error $(NO_PYTHON)))"; \
	  $(PYTHON_BASE) -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

.PHONY: help venv run test browser messages lint bench loadtest
help:
	@echo "make run   — set up and serve Kokybė with demo data at http://127.0.0.1:$(PORT)  (PORT=… overrides)"
	@echo "make test  — the whole test suite: unit, integration and browser tests  (ARGS=… for pytest)"
	@echo "make messages — refresh and compile the Lithuanian translations"
	@echo "make lint  — ruff, and mypy on the typed seams"
	@echo "make bench — speed benchmarks (plan, self-assessment, surveys, results, programme, API, national scale) on a separate database"
	@echo "make loadtest — load and faults on loopback: own PostgreSQL restarted, worker killed (LOADTEST_DURATION=… s)"

venv: $(VENV)/.installed

# Links in mails and the calendar feed must point where this server listens: SITE_URL follows PORT unless it is set.
RUN_SITE_URL = $(or $(SITE_URL),http://127.0.0.1:$(PORT))

run: venv
	DEBUG=1 $(PY) manage.py migrate --no-input -v0
	$(COMPILE)
	DEBUG=1 $(PY) manage.py load_demo --if-empty
	@echo
	@echo "Kokybė: open http://127.0.0.1:$(PORT)/ and log in, e.g. as koordinatorius@klaipeda.demo / demo (Ctrl+C stops)."
	@# The background worker (queued mail, long exports) runs beside the server and stops with it.
	DEBUG=1 SITE_URL=$(RUN_SITE_URL) $(PY) manage.py run_worker --no-reload --interval 0.5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 SITE_URL=$(RUN_SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The browser tests need Debian's chromium; install it when we may (root with apt-get). Without it the browser tests
# are skipped loudly, or fail when KOKYBE_REQUIRE_BROWSER=1 (CI) — see tests/browser/conftest.py.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "!!! Could not install chromium: the browser tests will not run." >&2; \
	  else \
	    echo "!!! $(CHROMIUM) is missing and cannot be installed here (needs root and apt-get): browser tests will not run." >&2; \
	  fi; \
	fi

# pytest-xdist: one worker per CPU (2 on the CI machine), each with its own test database and live server.
# PYTEST_WORKERS=0 runs in one process (e.g. for pdb).
PYTEST_WORKERS ?= auto
test: venv browser
	$(COMPILE)
	SECRET_KEY=test-only-insecure $(PY) -m pytest -n $(PYTEST_WORKERS) $(ARGS)

# mypy checks only the typed seams listed in pyproject.toml; django-stubs reads the settings, which need a key.
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SECRET_KEY=$${SECRET_KEY:-lint-only} $(VENV)/bin/mypy

# Refresh the Lithuanian catalogue (under a lock, so parallel work does not clobber it) and compile it.
messages: venv
	$(PY) scripts/i18n.py

# Benchmarks print figures; they are not pass/fail tests. They use their own database (var/bench.sqlite3 unless
# BENCH_DATABASE_URL names one, e.g. a PostgreSQL database) so the demo data is never touched.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench.sqlite3
BENCHES ?= bench_plan bench_assessment bench_survey_analysis bench_results bench_programme bench_api bench_national
# The survey bench loads its 100,000 responses into a database of its own: on PostgreSQL, the one named here.
SURVEY_BENCH_ARGS = $(if $(filter postgres%,$(BENCH_DATABASE_URL)),--database-url=$(BENCH_DATABASE_URL),)
# Load and faults (scripts/loadtest.py): a PostgreSQL cluster of its own in a temporary folder (never the shared one),
# gunicorn, the worker; PostgreSQL restarted and the worker killed in the middle. Bounded by LOADTEST_DURATION.
loadtest: venv
	$(PY) scripts/loadtest.py

bench: venv
	@mkdir -p var
	DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --no-input -v0
	@for b in $(BENCHES); do echo "== $$b"; extra=""; \
	  if [ $$b = bench_survey_analysis ]; then extra="$(SURVEY_BENCH_ARGS)"; fi; \
	  DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py $$b $$extra || exit 1; done
