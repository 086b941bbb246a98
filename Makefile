# R2P Letters. Two commands do everything on a fresh machine:
#   make run    set up, load the example letters, serve http://127.0.0.1:8000
#   make test   set up, then run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# What WeasyPrint, the PDF tests, the browser tests and the production set-up tests (deploy/) need from the
# system (Debian names).
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-noto-core fonts-noto-cjk fonts-dejavu-core poppler-utils chromium \
  nginx libnginx-mod-http-brotli-filter redis-server pgbouncer
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint check-python system-deps setup clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || { \
	  echo ""; \
	  echo "*** R2P Letters needs Python 3.12 or newer (Django 6); '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)."; \
	  echo "*** Install Python 3.13 (e.g. 'pyenv install 3.13', .python-version names it) or run 'make PYTHON=python3.13 ...'."; \
	  echo ""; exit 1; }

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "Please install these system packages (Debian/Ubuntu names):$$missing"; \
	  fi; \
	fi

$(STAMP): | check-python
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# The compiled catalogues are built from the .po files, never committed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
%.mo: %.po
	msgfmt --check -o $@ $<

setup: check-python system-deps $(STAMP) $(MO_FILES)

# The email worker runs beside the server in a loop that starts it again should it stop (a crash, a kill).
run: export DEBUG ?= 1
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_examples
	$(PY) manage.py create_demo_admin
	@echo ""
	@echo "  R2P Letters is running: open http://$(HOST):$(PORT)/letters/"
	@echo "  Administration: http://$(HOST):$(PORT)/admin/  (log in as admin@example.org / admin, development only)"
	@echo "  Emails (printed below) are sent by the worker that runs beside the server."
	@echo "  Stop with Ctrl-C."
	@echo ""
	@( trap 'kill $$child 2>/dev/null; exit 0' INT TERM; \
	   while :; do $(PY) manage.py email_worker & child=$$!; wait $$child; \
	     echo "The email worker stopped (exit $$?): starting it again in 2 s."; sleep 2; done ) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: export SECRET_KEY ?= test-$(shell od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
test: setup
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

bench: export SECRET_KEY ?= bench-$(shell od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
bench: setup
	$(PY) bench/run.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
