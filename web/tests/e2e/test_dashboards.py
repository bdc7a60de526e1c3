"""The bureau's dashboards in a browser: ECharts draws every chart, the ranking table sorts by a
clicked header, and a department's years have their trend chart."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from accounts.models import Department
from evaluations import services
from evaluations.models import Status
from jixiao import synth
from jixiao.frameworks import load_framework

from ..conftest import PASSWORD
from .conftest import log_in

from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

CHARTS = ("chart-dist", "chart-grades", "chart-losses", "chart-quarters")


@pytest.fixture
def district_years(org):
    """Six synthetic departments × two years in the reviewer's district, submitted."""
    fw = load_framework("shenzhen-common")
    made = []
    for data in synth.generate_many(fw, departments=6, years=(2023, 2024), seed=11, projects=4):
        department, _ = Department.objects.get_or_create(name=data.department, defaults={"district": org["district"]})
        raw = data.model_dump(mode="python", exclude_none=True)
        raw.update(district=org["district"].name, framework=fw.id)
        e = services.create_evaluation(department=department, year=data.year, framework_id=fw.id,
                                       actor=org["admin"], data=raw)
        e.status = Status.SUBMITTED
        e.save(update_fields=["status"])
        made.append(e)
    return made


def _numbers(cells) -> list[Decimal | None]:
    return [None if t.strip() == "—" else Decimal(t.strip()) for t in cells.all_inner_texts()]


def test_dashboard_draws_its_charts(page, site, org, district_years, shot):
    log_in(page, site, "reviewer", PASSWORD)
    expect(page).to_have_url(re.compile(r"/dashboards/$"))  # the bureau's home
    expect(page.get_by_role("heading", name="部门整体支出绩效看板")).to_be_visible()
    page.wait_for_function("() => window.echarts !== undefined")
    for chart in CHARTS:
        expect(page.locator(f"#{chart} canvas").first).to_be_attached()
        box = page.locator(f"#{chart} canvas").first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 200, chart
    expect(page.locator("#losses tbody tr")).not_to_have_count(0)
    expect(page.locator("#quarters tbody tr")).to_have_count(6)
    expect(page.get_by_text("共 6 个部门评价")).to_be_visible()
    page.wait_for_timeout(1200)  # let the charts' entry animation finish for the picture
    shot("07-dashboard")
    shot("07-dashboard-full", full_page=True)

    # the other year, chosen from the dropdown
    page.locator("form.actions select[name=year]").select_option("2023")
    expect(page).to_have_url(re.compile(r"year=2023"))
    expect(page.locator("#chart-dist canvas").first).to_be_attached()

    # a department's years
    name = district_years[0].department.name
    page.locator("form.actions select:not([name])").select_option(label=name)
    expect(page.get_by_role("heading", name=f"{name}：历年评价")).to_be_visible()
    expect(page.locator("#chart-trend canvas").first).to_be_attached()
    expect(page.locator("#trend thead")).to_contain_text("2023")
    expect(page.locator("#trend thead")).to_contain_text("2024")
    page.wait_for_timeout(1200)
    shot("08-department-trend")


def test_ranking_table_sorts_when_a_header_is_clicked(page, site, org, district_years, shot):
    log_in(page, site, "reviewer", PASSWORD)
    page.get_by_role("link", name="指标排序").click()
    table = page.locator("#ranking")
    expect(table.locator("tbody tr")).to_have_count(6)
    totals = _numbers(table.locator("tbody tr td:nth-child(3)"))
    assert totals == sorted(totals, reverse=True)  # by total, highest first, by default
    shot("09-ranking-table")

    table.get_by_role("link", name=re.compile(r"^总分")).click()  # again: lowest first
    expect(page).to_have_url(re.compile(r"sort=total&dir=asc"))
    expect(table.get_by_role("link", name=re.compile(r"^总分"))).to_have_text("总分↑")
    totals = _numbers(table.locator("tbody tr td:nth-child(3)"))
    assert totals == sorted(totals)

    table.get_by_role("link", name="部门", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=department"))
    names = table.locator("tbody tr td:nth-child(1)").all_inner_texts()
    assert names == sorted(names)

    # an indicator's column: the header link sorts by it, highest first; found by its header
    header = table.locator("thead th").filter(has_text="编外人员控制率")
    position = table.locator("thead th").all_inner_texts().index(header.inner_text()) + 1
    header.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"sort=contract_staff_control&dir=desc"))
    expect(table.locator("thead th").filter(has_text="编外人员控制率")).to_contain_text("↓")
    scores = _numbers(table.locator(f"tbody tr td:nth-child({position})"))
    present = [s for s in scores if s is not None]
    assert present == sorted(present, reverse=True) and scores[: len(present)] == present  # blanks last
    shot("09-ranking-table-sorted")

    # the table is cached: a reviewer's score changes it at the next load all the same
    top = district_years[-1]  # a 2024 evaluation
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name=top.department.name, exact=True))
    before = Decimal(row.locator("td:nth-child(3)").inner_text())
    services.review_indicator(evaluation=top, indicator_id="satisfaction", score="0", reason="未开展满意度调查",
                              actor=org["reviewer"])
    top.refresh_from_db()
    assert top.reviewed_total < before
    page.reload()
    expect(row.locator("td:nth-child(3)")).to_have_text(format(top.reviewed_total.normalize(), "f"))


def test_ranking_row_says_status_and_which_score(page, site, org, district_years):
    log_in(page, site, "reviewer", PASSWORD)
    page.get_by_role("link", name="指标排序").click()
    header = page.locator("#ranking thead th").all_inner_texts()
    assert header[:5] == ["部门", "状态", "总分↓", "口径", "等级"]
    row = page.locator("#ranking tbody tr").first
    expect(row.locator("td:nth-child(2)")).to_have_text("已提交")
    expect(row.locator("td:nth-child(4)")).to_have_text("自评")
    row.get_by_role("link").click()
    expect(page.locator("#scorecard")).to_be_visible()  # the row leads to the evaluation


def test_progress_board_marks_an_empty_draft_and_the_header_keeps_each_part_on_one_line(page, site, org, shot):
    """A draft with nothing entered yet is not shown as a score of 0 on the progress board, and the
    reviewer's header (the longest: eight links and two to-do counts) wraps as whole parts — the
    brand and the user's name with 退出 are never broken over two lines at a laptop's width."""
    services.create_evaluation(department=org["department"], year=2025, framework_id="shenzhen-common",
                               actor=org["filler"], data={})
    log_in(page, site, "reviewer", PASSWORD, next_path="/dashboards/progress/?year=2025")
    row = page.locator("#progress tbody tr").filter(has_text=org["department"].name)
    expect(row.locator("td").nth(2)).to_have_text(re.compile(r"（不完整）"))
    line = page.locator("header.top nav a").first.bounding_box()["height"]
    for part in ("header.top .brand", "header.top .user"):
        box = page.locator(part).bounding_box()
        assert box["height"] < 2 * line, f"{part} is broken over lines ({box['height']:.0f}px, a line is {line:.0f}px)"
    shot("13-progress-header")
