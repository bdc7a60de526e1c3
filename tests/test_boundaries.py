"""The boundaries the rules leave open, decided explicitly (see docs/scoring.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.numbers import RoundingMode
from jixiao.core.scorecard import Status

from .conftest import DELETE


def test_complete_input_scores_full_marks(scorer):
    card = scorer()
    assert card.complete and card.total == Decimal(100) and card.grade == "优"


@pytest.mark.parametrize(
    ("in_use", "expected"),
    [("90.00", "1"), ("89.99", "0.7"), ("75.00", "0.7"), ("74.99", "0.4"), ("60.00", "0.4"), ("59.99", "0")],
)
def test_fixed_asset_tiers_include_their_lower_edge(scorer, in_use, expected):
    card = scorer({"assets.fixed_in_use": in_use})
    assert card.indicator("fixed_asset_utilization").score == Decimal(expected)


@pytest.mark.parametrize(
    ("on_payroll", "contract", "expected"),
    [(95, 5, "0.5"), (90, 10, "0.5"), (96, 4, "1"), (899, 101, "0")],  # exactly 5% and 10% score 0.5
)
def test_contract_staff_edges(scorer, on_payroll, contract, expected):
    card = scorer({"staffing.on_payroll": on_payroll, "staffing.contract": contract, "staffing.authorized": 1000})
    assert card.indicator("contract_staff_control").score == Decimal(expected)


def test_contract_staff_rate_uses_on_payroll_plus_contract_not_authorized(scorer):
    card = scorer({"staffing.authorized": 52, "staffing.on_payroll": 46, "staffing.contract": 35})
    leaf = card.indicator("contract_staff_control")
    assert leaf.score == 0
    assert "43.21%（35/(46+35)）" in leaf.explanation


@pytest.mark.parametrize(("on_payroll", "expected"), [(50, "1"), (51, "0")])
def test_payroll_control_exactly_100_percent_scores(scorer, on_payroll, expected):
    card = scorer({"staffing.authorized": 50, "staffing.on_payroll": on_payroll})
    assert card.indicator("payroll_control").score == Decimal(expected)


@pytest.mark.parametrize(
    ("budget", "actual", "expected"),
    [
        ("10.00", "8.99", "3"),
        ("10.00", "9.00", "2"),  # exactly 90% is in the 90–100% band
        ("10.00", "10.00", "2"),  # exactly 100% still scores 2
        ("10.00", "10.01", "0"),
        ("0", "0", "3"),  # no budget and no spend: rate 0%
        ("0", "0.50", "0"),  # spend without a budget: above every band
    ],
)
def test_three_public_control_edges(scorer, budget, actual, expected):
    card = scorer({"three_public.budget": budget, "three_public.actual": actual})
    part = next(p for p in card.indicator("public_funds_control").parts if p.id == "three_public")
    assert part.score == Decimal(expected)


def test_zero_budget_zero_spend_is_explained(scorer):
    card = scorer({"three_public.budget": "0", "three_public.actual": "0"})
    assert "预算与支出均为0" in card.indicator("public_funds_control").explanation


@pytest.mark.parametrize(
    ("plan", "actual", "expected"),
    [
        ("200", "197", "1.99"),  # 98.50% × 1 + 1 = 1.985 → 1.99 half-up (seed 004)
        ("200", "201", "1"),  # actual above plan: execution part 0
        ("0", "0", "2"),  # no plan, nothing bought: executed as planned
        ("0", "5", "1"),  # bought without a plan: above plan
    ],
)
def test_procurement_edges(scorer, plan, actual, expected):
    card = scorer({"procurement.plan": plan, "procurement.actual": actual})
    assert card.indicator("procurement").score == Decimal(expected)


def test_procurement_truncation(scorer):
    card = scorer(
        {"procurement.plan": "200", "procurement.actual": "197"},
        options=scorer.framework.default_options().with_(rounding=RoundingMode.TRUNCATE),
    )
    assert card.indicator("procurement").score == Decimal("1.98")


@pytest.mark.parametrize(("pct", "expected"), [("95", "6"), ("94.99", "4"), ("90", "4"), ("80", "2"), ("79.99", "1")])
def test_satisfaction_edges(scorer, pct, expected):
    assert scorer({"satisfaction_pct": pct}).indicator("satisfaction").score == Decimal(expected)


@pytest.mark.parametrize(
    ("adjustment", "expected"),
    [("100.00", "3"), ("125.00", "2.75"), ("250.00", "2"), ("101.00", "2.99")],
)
def test_adjustment_deduction_per_point_above_ten_percent(scorer, adjustment, expected):
    # 10% of 1000 → full; 12.5% → minus 0.25; 25% → minus 1.5, floored at 0 for the part
    assert scorer({"budget.adjustment": adjustment}).indicator("financial_compliance").score == Decimal(expected)


def test_quarter_above_schedule_is_capped(scorer):
    card = scorer({"quarterly.0.progress_pct": "55"})  # 220% of 25% (as far as Q2: cumulative never falls)
    part = next(p for p in card.indicator("budget_execution").parts if p.id == "quarters")
    assert part.raw == Decimal(4)


def test_key_task_unfinished_deducts_per_item_with_floor(scorer):
    tasks = [{"name": f"任务{i}", "completed": i > 3} for i in range(1, 6)]  # 3 unfinished × 4 > 8
    leaf = scorer({"key_tasks": tasks}).indicator("key_tasks")
    assert leaf.score == 0 and "未完成的重点工作 3 项" in leaf.explanation


def test_project_timeliness_ratio(scorer):
    projects = [{"name": f"项目{i}", "completed_on_time": i != 1} for i in range(1, 9)]
    projects.append({"name": "跨年项目", "planned_completion": False})
    assert scorer({"projects": projects}).indicator("project_timeliness").score == Decimal("5.25")  # 7/8 × 6


def test_petitions_all_or_nothing(scorer):
    leaf = scorer({"petitions.replied_on_time": 9}).indicator("petitions")
    assert leaf.score == 2


def test_veto_sets_indicator_to_zero(scorer):
    card = scorer({"judgements.financial_compliance.veto": {"triggered": True, "reason": "挪用专项资金 3 万元"}})
    leaf = card.indicator("financial_compliance")
    assert leaf.score == 0 and leaf.vetoed and "挪用专项资金" in leaf.explanation


def test_missing_staffing_is_missing_not_full_marks(scorer):
    card = scorer({"staffing": DELETE})
    leaf = card.indicator("contract_staff_control")
    assert leaf.status is Status.MISSING and leaf.score is None
    assert not card.complete and card.grade is None
    assert card.total == Decimal(98)
    assert "management.staff_management.payroll_control" in card.missing


def test_unanswered_judgement_is_missing(scorer):
    card = scorer({"judgements.asset_safety": DELETE})
    assert card.indicator("asset_safety").status is Status.MISSING
    assert card.indicator("asset_safety").score is None


def test_unanswered_veto_is_missing(scorer):
    card = scorer({"judgements.financial_compliance.veto": DELETE})
    assert card.indicator("financial_compliance").status is Status.MISSING


def test_formula_override_keeps_the_formula_reading(scorer):
    card = scorer({"judgements.satisfaction": {"rate": {"score": "4", "reason": "复核：调查样本不足"}}})
    leaf = card.indicator("satisfaction")
    assert leaf.score == 4 and leaf.status is Status.JUDGED
    assert "复核：调查样本不足" in leaf.explanation and "得6分" in leaf.explanation


def test_targets_score_from_actuals(scorer):
    card = scorer({"targets.0.actual": "90"})  # 90/100 × 10 = 9
    assert card.indicator("outcomes").score == Decimal(24)
