# safecity-sim: every target creates .venv itself, with a Python >= 3.12 it finds on its own.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Candidates in order; the first whose version is >= 3.12 wins. pyenv's versions are tried
# by path because pyenv's shims refuse to run a version that is not selected.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PY_CANDIDATES := $(PYTHON) python3.13 python3.12 python3 python \
	$(sort $(wildcard $(PYENV_ROOT)/versions/3.1[2-9]*/bin/python3))

.PHONY: run app test lint format bench clean

$(STAMP): pyproject.toml
	@set -e; found=""; \
	for c in $(PY_CANDIDATES); do \
	  if command -v $$c >/dev/null 2>&1 && \
	     $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    found=$$c; break; fi; \
	done; \
	if [ -z "$$found" ]; then \
	  echo "error: no Python >= 3.12 found (tried: $(PY_CANDIDATES)); install one or run 'make PYTHON=/path/to/python3.12'" >&2; \
	  exit 1; fi; \
	echo "using $$found ($$($$found --version))"; \
	rm -rf $(VENV); $$found -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,app,ema]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/safecity-experiment

# The workshop app on http://127.0.0.1:8765/ (APP_HOST=0.0.0.0 shows it to other machines).
APP_HOST ?= 127.0.0.1
APP_PORT ?= 8765
app: $(STAMP)
	$(VENV)/bin/safecity-app --host $(APP_HOST) --port $(APP_PORT)

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) benchmarks/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
