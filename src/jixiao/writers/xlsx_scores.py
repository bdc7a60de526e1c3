"""The 评分表 as .xlsx: merged headers, borders, number formats, widths, frozen header.

Sheets: 评分表 (the table), 扣分说明 (every part's rule, inputs and explanation) and one
per input table (基本数据, 季度进度, 项目, 绩效指标). Numbers are written as Decimals.
"""

from __future__ import annotations

from copy import copy
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

from ..core.figures import quarter_base, quarter_progress, ratio
from ..core.inputs import DepartmentYear
from ..core.scorecard import Scorecard
from .cells import put
from .display import short_decimals
from .docx_report import _leaf_rows
from .report_text import DIRECTION_SIGNS

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FONT = Font(name="宋体", bold=True, size=11)
BODY_FONT = Font(name="宋体", size=10.5)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
SCORE_FMT = "0.00"
MONEY_FMT = "#,##0.00"
PCT_FMT = "0.00%"


def _cell(ws, row: int, col: int, value, *, head: bool = False, fmt: str | None = None, left: bool = False):
    c = put(ws, row, col, value)
    # openpyxl hashes every style object on assignment; a workbook uses a handful of
    # combinations, so style the first cell of each and copy its style array after that.
    cache = ws.parent.__dict__.setdefault("_jixiao_styles", {})
    key = (head, fmt, left)
    styled = cache.get(key)
    if styled is not None:
        c._style = copy(styled)
        return c
    c.border = BORDER
    c.font = HEAD_FONT if head else BODY_FONT
    c.alignment = LEFT if left else CENTER
    if head:
        c.fill = HEAD_FILL
    if fmt:
        c.number_format = fmt
    cache[key] = copy(c._style)
    return c


def _box(ws, first_row: int, last_row: int, cols: int) -> None:
    """Borders on the cells hidden under merges too (Excel draws a merged cell's edges from them)."""
    for r in range(first_row, last_row + 1):
        for c in range(1, cols + 1):
            if not ws.cell(row=r, column=c).has_style:
                _cell(ws, r, c, None)


def _merge(ws, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
    """Merge without openpyxl's per-edge restyling (slow); ``_box`` borders the hidden cells."""
    ws.merged_cells.add(
        MergedCellRange(ws, CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row).coord)
    )


def _height(text: str, width_chars: float, at_least: float = 15.0) -> float:
    """Row height (points) for wrapped text: Excel does not grow rows when it opens a file."""
    units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    lines = max(1, -(-units // int(width_chars * 0.95)))
    return max(at_least, 14.5 * lines)


def _widths(ws, widths: list[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def score_sheet(ws, card: Scorecard) -> None:
    title = f"{card.department} {card.year} 年度部门整体支出绩效评价评分表"
    _merge(ws, start_row=1, start_column=1, end_row=1, end_column=8)
    t = put(ws, 1, 1, title)
    t.font = Font(name="黑体", size=14, bold=True)
    t.alignment = CENTER
    ws.row_dimensions[1].height = 28
    for col, text in ((1, "一级指标"), (3, "二级指标"), (5, "三级指标")):
        _merge(ws, start_row=2, start_column=col, end_row=2, end_column=col + 1)
        _cell(ws, 2, col, text, head=True)
        _cell(ws, 3, col, "名称", head=True)
        _cell(ws, 3, col + 1, "分值", head=True)
    for col, text in ((7, "得分"), (8, "扣分说明")):
        _merge(ws, start_row=2, start_column=col, end_row=3, end_column=col)
        _cell(ws, 2, col, text, head=True)
    _box(ws, 2, 3, 8)

    leaves = _leaf_rows(card)
    first = 4
    for i, (_, _, leaf) in enumerate(leaves):
        r = first + i
        _cell(ws, r, 5, leaf.name, left=True)
        _cell(ws, r, 6, leaf.max, fmt="0.##")
        _cell(ws, r, 7, leaf.score if leaf.score is not None else "缺数据", fmt=SCORE_FMT)
        note = short_decimals(leaf.explanation) if leaf.score != leaf.max else ""
        _cell(ws, r, 8, note, left=True)
        ws.row_dimensions[r].height = _height(note, 60, _height(leaf.name, 18))

    def merge(col: int, key) -> None:
        start = 0
        while start < len(leaves):
            end = start
            while end + 1 < len(leaves) and key(leaves[end + 1]) is key(leaves[start]):
                end += 1
            group = key(leaves[start])
            if group is not None:
                _cell(ws, first + start, col, group.name)
                _cell(ws, first + start, col + 1, group.max, fmt="0.##")
                if end > start:
                    _merge(ws, start_row=first + start, start_column=col, end_row=first + end, end_column=col)
                    _merge(ws, start_row=first + start, start_column=col + 1, end_row=first + end, end_column=col + 1)
            start = end + 1

    merge(1, lambda r: r[0])
    merge(3, lambda r: r[1])
    last = first + len(leaves)
    _merge(ws, start_row=last, start_column=1, end_row=last, end_column=6)
    _cell(ws, last, 1, "合计", head=True)
    _cell(ws, last, 7, card.total, head=True, fmt=SCORE_FMT)
    _cell(ws, last, 8, f"等级：{card.grade}" if card.complete else f"不完整：{len(card.missing)} 项指标缺数据", head=True, left=True)
    _box(ws, first, last, 8)
    put(ws, last + 1, 1, f"计算口径：{card.options.describe()}").font = BODY_FONT
    ws.freeze_panes = "A4"
    _widths(ws, [10, 6, 10, 6, 18, 6, 8, 60])
    ws.print_title_rows = "2:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def trail_sheet(ws, card: Scorecard) -> None:
    head = ["指标路径", "三级指标", "评分细项", "细项分值", "得分", "状态", "评分规则", "所用数据", "计算结果", "扣分说明", "评判理由"]
    for c, text in enumerate(head, 1):
        _cell(ws, 1, c, text, head=True)
    r = 2
    for leaf in card.leaves():
        for part in leaf.parts:
            values = [
                " / ".join(leaf.names),
                leaf.name,
                part.label,
                part.max,
                part.score if part.score is not None else (part.raw if part.raw is not None else "缺数据"),
                part.status.label,
                part.rule,
                short_decimals("；".join(f"{i.label} {i.shown}" for i in part.inputs), 6),
                short_decimals("；".join(f"{k} {v}" for k, v in part.computed), 6),
                short_decimals(part.explanation, 6),
                part.reason or "",
            ]
            for c, v in enumerate(values, 1):
                _cell(ws, r, c, v, left=c in (1, 2, 3, 7, 8, 9, 10, 11), fmt="0.####" if c in (4, 5) else None)
            r += 1
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:K{r - 1}"
    _widths(ws, [28, 16, 18, 8, 8, 6, 40, 36, 24, 50, 30])


def _table(ws, head: list[str], rows: list[list], formats: dict[int, str], widths: list[float]) -> None:
    for c, text in enumerate(head, 1):
        _cell(ws, 1, c, text, head=True)
    for r, values in enumerate(rows, 2):
        for c, v in enumerate(values, 1):
            _cell(ws, r, c, v, fmt=formats.get(c), left=isinstance(v, str) and c not in formats)
    ws.freeze_panes = "A2"
    _widths(ws, widths)


def basic_sheet(ws, data: DepartmentYear) -> None:
    u = data.unit
    b = data.budget
    rows: list[list] = [
        ["部门", data.department, ""],
        ["年度", data.year, ""],
        ["年初预算", b.initial, u],
        ["调整后预算", b.adjusted, u],
        ["执行数", b.executed, u],
        ["基本支出预算", b.basic_budget, u],
        ["基本支出执行数", b.basic_actual, u],
        ["项目支出预算", b.project_budget, u],
        ["项目支出执行数", b.project_actual, u],
        ["预算调整调剂金额", b.adjustment, u],
    ]
    for label, group in (("“三公”经费", data.three_public), ("日常公用经费", data.public_funds)):
        rows += [[f"{label}预算", group.budget if group else None, u], [f"{label}支出", group.actual if group else None, u]]
    p, a, s = data.procurement, data.assets, data.staffing
    rows += [
        ["政府采购计划", p.plan if p else None, u],
        ["实际采购", p.actual if p else None, u],
        ["在用固定资产", a.fixed_in_use if a else None, u],
        ["固定资产总额", a.fixed_total if a else None, u],
        ["核定编制", s.authorized if s else None, "人"],
        ["实有在编", s.on_payroll if s else None, "人"],
        ["编外人员", s.contract if s else None, "人"],
        ["满意度", data.satisfaction_pct, "%"],
    ]
    shown = [[label, "未填报" if value is None else value, unit] for label, value, unit in rows]
    _table(ws, ["项目", "数值", "单位"], shown, {}, [20, 18, 8])
    for r in range(2, len(shown) + 2):
        if isinstance(ws.cell(row=r, column=2).value, Decimal):
            ws.cell(row=r, column=2).number_format = MONEY_FMT


def quarter_sheet(ws, data: DepartmentYear) -> None:
    rows = []
    for q in sorted(data.quarterly or (), key=lambda q: q.quarter):
        base = quarter_base(q, data.budget.adjusted)
        progress = quarter_progress(q, data.budget.adjusted)
        rows.append([f"第{'一二三四'[q.quarter - 1]}季度", q.cumulative_spent, base if q.cumulative_spent is not None else None,
                     progress, Decimal(q.quarter) / 4])
    _table(ws, ["季度", "累计支出", "指标金额", "累计支出进度", "序时进度"], rows, {2: MONEY_FMT, 3: MONEY_FMT, 4: PCT_FMT, 5: PCT_FMT}, [10, 14, 14, 14, 10])


def project_sheet(ws, data: DepartmentYear, projects: list | None = None) -> None:
    """``projects``: each project's own 自评表 result (jixiao.core.projects), adding a 自评得分 column."""
    yes_no = {True: "是", False: "否", None: ""}
    rows = [
        [i, p.name, p.budget, p.spent, ratio(p.spent, p.budget), yes_no[p.planned_completion], yes_no[p.completed_on_time]]
        for i, p in enumerate(data.projects or (), 1)
    ]
    head = ["序号", "项目名称", "预算数", "支出数", "执行率", "计划本年完成", "按时完成"]
    widths = [6, 40, 14, 14, 10, 12, 10]
    if projects is not None:
        for row, result in zip(rows, projects):
            row.append(result.score if result.score is not None else "缺数据")
        head, widths = head + ["自评得分"], widths + [10]
    _table(ws, head, rows, {1: "0", 3: MONEY_FMT, 4: MONEY_FMT, 5: PCT_FMT, 8: "0.00"}, widths)


def target_sheet(ws, data: DepartmentYear) -> None:
    rows = [
        [t.category or "", t.name, t.weight, "定性" if t.kind == "qualitative" else "定量", DIRECTION_SIGNS.get(t.direction or "", t.direction or ""),
         t.target if t.target is not None else (t.target_text or ""), t.actual if t.actual is not None else (t.actual_text or ""),
         t.unit or "", t.level or "", t.reason or ""]
        for t in data.targets or ()
    ]
    _table(ws, ["类别", "指标名称", "分值", "类型", "方向", "目标值", "实际值", "单位", "档次", "理由"], rows, {3: "0.##"},
           [14, 30, 8, 8, 6, 14, 14, 10, 10, 30])


def build_workbook(card: Scorecard, data: DepartmentYear, projects: list | None = None) -> Workbook:
    wb = Workbook()
    score_sheet(wb.active, card)
    wb.active.title = "评分表"
    trail_sheet(wb.create_sheet("扣分说明"), card)
    basic_sheet(wb.create_sheet("基本数据"), data)
    if data.quarterly:
        quarter_sheet(wb.create_sheet("季度进度"), data)
    if data.projects:
        project_sheet(wb.create_sheet("项目"), data, projects)
    if data.targets:
        target_sheet(wb.create_sheet("绩效指标"), data)
    return wb


def write_xlsx(card: Scorecard, data: DepartmentYear, path: str | Path, projects: list | None = None) -> Path:
    out = Path(path)
    build_workbook(card, data, projects).save(out)
    return out

