"""Prose statements about indicators laid onto the chosen framework: a deduction list
("政府采购执行情况扣 0.01 分、…"), scores ("管理效率指标 49 分"), weights ("分值 50 分") and
得分率. Parts of an indicator ("“三公”经费控制率扣 1 分") add up to their indicator."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from ..model import Evidence
from .claims import ProseScore
from .fwindex import FwIndex, NodeRef
from .sheet import Claimed, Sheet
from .text import key


@dataclass
class RateClaim:
    node: NodeRef
    score: Decimal
    weight: Decimal
    pct: Decimal
    places: int
    ev: Evidence


@dataclass
class Deductions:
    """Deductions stated in prose, by sentence. ``listing`` is the longest list (a report that
    enumerates every deduction in one sentence, as a reviewer's summary does)."""

    groups: dict[str, list[tuple[str | None, Decimal, Evidence, str]]]  # group → (leaf id, amount, ev, name)
    listing: str | None = None

    def listed(self) -> list[tuple[str | None, Decimal, Evidence, str]]:
        return self.groups.get(self.listing or "", [])


_SCORE_WORDS = re.compile(r"(?:参考)?(?:分值|得分|满分|权重|实际获得|获得|得)(?:为|是)?$")
_INDICATOR = re.compile(r"指标$")
_PREFIX = re.compile(r"^(?:其中|以及|和|及|[（(]?\d+[)）.．]|[（(][一二三四五六七八九十]+[)）])\s*")


def _variants(text: str) -> list[str]:
    t = _PREFIX.sub("", text.strip(" :：，,"))
    out = [t]
    bare = _SCORE_WORDS.sub("", t)
    if bare and bare != t:
        out.append(bare)
    plain = _INDICATOR.sub("", bare or t)
    if plain and plain not in out:
        out.append(plain)
    return out


def _clean(text: str) -> str:
    return _variants(text)[-1]


def _node_for(ix: FwIndex, text: str, heading: str) -> NodeRef | None:
    best = None
    for cand in _variants(text):
        m = ix.match_name(cand, min_score=0.62)
        if m and (best is None or m[1] > best[1]):
            best = m
    if best:
        return best[0]
    mentioned = ix.mentions(text)
    if mentioned:
        return mentioned[-1][0]
    return None


def _leaf(ix: FwIndex, node: NodeRef | None) -> NodeRef | None:
    if node is None:
        return None
    return node if node.is_leaf else ix.single_leaf(node)


def _note_variant(sheet: Sheet, name: str, m: tuple[NodeRef, float] | None, st: ProseScore) -> None:
    """A name matched only by resemblance ("绩效指标准确性" for 绩效指标明确性)."""
    if m is None or m[1] >= 0.75 or sheet.index.match_part(name) is not None:
        return
    k = key(name)
    if k and k not in key(m[0].name) and key(m[0].name) not in k and all(v[0] != name for v in sheet.variants):
        sheet.variants.append((name, m[0], st.ev))


def apply_prose(sheet: Sheet, statements: list[ProseScore]) -> tuple[Deductions, list[RateClaim]]:
    ix = sheet.index
    groups: dict[str, list[tuple[str | None, Decimal, Evidence, str]]] = defaultdict(list)
    rates: list[RateClaim] = []
    for st in statements:
        if st.kind == "deduction":
            name = _clean(st.name)
            m = max((x for x in (ix.match_name(c, min_score=0.62) for c in _variants(st.name)) if x), key=lambda x: x[1], default=None)
            leaf = _leaf(ix, m[0]) if m else None
            _note_variant(sheet, name, m, st)
            part = ix.match_part(name)
            level = "leaf"
            if part is not None and (leaf is None or leaf.id == part[0]) and not (m and m[1] >= 0.99):
                leaf, level = ix.by_id[part[0]], "part"
            groups[st.group].append((leaf.id if leaf else None, st.num.value, st.ev, st.name if level == "leaf" else f"part:{st.name}"))
            continue
        node = _node_for(ix, st.name, st.heading)
        if node is None and st.kind == "score" and st.heading:
            node = _node_for(ix, st.heading, "")
        if node is None:
            continue
        _note_variant(sheet, _clean(st.name), ix.match_name(_clean(st.name), min_score=0.62), st)
        if st.kind == "weight":
            sheet.weights.setdefault(node.id, []).append((st.num.value, st.ev))
        elif st.kind == "score":
            leaf = _leaf(ix, node)
            if leaf is not None and ix.part_named_in(st.name, leaf) is not None:
                continue  # a score of one of its parts ("日常公用经费控制率…，不得分"), not of the indicator
            if leaf is not None and st.num.value <= leaf.weight:
                sheet.claim(leaf.id, Claimed(st.num.value, st.ev, "prose", st.num))
    for items in groups.values():
        by_leaf: dict[str, list[tuple[Decimal, Evidence, str]]] = defaultdict(list)
        for leaf_id, amount, ev, name in items:
            if leaf_id is not None:
                by_leaf[leaf_id].append((amount, ev, name))
        for leaf_id, found in by_leaf.items():
            whole = [f for f in found if not f[2].startswith("part:")]
            use = whole or found  # a deduction of the whole indicator wins over its parts stated alongside
            lost = sum((a for a, _, _ in use), Decimal(0))
            names = "、".join(f"{n.removeprefix('part:')}扣{a}分" for a, _, n in use)
            leaf = ix.by_id[leaf_id]
            claim = Claimed(leaf.weight - lost, use[0][1], "deduction", None, f"报告称{names}")
            if not any(c.source == "deduction" and c.value == claim.value for c in sheet.scores.get(leaf_id, [])):
                sheet.claim(leaf_id, claim)
    listing = max(groups, key=lambda g: len(groups[g]), default=None)
    if listing is not None and len(groups[listing]) < 3:
        listing = None
    for st in statements:
        if st.kind != "rate":
            continue
        same = [s for s in statements if s.kind in ("score", "weight") and s.group == st.group]
        score = next((s for s in same if s.kind == "score"), None)
        weight = next((s for s in same if s.kind == "weight"), None)
        node = _node_for(ix, st.name, st.heading)
        for s in (weight, score):
            if node is None and s is not None:
                node = _node_for(ix, s.name, "")
        if score and weight and node:
            rates.append(RateClaim(node, score.num.value, weight.num.value, st.num.value, st.num.places, st.ev))
    return Deductions(dict(groups), listing), rates
