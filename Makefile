# Kokybė — the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# Python >= 3.12: python3 if new enough, else python3.13/python3.12, else pyenv's installs; never via shims.
define FIND_PYTHON
for c in python3 python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[23]*/bin/python3 2>/dev/null | sort -r); do \
  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
    command -v $$c; exit 0; fi; \
done; exit 1
endef

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@BASE=$$( $(FIND_PYTHON) ) || { echo "Kokybė needs Python 3.12 or newer: install python3.12 (or newer) and run make again."; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $$BASE"; $$BASE -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

.PHONY: help venv run test messages lint
help:
	@echo "make run   — set up and serve Kokybė with demo data at http://127.0.0.1:$(PORT)"
	@echo "make test  — the whole test suite"

venv: $(VENV)/.installed

run: venv
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v0
	DEBUG=1 $(PY) manage.py load_demo --if-empty
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(PY) manage.py compilemessages --ignore=.venv -v0 2>/dev/null || DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v0
	SECRET_KEY=test-only $(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Refresh the Lithuanian catalogue (under a lock, so parallel work does not clobber it) and compile it.
messages: venv
	$(PY) scripts/i18n.py
