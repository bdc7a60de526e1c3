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
    """The sweeper: queue again every running job whose heartbeat stopped (its worker died).

    A live job's heartbeat is touched every JOBS_STALE_SECONDS / 4 by a thread of its worker (see
    runner.heartbeat), so a heartbeat older than JOBS_STALE_SECONDS means the process is gone — killed,
    out of memory, its machine down. Redis would hand such a message out again only after its
    visibility timeout (an hour by default) and the embedded queue never does; the sweeper does not
    wait for either. A whole job goes back as queued (the next run starts it afresh and replaces
    its result); a job split into parts gets its unfinished parts queued again (finished parts are
    kept), or its assembly when every part is done. Each stale job is taken by one sweeper only (the
    row is updated on the stale condition), so several workers may sweep at once. Returns how many."""
    from datetime import timedelta

    from .models import JobPart
    from .tasks import run_part

    cutoff = timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS)
    n = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff):
        parts = list(JobPart.objects.filter(job=job, attempt=job.attempts))
        stale = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts, heartbeat_at__lt=cutoff)
        if parts:
            # keep it running under this attempt: the parts' tasks check the attempt, not the worker
            if not stale.update(heartbeat_at=timezone.now(), step="执行中断，未完成的部分已重新排队"):
                continue
            todo = [p.index for p in parts if not p.finished] or [parts[-1].index]  # all done: the assembly
            for index in todo:
                run_part.apply_async(args=[job.pk, job.attempts, index])
        else:
            if not stale.update(status=JobStatus.QUEUED, worker="", step="执行中断，已重新排队"):
                continue
            with transaction.atomic():
                enqueue(job)
        log.warning("job %s: its worker stopped (last heartbeat %s); queued again", job.pk, job.heartbeat_at)
        n += 1
    return n
