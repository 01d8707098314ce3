# safecity-sim: every target creates .venv itself, with a Python >= 3.12 it finds on its own.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEACH_STAMP := $(VENV)/.teach-installed

# Candidates in order; the first whose version is >= 3.12 wins. pyenv's versions are tried
# by path because pyenv's shims refuse to run a version that is not selected.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PY_CANDIDATES := $(PYTHON) python3.13 python3.12 python3 python \
	$(sort $(wildcard $(PYENV_ROOT)/versions/3.1[2-9]*/bin/python3))

.PHONY: run app teach teach-student test test-fast lint format bench clean

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
	$(PY) -m pip install --quiet -e '.[test,app,calibrate,ema]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/safecity-experiment

# The workshop app on http://127.0.0.1:8765/ (APP_HOST=0.0.0.0 shows it to other machines).
APP_HOST ?= 127.0.0.1
APP_PORT ?= 8765
app: $(STAMP)
	$(VENV)/bin/safecity-app --host $(APP_HOST) --port $(APP_PORT)

# The exercises (teaching/exercises/) in JupyterLab, answer keys included: docs/teaching.md.
# TEACH_ARGS go to jupyter lab (e.g. TEACH_ARGS="--no-browser --ip=0.0.0.0 --port=8888").
$(TEACH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,app,teach]'
	@touch $(TEACH_STAMP)

teach: $(TEACH_STAMP)
	$(VENV)/bin/safecity-teach lab $(TEACH_ARGS)

# Student copies without the answer keys, as notebooks, in teaching/student/.
teach-student: $(STAMP)
	$(VENV)/bin/safecity-teach student

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q

# Lint and every test but the slow and browser ones (pyproject.toml's markers); under a minute.
test-fast: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q -m "not slow and not browser"

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
