"""The audit in the browser's pages: a reviewer uploads a published report for a department-year
(here a .docx edited by hand with python-docx: one score raised above its maximum), or audits the
report the system generates; findings with their evidence beside the scorecard; a finding becomes
a review note on its indicator."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from evaluations.models import Action, AuditRun, ReviewNote

from .conftest import login

pytestmark = pytest.mark.django_db


def planted_report(client, evaluation) -> bytes:
    """The system's own report, then edited as a person would in Word: 绩效指标明确性 7 → 9."""
    doc = Document(BytesIO(b"".join(client.get(reverse("evaluations:download", args=[evaluation.pk, "docx"])).streaming_content)))
    row = next(r for r in doc.tables[0].rows if r.cells[4].text == "绩效指标明确性")
    row.cells[6].paragraphs[0].runs[0].text = "9"
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def test_reviewer_uploads_a_report_and_sees_findings_with_evidence(client, org, evaluation):
    login(client, org["reviewer"])
    content = planted_report(client, evaluation)
    response = client.post(reverse("evaluations:audit", args=[evaluation.pk]),
                           {"source": "upload", "report": SimpleUploadedFile("2023年自评报告.docx", content)})
    assert response.status_code == 302
    said = client.get(response["Location"]).content.decode()
    assert "审查完成" in said, said[said.find('class="messages"'):][:400]
    run = AuditRun.objects.get(evaluation=evaluation)
    codes = [f["code"] for f in run.result["findings"]]
    assert "score_above_max" in codes
    page = client.get(reverse("evaluations:audit", args=[evaluation.pk])).content.decode()
    assert "审查结果：2023年自评报告.docx" in page
    assert "“绩效指标明确性”得 9 分，超过该指标分值 7 分" in page and "表1第6行第7格" in page
    assert 'id="audit-scorecard"' in page and "97.9" in page  # the scorecard beside the findings
    assert evaluation.history.filter(action=Action.AUDITED).count() == 1

    index = codes.index("score_above_max")
    client.post(reverse("evaluations:audit_note", args=[evaluation.pk, run.pk]), {"finding": str(index)})
    note = ReviewNote.objects.get(evaluation=evaluation)
    assert note.indicator_id == "indicator_clarity" and "超过该指标分值 7 分" in note.text and "表1第6行第7格" in note.text
    detail = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    row = detail.split('id="ind-indicator_clarity"')[1].split("</tr>")[0]
    assert "复核意见：报告审查（2023年自评报告.docx）" in row


def test_reviewer_audits_the_generated_report(client, org, evaluation):
    login(client, org["reviewer"])
    client.post(reverse("evaluations:audit", args=[evaluation.pk]), {"source": "generated", "reviewed": "0"})
    run = AuditRun.objects.get(evaluation=evaluation)
    assert run.source == "generated" and run.name == "本系统生成的自评报告（自评）"
    assert run.result["claimed_total"] == "97.9"
    assert "score_above_max" not in [f["code"] for f in run.result["findings"]]


def test_audit_refuses_what_it_cannot_read_and_is_for_reviewers(client, org, evaluation):
    login(client, org["reviewer"])
    response = client.post(reverse("evaluations:audit", args=[evaluation.pk]),
                           {"source": "upload", "report": SimpleUploadedFile("x.exe", b"MZ")})
    assert "的类型不能上传到这里" in client.get(response["Location"]).content.decode()
    assert not AuditRun.objects.exists()
    for who, code in (("filler", 403), ("admin", 403), ("other_reviewer", 404)):
        login(client, org[who])
        assert client.get(reverse("evaluations:audit", args=[evaluation.pk])).status_code == code, who


def test_the_audit_reads_a_report_by_the_evaluations_own_framework(client, org):
    """A report audited for a department-year is read against the framework that evaluation uses,
    not a near variant the report's 评分表 resembles as much (which would flag the system's own
    scores as wrong)."""
    from evaluations import services
    from jixiao.frameworks import load_framework

    from .conftest import seed_raw

    raw = seed_raw("mof2013-demo")
    e = services.create_evaluation(department=org["department"], year=raw["year"], framework_id=raw["framework"],
                                   actor=org["filler"], data=raw)
    login(client, org["reviewer"])
    client.post(reverse("evaluations:audit", args=[e.pk]), {"source": "generated", "reviewed": "0"})
    run = AuditRun.objects.get(evaluation=e)
    assert run.result["framework"] == load_framework(raw["framework"]).name
