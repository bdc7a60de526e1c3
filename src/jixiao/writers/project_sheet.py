"""项目支出绩效自评表, one per 二级项目: a workbook with a sheet per project, or a .docx with a
table per project. Rendered from :class:`jixiao.core.projects.ProjectResult` (scores are never
recomputed here); the layout follows the 自评表 of 财预〔2020〕10号 (see project-self-eval.yaml).
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass
from pathlib import Path

from ..core.figures import ratio
from ..core.inputs import DepartmentYear
from ..core.numbers import RoundingMode, fmt_money, fmt_pct, fmt_score, plain, quantize
from ..core.projects import ProjectResult

SIGN = {">=": "≥", "<=": "≤", "=": "="}
HEAD = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
WIDTHS_XLSX = [10, 12, 24, 8, 12, 9, 14, 8, 10, 30]
WIDTHS_CM = (2.0, 2.4, 4.6, 1.3, 2.2, 1.5, 2.6, 1.5, 1.9, 5.3)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the form: (text, columns spanned) cells; ``head`` rows are shaded and bold."""

    cells: tuple[tuple[str, int], ...]
    head: bool = False


def _score(value) -> str:
    return "—" if value is None else fmt_score(quantize(value, 2, RoundingMode.HALF_UP))


def _money(value) -> str:
    return "—" if value is None else fmt_money(value)


def form_rows(result: ProjectResult, data: DepartmentYear) -> list[Row]:
    """The whole 自评表 of one project as rows of 10 grid columns."""
    p = result.project
    card = result.card
    rate = ratio(p.spent, p.budget)
    # The first 一级指标 of a project framework is 年度资金总额 (预算执行率).
    funds = card.groups[0] if card else None
    exec_score = funds.score if funds is not None and funds.complete else None
    rows = [
        Row((("项目名称", 2), (p.name, 8))),
        Row((("主管部门", 2), (data.department, 3), ("实施单位", 2), (data.department, 3))),
        Row((("项目资金（" + data.unit + "）", 2), ("年初预算数", 1), ("全年预算数", 2), ("全年执行数", 2), ("分值", 1), ("执行率", 1), ("得分", 1)), head=True),
        Row((("年度资金总额", 2), (_money(p.initial_budget), 1), (_money(p.budget), 2), (_money(p.spent), 2), ("10", 1),
             ("—" if rate is None else fmt_pct(rate), 1), (_score(exec_score), 1))),
        Row(tuple((h, 1) for h in HEAD), head=True),
    ]
    for r in result.rows:
        t = r.target
        if t.kind == "qualitative":
            nature, value, unit, actual = "定性", t.target_text or "—", "—", t.actual_text or (t.level or "—")
        else:
            nature = SIGN[t.direction or ">="]
            shown_target = t.adjusted_target if t.adjusted_target is not None else t.target
            value = plain(shown_target) if shown_target is not None else "—"
            unit = t.unit or "—"
            actual = "—" if t.actual is None else plain(t.actual)
        reason = t.deviation_reason or ("" if r.met is not False else "（未填写）")
        rows.append(Row(((r.level1, 1), (t.category or "—", 1), (t.name, 1), (nature, 1), (value, 1), (unit, 1),
                         (actual, 1), (fmt_score(t.weight), 1), (_score(r.score), 1), (reason, 1))))
    if not result.rows:
        rows.append(Row((("未列绩效指标：产出、效益、满意度指标缺数据，不计满分", 10),)))
    if card is None:
        status = "未评分：" + "；".join(pr.message for pr in result.problems)
        total = "—"
    elif card.complete:
        status, total = f"评价等级：{card.grade}", _score(card.total)
    else:
        status, total = f"不完整：{len(card.missing)} 项缺数据，不评等级", f"{_score(card.total)}（不完整）"
    rows.append(Row((("总分", 7), ("100", 1), (total, 1), (status, 1)), head=True))
    return rows


def _sheet_title(index: int, name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "", name)
    title = f"{index + 1:03d}{base}"[:31]
    n = 2
    while title in used:
        title = f"{index + 1:03d}{base}"[:28] + f"-{n}"
        n += 1
    used.add(title)
    return title


def write_projects_xlsx(results: list[ProjectResult], data: DepartmentYear, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from .xlsx_scores import _merge as fast_merge

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font, body_font = Font(name="宋体", bold=True, size=11), Font(name="宋体", size=10.5)
    fill = PatternFill("solid", fgColor="DDEBF7")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    styles: dict[bool, object] = {}
    for result in results:
        ws = wb.create_sheet(_sheet_title(result.index, result.project.name, used))
        for i, w in enumerate(WIDTHS_XLSX):
            ws.column_dimensions[chr(65 + i)].width = w
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
        title = ws.cell(row=1, column=1, value=f"项目支出绩效自评表（{data.year}年度）")
        title.font, title.alignment = Font(name="黑体", size=16), center
        ws.row_dimensions[1].height = 30
        for r, row in enumerate(form_rows(result, data), start=2):
            col = 1
            tallest = 1
            for text, span in row.cells:
                cell = ws.cell(row=r, column=col)
                cell.value = text
                cell.data_type = "s"  # user text stays text (never a formula)
                if span > 1:  # every cell of the span is styled below, so the fast merge draws whole borders
                    fast_merge(ws, r, col, r, col + span - 1)
                for c in range(col, col + span):
                    x = ws.cell(row=r, column=c)
                    styled = styles.get(row.head)
                    if styled is None:  # style one cell per kind, then copy its style array (openpyxl is slow otherwise)
                        x.border, x.alignment = border, center
                        x.font = head_font if row.head else body_font
                        if row.head:
                            x.fill = fill
                        styles[row.head] = copy(x._style)
                    else:
                        x._style = copy(styled)
                width = sum(WIDTHS_XLSX[col - 1 : col - 1 + span])
                tallest = max(tallest, -(-sum(2 if ord(ch) > 0x2E7F else 1 for ch in text) // max(1, int(width * 0.95))))
                col += span
            ws.row_dimensions[r].height = max(18, 15 * tallest)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToHeight = 0
    out = Path(path)
    wb.save(out)
    return out


def write_projects_docx(results: list[ProjectResult], data: DepartmentYear, path: str | Path) -> Path:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    from .docx_report import _append_table, _open_template
    from .docx_table import Cell

    doc = _open_template(None)
    section = doc.sections[-1]
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    for n, result in enumerate(results):
        title = doc.add_paragraph(f"项目支出绩效自评表（{data.year}年度）", style="Title")
        if n:
            title.paragraph_format.page_break_before = True
        rows = [[Cell(text, span, center=True, bold=row.head) for text, span in row.cells] for row in form_rows(result, data)]
        _append_table(doc, rows, WIDTHS_CM, header_rows=0)
    out = Path(path)
    doc.save(out)
    return out
