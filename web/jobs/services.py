"""Creating, queueing, cancelling and recovering jobs."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus, Kind

log = logging.getLogger(__name__)


def enqueue(job: Job) -> None:
    """Send the job to the queue once the row is committed (a worker must find it)."""
    from .tasks import run_job

    def send() -> None:
        result = run_job.apply_async(args=[job.pk])
        Job.objects.filter(pk=job.pk).update(task_id=result.id)
        job.task_id = result.id

    transaction.on_commit(send)


def create(*, kind: str, owner, district=None, year: int | None = None, params: dict | None = None,
           uploads=()) -> Job:
    """A new job (uploads saved to the file store first), queued when the transaction commits."""
    with transaction.atomic():
        job = Job.objects.create(kind=kind, owner=owner, district=district, year=year, params=dict(params or {}))
        if uploads:
            files = []
            for i, upload in enumerate(uploads):
                name = Path(upload.name).name
                path = default_storage.save(f"jobs/{job.pk}/input/{i:04d}{Path(name).suffix.lower()}", upload)
                files.append({"name": name, "path": path})
            job.params["files"] = files
            job.total = len(files)
            job.save(update_fields=["params", "total"])
        enqueue(job)
    return job


def start_triage(*, owner, district, year: int, riskiest: int, random_count: int, seed: int | None, audit: bool = True) -> Job:
    seed = seed if seed is not None else secrets.randbelow(10**9)
    return create(kind=Kind.TRIAGE, owner=owner, district=district, year=year,
                  params={"riskiest": riskiest, "random": random_count, "seed": seed, "audit": audit})


def cancel(job: Job) -> None:
    """Ask the job to stop: a queued job never starts; a running one stops before its next item."""
    if job.finished:
        return
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    if job.status == JobStatus.QUEUED:
        Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(status=JobStatus.CANCELLED, step="已取消",
                                                                      finished_at=timezone.now())
    if job.task_id:
        from jixiao_web.celery import app

        try:
            app.control.revoke(job.task_id)
        except Exception:  # the flag above stops it all the same
            log.warning("revoke of %s failed", job.task_id, exc_info=True)


def retry(job: Job) -> Job:
    """Run a failed or cancelled job again under the same id (its result is overwritten)."""
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, cancel_requested=False, error="", done=0, step="",
                                         finished_at=None)
    job.refresh_from_db()
    with transaction.atomic():
        enqueue(job)
    return job


def recover() -> int:
    """Queue again every running job whose worker stopped reporting (it died), for transports
    that cannot redeliver a message by themselves (the embedded one). Returns how many."""
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS)
    stale = list(Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff))
    for job in stale:
        with transaction.atomic():
            enqueue(job)
    return len(stale)
