"""Boundaries of the rule kinds added for the provincial frameworks: 变动率, 每低于一档扣分,
得分系数分档, and target achievement by direction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from jixiao.core.inputs import DepartmentYear, Target
from jixiao.core.options import ScoringOptions
from jixiao.core.rules import Rule
from jixiao.core.rules.achievement import achievement, is_met
from jixiao.core.rules.base import Context
from jixiao.core.scorecard import Status

RULE = TypeAdapter(Rule)
D = Decimal


def ctx(**facts) -> Context:
    data = DepartmentYear(department="测试局", year=2024)
    values = {k.replace("__", "."): (None if v is None else D(v)) for k, v in facts.items()}
    return Context(values, data, None, ScoringOptions(), "万元")


# --- change_rate (变动率) ----------------------------------------------------------------------

CHANGE = {"kind": "change_rate", "label": "“三公”经费变动率", "current": "three_public.actual",
          "prior": "prior.three_public.actual", "threshold_pct": 0, "per_point": "0.3"}


@pytest.mark.parametrize(
    ("current", "prior", "score"),
    [
        ("18.00", "18.00", "3"),  # no change: full
        ("17.00", "18.00", "3"),  # a fall: full
        ("18.18", "18.00", "2.7"),  # +1 point: −0.3
        ("19.08", "18.00", "1.2"),  # +6 points: −1.8
        ("28.00", "18.00", "0"),  # +55.6 points: floor 0
        ("0", "0", "3"),  # nothing either year: 0% change
    ],
)
def test_change_rate_deducts_per_point_above_threshold(current, prior, score):
    rule = RULE.validate_python(CHANGE)
    out = rule.evaluate(ctx(three_public__actual=current, prior__three_public__actual=prior), D(3))
    assert out.status is Status.SCORED
    assert out.raw == D(score)


def test_change_rate_from_zero_is_missing_not_full_marks():
    rule = RULE.validate_python(CHANGE)
    out = rule.evaluate(ctx(three_public__actual="5", prior__three_public__actual="0"), D(3))
    assert out.raw is None and out.status is Status.MISSING
    assert "上年为0" in out.explanation


def test_change_rate_missing_prior_year():
    rule = RULE.validate_python(CHANGE)
    out = rule.evaluate(ctx(three_public__actual="5", prior__three_public__actual=None), D(3))
    assert out.status is Status.MISSING and "上年度“三公”经费实际支出数" in out.explanation


def test_change_rate_threshold_and_whole_points():
    rule = RULE.validate_python(CHANGE | {"threshold_pct": 5, "step": "whole_point"})
    # +7.5%: 2.5 points above 5%, whole points only → 2 × 0.3 = 0.6
    out = rule.evaluate(ctx(three_public__actual="107.5", prior__three_public__actual="100"), D(3))
    assert out.raw == D("2.4")
    # exactly at the threshold scores full
    assert rule.evaluate(ctx(three_public__actual="105", prior__three_public__actual="100"), D(3)).raw == D(3)


# --- shortfall_deduction (每低于5%扣2分) ------------------------------------------------------

SHORT = {"kind": "shortfall_deduction", "rate": {"label": "预算完成率", "numerator": "budget.executed",
         "denominator": ["budget.adjusted"]}, "standard_pct": 100, "step_pct": 5, "per_step": 2}


@pytest.mark.parametrize(
    ("count", "executed", "score"),
    [
        ("whole", "100", "5"),
        ("whole", "104", "5"),  # above the standard
        ("whole", "96", "5"),  # 4 points below: no whole step
        ("whole", "95", "3"),  # exactly one step
        ("whole", "89.99", "1"),  # 2 whole steps
        ("whole", "70", "0"),  # 6 steps = 12 > 5: floor 0
        ("started", "99.99", "3"),  # any shortfall starts a step
        ("started", "95", "3"),
        ("started", "94.99", "1"),
        ("continuous", "97.5", "4"),  # half a step
    ],
)
def test_shortfall_steps(count, executed, score):
    rule = RULE.validate_python(SHORT | {"count": count})
    out = rule.evaluate(ctx(budget__executed=executed, budget__adjusted="100"), D(5))
    assert out.raw == D(score), out.explanation


def test_shortfall_zero_base_is_missing():
    rule = RULE.validate_python(SHORT)
    out = rule.evaluate(ctx(budget__executed="5", budget__adjusted="0"), D(5))
    assert out.status is Status.MISSING


def test_shortfall_step_must_be_positive():
    with pytest.raises(ValidationError):
        RULE.validate_python(SHORT | {"step_pct": 0})


# --- coefficient_bands (得分系数分档) ---------------------------------------------------------

BANDS = {"kind": "coefficient_bands", "fact": "satisfaction", "label": "满意度", "bands": [
    {"min": 95, "coefficient_pct": 100},
    {"min": 90, "max": 95, "coefficient_pct": 80},
    {"min": 80, "max": 90, "coefficient_pct": 50},
    {"max": 80, "coefficient_pct": 0},
]}


@pytest.mark.parametrize(
    ("pct", "score"),
    [("100", "6"), ("95", "6"), ("94.99", "4.8"), ("90", "4.8"), ("89.99", "3"), ("80", "3"), ("79.99", "0"), ("0", "0")],
)
def test_coefficient_band_edges(pct, score):
    rule = RULE.validate_python(BANDS)
    out = rule.evaluate(ctx(satisfaction=D(pct) / 100), D(6))
    assert out.raw == D(score)
    assert ("得分系数", {"6": "100%", "4.8": "80%", "3": "50%", "0": "0%"}[score]) in out.computed


def test_coefficient_bands_with_a_hole_are_a_framework_error():
    rule = RULE.validate_python(BANDS | {"bands": [{"min": 90, "coefficient_pct": 100}, {"max": 80, "coefficient_pct": 0}]})
    assert any("未覆盖" in m for m in rule.check_points(D(6)))


def test_coefficient_above_100_is_refused():
    with pytest.raises(ValidationError):
        RULE.validate_python(BANDS | {"bands": [{"min": 0, "coefficient_pct": 120}, {"max": 0, "coefficient_pct": 0}]})


# --- achievement by direction (指标性质) ------------------------------------------------------


def tgt(**kw) -> Target:
    return Target.model_validate({"name": "指标", "weight": "10"} | kw)


@pytest.mark.parametrize(
    ("direction", "target", "actual", "coef"),
    [
        (">=", "100", "100", "1"),
        (">=", "100", "120", "1"),  # capped at 100%
        (">=", "100", "80", "0.8"),
        ("<=", "5", "5", "1"),
        ("<=", "5", "4", "1"),
        ("<=", "5", "8", "0.625"),
        ("=", "40", "40", "1"),
        ("=", "40", "38", "0.95"),
        ("=", "40", "90", "0"),  # deviation above 100%: floor 0
        (">=", "0", "0", "1"),
    ],
)
def test_achievement_by_direction(direction, target, actual, coef):
    got, _ = achievement(tgt(direction=direction, target=target, actual=actual), D(1), lambda _: None)
    assert got == D(coef)
    assert is_met(tgt(direction=direction, target=target, actual=actual), got) is (got == 1)


def test_achievement_uses_the_adjusted_target():
    t = tgt(direction=">=", target="40", adjusted_target="36", actual="36", unit="场")
    got, how = achievement(t, D(1), lambda _: None)
    assert got == 1 and "年初 40场，调整后 36场" in how


def test_achievement_missing_actual_and_unjudged_qualitative():
    assert achievement(tgt(direction=">=", target="1"), D(1), lambda _: None)[0] is None
    q = tgt(kind="qualitative", target_text="好")
    assert achievement(q, D(1), lambda _: None) == (None, "目标“好”，实际未填写，未评判档次")
    assert is_met(q, None, "达成") is None
