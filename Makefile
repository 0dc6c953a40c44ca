# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format messages bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Embedded default: SQLite, in-memory channel layer, eager background jobs; demo data loaded.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_units
	$(PY) manage.py load_demo
	@echo ""
	@echo "Dân Nguyện is starting at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo ""
	@$(PY) manage.py run_timers & timers=$$!; \
	  trap 'kill $$timers 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan off

# Lint, format check, migrations check, then the whole suite (PostgreSQL and Redis when
# DATABASE_URL and REDIS_URL are set, SQLite and in-memory otherwise).
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

# Benchmarks (bench/README.md): need DATABASE_URL (PostgreSQL; a scratch "<name>_bench" database
# is created beside it) and REDIS_URL; figures are printed and merged into bench/results.json.
bench: install
	@test -n "$(DATABASE_URL)" -a -n "$(REDIS_URL)" || \
	  { echo "make bench needs DATABASE_URL=postgres://... and REDIS_URL=redis://..."; exit 2; }
	$(PY) -m bench.notifications_latency
	$(PY) -m bench.lifecycle_throughput
	$(PY) -m bench.timer_backlog

clean:
	rm -rf $(VENV) db.sqlite3 var .pytest_cache .ruff_cache
