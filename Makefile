# Regio.hub portal. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
PYTEST_ARGS ?=
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

# The Debian packages each target needs. scripts/system-packages installs the
# missing ones when run as root (as CI is), and otherwise stops with the one
# command to run. Python's venv module is needed until .venv exists.
VENV_PACKAGES := $(if $(wildcard $(VENV)/bin/python),,python3-venv)
RUN_PACKAGES := $(VENV_PACKAGES) gettext
TEST_PACKAGES := $(RUN_PACKAGES) postgresql chromium openjdk-17-jre-headless
LOAD_PACKAGES := $(RUN_PACKAGES) postgresql redis-server
PACKAGES = $(TEST_PACKAGES) redis-server

# `make test` and `make loadtest` print how long they took, set-up included
# (tests/conftest.py): the clock starts when make reads this file.
test loadtest: export MAKE_STARTED := $(shell date +%s)
test loadtest: export MAKE_TARGET = $@

.PHONY: help
help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	flock /tmp/regiohub-pip.lock $(VENV)/bin/pip install --quiet --upgrade pip
	flock /tmp/regiohub-pip.lock $(VENV)/bin/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

.PHONY: system-packages
system-packages: ## Check the Debian packages (install them as root); each target names its own
	@PYTHON=$(PYTHON) scripts/system-packages $(PACKAGES)

.PHONY: install
install: $(STAMP) ## Create .venv and install the pinned dependencies

.PHONY: messages
messages: $(STAMP) ## Compile the translations (locale/*.po -> .mo)
	DJANGO_DEBUG=1 $(MANAGE) compilemessages --ignore=.venv -v0

.PHONY: makemessages
makemessages: $(STAMP) ## Collect translatable strings into locale/de and locale/en
	DJANGO_DEBUG=1 $(MANAGE) makemessages -l de -l en --no-obsolete --ignore=.venv --ignore=tests --ignore=staticfiles --add-location=file

.PHONY: run
run: export DJANGO_DEBUG ?= 1
run: PACKAGES = $(RUN_PACKAGES)
run: system-packages $(STAMP) messages ## Set up everything (SQLite) and serve on 127.0.0.1:$(PORT)
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) createcachetable
	$(MANAGE) load_real_data
	$(MANAGE) seed_demo
	$(MANAGE) ensure_local_office
	@# The task worker (e-mail, scheduled announcements) runs beside the web server and stops with it;
	@# mails a killed worker left behind are handed back to it first.
	$(MANAGE) requeue_mail
	$(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The suite runs with production settings (debug off) except for plain-HTTP test servers.
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-secret-key-not-for-production \
	DJANGO_ALLOWED_HOSTS=testserver,localhost,127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0 SITE_URL=http://testserver

# The suite on a throwaway PostgreSQL. Each run collects the static files into its
# own directory, so runs never race.
define pytest-on-postgres
	export STATIC_ROOT="$$(mktemp -d /tmp/regiohub-static.XXXXXX)"; \
	$(TEST_ENV) $(MANAGE) collectstatic --no-input -v0 && \
	$(TEST_ENV) scripts/with-postgres $(PY) -m pytest $(1); \
	status=$$?; rm -rf "$$STATIC_ROOT"; exit $$status
endef

# pytest-xdist: one worker per core (the browser modules that share one world
# for all their tests stay together on one worker: xdist_group). XDIST= runs serially.
XDIST ?= -n auto --dist loadgroup

.PHONY: test
# The Nu Html Checker for tests/browser/test_valid_html.py (fetched, pinned by checksum).
VNU_JAR := .cache/vnu/vnu-26.9.27.jar
$(VNU_JAR): scripts/fetch-vnu
	$(PYTHON) scripts/fetch-vnu $@

test: PACKAGES = $(TEST_PACKAGES)
test: system-packages $(STAMP) messages $(VNU_JAR) ## Run the test suite (not the load run) on a throwaway PostgreSQL
	$(call pytest-on-postgres,$(XDIST) $(PYTEST_ARGS))

BENCH_ARGS ?=
.PHONY: bench
bench: PACKAGES = $(LOAD_PACKAGES)
bench: system-packages $(STAMP) messages ## Benchmark every page at today's size and at network scale, with ratios (throwaway PostgreSQL + Redis); BENCH_ARGS="--no-http"
	PY=$(PY) scripts/bench $(BENCH_ARGS)

.PHONY: lighthouse
lighthouse: PACKAGES = $(RUN_PACKAGES) chromium
lighthouse: system-packages $(STAMP) messages ## Lighthouse accessibility and best practices of the public pages, production mode (needs npm)
	PY=$(PY) scripts/lighthouse

# The matching's evaluation (issue #17) on a throwaway SQLite database: migrate,
# then the command loads real data, demo and evaluation projects, measures and
# rolls back. EVAL_ARGS="--distractors 1000 --verbose-ranks" for more.
.PHONY: eval-matching
eval-matching: export DJANGO_DEBUG ?= 1
eval-matching: $(STAMP) ## Matching quality: hit rate@3, hit rate@10, MRR of engine and baseline
	@dir="$$(mktemp -d /tmp/regiohub-eval.XXXXXX)"; \
	export DATABASE_URL="sqlite:///$$dir/eval.sqlite3"; \
	$(MANAGE) migrate --no-input -v0 && $(MANAGE) createcachetable && \
	$(MANAGE) eval_matching $(EVAL_ARGS); \
	status=$$?; rm -rf "$$dir"; exit $$status

.PHONY: bench-scale
bench-scale: PACKAGES = $(LOAD_PACKAGES)
bench-scale: system-packages $(STAMP) messages ## Only the network-scale profile (1,000 partners, 100,000 projects, 10,000 events)
	PY=$(PY) scripts/bench --profiles scale $(BENCH_ARGS)

.PHONY: lint
lint: $(STAMP) ## ruff and bandit (every finding fixed or explained with a reason)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r $(patsubst %/apps.py,%,$(wildcard */apps.py))

.PHONY: typecheck
typecheck: $(STAMP) ## mypy with django-stubs over the files listed in pyproject.toml ([tool.mypy])
	DJANGO_DEBUG=1 $(VENV)/bin/mypy

.PHONY: backup
backup: $(STAMP) ## Back up the database (DATABASE_URL) and the uploads into backups/<timestamp>/
	$(MANAGE) backup

.PHONY: restore
restore: $(STAMP) ## Restore a backup (checksums first): make restore BACKUP=backups/<timestamp>
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<timestamp>" >&2; exit 2; }
	$(MANAGE) restore "$(BACKUP)"

.PHONY: loadtest
loadtest: PACKAGES = $(LOAD_PACKAGES)
loadtest: system-packages $(STAMP) messages ## Only the load-and-fault run (LOAD_SECONDS, default 60); prints its figures
	$(call pytest-on-postgres,-p no:cacheprovider -m load tests/ops/test_load_and_faults.py)

.PHONY: migrations-check
migrations-check: $(STAMP) ## Fail when models and migrations disagree
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run

.PHONY: lock
lock: $(STAMP) ## Refresh constraints.txt from the installed environment
	( echo '# Exact versions for reproducible installs: pip install -c constraints.txt -e ".[dev]"'; \
	  echo '# Regenerate with: make lock'; \
	  $(VENV)/bin/pip freeze --exclude-editable | sort -f ) > constraints.txt
