"""A filler, in a browser: log in, create a year, fill the entry form, get told about a bad value
without losing what was typed, save, and read the score with its 扣分说明."""

from __future__ import annotations

import re

import pytest

from ..conftest import PASSWORD
from .conftest import log_in

from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

FIGURES = {  # what the filler types, field by field (万元, people, percentages)
    "budget.initial": "3000",
    "budget.adjusted": "3200.5",
    "budget.executed": "3100.25",
    "quarterly.1.progress_pct": "20",
    "quarterly.2.progress_pct": "45",
    "quarterly.3.progress_pct": "70",
    "quarterly.4.progress_pct": "96.88",
    "staffing.authorized": "46",
    "staffing.on_payroll": "44",
    "staffing.contract": "35",
    "projects[0].name": "社会治安综合治理专项",
    "projects[0].budget": "800",
    "projects[0].spent": "760",
    "satisfaction_pct": "93.5",
}
CHECKLIST = ("duties_policy", "allocation", "special_funds_detail", "classification")


def fill_entry_form(page, *, budget_initial: str) -> None:
    for name, value in {**FIGURES, "budget.initial": budget_initial}.items():
        page.locator(f'[name="{name}"]').fill(value)
    page.locator('[name="projects[0].planned_completion"]').select_option("是")
    page.locator('[name="projects[0].completed_on_time"]').select_option("是")
    base = "judgements.budget_rationality.checks"
    for item in CHECKLIST:
        page.locator(f'[name="{base}.items.{item}"]').select_option("是")
    page.locator(f'[name="{base}.items.not_fixed"]').select_option("否")
    page.locator(f'[name="{base}.reason"]').fill("个别项目连续三年安排但执行进度偏慢")
    page.locator('[name="judgements.disclosure.budget.level"]').select_option(label="按规定内容、时限、范围公开（1.5分）")
    page.locator('[name="judgements.disclosure.budget.reason"]').fill("2月在区政府网站公开")


def test_filler_creates_fills_and_reads_the_scorecard(page, site, org, shot):
    page.goto(site)
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_label("用户名").fill("filler")
    shot("01-login")
    log_in(page, site, "filler", PASSWORD)
    expect(page.get_by_role("heading", name="部门整体支出绩效评价")).to_be_visible()

    page.get_by_role("link", name="新建评价").click()
    expect(page.get_by_role("heading", name=re.compile("新建评价：中共深圳市龙岗区委政法委员会"))).to_be_visible()
    page.get_by_label("预算年度").fill("2025")
    page.get_by_label("指标体系").select_option("shenzhen-common")
    page.get_by_role("button", name="新建并填报").click()
    expect(page.get_by_role("heading", name=re.compile("填报：.*2025 年度"))).to_be_visible()

    # a value that is not an amount: refused, said in Chinese next to the field, the rest kept
    fill_entry_form(page, budget_initial="约3000")
    page.get_by_role("button", name="保存").click()
    error = page.locator('.err[data-for="budget.initial"]')
    expect(error).to_have_text("应为金额，读到 '约3000'")
    expect(page.locator('[name="budget.initial"]')).to_have_class(re.compile(r"\bbad\b"))
    expect(page.locator('[name="budget.initial"]')).to_have_value("约3000")
    for name, value in FIGURES.items():
        if name != "budget.initial":
            expect(page.locator(f'[name="{name}"]')).to_have_value(value)
    expect(page.locator('[name="judgements.budget_rationality.checks.reason"]')).to_have_value("个别项目连续三年安排但执行进度偏慢")
    expect(page.locator(".messages .error")).to_contain_text("未保存")
    error.scroll_into_view_if_needed()
    page.mouse.wheel(0, -200)
    shot("03-entry-form-error")

    page.locator('[name="budget.initial"]').fill("3000")
    page.get_by_role("button", name="保存").click()

    # the scorecard: a total, and every point lost explained
    expect(page.get_by_role("heading", name=re.compile("中共深圳市龙岗区委政法委员会 2025 年度"))).to_be_visible()
    total = page.locator("#self-total")
    expect(total).to_have_text(re.compile(r"^\d+(\.\d+)?$"))
    assert float(total.inner_text()) > 0
    expect(page.locator(".card", has=total)).to_contain_text("不完整")  # most judgements are still open
    staff = page.locator("#ind-contract_staff_control")
    expect(staff.locator(".self-score")).to_have_text("0")
    expect(staff.locator(".explain")).to_contain_text("编外人员控制率 44.30%（35/(44+35)），编外人员控制率>10%，不得分")
    rationality = page.locator("#ind-budget_rationality")
    expect(rationality.locator(".self-score")).to_have_text("4")
    expect(rationality.locator(".explain")).to_contain_text("扣")
    expect(page.locator("#ind-satisfaction .explain")).not_to_be_empty()
    shot("04-scorecard", full_page=False)
    history = page.locator("table").last
    expect(history).to_contain_text("保存数据")

    page.get_by_role("link", name="评价").first.click()
    expect(page.locator("table").first).to_contain_text("2025")
    shot("02-list")


def test_filler_sees_the_blank_entry_form(page, site, org, evaluation, shot):
    """The form as it first appears, filled from the stored input (seed 000)."""
    log_in(page, site, "filler", PASSWORD)
    page.goto(f"{site}/evaluations/{evaluation.pk}/edit/")
    expect(page.locator('[name="staffing.contract"]')).to_have_value("35")
    shot("03-entry-form")
    page.locator("#judgements").scroll_into_view_if_needed()
    shot("03-entry-form-judgements")
