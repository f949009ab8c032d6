# Everything a fresh machine needs: `make run` and `make test` create the virtualenv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test test-all bench lint fmt lock clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/matcher demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

test-all: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 -m "slow or not slow"

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .

fmt: $(STAMP)
	$(BIN)/ruff check --fix .

# Re-pin exact versions after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --exclude nastavnik-matcher > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
