# The two commands a fresh machine needs (see README.md):
#   make serve   builds the sample handbook and serves it on http://127.0.0.1:8000
#   make test    runs every test: ruff, mypy, unit, CLI and browser tests
# Each installs what it needs: a virtualenv with the package, and Debian's Chromium for the browser tests.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: serve build test lint browser clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-*; touch $@

serve: $(STAMP)
	$(VENV)/bin/playbook serve --root .

build: $(STAMP)
	$(VENV)/bin/playbook build --root .

browser:
	@bash tests/ensure-chromium.sh

lint: $(STAMP)
	$(PY) -m ruff check generator tests bench
	$(PY) -m mypy

test: $(STAMP) browser lint
	$(PY) -m pytest -n 2 -p no:cacheprovider

clean:
	rm -rf site site-public .playbook
