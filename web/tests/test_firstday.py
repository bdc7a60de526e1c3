"""Issue 11 §1, the first-day problems a filler and a reviewer met, checked through the pages.

Each test names the problem it guards against; the browser-visible ones are also in e2e/."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from decimal import Decimal

from evaluations.models import Action, Evaluation, Status

from .conftest import login
from .test_workflow import form_post

pytestmark = pytest.mark.django_db


def edit(client, evaluation, post):
    return client.post(reverse("evaluations:edit", args=[evaluation.pk]), post)


def test_every_problem_of_a_save_at_once(client, org, evaluation):
    """A bad amount no longer hides the framework's problems (a score above its maximum, 档次) until the next save."""
    login(client, org["filler"])
    post = form_post(client, evaluation)
    post["satisfaction_pct"] = "-3"  # a model problem
    post["judgements.procurement.policy.score"] = "999"  # a framework problem: above the part's maximum
    post["judgements.procurement.policy.reason"] = "按规定执行"
    response = edit(client, evaluation, post)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-for="satisfaction_pct"' in page
    # the framework's check, in the same answer and next to its field
    assert re.search(r'data-for="judgements.procurement.policy.score">评定得分 999 超出范围 0～\d', page)


def test_problem_lines_name_fields_in_chinese(client, org, evaluation):
    login(client, org["filler"])
    post = form_post(client, evaluation)
    post["targets[0].name"] = "满意度调查"
    post["targets[0].category"] = "不存在的类别"
    post["targets[0].weight"] = "2"
    post["targets[0].kind"] = "定性"
    post["targets[0].level"] = "达成"
    post["targets[0].reason"] = ""
    page = edit(client, evaluation, post).content.decode()
    assert "须写明理由" in page
    text = re.sub(r"<[^>]+>", " ", page.split("<body")[1])  # what a person reads: no tags, no attributes
    for internal in ("targets[", "reason", "judgements.", "budget."):
        assert internal not in text, internal


def test_wrong_upload_is_named_plainly(client, org, evaluation):
    login(client, org["filler"])
    response = client.post(reverse("evaluations:upload", args=[evaluation.pk]),
                           {"workbook": SimpleUploadedFile("填报.xlsx", b"this is not a workbook")}, follow=True)
    page = response.content.decode()
    assert re.search(r"“填报.xlsx”不是 .xlsx 文件（内容不是 ?Excel 工作簿）", page)
    assert "zip" not in page and "/tmp" not in page and "upload.xlsx" not in page


def test_damaged_workbook_is_named_plainly(tmp_path):
    """A file that starts like a zip but is not a workbook: the importer's words, not the zip library's."""
    from jixiao.frameworks import load_framework
    from jixiao.io.excel_import import import_workbook
    from jixiao.io.inputs import InputError

    path = tmp_path / "填报.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(InputError) as caught:
        import_workbook(path, load_framework("shenzhen-common"))
    text = str(caught.value.problems[0])
    assert "不是有效的 Excel 文件（.xlsx）" in text and "zip" not in text.lower() and str(tmp_path) not in text


def _submit_review_return(org, evaluation, *, indicator: str, score: str):
    from evaluations import services

    services.submit(evaluation=evaluation, actor=org["filler"])
    services.review_indicator(evaluation=evaluation, indicator_id=indicator, score=score,
                              reason="编外人员超标，维持不得分", actor=org["reviewer"])
    services.return_evaluation(evaluation=evaluation, reason="请补充编外人员的审批文件", actor=org["reviewer"])
    evaluation.refresh_from_db()


def test_review_goes_stale_when_the_data_behind_it_changes(client, org, evaluation):
    from evaluations import services

    _submit_review_return(org, evaluation, indicator="contract_staff_control", score="0")
    assert evaluation.reviewed_total == evaluation.total == Decimal("97.90")
    raw = dict(evaluation.data)
    raw["staffing"] = {**raw["staffing"], "contract": 1}  # now within 10%: the self score is full marks
    services.save_input(evaluation=evaluation, raw=raw, actor=org["filler"])
    evaluation.refresh_from_db()
    # the old deduction no longer counts: the reviewed total is not below the self total
    assert evaluation.total == Decimal("98.90")
    assert evaluation.reviewed_total is None or evaluation.reviewed_total >= evaluation.total
    services.submit(evaluation=evaluation, actor=org["filler"])
    login(client, org["reviewer"])
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "1 项复核待确认" in page and "复核时自评 0 分，填报数据变更后自评 1 分" in page
    assert "确认原复核得分 0 分" in page
    # the reviewer confirms the old score: it counts again
    client.post(reverse("evaluations:review", args=[evaluation.pk]),
                {"indicator": "contract_staff_control", "score": "0", "reason": "确认原复核：审批文件不全"})
    evaluation.refresh_from_db()
    assert evaluation.reviewed_total == Decimal("97.90")
    assert "项复核待确认" not in client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()


def test_withdraw_before_review_starts_only(client, org, evaluation):
    from evaluations import services

    login(client, org["filler"])
    client.post(reverse("evaluations:submit", args=[evaluation.pk]))
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "withdraw-box" in page and 'data-confirm="提交后' not in page
    assert client.post(reverse("evaluations:withdraw", args=[evaluation.pk])).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == Status.DRAFT
    assert evaluation.history.filter(action=Action.WITHDRAWN).count() == 1
    client.post(reverse("evaluations:submit", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    services.review_indicator(evaluation=evaluation, indicator_id="satisfaction", score="4", reason="无调查报告",
                              actor=org["reviewer"])
    assert "withdraw-box" not in client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert client.post(reverse("evaluations:withdraw", args=[evaluation.pk])).status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.status == Status.UNDER_REVIEW


def test_submit_and_finalise_ask_for_confirmation(client, org, evaluation):
    login(client, org["filler"])
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert re.search(r'action="/evaluations/\d+/submit/" data-confirm="[^"]+"', page)
    client.post(reverse("evaluations:submit", args=[evaluation.pk]))
    login(client, org["reviewer"])
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert re.search(r'action="/evaluations/\d+/finalise/" data-confirm="[^"]+"', page)


def test_return_reason_banner_on_evaluation_and_edit_pages(client, org, evaluation):
    _submit_review_return(org, evaluation, indicator="satisfaction", score="4")
    login(client, org["filler"])
    for url in (reverse("evaluations:detail", args=[evaluation.pk]), reverse("evaluations:edit", args=[evaluation.pk])):
        page = client.get(url).content.decode()
        banner = re.search(r'<div class="banner returned" id="returned-banner"[^>]*>(.*?)</div>', page, re.S)
        assert banner and "请补充编外人员的审批文件" in banner.group(1) and "reviewer" in banner.group(1)


def test_monitoring_date_defaults_and_errors():
    from datetime import date

    from evaluations.asof import default_as_of, read_as_of

    assert default_as_of(2026, date(2026, 12, 2)) == date(2026, 9, 30)  # December: not 06-30
    assert default_as_of(2026, date(2026, 7, 1)) == date(2026, 6, 30)
    assert default_as_of(2026, date(2026, 2, 1)) == date(2026, 3, 31)
    assert default_as_of(2024, date(2026, 12, 2)) == date(2024, 12, 31)
    assert read_as_of("2024-13-45", 2024)[0] is None


def test_monitoring_pages_refuse_an_invalid_date_and_name_projects(client, org):
    from evaluations import services

    from .conftest import seed_raw

    raw = seed_raw("seed-004")
    raw["projects"][0]["quarterly_spent"] = [0, 0]  # far behind the 6-月末 warning line
    e = services.create_evaluation(department=org["department"], year=2024, framework_id=raw["framework"],
                                   actor=org["filler"], data=raw)
    login(client, org["filler"])
    response = client.get(reverse("evaluations:plan", args=[e.pk]) + "?as_of=2024-06-31")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-for="as_of">截至日期“2024-06-31”无法识别' in page and 'id="monitoring"' not in page
    page = client.get(reverse("evaluations:plan", args=[e.pk]) + "?as_of=2024-06-30").content.decode()
    warnings = re.search(r'<div class="card" id="warnings">(.*?)</div>', page, re.S).group(1)
    assert f"项目“{raw['projects'][0]['name']}”截至6月末支出进度 0.00%" in warnings
    page = client.get(reverse("evaluations:plan", args=[e.pk])).content.decode()
    assert 'value="2024-12-31"' in page  # a past year: its last day, not mid-year
    login(client, org["reviewer"])
    response = client.get(reverse("dashboards:monitoring") + "?year=2024&as_of=2024/6/30")
    assert response.status_code == 400 and "无法识别" in response.content.decode()
    page = client.get(reverse("dashboards:monitoring") + "?year=2024&as_of=2024-06-30").content.decode()
    assert f"项目“{raw['projects'][0]['name']}”" in page


def test_api_docs_behind_login_and_served_locally(client, org):
    response = client.get("/api/docs")
    assert response.status_code == 302 and "/login/" in response["Location"]
    login(client, org["reviewer"])
    page = client.get("/api/docs").content.decode()
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert scripts and all(s.startswith("/static/") for s in scripts), scripts
    for src in scripts:
        body = client.get(src)
        assert body.status_code == 200, src
    assert "SwaggerUIBundle" in b"".join(client.get("/static/ninja/swagger-ui-bundle.js").streaming_content).decode()


def test_new_evaluation_form_defaults_to_the_districts_framework(client, org):
    login(client, org["filler"])  # a 龙岗区 department
    page = client.get(reverse("evaluations:new")).content.decode()
    chosen = re.search(r'<option value="([^"]+)" selected>([^<]+)</option>', page)
    assert chosen.group(1) == "shenzhen-common" and "龙岗区" in chosen.group(2)
    assert "种子" not in page and "shenzhen-common</option>" not in page and "（shenzhen" not in page
    assert "所属区：深圳市龙岗区" in page
    login(client, org["stranger"])  # a 罗湖区 department
    page = client.get(reverse("evaluations:new")).content.decode()
    assert re.search(r'<option value="shenzhen-luohu" selected>', page)
    response = client.post(reverse("evaluations:new"), {"year": "2025", "framework": "shenzhen-luohu"})
    evaluation = Evaluation.objects.get(department=org["other_department"], year=2025)
    assert response.status_code == 302 and evaluation.data["district"] == "深圳市罗湖区"  # 所属区 filled


def test_lists_show_framework_names_not_ids(client, org, evaluation):
    login(client, org["filler"])
    page = client.get(reverse("evaluations:list")).content.decode()
    assert "深圳·龙岗区口径" in page and "shenzhen-common" not in page
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "shenzhen-common" not in re.sub(r"<[^>]+>", "", page)


def test_dashboards_label_reviewed_scores_link_and_show_status(client, org, evaluation):
    from evaluations import services

    services.submit(evaluation=evaluation, actor=org["filler"])
    services.review_indicator(evaluation=evaluation, indicator_id="satisfaction", score="3", reason="无调查报告",
                              actor=org["reviewer"])
    login(client, org["reviewer"])
    page = client.get(reverse("dashboards:table") + "?year=2023").content.decode()
    row = re.search(r"<tr><td><a href=\"/evaluations/%d/\">.*?</tr>" % evaluation.pk, page, re.S).group(0)
    assert "复核中" in row and 'class="basis-复核">复核<' in row
    page = client.get(reverse("dashboards:overview") + "?year=2023").content.decode()
    assert "已复核的评价按复核后得分（1 个），其余按自评得分（0 个）" in page
    assert f'href="/evaluations/{evaluation.pk}/"' in page
    page = client.get(reverse("dashboards:department", args=[org["department"].pk])).content.decode()
    assert f'<a href="/evaluations/{evaluation.pk}/">2023</a>' in page and "复核·复核中" in page
    for url in (reverse("dashboards:overview"), reverse("dashboards:department", args=[org["department"].pk])):
        body = client.get(url).content.decode()
        assert "<script>" not in body and "onchange=" not in body  # a strict CSP holds


def test_search_and_filter_keep_the_search_across_pages(client, org):
    from accounts.models import Department
    from evaluations import services

    from .conftest import seed_raw

    raw = seed_raw()
    for i in range(55):  # more than one page of 50
        dept = Department.objects.create(name=f"测试街道办事处{i:02d}", district=org["district"])
        services.create_evaluation(department=dept, year=2023 + i % 2, framework_id="shenzhen-common",
                                   actor=org["filler"], data=raw)
    login(client, org["reviewer"])
    page = client.get(reverse("evaluations:list") + "?q=街道&year=2023").content.decode()
    assert "共 28 项符合条件" in page
    page = client.get(reverse("evaluations:list") + "?q=街道").content.decode()
    nxt = re.search(r'<a href="([^"]+)">下一页</a>', page).group(1).replace("&amp;", "&")
    assert "q=%E8%A1%97%E9%81%93" in nxt or "q=街道" in nxt
    page2 = client.get(reverse("evaluations:list") + nxt).content.decode()
    assert "第 2 / 2 页（共 55 项）" in page2 and "政法委员会" not in page2
    page = client.get(reverse("evaluations:list") + "?grade=优&status=draft").content.decode()
    assert "共 55 项符合条件" in page  # seed 000 scores 优
    page = client.get(reverse("evaluations:list") + "?grade=差").content.decode()
    assert "没有符合条件的评价" in page


def test_header_shows_what_waits_for_me(client, org, evaluation):
    from evaluations import services

    login(client, org["reviewer"])
    page = client.get(reverse("evaluations:list")).content.decode()
    assert re.search(r'status=submitted"[^>]*>待复核 <b>0</b>', page)
    services.submit(evaluation=evaluation, actor=org["filler"])
    page = client.get(reverse("evaluations:list")).content.decode()
    assert re.search(r'status=submitted" class="hot">待复核 <b>1</b>', page)
    login(client, org["other_reviewer"])  # another district: nothing waits
    assert re.search(r'待复核 <b>0</b>', client.get(reverse("evaluations:list")).content.decode())
    evaluation.refresh_from_db()
    services.return_evaluation(evaluation=evaluation, reason="请补充材料", actor=org["reviewer"])
    login(client, org["filler"])
    page = client.get(reverse("evaluations:list")).content.decode()
    assert re.search(r'status=returned" class="hot">退回待改 <b>1</b>', page)


def test_field_level_history_old_new_who_when_why(client, org, evaluation):
    login(client, org["filler"])
    post = form_post(client, evaluation)
    post["staffing.contract"] = "30"
    post["budget.executed"] = "5120.5"
    post["_note"] = "按人事科核定数更正"
    response = edit(client, evaluation, post)
    assert response.status_code == 302, re.findall(r"class=.err.[^>]*>[^<]*", response.content.decode())
    entry = evaluation.history.filter(action="saved").latest("id")
    changes = {c["label"]: (c["old"], c["new"]) for c in entry.details["fields"]}
    assert changes["编外人员数（劳务派遣+直接聘用）"] == ("35", "30")
    assert changes["执行数（全年实际支出）"] == ("5119.37", "5120.5")
    assert entry.reason == "按人事科核定数更正" and entry.actor == org["filler"]
    page = client.get(reverse("evaluations:history", args=[evaluation.pk])).content.decode()
    assert re.search(r"<td>编外人员数（劳务派遣\+直接聘用）</td><td class=\"old\">35</td><td class=\"new\">30</td>", page)
    assert "按人事科核定数更正" in page and "staffing.contract" not in page


def test_pdf_download_of_self_and_reviewed_reports(client, org, evaluation, tmp_path):
    import subprocess

    from evaluations import services

    services.submit(evaluation=evaluation, actor=org["filler"])
    evaluation.refresh_from_db()
    services.review_indicator(evaluation=evaluation, indicator_id="satisfaction", score="4", reason="无调查报告",
                              actor=org["reviewer"])
    login(client, org["reviewer"])
    texts = {}
    for query, label in (("", "自评"), ("?reviewed=1", "复核")):
        response = client.get(reverse("evaluations:download", args=[evaluation.pk, "pdf"]) + query)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert f"自评报告（{label}）.pdf" in response["Content-Disposition"].encode("latin-1").decode("utf-8", "replace") \
            or "filename*=" in response["Content-Disposition"]
        path = tmp_path / f"{label}.pdf"
        path.write_bytes(b"".join(response.streaming_content))
        texts[label] = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                      check=True).stdout
    assert "经自评" in texts["自评"] and "97.9" in texts["自评"]
    assert "经复核" in texts["复核"] and "95.9" in texts["复核"]


def test_pdf_unavailable_is_said_plainly(client, org, evaluation, monkeypatch):
    monkeypatch.setattr("jixiao.writers.pdf.find_soffice", lambda: None)
    login(client, org["filler"])
    response = client.get(reverse("evaluations:download", args=[evaluation.pk, "pdf"]))
    assert response.status_code == 503 and "暂不能生成 PDF" in response.content.decode()
