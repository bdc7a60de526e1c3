"""Deduction per percentage point of a rate above a threshold (e.g. 调整调剂 above 10%), floor 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..numbers import HUNDRED, ZERO, plain
from ..scorecard import SCORED, Outcome
from .base import Context, Num, RuleBase, pct_bound, pts
from .rates import PctParam, RateSpec, show_rate


class ExcessDeduction(RuleBase):
    kind: Literal["excess_deduction"]
    rate: RateSpec
    threshold_pct: PctParam
    per_point: Num = Field(gt=0)  # points deducted per percentage point above the threshold
    # "continuous": 12.5% above 10% deducts 2.5 × per_point; "whole_point": only whole points count (2).
    step: Literal["continuous", "whole_point"] = "continuous"

    def facts_used(self) -> tuple[str, ...]:
        return self.rate.facts()

    def describe(self, points: Decimal) -> str:
        how = "" if self.step == "continuous" else "（按整百分点计）"
        return (
            f"{self.rate.describe()}；在{pct_bound(self.threshold_pct)}以内得{pts(points)}，"
            f"超出部分每个百分点扣{pts(self.per_point)}{how}，扣完为止"
        )

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        rate, formula, inputs, missing = self.rate.read(ctx)
        if missing is not None:
            return missing
        label = self.rate.label
        threshold = self.threshold_pct

        def head() -> str:
            return f"{label} {show_rate(rate)}（{formula}）"

        def computed() -> tuple[tuple[str, str], ...]:
            return ((label, show_rate(rate)),)

        if rate <= threshold:
            return Outcome(points, SCORED, lambda: f"{head()}，未超过{pct_bound(threshold)}，得{pts(points)}", tuple(inputs), computed)
        if rate.is_infinite():
            return Outcome(ZERO, SCORED, lambda: f"{head()}，不得分", tuple(inputs), computed)
        over_points = (rate - threshold) * HUNDRED
        if self.step == "whole_point":
            over_points = over_points.to_integral_value(rounding="ROUND_DOWN")
        per_point = self.per_point
        score = max(ZERO, points - over_points * per_point)

        def text() -> str:
            return (
                f"{head()}，超出{pct_bound(threshold)} {plain(over_points)} 个百分点，"
                f"扣{pts(min(points, over_points * per_point))}，得{pts(score)}"
            )

        return Outcome(score, SCORED, text, tuple(inputs), lambda: computed() + (("超出百分点", plain(over_points)),))
