"""Tiered thresholds: the first band that holds the rate gives the score."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..facts import FACT_LABELS
from ..numbers import fmt_pct
from ..scorecard import MISSING, SCORED, Outcome
from .base import Context, Num, RuleBase, pct_bound, pts, read
from .rates import PctParam, RateSpec, show_rate


class Band(BaseModel):
    """min ≤ rate < max by default; either edge may be open or absent. Edges in percent."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    min: PctParam | None = None
    min_inclusive: bool = True
    max: PctParam | None = None
    max_inclusive: bool = False
    score: Num

    def holds(self, rate: Decimal) -> bool:
        if self.min is not None and (rate < self.min or (rate == self.min and not self.min_inclusive)):
            return False
        if self.max is not None and (rate > self.max or (rate == self.max and not self.max_inclusive)):
            return False
        return True

    def text(self, label: str) -> str:
        lo = hi = ""
        if self.min is not None:
            lo = f"{pct_bound(self.min)}{'≤' if self.min_inclusive else '<'}"
        if self.max is not None:
            hi = f"{'≤' if self.max_inclusive else '<'}{pct_bound(self.max)}"
        if lo and not hi:
            lo = f"{'≥' if self.min_inclusive else '>'}{pct_bound(self.min)}"  # type: ignore[arg-type]
            return f"{label}{lo}"
        return f"{lo}{label}{hi}"


class Tiers(RuleBase):
    kind: Literal["tiers"]
    rate: RateSpec | None = None  # a rate computed from facts ...
    fact: str | None = None  # ... or a fact that already is a rate (e.g. satisfaction)
    label: str | None = None  # name of the rate when ``fact`` is used
    bands: list[Band] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_source(self) -> "Tiers":
        if (self.rate is None) == (self.fact is None):
            raise ValueError("须且只能给出 rate（由两项数据计算）或 fact（直接读取的比率）之一")
        return self

    def facts_used(self) -> tuple[str, ...]:
        return self.rate.facts() if self.rate else (self.fact,)  # type: ignore[return-value]

    def check_points(self, points: Decimal) -> list[str]:
        problems = [
            f"第{n}档得分 {b.score} 超过细项分值 {points}" for n, b in enumerate(self.bands, 1) if b.score > points
        ]
        problems += self._gaps()
        return problems

    def _gaps(self) -> list[str]:
        """Probe each band edge and a point either side: every rate ≥ 0 must fall in some band."""
        probes: set[Decimal] = {Decimal(0), Decimal("1E+9")}
        step = Decimal("0.000001")
        for b in self.bands:
            for edge in (b.min, b.max):
                if edge is not None:
                    probes.update({edge, edge - step, edge + step})
        holes = sorted(p for p in probes if p >= 0 and not any(b.holds(p) for b in self.bands))
        return [f"分档未覆盖比率 {fmt_pct(p, 4)}" for p in holes[:3]]

    def _edges(self) -> tuple[tuple, ...]:
        """Each band's edges as a tuple, made once (the model is frozen)."""
        edges = self.__dict__.get("_edge_cache")
        if edges is None:
            edges = self.__dict__["_edge_cache"] = tuple(
                (b.min, b.min_inclusive, b.max, b.max_inclusive, b) for b in self.bands)
        return edges

    def _label(self) -> str:
        if self.rate:
            return self.rate.label
        return self.label or FACT_LABELS.get(self.fact or "", self.fact or "")

    def describe(self, points: Decimal) -> str:
        label = self._label()
        head = f"{self.rate.describe()}；" if self.rate else ""
        return head + "；".join(f"{b.text(label)}得{pts(b.score)}" for b in self.bands)

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        spec = self.rate
        both_zero = False
        if spec:
            rate, formula, inputs, missing = spec.read(ctx)
            if missing is not None:
                return missing
            both_zero = formula and rate == spec.zero_over_zero_pct and ctx.facts.get(spec.numerator) == 0
        else:
            inputs, missing = read(ctx, (self.fact,))  # type: ignore[arg-type]
            if missing:
                return missing
            rate = ctx.facts[self.fact]  # type: ignore[index]
            formula = None
        band = None
        for lo, lo_in, hi, hi_in, b in self._edges():  # Band.holds, inlined: the first band that holds
            if lo is not None and (rate < lo or (rate == lo and not lo_in)):
                continue
            if hi is not None and (rate > hi or (rate == hi and not hi_in)):
                continue
            band = b
            break

        def head() -> str:
            label, shown = self._label(), show_rate(rate)  # type: ignore[arg-type]
            if formula is None:
                return f"{label} {shown}"
            if both_zero:
                return f"{label}按{shown}计（{formula}，预算与支出均为0）"
            return f"{label} {shown}（{formula}）"

        def computed() -> tuple[tuple[str, str], ...]:
            return ((self._label(), show_rate(rate)),)  # type: ignore[arg-type]

        if band is None:  # only when the framework's bands leave a hole; the loader checks for that
            return Outcome(None, MISSING, lambda: f"{head()}，不在任何分档内", tuple(inputs), computed)
        score = band.score

        def text() -> str:
            verdict = f"得{pts(score)}" if score > 0 else "不得分"
            return f"{head()}，{band.text(self._label())}，{verdict}"

        return Outcome(score, SCORED, text, tuple(inputs), computed)

