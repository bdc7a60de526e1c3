"""Large jobs split into parts, each its own queued task, so that every worker shares one job.

The job's items are stored in its parameters; a part audits items[first:last], writes its rows to
the file store (``jobs/<id>/parts/<k>.json``, replaced when the part runs again) and marks itself
finished; whoever finishes the last part assembles the result. A part redelivered after a crash
runs again and overwrites its own rows; parts planned by an earlier attempt of the job are ignored.
"""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q, Sum
from django.utils import timezone

from .models import Job, JobPart, JobStatus
from .runner import Cancelled, _finish, finish, heartbeat


class Busy(Exception):
    """Another worker is assembling the result right now."""


def plan(job: Job, items: list, size: int) -> None:
    from .tasks import run_part

    Job.objects.filter(pk=job.pk).update(params={**job.params, "items": items}, assembling_at=None)
    JobPart.objects.filter(job=job).delete()
    parts = [JobPart(job=job, attempt=job.attempts, index=k, first=lo, last=min(lo + size, len(items)))
             for k, lo in enumerate(range(0, len(items), size))]
    JobPart.objects.bulk_create(parts)
    for part in parts:
        run_part.apply_async(args=[job.pk, job.attempts, part.index])


def _path(job: Job, index: int) -> str:
    return f"jobs/{job.pk}/parts/{index:04d}.json"


def run(job_id: int, attempt: int, index: int) -> str:
    from .kinds import audit_items

    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished or job.attempts != attempt:
        return "nothing to do"
    part = JobPart.objects.filter(job=job, index=index, attempt=attempt).first()
    if part is None:
        return "nothing to do"
    if not part.finished:
        items = job.params["items"][part.first:part.last]

        def on_item(n: int, shown: str) -> None:
            JobPart.objects.filter(pk=part.pk).update(done=n)
            _progress(job, f"已审核 {shown}")
            if Job.objects.filter(pk=job.pk, cancel_requested=True).exists():
                raise Cancelled()

        try:
            with heartbeat(job.pk, attempt), tempfile.TemporaryDirectory(prefix=f"jixiao-job-{job.pk}-{index}-") as tmp:
                rows = audit_items(items, part.first, Path(tmp), on_item)
        except Cancelled:
            _finish(job, JobStatus.CANCELLED, step="已取消")
            return "cancelled"
        target = _path(job, index)
        if default_storage.exists(target):
            default_storage.delete(target)
        default_storage.save(target, ContentFile(json.dumps(rows, ensure_ascii=False).encode("utf-8")))
        JobPart.objects.filter(pk=part.pk).update(finished=True, done=len(items))
        _progress(job, f"第 {index + 1} 部分完成")
    return _assemble(job)


def _progress(job: Job, step: str) -> None:
    done = JobPart.objects.filter(job=job, attempt=job.attempts).aggregate(n=Sum("done"))["n"] or 0
    Job.objects.filter(pk=job.pk, attempts=job.attempts, status=JobStatus.RUNNING).update(
        done=done, heartbeat_at=timezone.now(), step=step[:300])


def _assemble(job: Job) -> str:
    """Build the result once every part is finished; exactly one worker does it (a stale claim is taken over)."""
    from .kinds import audit_outcome

    if JobPart.objects.filter(job=job, attempt=job.attempts, finished=False).exists():
        return "part done"
    now = timezone.now()
    stale = now - timedelta(seconds=settings.JOBS_STALE_SECONDS)
    claimed = Job.objects.filter(pk=job.pk, attempts=job.attempts, status=JobStatus.RUNNING).filter(
        Q(assembling_at__isnull=True) | Q(assembling_at__lt=stale)).update(assembling_at=now)
    if not claimed:
        if Job.objects.filter(pk=job.pk, attempts=job.attempts, status=JobStatus.RUNNING).exists():
            raise Busy()  # another worker is assembling: look again once its claim could be stale
        return "assembled elsewhere"
    rows = []
    for part in JobPart.objects.filter(job=job, attempt=job.attempts):
        with default_storage.open(_path(job, part.index), "rb") as fh:
            rows += json.loads(fh.read().decode("utf-8"))
    job.refresh_from_db()
    with tempfile.TemporaryDirectory(prefix=f"jixiao-job-{job.pk}-") as tmp:
        finish(job, audit_outcome(job, rows, Path(tmp)))
    for part in JobPart.objects.filter(job=job):
        if default_storage.exists(_path(job, part.index)):
            default_storage.delete(_path(job, part.index))
    return "done"
