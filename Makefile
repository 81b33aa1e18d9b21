# Two entry points for a fresh machine: `make demo` and `make test`. `make gate` measures accuracy on
# third-party gold data a user fetches separately (it says which and where from when it is missing).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DB ?= eventwire.db
# The folder holding data/ with the public gold datasets (see eventwire.evaluate.sources).
EVENTWIRE_SHARED ?= $(abspath ../shared)
export EVENTWIRE_SHARED
# The web page's libraries: installed from web/package-lock.json, their dist files copied here (never committed).
VENDOR := src/eventwire/api/static/vendor
NPM_DIST := web/node_modules/leaflet/dist/leaflet.js web/node_modules/leaflet/dist/leaflet.css \
	web/node_modules/supercluster/dist/supercluster.min.js \
	web/node_modules/topojson-client/dist/topojson-client.min.js \
	web/node_modules/world-atlas/countries-50m.json \
	web/node_modules/swagger-ui-dist/swagger-ui-bundle.js web/node_modules/swagger-ui-dist/swagger-ui.css

.PHONY: demo test gate lint clean vendor

$(BIN)/eventwire: pyproject.toml constraints.txt $(VENDOR)/.stamp
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[test,train,serve,postgres,dask]"
	touch $@

## The page's vendored libraries (offline: no CDN at run time); the wheel picks them up as package data.
vendor: $(VENDOR)/.stamp
$(VENDOR)/.stamp: web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp $(NPM_DIST) $(VENDOR)/
	cp web/node_modules/leaflet/LICENSE $(VENDOR)/LICENSE-leaflet.txt
	cp web/node_modules/supercluster/LICENSE $(VENDOR)/LICENSE-supercluster.txt
	cp web/node_modules/kdbush/LICENSE $(VENDOR)/LICENSE-kdbush.txt
	cp web/node_modules/topojson-client/LICENSE $(VENDOR)/LICENSE-topojson-client.txt
	cp web/node_modules/world-atlas/LICENSE $(VENDOR)/LICENSE-world-atlas.txt
	cp web/node_modules/swagger-ui-dist/LICENSE $(VENDOR)/LICENSE-swagger-ui.txt
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
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .hypothesis $(VENDOR) web/node_modules test-output
