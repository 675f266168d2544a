# The DIT Handbook task runner. `make` lists the tasks.
# Every task installs what it needs into .venv first (Python >= 3.11 is the only prerequisite;
# browser tests also install Debian's chromium package if it is missing, and the HTML and
# accessibility checkers install Java and their npm packages).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve build build-supervisor test check lint format validate schema pdf sheets offline bench clean browser checkers

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 20

$(BIN)/.base: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(BIN)/.dev: $(BIN)/.base
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

browser: ## Install Debian's chromium for PDF and browser tests (if missing)
	@bash scripts/ensure-chromium.sh

checkers: ## Install the Nu Html Checker and pa11y (npm ci) and a Java runtime (if missing)
	@bash scripts/ensure-java.sh
	@bash scripts/ensure-node-tools.sh

serve: $(BIN)/.base ## Serve the handbook at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(BIN)/.base ## Build the trainee edition into site/
	$(BIN)/ditbook build --edition trainee

build-supervisor: $(BIN)/.base ## Build the supervisor edition into site-supervisor/ (never publish it)
	$(BIN)/ditbook build --edition supervisor

validate: $(BIN)/.base ## Check every content file, and the rules across files
	$(BIN)/ditbook validate

schema: $(BIN)/.base ## Regenerate each content type's JSON Schema from its model
	$(BIN)/ditbook schema

lint: $(BIN)/.dev ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.dev ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(BIN)/.dev browser checkers lint ## Run the whole test suite (lint, unit, site, browser, validity and PDF tests)
	$(BIN)/pytest -n 2 --dist worksteal

check: $(BIN)/.dev lint ## The quick check for authors: content lint, schemas, validation, tests that build no site
	$(BIN)/ditbook lint-content
	$(BIN)/ditbook schema --check
	$(BIN)/ditbook validate
	$(BIN)/pytest -q -n 2 --dist worksteal -m "not slow and not browser"

pdf: $(BIN)/.dev browser ## Write dist/dit-handbook-<edition>.pdf for both editions
	$(BIN)/ditbook pdf --edition trainee
	$(BIN)/ditbook pdf --edition supervisor

sheets: $(BIN)/.dev browser ## Write one PDF assignment sheet per exercise into dist/sheets/
	$(BIN)/ditbook pdf --sheets

offline: $(BIN)/.base ## Write dist/dit-handbook-offline.zip for use from file://
	$(BIN)/ditbook offline

bench: $(BIN)/.dev browser ## Run the build benchmark and update BENCHMARKS.md
	$(BIN)/ditbook bench

clean: ## Remove built sites and artefacts (not .venv or node_modules)
	rm -rf site site-* dist .pytest_cache
