"""The sweeper, in every worker: a job whose worker died (no heartbeat for JOBS_STALE_SECONDS) is
queued again (services.recover). It runs once when the worker is ready and then every
JOBS_SWEEP_SECONDS, on both brokers: Redis alone would redeliver a dead worker's message only after
its visibility timeout, and the embedded queue never does."""

from __future__ import annotations

import logging
import threading

from celery.signals import worker_init, worker_ready, worker_shutdown
from django.conf import settings

log = logging.getLogger(__name__)
_stop = threading.Event()


def sweep_once() -> int:
    from django.db import close_old_connections

    from .services import recover

    try:
        n = recover()
        if n:
            log.warning("queued again %d job(s) left running by a stopped worker", n)
        return n
    except Exception:  # the database or broker briefly unreachable: the next sweep tries again
        log.warning("sweep for stopped jobs failed", exc_info=True)
        return 0
    finally:
        close_old_connections()


def _loop() -> None:
    sweep_once()
    while not _stop.wait(settings.JOBS_SWEEP_SECONDS):
        sweep_once()


@worker_init.connect
def _preload(**_kwargs) -> None:
    """Import what the jobs use before the pool forks, so no job pays for it (nor each pool process)."""
    import jixiao.audit  # noqa: F401
    import jixiao.audit.read.docx  # noqa: F401
    import jixiao.audit.read.pdf  # noqa: F401
    import jixiao.audit.render  # noqa: F401
    import jixiao.rescore  # noqa: F401
    import jixiao.triage  # noqa: F401
    import jixiao.writers.docx_report  # noqa: F401
    import jixiao.writers.xlsx_scores  # noqa: F401
    import jixiao.writers.rescore_xlsx  # noqa: F401

    from . import kinds  # noqa: F401


@worker_ready.connect
def _start_sweeper(**_kwargs) -> None:
    _stop.clear()
    threading.Thread(target=_loop, name="jobs-sweeper", daemon=True).start()


@worker_shutdown.connect
def _stop_sweeper(**_kwargs) -> None:
    _stop.set()
