# make run   serve the dashboard at http://localhost:8501 on the bundled geodata/
# make test  ruff + every test (unit, AppTest, Playwright in Debian's Chromium)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint unit browser validate build-geodata bench browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

static/leaflet/leaflet.js: $(VENV)/.run-installed dashboard/web/map.js
	$(BIN)/python -c "from dashboard.assets import ensure_static_assets; ensure_static_assets()"

run: $(VENV)/.run-installed static/leaflet/leaflet.js
	$(BIN)/python -m dashboard serve --server.port $(PORT)

# Debian's Chromium (with CJK fonts, so Japanese renders) for the browser tests, and nginx
# for the load-balancer test.
DEBS := chromium fonts-noto-cjk nginx-light
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! [ -x /usr/sbin/nginx ] \
	    || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS) >/dev/null; \
	  else \
	    echo "Browser tests need Debian packages: sudo apt-get install $(DEBS)"; exit 1; \
	  fi; \
	fi

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.test-installed static/leaflet/leaflet.js browser-deps lint
	$(BIN)/python -m pytest -q

unit: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q tests/unit

validate: $(VENV)/.run-installed
	$(BIN)/python -m dashboard validate

# Not part of `make test`: fetches the npm data packages and rewrites geodata/*.geojson.
build-geodata: $(VENV)/.run-installed
	$(BIN)/python -m dashboard build-geodata

bench: $(VENV)/.test-installed static/leaflet/leaflet.js browser-deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) static .cache/bundles .pytest_cache .ruff_cache
