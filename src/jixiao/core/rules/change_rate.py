"""变动率 against the previous year: (this year − last year) / last year, with a deduction per
percentage point above a threshold, floor 0.

E.g. “三公”经费变动率 ≤ 0 scores full points; every point above 0 deducts ``per_point``.
Last year's figure of 0: a change from 0 to 0 is 0%; from 0 to a positive figure the rate
cannot be computed, and the part is missing until a person scores it with a reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..facts import FACT_LABELS
from ..numbers import HUNDRED, ZERO, fmt_pct, plain
from ..scorecard import MISSING, SCORED, Outcome
from .base import Context, Num, RuleBase, pct_bound, pts, read
from .rates import PctParam


class ChangeRate(RuleBase):
    kind: Literal["change_rate"]
    label: str = Field(min_length=1)  # e.g. “三公”经费变动率
    current: str  # this year's figure (a fact)
    prior: str  # last year's figure (a fact)
    threshold_pct: PctParam = ZERO  # full points while the change is at most this
    per_point: Num = Field(gt=0)  # deducted per percentage point above the threshold
    step: Literal["continuous", "whole_point"] = "continuous"

    def facts_used(self) -> tuple[str, ...]:
        return (self.current, self.prior)

    def describe(self, points: Decimal) -> str:
        cur = FACT_LABELS.get(self.current, self.current)
        pri = FACT_LABELS.get(self.prior, self.prior)
        how = "" if self.step == "continuous" else "（按整百分点计）"
        return (
            f"{self.label}=({cur}−{pri})/{pri}；{self.label}≤{pct_bound(self.threshold_pct)}得{pts(points)}，"
            f"每超过一个百分点扣{pts(self.per_point)}{how}，扣完为止"
        )

    def change(self, current: Decimal, prior: Decimal) -> Decimal | None:
        """The change as a fraction; None when last year's figure is 0 and this year's is not."""
        if prior == 0:
            return ZERO if current == 0 else None
        return (current - prior) / prior

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        inputs, missing = read(ctx, (self.current, self.prior))
        if missing is not None:
            return missing
        cur, pri = ctx.facts[self.current], ctx.facts[self.prior]
        formula = f"({plain(cur)}−{plain(pri)})/{plain(pri)}"  # type: ignore[arg-type]
        rate = self.change(cur, pri)  # type: ignore[arg-type]
        if rate is None:
            return Outcome(
                None,
                MISSING,
                f"{self.label}无法计算（{formula}：上年为0而本年大于0），须人工评定并说明理由",
                tuple(inputs),
            )
        shown = fmt_pct(rate)
        head = f"{self.label} {shown}（{formula}）"
        computed = ((self.label, shown),)
        if rate <= self.threshold_pct:
            return Outcome(points, SCORED, f"{head}，未超过{pct_bound(self.threshold_pct)}，得{pts(points)}", tuple(inputs), computed)
        over = (rate - self.threshold_pct) * HUNDRED
        if self.step == "whole_point":
            over = over.to_integral_value(rounding="ROUND_DOWN")
        lost = min(points, over * self.per_point)
        score = points - lost
        text = f"{head}，超过{pct_bound(self.threshold_pct)} {plain(over)} 个百分点，扣{pts(lost)}，得{pts(score)}"
        return Outcome(score, SCORED, text, tuple(inputs), computed + (("超出百分点", plain(over)),))
