# Bootstrap only: create .venv from the lock when it is missing or stale, install the
# project itself (plugins/ and sitekit/, editable), then hand over to invoke (tasks.py),
# where all real task logic lives.
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed-from-lock
NODE   := node_modules/.installed-from-lock
INVOKE := $(VENV)/bin/invoke
GATES  ?=
ARGS   ?=

.PHONY: html test publish serve livereload preview clean receiver inbox new strip-demo system-check
.DEFAULT_GOAL := html

# The stamp names the folder .venv was made in. A project folder that was moved or copied
# keeps a .venv whose programs and editable install still name the old folder (a venv
# cannot move), so it is made anew; a stamp without a folder (an older Makefile's) only
# has the project installed again.
MADE_FOR := $(shell cat $(STAMP) 2>/dev/null)
ifneq ($(MADE_FOR),$(CURDIR))
.PHONY: $(STAMP)
endif

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 5) else "Python 3.11.5 oder neuer wird gebraucht.")'
	$(if $(filter-out $(CURDIR),$(MADE_FOR)),@echo "Die Python-Umgebung $(VENV) stammt aus $(MADE_FOR); sie wird für diesen Ordner neu angelegt."; rm -rf $(VENV))
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	@echo "$(CURDIR)" > $(STAMP)

# Release-gate tools (Nu Html Checker, Lighthouse), pinned in package-lock.json.
$(NODE): package-lock.json
	@command -v npm >/dev/null || { echo "npm fehlt: Node.js wird für die Release-Gates gebraucht (apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE)

# The system tools the test suite needs: installed when root on Debian/Ubuntu,
# otherwise one German line naming what is missing and how to install it.
system-check:
	@.ci/system-deps

html: $(STAMP)
	$(INVOKE) build

test: system-check $(STAMP) $(NODE)
	$(INVOKE) test

publish: $(STAMP) $(NODE)
	$(INVOKE) publish $(if $(GATES),--gates $(GATES)) $(ARGS)

serve livereload preview clean receiver: $(STAMP)
	$(INVOKE) $@

# make strip-demo: remove the demo, keep a starter site (ARGS=--force: changed demo files too)
strip-demo: $(STAMP)
	@$(INVOKE) strip-demo $(ARGS)

# make inbox ARGS="--export json"
inbox: $(STAMP)
	$(INVOKE) $@ $(ARGS)

# make new KIND=post TITLE="Größe & Übermaß" (KIND: post, page, service, faq), or
# make new ARGS='--kind post --title "…"'; make new ARGS=--help prints the options.
# TITLE and KIND are passed verbatim (single-quoted, never expanded by make or the shell),
# so quotes, $ and backticks in a title stay text.
shell_quote = '$(subst ','\'',$(value $(1)))'
new: $(STAMP)
	@$(INVOKE) new $(if $(value KIND),--kind $(call shell_quote,KIND)) $(if $(value TITLE),--title $(call shell_quote,TITLE)) $(ARGS)
