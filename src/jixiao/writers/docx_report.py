"""The 自评报告 as .docx, rendered from a scorecard and its input (scores are never recomputed)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from ..core.figures import ratio
from ..core.inputs import DepartmentYear
from ..core.numbers import fmt_money, fmt_pct, fmt_score, plain
from ..core.scorecard import GroupResult, IndicatorResult, Scorecard
from .docx_style import TABLE_STYLE, TEMPLATE
from .report_text import Section, report_sections

# The 附表 sit in a landscape section: 29.7 cm less 2.5 + 2.5 cm margins = 24.7 cm.
SCORE_COLUMNS_CM = (2.2, 1.2, 2.2, 1.2, 3.6, 1.2, 1.4, 11.7)
TARGET_COLUMNS_CM = (3.0, 7.0, 1.4, 4.4, 4.4, 4.5)
PROJECT_COLUMNS_CM = (1.4, 12.3, 3.6, 3.6, 3.8)
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


_STYLE_IDS: dict[int, str] = {}


def _table_style_id(part) -> str:
    key = id(part)
    sid = _STYLE_IDS.get(key)
    if sid is None:
        if len(_STYLE_IDS) > 64:
            _STYLE_IDS.clear()
        sid = _STYLE_IDS[key] = part.document.styles[TABLE_STYLE].style_id
    return sid


def _set_widths(table, widths_cm: tuple[float, ...]) -> None:
    """Real column widths in gridCol (WPS reads these) and in every cell (Word reads these)."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _put(cell, text: str, *, center: bool = False, bold: bool = False) -> None:
    para = cell.paragraphs[0]
    # Set the style id directly: python-docx's name lookup scans every style on each call.
    para._p.get_or_add_pPr().get_or_add_pStyle().val = _table_style_id(cell.part)
    run = para.add_run(text)
    if bold:
        run.bold = True
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _table(doc, header: list[str], rows: list[list[str]], widths: tuple[float, ...], numeric: set[int]):
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    all_rows = table.rows
    for cell, text in zip(all_rows[0].cells, header):
        _put(cell, text, center=True, bold=True)
    _repeat_header(all_rows[0])
    for row, values in zip(all_rows[1:], rows):
        for i, (cell, text) in enumerate(zip(row.cells, values)):
            _put(cell, text, center=i in numeric)
    _set_widths(table, widths)
    return table


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


def add_score_table(doc, card: Scorecard) -> None:
    """评分表: 一/二/三级指标 with merged cells, 分值, 得分, 扣分说明, and the total row."""
    leaves = _leaf_rows(card)
    n = len(leaves)
    table = doc.add_table(rows=2 + n + 1, cols=8)
    table.style = "Table Grid"
    rows = table.rows
    head0, head1 = rows[0].cells, rows[1].cells
    for i, text in ((0, "一级指标"), (2, "二级指标"), (4, "三级指标")):
        merged = head0[i].merge(head0[i + 1])
        _put(merged, text, center=True, bold=True)
        _put(head1[i], "名称", center=True, bold=True)
        _put(head1[i + 1], "分值", center=True, bold=True)
    for i, text in ((6, "得分"), (7, "扣分说明")):
        merged = head0[i].merge(head1[i])
        _put(merged, text, center=True, bold=True)
    _repeat_header(rows[0])
    _repeat_header(rows[1])

    body = [r.cells for r in rows[2 : 2 + n]]
    for cells, (top, mid, leaf) in zip(body, leaves):
        _put(cells[4], leaf.name)
        _put(cells[5], fmt_score(leaf.max), center=True)
        _put(cells[6], fmt_score(leaf.score), center=True)
        _put(cells[7], leaf.explanation if leaf.score != leaf.max else "")

    def merge_runs(col: int, key, label) -> None:
        start = 0
        while start < n:
            end = start
            while end + 1 < n and key(leaves[end + 1]) is key(leaves[start]):
                end += 1
            group = key(leaves[start])
            cell = body[start][col]
            if end > start:
                cell = cell.merge(body[end][col])
                cell2 = body[start][col + 1].merge(body[end][col + 1])
            else:
                cell2 = body[start][col + 1]
            if group is not None:
                _put(cell, label(group)[0], center=True)
                _put(cell2, label(group)[1], center=True)
            start = end + 1

    merge_runs(0, lambda r: r[0], lambda g: (g.name, fmt_score(g.max)))
    merge_runs(2, lambda r: r[1], lambda g: (g.name, fmt_score(g.max)))

    total = rows[-1].cells
    label = total[0].merge(total[5])
    _put(label, "合计", center=True, bold=True)
    _put(total[6], fmt_score(card.total), center=True, bold=True)
    _put(total[7], f"等级：{card.grade}" if card.complete else f"不完整：{len(card.missing)} 项指标缺数据")
    _set_widths(table, SCORE_COLUMNS_CM)


def _target_rows(card: Scorecard, data: DepartmentYear) -> list[list[str]]:
    earned: dict[str, str] = {}
    for leaf in card.leaves():
        for part in leaf.parts:
            for name, shown in part.computed:
                earned.setdefault(name, shown)
    rows = []
    for t in data.targets or ():
        unit = t.unit or ""
        if t.kind == "qualitative":
            target = t.target_text or "—"
            actual = t.actual_text or (t.level or "—")
        else:
            target = t.target_text or f"{t.direction}{plain(t.target)}{unit}"  # type: ignore[arg-type]
            actual = t.actual_text or ("—" if t.actual is None else f"{plain(t.actual)}{unit}")
        rows.append([t.category or "—", t.name, fmt_score(t.weight), target, actual, earned.get(t.name, "—").rstrip("分")])
    return rows


def _project_rows(data: DepartmentYear) -> list[list[str]]:
    rows = []
    for i, p in enumerate(data.projects or (), 1):
        rate = ratio(p.spent, p.budget)
        rows.append(
            [
                str(i),
                p.name,
                "—" if p.budget is None else fmt_money(p.budget),
                "—" if p.spent is None else fmt_money(p.spent),
                "—" if rate is None else fmt_pct(rate),
            ]
        )
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


def build_report(card: Scorecard, data: DepartmentYear, *, template: Path | None = None) -> Document:
    doc = _open_template(template)
    doc.add_paragraph(f"{card.year} 年度部门整体支出绩效自评报告", style="Title")
    doc.add_paragraph(f"部门名称：{card.department}", style="Subtitle")
    for sec in report_sections(card, data):
        _write_section(doc, sec, 1)
    _landscape_section(doc)
    doc.add_paragraph(f"附表 1  {card.year} 年度部门整体支出绩效评价评分表", style="Caption")
    add_score_table(doc, card)
    number = 2
    if data.targets:
        doc.add_paragraph(f"附表 {number}  {card.year} 年度部门整体支出绩效目标完成情况自评表", style="Caption")
        _table(
            doc,
            ["指标类别", "绩效指标", "分值", "目标值", "实际完成值", "得分"],
            _target_rows(card, data),
            TARGET_COLUMNS_CM,
            {2, 5},
        )
        number += 1
    if data.projects:
        doc.add_paragraph(f"附表 {number}  {card.year} 年度二级项目预算执行情况（单位：{data.unit}）", style="Caption")
        _table(doc, ["序号", "项目名称", "预算数", "支出数", "执行率"], _project_rows(data), PROJECT_COLUMNS_CM, {0, 2, 3, 4})
    return doc


def write_docx(card: Scorecard, data: DepartmentYear, path: str | Path, *, template: Path | None = None) -> Path:
    out = Path(path)
    build_report(card, data, template=template).save(out)
    return out
