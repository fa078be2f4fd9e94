# Bootstrap only: create .venv from the lock when it is missing or stale, then hand
# over to invoke (tasks.py), where all real task logic lives.
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed-from-lock
NODE   := node_modules/.installed-from-lock
INVOKE := $(VENV)/bin/invoke
GATES  ?=

.PHONY: html test publish serve livereload preview clean
.DEFAULT_GOAL := html

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 oder neuer wird gebraucht.")'
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

# Release-gate tools (Nu Html Checker, Lighthouse), pinned in package-lock.json.
$(NODE): package-lock.json
	@command -v npm >/dev/null || { echo "npm fehlt: Node.js wird für die Release-Gates gebraucht (apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE)

html: $(STAMP)
	$(INVOKE) build

test: $(STAMP) $(NODE)
	$(INVOKE) test

publish: $(STAMP) $(NODE)
	$(INVOKE) publish $(if $(GATES),--gates $(GATES))

serve livereload preview clean: $(STAMP)
	$(INVOKE) $@
