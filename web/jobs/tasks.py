"""The queue's one task: run a Job by id. Late acknowledgement + reject on worker loss: a job whose
worker dies is handed to another worker; the Job row makes a second run overwrite the first."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from . import runner
from .kinds import RUNNERS


@shared_task(bind=True, name="jobs.run", acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run_job(self, job_id: int) -> str:
    try:
        return runner.execute(job_id, RUNNERS)
    except runner.Busy:
        # A redelivered message while the first worker is still alive: look again once it could be stale.
        raise self.retry(countdown=settings.JOBS_STALE_SECONDS + 1) from None


@shared_task(bind=True, name="jobs.run_part", acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run_part(self, job_id: int, attempt: int, index: int) -> str:
    from . import parts

    try:
        return parts.run(job_id, attempt, index)
    except parts.Busy:
        raise self.retry(countdown=settings.JOBS_STALE_SECONDS + 1) from None
