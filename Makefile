# Two entry points for a fresh machine: `make demo` and `make test`. Everything else is a helper.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DB ?= eventwire.db

.PHONY: demo test lint clean

$(BIN)/eventwire: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[test,postgres,dask]"
	touch $@

## Set up, ingest the bundled demo corpus into the embedded store, print the events.
demo: $(BIN)/eventwire
	$(BIN)/eventwire ingest examples/articles/ --db $(DB)
	$(BIN)/eventwire events --db $(DB) --format table --limit 100
	@echo "Database: $(abspath $(DB))"

## Set up, lint and type-check, then run every test (the quality gate included).
test: $(BIN)/eventwire
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(BIN)/eventwire
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .hypothesis
