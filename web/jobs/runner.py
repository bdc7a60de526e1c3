"""Running one job: claim it, report progress, honour cancellation, store the result, record the error.

The queue carries only the job's id. Everything a worker needs is in the Job row and in the file
store, so any worker on any machine can run (or take over) any job, and a job that runs twice
(a redelivery after a crash) overwrites its own result: nothing is duplicated.
"""

from __future__ import annotations

import logging
import os
import socket
import tempfile
import threading
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus

log = logging.getLogger(__name__)


class JobError(Exception):
    """A problem to show the user (Chinese); the job fails with this message."""


class Cancelled(Exception):
    pass


class Busy(Exception):
    """Another live worker is running this job (a redelivered message): try again later."""


class Superseded(Exception):
    """This run's claim was taken over by another worker (we looked dead): stop without writing."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _stale(job: Job) -> bool:
    seen = job.heartbeat_at or job.started_at
    return seen is None or timezone.now() - seen > timedelta(seconds=settings.JOBS_STALE_SECONDS)


def claim(job_id: int) -> Job | None:
    """Mark the job running for this worker; None when there is nothing to do (finished or cancelled)."""
    me = worker_name()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        now = timezone.now()
        if job.cancel_requested:
            Job.objects.filter(pk=job.pk).update(status=JobStatus.CANCELLED, finished_at=now, step="已取消")
            return None
        if job.status == JobStatus.RUNNING and job.worker != me and not _stale(job):
            raise Busy(job.worker)
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.worker = me
        job.started_at = now
        job.heartbeat_at = now
        job.done = 0
        job.error = ""
        job.step = "开始" if job.attempts == 1 else f"第 {job.attempts} 次执行（上次执行中断）"
        job.save(update_fields=["status", "attempts", "worker", "started_at", "heartbeat_at", "done", "error", "step"])
        return job


def heartbeat_interval() -> float:
    """Seconds between heartbeats: a quarter of JOBS_STALE_SECONDS, so a live job never looks stale."""
    return max(0.5, settings.JOBS_STALE_SECONDS / 4)


@contextmanager
def heartbeat(job_id: int, attempt: int):
    """While the body runs, a thread touches the job's ``heartbeat_at`` every heartbeat_interval()
    seconds (also during one long item, e.g. a 300-page PDF). Only a dead process stops it; the
    sweeper (services.recover) then sees the stale heartbeat and queues the job again."""
    stop = threading.Event()

    def beat() -> None:
        from django.db import connection

        try:
            while not stop.wait(heartbeat_interval()):
                try:
                    Job.objects.filter(pk=job_id, attempts=attempt, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now())
                except Exception:  # a busy database now and then: the next beat tries again
                    log.warning("heartbeat of job %s failed", job_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


class Progress:
    """Passed to a runner: ``progress(done, total, step)`` between items; raises Cancelled when asked."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, done: int, total: int | None = None, step: str = "") -> None:
        fields = {"done": done, "heartbeat_at": timezone.now(), "step": step[:300]}
        if total is not None:
            fields["total"] = total
        mine = Job.objects.filter(pk=self.job.pk, attempts=self.job.attempts, status=JobStatus.RUNNING)
        if not mine.update(**fields):
            raise Superseded()
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise Cancelled()
        self.job.done = done
        if total is not None:
            self.job.total = total


def store_result(job: Job, path: Path, name: str) -> None:
    """Put the result file in the store under the job's own name, replacing an earlier run's."""
    target = f"jobs/{job.pk}/{name}"
    if default_storage.exists(target):
        default_storage.delete(target)
    with path.open("rb") as fh:
        saved = default_storage.save(target, File(fh, name=name))
    job.result.name = saved
    job.result_name = name


def execute(job_id: int, runners: dict[str, Callable]) -> str:
    job = claim(job_id)
    if job is None:
        return "nothing to do"
    progress = Progress(job)
    try:
        with heartbeat(job.pk, job.attempts), tempfile.TemporaryDirectory(prefix=f"jixiao-job-{job.pk}-") as tmp:
            outcome = runners[job.kind](job, progress, Path(tmp))
            if outcome.deferred:
                return "split into parts"
            if Job.objects.filter(pk=job.pk, cancel_requested=True).exists():
                raise Cancelled()
            if outcome.file is not None:
                store_result(job, outcome.file, outcome.name)
        _finish(job, JobStatus.DONE, summary=outcome.summary, step="完成")
        return "done"
    except Cancelled:
        _finish(job, JobStatus.CANCELLED, step="已取消")
        return "cancelled"
    except Superseded:
        return "superseded"
    except JobError as exc:
        _finish(job, JobStatus.FAILED, error=str(exc), step="失败")
        return "failed"
    except Exception as exc:  # the job fails with a message; the traceback goes to the worker's log
        log.exception("job %s failed", job.pk)
        _finish(job, JobStatus.FAILED, error=f"任务执行出错（{type(exc).__name__}），已记入日志，请联系管理员。", step="失败")
        return "failed"


def _finish(job: Job, status: str, *, summary: dict | None = None, error: str = "", step: str = "") -> None:
    fields = {"status": status, "finished_at": timezone.now(), "heartbeat_at": timezone.now(), "error": error, "step": step}
    if summary is not None:
        fields["summary"] = summary
    if status == JobStatus.DONE:
        fields["done"] = job.total
        fields["result"] = job.result.name or ""
        fields["result_name"] = job.result_name
    Job.objects.filter(pk=job.pk, attempts=job.attempts).update(**fields)


class Outcome:
    """A runner's result: a file to store and a summary; ``deferred`` when parts will finish the job."""

    def __init__(self, file: Path | None, name: str, summary: dict, *, deferred: bool = False):
        self.file, self.name, self.summary, self.deferred = file, name, summary, deferred


def finish(job: Job, outcome: Outcome) -> None:
    """Store the result and mark the job done (used by the last part of a split job)."""
    if outcome.file is not None:
        store_result(job, outcome.file, outcome.name)
    _finish(job, JobStatus.DONE, summary=outcome.summary, step="完成")
