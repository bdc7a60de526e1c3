# Two commands on a fresh machine (Python 3.11, git, make):
#   make run   — set up, migrate, load the demo (seed departments, scored) and serve on 127.0.0.1:8000
#   make test  — set up, then run every test (web tests on SQLite, and again on PostgreSQL when it is reachable)
PYTHON ?= python3.11
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never

PG_URL ?= postgres://postgres@127.0.0.1:5432/jixiao
PORT ?= 8000
JOB_WORKERS ?= 2
MANAGE := cd web && ../.venv/bin/python manage.py

.PHONY: setup run worker score test test-pg bench bench-jobs clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

# Bytecode is compiled at install (--compile-bytecode) and for src/ and web/ on every setup: where
# PYTHONDONTWRITEBYTECODE is set, Python never writes .pyc files itself and would compile every module
# (Django, Celery, pydantic …) again at each start — most of `make run`'s and `jixiao`'s start-up.
.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON) --quiet --compile-bytecode
	touch $@ .venv/.compiled

# (a virtualenv synced before the packages' bytecode was compiled at install)
.venv/.compiled: .venv/.synced
	$(UV) sync --frozen --python $(PYTHON) --quiet --compile-bytecode
	touch $@

setup: .venv/.synced .venv/.compiled
	@.venv/bin/python -m compileall -q src web > /dev/null

run: setup
	$(MANAGE) load_demo --migrate $(if $(RESET),--reset)
	@echo "在浏览器打开 http://127.0.0.1:$(PORT)/ ，用上面的演示账号登录（Ctrl-C 停止网页服务和后台任务进程）"
	@# One web server and one job worker. Without REDIS_URL / CELERY_BROKER_URL the worker takes jobs from
	@# the embedded queue in web/.instance/queue (no other server needed); with them, from Redis.
	cd web && { nice -n 10 ../.venv/bin/celery -A jixiao_web worker --pool=prefork -c $(JOB_WORKERS) -l warning & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  ../.venv/bin/gunicorn jixiao_web.wsgi --preload --bind 127.0.0.1:$(PORT) --workers 3 --access-logfile -; }

score: setup
	.venv/bin/jixiao score cases/seed-004/input.yaml --full

test: setup
	.venv/bin/python -m pytest
	@if .venv/bin/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL reachable: running the web tests on it"; \
		DATABASE_URL=$(PG_URL) .venv/bin/python -m pytest web/tests; \
	else echo "PostgreSQL not reachable at $(PG_URL): web tests ran on SQLite only"; fi

test-pg: setup
	DATABASE_URL=$(PG_URL) .venv/bin/python -m pytest web/tests

bench: setup
	.venv/bin/python benchmarks/bench_scoring.py

bench-jobs: setup
	.venv/bin/python benchmarks/bench_jobs.py

# A job worker alone (another machine of a deployment: see docs/deploy.md).
worker: setup
	cd web && ../.venv/bin/celery -A jixiao_web worker --pool=prefork -c $(JOB_WORKERS) -l info

clean:
	rm -rf .venv $(TOOLS)
