"""The five seed reports as golden cases for `jixiao audit`.

Each seed's expected findings come from the inconsistencies listed in the
comments of cases/seed-*/case.yaml (found there by hand). The audit finds them without knowing
the seeds: see test_audit_planted.py for reports it has never seen.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from jixiao.audit import AuditReport, Severity, audit_file

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
@pytest.fixture(autouse=True)
def _seeds_present(require):
    require(SEEDS.is_dir(), "种子报告 ../shared/seeds")


@lru_cache(maxsize=None)
def seed(number: str) -> AuditReport:
    path = next(SEEDS.glob(f"{number}_*.txt"))
    return audit_file(path)


def one(report: AuditReport, code: str, indicator: str | None = None, contains: str = ""):
    found = [f for f in report.findings if f.code == code and (indicator is None or f.indicator == indicator) and contains in f.message]
    assert found, f"no {code} {indicator or ''} {contains!r}; got {[(f.code, f.indicator, f.message[:60]) for f in report.findings]}"
    return found[0]


def none(report: AuditReport, code: str, indicator: str | None = None) -> None:
    found = [f for f in report.findings if f.code == code and (indicator is None or f.indicator == indicator)]
    assert not found, [f.message for f in found]


# ---------------------------------------------------------------- seed 000


def test_000_identity_and_totals() -> None:
    r = seed("000")
    assert r.framework_id == "shenzhen-common"
    assert r.department == "中共深圳市龙岗区委政法委员会" and r.year == 2023
    assert r.claimed_total == Decimal("97.15")
    assert r.recomputed_total == Decimal("97.9")  # the default reading (cases/seed-000 `default`)
    assert r.report_reading_total == Decimal("97.15")  # the report's own reading reproduces its total
    assert "raw_progress" in r.report_reading and "truncate" in r.report_reading


def test_000_weight_55_against_children_60() -> None:
    r = seed("000")
    f = one(r, "weight_sum", "部门绩效")
    assert (f.severity, f.claimed, f.recomputed) == (Severity.ERROR, "55", "60")
    assert "6+20+25+9" in f.message
    assert one(r, "weight_total").claimed == "95"


def test_000_contract_staff_rate() -> None:
    r = seed("000")
    f = one(r, "rate_mismatch", "编外人员控制率")
    assert (f.claimed, f.recomputed) == ("40.23%", "43.21%")
    assert "35/(46+35)" in f.message and "35/87" in f.message
    conflict = one(r, "figure_conflict", "在编人数")
    assert "46" in conflict.message and "87" in conflict.message
    none(r, "rate_mismatch", "财政供养人员控制率")  # 46/52 = 88.46% as printed


def test_000_budget_execution_reading() -> None:
    f = one(seed("000"), "nondefault_reading", "预算执行率")
    assert (f.claimed, f.recomputed) == ("5.15", "5.9")
    assert "raw_progress" in f.message and "truncate" in f.message


def test_000_arithmetic_in_prose() -> None:
    r = seed("000")
    assert one(r, "sum_mismatch", contains="5119.37").recomputed == "5119.35"
    assert "疑单位误写" in one(r, "sum_mismatch", contains="3106.80 元").message
    one(r, "share_mismatch", contains="3106.80 元")
    one(r, "standard_points_exceed", "绩效目标完整性", contains="8分")


def test_000_scores_without_data() -> None:
    r = seed("000")
    for name in ("政府采购执行情况", "固定资产利用率", "重点工作完成情况", "项目完成及时性", "群众信访办理情况", "公众或服务对象满意度"):
        assert one(r, "score_without_data", name).severity is Severity.INFO


# ---------------------------------------------------------------- seed 001


def test_001_repeated_asset_rows_and_empty_outcomes() -> None:
    r = seed("001")
    assert r.framework_id in ("shenzhen-municipal", "shenzhen-common")
    assert r.claimed_total == Decimal("96.97") and r.claimed_grade == "优"
    one(r, "indicator_repeated", "资产管理安全性")
    one(r, "indicator_repeated", "固定资产利用率")
    assert [f for f in r.findings if f.code == "score_cell_empty" and "效益" in (f.indicator or "")]
    implied = one(r, "total_implies_missing")
    assert "应为 25 分，恰为其满分之和" in implied.message


def test_001_budget_execution_capped_truncated_per_part() -> None:
    r = seed("001")
    f = one(r, "nondefault_reading", "预算执行率")
    assert (f.claimed, f.recomputed) == ("5.97", "5.99")
    for word in ("capped_ratio", "truncate", "part"):
        assert word in f.message and word in r.report_reading


def test_001_figures() -> None:
    r = seed("001")
    f = one(r, "rate_rounding", "“三公”经费控制率")
    assert (f.claimed, f.recomputed) == ("35.40%", "35.39%")
    assert "14" in one(r, "restated_count_differs", contains="设置绩效目标").message
    assert "4906.06" in one(r, "table_total_differs", contains="执行数").message
    none(r, "formula_mismatch", "财政供养人员控制率")  # 行政 58 + 事业 12 = 70, 在编 60 + 10 = 70


# ---------------------------------------------------------------- seed 002


def test_002_text_only() -> None:
    """Seed 002 prints no 评分表: no framework is chosen from its prose words, nothing is recomputed,
    and the output says so; its 得分率 slip (49/50 printed as 99%) is found in the sentence itself."""
    r = seed("002")
    assert r.framework_id is None and r.recomputed_total is None
    assert r.claimed_total == Decimal("99")
    assert "未读到评分表" in one(r, "no_score_table").message
    f = one(r, "score_rate_mismatch", "管理效能")
    assert (f.claimed, f.recomputed) == ("99%", "98%")


# ---------------------------------------------------------------- seed 003


def test_003_score_above_maximum() -> None:
    r = seed("003")
    assert r.framework_id == "shenzhen-yantian-2023"
    f = one(r, "score_above_max", "绩效目标完整性")
    assert (f.severity, f.claimed, f.recomputed) == (Severity.ERROR, "4", "3")
    assert "正文扣分 2 分" in one(r, "score_sources_disagree", "绩效目标完整性").message
    assert "正文扣分 6 分" in one(r, "score_sources_disagree", "绩效指标明确性").message


def test_003_formula_indicators_that_do_not_follow() -> None:
    r = seed("003")
    assert (one(r, "formula_mismatch", "固定资产利用率").recomputed) == "1"
    f = one(r, "formula_mismatch", "公用经费控制率")
    assert (f.claimed, f.recomputed) == ("6", "5") and "0/0" in f.message
    assert one(r, "formula_mismatch", "群众信访办理情况").recomputed == "2～3"
    one(r, "score_without_data", "公众或服务对象满意度")


def test_003_lost_cells_and_other_figures() -> None:
    r = seed("003")
    empty = {f.indicator for f in r.findings if f.code == "score_cell_empty"}
    assert empty == {"预决算信息公开", "预算执行率", "重点工作完成情况", "项目完成及时性"}
    assert "应为 23 分，恰为其满分之和" in one(r, "total_implies_missing").message
    assert "4" in one(r, "figure_conflict", "在编人数").message
    f = one(r, "count_mismatch", "重点工作完成情况")
    assert (f.claimed, f.recomputed) == ("1", "3")
    assert "余兆荣" in one(r, "signer_differs").message


# ---------------------------------------------------------------- seed 004


def test_004_project_table() -> None:
    r = seed("004")
    assert r.framework_id == "shenzhen-luohu" and r.claimed_total == Decimal("91.91")
    f = one(r, "count_vs_table")
    assert (f.claimed, f.recomputed) == ("103", "106")
    assert "61、62、63" in one(r, "sequence_repeated").message
    counts = {(f.claimed, f.recomputed) for f in r.findings if f.code == "threshold_count_mismatch"}
    assert counts == {("66", "67"), ("75", "77")}
    assert all("剔除重复序号" in f.message for f in r.findings if f.code == "threshold_count_mismatch")
    none(r, "project_rate_mismatch")  # every printed rate is within the rounding of its amounts
    one(r, "project_rate_rounding")


def test_004_score_table_and_deductions() -> None:
    r = seed("004")
    missing = {f.indicator for f in r.findings if f.code == "indicator_not_in_table"}
    assert {"重点工作完成情况", "项目完成及时性"} <= missing
    assert "4 分" in one(r, "score_cell_empty", "公用经费控制率").message
    one(r, "score_cell_empty", "项目实施程序")
    none(r, "deductions_total")  # 100 − 8.09 = 91.91
    one(r, "name_variant", "绩效指标明确性", contains="绩效指标准确性")


def test_004_readings_and_stated_rates() -> None:
    r = seed("004")
    f = one(r, "nondefault_reading", "政府采购执行情况")
    assert f.claimed == "1.99" and "rate_places=2" in f.message
    assert "3 × 97%" in one(r, "score_by_stated_rate", "群众信访办理情况").message
    assert "6 × 94%" in one(r, "score_without_data", "项目完成及时性").message
    f = one(r, "rate_rounding", "“三公”经费控制率")
    assert (f.claimed, f.recomputed) == ("90.45%", "90.46%") and "截位" in f.message


def test_004_tables_in_prose() -> None:
    r = seed("004")
    assert "98%" in one(r, "targets_not_all_met").message
    assert len([f for f in r.findings if f.code == "target_unexplained"]) == 2
    one(r, "difference_column_mismatch", contains="1,145.66")
    one(r, "row_repeated", contains="转移支付项目")
    assert "2484.72" in one(r, "adjustment_gross").message
    one(r, "table_total_rounding", contains="21,504.12")


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_finding_has_evidence_and_chinese_message(number: str) -> None:
    for f in seed(number).findings:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message)
        if f.code not in ("indicator_not_in_table",):
            assert f.evidence, f.code
        for ev in f.evidence:
            assert str(ev.loc) != "（位置不详）"
