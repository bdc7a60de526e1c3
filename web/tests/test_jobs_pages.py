"""Jobs without a worker: forms and their Chinese errors, who sees what, the runner's claim rules
(a second run of a finished job does nothing; a live worker's job is not taken; a dead one's is)."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from evaluations import selectors
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


def test_rescore_job_is_the_library_rescore(org, monkeypatch):
    """The rescore job runs jixiao.rescore.rescore (the one definition, as the 测算 page does) and writes its
    comparison workbook; one unfinished key task: 8 − 4 = 4 under Longgang's rule, 8 − 1 = 7 under Yantian's."""
    import jixiao.rescore
    from accounts.models import Department
    from evaluations import services as evaluation_services
    from jixiao import synth
    from jixiao.frameworks import load_framework

    fw = load_framework("shenzhen-common")
    for data in synth.generate_many(fw, departments=3, years=(2024,), seed=5, projects=3):
        department, _ = Department.objects.get_or_create(name=data.department, defaults={"district": org["district"]})
        raw = data.model_dump(mode="python", exclude_none=True)
        raw.update(district=org["district"].name, framework=fw.id)
        raw["key_tasks"] = [{"name": "甲项重点工作", "completed": False}, {"name": "乙项重点工作", "completed": True}]
        evaluation_services.create_evaluation(department=department, year=2024, framework_id=fw.id, actor=org["admin"],
                                              data=raw)
    calls = []
    real = jixiao.rescore.rescore

    def spy(inputs, new_framework, **kw):
        calls.append(new_framework.id)
        return real(inputs, new_framework, **kw)

    monkeypatch.setattr(jixiao.rescore, "rescore", spy)
    job = services.create(kind="rescore", owner=org["reviewer"], district=org["district"], year=2024,
                          params={"framework_id": "shenzhen-yantian-2023"})
    assert runner.execute(job.pk, RUNNERS) == "done"
    job.refresh_from_db()
    assert calls == ["shenzhen-yantian-2023"]
    rows = job.summary["rows"]
    assert len(rows) == 3 and (job.done, job.total) == (3, 3)
    for r in rows:
        assert r["framework"] == "shenzhen-common" and not r["problems"]
        assert Decimal(r["new_total"]) - Decimal(r["total"]) == Decimal(r["change"]) == 3
    with job.result.open("rb") as fh:
        wb = load_workbook(fh)
    assert wb.sheetnames == ["总分对比", "变动指标"]
    moved = [[c.value for c in row] for row in wb["变动指标"].iter_rows(min_row=2)]
    assert sorted(r[0] for r in moved if r[2] == "重点工作完成情况") == sorted(r["department"] for r in rows)
    assert all((m[4], m[5]) == (4, 7) for m in moved if m[2] == "重点工作完成情况")


def test_triage_counts_missing_evidence(org, settings, tmp_path):
    """佐证材料 in the triage: every department has evidence on each judged indicator except two planted
    ones — one with none at all, one missing the evidence the reviewer asked for at a 退回. Both rank
    first, with the evidence reason and its points."""
    from accounts.models import Department
    from evaluations import services as evaluation_services
    from evaluations.models import Evaluation
    from jixiao import synth
    from jixiao.core.scorecard import Status

    settings.JIXIAO_EVIDENCE_DIR = tmp_path / "evidence"
    reviewer = org["reviewer"]
    evaluations = []
    for raw in synth.generate_many("shenzhen-common", departments=8, years=(2024,), seed=41, projects=4, raw=True):
        dept = Department.objects.create(name=raw["department"], district=org["district"])
        evaluations.append(evaluation_services.create_evaluation(department=dept, year=2024, framework_id="shenzhen-common",
                                                                 actor=reviewer, data=raw))
    none, asked = evaluations[2], evaluations[5]

    def judged_of(ev):
        card = selectors.scorecards(ev)[0]
        return card, {leaf.id: leaf for leaf in card.leaves() if any(p.status is Status.JUDGED and p.score for p in leaf.parts)}

    card, judged_asked = judged_of(asked)
    wanted = max((leaf for leaf in card.leaves() if leaf.id not in judged_asked and leaf.score), key=lambda leaf: leaf.score)
    _, judged = judged_of(none)
    assert len(judged) >= 3
    for ev in evaluations:
        if ev is not none:
            for ident in judged_of(ev)[1]:
                evaluation_services.add_evidence(evaluation=ev, indicator_id=ident, actor=reviewer,
                                                 upload=SimpleUploadedFile(f"{ident}.pdf", b"%PDF-1.4 evidence"))
        evaluation_services.submit(evaluation=Evaluation.objects.get(pk=ev.pk), actor=reviewer)
    evaluation_services.return_evaluation(evaluation=Evaluation.objects.get(pk=asked.pk), reason="请补充佐证材料",
                                          actor=reviewer, evidence_for=[wanted.id])
    evaluation_services.submit(evaluation=Evaluation.objects.get(pk=asked.pk), actor=reviewer)

    job = services.start_triage(owner=reviewer, district=org["district"], year=2024, riskiest=2, random_count=0,
                                seed=7, audit=False)
    assert runner.execute(job.pk, RUNNERS) == "done"
    job.refresh_from_db()
    queue = job.summary["queue"]
    assert len(queue) == 8
    order = [q["evaluation"] for q in queue]
    assert order[0] == none.pk, [(q["department"], q["points"]) for q in queue]
    # the other departments' risk here comes from the target-quality check of the synthetic targets; the
    # evidence the reviewer asked for lifts the second planted one into the upper half of the queue
    assert order.index(asked.pk) < len(queue) // 2, [(q["department"], q["points"]) for q in queue]
    top = {q["evaluation"]: q for q in queue}
    missing = [s for s in top[none.pk]["signals"] if s["label"] == "缺佐证材料"]
    assert len(missing) == len(judged)
    for leaf in judged.values():
        earned = sum(p.score for p in leaf.parts if p.status is Status.JUDGED and p.score)
        [s] = [s for s in missing if s["reason"].startswith(f"“{leaf.name}”")]
        assert s["reason"] == f"“{leaf.name}”评判得 {selectors_score(earned)} 分，未上传佐证材料"
        assert Decimal(s["points"]) == (earned / 2).quantize(Decimal("0.01"))  # triage.yaml: evidence_missing_share 0.5
    half = sum(Decimal(s["points"]) for s in missing)
    assert half > 0 and Decimal(top[none.pk]["points"]) >= half
    request = [s for s in top[asked.pk]["signals"] if s["label"] == "缺佐证材料"]
    assert [s["reason"] for s in request] == [f"“{wanted.name}”复核人要求补充佐证材料，仍未上传（该指标得 "
                                              f"{selectors_score(wanted.score)} 分）"]
    assert Decimal(request[0]["points"]) == wanted.score
    assert Decimal(top[asked.pk]["points"]) >= wanted.score
    for q in queue:
        if q["evaluation"] not in (none.pk, asked.pk):
            assert not [s for s in q["signals"] if s["label"] == "缺佐证材料"]
            assert Decimal(q["points"]) < Decimal(top[none.pk]["points"])


def selectors_score(value) -> str:
    from jixiao.core.numbers import fmt_score

    return fmt_score(value)
