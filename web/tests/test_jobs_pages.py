"""Jobs without a worker: forms and their Chinese errors, who sees what, the runner's claim rules
(a second run of a finished job does nothing; a live worker's job is not taken; a dead one's is)."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jixiao.audit.formats import REPORT_SUFFIXES, UPLOAD_SUFFIXES

from jobs import runner, services
from jobs.forms import AuditForm
from jobs.kinds import RUNNERS, _zip_members
from jobs.models import Job, JobStatus
from jobs.xlsx import sheet

from .conftest import login


def test_new_job_form_errors_in_chinese(org, client):
    login(client, org["reviewer"])
    r = client.post(reverse("jobs:new"), {"kind": "audit", "audit-files": [SimpleUploadedFile("宏.exe", b"MZ")]})
    assert r.status_code == 400
    assert f"“宏.exe”的类型不能上传到这里（可上传：{'、'.join(UPLOAD_SUFFIXES)}）" in r.content.decode()
    r = client.post(reverse("jobs:new"), {"kind": "reports", "reports-district": org["other_district"].pk,
                                          "reports-year": "二〇二四"})
    page = r.content.decode()
    assert r.status_code == 400 and "请选择您负责的区" in page and "年度应为整数" in page
    assert Job.objects.count() == 0


def test_audit_uploads_take_every_format_the_audit_reads(settings):
    """The jobs form, the zip reader and both upload rules use the audit's one list of formats."""
    from django.utils.datastructures import MultiValueDict

    for suffix in UPLOAD_SUFFIXES:
        form = AuditForm(data={}, files=MultiValueDict({"files": [SimpleUploadedFile(f"报告{suffix}", b"x")]}))
        assert form.is_valid(), (suffix, form.errors)
    for name in ("宏.exe", "图.png", "演示.dps"):
        form = AuditForm(data={}, files=MultiValueDict({"files": [SimpleUploadedFile(name, b"x")]}))
        assert not form.is_valid() and f"{name}：不支持的文件类型" in str(form.errors)
    rules = {r["prefix"]: r["extensions"] for r in settings.JIXIAO_UPLOAD_RULES}
    assert rules["/jobs/"] == list(UPLOAD_SUFFIXES)
    assert rules[r"/evaluations/\d+/audit/"] == list(REPORT_SUFFIXES)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as zf:
        for name in ("a.xlsx", "b.html", "c.doc", "d.et", "e.mht", "f.exe", "g.png"):
            zf.writestr(name, b"x")
    with zipfile.ZipFile(packed) as zf:
        assert [m.filename for m in _zip_members(zf, "r.zip")] == ["a.xlsx", "b.html", "c.doc", "d.et", "e.mht"]


def test_who_sees_which_job(org, client):
    mine = services.create(kind="reports", owner=org["reviewer"], district=org["district"], year=2023)
    theirs = services.create(kind="reports", owner=org["other_reviewer"], district=org["other_district"], year=2023)
    login(client, org["reviewer"])
    assert client.get(reverse("jobs:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("jobs:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("jobs:progress", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("jobs:list")).content.decode()
    assert f"#{mine.pk}" in listing and f"#{theirs.pk}" not in listing
    login(client, org["admin"])
    assert client.get(reverse("jobs:detail", args=[theirs.pk])).status_code == 200
    assert client.post(reverse("jobs:cancel", args=[theirs.pk])).status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == JobStatus.CANCELLED and theirs.cancel_requested
    login(client, org["filler"])
    assert client.get(reverse("jobs:triage")).status_code == 403


def test_runner_claims(org, evaluation):
    job = services.create(kind="reports", owner=org["reviewer"], district=org["district"], year=2023)
    assert runner.execute(job.pk, RUNNERS) == "done"
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == (JobStatus.DONE, 1, 1, 1)
    first_result = job.result.name
    assert runner.execute(job.pk, RUNNERS) == "nothing to do"  # a redelivered message: no second result
    job.refresh_from_db()
    assert job.attempts == 1 and job.result.name == first_result
    # a job another live worker is running is left alone; one whose worker stopped reporting is taken over
    other = services.create(kind="reports", owner=org["reviewer"], district=org["district"], year=2023)
    Job.objects.filter(pk=other.pk).update(status=JobStatus.RUNNING, worker="elsewhere:1", attempts=1,
                                           heartbeat_at=timezone.now())
    with pytest.raises(runner.Busy):
        runner.execute(other.pk, RUNNERS)
    Job.objects.filter(pk=other.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert runner.execute(other.pk, RUNNERS) == "done"
    other.refresh_from_db()
    assert other.attempts == 2 and other.status == JobStatus.DONE


def test_failed_job_keeps_a_chinese_error(org):
    job = services.create(kind="reports", owner=org["reviewer"], district=org["district"], year=1999)
    assert runner.execute(job.pk, RUNNERS) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "深圳市龙岗区 1999 年度没有任何部门的评价"


def test_xlsx_user_text_stays_text():
    wb = Workbook()
    sheet(wb, "表", ["部门"], [["=1+2"], ["@SUM(A1)"], ["+86"]])
    buf = io.BytesIO()
    wb.save(buf)
    ws = load_workbook(io.BytesIO(buf.getvalue()))["表"]
    assert [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=1).data_type) for r in (2, 3, 4)] == [
        ("=1+2", "s"), ("@SUM(A1)", "s"), ("+86", "s")]
