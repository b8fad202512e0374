# Accord's commands. Each target bootstraps what it needs: uv (installed with pip when missing),
# then .venv from uv.lock. Nothing else has to be installed by hand.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: help run test lint typecheck unit bench clean pdf-deps

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.tools/bin/uv:
	@echo "uv not found: installing it with pip into .tools/"
	python3 -m venv .tools || python3 -m pip install --user --quiet uv
	@if [ -x .tools/bin/pip ]; then .tools/bin/pip install --quiet uv; fi

# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (many container images, this project's
# CI) Python would otherwise compile Prefect's sources in every process it starts: 1.7 s more to
# import Prefect, 3 s more to start its temporary server (measured on our 2-core machine).
$(VENV)/.synced-run: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --inexact --compile-bytecode  # --inexact keeps a `make test`'s dev tools
	@touch $@

$(VENV)/.synced-dev: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --group dev --compile-bytecode
	@touch $@ $(VENV)/.synced-run

run: $(VENV)/.synced-run ## Process every sample in inputs/samples/ into outputs/
	$(VENV)/bin/accord run inputs/samples/ --out outputs/ --approve-as "$${ACCORD_APPROVER:-make run}"

test: $(VENV)/.synced-dev pdf-deps lint typecheck unit ## Run ruff, mypy and the whole test suite

lint: $(VENV)/.synced-dev ## ruff lint and format check
	$(VENV)/bin/ruff check src flows benchmarks tests
	$(VENV)/bin/ruff format --check src flows benchmarks tests

typecheck: $(VENV)/.synced-dev ## mypy on src/, flows/ and benchmarks/
	$(VENV)/bin/mypy

unit: $(VENV)/.synced-dev ## pytest only
	$(VENV)/bin/pytest --durations=15

pdf-deps: ## Install LibreOffice (Writer for PDFs, Calc for the tests' tracker formulas) and fonts when missing and possible (root with apt-get)
	@pkgs=""; \
	command -v soffice >/dev/null 2>&1 || pkgs="$$pkgs libreoffice-writer"; \
	command -v localc >/dev/null 2>&1 || pkgs="$$pkgs libreoffice-calc"; \
	fc-list 2>/dev/null | grep -qi carlito || pkgs="$$pkgs fonts-crosextra-carlito fonts-crosextra-caladea"; \
	fc-list 2>/dev/null | grep -qi emoji || pkgs="$$pkgs fonts-noto-color-emoji"; \
	if [ -n "$$pkgs" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing$$pkgs for PDF conversion (about a minute)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$pkgs >/dev/null) \
	      || echo "$$pkgs could not be installed: PDF tests will skip or fail on fonts"; \
	  else echo "Missing and not installable here:$$pkgs (PDF tests will skip)"; fi; \
	fi

bench: $(VENV)/.synced-dev ## Measure accord against plain docxtpl (BENCH_BIG=1 adds 100,000 rows)
	$(VENV)/bin/python -m benchmarks.bench

clean: ## Remove generated outputs (keeps the venv)
	rm -rf outputs/* outputs/.staging .pytest_cache .mypy_cache .ruff_cache
