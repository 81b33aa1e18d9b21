# Two entry points for a fresh machine: `make demo` and `make test`. `make gate` measures accuracy on
# third-party gold data a user fetches separately (it says which and where from when it is missing).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DB ?= eventwire.db
# The folder holding data/ with the public gold datasets (see eventwire.evaluate.sources).
EVENTWIRE_SHARED ?= $(abspath ../shared)
export EVENTWIRE_SHARED

.PHONY: demo test gate lint clean

$(BIN)/eventwire: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[test,train,postgres,dask]"
	touch $@

## Set up, ingest the bundled demo corpus into the embedded store, print the events.
demo: $(BIN)/eventwire
	$(BIN)/eventwire ingest examples/articles/ --db $(DB)
	$(BIN)/eventwire events --db $(DB) --format table --limit 100
	@echo "Database: $(abspath $(DB))"

## Set up, lint and type-check, then run every test that needs only the repository (no gold data).
test: $(BIN)/eventwire
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -m "not gate"

## The quality gate on third-party gold data in $(EVENTWIRE_SHARED)/data: says what to fetch if missing.
gate: $(BIN)/eventwire
	@$(BIN)/python -m eventwire.evaluate.sources "$(EVENTWIRE_SHARED)"
	$(BIN)/python -m pytest -q -m gate

lint: $(BIN)/eventwire
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .hypothesis
