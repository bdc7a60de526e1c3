"""Jobs through the real queue: real worker processes (prefork, 2 children) against the embedded
broker and against Redis, on the database the suite runs on (SQLite file, or PostgreSQL with
DATABASE_URL). A worker is SIGKILLed mid-job: another finishes it, nothing lost or duplicated."""

from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Department
from evaluations import services as evaluation_services
from evaluations.models import Evaluation, IndicatorScore
from jixiao import synth
from jobs.models import Job, JobStatus, SampleDraw

from .conftest import login
from .jobs_worker import REDIS_URL, Worker, clear_broker, redis_available, use_broker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
FW = "shenzhen-common"


@pytest.fixture(params=["embedded", "redis"])
def broker(request):
    url = None
    if request.param == "redis":
        if not redis_available():
            if os.environ.get("JIXIAO_REQUIRE_REDIS") == "1":
                pytest.fail(f"Redis does not answer at {REDIS_URL} (JIXIAO_REQUIRE_REDIS=1)")
            request.getfixturevalue("require")(False, f"Redis（{REDIS_URL}）")
        url = REDIS_URL
    clear_broker(url)
    use_broker(url)
    yield url
    use_broker(None)
    clear_broker(url)


@pytest.fixture
def workers(broker, settings, tmp_path):
    """Worker processes sharing this test's own file store (a fresh folder) and database."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(settings.MEDIA_ROOT)}}}
    started: list[Worker] = []

    def start(**kw) -> Worker:
        w = Worker(broker, name=f"w{len(started) + 1}", **kw)
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()


def make_district(org, n: int, *, seed: int = 21, projects: int = 4, submit: bool = True,
                  evidence: bool = False) -> list[Evaluation]:
    """``n`` departments' evaluations; with ``evidence``, a 佐证材料 file on each indicator scored by judgement
    (the evidence dir must be the test's own: settings.JIXIAO_EVIDENCE_DIR)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations import selectors
    from jixiao.core.scorecard import Status

    out = []
    for raw in synth.generate_many(FW, departments=n, years=(2024,), seed=seed, projects=projects, raw=True):
        dept = Department.objects.create(name=raw["department"], district=org["district"])
        ev = evaluation_services.create_evaluation(department=dept, year=2024, framework_id=FW, actor=org["reviewer"],
                                                   data=raw)
        if evidence:
            for leaf in selectors.scorecards(ev)[0].leaves():
                if any(p.status is Status.JUDGED and p.score for p in leaf.parts):
                    evaluation_services.add_evidence(evaluation=ev, indicator_id=leaf.id, actor=org["reviewer"],
                                                     upload=SimpleUploadedFile("材料.pdf", b"%PDF-1.4 evidence"))
            ev = Evaluation.objects.get(pk=ev.pk)
        if submit:
            evaluation_services.submit(evaluation=ev, actor=org["reviewer"])
        out.append(ev)
    return out


def job_of(response) -> Job:
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def finished(job: Job, status: str = JobStatus.DONE):
    def check():
        job.refresh_from_db()
        if job.status == JobStatus.FAILED and status != JobStatus.FAILED:
            raise AssertionError(f"job failed: {job.error}")
        return job.status == status
    return check


def test_reports_of_a_district_as_one_zip(org, client, workers):
    evaluations = make_district(org, 3, submit=False)
    worker = workers()
    login(client, org["reviewer"])
    job = job_of(client.post(reverse("jobs:new"), {"kind": "reports", "reports-district": org["district"].pk,
                                                   "reports-year": 2024}))
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("jobs:progress", args=[job.pk])}"' in page and 'hx-trigger="every 1s"' in page
    assert "<script>" not in page and "htmx" in page  # htmx from a static file, no inline script
    wait_for(finished(job), 120, "the reports job", worker)
    assert (job.done, job.total, job.attempts) == (3, 3, 1)
    fragment = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment and "已完成" in fragment and "下载结果" in fragment
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    names = sorted(zipfile.ZipFile(io.BytesIO(body)).namelist())
    assert len(names) == 6
    for ev in evaluations:
        folder = ev.department.name
        assert f"{folder}/2024-{folder}-自评报告（自评）.docx" in names
        assert f"{folder}/2024-{folder}-评分表（自评）.xlsx" in names
    from docx import Document

    first = evaluations[0].department.name
    doc = Document(io.BytesIO(zipfile.ZipFile(io.BytesIO(body)).read(f"{first}/2024-{first}-自评报告（自评）.docx")))
    assert any(first in p.text for p in doc.paragraphs)
    # the owner's history lists it; a filler gets 403 on the new-job page and 404 on the job
    assert f"#{job.pk}" in client.get(reverse("jobs:list")).content.decode()
    login(client, org["filler"])
    assert client.get(reverse("jobs:new")).status_code == 403
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404


def test_killed_worker_loses_no_job_and_no_result(org, workers):
    """kill -9 of the worker and its pool mid-job. Redis would hand the message out again only after its
    visibility timeout (an hour here, as in production): the sweeper of the next worker sees the job's
    stale heartbeat and queues it again at once; the embedded queue has no redelivery at all."""
    from jobs import services

    make_district(org, 10, submit=False, projects=20)
    first = workers(visibility_timeout=3600)
    job = services.create(kind="reports", owner=org["reviewer"], district=org["district"], year=2024)
    wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, done__gte=2).exists(), 120,
             "the job to be half-way", first, interval=0.05)
    first.kill()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.done < job.total and job.attempts == 1
    second = workers(visibility_timeout=3600)
    wait_for(finished(job), 180, "another worker to finish the job", second)
    assert job.attempts == 2 and job.done == job.total == 10
    assert "stopped" in second.output()  # the sweeper's log line: it, not the broker, brought the job back
    assert Job.objects.count() == 1
    listed = default_storage.listdir(f"jobs/{job.pk}")[1]
    assert listed == [job.result_name]  # one result: the second run replaced the first's, nothing duplicated
    with default_storage.open(job.result.name, "rb") as fh:
        names = zipfile.ZipFile(fh).namelist()
    assert len(names) == 20
    assert {n.split("/")[0] for n in names} == {ev.department.name for ev in Evaluation.objects.all()}


def _docx_reports(distinct: int, copies: int) -> bytes:
    from jixiao.core.engine import score
    from jixiao.core.inputs import DepartmentYear
    from jixiao.frameworks import load_framework
    from jixiao.writers.docx_report import build_report

    fw = load_framework(FW)
    made = []
    for raw in synth.generate_many(fw, departments=distinct, years=(2024,), seed=4, projects=30, raw=True):
        data = DepartmentYear.model_validate(raw)
        buf = io.BytesIO()
        build_report(score(fw, data), data).save(buf)
        made.append(buf.getvalue())
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as zf:
        for i in range(distinct * copies):
            zf.writestr(f"报告/{i:03d}.docx", made[i % distinct])
    return packed.getvalue()


def test_killed_worker_mid_split_audit_keeps_finished_parts(org, workers):
    """An audit split into parts (2 reports each) shared by the pool; kill -9 mid-way: the parts the dead
    worker held are queued again by the next worker's sweeper, the finished ones are kept, one result."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobs import services
    from jobs.models import JobPart

    packed = _docx_reports(4, 10)
    first = workers(visibility_timeout=3600)
    job = services.create(kind="audit", owner=org["reviewer"], uploads=[SimpleUploadedFile("报告.zip", packed)])
    wait_for(lambda: JobPart.objects.filter(job=job, finished=True).count() >= 2, 180, "some parts to finish",
             first, interval=0.05)
    first.kill()
    kept = set(JobPart.objects.filter(job=job, finished=True).values_list("index", flat=True))
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and len(kept) < 20, (job.status, kept)
    second = workers(visibility_timeout=3600)
    wait_for(finished(job), 240, "another worker to finish the audit", second)
    assert job.attempts == 1  # the job was not started afresh: only the lost parts ran again
    rows = job.summary["rows"]
    assert [r["index"] for r in rows] == list(range(40))
    assert not [r for r in rows if r.get("problem")]
    # each copy audited like its original, whichever worker (and which run of its part) did it
    assert all(Decimal(r["recomputed_total"]) > 0 and r["recomputed_total"] == rows[r["index"] % 4]["recomputed_total"]
               and r["department"] == rows[r["index"] % 4]["department"] for r in rows)
    with default_storage.open(job.result.name, "rb") as fh:
        names = zipfile.ZipFile(fh).namelist()
    assert sum(n.startswith("审核结果/") for n in names) == 40 and "审核汇总.xlsx" in names
    assert not default_storage.exists(f"jobs/{job.pk}/parts/0000.json")  # the parts' rows were cleared


def test_cancel_stops_a_running_job(org, client, workers):
    make_district(org, 10, submit=False, projects=20)
    worker = workers()
    login(client, org["reviewer"])
    job = job_of(client.post(reverse("jobs:new"), {"kind": "reports", "reports-district": org["district"].pk,
                                                   "reports-year": 2024}))
    wait_for(lambda: Job.objects.filter(pk=job.pk, done__gte=1).exists(), 120, "the job to start", worker, interval=0.05)
    assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 302
    wait_for(finished(job, JobStatus.CANCELLED), 60, "the job to stop", worker)
    assert job.done < job.total and not job.result
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_audit_of_uploaded_reports(org, client, workers, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.core.engine import score
    from jixiao.core.inputs import DepartmentYear
    from jixiao.frameworks import load_framework
    from jixiao.writers.docx_report import build_report

    fw = load_framework(FW)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as zf:
        for i, raw in enumerate(synth.generate_many(fw, departments=2, years=(2024,), seed=4, projects=4, raw=True)):
            data = DepartmentYear.model_validate(raw)
            buf = io.BytesIO()
            build_report(score(fw, data), data).save(buf)
            zf.writestr(f"报告/{i}.docx", buf.getvalue())
    worker = workers()
    login(client, org["reviewer"])
    job = job_of(client.post(reverse("jobs:new"), {"kind": "audit", "audit-files": [
        SimpleUploadedFile("两份报告.zip", packed.getvalue()),
        SimpleUploadedFile("坏文件.pdf", b"%PDF-1.4 this is not a pdf"),
    ]}))
    wait_for(finished(job), 180, "the audit job", worker)
    rows = job.summary["rows"]
    assert [r["file"] for r in rows] == ["两份报告.zip/报告/0.docx", "两份报告.zip/报告/1.docx", "坏文件.pdf"]
    assert rows[0]["framework"] and Decimal(rows[0]["recomputed_total"]) > 0 and "problem" not in rows[0]
    assert "坏文件.pdf" in rows[2]["problem"]
    with default_storage.open(job.result.name, "rb") as fh:
        names = zipfile.ZipFile(fh).namelist()
    assert "审核汇总.xlsx" in names and sum(n.startswith("审核结果/") for n in names) == 2


def test_triage_ranks_planted_problems_and_draws_reproducibly(org, client, workers, settings, tmp_path):
    settings.JIXIAO_EVIDENCE_DIR = tmp_path / "evidence"
    evaluations = make_district(org, 9, seed=33, evidence=True)  # evidence everywhere: its absence is no plant here
    boiler, tampered, formula = evaluations[2], evaluations[5], evaluations[7]
    for ev in (boiler, formula):
        data = dict(ev.data)
        for parts in data["judgements"].values():
            for answer in parts.values():
                answer["reason"] = "已完成"
        Evaluation.objects.filter(pk=ev.pk).update(data=data)
    Department.objects.filter(pk=formula.department_id).update(name="=HYPERLINK(\"http://x\")局")
    # self-scores stored with the evaluation that its own data no longer give
    Evaluation.objects.filter(pk=tampered.pk).update(total=tampered.total + Decimal("18"))
    worker = workers()
    login(client, org["reviewer"])
    form = {"district": org["district"].pk, "year": 2024, "riskiest": 3, "random_count": 2, "seed": 99}
    job = job_of(client.post(reverse("jobs:triage"), form))
    wait_for(finished(job), 240, "the triage job", worker)
    queue = job.summary["queue"]
    assert {q["evaluation"] for q in queue[:3]} == {boiler.pk, tampered.pk, formula.pk}, [(q["evaluation"], q["points"], [(s["label"], s["points"]) for s in q["signals"]]) for q in queue]
    top_tampered = next(q for q in queue if q["evaluation"] == tampered.pk)
    gap = next(s for s in top_tampered["signals"] if "自评总分" in s["reason"])
    assert Decimal(gap["points"]) == Decimal("18.00") and "（高 18 分）" in gap["reason"]
    assert Decimal(top_tampered["points"]) >= Decimal("18.00")
    draw = SampleDraw.objects.get(job=job)
    assert draw.seed == 99 and len(draw.chosen["riskiest"]) == 3 and len(draw.chosen["random"]) == 2
    again = job_of(client.post(reverse("jobs:triage"), form))
    wait_for(finished(again), 240, "the second triage job", worker)
    assert SampleDraw.objects.get(job=again).chosen == draw.chosen
    page = client.get(reverse("jobs:triage")).content.decode()
    assert page.count(">99<") == 2  # both draws in the history with their seed
    response = client.get(reverse("jobs:download", args=[job.pk]))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["复核排查队列"]
    cell = next(ws.cell(row=r, column=2) for r in range(2, ws.max_row + 1) if "HYPERLINK" in str(ws.cell(row=r, column=2).value))
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")局"
    assert IndicatorScore.objects.filter(evaluation=tampered).exists()
