# make run   serve the dashboard at http://localhost:8501 on the bundled geodata/
# make test  ruff + mypy + every test (unit, AppTest, Playwright in Debian's Chromium)
# make sources  after changing a folder's sources/*.yaml: rewrite the tables of its SOURCES.md
# make lock  after changing a dependency in pyproject.toml: re-resolve the locks in
#            requirements/ (every package pinned, with the hashes of all its files, for every
#            platform), keeping each pin that still fits; `make lock LOCK_FLAGS=--upgrade`
#            moves every package to its newest allowed release. Commit the locks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

# What the venv is installed from: the app's lock, or the app's plus the test group's (the
# same pins for what they share). pip checks every file's hash, then the project itself goes
# in with no dependencies and no build isolation (its setuptools comes from the lock too).
APP_LOCK  := requirements/app.txt
TEST_LOCK := requirements/test.txt
UV_LOCK   := requirements/uv.txt
PIP       := $(BIN)/python -m pip install --quiet
INSTALL_PROJECT := $(PIP) --no-deps --no-build-isolation -e .

.PHONY: run test lint unit browser validate build-geodata sources bench browser-deps axe lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: $(APP_LOCK) pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes -r $(APP_LOCK)
	$(INSTALL_PROJECT)
	touch $@

$(VENV)/.test-installed: $(TEST_LOCK) $(APP_LOCK) pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes -r $(TEST_LOCK)
	$(INSTALL_PROJECT)
	touch $@ $(VENV)/.run-installed

# uv resolves (pip cannot resolve for other platforms, nor read dependency groups before 25.1);
# it is itself installed from its own lock. The test lock is held to the app lock's pins.
COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_FLAGS)
lock: | $(BIN)/python
	$(PIP) --require-hashes -r $(UV_LOCK)
	$(COMPILE) --group lock -o $(UV_LOCK)
	$(COMPILE) pyproject.toml --group build -o $(APP_LOCK)
	$(COMPILE) pyproject.toml --group build --group test -c $(APP_LOCK) -o $(TEST_LOCK)

static/leaflet/leaflet.js: $(VENV)/.run-installed dashboard/web/map.js
	$(BIN)/python -c "from dashboard.assets import ensure_static_assets; ensure_static_assets()"

run: $(VENV)/.run-installed static/leaflet/leaflet.js
	$(BIN)/python -m dashboard serve --server.port $(PORT)

# Debian's Chromium (with CJK fonts, so Japanese renders) for the browser tests, nginx for
# the load-balancer test, and npm (where the machine has none) to fetch axe-core.
DEBS := chromium fonts-noto-cjk nginx-light $(if $(shell command -v npm),,npm)
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! [ -x /usr/sbin/nginx ] \
	    || ! command -v npm >/dev/null 2>&1 \
	    || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS) >/dev/null; \
	  else \
	    echo "Browser tests need Debian packages: sudo apt-get install $(DEBS)"; exit 1; \
	  fi; \
	fi

# axe-core, the accessibility checker the browser tests inject into the page: the npm
# registry's tarball of a pinned version, checked against its published sha512 before use.
AXE_VERSION := 4.14.1
AXE_SHA512  := FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE_DIR     := build/axe-core
AXE_JS      := $(AXE_DIR)/axe.min.js
axe: $(AXE_JS)
$(AXE_JS):
	@command -v npm >/dev/null 2>&1 || { echo "The accessibility tests need npm (Node.js) to fetch axe-core."; exit 1; }
	rm -rf $(AXE_DIR).tmp && mkdir -p $(AXE_DIR).tmp
	cd $(AXE_DIR).tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null
	@got=$$($(PYTHON) -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' $(AXE_DIR).tmp/axe-core-$(AXE_VERSION).tgz); \
	  if [ "$$got" != "$(AXE_SHA512)" ]; then \
	    echo "axe-core-$(AXE_VERSION).tgz: sha512 $$got, expected $(AXE_SHA512)"; exit 1; fi
	tar -xzf $(AXE_DIR).tmp/axe-core-$(AXE_VERSION).tgz -C $(AXE_DIR).tmp package/axe.min.js package/LICENSE
	mkdir -p $(AXE_DIR) && mv $(AXE_DIR).tmp/package/axe.min.js $(AXE_DIR).tmp/package/LICENSE $(AXE_DIR)/
	rm -rf $(AXE_DIR).tmp

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Two processes (pytest-xdist), each test file in one of them; `make test WORKERS=0` runs the
# suite in one process.
WORKERS ?= 2
test: $(VENV)/.test-installed static/leaflet/leaflet.js browser-deps lint
	$(MAKE) --no-print-directory axe
	$(BIN)/python -m pytest -q -n $(WORKERS) --dist loadfile

unit: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q tests/unit

validate: $(VENV)/.run-installed
	$(BIN)/python -m dashboard validate

# Not part of `make test`: fetches the npm data packages and rewrites geodata/*.geojson.
build-geodata: $(VENV)/.run-installed
	$(BIN)/python -m dashboard build-geodata

# The tables of sources in each data folder's SOURCES.md, rewritten from its sources/*.yaml
# (the prose around them is kept); a unit test fails while one is out of date.
DATA_FOLDERS := geodata $(wildcard disputes/*/)
sources: $(VENV)/.run-installed
	for folder in $(DATA_FOLDERS); do $(BIN)/python -m dashboard sources-md $$folder || exit 1; done

bench: $(VENV)/.test-installed static/leaflet/leaflet.js browser-deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) static .cache .pytest_cache .ruff_cache
