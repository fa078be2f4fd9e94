# Bootstrap only: create .venv from the lock when it is missing or stale, then hand
# over to invoke (tasks.py), where all real task logic lives.
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed-from-lock
INVOKE := $(VENV)/bin/invoke

.PHONY: html test serve livereload preview clean
.DEFAULT_GOAL := html

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 oder neuer wird gebraucht.")'
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

html: $(STAMP)
	$(INVOKE) build

test: $(STAMP)
	$(INVOKE) test

serve livereload preview clean: $(STAMP)
	$(INVOKE) $@
