# The sigmoid reference: `make serve` to read it, `make test` to check everything.
# Both bootstrap .venv (pinned Python packages) and node_modules (pinned KaTeX) first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# Builds of one commit are byte-identical: dates in the sitemap come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install serve build test lint screenshots bench build-times audit check-links lock clean

install: $(INSTALLED) node_modules/.package-lock.json

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[docs,test]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: install  ## build and serve with live reload at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: install  ## strict build into site/ (warnings are errors)
	$(BIN)/mkdocs build --strict

test: install  ## the whole suite: core, strict site build, browser tests, lint
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

screenshots: build  ## PNGs of every page (light, dark, phone) in screenshots/
	$(BIN)/python scripts/screenshots.py site screenshots

bench: install  ## throughput of the core against SciPy and NumPy; --write saves the results
	$(BIN)/python scripts/benchmark.py --write

build-times: install  ## time a clean build (site/ and .cache/ removed) and a rebuild against budgets
	$(BIN)/python scripts/build_times.py

audit: build-times  ## every budget measured in a browser: Lighthouse, axe-core, page weight
	$(BIN)/python scripts/audit.py site

check-links: install  ## fetch every link of docs/data/external-links.txt (manual: needs internet)
	$(BIN)/python scripts/check_external_links.py

lock:  ## re-resolve constraints.txt from pyproject.toml in a scratch environment
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e ".[docs,test]"
	.lock-venv/bin/python -m pip freeze --exclude-editable > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf site screenshots .cache .pytest_cache .hypothesis .ruff_cache
