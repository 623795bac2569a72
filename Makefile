# The sigmoid reference: `make serve` to read it, `make test` to check everything.
# Both bootstrap .venv (pinned Python packages) and node_modules (pinned KaTeX) first.
# `make help` lists every target.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Every Python package is pinned with its sha256 hashes, which pip checks (--require-hashes):
# pip in requirements/pip.txt; pyproject.toml's dependencies and docs and test extras
# (setuptools, the build backend, among them) and pre-commit in requirements/lock.txt;
# uv, which writes the three files (`make lock`), in requirements/uv.txt.
PIP_LOCK := requirements/pip.txt
LOCK := requirements/lock.txt
UV_LOCK := requirements/uv.txt
HASHED := --quiet --require-hashes
# `make lock` keeps each pin that still satisfies pyproject.toml; UPGRADE=1 takes the newest.
UV_COMPILE := uv pip compile --quiet --generate-hashes --universal --python-version 3.11 \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
export NO_MKDOCS_2_WARNING := 1
# Builds of one commit are byte-identical: dates in the sitemap come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install serve build test lint format typecheck hooks screenshots bench \
	build-times audit check-links lock versions release clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

install: $(INSTALLED) node_modules/.package-lock.json  ## set up .venv and node_modules (pinned)

$(INSTALLED): pyproject.toml $(PIP_LOCK) $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(HASHED) -r $(PIP_LOCK)
	$(BIN)/python -m pip install $(HASHED) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: install  ## build and serve with live reload at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: install  ## strict build into site/ (warnings are errors)
	$(BIN)/mkdocs build --strict

test: lint typecheck  ## everything: lint, types, then core, site, browser and budget tests
	$(BIN)/python -m pytest

lint: install  ## ruff's rules and its formatting, checked
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install  ## format the code and apply ruff's safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install  ## mypy on sigmoid_core (library, content, plugin, tools)
	$(BIN)/mypy

hooks: install  ## install the pre-commit hooks (the same checks as `make lint typecheck`)
	$(BIN)/pre-commit install

screenshots: build  ## PNGs of every page (light, dark, phone) in screenshots/
	$(BIN)/python scripts/screenshots.py site screenshots

bench: install  ## speed against SciPy and NumPy (--write saves it), memory, page reload time
	$(BIN)/python scripts/benchmark.py --write
	$(BIN)/python scripts/memory.py
	$(BIN)/python scripts/reload_time.py

build-times: install  ## clean build and rebuild against budgets; two clean builds identical
	$(BIN)/python scripts/build_times.py

audit: build-times  ## every budget in a browser: Lighthouse (LIGHTHOUSE=13.5.0 for another), axe, weight
	$(BIN)/python scripts/audit.py site $(if $(LIGHTHOUSE),--lighthouse $(LIGHTHOUSE))

check-links: install  ## fetch every link of docs/data/external-links.txt (needs internet)
	$(BIN)/python scripts/check_external_links.py

lock:  ## re-resolve requirements/*.txt (pins and hashes, from PyPI) with uv; UPGRADE=1 for the newest
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install $(HASHED) -r $(PIP_LOCK)
	.lock-venv/bin/python -m pip install $(HASHED) -r $(UV_LOCK)
	.lock-venv/bin/$(UV_COMPILE) pyproject.toml requirements/lock.in --extra docs --extra test \
		-o $(LOCK)
	echo pip | .lock-venv/bin/$(UV_COMPILE) - -o $(PIP_LOCK)
	echo uv | .lock-venv/bin/$(UV_COMPILE) - -o $(UV_LOCK)
	rm -rf .lock-venv

versions: install  ## every released version (from gh-pages) + this tree as dev, in site-versions/
	$(BIN)/python scripts/versions.py preview site-versions

release: install  ## push the tag v<version> of this clean, tagged commit: CI tests, builds, deploys it
	$(BIN)/python scripts/versions.py release

clean:  ## remove what builds and tests leave behind
	rm -rf site site-versions screenshots .cache .pytest_cache .hypothesis .ruff_cache .mypy_cache
