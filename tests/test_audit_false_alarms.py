"""No false alarms: sentences that are consistent must give no warning, in the many ways reports
phrase them; the same sentence with a wrong figure still gives its warning."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.audit import Severity, audit_document
from jixiao.audit.extract.arith import arithmetic
from jixiao.audit.extract.paras import Para
from jixiao.audit.read import read_text


def _para(text: str) -> Para:
    return Para(0, text, [0], [None])  # type: ignore[list-item]


def _pairs(text: str) -> list[tuple[Decimal, Decimal]]:
    _, shares, _ = arithmetic(_para(text))
    return [(s.part.value, s.pct.value) for s in shares]


def _warnings(text: str, code: str) -> list:
    report = audit_document(read_text(text, "short.txt"))
    return [f for f in report.findings if f.code == code and f.severity in (Severity.WARNING, Severity.ERROR)]


@pytest.mark.parametrize(
    "text",
    [
        "基本支出 610.20 万元、项目支出 389.80 万元，合计 1,000.00 万元，分别占 61.02%、38.98%。",
        "人员经费 300 万元，公用经费 100 万元，共计 400 万元，分别占总支出的 75% 和 25%。",
        "其中财政拨款 900.00 万元、其他资金 100.00 万元，占比分别为 90.00%、10.00%。",
        "本年支出 1,000.00 万元，其中基本支出 610.20 万元、项目支出 389.80 万元，分别占 61.02%、38.98%。",
        "工资福利支出 45 万元、商品和服务支出 30 万元、资本性支出 25 万元，三项为 100 万元，依次占 45%、30%、25%。",
        "货物类 120 万元、服务类 80 万元，占采购总额 200 万元的比例分别为 60%、40%。",
    ],
)
def test_percents_listed_with_fenbie_go_to_the_parts_in_order(text: str) -> None:
    pairs = _pairs(text)
    assert len(pairs) >= 2
    for part, pct in pairs:
        total = sum((p for p, _ in pairs), Decimal(0))
        assert abs(part / total * 100 - pct) <= Decimal("0.01"), (part, pct)
    assert not _warnings(text, "share_mismatch")


def test_respective_shares_keep_their_order() -> None:
    pairs = _pairs("一般公共预算 750 万元、政府性基金 250 万元，合计 1,000 万元，分别占 75%、25%。")
    assert pairs == [(Decimal(750), Decimal(75)), (Decimal(250), Decimal(25))]


def test_a_wrong_respective_share_is_still_flagged() -> None:
    text = "基本支出 610.20 万元、项目支出 389.80 万元，合计 1,000.00 万元，分别占 61.02%、48.98%。"
    found = _warnings(text, "share_mismatch")
    assert len(found) == 1 and found[0].claimed == "48.98%"


def test_more_percents_than_amounts_claim_nothing() -> None:
    assert _pairs("基本支出和项目支出分别占 61.02%、38.98%，合计 1,000.00 万元。") == []


def _scores(text: str) -> dict[str, list[Decimal]]:
    from jixiao.audit.extract.fwindex import build_index
    from jixiao.audit.extract.prose_claims import apply_prose
    from jixiao.audit.extract.sheet import Sheet
    from jixiao.audit.extract.statements import prose_statements
    from jixiao.frameworks import load_framework

    sheet = Sheet(build_index(load_framework("shenzhen-common")))
    statements, _, _, _ = prose_statements(_para(text))
    apply_prose(sheet, statements)
    return {leaf: [c.value for c in claims if c.source == "prose"] for leaf, claims in sheet.scores.items()}


@pytest.mark.parametrize(
    "text",
    [
        "项目监管扣 1 分：对主管资金开展有效检查、督促整改（无证明材料或评价为差的不得分）方面存在不足。",
        "项目监管：按评分标准，未建立监管台账的，不得分；本局已建立台账。",
        "项目监管：凡未开展绩效监控者不得分，本局已按要求开展。",
    ],
)
def test_a_quoted_scoring_rule_is_not_a_score_of_zero(text: str) -> None:
    assert _scores(text).get("project_supervision", []) == []


def test_a_stated_zero_still_counts() -> None:
    assert _scores("项目监管：全年未开展任何检查，不得分。").get("project_supervision") == [Decimal(0)]


@pytest.mark.parametrize(
    "text",
    [
        "公用经费控制率扣 3 分：“三公”经费控制率 92%，得 3 分；日常公用经费控制率 104.5%，超过 100%，不得分。",
        "日常公用经费控制率>100%，不得分；“三公”经费控制率 88%，得 3 分。",
        "政府采购执行情况扣 0.2 分：政府采购执行率 80%（400/500）×1 分，得 0.8 分。",
    ],
)
def test_a_score_of_one_part_is_not_the_indicator_score(text: str) -> None:
    scores = _scores(text)
    assert scores.get("public_funds_control", []) == [] and scores.get("procurement", []) == []


def test_a_score_of_the_whole_indicator_still_counts() -> None:
    assert _scores("公用经费控制率得 4 分，其中日常公用经费超支。").get("public_funds_control") == [Decimal(4)]


def _quarters(text: str) -> tuple[dict[int, Decimal], str]:
    from jixiao.audit.checks.build import quarter_progress
    from jixiao.audit.extract import extract

    return quarter_progress(extract(read_text(text, "q.txt")))


@pytest.mark.parametrize(
    "text",
    [
        "各季度末累计支出进度分别为：第一季度 13.50%、第二季度 42.31%、第三季度 78.85%、第四季度 104.61%（序时进度 25%、50%、75%、100%）。",
        "截至一季度末累计支出进度 20.10%，二季度末 48.00%，三季度末 80.25%，四季度末 102.30%。",
    ],
)
def test_cumulative_progress_above_100_percent_is_read_as_progress(text: str) -> None:
    progress, _ = _quarters(text)
    assert progress[4] > 100 and progress[1] > 13  # as printed, not scaled by 序时进度
    assert progress[1] in (Decimal("13.50"), Decimal("20.10"))


def test_quarterly_ratios_to_the_schedule_are_still_converted() -> None:
    progress, source = _quarters("各季度预算执行率（支出进度/序时进度）分别为：第一季度 60.00%、第二季度 90.00%、第三季度 96.00%、第四季度 102.00%。")
    assert progress == {1: Decimal("15.0000"), 2: Decimal("45.0000"), 3: Decimal("72.0000"), 4: Decimal("102.0000")}
    assert "换算" in source


_TARGET_TABLE = """2024年度某区某局部门整体支出绩效自评报告
附表 2 2024 年度部门整体支出绩效目标完成情况自评表
指标类别\t绩效指标\t分值\t目标值\t实际完成值\t得分
社会效益\t群众投诉率\t0.5\t≤4.10%\t4.14%\t0.5
经济效益\t招商引资额\t0.5\t≥6000万元\t5699.99万元\t0.48
生态效益\t绿化覆盖率\t4\t≥95%\t{green}\t4
"""


def test_target_scores_from_a_rounded_completion_rate_are_no_alarm() -> None:
    # 5699.99/6000 = 94.9998% → printed 95.00% → 0.5 × 95.00% = 0.475 → 0.48;
    # 4.10/4.14 = 99.03% → 0.5 × 99.03% = 0.495 → 0.50: missed, yet full marks after rounding
    report = audit_document(read_text(_TARGET_TABLE.format(green="96%"), "t.txt"))
    alarms = [f for f in report.findings if f.code == "target_score_mismatch"]
    assert alarms == []


def test_a_target_missed_by_much_with_full_marks_is_still_flagged() -> None:
    report = audit_document(read_text(_TARGET_TABLE.format(green="80%"), "t.txt"))
    alarms = [f for f in report.findings if f.code == "target_score_mismatch"]
    assert alarms and all("绿化覆盖率" in f.message for f in alarms)


def _satisfaction(text: str) -> list[Decimal]:
    from jixiao.audit.extract.facts import facts_in

    return [f.value for f in facts_in(_para(text)) if f.key == "satisfaction"]


@pytest.mark.parametrize(
    "text",
    [
        "绩效目标“群众满意率”：实际 82.65%，目标 ≥95%，差 12.35 个百分点。",
        "绩效指标“服务对象满意度”完成 91.2%，未达到年初设定值。",
        "群众满意率：目标值 ≥94.88%，不高于上年实际。",
        "公众满意度预期指标值 90%，已纳入年度计划。",
    ],
)
def test_a_performance_targets_satisfaction_figures_are_not_the_survey_result(text: str) -> None:
    assert _satisfaction(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("经第三方调查，服务对象满意度为 93.5%。", "93.5"),
        ("公众或服务对象满意度：满意度 88.96%，80%≤满意度<90%，得 2 分。", "88.96"),
        ("群众满意率达 96%，较上年有所提高。", "96"),
    ],
)
def test_a_stated_satisfaction_is_still_read(text: str, value: str) -> None:
    assert _satisfaction(text) == [Decimal(value)]


def _report_paras(*texts: str):
    from types import SimpleNamespace

    return SimpleNamespace(paras=[Para(i, t, [0], [None], "") for i, t in enumerate(texts)])  # type: ignore[list-item]


def test_a_percentage_about_another_matter_is_no_stated_rate() -> None:
    from jixiao.audit.checks.formulas import _hint

    ex = _report_paras("公众或服务对象满意度：满意度 88.96%，得 2 分。", "财务合规性：资金支出规范性得 0.9 分，会计核算规范性得 1 分，合计 2.4 分。")
    assert _hint(ex, "财务合规性", Decimal(3), Decimal("2.4")) is None  # 3 × 80% only by coincidence elsewhere


def test_a_band_bound_is_no_stated_rate() -> None:
    from jixiao.audit.checks.formulas import _hint

    ex = _report_paras("财务合规性：调整调剂比例 12%，80%≤合规比例<90% 的得 0.5 分。")
    assert _hint(ex, "财务合规性", Decimal(3), Decimal("2.4")) is None


def test_a_rate_stated_about_the_indicator_is_still_a_hint() -> None:
    from jixiao.audit.checks.formulas import _hint

    ex = _report_paras("群众信访办理情况：全年办理群众信访 300 件，办结率 97%，没有超期。")
    found = _hint(ex, "群众信访办理情况", Decimal(3), Decimal("2.91"))
    assert found is not None and "3 × 97%" in found[0]


def test_a_judged_part_score_stated_by_the_report_explains_the_claim() -> None:
    from jixiao.audit.checks.formulas import _states_points

    ex = _report_paras("政府采购执行情况扣 0.07 分：执行率 96.36%×1 分，得 0.96 分；政策功能落实得 0.97 分（酌情扣 0.03 分），合计 1.93 分。")
    assert _states_points(ex, "政府采购执行情况", Decimal("0.97"))
    assert not _states_points(ex, "政府采购执行情况", Decimal("0.5"))
    assert not _states_points(ex, "财务合规性", Decimal("0.97"))


def test_an_indicator_with_a_veto_may_score_zero_whatever_its_figures() -> None:
    from jixiao.audit.checks.recompute import Engine
    from jixiao.frameworks import load_framework
    from jixiao.io.inputs import load_input_data

    from .conftest import complete_input

    fw = load_framework("shenzhen-common")
    ranges = Engine(fw, load_input_data(complete_input())).ranges(fw.default_options())
    vetoed = ranges["financial_compliance"]  # 财务合规性 has a 否决 item; its 调整调剂比例 part is a formula
    assert vetoed.lo is not None and vetoed.lo > Decimal("0.5")
    assert vetoed.holds(Decimal(0)) and not vetoed.holds(vetoed.lo - Decimal("0.5"))
    plain = ranges["procurement"]  # no veto
    assert plain.lo is not None and plain.lo > 0 and not plain.holds(Decimal(0))


@pytest.mark.parametrize(
    "text",
    [
        "预算执行率扣 1.03 分：预算执行率 89.70%（882.38/983.70）×10 分，得约 8.97 分。",
        "预算执行率得 8.5 分：执行率 85% 乘以 10 分。",
    ],
)
def test_the_weight_in_a_stated_formula_is_not_a_score(text: str) -> None:
    from jixiao.audit.extract.statements import prose_statements

    scores, _, _, _ = prose_statements(_para(text))
    assert Decimal(10) not in [s.num.value for s in scores if s.kind == "score"]


def test_a_count_in_parentheses_does_not_introduce_a_list() -> None:
    from jixiao.audit.extract.listcount import list_claims

    text = "目标值没有高于上年实际值（46个）：按不低于上年实际、体现进步的水平设定。"
    assert list_claims([_para(text)]) == []
    listed = list_claims([_para("下设科室3个：办公室、财务科、业务科。")])
    assert [(c.count, c.items) for c in listed] == [(3, ("办公室", "财务科", "业务科"))]


def test_a_formula_finding_that_a_framework_fitting_as_well_explains_is_a_note(tmp_path) -> None:
    """mof-2013-dept and hunan-style-dept have the same 评分表 (names and weights): the first judges
    预算调整率, the second computes it. A report scored under the first must not be called wrong
    because the audit, unable to tell them apart, read it with the second."""
    from jixiao import synth
    from jixiao.audit import audit_file
    from jixiao.core.engine import score
    from jixiao.frameworks import load_framework
    from jixiao.writers.docx_report import build_report

    fw = load_framework("mof-2013-dept")
    notes = 0
    for i, data in enumerate(synth.generate_many(fw, departments=3, years=(2024,), seed=3, projects=4)):
        path = tmp_path / f"r{i}.docx"
        build_report(score(fw, data), data).save(path)
        report = audit_file(path)
        assert not [f for f in report.findings if f.severity in (Severity.WARNING, Severity.ERROR)], report.findings
        notes += sum(1 for f in report.findings if f.code == "formula_mismatch" and "同样相符" in f.message)
    assert notes >= 1  # the other framework's formula disagrees at least once, and says so as a note


@pytest.mark.parametrize("ident", ["shenzhen-common", "national-self-eval", "sichuan-style-dept"])
def test_reports_jixiao_writes_audit_without_alarms(ident: str, tmp_path) -> None:
    """jixiao's own reports are consistent by construction (scores from the engine, figures from the
    data): auditing them must give no warning and no error. (个性指标 that share a name are renamed
    apart first: two targets printed under one name with different figures are ambiguous, and the
    audit rightly says so.)"""
    from jixiao import synth
    from jixiao.audit import audit_file
    from jixiao.core.engine import score
    from jixiao.frameworks import load_framework
    from jixiao.writers.docx_report import build_report

    fw = load_framework(ident)
    checked = 0
    for i, data in enumerate(synth.generate_many(fw, departments=10, years=(2024,), seed=11, projects=8)):
        seen: dict[str, int] = {}
        renamed = []
        for t in data.targets or ():
            seen[t.name] = seen.get(t.name, 0) + 1
            renamed.append(t if seen[t.name] == 1 else t.model_copy(update={"name": f"{t.name}（第{seen[t.name]}项）"}))
        data = data.model_copy(update={"targets": renamed or data.targets})
        checked += 1
        path = tmp_path / f"r{i}.docx"
        build_report(score(fw, data), data).save(path)
        alarms = [(f.code, f.message) for f in audit_file(path).findings if f.severity in (Severity.WARNING, Severity.ERROR)]
        assert alarms == [], (i, alarms)
    assert checked >= 3
