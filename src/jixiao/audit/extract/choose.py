"""Which shipped framework the report follows: by the 评分表's names and weights; with no
评分表, by the indicator names its prose uses. Variants with the same names are told apart by
the rule parameters printed in the 评分标准 (每项扣 N 分), the wording, and the region."""

from __future__ import annotations

import re
from decimal import Decimal

from ...core.rules.deduction import Deduction
from .fwindex import FwIndex, shipped
from .scoretable import ScoreRow
from .sheet import Sheet, place_rows
from .text import bigrams, containment, key

_PER_ITEM = re.compile(r"(?:一项|每项|每一项|每发现一项)[^。；，]{0,16}?扣\s*((?<![\d.])\d{1,15}(?:\.\d{1,6})?)\s*分")


def _rule_agreement(sheet: Sheet) -> int:
    score = 0
    for placed in sheet.placed:
        if placed.leaf is None:
            continue
        ind = sheet.index.framework.leaf(placed.leaf.id)
        for part in (ind.parts if ind else None) or ():
            if isinstance(part.rule, Deduction):
                m = _PER_ITEM.search(placed.row.text)
                if m:
                    score += 1 if str(part.rule.per_item.normalize()) == str(Decimal(m.group(1)).normalize()) else -1
    return score


def _wording(sheet: Sheet) -> float:
    total = 0.0
    for placed in sheet.placed:
        if placed.leaf is not None and placed.row.text:
            total += containment(bigrams(placed.row.text), sheet.index.texts[placed.leaf.id])
    return total / max(1, len(sheet.placed))


def _region(ix: FwIndex, department: str | None) -> float:
    region = ix.framework.region or ""
    if not region or not department:
        return 0.0
    parts = [p for p in re.split(r"(?<=[省市区县])", region) if p]
    score = 0.0
    for p in parts:
        short = p.rstrip("省市区县")
        if len(short) >= 2 and short in department:
            score = max(score, 0.01 if p.endswith(("区", "县")) else 0.005)
    return score


def _year(ix: FwIndex, year: int | None) -> float:
    fy = ix.framework.year
    if fy is None or year is None:
        return 0.0
    return 0.01 if fy == year else -0.01


# A framework the caller knows the report follows (the web app audits a department-year whose
# framework it stores) wins over a near variant; it must still match the table like any other.
KNOWN_FRAMEWORK_BONUS = 1.0


def choose(rows: list[ScoreRow], department: str | None, prose: str, year: int | None = None,
           known: str | None = None) -> tuple[Sheet | None, list[tuple[float, str]]]:
    """The best sheet and every candidate's fit (descending); ``known``: the framework id the
    report is expected to follow, preferred when it matches the table at all."""
    candidates: list[tuple[float, Sheet]] = []
    data_rows = [r for r in rows if r.kind == "data"]
    for ix in shipped():
        if data_rows:
            sheet = place_rows(ix, rows)
            placed = {p.leaf.id for p in sheet.placed if p.leaf is not None and p.how == "name"}
            if sheet.fit < 0.3 or len(placed) < 0.5 * len(ix.leaves):
                continue  # a framework matches when most of its indicators are named in the table
            fit = sheet.fit + 0.05 * _rule_agreement(sheet) + 0.2 * _wording(sheet) + _region(ix, department) + _year(ix, year)
        else:
            sheet = Sheet(ix)
            fit = _prose_fit(ix, prose)
            if fit < 0.3:
                continue
            fit += _region(ix, department) + _year(ix, year)
        if known is not None and ix.framework.id == known:
            fit += KNOWN_FRAMEWORK_BONUS
        sheet.fit = fit
        candidates.append((fit, sheet))
    candidates.sort(key=lambda c: -c[0])
    ranking = [(round(f, 3), s.index.framework.id) for f, s in candidates]
    return (candidates[0][1] if candidates else None), ranking


def _prose_fit(ix: FwIndex, prose: str) -> float:
    """Share of the framework's 一级 indicator names the prose uses, plus a little for the rest."""
    plain = key(prose)
    tops = [k for k, _, n in ix.keys if n.level == 1 and len(k) >= 2]
    rest = [k for k, _, n in ix.keys if n.level > 1 and len(k) >= 4]
    if not tops:
        return 0.0
    top_share = sum(1 for k in tops if k in plain) / len(tops)
    rest_share = sum(1 for k in rest if k in plain) / len(rest) if rest else 0.0
    return top_share * 0.8 + rest_share * 0.2
