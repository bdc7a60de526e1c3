"""Shipped frameworks: each loads and validates; the national self-evaluation form scores as its rules say."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.checks import check_input
from jixiao.core.engine import InvalidInput, score
from jixiao.core.framework import check_framework
from jixiao.core.inputs import DepartmentYear
from jixiao.core.scorecard import Status
from jixiao.frameworks import available, load_framework
from jixiao.frameworks.loader import DATA_DIR, load_framework_file

NATIONAL = "national-self-eval"
HUADU = "guangzhou-huadu-2024"
FULL = "达成年度指标"
PARTIAL = "部分达成年度指标并具有一定效果"
NOT_MET = "未达成年度指标且效果较差"


def dept(**fields) -> DepartmentYear:
    base = {"department": "测试区测试局", "year": 2024, "framework": NATIONAL}
    return DepartmentYear.model_validate(base | fields)


def target(name: str, category: str, weight, **rest) -> dict:
    return {"name": name, "category": category, "weight": str(weight), **rest}


# --- every shipped framework -------------------------------------------------------------------


def test_the_new_frameworks_are_shipped() -> None:
    assert {NATIONAL, HUADU} <= set(available())


@pytest.mark.parametrize("ident", available())
def test_shipped_framework_loads_and_validates(ident: str) -> None:
    fw = load_framework_file(DATA_DIR / f"{ident}.yaml")  # not the cached copy
    assert fw.id == ident
    assert check_framework(fw) == []
    assert sum(i.weight for i in fw.indicators) == fw.total == Decimal(100)
    assert any(g.min == 0 for g in fw.grades)
    for _, leaf in fw.leaves():
        assert sum(p.points for p in leaf.parts) == leaf.weight


def test_national_shape_and_sources() -> None:
    fw = load_framework(NATIONAL)
    assert [(i.name, i.weight) for i in fw.indicators] == [
        ("年度预算执行情况", 10),
        ("产出指标", 50),
        ("效益指标", 30),
        ("满意度指标", 10),
    ]
    cats = {leaf.id: leaf.parts[0].rule.categories for _, leaf in fw.leaves() if leaf.parts[0].rule.kind == "targets"}
    assert cats == {
        "output_targets": ["数量指标", "质量指标", "时效指标", "成本指标"],
        "benefit_targets": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
        "satisfaction_targets": ["服务对象满意度指标"],
    }
    assert any("财预〔2020〕10号" in s for s in fw.sources)
    assert any("自评表" in s for s in fw.sources)


def test_huadu_shape_and_sources() -> None:
    fw = load_framework(HUADU)
    assert [(i.name, i.weight) for i in fw.indicators] == [("履职效能", 50), ("管理效率", 50)]
    assert fw.year == 2024
    assert any("种子 002" in s for s in fw.sources)


@pytest.mark.parametrize(
    ("total", "grade"),
    [("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"), ("0", "差")],
)
def test_national_grades(total: str, grade: str) -> None:
    assert load_framework(NATIONAL).grade_for(Decimal(total)) == grade


# --- national: 预算执行率 = 执行率 × 10 ----------------------------------------------------------


def _execution(adjusted: str, executed: str):
    card = score(load_framework(NATIONAL), dept(budget={"adjusted": adjusted, "executed": executed}))
    return card.indicator("budget_execution_rate")


def test_budget_execution_is_rate_times_ten() -> None:
    leaf = _execution("1,000.00", "987.65")  # 98.765% × 10 = 9.8765 → 9.88 (half-up)
    assert leaf.score == Decimal("9.88")
    assert leaf.parts[0].raw == Decimal("9.8765")
    assert leaf.status is Status.SCORED
    assert "预算执行率 98.77%（987.65/1,000.00）" in leaf.explanation


def test_budget_execution_truncated_reading() -> None:
    fw = load_framework(NATIONAL)
    from jixiao.core.numbers import RoundingMode

    card = score(fw, dept(budget={"adjusted": "1000", "executed": "987.65"}), fw.default_options().with_(rounding=RoundingMode.TRUNCATE))
    assert card.indicator("budget_execution_rate").score == Decimal("9.87")


def test_budget_execution_above_100_percent_is_capped() -> None:
    leaf = _execution("1,000.00", "1,050.00")  # 105% → counted as 100%
    assert leaf.score == Decimal(10)
    assert "105.00%" in leaf.explanation and "超过100%按100%计" in leaf.explanation


def test_budget_execution_exactly_100_percent() -> None:
    assert _execution("2781.82", "2781.82").score == Decimal(10)


def test_budget_execution_zero_budget_and_zero_spend_is_missing() -> None:
    leaf = _execution("0", "0")
    assert leaf.score is None and leaf.status is Status.MISSING


def test_budget_execution_needs_both_figures() -> None:
    card = score(load_framework(NATIONAL), dept(budget={"adjusted": "1000"}))
    leaf = card.indicator("budget_execution_rate")
    assert leaf.status is Status.MISSING and "预算执行数" in leaf.explanation
    assert not card.complete and card.grade is None


# --- national: targets --------------------------------------------------------------------------


def _full_benefits_and_satisfaction() -> list[dict]:
    return [
        target("社会效益", "社会效益指标", 30, direction=">=", target="90", actual="95", unit="%"),
        target("满意度", "服务对象满意度指标", 10, direction=">=", target="90", actual="92", unit="%"),
    ]


def test_negative_target_scores_target_over_actual() -> None:
    data = dept(
        budget={"adjusted": "100", "executed": "100"},
        targets=[
            # ≤ 4 days, took 5: 4/5 × 30 = 24
            target("平均办结时长", "时效指标", 30, direction="<=", target="4", actual="5", unit="天"),
            # ≤ 4.2 元, cost 4.05: met → full 20
            target("单位成本", "成本指标", 20, direction="<=", target="4.2", actual="4.05", unit="元"),
            *_full_benefits_and_satisfaction(),
        ],
    )
    fw = load_framework(NATIONAL)
    assert check_input(fw, data) == []
    card = score(fw, data)
    leaf = card.indicator("output_targets")
    assert leaf.score == Decimal(44)
    assert "平均办结时长（30分）：实际 5天，目标 ≤4天，完成 80.00%→24分" in leaf.explanation
    assert "单位成本（20分）：实际 4.05元，目标 ≤4.2元→20分" in leaf.explanation
    assert card.total == Decimal(10 + 44 + 30 + 10)
    assert card.grade == "优" and card.complete


def test_negative_target_of_zero() -> None:
    fw = load_framework(NATIONAL)
    for actual, want in (("0", 50), ("2", 0)):
        data = dept(
            targets=[
                target("安全责任事故", "质量指标", 50, direction="<=", target="0", actual=actual, unit="起"),
                *_full_benefits_and_satisfaction(),
            ]
        )
        assert score(fw, data).indicator("output_targets").score == Decimal(want)


def test_positive_target_above_target_is_capped_and_shortfall_is_proportional() -> None:
    data = dept(
        targets=[
            target("清扫面积", "数量指标", 25, direction=">=", target="1200", actual="1500"),  # capped → 25
            target("查处案件", "数量指标", 25, direction=">=", target="1500", actual="1380"),  # 0.92 × 25 = 23
            *_full_benefits_and_satisfaction(),
        ]
    )
    assert score(load_framework(NATIONAL), data).indicator("output_targets").score == Decimal(48)


def test_qualitative_score_inside_its_band_is_accepted() -> None:
    fw = load_framework(NATIONAL)
    for level, got in ((FULL, "8"), (PARTIAL, "6"), (PARTIAL, "7.99"), (NOT_MET, "5.99"), (NOT_MET, "0")):
        data = dept(
            targets=[
                target("考评", "质量指标", 10, kind="qualitative", level=level, score=got, reason="依据考评通报"),
                target("数量", "数量指标", 40, direction=">=", target="1", actual="1"),
                *_full_benefits_and_satisfaction(),
            ]
        )
        assert check_input(fw, data) == [], (level, got)
        assert score(fw, data).indicator("output_targets").score == Decimal(40) + Decimal(got)


@pytest.mark.parametrize(
    ("level", "given", "band"),
    [
        (PARTIAL, "8", "6～7.999"),  # 80% belongs to 达成
        (PARTIAL, "5.99", "6～7.999"),
        (FULL, "7.9", "8～10"),
        (NOT_MET, "6", "0～5.999"),  # 60% belongs to 部分达成
    ],
)
def test_qualitative_score_outside_its_band_is_rejected(level: str, given: str, band: str) -> None:
    fw = load_framework(NATIONAL)
    data = dept(
        targets=[
            target("数量", "数量指标", 40, direction=">=", target="1", actual="1"),
            target("考评", "质量指标", 10, kind="qualitative", level=level, score=given, reason="依据考评通报"),
            *_full_benefits_and_satisfaction(),
        ]
    )
    problems = check_input(fw, data)
    assert [(p.field, p.message) for p in problems] == [
        ("targets[1].score", f"得分 {given} 不在“{level}”档 {band} 分之内")
    ]
    with pytest.raises(InvalidInput):
        score(fw, data)


def test_qualitative_unknown_level_is_rejected() -> None:
    data = dept(
        targets=[
            target("考评", "质量指标", 50, kind="qualitative", level="达成", score="50", reason="x"),
            *_full_benefits_and_satisfaction(),
        ]
    )
    problems = check_input(load_framework(NATIONAL), data)
    assert [p.field for p in problems] == ["targets[0].level"]
    assert FULL in problems[0].message


def test_target_weights_not_adding_up_to_the_category_points_are_rejected() -> None:
    fw = load_framework(NATIONAL)
    data = dept(
        targets=[
            target("清扫面积", "数量指标", 30, direction=">=", target="1200", actual="1236"),
            target("结案率", "质量指标", 15, direction=">=", target="95", actual="97"),
            target("社会效益", "社会效益指标", 30, direction=">=", target="90", actual="95"),
            target("满意度", "服务对象满意度指标", 12, direction=">=", target="90", actual="92"),
        ]
    )
    problems = check_input(fw, data)
    assert [(p.field, p.message) for p in problems] == [
        ("targets", "计入“产出指标完成情况”的个性指标权重合计 45（30+15）与该项分值 50 不符"),
        ("targets", "计入“服务对象满意度”的个性指标权重合计 12（12）与该项分值 10 不符"),
    ]
    with pytest.raises(InvalidInput) as exc:
        score(fw, data)
    assert "产出指标完成情况" in str(exc.value)


def test_target_in_an_unknown_category_is_rejected() -> None:
    data = dept(
        targets=[
            target("数量", "产出数量", 50, direction=">=", target="1", actual="1"),
            *_full_benefits_and_satisfaction(),
        ]
    )
    problems = check_input(load_framework(NATIONAL), data)
    assert [p.field for p in problems] == ["targets[0].category"]
    assert "数量指标" in problems[0].message


def test_category_without_targets_is_missing_unless_judged_whole() -> None:
    fw = load_framework(NATIONAL)
    without = dept(budget={"adjusted": "100", "executed": "100"}, targets=_full_benefits_and_satisfaction())
    card = score(fw, without)
    assert card.indicator("output_targets").status is Status.MISSING
    assert card.missing == ("outputs.output_targets",)

    judged = dept(
        budget={"adjusted": "100", "executed": "100"},
        targets=_full_benefits_and_satisfaction(),
        judgements={"output_targets": {"targets": {"score": "46", "reason": "自评表未逐项列出产出指标，按总体完成情况评定"}}},
    )
    card = score(fw, judged)
    assert card.indicator("output_targets").score == Decimal(46)
    assert card.total == Decimal(96) and card.complete


# --- Huadu ---------------------------------------------------------------------------------------


def test_huadu_judged_score_beyond_its_points_is_rejected() -> None:
    fw = load_framework(HUADU)
    data = dept(
        framework=HUADU,
        judgements={
            "duty_efficacy_overall": {"overall": {"score": "50", "reason": "全部完成"}},
            "management_efficiency_overall": {"overall": {"score": "51", "reason": "笔误"}},
        },
    )
    problems = check_input(fw, data)
    assert [(p.field, p.message) for p in problems] == [
        ("judgements.management_efficiency_overall.overall", "评定得分 51 超出范围 0～50")
    ]
