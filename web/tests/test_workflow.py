"""The lifecycle as users drive it: enter, fail validation without losing anything, submit, review, finalise."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from evaluations import services
from evaluations.models import Action, Evaluation, HistoryEntry, Status

from .conftest import login

pytestmark = pytest.mark.django_db


def form_post(client, evaluation) -> dict:
    """The edit form as a browser would post it: every field with its shown value."""
    import re

    html = client.get(reverse("evaluations:edit", args=[evaluation.pk])).content.decode()
    post = {}
    for name, value in re.findall(r'<input name="([^"]+)" value="([^"]*)"', html):
        post[name] = value.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        first = re.search(r'<option value="([^"]*)"', body)
        post[name] = (chosen or first).group(1)
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        post[name] = body
    return post


def test_scorecard_page_shows_explanations_and_sources(client, org, evaluation):
    login(client, org["filler"])
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "97.9" in page and "编外人员控制率 43.21%（35/(46+35)）" in page
    assert "来源：编外人员数（劳务派遣+直接聘用）" in page and "staffing.contract" not in page


def test_form_round_trip_saves_the_same_scores(client, org, evaluation):
    login(client, org["filler"])
    before = Evaluation.objects.get(pk=evaluation.pk).total
    response = client.post(reverse("evaluations:edit", args=[evaluation.pk]), form_post(client, evaluation))
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).total == before == Decimal("97.90")


def test_bad_values_shown_next_to_fields_and_nothing_saved(client, org, evaluation):
    login(client, org["filler"])
    post = form_post(client, evaluation)
    post["budget.initial"] = "约3000"
    post["staffing.contract"] = "36"
    post["judgements.disclosure.budget.reason"] = ""
    post["projects[0].name"] = "新项目"
    post["projects[0].budget"] = "-5"
    before = Evaluation.objects.get(pk=evaluation.pk).data
    response = client.post(reverse("evaluations:edit", args=[evaluation.pk]), post)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-for="budget.initial">应为金额，读到 &#x27;约3000&#x27;' in page
    assert 'data-for="projects[0].budget"' in page and "金额不能为负数" in page
    assert 'value="36"' in page  # what was typed is still there
    assert Evaluation.objects.get(pk=evaluation.pk).data == before
    assert not HistoryEntry.objects.filter(evaluation=evaluation, action=Action.SAVED).exists()


def test_model_problems_are_attached_to_their_field(client, org, evaluation):
    login(client, org["filler"])
    post = form_post(client, evaluation)
    post["judgements.disclosure.budget.reason"] = ""
    post["satisfaction_pct"] = "-3"
    response = client.post(reverse("evaluations:edit", args=[evaluation.pk]), post)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-for="satisfaction_pct"' in page
    assert 'data-for="judgements.disclosure.budget.reason"' in page


def test_full_lifecycle_with_history(client, org, evaluation):
    login(client, org["filler"])
    assert client.post(reverse("evaluations:submit", args=[evaluation.pk])).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == Status.SUBMITTED
    # the filler can no longer edit
    assert client.get(reverse("evaluations:edit", args=[evaluation.pk])).status_code == 403

    login(client, org["reviewer"])
    response = client.post(reverse("evaluations:review", args=[evaluation.pk]),
                           {"indicator": "satisfaction", "score": "4", "reason": ""})
    assert response.status_code == 400  # the page again: the typed score kept, the message next to the reason
    page = response.content.decode()
    assert 'value="4" placeholder="复核得分' in page and 'data-for="reason">请写明复核理由' in page
    evaluation.refresh_from_db()
    assert evaluation.reviewed_total is None  # no reason, nothing saved
    client.post(reverse("evaluations:review", args=[evaluation.pk]),
                {"indicator": "satisfaction", "score": "4", "reason": "无满意度调查报告，按90%档计"})
    evaluation.refresh_from_db()
    assert evaluation.status == Status.UNDER_REVIEW
    assert evaluation.total == Decimal("97.90") and evaluation.reviewed_total == Decimal("95.90")
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert 'id="reviewed-total">95.9<' in page and 'id="self-total">97.9<' in page
    assert "无满意度调查报告，按90%档计" in page

    assert client.post(reverse("evaluations:return", args=[evaluation.pk]), {"reason": ""}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == Status.UNDER_REVIEW  # a return needs a reason
    client.post(reverse("evaluations:return", args=[evaluation.pk]), {"reason": "请补充满意度调查报告"})
    evaluation.refresh_from_db()
    assert evaluation.status == Status.RETURNED

    login(client, org["filler"])
    client.post(reverse("evaluations:submit", args=[evaluation.pk]))
    login(client, org["reviewer"])
    client.post(reverse("evaluations:finalise", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.status == Status.FINALISED

    actions = list(HistoryEntry.objects.filter(evaluation=evaluation).order_by("at", "id").values_list("action", flat=True))
    assert actions == ["created", "submitted", "review_started", "reviewed", "returned", "submitted",
                       "review_started", "finalised"]
    history = client.get(reverse("evaluations:history", args=[evaluation.pk])).content.decode()
    assert "请补充满意度调查报告" in history and "自评 6 分 → 复核 4 分" in history


def test_history_is_append_only(org, evaluation):
    entry = HistoryEntry.objects.filter(evaluation=evaluation).first()
    entry.summary = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_review_score_above_maximum_is_refused(org, evaluation):
    evaluation.status = Status.SUBMITTED
    evaluation.save()
    with pytest.raises(services.Problems) as exc:
        services.review_indicator(evaluation=evaluation, indicator_id="satisfaction", score="7", reason="x",
                                  actor=org["reviewer"])
    assert "0～6" in str(exc.value)


def test_submit_refused_while_data_missing(client, org):
    login(client, org["filler"])
    e = services.create_evaluation(department=org["department"], year=2024, framework_id="shenzhen-common",
                                   actor=org["filler"])
    client.post(reverse("evaluations:submit", args=[e.pk]))
    e.refresh_from_db()
    assert e.status == Status.DRAFT and e.total == 0 and not e.complete


def test_downloads_self_and_reviewed(client, org, evaluation):
    evaluation.status = Status.SUBMITTED
    evaluation.save()
    services.review_indicator(evaluation=evaluation, indicator_id="satisfaction", score="4", reason="复核调整",
                              actor=org["reviewer"])
    login(client, org["filler"])
    own = client.get(reverse("evaluations:download", args=[evaluation.pk, "xlsx"]))
    reviewed = client.get(reverse("evaluations:download", args=[evaluation.pk, "xlsx"]) + "?reviewed=1")
    totals = []
    for response in (own, reviewed):
        ws = load_workbook(BytesIO(b"".join(response.streaming_content)))["评分表"]
        totals.append(next(Decimal(str(ws.cell(row=r, column=7).value)) for r in range(4, 40)
                           if ws.cell(row=r, column=1).value == "合计"))
    assert totals == [Decimal("97.9"), Decimal("95.9")]
    doc = Document(BytesIO(b"".join(client.get(reverse("evaluations:download", args=[evaluation.pk, "docx"])).streaming_content)))
    assert "部门整体支出绩效自评报告" in doc.paragraphs[0].text


def test_excel_upload_reports_cells_and_imports(client, org, evaluation, tmp_path):
    login(client, org["filler"])
    template = b"".join(client.get(reverse("evaluations:template", args=[evaluation.pk])).streaming_content)
    wb = load_workbook(BytesIO(template))
    ws = wb["基本数据"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=5).value == "staffing.contract")
    ws.cell(row=row, column=2).value = "三十五"
    bad = BytesIO()
    wb.save(bad)
    response = client.post(reverse("evaluations:upload", args=[evaluation.pk]),
                           {"workbook": SimpleUploadedFile("填报.xlsx", bad.getvalue())})
    assert response.status_code == 400 and f"基本数据!B{row}" in response.content.decode()
    ws.cell(row=row, column=2).value = 40
    good = BytesIO()
    wb.save(good)
    response = client.post(reverse("evaluations:upload", args=[evaluation.pk]),
                           {"workbook": SimpleUploadedFile("填报.xlsx", good.getvalue())})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.data["staffing"]["contract"] == 40
    assert HistoryEntry.objects.filter(evaluation=evaluation, action=Action.IMPORTED).exists()
