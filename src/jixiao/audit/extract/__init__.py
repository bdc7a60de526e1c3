"""From a read document to claims: every figure, score and statement the report makes,
each with its evidence. Nothing here judges; the checks do."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..read.model import Document
from .arith import arithmetic
from .choose import choose
from .claims import CountClaim, Fact, Flag, GrowthClaim, Meta, ProseScore, ShareClaim, SumClaim
from .facts import facts_in, quarters_in
from .meta import extract_meta
from .paras import Para, paragraphs
from .prose_claims import Deductions, RateClaim, apply_prose
from .listcount import ListClaim, list_claims
from .scoremodel import SCORE_KINDS, ScoreItem, TableRead, mark_truncated, read_tables
from .scoretable import ScoreRow, is_score_table, score_rows
from .sheet import Sheet
from .statements import prose_statements
from .tabledata import (FundsRow, ProjectTable, QRow, TargetRow, funds_rows, is_target_table, project_table,
                        quarter_table, target_rows, total_row)
from .tables import TView, views
from .tasks import listed_tasks
from .text import norm
from .texttables import retable


@dataclass
class Extraction:
    doc: Document
    paras: list[Para]
    views: list[TView]
    meta: Meta
    facts: list[Fact] = field(default_factory=list)
    quarters: list[tuple[int, object, Fact]] = field(default_factory=list)
    sums: list[SumClaim] = field(default_factory=list)
    shares: list[ShareClaim] = field(default_factory=list)
    growths: list[GrowthClaim] = field(default_factory=list)
    counts: list[CountClaim] = field(default_factory=list)
    statements: list[ProseScore] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    score_rows: list[ScoreRow] = field(default_factory=list)
    sheet: Sheet | None = None
    ranking: list[tuple[float, str]] = field(default_factory=list)
    deductions: Deductions | None = None
    rate_claims: list[RateClaim] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    quarter_rows: list[QRow] = field(default_factory=list)
    funds: list[FundsRow] = field(default_factory=list)
    projects: list[ProjectTable] = field(default_factory=list)
    table_totals: list[tuple] = field(default_factory=list)  # (budget Num|None, executed Num|None, ev)
    task_list: tuple[int, object] | None = None  # (count, evidence) of the listed 重点工作
    reads: list[TableRead] = field(default_factory=list)  # every table as the table model reads it
    lists: list[ListClaim] = field(default_factory=list)  # "共N个…，即A、B、C"

    @property
    def score_reads(self) -> list[TableRead]:
        return [r for r in self.reads if r.kind in SCORE_KINDS and r.items]

    @property
    def score_items(self) -> list[ScoreItem]:
        return [i for r in self.score_reads for i in r.items]

    def facts_for(self, key: str) -> list[Fact]:
        return [f for f in self.facts if f.key == key]


def extract(doc: Document, known_framework: str | None = None) -> Extraction:
    doc = retable(doc)
    paras = paragraphs(doc)
    tviews = views(doc)
    score_views = {v.number for v in tviews if is_score_table(v) and not is_target_table(v)}
    ex = Extraction(doc, paras, tviews, extract_meta(paras, tviews, score_views))
    ex.reads = read_tables(tviews, doc.kind == "text")
    last_table = bool(doc.blocks) and not hasattr(doc.blocks[-1], "text")
    mark_truncated(ex.reads, last_table and bool(ex.reads) and ex.reads[-1].view.table is doc.blocks[-1])
    ex.lists = list_claims(paras)
    for p in paras:
        ex.facts.extend(facts_in(p))
        ex.quarters.extend(quarters_in(p))
        s, sh, g = arithmetic(p)
        ex.sums.extend(s)
        ex.shares.extend(sh)
        ex.growths.extend(g)
        scores, flags, counts, facts = prose_statements(p)
        ex.statements.extend(scores)
        ex.flags.extend(flags)
        ex.counts.extend(counts)
        ex.facts.extend(facts)
    budget_views = {r.view.number for r in ex.reads if r.kind == "budget_table"}
    for v in tviews:
        if v.number in score_views:
            ex.score_rows.extend(score_rows(v))
        if is_target_table(v):
            ex.targets.extend(target_rows(v))
        ex.quarter_rows.extend(quarter_table(v))
        ex.funds.extend(funds_rows(v))
        pt = project_table(v) if v.number not in budget_views else None  # a budget table's rates: checks.generic
        if pt is not None:
            ex.projects.append(pt)
        tr = total_row(v)
        if tr is not None:
            ex.table_totals.append(tr)
    for k, row in enumerate(r for r in ex.score_rows if r.note):
        cell = next((t.cell for t in row.texts if row.score_cell is not None and t.cell > row.score_cell), row.score_cell or 0)
        note = Para(-1 - k, norm(row.note), [0], [row.trow.loc(cell)], "", False, None)
        ex.facts.extend(replace(f, source="table") for f in facts_in(note))
        ex.quarters.extend(quarters_in(note))
    ex.task_list = listed_tasks(paras)
    prose = " ".join(p.text for p in paras)
    sheets = {r.view.number for r in ex.reads if r.kind == "score_sheet" and r.items}
    rows = [r for r in ex.score_rows if r.view.number in sheets]
    if rows:  # a framework only from a 评分表's names and weights, never from prose alone
        ex.sheet, ex.ranking = choose(rows, ex.meta.department, prose, ex.meta.year, known_framework)
    if ex.sheet is not None and not _agrees(ex.sheet, [r for r in ex.reads if r.view.number in sheets]):
        ex.sheet = None
    if ex.sheet is not None:
        ex.deductions, ex.rate_claims = apply_prose(ex.sheet, ex.statements)
    return ex


def _agrees(sheet: Sheet, reads: list[TableRead]) -> bool:
    """The framework's indicators are the table's, as the table model read it: most leaves read are
    one of its indicators (or groups, for a coarser table) with its weight. (A table read with shifted columns is left to the
    framework's own placement.)"""
    if not reads or any(r.garbled for r in reads):
        return True
    ix = sheet.index
    leaves = [i for r in reads for i in r.leaves() if i.max is not None]
    if not leaves:
        return True
    used: set[str] = set()
    hits = 0
    for it in leaves:
        m = ix.match_name(it.name, min_score=0.75)
        if m is None or m[0].id in used:
            continue
        if m[0].weight == it.max.value:  # type: ignore[union-attr]
            used.add(m[0].id)
            hits += 1
    return hits >= 0.7 * len(leaves)


__all__ = ["Extraction", "extract"]
