"""The unit and value word lists (``audit/data/units.yaml``), loaded strictly: an unknown or missing
key, a word that is not text, a word given twice (in one list or across lists), an unknown unit class
or a factor that is not a positive number is an error naming file:line.

- ``number_units``: what a number's unit is when read (``numbers.UNITS``);
- ``cell_units``: further words a 计量单位 cell holds;
- ``nature_values``, ``qualitative_values``, ``comparison_words``: the other short cells between an
  indicator's name and its figures, used to cut a run-together row into its cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ...io.yamlio import SourceError, parse_yaml
from .text import norm

UNITS_FILE = Path(__file__).resolve().parent.parent / "data" / "units.yaml"
UNIT_CLASSES = ("money", "pct", "points", "count")
_LISTS = ("cell_units", "nature_values", "qualitative_values", "comparison_words")
_KEYS = ("number_units",) + _LISTS


class UnitWordsError(ValueError):
    """A units file that cannot be used; the message names file:line."""


@dataclass(frozen=True)
class UnitWords:
    number_units: dict[str, tuple[str, Decimal]]  # unit → (class, factor to the class's base unit)
    cell_units: tuple[str, ...]
    nature_values: tuple[str, ...]
    qualitative_values: tuple[str, ...]
    comparison_words: tuple[str, ...]

    @property
    def units(self) -> tuple[str, ...]:
        """Every word a 计量单位 cell may hold, longest first."""
        return tuple(sorted((*self.number_units, *self.cell_units), key=len, reverse=True))


def parse_unit_words(text: str, path: str) -> UnitWords:
    try:
        doc = parse_yaml(text, path)
    except SourceError as exc:
        raise UnitWordsError(str(exc)) from None
    data = doc.data
    if not isinstance(data, dict):
        raise UnitWordsError(f"{path}:1：单位词表应为映射（{'、'.join(_KEYS)}）")
    for k in data:
        if k not in _KEYS:
            raise UnitWordsError(f"{doc.where((k,))}：未知的键“{k}”（可用：{'、'.join(_KEYS)}）")
    for k in _KEYS:
        if k not in data:
            raise UnitWordsError(f"{path}:1：缺少“{k}”")
    seen: dict[str, str] = {}

    def word(value, where: tuple) -> str:
        if not isinstance(value, str) or not value.strip() or norm(value) != value.strip():
            raise UnitWordsError(f"{doc.where(where)}：应为一个词（不含空格、全角数字或符号），读到 {value!r}")
        w = value.strip()
        if w in seen:
            raise UnitWordsError(f"{doc.where(where)}：“{w}”重复（已见于 {seen[w]}）")
        seen[w] = doc.where(where)
        return w

    units = data["number_units"]
    if not isinstance(units, dict) or not units:
        raise UnitWordsError(f"{doc.where(('number_units',))}：number_units 应为“单位: [类别, 系数]”的映射")
    number_units: dict[str, tuple[str, Decimal]] = {}
    for unit, spec in units.items():
        where = ("number_units", unit)
        w = word(unit, where)
        if not (isinstance(spec, list) and len(spec) == 2 and spec[0] in UNIT_CLASSES and isinstance(spec[1], (int, Decimal))
                and not isinstance(spec[1], bool) and spec[1] > 0):
            raise UnitWordsError(f"{doc.where(where)}：“{w}”应为 [类别, 系数]，类别为 {'、'.join(UNIT_CLASSES)} 之一，系数为正数")
        number_units[w] = (spec[0], Decimal(spec[1]))
    lists: dict[str, tuple[str, ...]] = {}
    for k in _LISTS:
        values = data[k]
        if not isinstance(values, list) or not values:
            raise UnitWordsError(f"{doc.where((k,))}：{k} 应为非空的文字列表")
        lists[k] = tuple(word(v, (k, i)) for i, v in enumerate(values))
    return UnitWords(number_units, **lists)


@lru_cache(maxsize=None)
def unit_words(path: str | None = None) -> UnitWords:
    """The shipped word lists (or those of ``path``)."""
    p = Path(path) if path else UNITS_FILE
    return parse_unit_words(p.read_text(encoding="utf-8"), str(p))
