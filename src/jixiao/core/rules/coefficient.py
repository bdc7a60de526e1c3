"""得分系数分档: a rate falls in a band that gives a coefficient; score = coefficient × points.

The bands use the same edges as ``tiers`` (percent; ``min`` inclusive, ``max`` exclusive by
default) but give a share of the part's points instead of a fixed score, so the same bands
serve an indicator of any weight (e.g. 完成率 ≥ 95% 系数 100%，90%～95% 系数 80%).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..facts import FACT_LABELS
from ..numbers import ONE, ZERO, fmt_pct
from ..scorecard import MISSING, SCORED, Outcome
from .base import Context, RuleBase, pct_bound, pts, read
from .rates import PctParam, RateSpec, show_rate
from .tiers import Band


class CoefficientBand(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min: PctParam | None = None
    min_inclusive: bool = True
    max: PctParam | None = None
    max_inclusive: bool = False
    coefficient_pct: PctParam  # 得分系数, e.g. 80 means 80% of the points

    def as_band(self) -> Band:
        return Band(
            min=None if self.min is None else self.min * 100,  # type: ignore[arg-type]
            min_inclusive=self.min_inclusive,
            max=None if self.max is None else self.max * 100,  # type: ignore[arg-type]
            max_inclusive=self.max_inclusive,
            score=ZERO,
        )


class CoefficientBands(RuleBase):
    kind: Literal["coefficient_bands"]
    rate: RateSpec | None = None
    fact: str | None = None
    label: str | None = None
    bands: list[CoefficientBand] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_source(self) -> "CoefficientBands":
        if (self.rate is None) == (self.fact is None):
            raise ValueError("须且只能给出 rate（由两项数据计算）或 fact（直接读取的比率）之一")
        for n, b in enumerate(self.bands, 1):
            if not ZERO <= b.coefficient_pct <= ONE:
                raise ValueError(f"第{n}档得分系数应在 0～100 之间")
        return self

    def facts_used(self) -> tuple[str, ...]:
        return self.rate.facts() if self.rate else (self.fact,)  # type: ignore[return-value]

    def check_points(self, points: Decimal) -> list[str]:
        probes: set[Decimal] = {Decimal(0), Decimal("1E+9")}
        step = Decimal("0.000001")
        bands = [b.as_band() for b in self.bands]
        for b in bands:
            for edge in (b.min, b.max):
                if edge is not None:
                    probes.update({edge, edge - step, edge + step})
        holes = sorted(p for p in probes if p >= 0 and not any(b.holds(p) for b in bands))
        return [f"分档未覆盖比率 {fmt_pct(p, 4)}" for p in holes[:3]]

    def _label(self) -> str:
        if self.rate:
            return self.rate.label
        return self.label or FACT_LABELS.get(self.fact or "", self.fact or "")

    def describe(self, points: Decimal) -> str:
        label = self._label()
        head = f"{self.rate.describe()}；" if self.rate else ""
        bands = "；".join(f"{b.as_band().text(label)}系数{pct_bound(b.coefficient_pct)}" for b in self.bands)
        return f"{head}得分=得分系数×{pts(points)}：{bands}"

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        label = self._label()
        if self.rate:
            rate, formula, inputs, missing = self.rate.read(ctx)
            if missing is not None:
                return missing
            head = f"{label} {show_rate(rate)}（{formula}）"
        else:
            inputs, missing = read(ctx, (self.fact,))  # type: ignore[arg-type]
            if missing is not None:
                return missing
            rate = ctx.facts[self.fact]  # type: ignore[index]
            head = f"{label} {show_rate(rate)}"  # type: ignore[arg-type]
        for b in self.bands:
            band = b.as_band()
            if band.holds(rate):  # type: ignore[arg-type]
                score = b.coefficient_pct * points
                text = f"{head}，{band.text(label)}，得分系数{pct_bound(b.coefficient_pct)}，得{pts(score)}"
                return Outcome(score, SCORED, text, tuple(inputs), ((label, show_rate(rate)), ("得分系数", pct_bound(b.coefficient_pct))))  # type: ignore[arg-type]
        return Outcome(None, MISSING, f"{head}，不在任何分档内", tuple(inputs))
