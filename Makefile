# The two commands a fresh machine needs (see README.md):
#   make serve   builds the sample handbook and serves it on http://127.0.0.1:8000
#   make test    runs every test: ruff, mypy, unit, CLI and browser tests
# Each installs what it needs: a virtualenv with exactly the versions in requirements.lock (the
# ones the tests passed with), and Debian's Chromium for the browser tests.
#
# Maintainers:
#   make lock         refreshes requirements.lock from pyproject.toml's ranges (pip-tools' pip-compile)
#   make test-latest  runs the whole suite against the newest versions those ranges allow, in
#                     .venv-latest, so an upstream release breaks this target first, never `make test`

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := -m pip --disable-pip-version-check -qq
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PYTEST := -m pytest -n 2 -p no:cacheprovider

.PHONY: serve build test lint browser clean lock test-latest

# From the lock only: --require-hashes refuses any package or version the lock does not name, and
# the package itself is installed without resolving anything (--no-deps, setuptools from the lock).
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing the locked dependencies into $(VENV)..."
	$(PY) $(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PY) $(PIP) install --no-deps --no-build-isolation -e .
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
	$(PY) $(PYTEST)

lock:
	@test -x .venv-lock/bin/pip-compile || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/python $(PIP) install 'pip-tools>=7.4,<8'; }
	.venv-lock/bin/pip-compile --quiet --upgrade --extra test --build-deps-for editable --generate-hashes \
	  --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	@echo "requirements.lock refreshed; run 'make test' and commit it when it passes"

test-latest: browser
	@test -x .venv-latest/bin/python || $(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python $(PIP) install --upgrade --upgrade-strategy eager -e '.[test]'
	.venv-latest/bin/python $(PIP) freeze --exclude-editable | sed 's/^/  /'
	.venv-latest/bin/python -m ruff check generator tests bench
	.venv-latest/bin/python -m mypy
	.venv-latest/bin/python $(PYTEST)

clean:
	rm -rf site site-public .playbook
