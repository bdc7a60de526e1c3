"""Numbers as Chinese reports print them, parsed into Decimal (never float).

"5,481.65 万元", "1.2万场次", "98.5%", "百分之百", "四个", "21,504.11" — a small
regex-and-unit table. Each number keeps its printed decimals, so a
check can allow for the rounding of what was printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .text import norm
from .unitwords import unit_words

HUNDRED = Decimal(100)
WAN = Decimal(10000)

# unit → (class, factor to the class's base unit). Money is held in 万元. The table is data
# (``audit/data/units.yaml``, number_units).
UNITS: dict[str, tuple[str, Decimal]] = dict(unit_words().number_units)
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
# A number: 1,234.56 | 1234.56 | .5 is not accepted; optional sign; optional 万/亿 multiplier before the unit.
NUMBER = re.compile(
    rf"(?<![\d.,])(?P<sign>[-−])?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<![\d.])\d{{1,15}}(?:\.\d{{1,6}})?)(?![\d])"
    rf"(?:\s*(?P<unit>{_UNIT_ALT})|\s*(?P<mult>万|亿)(?P<unit2>{_UNIT_ALT})?)?"
)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"(?P<cn>[一二两三四五六七八九十]{1,3})\s*(?P<unit>个|项|人|件|次|家|名|方面|类)")
_PCT_WORDS = re.compile(r"百分之(?P<cn>百|[一二三四五六七八九十零〇]{1,4})")


@dataclass(frozen=True, slots=True)
class Num:
    value: Decimal  # in the unit class's base (money in 万元, pct as printed: 98.5 for 98.5%)
    unit: str  # the printed unit ('' when none), e.g. 万元 / % / 人
    kind: str  # money | pct | points | count | bare
    places: int  # decimals as printed
    start: int
    end: int
    text: str

    @property
    def half_ulp(self) -> Decimal:
        """Half a unit in the last printed place, in the value's unit (money: 万元). Counts are exact."""
        if self.kind == "count":
            return Decimal(0)
        factor = UNITS.get(self.unit, ("", Decimal(1)))[1]
        return Decimal(1).scaleb(-self.places) / 2 * factor


def _dec(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    # No figure in a report has more than 15 integer digits; longer runs (an ID, a garbled
    # cell) are not numbers, and would overflow the 28-digit context later.
    return value if value.is_finite() and value.adjusted() < 15 else None


def cn_int(text: str) -> int | None:
    """一..九十九 → int; None for anything else."""
    if not text:
        return None
    if text == "十":
        return 10
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_DIGITS.get(head, None) if head else 1
        ones = _CN_DIGITS.get(tail, None) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


@lru_cache(maxsize=16384)
def find_numbers(text: str) -> tuple[Num, ...]:
    """Every number in ``text`` (already normalised), with its unit when one follows. (Cached: the
    extractors look at the same sentence several times.)"""
    out: list[Num] = []
    for m in NUMBER.finditer(text):
        raw = m.group("num")
        value = _dec(raw)
        if value is None:
            continue
        if m.group("sign"):
            value = -value
        places = len(raw.split(".")[1]) if "." in raw else 0
        unit = m.group("unit") or m.group("unit2") or ""
        mult = m.group("mult")
        if mult:
            value *= WAN if mult == "万" else WAN * WAN
        kind, factor = UNITS.get(unit, ("bare", Decimal(1)))
        if kind == "money":
            value *= factor
        if mult and not unit:
            kind = "count"  # "1.2万场次" / "57.8万人" read as 1.2万 of something
        if kind == "count" and m.start() > 0 and text[m.start() - 1] == "第":
            kind = "ordinal"
        out.append(Num(value, unit, kind, places, m.start(), m.end(), text[m.start() : m.end()]))
    for m in _PCT_WORDS.finditer(text):
        cn = m.group("cn")
        value = 100 if cn == "百" else cn_int(cn)
        if value is not None:
            out.append(Num(Decimal(value), "%", "pct", 0, m.start(), m.end(), m.group(0)))
    for m in _CN_NUMBER.finditer(text):
        value = cn_int(m.group("cn"))
        if value is not None and not (m.start() > 0 and text[m.start() - 1] == "第"):
            out.append(Num(Decimal(value), m.group("unit"), "count", 0, m.start(), m.end(), m.group(0)))
    out.sort(key=lambda n: n.start)
    return tuple(out)


_CELL_NUMBER = re.compile(r"^[-−]?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.])\d{1,15}(?:\.\d{1,6})?)$")
_CELL_SPACES = re.compile(r"(?<=[\d.,])\s+(?=[\d.,])")


@lru_cache(maxsize=32768)  # a pure function of its text (Num is frozen): tables ask about the same cells many times
def cell_number(cell: str, *, allow_pct: bool = False, allow_points: bool = True) -> Num | None:
    """A table cell that is only a number ("5", "1,288,000.0 0", "98.50%", "5分", "≈5.357143").

    Dashes ("-", "—") are not numbers; callers treat them as empty."""
    text = norm(cell).lstrip("≈约")
    if not text:
        return None
    unit = ""
    for suffix in ("%", "分", "万元", "元"):
        if text.endswith(suffix):
            unit = suffix
            text = text[: -len(suffix)].strip()
            break
    if unit == "%" and not allow_pct or unit == "分" and not allow_points:
        return None
    text = _CELL_SPACES.sub("", text)
    if not _CELL_NUMBER.match(text):
        return None
    value = _dec(text.replace("−", "-"))
    if value is None:
        return None
    places = len(text.split(".")[1]) if "." in text else 0
    kind = {"%": "pct", "分": "points", "万元": "money", "元": "money"}.get(unit, "bare")
    if unit == "元":
        value = value * UNITS["元"][1]
    return Num(value, unit, kind, places, 0, len(cell), cell.strip())


def is_dash(cell: str) -> bool:
    return norm(cell) in {"-", "—", "--", "——", "－", "/", "无", "0.00"} and norm(cell) != "0.00"
