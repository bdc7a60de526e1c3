"""The 评分表 against itself and the framework: scores out of range, weights that do not add up,
indicators printed twice or not at all, empty score cells, totals and grades, and the prose's
own statements of scores and deductions against the table."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from ..extract import Extraction
from ..extract.fwindex import NodeRef
from ..model import Evidence, Finding, Severity
from .common import claims_for, d, finding, primary

_ITEM_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def check_scores(ex: Extraction) -> list[Finding]:
    sheet = ex.sheet
    if sheet is None:
        return []
    ix = sheet.index
    out: list[Finding] = []
    has_table = any(p.row.kind == "data" for p in sheet.placed)
    for leaf in ix.leaves:
        claims = claims_for(ex, leaf.id)
        for c in claims:
            if c.value > leaf.weight:
                out.append(finding(Severity.ERROR, "score_above_max", f"“{leaf.name}”得 {d(c.value)} 分，超过该指标分值 {d(leaf.weight)} 分", c.ev, indicator=leaf.name, claimed=c.value, recomputed=leaf.weight))
            elif c.value < 0:
                out.append(finding(Severity.ERROR, "score_below_zero", f"“{leaf.name}”得分 {d(c.value)} 为负", c.ev, indicator=leaf.name, claimed=c.value))
        distinct = {c.value for c in claims}
        if len(distinct) > 1:
            shown = "；".join(f"{_source(c.source)} {d(c.value)} 分" + (f"（{c.note}）" if c.note else "") for c in claims)
            out.append(finding(Severity.WARNING, "score_sources_disagree", f"“{leaf.name}”的得分前后不一：{shown}", *[c.ev for c in claims][:4], indicator=leaf.name, claimed=" / ".join(d(v) for v in sorted(distinct))))
        rows = sheet.rows_for(leaf.id)
        if len(rows) > 1:
            scores = [p.row.score.value for p in rows if p.row.score is not None]
            same = len(set(scores)) <= 1
            out.append(finding(Severity.WARNING if same else Severity.ERROR, "indicator_repeated",
                               f"“{leaf.name}”在评分表中列示 {len(rows)} 次（得分 {'、'.join(d(s) for s in scores) or '空'}）；" + ("按一次计入合计" if same else "各次得分不同"),
                               *[p.row.ev(p.row.score_cell) for p in rows][:3], indicator=leaf.name))
        if has_table and rows and all(p.row.score is None for p in rows):
            others = [c for c in claims if c.source != "table"]
            extra = f"；{_source(others[0].source)}给出 {d(others[0].value)} 分" if others else ""
            out.append(finding(Severity.WARNING, "score_cell_empty", f"“{leaf.name}”在评分表中的得分栏为空{extra}", rows[0].row.ev(), indicator=leaf.name, claimed="（空）"))
        if has_table and not rows:
            others = [c for c in claims if c.source != "table"]
            extra = f"；{_source(others[0].source)}给出 {d(others[0].value)} 分" if others else "，报告其他部分也未给出得分"
            out.append(finding(Severity.WARNING, "indicator_not_in_table", f"评分表未列“{leaf.name}”（{d(leaf.weight)} 分）{extra}", others[0].ev if others else None, indicator=leaf.name))
        for p in rows:
            for m in _ITEM_POINTS.finditer(p.row.text):
                pts = Decimal(m.group(1))
                if pts > leaf.weight:
                    out.append(finding(Severity.INFO, "standard_points_exceed", f"“{leaf.name}”的评分标准中写有“（{m.group(1)}分）”，超过该指标分值 {d(leaf.weight)} 分（疑为笔误）", p.row.ev(), indicator=leaf.name))
                    break
    for name, node, ev in sheet.variants:
        out.append(finding(Severity.INFO, "name_variant", f"正文称“{name}”，指标体系（评分表）为“{node.name}”，按后者对应", ev, indicator=node.name))
    out.extend(_weights(ex))
    out.extend(_totals(ex, has_table))
    out.extend(_rates(ex))
    out.extend(_signers(ex))
    return out


def _source(source: str) -> str:
    return {"table": "评分表", "prose": "正文", "deduction": "正文扣分", "quarter_table": "季度执行表", "funds_table": "资金表", "target_table": "个性指标表"}.get(source, source)


def _weights(ex: Extraction) -> list[Finding]:
    sheet = ex.sheet
    assert sheet is not None
    ix = sheet.index
    out: list[Finding] = []
    printed: dict[str, tuple[Decimal, Evidence]] = {}
    for node_id, values in sheet.weights.items():
        first = values[0]
        printed[node_id] = first
        node = ix.by_id[node_id]
        for value, ev in {v: (v, e) for v, e in values}.values():
            if value != node.weight and node.is_leaf:
                out.append(finding(Severity.INFO, "weight_differs", f"“{node.name}”印分值 {d(value)}，指标体系为 {d(node.weight)}（分值可由部门调整，但须与上下级一致）", ev, indicator=node.name, claimed=value, recomputed=node.weight))
    for node in ix.nodes:
        if node.is_leaf or node.id not in printed:
            continue
        kids = ix.children(node)
        if not kids:
            continue
        values = [printed[k.id][0] if k.id in printed else k.weight for k in kids]
        total = sum(values, Decimal(0))
        value, ev = printed[node.id]
        if value != total:
            parts = "+".join(d(v) for v in values)
            out.append(finding(Severity.ERROR, "weight_sum", f"“{node.name}”印分值 {d(value)}，其下级指标分值合计 {d(total)}（{parts}）", ev, indicator=node.name, claimed=value, recomputed=total))
    tops = [n for n in ix.nodes if n.level == 1]
    if tops and all(t.id in printed for t in tops):
        total = sum((printed[t.id][0] for t in tops), Decimal(0))
        if total != ix.framework.total:
            parts = "+".join(d(printed[t.id][0]) for t in tops)
            out.append(finding(Severity.ERROR, "weight_total", f"一级指标印分值合计 {d(total)}（{parts}），不等于总分 {d(ix.framework.total)}", printed[tops[-1].id][1], claimed=total, recomputed=ix.framework.total))
    return out


def _totals(ex: Extraction, has_table: bool) -> list[Finding]:
    sheet = ex.sheet
    assert sheet is not None
    ix = sheet.index
    out: list[Finding] = []
    totals = ex.meta.totals
    claimed = totals[0][0].value if totals else None
    values = {t[0].value for t in totals}
    if len(values) > 1:
        shown = "；".join(f"{e.loc} {d(n.value)}" for n, e, _ in totals)
        out.append(finding(Severity.WARNING, "total_sources_disagree", f"报告总分前后不一：{shown}", *[e for _, e, _ in totals][:3], claimed=" / ".join(d(v) for v in sorted(values))))
    if claimed is not None:
        known: list[Decimal] = []
        missing: list[NodeRef] = []
        for leaf in ix.leaves:
            c = primary(ex, leaf.id)
            (known.append(c.value) if c is not None else missing.append(leaf))
        got = sum(known, Decimal(0))
        ev = totals[0][1]
        if not missing and got != claimed:
            out.append(finding(Severity.ERROR, "total_mismatch", f"各指标得分合计 {d(got)}，与报告总分 {d(claimed)} 不符（差 {d(claimed - got)}）", ev, claimed=claimed, recomputed=got))
        elif missing:
            implied = claimed - got
            full = sum((m.weight for m in missing), Decimal(0))
            names = "、".join(m.name for m in missing)
            tail = "，恰为其满分之和" if implied == full else f"（其满分合计 {d(full)}）" if implied <= full else f"，超过其满分合计 {d(full)}"
            sev = Severity.ERROR if implied > full or implied < 0 else Severity.INFO
            out.append(finding(sev, "total_implies_missing", f"{len(missing)} 项指标没有得分（{names}）；报告总分 {d(claimed)} 减去已列得分 {d(got)}，这些指标合计应为 {d(implied)} 分{tail}", ev, claimed=claimed, recomputed=got))
        grade = ix.framework.grade_for(claimed)
        for g, gev, _ in ex.meta.grades:
            if grade is not None and g != grade[0]:
                out.append(finding(Severity.WARNING, "grade_mismatch", f"报告等级“{g}”与总分 {d(claimed)} 按指标体系分档应得的“{grade}”不符", gev, claimed=g, recomputed=grade))
                break
    listing = ex.deductions.listed() if ex.deductions else []
    if listing and claimed is not None:
        lost = sum((a for _, a, _, _ in listing), Decimal(0))
        if ix.framework.total - lost != claimed:
            out.append(finding(Severity.ERROR, "deductions_total", f"正文所列扣分合计 {d(lost)}，{d(ix.framework.total)} − {d(lost)} = {d(ix.framework.total - lost)}，与报告总分 {d(claimed)} 不符", listing[0][2], claimed=claimed, recomputed=ix.framework.total - lost))
    return out


def _rates(ex: Extraction) -> list[Finding]:
    out = []
    for r in ex.rate_claims:
        if r.weight <= 0:
            continue
        got = (r.score / r.weight * 100).quantize(Decimal(1).scaleb(-r.places))
        if got != r.pct:
            out.append(finding(Severity.WARNING, "score_rate_mismatch", f"“{r.node.name}”得分 {d(r.score)}/分值 {d(r.weight)} = {d(got)}%，报告写得分率 {d(r.pct)}%", r.ev, indicator=r.node.name, claimed=f"{d(r.pct)}%", recomputed=f"{d(got)}%"))
    return out


def _signers(ex: Extraction) -> list[Finding]:
    names: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    for role, name, ev in ex.meta.fillers:
        names[name].append((role, ev))
    if len(names) > 1:
        shown = "；".join(f"{items[0][0]} {n}" for n, items in names.items())
        return [finding(Severity.INFO, "signer_differs", f"填报人与填表人不一致：{shown}", *[items[0][1] for items in names.values()][:3])]
    return []
