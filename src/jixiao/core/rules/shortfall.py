"""Deduction per step of a rate below a standard, floor 0 (e.g. 预算完成率 100% 计满分，每低于5%扣2分).

``count`` says which steps count: ``whole`` only completed steps (3% below a 5% step deducts
nothing), ``started`` every begun step (3% below deducts one step), ``continuous`` the exact
share (3% below deducts 3/5 of a step). The published wording does not settle it; the
framework file states its reading.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

from pydantic import Field

from ..numbers import HUNDRED, plain
from ..scorecard import MISSING, SCORED, Outcome
from .base import Context, Num, RuleBase, pct_bound, pts
from .rates import PctParam, RateSpec, show_rate

_COUNT_TEXT = {"whole": "（不足一档不扣）", "started": "（不足一档按一档扣）", "continuous": "（不足一档按比例扣）"}


class ShortfallDeduction(RuleBase):
    kind: Literal["shortfall_deduction"]
    rate: RateSpec
    standard_pct: PctParam = Decimal(1)  # full points at or above this
    step_pct: PctParam = Field(gt=0)  # the size of one step below the standard, e.g. 5 (percentage points)
    per_step: Num = Field(gt=0)  # points deducted per step
    count: Literal["whole", "started", "continuous"] = "whole"

    def facts_used(self) -> tuple[str, ...]:
        return self.rate.facts()

    def describe(self, points: Decimal) -> str:
        return (
            f"{self.rate.describe()}；达到{pct_bound(self.standard_pct)}得{pts(points)}，"
            f"每低于{pct_bound(self.step_pct)}扣{pts(self.per_step)}{_COUNT_TEXT[self.count]}，扣完为止"
        )

    def steps(self, rate: Decimal) -> Decimal:
        """Steps below the standard counted as this rule counts them (0 at or above it)."""
        if rate >= self.standard_pct:
            return Decimal(0)
        exact = (self.standard_pct - rate) / self.step_pct
        if self.count == "whole":
            return exact.to_integral_value(rounding=ROUND_FLOOR)
        if self.count == "started":
            return exact.to_integral_value(rounding=ROUND_CEILING)
        return exact

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        rate, formula, inputs, missing = self.rate.read(ctx)
        if missing is not None:
            return missing
        label = self.rate.label
        if rate.is_infinite():
            return Outcome(None, MISSING, f"{label}无法计算（{formula}：分母为0而分子大于0）", tuple(inputs))
        shown = show_rate(rate)
        head = f"{label} {shown}（{formula}）"
        computed = ((label, shown),)
        if rate >= self.standard_pct:
            return Outcome(points, SCORED, f"{head}，达到{pct_bound(self.standard_pct)}，得{pts(points)}", tuple(inputs), computed)
        below = (self.standard_pct - rate) * HUNDRED
        steps = self.steps(rate)
        lost = min(points, steps * self.per_step)
        score = points - lost
        text = (
            f"{head}，低于{pct_bound(self.standard_pct)} {plain(below)} 个百分点，"
            f"按{plain(steps)}档扣{pts(lost)}，得{pts(score)}"
        )
        return Outcome(score, SCORED, text, tuple(inputs), computed)
