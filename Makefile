# kimbot — `make test` and `make demo` work on a fresh machine with Python 3.11+.
PYTHON ?= python3.11
VENV := .venv
SYNAPSE_VENV := .venv-synapse
# The peers kimbot is measured against (matrix-reminder-bot, Radicale), kept apart from both.
BENCH_VENV := .venv-bench
BIN := $(VENV)/bin
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: test test-faults test-image image docs demo bench lint typecheck unit install clean

$(BIN)/kimbot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_QUIET) --upgrade pip
	$(BIN)/pip install $(PIP_QUIET) -e '.[test]'
	touch $@

# Synapse lives in its own environment so its pinned dependencies never meet the bot's.
$(SYNAPSE_VENV)/bin/synctl:
	$(PYTHON) -m venv $(SYNAPSE_VENV)
	$(SYNAPSE_VENV)/bin/pip install $(PIP_QUIET) --upgrade pip
	$(SYNAPSE_VENV)/bin/pip install $(PIP_QUIET) 'matrix-synapse>=1.100'
	touch $@

install: $(BIN)/kimbot $(SYNAPSE_VENV)/bin/synctl

lint: $(BIN)/kimbot
	$(BIN)/ruff check bot commands domain storage i18n web tests bench docs/hooks
	$(BIN)/mypy
	$(BIN)/mypy docs/hooks/references.py docs/hooks/examples.py

unit: $(BIN)/kimbot
	$(BIN)/pytest tests/unit -q

# axe-core for the accessibility checks of the published pages (skipped, saying so, without npm).
AXE := tests/support/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/support/browser/package.json tests/support/browser/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/support/browser --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the browser tests will say they were skipped"; fi

# Element's client stack (matrix-js-sdk with its Rust crypto) for the encrypted-room tests.
ELEMENT := tests/support/element_member/node_modules/matrix-js-sdk/package.json
$(ELEMENT): tests/support/element_member/package.json tests/support/element_member/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/support/element_member --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the tests with Element's client stack will say they were skipped"; fi

test: install $(AXE) $(ELEMENT)
	$(BIN)/ruff check bot commands domain storage i18n web tests bench docs/hooks
	$(BIN)/mypy
	$(BIN)/mypy docs/hooks/references.py docs/hooks/examples.py
	KIMBOT_SYNAPSE_PYTHON=$(CURDIR)/$(SYNAPSE_VENV)/bin/python $(BIN)/pytest -q -rs -p no:cacheprovider --durations=15 \
		-n 2 --dist loadfile

# The long runs of the reliability suite (kills at full size, 100,000 fuzzed commands, a
# homeserver that hangs); a table of figures; docs/reliability.md has the last one.
test-faults: install
	KIMBOT_SYNAPSE_PYTHON=$(CURDIR)/$(SYNAPSE_VENV)/bin/python $(BIN)/python -m tests.faults

# The image, built from the Dockerfile without a Docker daemon (buildah, a Debian base made by
# debootstrap and kept); root. test-image runs it against a throwaway Synapse.
image:
	contrib/image/build

test-image: install image
	KIMBOT_SYNAPSE_PYTHON=$(CURDIR)/$(SYNAPSE_VENV)/bin/python $(BIN)/python -m tests.image

# The handbook as static HTML in site/ (MkDocs with Material); strict: a warning or a broken
# link or anchor fails. The references in it are generated from the code at every build.
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

demo: install
	KIMBOT_SYNAPSE_PYTHON=$(CURDIR)/$(SYNAPSE_VENV)/bin/python $(BIN)/python -m tests.support.demo

$(BENCH_VENV)/bin/matrix-reminder-bot:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install $(PIP_QUIET) --upgrade pip
	$(BENCH_VENV)/bin/pip install $(PIP_QUIET) 'matrix-reminder-bot==0.4.0' 'radicale>=3.2,<4'
	touch $@

# Every benchmark against baselines measured in the same run; one table (not part of `test`).
# The sources are compiled first, as `pip install` (and the image) does for a deployed bot:
# with PYTHONDONTWRITEBYTECODE set, every start would otherwise compile them again.
bench: install $(BENCH_VENV)/bin/matrix-reminder-bot
	$(BIN)/python -m compileall -q bot commands domain storage web i18n
	KIMBOT_SYNAPSE_PYTHON=$(CURDIR)/$(SYNAPSE_VENV)/bin/python $(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(SYNAPSE_VENV) $(BENCH_VENV) demo .pytest_cache .mypy_cache .ruff_cache \
		tests/support/browser/node_modules tests/support/element_member/node_modules
