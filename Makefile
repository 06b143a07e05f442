# Set-up from nothing, serve the seeds, run every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install serve test lint bench clean

CHROMIUM := /usr/bin/chromium
NODE_PACKAGES := node_modules/.package-lock.json

install: $(STAMP) $(NODE_PACKAGES)

# The explorer's map outlines come from the npm package pinned in package-lock.json
# (Debian's npm is installed first when the machine has none).
$(NODE_PACKAGES): package.json package-lock.json
	command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm ci --ignore-scripts --no-audit --no-fund

# The browser tests drive Debian's Chromium; installed only when missing (needs root, as in CI).
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# pip prints a line per package as it goes (about a minute from nothing): set-up is never silent.
$(STAMP): requirements-dev.txt pyproject.toml
	@echo "== Python environment in $(VENV)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "== $$(grep -c '^[a-z0-9]' requirements-dev.txt) pinned packages from requirements-dev.txt (hashes checked)"
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off --require-hashes --no-deps \
		-r requirements-dev.txt
	@echo "== conflict-kg itself, editable"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)
	@echo "== Installed: $(BIN)/kg"

serve: install
	$(BIN)/kg ingest --if-empty seeds
	$(BIN)/kg serve --host $(HOST) --port $(PORT)

test: install $(CHROMIUM)
	$(BIN)/ruff check kg api tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
