"""Reports the audit has never seen, with known planted errors, in the seeds' shape and in the
national 自评表 layout. Correcting a planted number makes its finding go away: findings follow
the numbers, not any wording."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.audit import AuditReport, Severity, audit_document
from jixiao.audit.read import read_text

FIXTURES = Path(__file__).resolve().parent / "audit_fixtures"


def audit_text(text: str, name: str = "planted.txt") -> AuditReport:
    return audit_document(read_text(text, name))


def planted(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def codes(report: AuditReport) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in report.findings:
        out.setdefault(f.code, []).append(f)
    return out


@pytest.fixture(scope="module")
def sz() -> AuditReport:
    return audit_text(planted("planted_shenzhen.txt"))


@pytest.fixture(scope="module")
def nat() -> AuditReport:
    return audit_text(planted("planted_national.txt"))


def test_shenzhen_layout_is_recognised(sz: AuditReport) -> None:
    assert sz.framework_id in ("shenzhen-common", "shenzhen-luohu")
    assert sz.department == "示范区文化广电旅游体育局" and sz.year == 2024
    assert sz.claimed_total == Decimal("93") and sz.claimed_grade == "优"


@pytest.mark.parametrize(
    ("code", "indicator", "claimed", "recomputed"),
    [
        ("score_above_max", "绩效目标完整性", "3.5", "3"),
        ("weight_sum", "部门管理", "21", "20"),
        ("weight_total", None, "101", "100"),
        ("rate_mismatch", "编外人员控制率", "25.00%", "24.00%"),
        ("figure_conflict", "在编人数", "38 / 36", None),
        ("sum_mismatch", None, "5000", "5050"),
        ("share_mismatch", None, "38.00%", None),
        ("growth_mismatch", None, "7.00%", "6.38%"),
        ("count_vs_table", None, "6", "5"),
        ("formula_mismatch", "公用经费控制率", "6", "5"),
        ("score_sources_disagree", "公用经费控制率", "5 / 6", None),
        ("nondefault_reading", "预算执行率", "5.41", "5.42"),
        ("deductions_total", None, "93", "96.41"),
    ],
)
def test_shenzhen_planted_errors(sz: AuditReport, code: str, indicator: str | None, claimed: str, recomputed: str | None) -> None:
    found = [f for f in sz.findings if f.code == code and (indicator is None or f.indicator == indicator)]
    assert found, code
    assert found[0].claimed == claimed and found[0].recomputed == recomputed


def test_shenzhen_tables(sz: AuditReport) -> None:
    c = codes(sz)
    assert "文旅消费季" in c["project_rate_mismatch"][0].message
    assert "序号 3" in c["sequence_repeated"][0].message
    assert c["indicator_repeated"][0].indicator == "资产管理安全性"
    assert c["score_cell_empty"][0].indicator == "公众或服务对象满意度"
    assert "truncate" in c["nondefault_reading"][0].message
    assert sz.report_reading and "truncate" in sz.report_reading


def test_shenzhen_consistent_figures_raise_nothing(sz: AuditReport) -> None:
    flagged = {f.indicator for f in sz.findings if f.code in ("rate_mismatch", "formula_mismatch", "rate_rounding")}
    for fine in ("“三公”经费控制率", "日常公用经费控制率", "政府采购执行率", "预算执行率", "财政供养人员控制率", "财务合规性", "固定资产利用率"):
        assert fine not in flagged


def test_correcting_the_numbers_removes_the_findings() -> None:
    text = planted("planted_shenzhen.txt")
    fixed = (
        text.replace("编外人员控制率为 25.00%", "编外人员控制率为 24.00%")
        .replace("年末本局实有在编人数 36 人。", "")
        .replace("部门管理\t21", "部门管理\t20")
        .replace("绩效目标完整性\t3\t是否按要求编报绩效目标\t3.5", "绩效目标完整性\t3\t是否按要求编报绩效目标\t3")
        .replace("项目支出 1,850.00 万元，占总预算的 38.00%", "项目支出 1,800.00 万元，占总预算的 36.00%")
        .replace("增长 7.00%", "增长 6.38%")
        .replace("个性指标完成情况\t24", "个性指标完成情况\t24")
        .replace("三公与日常公用经费控制\t6", "三公与日常公用经费控制\t5")
    )
    c = codes(audit_text(fixed))
    for gone in ("rate_mismatch", "figure_conflict", "weight_sum", "weight_total", "score_above_max", "sum_mismatch", "share_mismatch", "growth_mismatch", "formula_mismatch"):
        assert gone not in c, (gone, [f.message for f in c.get(gone, [])])
    assert "count_vs_table" in c  # not corrected: still 6 claimed, 5 listed


def test_changing_an_input_creates_a_finding() -> None:
    text = planted("planted_shenzhen.txt").replace("日常公用经费预算安排 300.00 万元，决算数 290.00 万元，日常公用经费控制率为 96.67%",
                                                   "日常公用经费预算安排 300.00 万元，决算数 250.00 万元，日常公用经费控制率为 96.67%")
    c = codes(audit_text(text))
    assert any(f.indicator == "日常公用经费控制率" for f in c["rate_mismatch"])


def test_national_layout_is_recognised(nat: AuditReport) -> None:
    assert nat.framework_id == "national-self-eval"
    assert nat.department == "江北县卫生健康局"
    assert nat.claimed_total == Decimal("90.50")


@pytest.mark.parametrize(
    ("code", "indicator", "claimed", "recomputed"),
    [
        ("formula_mismatch", "预算执行率", "9.8", "9.5"),
        ("formula_mismatch", "产出指标完成情况", "48.25", "47.58"),
        ("target_score_mismatch", None, "9", "8.33"),
        ("target_weights", "效益指标完成情况", "25", "30"),
        ("score_rate_mismatch", "产出指标", "95.5%", "96.5%"),
        ("total_mismatch", None, "90.5", "90.05"),
        ("grade_mismatch", None, "良", "优"),
    ],
)
def test_national_planted_errors(nat: AuditReport, code: str, indicator: str | None, claimed: str, recomputed: str) -> None:
    found = [f for f in nat.findings if f.code == code and (indicator is None or f.indicator == indicator)]
    assert found, code
    assert (found[0].claimed, found[0].recomputed) == (claimed, recomputed)


def test_national_targets_claimed_all_met(nat: AuditReport) -> None:
    f = codes(nat)["targets_not_all_met"][0]
    assert "家庭医生签约人数" in f.message and "门诊平均候诊时长" in f.message
    assert f.severity is Severity.WARNING


def test_a_consistent_national_report_is_clean() -> None:
    text = (
        planted("planted_national.txt")
        .replace("10\t95.00%\t9.8", "10\t95.00%\t9.5")
        .replace("36分钟\t9\t", "36分钟\t8.33\t")
        .replace("孕产妇死亡率下降幅度\t15", "孕产妇死亡率下降幅度\t20")
        .replace("≥5%\t4%\t12", "≥5%\t4%\t16")
        .replace("本局年度绩效指标全部完成，具体如下：", "本局年度绩效指标完成情况如下：")
        .replace("产出指标分值 50 分，得分 48.25 分，得分率为 95.5%。", "产出指标分值 50 分，得分 47.58 分，得分率为 95.16%。")
        .replace("产出指标\t50\t48.25", "产出指标\t50\t47.58")
        .replace("效益指标\t30\t22", "效益指标\t30\t26")
        .replace("年度预算执行情况\t10\t9.8", "年度预算执行情况\t10\t9.5")
        .replace("合计\t100\t90.50", "合计\t100\t93.08")
        .replace("评价等级：良", "评价等级：优")
    )
    report = audit_text(text)
    serious = [f for f in report.findings if f.severity is not Severity.INFO]
    assert not serious, [(f.code, f.message) for f in serious]
    assert report.recomputed_total == Decimal("93.08")


# ---------------------------------------------------------------- framework-free checks, each with its consistent twin

FLAT = """示例区文化馆2024年度部门整体支出绩效自评报告

指标\t分值\t得分
部门决策\t20\t{d1}
预算编制合理性\t10\t9
目标设置\t10\t{d3}
部门管理\t30\t{m1}
资金管理\t15\t14
资产管理\t15\t14
部门绩效\t{p0}\t47
履职效果\t30\t28
满意度\t20\t19
合计\t100\t{total}
"""
FLAT_OK = dict(d1="19", d3="10", m1="28", p0="50", total="94")


def test_flat_sheet_with_subtotals_is_read_without_shifting() -> None:
    r = audit_text(FLAT.format(**FLAT_OK))
    rows = [(x.name, x.level, x.max, x.score, x.leaf) for x in r.score_rows]
    assert rows[:3] == [("部门决策", 1, Decimal(20), Decimal(19), False), ("预算编制合理性", 2, Decimal(10), Decimal(9), True), ("目标设置", 2, Decimal(10), Decimal(10), True)]
    assert [x.path for x in r.score_rows if x.name == "资产管理"] == [("部门管理", "资产管理")]
    assert r.claimed_total == Decimal(94) and r.claimed_total_source == "table"
    assert not [f for f in r.findings if f.severity is not Severity.INFO], [f.message for f in r.findings]


@pytest.mark.parametrize(
    ("plant", "code", "indicator", "claimed", "recomputed"),
    [
        ({"m1": "29"}, "score_sum", "部门管理", "29", "28"),
        ({"d3": "11", "d1": "20", "total": "95"}, "score_above_max", "目标设置", "11", "10"),
        ({"p0": "55"}, "weight_sum", "部门绩效", "55", "50"),
        ({"total": "95"}, "total_mismatch", None, "95", "94"),
    ],
)
def test_flat_sheet_planted(plant: dict, code: str, indicator: str | None, claimed: str, recomputed: str) -> None:
    r = audit_text(FLAT.format(**(FLAT_OK | plant)))
    found = [f for f in r.findings if f.code == code and (indicator is None or f.indicator == indicator)]
    assert found, [(f.code, f.indicator, f.message) for f in r.findings]
    assert (found[0].claimed, found[0].recomputed) == (claimed, recomputed)


NATIONAL_PIPES = """部门整体支出绩效自评表 | ||||
部门 | 示例县水务局 | ||||
预算资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 ||
年度资金总额 | 500.00 | 520.00 | 494.00 | 10 | {rate} | {escore} ||
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 ||
产出指标 | 数量指标 | 新建供水管网长度 | ≥20公里 | 22公里 | 30 | 30 | ||
质量指标 | 水质检测合格率 | ≥98% | {quality} | 30 | 30 | ||
效益指标 | 社会效益指标 | 农村供水保障水平 | 有效提升 | {benefit} | 20 | 20 | ||
满意度指标 | 服务对象满意度 | 用水户满意度 | ≥90% | 93% | 10 | 10 | ||
本局部门整体支出绩效自评得分为 99.5 分。
"""
NATIONAL_OK = dict(rate="95.00%", escore="9.5", quality="99%", benefit="集中供水覆盖率由85%提高到90%")


def test_national_form_in_pipes_is_read() -> None:
    r = audit_text(NATIONAL_PIPES.format(**NATIONAL_OK))
    assert [t.kind for t in r.tables] == ["dept_self_eval"] and r.department == "示例县水务局"
    assert "预算资金" in r.tables[0].reason and "绩效指标" in r.tables[0].reason
    leaves = {x.name: (x.max, x.score) for x in r.score_rows if x.leaf}
    assert leaves["水质检测合格率"] == (Decimal(30), Decimal(30)) and leaves["预算执行率（年度资金总额）"] == (Decimal(10), Decimal("9.5"))
    assert r.claimed_total == Decimal("99.5")
    assert not [f for f in r.findings if f.severity is not Severity.INFO], [f.message for f in r.findings]


@pytest.mark.parametrize(
    ("plant", "code", "claimed", "recomputed"),
    [
        ({"rate": "96.00%", "escore": "9.6"}, "execution_rate_mismatch", "96%", "95.00%"),
        ({"escore": "9.8"}, "execution_score_mismatch", "9.8", "9.5"),
        ({"quality": "97%"}, "target_score_mismatch", "30", "29.69"),
        ({"benefit": "有效提升"}, "qualitative_full_marks", "20", None),
    ],
)
def test_national_form_planted(plant: dict, code: str, claimed: str, recomputed: str | None) -> None:
    r = audit_text(NATIONAL_PIPES.format(**(NATIONAL_OK | plant)))
    found = [f for f in r.findings if f.code == code]
    assert found, [(f.code, f.message) for f in r.findings]
    assert (found[0].claimed, found[0].recomputed) == (claimed, recomputed)


COEF = """指标名称\t计量单位\t指标性质\t年初指标值\t全年完成值\t得分系数(%)\t指标权重(分)\t指标得分(分)\t是否核心指标
办件按时办结率\t%\t定量指标\t≥95%\t98%\t100%\t10\t10\t是
窗口投诉件数\t件\t定量指标\t≤5\t3\t{coef}\t5\t5\t否
"""


def test_coefficient_times_weight() -> None:
    ok = audit_text(COEF.format(coef="100%"))
    assert [t.kind for t in ok.tables] == ["cq_self_eval"]
    assert not [f for f in ok.findings if f.severity is not Severity.INFO]
    # ≤5 met (3) with full marks: the 80% coefficient is the slip, reported once, on the coefficient
    bad = audit_text(COEF.format(coef="80%"))
    found = [(f.code, f.indicator, f.claimed, f.recomputed) for f in bad.findings if f.severity is not Severity.INFO]
    assert found == [("target_coefficient_mismatch", "窗口投诉件数", "80%", "100%")]
    # met, coefficient 100%, yet 4 of 5: the score is the slip
    low = audit_text(COEF.format(coef="100%").replace("\t5\t5\t否", "\t5\t4\t否"))
    found = [(f.code, f.indicator, f.claimed, f.recomputed) for f in low.findings if f.severity is not Severity.INFO]
    assert found == [("target_score_mismatch", "窗口投诉件数", "4", "5")]
    # no target to judge by (定性): the score must be the coefficient × weight
    vague = audit_text(COEF.format(coef="80%").replace("≤5\t3", "健全\t健全"))
    found = [(f.code, f.indicator, f.claimed, f.recomputed) for f in vague.findings if f.severity is not Severity.INFO]
    assert found == [("target_coefficient_mismatch", "窗口投诉件数", "5", "4")]


@pytest.mark.parametrize(("text", "code", "claimed", "recomputed"), [
    ("本局内设机构4个，即办公室、规划科、建设科。", "list_count_mismatch", "4", "3"),
    ("本局内设机构4个，即办公室、规划科、建设科、规划科。", "list_count_mismatch", "4", "3"),
    ("2024年支出总额800.00万元，其中基本支出500.00万元、项目支出300.00万元。按资金来源，支出总额800.00万元，其中财政拨款700.00万元、其他资金90.00万元。",
     "breakdown_mismatch", "800", "800 / 790"),
    ("评价总分90分以上为优，80分以上为良，60分以上为中。本局自评得分为92分，评价等级为良。", "grade_mismatch", "良", "优"),
    ("2024年部门预算600.00万元。按资金来源分，财政拨款550.00万元、其他收入50.00万元；按支出用途分，基本支出420.00万元、项目支出170.00万元。",
     "breakdown_mismatch", "600", "590"),
    ("本中心现有人员58人（在职在编37人、退休人员6人、聘用人员12人）。", "sum_mismatch", "58", "55"),
    ("在职实有24人，其中：财政全额保障20人，财政差额补助3人，单位资金保障0人。", "sum_mismatch", "24", "23"),
    ("直属单位共下设3个所：城南所、城北所。", "list_count_mismatch", "3", "2"),
])
def test_prose_checks_planted(text: str, code: str, claimed: str, recomputed: str) -> None:
    found = [f for f in audit_text(text).findings if f.code == code]
    assert found and (found[0].claimed, found[0].recomputed) == (claimed, recomputed)
    assert "万元" not in found[0].message or "万元" in text  # a head count is said in 人


@pytest.mark.parametrize("text", [
    "本局内设机构3个，即办公室、规划科、建设科。",
    "2024年部门预算600.00万元。按资金来源分，财政拨款550.00万元、其他收入50.00万元；按支出用途分，基本支出420.00万元、项目支出180.00万元。",
    "2024年支出总额800.00万元，其中基本支出500.00万元、项目支出300.00万元。按资金来源，支出总额800.00万元，其中财政拨款700.00万元、其他资金100.00万元。",
    "评价总分90分以上为优，80分以上为良，60分以上为中。本局自评得分为92分，评价等级为优。",
    "本中心现有人员58人（在职在编37人、退休人员6人、聘用人员15人）。",
    "在职实有24人，其中：财政全额保障21人，财政差额补助3人，单位资金保障0人。",
    # parts that may overlap or are quotas are not summed
    "本局共有干部职工40人（其中党员25人、女性18人）。",
    "在职人员共计60人，其中行政编制数45人，实有在编人数41人。",
    "本中心现有人员58人（在职在编37人、退休人员6人、聘用人员15人），比上年增加3人。",
])
def test_prose_checks_consistent_twins(text: str) -> None:
    r = audit_text(text)
    assert not [f for f in r.findings if f.severity is not Severity.INFO], [f.message for f in r.findings]
    assert r.recomputed_total is None and any("未读到评分表" in f.message for f in r.findings if f.code == "no_score_table")


def test_the_headcount_word_list_is_read_strictly(tmp_path) -> None:
    from jixiao.audit.extract.arith import HEADCOUNT_FILE, headcount_words
    from jixiao.core.data import DataFileError

    assert "党员" in headcount_words().overlapping and headcount_words(HEADCOUNT_FILE).units == ("人", "名")
    bad = tmp_path / "headcount.yaml"
    bad.write_text("overlapping: [党员]\nunits: [人]\nunit: [名]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unit"):
        headcount_words(bad)
