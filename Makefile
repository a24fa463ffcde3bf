# LoRA Manager — every target installs what it needs. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck unit format clean
.PHONY: web-ui frontend frontend-client frontend-check frontend-e2e frontend-bench chromium

help: ## List the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed web-ui ## Start the service on embedded defaults (SQLite in DATA_DIR); ARGS="--port 9000 --path ~/loras"
	$(BIN)/lora-manager serve $(ARGS)

lint: $(VENV)/.dev-installed ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed ## mypy (strict) on the package
	$(BIN)/mypy

unit: $(VENV)/.dev-installed ## Fast tests only (no services needed)
	$(BIN)/pytest tests/unit -q -n auto $(PYTEST_ARGS)

test: lint typecheck frontend-check frontend-e2e ## Every check and every test (SQLite and PostgreSQL, Redis, browser, slow group included)
	$(BIN)/pytest -q -n auto --durations=15 $(PYTEST_ARGS)

format: $(VENV)/.dev-installed ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, caches, node_modules and the built web UI
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	rm -rf $(FRONTEND)/node_modules $(WEB_DIR) test-results

# --- Web UI (frontend/: Vue 3 + TypeScript + Vite, built into src/lora_manager/web) ---
NPM      ?= npm
FRONTEND := frontend
WEB_DIR  := src/lora_manager/web
NODE_OK  := $(FRONTEND)/node_modules/.installed
WEB_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
	$(wildcard $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig*.json)

$(NODE_OK): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_DIR)/index.html: $(NODE_OK) $(WEB_SOURCES)
	cd $(FRONTEND) && $(NPM) run build --silent

frontend: $(WEB_DIR)/index.html ## Build the web UI when its sources changed (npm ci when the lock file did)

web-ui: # `make run` builds the UI when npm exists; without Node the server says how to build it
	@if command -v $(NPM) >/dev/null 2>&1; then $(MAKE) --no-print-directory frontend; \
	else echo "npm not found: serving the API only (install Node 20 to build the web UI)"; fi

frontend-client: $(NODE_OK) $(VENV)/.dev-installed ## Regenerate the typed API client from the live OpenAPI
	cd $(FRONTEND) && $(NPM) run --silent gen:api

frontend-check: $(NODE_OK) $(VENV)/.dev-installed ## vue-tsc, Vitest unit tests, and the stale-client check
	cd $(FRONTEND) && $(NPM) run --silent typecheck
	cd $(FRONTEND) && $(NPM) run --silent check:api
	cd $(FRONTEND) && $(NPM) test --silent

chromium: # Debian's Chromium for the browser tests (`npx playwright install` cannot download here)
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; \
	fi

frontend-e2e: frontend chromium $(VENV)/.dev-installed ## Browser tests (playwright-core + Chromium) against the real server
	cd $(FRONTEND) && $(NPM) run --silent e2e

frontend-bench: frontend chromium $(VENV)/.dev-installed ## Gallery benchmark: 10,000 adapters in Chromium
	cd $(FRONTEND) && $(NPM) run --silent bench
