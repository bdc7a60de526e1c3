"""Rates between facts (numerator / sum of denominators) and their edge cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..facts import FACT_LABELS
from ..numbers import HUNDRED, ZERO, RoundingMode, fmt_pct, quantize
from ..scorecard import InputUsed, Outcome, Status
from .base import Context, _dec, show_fact, used

INFINITY = Decimal("Infinity")


def _pct_to_fraction(value: object) -> object:
    if value is None:
        return None
    return _dec(value) / HUNDRED  # type: ignore[operator]


#: A percentage in the framework file (90 means 90%), held as a fraction (0.9).
PctParam = Annotated[Decimal, BeforeValidator(_pct_to_fraction)]


class RateSpec(BaseModel):
    """rate = numerator / (sum of denominators)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)  # e.g. 编外人员控制率
    numerator: str
    denominator: list[str] = Field(min_length=1)
    # Rate used when numerator and denominator are both 0 (e.g. no 三公 budget and no spend).
    # Absent: such a rate cannot be computed and the part is missing.
    zero_over_zero_pct: PctParam | None = None
    # A fact holding the rate as the department stated it, used only when the amounts are absent.
    stated: str | None = None

    def facts(self) -> tuple[str, ...]:
        return (self.numerator, *self.denominator) + ((self.stated,) if self.stated else ())

    def compute(self, ctx: Context) -> tuple[Decimal | None, str, list[InputUsed]]:
        """(rate or None when not computable, formula as shown, inputs).

        A zero denominator with a positive numerator gives +Infinity (above every band).
        """
        names = (self.numerator, *self.denominator)
        inputs = [used(n, ctx.facts.get(n), ctx.unit) for n in names]
        values = [i.value for i in inputs]
        if any(v is None for v in values):
            if self.stated and ctx.facts.get(self.stated) is not None:
                stated = used(self.stated, ctx.facts[self.stated], ctx.unit)
                return stated.value, "按填报的比率，未给出金额", [stated]
            return None, "", inputs
        num = values[0]
        dens = values[1:]
        den = sum(dens, ZERO)  # type: ignore[arg-type]
        # Each input's shown value is show_fact(...) already; the formula drops the unit.
        unit = ctx.unit
        shown_num = _drop_unit(inputs[0].shown, unit)
        shown_den = "+".join([_drop_unit(i.shown, unit) for i in inputs[1:]])
        if len(dens) > 1:
            shown_den = f"({shown_den})"
        formula = f"{shown_num}/{shown_den}"
        if den == 0:
            if num == 0:
                return self.zero_over_zero_pct, formula, inputs
            return INFINITY, formula, inputs
        rate = num / den  # type: ignore[operator]
        places = ctx.options.rate_places
        if places is not None:
            rate = quantize(rate, places + 2, RoundingMode.HALF_UP)
        return rate, formula, inputs

    def read(self, ctx: Context) -> tuple[Decimal | None, str, list[InputUsed], Outcome | None]:
        """(rate, formula, inputs, outcome to return instead when the rate cannot be had)."""
        rate, formula, inputs = self.compute(ctx)
        if any(i.value is None for i in inputs):
            absent = "、".join(dict.fromkeys(i.label for i in inputs if i.value is None))
            return None, formula, inputs, Outcome(None, Status.MISSING, f"缺少数据：{absent}", tuple(inputs))
        if rate is None:
            return None, formula, inputs, Outcome(
                None, Status.MISSING, f"{self.label}无法计算（{formula}，分母为0）", tuple(inputs)
            )
        return rate, formula, inputs, None

    def describe(self) -> str:
        num = FACT_LABELS.get(self.numerator, self.numerator)
        den = "+".join(FACT_LABELS.get(d, d) for d in self.denominator)
        if len(self.denominator) > 1:
            den = f"({den})"
        return f"{self.label}={num}/{den}"


def _short(fact: str, value: Decimal, unit: str) -> str:
    return _drop_unit(show_fact(fact, value, unit), unit)


def _drop_unit(shown: str, unit: str) -> str:
    return shown[: -len(unit)] if unit and shown.endswith(unit) else shown


def show_rate(rate: Decimal) -> str:
    if rate.is_infinite():
        return "无穷大（分母为0）"
    return fmt_pct(rate)
