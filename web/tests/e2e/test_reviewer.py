"""A reviewer, in a browser: open a submitted evaluation, set a reviewed score with a reason, see
self and reviewed side by side, and find the change in the history. And what a filler may not see."""

from __future__ import annotations

import re

import pytest

from evaluations.models import Status

from ..conftest import PASSWORD
from .conftest import log_in

from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "未附满意度调查报告，按 90% 档计"


def test_reviewer_sets_a_score_and_finds_it_in_the_history(page, site, org, evaluation, shot):
    evaluation.status = Status.SUBMITTED
    evaluation.save(update_fields=["status"])

    log_in(page, site, "reviewer", PASSWORD, next_path="/evaluations/")
    row = page.get_by_role("row", name=re.compile("中共深圳市龙岗区委政法委员会"))
    expect(row).to_contain_text("已提交")
    row.get_by_role("link", name="中共深圳市龙岗区委政法委员会").click()

    expect(page.locator("#self-total")).to_have_text("97.9")
    expect(page.locator("#reviewed-total")).to_have_count(0)
    satisfaction = page.locator("#ind-satisfaction")
    expect(satisfaction.locator(".self-score")).to_have_text("6")
    expect(satisfaction.locator(".reviewed-score")).to_have_text("—")

    # a reason is required: the browser says so at the field, and the typed score stays
    satisfaction.get_by_label("复核得分").fill("4")
    satisfaction.get_by_role("button", name="保存复核").click()
    reason = satisfaction.get_by_label("复核理由")
    assert reason.evaluate("el => el.validationMessage") != ""
    expect(satisfaction.get_by_label("复核得分")).to_have_value("4")
    expect(page.locator("#reviewed-total")).to_have_count(0)

    # a score the server refuses: the page comes back with both fields as typed, the message beside the score
    satisfaction.get_by_label("复核得分").fill("9")
    reason.fill(REASON)
    satisfaction.get_by_role("button", name="保存复核").click()
    satisfaction = page.locator("#ind-satisfaction")
    expect(satisfaction.locator('.err[data-for="score"]')).to_have_text(re.compile("复核得分应在 0～6 之间，读到 9"))
    expect(satisfaction.get_by_label("复核得分")).to_have_value("9")
    expect(satisfaction.get_by_label("复核理由")).to_have_value(REASON)
    expect(satisfaction.locator('.err[data-for="score"]')).to_be_in_viewport()
    shot("05-review-refused")
    expect(page.locator("#reviewed-total")).to_have_count(0)

    satisfaction.get_by_label("复核得分").fill("4")
    satisfaction.get_by_role("button", name="保存复核").click()

    expect(page.locator(".messages")).to_contain_text("复核得分已保存")
    expect(page.locator("h1 .badge")).to_have_text("复核中")
    expect(page.locator("#self-total")).to_have_text("97.9")
    expect(page.locator("#reviewed-total")).to_have_text("95.9")
    satisfaction = page.locator("#ind-satisfaction")
    expect(satisfaction.locator(".self-score")).to_have_text("6")
    expect(satisfaction.locator(".reviewed-score")).to_have_text("4")
    expect(satisfaction).to_contain_text(f"复核：4 分（reviewer，")
    expect(satisfaction).to_contain_text(REASON)
    expect(page.locator("#scorecard tfoot")).to_contain_text("95.9")
    page.evaluate("window.scrollTo(0, 0)")
    shot("05-scorecard-reviewed")
    satisfaction.scroll_into_view_if_needed()
    page.mouse.wheel(0, 250)
    shot("05-scorecard-reviewed-row")

    page.get_by_role("link", name="全部变更记录").click()
    history = page.locator("#history")
    reviewed = history.get_by_role("row").filter(has_text="复核评分")
    expect(reviewed).to_have_count(1)
    expect(reviewed).to_contain_text("复核“公众或服务对象满意度”：自评 6 分 → 复核 4 分")
    expect(reviewed).to_contain_text(REASON)
    expect(reviewed).to_contain_text("reviewer")
    expect(history.get_by_role("row").filter(has_text="开始复核")).to_have_count(1)
    expect(history.get_by_role("row").nth(1)).to_contain_text("新建")  # oldest first
    shot("06-history")


def test_filler_typing_another_departments_url_is_refused(page, site, org, evaluation, other_evaluation, shot):
    log_in(page, site, "stranger", PASSWORD)
    expect(page.locator("table").first).to_contain_text("深圳市罗湖区东晓街道办事处")
    expect(page.locator("table").first).not_to_contain_text("龙岗")
    for path in (f"/evaluations/{evaluation.pk}/", f"/evaluations/{evaluation.pk}/edit/",
                 f"/evaluations/{evaluation.pk}/history/", f"/evaluations/{evaluation.pk}/download/xlsx/",
                 f"/api/evaluations/{evaluation.pk}", f"/api/evaluations/{evaluation.pk}/scorecard"):
        response = page.goto(site + path)
        assert response.status == 404, path
        body = page.content()
        assert "中共深圳市龙岗区委政法委员会" not in body and "龙岗" not in body, path
        assert "97.9" not in body, path
    page.goto(f"{site}/evaluations/{evaluation.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("没有找到")
    shot("10-not-found")
    # a made-up id reads exactly the same: nothing tells "exists" from "does not"
    missing = page.goto(f"{site}/evaluations/{evaluation.pk + 1000}/")
    assert missing.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("没有找到")
    # and the dashboards are not for fillers at all
    assert page.goto(f"{site}/dashboards/").status == 403
