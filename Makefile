# kimbot — `make test` and `make demo` work on a fresh machine with Python 3.11+.
PYTHON ?= python3.11
VENV := .venv
SYNAPSE_VENV := .venv-synapse
BIN := $(VENV)/bin
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: test demo bench lint typecheck unit install clean

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
	$(BIN)/ruff check bot commands domain storage i18n tests bench
	$(BIN)/mypy

unit: $(BIN)/kimbot
	$(BIN)/pytest tests/unit -q

test: install
	$(BIN)/ruff check bot commands domain storage i18n tests bench
	$(BIN)/mypy
	KIMBOT_SYNAPSE_PYTHON=$(CURDIR)/$(SYNAPSE_VENV)/bin/python $(BIN)/pytest -q -p no:cacheprovider

demo: install
	KIMBOT_SYNAPSE_PYTHON=$(CURDIR)/$(SYNAPSE_VENV)/bin/python $(BIN)/python -m tests.support.demo

# Reply latency against a bare matrix-nio bot, measured in the same run (not part of `test`).
bench: install
	KIMBOT_SYNAPSE_PYTHON=$(CURDIR)/$(SYNAPSE_VENV)/bin/python $(BIN)/python -m bench.reply_latency

clean:
	rm -rf $(VENV) $(SYNAPSE_VENV) demo .pytest_cache .mypy_cache .ruff_cache
