"""Real Celery worker processes for the queue tests (never task_always_eager: it would run the tasks in this process).

``Worker(broker)`` starts ``celery -A jixiao_web worker`` in its own process group against the
test database (SQLite file or PostgreSQL test database) and the given broker; ``kill()`` sends
SIGKILL to the whole group (the main process and its pool children), ``stop()`` ends it politely.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

WEB = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).with_name("celery")
REDIS_URL = os.environ.get("JIXIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")
STALE_SECONDS = 3

# This test run's own embedded queue and worker logs, never web/.instance/queue: a `make run` of the same
# checkout, or a second test run beside this one, would otherwise take (or delete) its messages.
RUN_DIR = Path(tempfile.mkdtemp(prefix="jixiao-test-jobs-"))
QUEUE_DIR = RUN_DIR / "queue"
(QUEUE_DIR / "control").mkdir(parents=True)
atexit.register(shutil.rmtree, RUN_DIR, True)
EMBEDDED_OPTIONS = {"data_folder_in": str(QUEUE_DIR), "data_folder_out": str(QUEUE_DIR),
                    "control_folder": str(QUEUE_DIR / "control"), "store_processed": False}


def redis_available(url: str = REDIS_URL) -> bool:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return True
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False


def database_url() -> str:
    """The URL of the database the tests run on (pytest-django's test database), for the worker."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        name = str(s["NAME"])
        assert not name.startswith(("file:", ":memory:")), "the worker tests need a file database"
        return f"sqlite:///{Path(name).resolve()}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def use_broker(url: str | None) -> None:
    """Point this process's Celery app at ``url`` (None: the embedded broker of the settings)."""
    from jixiao_web.celery import app

    if url:
        app.conf.broker_url = url
        app.conf.broker_transport_options = {"visibility_timeout": 8}
    else:
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = dict(EMBEDDED_OPTIONS)
    from kombu import pools

    pools.reset()  # the producer pools are keyed by connection and cached: start afresh
    app._pool = None
    app.amqp._producer_pool = None


def clear_broker(url: str | None) -> None:
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()
    else:
        for f in QUEUE_DIR.glob("*.msg"):
            f.unlink()


class Worker:
    def __init__(self, broker: str | None, *, pool: str = "prefork", concurrency: int = 2, name: str = "w1",
                 visibility_timeout: int = 8):
        env = dict(os.environ, DATABASE_URL=database_url(), JOBS_STALE_SECONDS=str(STALE_SECONDS),
                   JOBS_VISIBILITY_TIMEOUT=str(visibility_timeout), JOBS_PART_SIZE="2", JIXIAO_INSTANCE_DIR=str(settings.INSTANCE_DIR),
                   JIXIAO_MEDIA_ROOT=str(settings.MEDIA_ROOT), JIXIAO_QUEUE_DIR=str(QUEUE_DIR),
                   PYTHONPATH=os.pathsep.join([str(WEB), os.environ.get("PYTHONPATH", "")]))
        env.pop("REDIS_URL", None)
        env.pop("CELERY_BROKER_URL", None)
        if broker:
            env["CELERY_BROKER_URL"] = broker
        self.log = RUN_DIR / f"worker-{name}.log"
        args = [str(CELERY), "-A", "jixiao_web", "worker", f"--pool={pool}", "-c", str(concurrency), "-n", f"{name}@%h",
                "--without-gossip", "--without-mingle", "-l", "info"]
        self.proc = subprocess.Popen(args, cwd=WEB, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def kill(self) -> None:
        """SIGKILL to the worker and its pool children, as when a machine loses power."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        """Cold shutdown (the tests stop a worker once its jobs are done)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGQUIT)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


def wait_for(predicate, timeout: float, what: str, worker: Worker | None = None, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}" + (f"\n{worker.output()}" if worker else ""))
