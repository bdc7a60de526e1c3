"""The shipped frameworks as something to match printed names and texts against.

A printed name matches an indicator by its key (punctuation and spaces dropped), by one
containing the other, or by character-bigram similarity ("绩效指标准确性" ~ "绩效指标明确性").
Each leaf also has a bag of bigrams from its description and rules, to recognise a row by
its 评分标准 when its name cell was lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ...core.framework import Framework, Indicator
from ...core.rules.targets import TargetsRule
from ...frameworks import FrameworkError, available, load_framework
from .text import bigrams, containment, dice, key


@dataclass(frozen=True)
class NodeRef:
    id: str
    name: str
    weight: Decimal
    level: int
    is_leaf: bool
    path: tuple[str, ...]  # ids from the top
    order: int  # position among the leaves (-1 for groups)


@dataclass
class FwIndex:
    framework: Framework
    nodes: list[NodeRef]
    by_id: dict[str, NodeRef]
    leaves: list[NodeRef]
    keys: list[tuple[str, frozenset[str], NodeRef]]
    categories: dict[str, str] = field(default_factory=dict)  # key(category) → leaf id
    parts: list[tuple[str, frozenset[str], str, str]] = field(default_factory=list)  # (key, bigrams, leaf id, part id)
    texts: dict[str, frozenset[str]] = field(default_factory=dict)  # leaf id → bigrams of its texts
    _names: dict[tuple[str, float], tuple[NodeRef, float] | None] = field(default_factory=dict, repr=False)

    def parent(self, node: NodeRef) -> NodeRef | None:
        return self.by_id[node.path[-2]] if len(node.path) > 1 else None

    def ancestors(self, node: NodeRef) -> list[NodeRef]:
        return [self.by_id[i] for i in node.path[:-1]]

    def children(self, node: NodeRef) -> list[NodeRef]:
        return [n for n in self.nodes if len(n.path) == len(node.path) + 1 and n.path[:-1] == node.path]

    def single_leaf(self, node: NodeRef) -> NodeRef | None:
        """The only leaf under a group, if it has exactly one."""
        under = [n for n in self.leaves if n.path[: len(node.path)] == node.path]
        return under[0] if len(under) == 1 else None

    def match_name(self, text: str, *, min_score: float = 0.6) -> tuple[NodeRef, float] | None:
        memo = (text, min_score)
        if memo in self._names:
            return self._names[memo]
        if len(self._names) > 20000:
            self._names.clear()
        found = self._match_name(text, min_score)
        self._names[memo] = found
        return found

    def _match_name(self, text: str, min_score: float) -> tuple[NodeRef, float] | None:
        k = key(text)
        if len(k) < 2:
            return None
        grams = bigrams(text)
        best: tuple[NodeRef, float] | None = None
        for nk, ng, node in self.keys:
            if k == nk:
                score = 1.0
            elif len(k) >= 3 and len(nk) >= 3 and (nk in k or k in nk):
                short, long_ = sorted((len(k), len(nk)))
                score = 0.75 + 0.2 * short / long_
                if nk in k and len(k) > len(nk) + 8:
                    score -= 0.2  # a long phrase that mentions the name is weaker evidence
            else:
                score = dice(grams, ng)
            if score >= min_score and (best is None or score > best[1] + 1e-9 or (abs(score - best[1]) < 1e-9 and node.is_leaf and not best[0].is_leaf)):
                best = (node, score)
        return best

    def match_part(self, text: str) -> tuple[str, str, float] | None:
        """(leaf id, part id, score) for a scoring part's label ("“三公”经费控制率")."""
        k = key(text)
        grams = bigrams(text)
        best = None
        for pk, pg, leaf, part in self.parts:
            score = 1.0 if k == pk else dice(grams, pg)
            if score >= 0.75 and (best is None or score > best[2]):
                best = (leaf, part, score)
        return best

    def part_named_in(self, text: str, leaf: NodeRef) -> str | None:
        """The part of ``leaf`` named inside ``text`` ("日常公用经费控制率>100%") when the text
        names that part rather than the whole indicator: its label is longer than the leaf's name
        or the leaf's name is not in the text."""
        plain, whole = key(text), key(leaf.name)
        best = None
        for pk, _, leaf_id, part in self.parts:
            if leaf_id != leaf.id or len(pk) < 3 or pk == whole or pk not in plain:
                continue
            if whole in plain and len(pk) <= len(whole):
                continue
            if best is None or len(pk) > len(best[0]):
                best = (pk, part)
        return best[1] if best else None

    def match_category(self, text: str) -> str | None:
        k = key(text)
        if not k:
            return None
        for ck, leaf in self.categories.items():
            if k == ck or (len(k) >= 4 and (k in ck or ck in k)):
                return leaf
        return None

    def mentions(self, text: str) -> list[tuple[NodeRef, int]]:
        """Indicators named inside a longer text, with where; longest names first, no overlaps."""
        found: list[tuple[NodeRef, int, int]] = []
        plain = key(text)
        for nk, _, node in sorted(self.keys, key=lambda t: -len(t[0])):
            if len(nk) < 3:
                continue
            pos = plain.find(nk)
            if pos >= 0 and not any(a <= pos < b or a < pos + len(nk) <= b for _, a, b in found):
                found.append((node, pos, pos + len(nk)))
        return [(n, a) for n, a, _ in sorted(found, key=lambda t: t[1])]

    def text_leaf(self, text: str) -> tuple[NodeRef, float, float] | None:
        """The leaf whose description and rules a 评分标准 text resembles most: (leaf, score, margin)."""
        grams = bigrams(text)
        if len(grams) < 8:
            return None
        scored = sorted(((containment(grams, tg), lid) for lid, tg in self.texts.items()), reverse=True)
        if not scored:
            return None
        (s1, l1), s2 = scored[0], scored[1][0] if len(scored) > 1 else 0.0
        return self.by_id[l1], s1, s1 - s2


def _rule_text(ind: Indicator) -> str:
    bits = [ind.name, ind.description or ""]
    for part in ind.parts or ():
        bits.append(part.label)
        rule = part.rule
        try:
            bits.append(rule.describe(part.points))
        except Exception:  # noqa: BLE001 - a describe that fails only loses matching text
            pass
        for item in getattr(rule, "items", None) or ():
            bits.append(item.label)
    if ind.veto:
        bits.append(ind.veto.label)
    return "".join(bits)


def build_index(fw: Framework) -> FwIndex:
    nodes: list[NodeRef] = []
    leaf_order = 0
    categories: dict[str, str] = {}
    parts: list[tuple[str, frozenset[str], str, str]] = []
    texts: dict[str, frozenset[str]] = {}
    for path, ind in fw.walk():
        order = -1
        if ind.is_leaf:
            order = leaf_order
            leaf_order += 1
            texts[ind.id] = bigrams(_rule_text(ind))
            for part in ind.parts or ():
                parts.append((key(part.label), bigrams(part.label), ind.id, part.id))
                if isinstance(part.rule, TargetsRule):
                    for cat in part.rule.categories or ():
                        categories[key(cat)] = ind.id
        nodes.append(NodeRef(ind.id, ind.name, ind.weight, len(path), ind.is_leaf, path, order))
    by_id = {n.id: n for n in nodes}
    keys = [(key(n.name), bigrams(n.name), n) for n in nodes]
    return FwIndex(fw, nodes, by_id, [n for n in nodes if n.is_leaf], keys, categories, parts, texts)


@lru_cache(maxsize=1)
def shipped() -> tuple[FwIndex, ...]:
    out = []
    for ident in available():
        try:
            out.append(build_index(load_framework(ident)))
        except FrameworkError:  # pragma: no cover - shipped frameworks are tested elsewhere
            continue
    return tuple(out)
