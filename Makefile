# Everything a fresh machine needs: `make run` and `make test` create the virtualenv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run demo test test-all bench lint fmt lock samples clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# The service on http://127.0.0.1:8000 with SQLite and a demo bank (prints the demo logins).
run: $(STAMP)
	$(BIN)/python -m service

# The library end to end in the terminal: generate a school bank, score, match, explain.
demo: $(STAMP)
	$(BIN)/matcher demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

test-all: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 -m "slow or not slow"

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Style, types (strict for matcher/) and the layer contracts in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy matcher service datasets
	PYTHONPATH=$(CURDIR) $(BIN)/lint-imports

fmt: $(STAMP)
	$(BIN)/ruff check --fix .

# Re-pin exact versions after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --exclude nastavnik-matcher > requirements.lock

# Regenerate the template and sample bank files in datasets/samples/.
samples: $(STAMP)
	$(BIN)/python -m matcher.bank_io.samples datasets/samples

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
