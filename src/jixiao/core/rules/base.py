"""What every rule kind shares: parameters as a strict model, a reading context, formatting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, getcontext
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict

from ..facts import FACT_LABELS
from ..numbers import HUNDRED, RoundingMode, fmt_score, parse_decimal, plain, quantize
from ..options import ScoringOptions
from ..scorecard import MISSING, InputUsed, Outcome

if TYPE_CHECKING:
    from ..inputs import Answer, DepartmentYear


def _dec(value: object) -> object:
    return None if value is None else parse_decimal(value)


Num = Annotated[Decimal, BeforeValidator(_dec)]


@dataclass(slots=True)
class Context:
    """What a rule may read while scoring one part."""

    facts: dict[str, Decimal | None]
    data: "DepartmentYear"
    answer: "Answer | None"
    options: ScoringOptions
    unit: str


class RuleBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    source: str | None = None  # the document that sets this rule's thresholds

    def facts_used(self) -> tuple[str, ...]:
        return ()

    def needs_answer(self) -> bool:
        """True when the part cannot be scored without a judgement answer."""
        return False

    def accepts_answer(self) -> bool:
        """True when a judgement answer is part of this rule (not an override of a formula)."""
        return self.needs_answer()

    def check_answer(self, answer: "Answer", points: Decimal) -> list[str]:
        """Problems with a judgement answer, in Chinese; empty when it is fine."""
        return []

    def check_points(self, points: Decimal) -> list[str]:
        """Problems between this rule's parameters and the part's points (framework errors)."""
        return []

    def describe(self, points: Decimal) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError


def used(fact: str, value: Decimal | None, unit: str) -> InputUsed:
    return InputUsed(fact, value, unit)


def missing_outcome(inputs: list[InputUsed]) -> Outcome:
    """The outcome of a part whose inputs are not all given: 缺少数据 and what is absent."""
    absent = "、".join(dict.fromkeys(FACT_LABELS.get(i.fact, i.fact) for i in inputs if i.value is None))
    return Outcome(None, MISSING, f"缺少数据：{absent}", tuple(inputs))


def read(ctx: Context, names: tuple[str, ...]) -> tuple[list[InputUsed], Outcome | None]:
    """Read facts; when any is absent return the 'missing' outcome to use instead."""
    facts, unit = ctx.facts, ctx.unit
    inputs = [InputUsed(n, facts.get(n), unit) for n in names]
    for i in inputs:
        if i.value is None:
            return inputs, missing_outcome(inputs)
    return inputs, None


def judged_missing(what: str) -> Outcome:
    return Outcome(None, MISSING, f"未填写评判：{what}")


def pts(value: Decimal) -> str:
    """Points as shown in explanations; a long unrounded value is shown to 6 decimals with ≈."""
    # Fast path, read off the fixed-point text (same result as _pts_exact below): the digits
    # after the point are -exponent, and without trailing zeros -exponent of normalize().
    text = format(value, "f")
    dot = text.find(".")
    if dot < 0:  # a whole number with exponent ≥ 0, or not finite
        return f"{fmt_score(value)}分"
    stripped = text.rstrip("0")
    decimals = len(stripped) - dot - 1
    if decimals == 0:  # a whole number written with zeros after the point (not normalised)
        return _pts_exact(value) if len(text) - dot - 1 > 6 else f"{fmt_score(value)}分"
    if len(stripped.lstrip("-0.").replace(".", "")) > getcontext().prec:
        return _pts_exact(value)  # normalize() would round
    if decimals > 6:
        return f"≈{fmt_score(quantize(value, 6, RoundingMode.HALF_UP))}分"
    return f"{stripped}分"


def _pts_exact(value: Decimal) -> str:
    if value.is_finite():
        value = value.normalize() if value != value.to_integral_value() else value
        if value.as_tuple().exponent < -6:  # type: ignore[operator]
            return f"≈{fmt_score(quantize(value, 6, RoundingMode.HALF_UP))}分"
    return f"{fmt_score(value)}分"


def pct_bound(value: Decimal) -> str:
    """A threshold held as a fraction, shown as printed in the rules: 0.9 → "90%"."""
    return f"{plain(value * HUNDRED)}%"
