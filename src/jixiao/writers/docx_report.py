"""The 自评报告 as .docx, rendered from a scorecard and its input (scores are never recomputed)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Cm

from ..core.figures import ratio
from ..core.inputs import DepartmentYear
from ..core.numbers import fmt_money, fmt_pct, fmt_score, plain
from ..core.scorecard import GroupResult, IndicatorResult, Scorecard
from .docx_style import TABLE_STYLE, TEMPLATE
from .docx_table import Cell, table_element
from .display import for_report
from .report_text import DIRECTION_SIGNS, Section, report_sections

# The 附表 sit in a landscape section: 29.7 cm less 2.5 + 2.5 cm margins = 24.7 cm.
SCORE_COLUMNS_CM = (2.2, 1.2, 2.2, 1.2, 3.6, 1.2, 1.8, 11.3)
TARGET_COLUMNS_CM = (3.0, 7.0, 1.4, 4.4, 4.4, 4.5)
PROJECT_COLUMNS_CM = (1.4, 12.3, 3.6, 3.6, 3.8)
PROJECT_SCORED_COLUMNS_CM = (1.4, 10.0, 3.5, 3.5, 3.2, 3.1)
_TEMPLATE_BYTES: dict[Path, bytes] = {}


def _open_template(template: Path | None) -> Document:
    path = template or TEMPLATE
    data = _TEMPLATE_BYTES.get(path)
    if data is None:
        data = _TEMPLATE_BYTES[path] = Path(path).read_bytes()
    doc = Document(BytesIO(data))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def _style_ids(doc) -> tuple[str, str]:
    """(table style id, table text paragraph style id), looked up once per document."""
    ids = getattr(doc, "_jixiao_style_ids", None)
    if ids is None:
        ids = (doc.styles["Table Grid"].style_id, doc.styles[TABLE_STYLE].style_id)
        doc._jixiao_style_ids = ids
    return ids


def _leaf_rows(card: Scorecard) -> list[tuple[GroupResult, GroupResult | None, IndicatorResult]]:
    out = []
    for top in card.groups:
        for mid in top.children:
            if isinstance(mid, IndicatorResult):
                out.append((top, None, mid))
                continue
            for leaf in mid.children:
                if isinstance(leaf, GroupResult):  # deeper trees: list their leaves under the 二级
                    stack = [leaf]
                    while stack:
                        node = stack.pop(0)
                        for c in node.children:
                            (out.append((top, mid, c)) if isinstance(c, IndicatorResult) else stack.append(c))
                else:
                    out.append((top, mid, leaf))
    return out


def _merged_column(keys: list[object]) -> list[str | None]:
    """vMerge marks for a column whose equal consecutive keys form one merged cell."""
    marks: list[str | None] = []
    for i, key in enumerate(keys):
        run_before = i > 0 and keys[i - 1] is key
        run_after = i + 1 < len(keys) and keys[i + 1] is key
        marks.append("continue" if run_before else ("restart" if run_after else None))
    return marks


def score_table_rows(card: Scorecard) -> list[list[Cell]]:
    """评分表: two header rows, one row per 三级指标 (一/二级 merged down), the total row."""
    leaves = _leaf_rows(card)
    rows: list[list[Cell]] = [
        [Cell("一级指标", 2, center=True, bold=True), Cell("二级指标", 2, center=True, bold=True),
         Cell("三级指标", 2, center=True, bold=True), Cell("得分", vmerge="restart", center=True, bold=True),
         Cell("扣分说明", vmerge="restart", center=True, bold=True)],
        [Cell("名称", center=True, bold=True), Cell("分值", center=True, bold=True)] * 3
        + [Cell(vmerge="continue"), Cell(vmerge="continue")],
    ]
    top_marks = _merged_column([r[0] for r in leaves])
    mid_marks = _merged_column([r[1] if r[1] is not None else object() for r in leaves])
    for (top, mid, leaf), tm, mm in zip(leaves, top_marks, mid_marks):
        first_top = tm != "continue"
        first_mid = mm != "continue"
        rows.append(
            [
                Cell(top.name if first_top else "", vmerge=tm, center=True),
                Cell(fmt_score(top.max) if first_top else "", vmerge=tm, center=True),
                Cell(mid.name if mid is not None and first_mid else "", vmerge=mm, center=True),
                Cell(fmt_score(mid.max) if mid is not None and first_mid else "", vmerge=mm, center=True),
                Cell(leaf.name),
                Cell(fmt_score(leaf.max), center=True),
                Cell(fmt_score(leaf.score), center=True, nowrap=True),
                Cell(for_report(leaf.explanation) if leaf.score != leaf.max else ""),
            ]
        )
    note = f"等级：{card.grade}" if card.complete else f"不完整：{len(card.missing)} 项指标缺数据"
    rows.append([Cell("合计", 6, center=True, bold=True), Cell(fmt_score(card.total), center=True, bold=True, nowrap=True), Cell(note)])
    return rows


def _append_table(doc, rows: list[list[Cell]], widths: tuple[float, ...], header_rows: int = 1) -> None:
    styles = _style_ids(doc)
    doc.element.body.append(
        table_element(rows, widths, table_style_id=styles[0], text_style_id=styles[1], header_rows=header_rows)
    )
    # keep the section properties last in the body
    sect = doc.element.body.find(qn("w:sectPr"))
    if sect is not None:
        doc.element.body.remove(sect)
        doc.element.body.append(sect)


def add_score_table(doc, card: Scorecard) -> None:
    _append_table(doc, score_table_rows(card), SCORE_COLUMNS_CM, header_rows=2)


def _simple_rows(header: list[str], rows: list[list[str]], numeric: set[int]) -> list[list[Cell]]:
    out = [[Cell(h, center=True, bold=True) for h in header]]
    out += [[Cell(text, center=i in numeric) for i, text in enumerate(row)] for row in rows]
    return out


def _target_rows(card: Scorecard, data: DepartmentYear) -> list[list[str]]:
    # Scores by name in the targets' order: two targets may share a name (污水处理率 twice), and
    # each must show its own score, not the first one's.
    earned: dict[str, list[str]] = {}
    for leaf in card.leaves():
        for part in leaf.parts:
            for name, shown in part.computed:
                earned.setdefault(name, []).append(shown)
    rows = []
    for t in data.targets or ():
        unit = t.unit or ""
        if t.kind == "qualitative":
            target = t.target_text or "—"
            actual = t.actual_text or (t.level or "—")
        else:
            scored = t.adjusted_target if t.adjusted_target is not None else t.target  # 调整指标值 when given
            sign = DIRECTION_SIGNS.get(t.direction or "", t.direction or "")
            target = t.target_text or f"{sign}{plain(scored)}{unit}"  # type: ignore[arg-type]
            if t.adjusted_target is not None and t.adjusted_target != t.target and not t.target_text:
                target += f"（调整后；年初 {plain(t.target)}{unit}）"  # type: ignore[arg-type]
            actual = t.actual_text or ("—" if t.actual is None else f"{plain(t.actual)}{unit}")
        rows.append([t.category or "—", t.name, fmt_score(t.weight), target, actual, for_report(_next(earned, t.name)).rstrip("分")])
    return rows


def _next(earned: dict[str, list[str]], name: str) -> str:
    shown = earned.get(name)
    return shown.pop(0) if shown else "—"


def _project_rows(data: DepartmentYear, scores: list | None = None) -> list[list[str]]:
    rows = []
    for i, p in enumerate(data.projects or (), 1):
        rate = ratio(p.spent, p.budget)
        row = [
            str(i),
            p.name,
            "—" if p.budget is None else fmt_money(p.budget),
            "—" if p.spent is None else fmt_money(p.spent),
            "—" if rate is None else fmt_pct(rate),
        ]
        if scores is not None:
            score = scores[i - 1].score
            row.append("缺数据" if score is None else fmt_score(score))
        rows.append(row)
    return rows


def _write_section(doc, sec: Section, level: int) -> None:
    doc.add_paragraph(sec.heading, style="Heading 1" if level == 1 else "Heading 2")
    for text in sec.paragraphs:
        doc.add_paragraph(text)
    for sub in sec.subsections:
        _write_section(doc, sub, level + 1)


def _landscape_section(doc) -> None:
    """The appendix tables go on landscape pages, where the 扣分说明 column has room."""
    portrait = doc.sections[-1]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = portrait.page_height, portrait.page_width
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.5)


def build_report(card: Scorecard, data: DepartmentYear, *, template: Path | None = None, projects: list | None = None,
                 reviewed: bool = False) -> Document:
    """``projects``: the projects' own 自评表 results (jixiao.core.projects), adding a 自评得分 column;
    ``reviewed``: ``card`` holds the finance bureau's reviewed scores, and the text says so."""
    doc = _open_template(template)
    doc.add_paragraph(f"{card.year} 年度部门整体支出绩效自评报告" + ("（复核后）" if reviewed else ""), style="Title")
    doc.add_paragraph(f"部门名称：{card.department}", style="Subtitle")
    for sec in report_sections(card, data, reviewed=reviewed):
        _write_section(doc, sec, 1)
    _landscape_section(doc)
    doc.add_paragraph(f"附表 1  {card.year} 年度部门整体支出绩效评价评分表", style="Caption")
    add_score_table(doc, card)
    number = 2
    if data.targets:
        doc.add_paragraph(f"附表 {number}  {card.year} 年度部门整体支出绩效目标完成情况自评表", style="Caption")
        rows = _simple_rows(["指标类别", "绩效指标", "分值", "目标值", "实际完成值", "得分"], _target_rows(card, data), {2, 5})
        _append_table(doc, rows, TARGET_COLUMNS_CM)
        number += 1
    if data.projects:
        doc.add_paragraph(f"附表 {number}  {card.year} 年度二级项目预算执行情况（单位：{data.unit}）", style="Caption")
        if projects is None:
            rows = _simple_rows(["序号", "项目名称", "预算数", "支出数", "执行率"], _project_rows(data), {0, 2, 3, 4})
            _append_table(doc, rows, PROJECT_COLUMNS_CM)
        else:
            head = ["序号", "项目名称", "预算数", "支出数", "执行率", "自评得分"]
            rows = _simple_rows(head, _project_rows(data, projects), {0, 2, 3, 4, 5})
            _append_table(doc, rows, PROJECT_SCORED_COLUMNS_CM)
    return doc


def write_docx(card: Scorecard, data: DepartmentYear, path: str | Path, *, template: Path | None = None,
               projects: list | None = None) -> Path:
    out = Path(path)
    build_report(card, data, template=template, projects=projects).save(out)
    return out
