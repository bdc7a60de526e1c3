"""An audit report as text, Markdown or JSON (every number a string)."""

from __future__ import annotations

import json
from decimal import Decimal

from ..core.numbers import plain
from .model import AuditReport, Finding, ReadRow, Severity, place

_KEYS = {"column": "cell"}  # the JSON keeps the name it has always had for a cell of a table row

KIND = {"text": "纯文本", "docx": "Word 文档", "pdf": "PDF"}


def _n(value: Decimal | None) -> str:
    return "—" if value is None else plain(value)


def summary_lines(r: AuditReport) -> list[str]:
    counts = r.counts()
    lines = [
        f"审核：{r.source}（{KIND.get(r.kind, r.kind)}，{r.stats.get('units', 0)} 个单元）",
        f"部门：{r.department or '未识别'}    年度：{r.year or '未识别'}",
        f"指标体系：{r.framework_id or '未识别'}" + (f"（{r.framework_name}；{r.framework_note}）" if r.framework_id else ""),
        f"报告总分：{_n(r.claimed_total)}" + (f"（取自{'评分表' if r.claimed_total_source == 'table' else '正文'}）" if r.claimed_total is not None else "")
        + (f"（等级 {r.claimed_grade}）" if r.claimed_grade else ""),
        "读取表格：" + ("；".join(f"表{t.number} {TABLE_KIND.get(t.kind, t.kind)}（{t.rows} 行）" for t in r.tables) or "无"),
    ]
    if not r.score_rows:
        lines.append("评分表：未读到评分表（不作总分复算）")
    if r.framework_id:
        rec = f"复算总分（缺省口径）：{_n(r.recomputed_total)}"
        if r.recomputed_note:
            rec += f"（{r.recomputed_note}）"
        lines.append(rec)
        if r.report_reading:
            lines.append(f"报告口径：{r.report_reading}；按此口径复算 {_n(r.report_reading_total)}")
    lines.append("发现：" + " · ".join(f"{s.label} {counts[s]}" for s in Severity))
    return lines


TABLE_KIND = {
    "score_sheet": "评分表", "dept_self_eval": "部门整体支出绩效自评表", "project_self_eval": "项目支出绩效自评表",
    "cq_self_eval": "部门整体绩效自评表（得分系数）", "budget_table": "预算执行表", "project_list": "项目列表",
    "info_table": "基本信息", "unrecognised": "未识别",
}


def score_table_lines(r: AuditReport) -> list[str]:
    """The score rows as read, indented by level: a reviewer sees at once whether they were read right."""
    if not r.score_rows:
        return []
    out = ["评分表（按读取结果，缩进为层级；分值 / 得分）："]
    table = None
    for row in r.score_rows:
        if row.table != table:
            table = row.table
            t = next((t for t in r.tables if t.number == table), None)
            out.append(f"  〔表{table} {TABLE_KIND.get(t.kind, t.kind) if t else ''}{'；' + t.note if t and t.note else ''}〕")
        out.append(f"  {'  ' * (row.level - 1)}{row.name}  {_n(row.max)} / {_n(row.score)}" + ("" if row.leaf else "  （小计）" if row.score is not None else ""))
    return out


def _finding_text(i: int, f: Finding) -> list[str]:
    head = f"{i}. [{f.severity.label}] {f.code}"
    if f.indicator:
        head += f" · {f.indicator}"
    out = [head, f"   {f.message}"]
    if f.claimed is not None or f.recomputed is not None:
        out.append(f"   报告：{f.claimed or '—'}    复算：{f.recomputed or '—'}")
    for ev in f.evidence:
        out.append(f"   ↳ {ev}")
    return out


def render_text(r: AuditReport) -> str:
    lines = summary_lines(r)
    for note in r.notes:
        lines.append(f"说明：{note}")
    lines.append("")
    table = score_table_lines(r)
    if table:
        lines += table + [""]
    for i, f in enumerate(r.findings, 1):
        lines.extend(_finding_text(i, f))
    if not r.findings:
        lines.append("未发现不一致。")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(r: AuditReport) -> str:
    lines = [f"# 自评报告审核：{_md(r.department or r.source)}", ""]
    lines += [f"- {_md(x)}" for x in summary_lines(r)]
    lines += [f"- 说明：{_md(n)}" for n in r.notes]
    if r.score_rows:
        lines += ["", "## 评分表（按读取结果）", "", "| 指标 | 分值 | 得分 | 位置 |", "|---|---|---|---|"]
        for row in r.score_rows:
            lines.append(f"| {'　' * (row.level - 1)}{_md(row.name)} | {_n(row.max)} | {_n(row.score)} | 表{row.table} {_md(place(row.loc))} |")
        lines += ["", "## 发现"]
    lines += ["", "| # | 级别 | 代码 | 指标 | 报告 | 复算 | 说明 | 位置 |", "|---|---|---|---|---|---|---|---|"]
    for i, f in enumerate(r.findings, 1):
        where = "<br>".join(_md(str(e)) for e in f.evidence)
        lines.append(f"| {i} | {f.severity.label} | {f.code} | {_md(f.indicator or '')} | {_md(f.claimed or '')} | {_md(f.recomputed or '')} | {_md(f.message)} | {where} |")
    return "\n".join(lines) + "\n"


def to_dict(r: AuditReport) -> dict:
    def s(v: Decimal | None) -> str | None:
        return None if v is None else plain(v)

    return {
        "source": r.source,
        "kind": r.kind,
        "department": r.department,
        "year": None if r.year is None else str(r.year),
        "framework": {"id": r.framework_id, "name": r.framework_name, "note": r.framework_note},
        "claimed_total": s(r.claimed_total),
        "claimed_total_source": r.claimed_total_source,
        "score_rows": [_row(x) for x in r.score_rows],
        "tables": [
            {"number": str(t.number), "kind": t.kind, "layout": t.layout, "fit": f"{t.fit:.2f}", "reason": t.reason,
             "header": list(t.header), "rows": str(t.rows), "location": place(t.loc), "note": t.note}
            for t in r.tables
        ],
        "claimed_grade": r.claimed_grade,
        "recomputed_total": s(r.recomputed_total),
        "recomputed_note": r.recomputed_note,
        "report_reading": r.report_reading,
        "report_reading_total": s(r.report_reading_total),
        "counts": {sev.value: str(n) for sev, n in r.counts().items()},
        "notes": r.notes,
        "findings": [
            {
                "severity": f.severity.value,
                "code": f.code,
                "indicator": f.indicator,
                "claimed": f.claimed,
                "recomputed": f.recomputed,
                "message": f.message,
                "evidence": [{"location": place(e.loc), **{_KEYS.get(k, k): str(v) for k, v in e.loc.as_dict().items()}, "text": e.text}
                             for e in f.evidence],
            }
            for f in r.findings
        ],
    }


def _row(x: ReadRow) -> dict:
    return {
        "name": x.name, "level": str(x.level), "path": list(x.path),
        "max": None if x.max is None else plain(x.max), "score": None if x.score is None else plain(x.score),
        "location": place(x.loc), "leaf": x.leaf, "table": str(x.table),
    }


def render_json(r: AuditReport) -> str:
    return json.dumps(to_dict(r), ensure_ascii=False, indent=2) + "\n"
