# The README's commands. Each target sets up what it needs first, so a fresh
# clone needs nothing but Python 3.11+, Node 20 and npm.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
HOST  ?= 127.0.0.1
PORT  ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test bench audit schemas clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: setup
	$(PY) -m mkdocs serve --strict --dev-addr $(HOST):$(PORT)

build: setup
	$(PY) -m mkdocs build --strict

test: setup
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: build
	$(PY) scripts/bench.py

audit: build
	$(PY) scripts/audit.py

schemas: setup
	$(PY) scripts/write_schemas.py

clean:
	rm -rf site .cache
