# LoRA Manager — every target installs what it needs. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck unit format clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed ## Start the service on embedded defaults (SQLite in DATA_DIR); ARGS="--port 9000 --path ~/loras"
	$(BIN)/lora-manager serve $(ARGS)

lint: $(VENV)/.dev-installed ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed ## mypy (strict) on the package
	$(BIN)/mypy

unit: $(VENV)/.dev-installed ## Fast tests only (no services needed)
	$(BIN)/pytest tests/unit -q -n auto $(PYTEST_ARGS)

test: lint typecheck ## Every check and every test (SQLite and PostgreSQL, Redis, slow group included)
	$(BIN)/pytest -q -n auto --durations=15 $(PYTEST_ARGS)

format: $(VENV)/.dev-installed ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
