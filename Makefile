# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test wheel-check lint format messages bench bench-quick clean

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

# The production install (README), checked: build the wheel, install it into a fresh venv outside
# the tree, then with production settings `check --deploy`, migrate, collectstatic and serve the
# sign-in page and a static file. CI runs it before `make test`; about 2 minutes.
wheel-check:
	PYTHON=$(PYTHON) .ci/wheel_check.sh

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

# Benchmarks (bench/README.md): need DATABASE_URL (PostgreSQL) and REDIS_URL. `make bench` is the
# full suite (under 45 minutes on 2 cores): a fresh 1,000,000-petition dn_bench_scale (REUSE=1
# keeps one already generated), then the others in "<name>_bench"; figures are printed and merged
# into bench/results.json. `make bench-quick` runs every benchmark at about 1% of its size, each
# in a throwaway database it creates and drops, in under 3 minutes; results.json is untouched.
BENCH_ENV_CHECK = @test -n "$(DATABASE_URL)" -a -n "$(REDIS_URL)" || \
	  { echo "make $@ needs DATABASE_URL=postgres://... and REDIS_URL=redis://..."; exit 2; }
# The issue's backlog is 100,000 timers; 20,000 keep the suite under 45 minutes, and the run
# prints timer_backlog_100k_estimate_s for the full size.
BENCH_TIMERS ?= 20000

bench: install
	$(BENCH_ENV_CHECK)
	$(PY) -m bench.data_at_scale $(if $(REUSE),--reuse)
	$(PY) -m bench.notifications_latency --clients 1000 --events 5000
	$(PY) -m bench.audit_cost --n 2000
	$(PY) -m bench.lifecycle_throughput --cases 2000
	$(PY) -m bench.timer_backlog --timers $(BENCH_TIMERS)
	$(PY) -m bench.voter_workspace

bench-quick: install
	$(BENCH_ENV_CHECK)
	$(PY) -m bench.data_at_scale --quick
	$(PY) -m bench.notifications_latency --quick
	$(PY) -m bench.audit_cost --quick
	$(PY) -m bench.lifecycle_throughput --quick
	$(PY) -m bench.timer_backlog --quick
	$(PY) -m bench.voter_workspace --quick

clean:
	rm -rf $(VENV) db.sqlite3 var .pytest_cache .ruff_cache
