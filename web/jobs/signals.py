"""Worker start-up: with the embedded broker a message taken by a killed worker is gone, so the
worker queues again the jobs that a dead worker left running (Redis redelivers them itself)."""

from __future__ import annotations

import logging
import threading

from celery.signals import worker_ready
from django.conf import settings

log = logging.getLogger(__name__)


@worker_ready.connect
def _recover_on_start(**_kwargs) -> None:
    if not settings.JOBS_EMBEDDED:
        return

    def sweep() -> None:
        from django.db import close_old_connections

        from .services import recover

        try:
            n = recover()
            if n:
                log.warning("queued again %d job(s) left running by a stopped worker", n)
        finally:
            close_old_connections()

    # Once now, and once more when a job left by a worker killed just before could have gone stale.
    sweep()
    timer = threading.Timer(settings.JOBS_STALE_SECONDS + 1, sweep)
    timer.daemon = True
    timer.start()
