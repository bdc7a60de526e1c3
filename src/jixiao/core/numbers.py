"""Exact decimal helpers: parsing, rounding and Chinese-style display.

Every money amount, rate and score in jixiao is a :class:`decimal.Decimal`.
Rates are held as fractions (0.4321) and shown as percentages ("43.21%").
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, getcontext
from enum import Enum

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class RoundingMode(str, Enum):
    """How a score is brought to its stated number of decimals."""

    HALF_UP = "half_up"  # 四舍五入
    TRUNCATE = "truncate"  # 截位（舍去）

    @property
    def label(self) -> str:
        return "四舍五入" if self is RoundingMode.HALF_UP else "截位舍去"


_DECIMAL_ROUNDING = {RoundingMode.HALF_UP: ROUND_HALF_UP, RoundingMode.TRUNCATE: ROUND_DOWN}
_EXPONENTS: dict[int, Decimal] = {}
_HALF_UP = RoundingMode.HALF_UP


def quantizer(places: int, mode: RoundingMode) -> tuple[Decimal, str]:
    """The (exponent, rounding) pair that ``value.quantize(*…)`` takes to do what :func:`quantize` does."""
    exp = _EXPONENTS.get(places)
    if exp is None:
        exp = _EXPONENTS[places] = Decimal(1).scaleb(-places)
    return exp, _DECIMAL_ROUNDING[mode]


def quantize(value: Decimal, places: int, mode: RoundingMode) -> Decimal:
    """Round ``value`` to ``places`` decimals with ``mode``."""
    exp = _EXPONENTS.get(places)
    if exp is None:
        exp = _EXPONENTS[places] = Decimal(1).scaleb(-places)
    # (an identity test first: hashing an Enum member runs Python code)
    return value.quantize(exp, rounding=ROUND_HALF_UP if mode is _HALF_UP else _DECIMAL_ROUNDING[mode])


def parse_decimal(text: object) -> Decimal:
    """Parse ``"5,481.65"``, ``"98.5"``, ``7`` or a Decimal into a Decimal.

    Floats are refused: they have already lost the figure the user wrote.
    Raises ValueError with a Chinese message on anything else.
    """
    if isinstance(text, Decimal):
        return text
    if isinstance(text, bool):
        raise ValueError(f"应为数字，读到 {text!r}")
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        raise ValueError(f"数字 {text!r} 以二进制浮点数给出，可能已失真；请以文本或十进制形式给出")
    if isinstance(text, str):
        cleaned = ungroup(text.strip())
        if not cleaned:
            raise ValueError("应为数字，读到空值")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"应为数字，读到 {text!r}") from None
        if not value.is_finite():
            raise ValueError(f"应为有限数字，读到 {text!r}")
        return value
    raise ValueError(f"应为数字，读到 {type(text).__name__}")


_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d*)?")


def ungroup(text: str) -> str:
    """``"5,481.65"`` → ``"5481.65"``. Commas are accepted only as thousands separators (every
    third digit left of the point): "1,2,3" or "1,0" is refused, not read as 123 or 10."""
    if "," not in text and "，" not in text:
        return text
    if not _GROUPED.fullmatch(text):
        shown = text if len(text) <= 30 else text[:29] + "…"
        raise ValueError(f"数字 '{shown}' 中的逗号位置不对：逗号只能作千分位（如 5,481.65）")
    return text.replace(",", "").replace("，", "")


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 5.00 → "5", 0.50 → "0.5"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
        if "." in text:
            return text  # not a whole number
    if value.is_finite() and value.adjusted() < getcontext().prec:
        return text  # a whole number: the digits quantize(ONE) would give
    return str(value.quantize(ONE))  # infinities and huge values: as before (InvalidOperation)


def fmt_score(value: Decimal | None) -> str:
    """Scores as the seeds print them: up to two decimals, no trailing zeros."""
    if value is None:
        return "—"
    return plain(value)


def fmt_pct(rate: Decimal, places: int = 2) -> str:
    """A fraction as a percentage with ``places`` decimals, half-up: 0.43209 → "43.21%"."""
    return f"{quantize(rate * HUNDRED, places, _HALF_UP)}%"


def fmt_money(value: Decimal, places: int = 2) -> str:
    """Money with thousands separators: 5481.65 → "5,481.65"."""
    return f"{quantize(value, places, RoundingMode.HALF_UP):,}"


def fmt_amount(value: Decimal) -> str:
    """An amount with the decimals it was given and thousands separators: 5481.65 → "5,481.65"."""
    return f"{value:,f}"
