"""Issue 11's first day, in Chromium: tables edited like a sheet (add, delete, paste from Excel),
a warning before leaving unsaved changes, 提交 with confirmation and 撤回, the return reason on
the edit page, a stale review marked for the reviewer, and /api/docs without the internet."""

from __future__ import annotations

import re

import pytest

from evaluations import services
from evaluations.models import Evaluation, Status

from ..conftest import PASSWORD
from .conftest import log_in

from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

# two rows as Excel puts them on the clipboard: tab between columns, a line per row
PASTED = "社区矫正信息化建设\t120\t96\n平安创建宣传经费\t35.5\t35.5\n"


def test_filler_edits_the_project_table_like_a_sheet(page, site, org, evaluation, shot):
    log_in(page, site, "filler", PASSWORD)
    page.goto(f"{site}/evaluations/{evaluation.pk}/edit/")
    table = page.locator("#table-projects")
    before = table.locator("tbody tr").count()
    stored = len(evaluation.data.get("projects", []))
    assert before == stored + 1  # the stored rows and one blank row, not three

    # paste two rows copied from Excel into the blank row's first cell: it fills and adds a row
    first_blank = table.locator(f'[name="projects[{stored}].name"]')
    first_blank.focus()
    page.evaluate("""([sel, text]) => {
        const el = document.querySelector(sel);
        const data = new DataTransfer(); data.setData('text/plain', text);
        el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", [f'[name="projects[{stored}].name"]', PASTED])
    expect(table.locator("tbody tr")).to_have_count(before + 1)
    expect(first_blank).to_have_value("社区矫正信息化建设")
    expect(table.locator(f'[name="projects[{stored}].budget"]')).to_have_value("120")
    expect(table.locator(f'[name="projects[{stored + 1}].name"]')).to_have_value("平安创建宣传经费")
    expect(table.locator(f'[name="projects[{stored + 1}].spent"]')).to_have_value("35.5")
    expect(page.locator("#dirty-note")).to_be_visible()

    # 添加一行, then delete it again; delete the first stored project too
    page.get_by_role("button", name="添加一行").first.click()
    expect(table.locator("tbody tr")).to_have_count(before + 2)
    table.locator("tbody tr").last.get_by_role("button", name="删除").click()
    expect(table.locator("tbody tr")).to_have_count(before + 1)
    first_name = evaluation.data["projects"][0]["name"] if stored else None
    if stored:
        table.locator("tbody tr").first.get_by_role("button", name="删除").click()
    shot("03-entry-projects-pasted", locator=table)

    # leaving now asks first (the browser's own dialog)
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    page.get_by_role("link", name="取消").click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/edit/$"))

    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    saved = Evaluation.objects.get(pk=evaluation.pk).data["projects"]
    names = [p["name"] for p in saved]
    assert names[-2:] == ["社区矫正信息化建设", "平安创建宣传经费"]
    assert len(saved) == stored - (1 if stored else 0) + 2
    assert first_name is None or first_name not in names
    assert saved[-2]["budget"] == "120" and saved[-1]["spent"] == "35.5"


def test_level_is_a_dropdown(page, site, org, shot):
    from ..conftest import seed_raw

    raw = seed_raw("national-demo")
    e = services.create_evaluation(department=org["department"], year=2024, framework_id=raw["framework"],
                                   actor=org["filler"], data=raw)
    log_in(page, site, "filler", PASSWORD)
    page.goto(f"{site}/evaluations/{e.pk}/edit/")
    level = page.locator('[name="targets[0].level"]')
    assert level.evaluate("el => el.tagName") == "SELECT"
    options = level.locator("option").all_inner_texts()
    assert options[0] == "—" and any(o.startswith("达成") for o in options) and any(o.startswith("未达成") for o in options)


def test_submit_asks_first_then_can_be_withdrawn(page, site, org, evaluation, shot):
    log_in(page, site, "filler", PASSWORD)
    page.goto(f"{site}/evaluations/{evaluation.pk}/")
    said = []
    page.once("dialog", lambda d: (said.append(d.message), d.dismiss()))
    page.get_by_role("button", name="提交复核").click()
    page.wait_for_timeout(300)
    assert said and "确定提交复核" in said[0]
    assert Evaluation.objects.get(pk=evaluation.pk).status == Status.DRAFT  # dismissed: nothing happened

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="提交复核").click()
    expect(page.locator("h1 .badge")).to_have_text("已提交")
    expect(page.locator("#withdraw-box")).to_be_visible()
    shot("07-submitted-withdraw")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="撤回提交").click()
    expect(page.locator("h1 .badge")).to_have_text("草稿")
    expect(page.get_by_role("link", name="填报 / 修改数据")).to_be_visible()


def test_returned_evaluation_shows_why_and_a_changed_review_is_marked(page, site, org, evaluation, shot):
    services.submit(evaluation=evaluation, actor=org["filler"])
    evaluation.refresh_from_db()
    services.review_indicator(evaluation=evaluation, indicator_id="contract_staff_control", score="0",
                              reason="编外人员超标", actor=org["reviewer"])
    services.return_evaluation(evaluation=evaluation, reason="请核实编外人员人数并附审批文件", actor=org["reviewer"])

    log_in(page, site, "filler", PASSWORD)
    page.goto(f"{site}/evaluations/{evaluation.pk}/edit/")
    banner = page.locator("#returned-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("请核实编外人员人数并附审批文件")
    expect(banner).to_be_in_viewport()
    shot("08-edit-returned-banner")
    page.locator('[name="staffing.contract"]').fill("1")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#returned-banner")).to_contain_text("请核实编外人员人数")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="提交复核").click()
    expect(page.locator("h1 .badge")).to_have_text("已提交")

    page.context.clear_cookies()
    log_in(page, site, "reviewer", PASSWORD, next_path=f"/evaluations/{evaluation.pk}/")
    stale = page.locator("#stale-reviews")
    expect(stale).to_contain_text("1 项复核待确认")
    row = page.locator("#ind-contract_staff_control")
    expect(row.locator(".reviewed-score")).to_have_text("待确认")
    expect(row.locator(".stale-note")).to_contain_text("复核时自评 0 分，填报数据变更后自评 1 分")
    total = page.locator("#self-total").inner_text()
    expect(page.locator("#reviewed-total")).to_have_count(0)  # the only review is stale: no reviewed total below self
    shot("09-stale-review")
    row.get_by_role("button", name=re.compile("确认原复核得分")).click()
    expect(page.locator("#stale-reviews")).to_have_count(0)
    assert float(page.locator("#reviewed-total").inner_text()) == float(total) - 1


def test_api_docs_render_without_the_internet(page, site, org, shot):
    outside = []

    def only_local(route):
        if route.request.url.startswith(site):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    log_in(page, site, "reviewer", PASSWORD, next_path="/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("jixiao")
    expect(page.locator(".opblock-summary-path").filter(has_text="scorecard")).to_have_count(1)
    assert outside == []
    shot("11-api-docs")


def test_one_save_shows_every_problem_of_the_form(page, site, org, shot):
    """A field typed wrongly no longer hides the framework's checks of the same save: a judgement with
    no reason still has its score range and checklist checked, and a target row with an unreadable
    weight still says it lacks 方向 — all at the first save, in words a person knows (no item ids)."""
    e = services.create_evaluation(department=org["department"], year=2024, framework_id="shenzhen-common",
                                   actor=org["filler"], data={})
    log_in(page, site, "filler", PASSWORD)
    page.goto(f"{site}/evaluations/{e.pk}/edit/")
    fill = lambda name, value: page.locator(f'[name="{name}"]').fill(value)  # noqa: E731
    fill("budget.initial", "一百万")
    fill("judgements.procurement.execution.score", "99")  # above its 1 point, and no reason
    page.locator('[name="judgements.budget_rationality.checks.items.duties_policy"]').select_option(label="是")
    fill("targets[0].name", "办案数量")
    fill("targets[0].weight", "abc")  # unreadable, and the row has no 方向
    fill("targets[0].target", "100")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("未保存")
    form = page.locator("form.entry, main").first
    text = form.inner_text()
    assert "应为金额，读到 '一百万'" in text
    assert "评定得分 99 超出范围 0～1" in text
    assert "以下清单项未选择是否达到" in text and "资金按年度工作重点在项目和用途间合理分配" in text
    assert "定量指标须给出 方向" in text and "应为数字，读到 'abc'" in text
    for internal in ("allocation", "special_funds_detail", "not_fixed", "direction"):
        assert internal not in text
    shot("12-every-problem-at-once", full_page=True)
    assert Evaluation.objects.get(pk=e.pk).version == e.version  # nothing was saved
