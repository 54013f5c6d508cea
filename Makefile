# Two commands for a fresh machine:  make run  (the app with demo content)  ·  make test  (everything)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test test-sqlite system-deps content-check screenshots audit serve bench bench-load bench-load-postgres bench-limit map clean

run: $(VENV)/.installed
	$(BIN)/python seed_data.py
	@if [ "$(HOST)" = "127.0.0.1" ]; then echo "Only this computer can open http://127.0.0.1:$(PORT). For a classroom:" \
	  "make run HOST=0.0.0.0, and students type this computer's network address (README: Serving a classroom)."; \
	  else echo "Students type http://<this computer's network address>:$(PORT) (README: Serving a classroom)."; fi
	$(BIN)/flask --app webapp run --host $(HOST) --port $(PORT)

# The suite in TEST_WORKERS processes (pytest-xdist), each test file kept whole on one of them.
TEST_WORKERS ?= 2
PYTEST = $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

test: $(VENV)/.installed system-deps tests/tools/node_modules scripts/map/node_modules
	$(PYTEST)
	scripts/with-postgres.sh $(PYTEST) -m "not browser"

test-sqlite: $(VENV)/.installed scripts/map/node_modules
	$(PYTEST)

system-deps:
	scripts/system-deps.sh

# Production serving (see docs/deploy.md): gunicorn, workers from the core count.
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: $(VENV)/.runtime
	$(BIN)/flask --app webapp db upgrade
	WEB_CONCURRENCY=$(WORKERS) $(BIN)/gunicorn --threads 4 --bind 0.0.0.0:$${PORT:-8000} --access-logfile - "webapp:create_app()"

screenshots: $(VENV)/.installed system-deps
	CROSSINGS_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/test_browser.py -q

# Checks CI runs first: ruff (lint) and mypy (types) on our code, bandit on its security,
# pip-audit on the pinned packages.
audit: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	test -x .venv-tools/bin/bandit || ($(PYTHON) -m venv .venv-tools && .venv-tools/bin/pip install --quiet bandit==1.9.4 pip-audit==2.10.1)
	.venv-tools/bin/bandit --quiet --configfile pyproject.toml --recursive webapp seed_data.py
	.venv-tools/bin/pip-audit --requirement requirements-dev.txt --progress-spinner off

content-check: $(VENV)/.installed
	$(BIN)/flask --app webapp content check

# gift-pegjs, an independent GIFT parser the export tests read our files back with.
tests/tools/node_modules: tests/tools/package-lock.json
	if command -v npm >/dev/null; then npm ci --silent --prefix tests/tools; else echo "npm not found: GIFT tests will skip"; fi

# world-atlas: the Natural Earth boundaries (public domain) the route map is drawn from.
scripts/map/node_modules: scripts/map/package-lock.json
	if command -v npm >/dev/null; then npm ci --silent --prefix scripts/map; else echo "npm not found: the route-map check will skip"; fi

# Redraw lessons/visuals/route-map.svg after editing scripts/map/make_route_map.py.
map: scripts/map/node_modules
	$(PYTHON) scripts/map/make_route_map.py

# Load benchmark on loopback (bench/README.md): 500 students' quiz morning against gunicorn.
# BENCH_ARGS passes options to bench/load/run.py, e.g. BENCH_ARGS="--students 100 --profile".
bench: bench-load

bench-load: $(VENV)/.installed bench/.venv/.installed
	$(BIN)/python bench/load/run.py $(BENCH_ARGS)

bench-load-postgres: $(VENV)/.installed bench/.venv/.installed system-deps
	scripts/with-postgres.sh $(BIN)/python bench/load/run.py --postgres $(BENCH_ARGS)

# Our answer save against a minimal Flask save, a bare route and /healthz, interleaved (about 4 minutes; bench/README.md).
bench-limit: $(VENV)/.installed bench/.venv/.installed
	$(BIN)/python bench/limit/run.py $(BENCH_ARGS)

bench/.venv/.installed: bench/requirements.txt
	$(PYTHON) -m venv bench/.venv
	bench/.venv/bin/pip install --quiet -r bench/requirements.txt
	touch $@

# The app alone (make serve), and everything for development and the tests (the rest).
$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed: $(VENV)/.runtime requirements-test.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) .venv-tools instance .pytest_cache
