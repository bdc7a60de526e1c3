"""Derived figures, each defined once: spending progress, execution and control rates, shares, changes.

The engine's facts, monitoring, the report's prose, the .xlsx writer and the web app all call these.
Computed from the input, never typed; a figure whose inputs are absent (or whose base is 0) is None
and a report says “未填报”. Scores are not computed here: they come from the scorecard.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .numbers import HUNDRED, ZERO

if TYPE_CHECKING:  # (the input models use these figures in their own checks)
    from .inputs import Budget, DepartmentYear, Quarter


@dataclass(frozen=True, slots=True)
class Change:
    """A year-on-year change: the amount and the rate (None when last year's figure is 0)."""

    amount: Decimal
    rate: Decimal | None


def ratio(num: Decimal | int | None, den: Decimal | int | None) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return Decimal(num) / Decimal(den)


def from_pct(pct: Decimal | None) -> Decimal | None:
    """A percentage as the department wrote it (98.5) → the fraction every figure is held as (0.985)."""
    return None if pct is None else pct / HUNDRED


def stated_or_ratio(num: Decimal | int | None, den: Decimal | int | None, stated_pct: Decimal | None) -> Decimal | None:
    """A rate from its amounts, or the percentage the department stated when the amounts are absent."""
    value = ratio(num, den)
    return from_pct(stated_pct) if value is None else value


def quarter_base(q: Quarter, adjusted: Decimal | None) -> Decimal | None:
    """The amount a quarter's progress is measured against: its own ``base``, else the 调整后预算."""
    return q.base if q.base is not None else adjusted


def quarter_progress(q: Quarter, adjusted: Decimal | None) -> Decimal | None:
    """累计支出进度 at a quarter's end: the stated percentage, else 累计支出 / its base (None when 0 or absent)."""
    if q.progress_pct is not None:
        return q.progress_pct / HUNDRED
    return ratio(q.cumulative_spent, quarter_base(q, adjusted))


def quarter_spent(q: Quarter, adjusted: Decimal | None) -> Decimal | None:
    """累计支出 at a quarter's end: the stated amount, else the stated progress × its base."""
    if q.cumulative_spent is not None:
        return q.cumulative_spent
    base = quarter_base(q, adjusted)
    if q.progress_pct is None or base is None:
        return None
    return q.progress_pct * base / HUNDRED


def quarterly_progress(data: DepartmentYear) -> dict[int, Decimal | None]:
    """{1: progress, …, 4: progress} for the year (None where the input gives no figure)."""
    out: dict[int, Decimal | None] = {1: None, 2: None, 3: None, 4: None}
    for q in data.quarterly or ():
        out[q.quarter] = quarter_progress(q, data.budget.adjusted)
    return out


def execution_rate(b: Budget) -> Decimal | None:
    """预算执行率 = 执行数 / 调整后预算."""
    return ratio(b.executed, b.adjusted)


def change(now: Decimal | None, before: Decimal | None) -> Change | None:
    if now is None or before is None:
        return None
    return Change(now - before, ratio(now - before, before))


@dataclass(frozen=True, slots=True)
class Figures:
    execution_rate: Decimal | None  # 执行数 / 调整后预算
    basic_share_budget: Decimal | None  # 基本支出预算 / 年初预算
    project_share_budget: Decimal | None
    basic_share_actual: Decimal | None  # 基本支出 / 总支出
    project_share_actual: Decimal | None
    adjustment_rate: Decimal | None  # 调整调剂 / 年初预算
    three_public_rate: Decimal | None
    public_funds_rate: Decimal | None
    procurement_rate: Decimal | None
    asset_utilization: Decimal | None
    payroll_rate: Decimal | None  # 在编 / 核定编制
    contract_rate: Decimal | None  # 编外 / (在编 + 编外)
    project_execution: Decimal | None  # Σ项目支出 / Σ项目预算
    projects_below_half: int | None  # 执行率低于 50% 的项目数
    executed_change: Change | None
    three_public_change: Change | None
    public_funds_change: Change | None


def _rate(group) -> Decimal | None:
    return None if group is None else stated_or_ratio(group.actual, group.budget, group.rate_pct)


def split_base(b) -> Decimal | None:
    """The base of the 基本/项目 shares: the 年初预算 when the two add up to it, else their own sum."""
    if b.basic_budget is not None and b.project_budget is not None:
        total = b.basic_budget + b.project_budget
        if b.initial is None or total != b.initial:
            return total
    return b.initial


def compute_figures(data: DepartmentYear) -> Figures:
    b = data.budget
    s = data.staffing
    p = data.procurement
    a = data.assets
    prior = data.prior_year
    projects = data.projects or []
    with_both = [x for x in projects if x.budget is not None and x.spent is not None]
    proc = stated_or_ratio(p.actual, p.plan, p.rate_pct) if p else None
    util = stated_or_ratio(a.fixed_in_use, a.fixed_total, a.utilization_pct) if a else None
    return Figures(
        execution_rate=execution_rate(b),
        basic_share_budget=ratio(b.basic_budget, split_base(b)),
        project_share_budget=ratio(b.project_budget, split_base(b)),
        basic_share_actual=ratio(b.basic_actual, b.executed),
        project_share_actual=ratio(b.project_actual, b.executed),
        adjustment_rate=ratio(b.adjustment, b.initial),
        three_public_rate=_rate(data.three_public),
        public_funds_rate=_rate(data.public_funds),
        procurement_rate=proc,
        asset_utilization=util,
        payroll_rate=ratio(s.on_payroll, s.authorized) if s else None,
        contract_rate=(
            ratio(s.contract, s.on_payroll + s.contract)
            if s and s.contract is not None and s.on_payroll is not None
            else None
        ),
        project_execution=ratio(sum((x.spent for x in with_both), ZERO), sum((x.budget for x in with_both), ZERO))
        if with_both
        else None,
        projects_below_half=sum(1 for x in with_both if x.budget and x.spent / x.budget < Decimal("0.5"))  # type: ignore[operator]
        if with_both
        else None,
        executed_change=change(b.executed, prior.budget.executed if prior and prior.budget else None),
        three_public_change=change(
            data.three_public.actual if data.three_public else None,
            prior.three_public.actual if prior and prior.three_public else None,
        ),
        public_funds_change=change(
            data.public_funds.actual if data.public_funds else None,
            prior.public_funds.actual if prior and prior.public_funds else None,
        ),
    )
