"""What the checks share: one value per fact (and the conflicts between statements of it),
the claimed score of each indicator, and number formatting for messages."""

from __future__ import annotations

import re

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ...core.numbers import plain
from ..extract import Extraction
from ..extract.claims import Fact
from ..extract.sheet import Claimed
from ..model import Evidence, Finding, Severity

COUNT_KEYS = frozenset({"staffing.authorized", "staffing.on_payroll", "staffing.contract"})
# How the checks prefer one source of a claimed score over another.
SOURCE_ORDER = ("table", "quarter_table", "funds_table", "target_table", "prose", "deduction")


def d(value: Decimal) -> str:
    """A number for a message: exact, without trailing zeros, with thousands separators for big money."""
    text = plain(value)
    if abs(value) >= 10000 and "." in text:
        whole, frac = text.split(".")
        return f"{int(whole):,}.{frac}"
    if abs(value) >= 10000:
        return f"{int(value):,}"
    return text


def pct(value: Decimal, places: int = 2) -> str:
    """A fraction as a percentage, half-up: 0.43209 → 43.21%."""
    return f"{(value * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}%"


def q(value: Decimal, places: int, mode: str = "half_up") -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP if mode == "half_up" else ROUND_DOWN)


@dataclass
class Resolved:
    key: str
    value: Decimal
    fact: Fact  # the statement the value comes from (the first one)
    evidence: list[Evidence] = field(default_factory=list)
    parts_of_primary: bool = False  # later statements were sub-units adding up to it
    conflicts: list[Fact] = field(default_factory=list)
    summed: bool = False  # several figures in one sentence were added (e.g. 行政编制 + 事业编制)


def _sentence_value(facts: list[Fact], key: str) -> tuple[Decimal, Fact, bool] | None:
    mains = [f for f in facts if f.role == "main"]
    comps = [f for f in facts if f.role == "component"]
    if mains:
        if key in COUNT_KEYS and len(mains) > 1:
            return sum((f.value for f in mains), Decimal(0)), mains[0], True
        return mains[0].value, mains[0], False
    if comps:
        if key in COUNT_KEYS and len(comps) > 1:
            return sum((f.value for f in comps), Decimal(0)), comps[0], True
        return comps[0].value, comps[0], False
    initial = [f for f in facts if f.role == "initial"]
    return (initial[0].value, initial[0], False) if initial else None


def resolve(ex: Extraction) -> dict[str, Resolved]:
    """One value per fact key: the first statement's, and the statements that disagree with it.

    Later statements that add up to the first are read as its sub-units (a department and its
    下属单位), not as conflicts."""
    by_key: dict[str, dict[tuple[int, int, str], list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for f in ex.facts:
        by_key[f.key][(f.para, f.sentence, str(f.ev.loc) if f.para < 0 else "")].append(f)
    out: dict[str, Resolved] = {}
    for key, groups in by_key.items():
        values: list[tuple[Decimal, Fact, bool]] = []
        for facts in groups.values():
            v = _sentence_value(facts, key)
            if v is not None:
                values.append(v)
        prose = [v for v in values if v[1].source == "prose"]
        ordered = prose + [v for v in values if v[1].source != "prose"]
        if not ordered:
            continue
        value, fact, summed = ordered[0]
        res = Resolved(key, value, fact, [fact.ev], summed=summed)
        others = [(v, f) for v, f, _ in ordered[1:] if v != value]
        if others:
            total = sum((v for v, _ in others), Decimal(0))
            tol = sum((f.num.half_ulp for _, f in others), Decimal(0)) + fact.num.half_ulp
            if len(others) >= 2 and abs(total - value) <= tol:
                res.parts_of_primary = True
            else:
                res.conflicts = [f for _, f in others]
        out[key] = res
    return out


def claims_for(ex: Extraction, leaf_id: str) -> list[Claimed]:
    if ex.sheet is None:
        return []
    return sorted(ex.sheet.scores.get(leaf_id, []), key=lambda c: SOURCE_ORDER.index(c.source) if c.source in SOURCE_ORDER else 99)


def primary(ex: Extraction, leaf_id: str) -> Claimed | None:
    found = claims_for(ex, leaf_id)
    return found[0] if found else None


def finding(severity: Severity, code: str, message: str, *evidence: Evidence | None, indicator: str | None = None,
            claimed: Decimal | str | None = None, recomputed: Decimal | str | None = None) -> Finding:
    def show(v: Decimal | str | None) -> str | None:
        return None if v is None else v if isinstance(v, str) else d(v)

    return Finding(severity, code, indicator, show(claimed), show(recomputed), message, tuple(e for e in evidence if e is not None))


def direction_suffix(tail: str) -> tuple[str | None, str]:
    """A value's direction written after it, and the unit without it: "9月前" → ("<=", "月"),
    "95%以上" → (">=", "%"), "3天以内" → ("<=", "天"); (None, tail) when none is written."""
    if tail.endswith(("前", "以内", "内")):
        return "<=", tail.rstrip("前以内")
    if tail.endswith(("以上", "及以上")):
        return ">=", tail.replace("及以上", "").replace("以上", "")
    if tail.endswith(("以下", "及以下")):
        return "<=", tail.replace("及以下", "").replace("以下", "")
    return None, tail


#: Categories of targets to stay under when no direction is written (成本指标, 时效指标 …).
_LE_GROUPS = re.compile(r"成本|时效|时间|时限|费用|耗时|天数|周期|投诉|事故|差错|发生率|死亡率|超期")
#: Rates to stay under (a rate under 时效指标 — 及时率, 按时完成率 — is one to reach).
_LE_RATES = re.compile(r"发生率|差错率|死亡率|事故率|投诉率|超支率|失误率|返工率|空置率|超期率|逾期率")


def default_direction(groups: list[str], name: str, unit: str) -> str:
    """The direction of a target written without one: a rate (%) is to reach unless it counts what
    should not happen (发生率, 差错率 …); an amount, a time or a count under a 成本/时效 group is to
    stay under; anything else is to reach."""
    if unit.strip() in ("%", "％"):
        return "<=" if _LE_RATES.search(name) else ">="
    return "<=" if any(_LE_GROUPS.search(g or "") for g in groups) else ">="
