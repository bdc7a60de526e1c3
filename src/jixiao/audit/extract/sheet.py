"""The printed 评分表 laid onto a shipped framework: which framework it is, which row is which
indicator, the printed weights and scores.

A row is an indicator by its name cells; when its 评分标准 text clearly describes another
indicator (a page break shifted the score onto the next row's text) the score goes to that one;
a row with no name and no recognisable text takes the next indicator in the framework's order.
Printed numbers before the text are weights, given to the named indicator or, when the value
fits better, to one of its parents ("预算执行率 20" prints 效率性's 20).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Evidence
from .fwindex import FwIndex, NodeRef
from .numbers import Num
from .scoretable import ScoreRow


@dataclass
class Claimed:
    value: Decimal
    ev: Evidence
    source: str  # table | prose | deduction | quarter_table | target_table | funds_table
    num: Num | None = None
    note: str = ""


@dataclass
class Placed:
    row: ScoreRow
    leaf: NodeRef | None  # the indicator the row's score belongs to
    named: NodeRef | None  # the indicator the row's name cells give (may differ)
    how: str  # name | text | order | none


@dataclass
class Sheet:
    index: FwIndex
    placed: list[Placed] = field(default_factory=list)
    weights: dict[str, list[tuple[Decimal, Evidence]]] = field(default_factory=dict)
    scores: dict[str, list[Claimed]] = field(default_factory=dict)  # leaf id → claims
    fit: float = 0.0
    notes: list[str] = field(default_factory=list)
    variants: list[tuple[str, NodeRef, Evidence]] = field(default_factory=list)  # names printed differently

    def rows_for(self, leaf_id: str) -> list[Placed]:
        return [p for p in self.placed if p.leaf is not None and p.leaf.id == leaf_id]

    def claim(self, leaf_id: str, claimed: Claimed) -> None:
        self.scores.setdefault(leaf_id, []).append(claimed)


def _leaf_of(ix: FwIndex, nodes: list[NodeRef]) -> NodeRef | None:
    leaves = [n for n in nodes if n.is_leaf]
    if leaves:
        return leaves[-1]
    for n in reversed(nodes):
        single = ix.single_leaf(n)
        if single is not None:
            return single
    return None


def place_rows(ix: FwIndex, rows: list[ScoreRow]) -> Sheet:
    sheet = Sheet(ix)
    last_order = -1
    taken: set[str] = set()
    matched_names = total_names = agree = exact = 0
    for row in rows:
        if row.kind != "data":
            continue
        nodes: list[NodeRef] = []
        for tok in row.names:
            total_names += 1
            m = ix.match_name(tok.text)
            if m is None:
                cat = ix.match_category(tok.text)
                if cat:
                    nodes.append(ix.by_id[cat])
                    matched_names += 1
                continue
            matched_names += 1
            exact += m[1] >= 0.999
            nodes.append(m[0])
        named = _leaf_of(ix, nodes)
        leaf, how = named, "name" if named else "none"
        by_text = ix.text_leaf(row.score_after) if row.score_after else None
        if by_text and by_text[1] >= 0.35 and by_text[2] >= 0.15 and (named is None or by_text[0].id != named.id):
            leaf, how = by_text[0], "text"
        elif leaf is None and by_text and by_text[1] >= 0.2 and by_text[2] >= 0.08:
            leaf, how = by_text[0], "text"
        if leaf is None and row.score is not None:
            nxt = next((n for n in ix.leaves if n.order > last_order and n.id not in taken), None)
            if nxt is not None:
                leaf, how = nxt, "order"
        if leaf is not None:
            last_order = max(last_order, leaf.order)
            taken.add(leaf.id)
        sheet.placed.append(Placed(row, leaf, named, how))
        agree += _weights(sheet, ix, row, nodes, named or leaf)
        if leaf is not None and row.score is not None:
            sheet.claim(leaf.id, Claimed(row.score.value, row.ev(row.score_cell), "table", row.score))
    covered = {p.leaf.id for p in sheet.placed if p.leaf is not None}
    coverage = len(covered) / len(ix.leaves) if ix.leaves else 0.0
    precision = matched_names / total_names if total_names else 0.0
    sheet.fit = (2 * coverage * precision / (coverage + precision) if coverage + precision else 0.0) + 0.01 * agree + 0.005 * exact
    return sheet


def _weights(sheet: Sheet, ix: FwIndex, row: ScoreRow, nodes: list[NodeRef], leaf: NodeRef | None) -> int:
    """Give each printed weight to a node; returns how many equal the framework's weight."""
    if leaf is None:
        return 0
    family = {n.id: n for n in ix.ancestors(leaf)} | {leaf.id: leaf}
    named = [n for n in nodes if n.id in family]
    done: set[str] = set()
    agree = 0
    previous: NodeRef | None = None
    for tok in row.lead:
        if tok.kind == "name":
            m = ix.match_name(tok.text)
            node = m[0] if m else None
            previous = node if node is not None and node.id in family else None
            continue
        if tok.num is None:
            continue
        value = tok.num.value
        target: NodeRef | None = None
        if previous is not None and previous.id not in done and previous.weight == value:
            target = previous
        else:
            fits = [n for n in family.values() if n.id not in done and n.weight == value]
            named_fits = [n for n in fits if n in named]
            if named_fits or fits:
                target = (named_fits or fits)[-1]
            elif previous is not None and previous.id not in done:
                target = previous
        previous = None
        if target is None:
            continue
        done.add(target.id)
        agree += target.weight == value
        sheet.weights.setdefault(target.id, []).append((value, row.ev(tok.cell)))
    return agree
