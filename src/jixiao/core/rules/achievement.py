"""Target achievement by direction (指标性质): the share of a target's weight it earns.

- ``>=`` (正向): met when actual ≥ target; otherwise actual / target.
- ``<=`` (反向): met when actual ≤ target; otherwise target / actual.
- ``=`` (等于): met when equal; otherwise 1 − |actual − target| / |target|, floor 0.
- 定性: the judged level's lower edge, unless a score inside the band is given (the caller uses it).

The coefficient is capped at ``cap`` (100% in 财预〔2020〕10号: 完成即满分). A target adjusted
during the year (调整指标值, ``adjusted_target``) is scored against the adjusted value.
A target of 0 in the positive direction is met by any actual ≥ 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from ..numbers import ONE, ZERO, fmt_pct, plain
from .base import pct_bound

_SIGN = {">=": "≥", "<=": "≤", "=": "="}


def _quoted(text: str | None) -> str:
    return f"“{text}”" if text else "未填写"


def target_value(target) -> Decimal | None:
    """The value a quantitative target is scored against: the adjusted one when given."""
    adjusted = getattr(target, "adjusted_target", None)  # duck-typed rows (the audit's) may not have it
    return adjusted if adjusted is not None else target.target


def achievement(target, cap: Decimal, level_of: Callable[[str], object | None]) -> tuple[Decimal | None, str]:
    """(coefficient, how it was reached); None when it cannot be computed."""
    coef, how = achievement_lazy(target, cap, level_of)
    return coef, how()


def achievement_lazy(target, cap: Decimal, level_of: Callable[[str], object | None]) -> tuple[Decimal | None, Callable[[], str]]:
    """As :func:`achievement`, with the words as a function that writes them when called
    (scoring thousands of department-years reads few explanations)."""
    if target.kind == "qualitative":
        def said() -> str:
            return f"目标{_quoted(target.target_text)}，实际{_quoted(target.actual_text)}"

        if target.level is None:
            return None, lambda: f"{said()}，未评判档次"

        def judged() -> str:
            return f"{said()}，{target.level}（{target.reason}）"

        if target.score is not None:
            return None, judged  # scored directly by the caller
        level = level_of(target.level)
        return (getattr(level, "min_pct", None) if level else None), judged
    if target.actual is None:
        return None, lambda: "缺少实际完成值"
    t, a = target_value(target), target.actual

    def shown() -> str:
        unit = target.unit or ""
        text = f"实际 {plain(a)}{unit}，目标 {_SIGN[target.direction]}{plain(t)}{unit}"
        if t != target.target:
            text += f"（年初 {plain(target.target)}{unit}，调整后 {plain(t)}{unit}）"
        return text

    if target.direction == ">=":
        if t <= 0 and a >= t:
            return ONE, shown
        if t == 0:
            return ZERO, lambda: f"{shown()}，未达到目标值，系数 0"
        coef = a / t
    elif target.direction == "<=":
        if a <= t:
            return ONE, shown
        coef = t / a if a != 0 else ONE
    else:
        if a == t:
            return ONE, shown
        if t == 0:
            return ZERO, lambda: f"{shown()}，未达到目标值，系数 0"
        deviation = abs(a - t) / abs(t)
        coef = max(ZERO, ONE - deviation)
        return min(coef, cap), lambda: f"{shown()}，偏离 {fmt_pct(deviation)}，系数 {fmt_pct(coef)}"
    done = coef

    def how() -> str:
        return f"{shown()}，完成 {fmt_pct(done)}"

    coef = max(coef, ZERO)
    if coef > cap:
        return cap, lambda: f"{how()}，按{pct_bound(cap)}计"
    return coef, how


def is_met(target, coefficient: Decimal | None, level_full: str | None = None) -> bool | None:
    """True when the target is met (coefficient 100%, or the top qualitative level); None when unknown."""
    if target.kind == "qualitative":
        if target.level is None:
            return None
        return target.level == level_full
    if coefficient is None:
        return None
    return coefficient >= ONE
