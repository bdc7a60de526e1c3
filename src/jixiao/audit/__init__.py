"""Audit a published 自评报告: read it, extract what it claims, recompute, list every inconsistency.

    from jixiao.audit import audit_file
    report = audit_file("自评报告.docx")      # any format in jixiao.audit.formats
    for f in report.findings: print(f.severity.label, f.message)

The audit never matches a particular report's wording or numbers: it reads names against the
shipped frameworks, figures by their labels and units, and recomputes with the engine.
"""

from __future__ import annotations

import time
from pathlib import Path

from .model import AuditReport, Evidence, Finding, Loc, ReadRow, ReadTable, Severity
from .read import Document, ReadError, read_document

__all__ = ["AuditReport", "Evidence", "Finding", "Loc", "ReadError", "Severity", "audit_document", "audit_file"]


def audit_file(path: str | Path, known_framework: str | None = None) -> AuditReport:
    """Raises :class:`ReadError` when the file cannot be read; every finding is a value.
    ``known_framework``: the id of the framework the report is known to follow (preferred over a
    near variant when the report's 评分表 matches it)."""
    t0 = time.perf_counter()
    doc = read_document(path)
    report = audit_document(doc, known_framework)
    report.timings = {"read": time.perf_counter() - t0 - sum(report.timings.values()), **report.timings}
    return report


def audit_document(doc: Document, known_framework: str | None = None) -> AuditReport:
    # imported here: the package itself stays light for callers that only need its format list
    # (web settings, upload forms) or its readers
    from .checks import run_checks
    from .checks.formulas import describe_reading
    from .checks.generic import claimed_total
    from .extract import extract
    from .extract.scoremodel import SCORE_KINDS, is_bare

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    ex = extract(doc, known_framework)
    timings["extract"] = time.perf_counter() - t0
    findings, summary, notes = run_checks(ex, timings)
    report = AuditReport(source=doc.source, kind=doc.kind)
    report.department = ex.meta.department
    report.year = ex.meta.year
    if ex.sheet is not None:
        fw = ex.sheet.index.framework
        report.framework_id, report.framework_name = fw.id, fw.name
        ties = [ident for fit, ident in ex.ranking[1:] if ex.ranking and abs(fit - ex.ranking[0][0]) < 0.02]
        placed = len({p.leaf.id for p in ex.sheet.placed if p.leaf is not None})
        basis = f"评分表 {placed}/{len(ex.sheet.index.leaves)} 个末级指标对应" if ex.sheet.placed else "依正文所用指标名称"
        report.framework_note = basis + (f"；与 {'、'.join(ties)} 难以区分" if ties else "")
        report.recomputed_total = summary.total_default
        report.recomputed_note = summary.default_note
        if summary.reading is not None:
            report.report_reading = describe_reading(summary.reading, fw.default_options())
            report.report_reading_total = summary.total_reading
    total = claimed_total(ex)
    if total is not None:
        report.claimed_total, report.claimed_total_source = total[0].value, total[2]
    report.tables = _tables(ex)
    for read in ex.reads:
        if read.kind in SCORE_KINDS:
            for it in read.items:
                if it.max is None and it.score is None and it.kind == "execution":
                    continue  # a budget row checked for its 执行率 only, not a score row
                if is_bare(it):
                    continue  # a name with no figure, nor any under it: not a score row
                report.score_rows.append(ReadRow(it.name, it.level, it.path, it.max.value if it.max else None,
                                                 it.score.value if it.score else None, it.loc, it.is_leaf, _number(ex, read)))
    if ex.meta.grades:
        report.claimed_grade = ex.meta.grades[0][0]
    report.findings = sorted(findings, key=lambda f: (f.severity.rank, _order(f)))
    report.stats = {"units": doc.unit_count(), "paragraphs": len(ex.paras), "tables": len(ex.views), "facts": len(ex.facts),
                    "score_rows": len(report.score_rows)}
    report.notes = doc.notes + notes  # type: ignore[attr-defined]
    report.timings = timings
    return report


# One kind per table: a national 自评表 holds label rows, a 预算资金 block and 绩效指标 rows, each read
# on its own (a new header starts a new part), and is the kind of its most telling part.
_KIND_ORDER = ("cq_self_eval", "project_self_eval", "dept_self_eval", "score_sheet", "budget_table", "project_list", "info_table", "unrecognised")


def _groups(ex) -> list[list]:
    groups: list[list] = []
    for read in ex.reads:
        if groups and groups[-1][0].view.table is read.view.table:
            groups[-1].append(read)
        else:
            groups.append([read])
    return groups


def _number(ex, read) -> int:
    return next(i for i, g in enumerate(_groups(ex), 1) if any(r is read for r in g))


def _tables(ex) -> list[ReadTable]:
    from .extract.scoremodel import is_data_row

    out = []
    for i, group in enumerate(_groups(ex), 1):
        kinds = [r.kind for r in group]
        kind = min(kinds, key=_KIND_ORDER.index)
        main = next(r for r in group if r.kind == kind)
        parts = "；".join(f"{r.reason}" for r in group if r.kind == kind) if len(group) == 1 else "；".join(
            f"{TABLE_PART.get(r.kind, r.kind)}（{r.reason}）" for r in group)
        notes = []
        if any(r.truncated for r in group):
            notes.append("文档在此表中截止，末行不完整")
        garbled = sum(r.garbled for r in group)
        if garbled:
            notes.append(f"{garbled} 行列错位（转换丢失了单元格），未参与加总核对")
        header = tuple(h for r in group for h in r.header) if len(group) > 1 else tuple(main.header)
        out.append(ReadTable(i, kind, main.layout, main.fit, parts, header, sum(1 for r in group for row in r.rows if is_data_row(row)), group[0].loc, "；".join(notes)))
    return out


TABLE_PART = {"score_sheet": "评分表", "dept_self_eval": "绩效指标", "project_self_eval": "绩效指标", "cq_self_eval": "绩效指标",
              "budget_table": "预算资金", "project_list": "项目", "info_table": "基本信息", "unrecognised": "未识别部分"}


def _order(f: Finding) -> tuple:
    loc = f.evidence[0].loc if f.evidence else Loc()
    return (loc.page or 0, loc.table or 0, loc.line or loc.para or 0, loc.row or 0)
