"""Score = rate × points, with what happens above 100% and on a zero base stated as data."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ..numbers import ONE, ZERO
from ..scorecard import MISSING, SCORED, Outcome
from .base import Context, RuleBase, pts
from .rates import RateSpec, show_rate


class Ratio(RuleBase):
    kind: Literal["ratio"]
    rate: RateSpec
    # Above 100%: "cap" scores full points; "zero" scores 0 (e.g. 实际采购金额大于计划金额).
    over: Literal["cap", "zero"] = "cap"
    # "proportional": rate × points; "all_or_nothing": full points only at 100%, else 0.
    mode: Literal["proportional", "all_or_nothing"] = "proportional"

    def facts_used(self) -> tuple[str, ...]:
        return self.rate.facts()

    def describe(self, points: Decimal) -> str:
        if self.mode == "all_or_nothing":
            text = f"{self.rate.describe()}，达到100%得{pts(points)}，否则不得分"
        else:
            text = f"得分={self.rate.label}×{pts(points)}；{self.rate.describe()}"
        if self.over == "zero":
            text += "；超过100%不得分"
        return text

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        rate, formula, inputs, missing = self.rate.read(ctx)
        if missing is not None:
            return missing
        label = self.rate.label
        if rate.is_infinite() and self.over == "cap":
            # A positive figure against a zero base: not "more than 100%", a figure that cannot be right.
            return Outcome(None, MISSING, lambda: f"{label}无法计算（{formula}：分母为0而分子大于0）", tuple(inputs))

        def head() -> str:
            return f"{label} {show_rate(rate)}（{formula}）"

        def computed() -> tuple[tuple[str, str], ...]:
            return ((label, show_rate(rate)),)

        if rate > ONE:
            if self.over == "zero":
                return Outcome(ZERO, SCORED, lambda: f"{head()}，超过100%，不得分", tuple(inputs), computed)
            return Outcome(points, SCORED, lambda: f"{head()}，超过100%按100%计，得{pts(points)}", tuple(inputs), computed)
        if self.mode == "all_or_nothing":
            if rate == ONE:
                return Outcome(points, SCORED, lambda: f"{head()}，得{pts(points)}", tuple(inputs), computed)
            return Outcome(ZERO, SCORED, lambda: f"{head()}，未达到100%，不得分", tuple(inputs), computed)
        score = rate * points
        return Outcome(score, SCORED, lambda: f"{head()}×{pts(points)}，得{pts(score)}", tuple(inputs), computed)
