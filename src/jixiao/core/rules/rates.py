"""Rates between facts (numerator / sum of denominators) and their edge cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..facts import FACT_LABELS
from ..numbers import HUNDRED, ZERO, RoundingMode, fmt_pct, quantize
from ..scorecard import MISSING, InputUsed, Outcome
from .base import Context, _dec, missing_outcome

INFINITY = Decimal("Infinity")


def _pct_to_fraction(value: object) -> object:
    if value is None:
        return None
    return _dec(value) / HUNDRED  # type: ignore[operator]


#: A percentage in the framework file (90 means 90%), held as a fraction (0.9).
PctParam = Annotated[Decimal, BeforeValidator(_pct_to_fraction)]


class RateSpec(BaseModel):
    """rate = numerator / (sum of denominators)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

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

    def compute(self, ctx: Context) -> tuple[Decimal | None, "Formula", list[InputUsed]]:
        """(rate or None when not computable, the formula (its text made when read), inputs).

        A zero denominator with a positive numerator gives +Infinity (above every band).
        """
        rate, formula, inputs, _ = self._compute(ctx)
        return rate, formula, inputs

    def _compute(self, ctx: Context) -> tuple[Decimal | None, "Formula", list[InputUsed], bool]:
        """As :meth:`compute`, and whether every input was given."""
        facts, unit = ctx.facts, ctx.unit
        num = facts.get(self.numerator)
        inputs = [InputUsed(self.numerator, num, unit)]
        given = num is not None
        den = ZERO  # summed from 0 in order, as sum(..., ZERO) does: the Decimal exponent depends on it
        for name in self.denominator:
            value = facts.get(name)
            inputs.append(InputUsed(name, value, unit))
            if value is None:
                given = False
            elif given:
                den += value
        if not given:
            if self.stated and facts.get(self.stated) is not None:
                stated = InputUsed(self.stated, facts[self.stated], unit)
                return stated.value, _STATED, [stated], True
            return None, _NO_FORMULA, inputs, False
        formula = Formula(inputs, unit)
        if den == 0:
            if num == 0:
                return self.zero_over_zero_pct, formula, inputs, True
            return INFINITY, formula, inputs, True
        rate = num / den  # type: ignore[operator]
        places = ctx.options.rate_places
        if places is not None:
            rate = quantize(rate, places + 2, RoundingMode.HALF_UP)
        return rate, formula, inputs, True

    def read(self, ctx: Context) -> tuple[Decimal | None, "Formula", list[InputUsed], Outcome | None]:
        """(rate, formula, inputs, outcome to return instead when the rate cannot be had)."""
        rate, formula, inputs, given = self._compute(ctx)
        if not given:
            return None, formula, inputs, missing_outcome(inputs)
        if rate is None:
            label = self.label
            return None, formula, inputs, Outcome(
                None, MISSING, lambda: f"{label}无法计算（{formula}，分母为0）", tuple(inputs)
            )
        return rate, formula, inputs, None

    def describe(self) -> str:
        num = FACT_LABELS.get(self.numerator, self.numerator)
        den = "+".join(FACT_LABELS.get(d, d) for d in self.denominator)
        if len(self.denominator) > 1:
            den = f"({den})"
        return f"{self.label}={num}/{den}"


class Formula:
    """A rate's formula as shown, e.g. "35/(46+35)": made from its inputs when first written out."""

    __slots__ = ("inputs", "unit", "_text")

    def __init__(self, inputs: list[InputUsed] | None, unit: str, text: str | None = None):
        self.inputs = inputs
        self.unit = unit
        self._text = text

    def __str__(self) -> str:
        if self._text is None:
            inputs, unit = self.inputs, self.unit
            # Each input's shown value is show_fact(...); the formula drops the unit.
            shown_num = _drop_unit(inputs[0].shown, unit)  # type: ignore[index]
            shown_den = "+".join([_drop_unit(i.shown, unit) for i in inputs[1:]])  # type: ignore[index]
            if len(inputs) > 2:  # type: ignore[arg-type]
                shown_den = f"({shown_den})"
            self._text = f"{shown_num}/{shown_den}"
        return self._text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __bool__(self) -> bool:
        return self._text != ""


_STATED = Formula(None, "", "按填报的比率，未给出金额")
_NO_FORMULA = Formula(None, "", "")


def _drop_unit(shown: str, unit: str) -> str:
    return shown[: -len(unit)] if unit and shown.endswith(unit) else shown


def show_rate(rate: Decimal) -> str:
    if rate.is_infinite():
        return "无穷大（分母为0）"
    return fmt_pct(rate)
