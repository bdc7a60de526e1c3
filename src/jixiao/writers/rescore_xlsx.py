"""The rescoring comparison as .xlsx: one row per department-year, one per moved indicator.
User text is written as text (never a formula); scores as Decimals."""

from __future__ import annotations

from pathlib import Path

from ..rescore import RescoreResult


def _put(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"


def write_rescore_xlsx(result: RescoreResult, path):
    """Write to ``path`` (a path, or a binary file such as a response buffer); returns it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "总分对比"
    head = ["部门", "年度", "原指标体系", "原总分", "原等级", f"新总分（{result.new_framework}）", "新等级", "变化", "变动指标数", "问题"]
    ws.append(head)
    for row in result.rows:
        r = ws.max_row + 1
        values = [row.department, row.year, row.old_framework, row.old_total,
                  row.old_grade or ("不完整" if row.old_total is not None else "—"), row.new_total,
                  row.new_grade or ("不完整" if row.new_total is not None else "—"), row.change, len(row.moved),
                  "；".join(row.problems)]
        for c, v in enumerate(values, 1):
            _put(ws, r, c, v)
    moves = wb.create_sheet("变动指标")
    moves.append(["部门", "年度", "指标", "编号", "原得分", "新得分", "说明"])
    for row in result.rows:
        for m in row.moved:
            r = moves.max_row + 1
            for c, v in enumerate([row.department, row.year, m.name, m.ident, m.old, m.new, m.note], 1):
                _put(moves, r, c, v)
    for sheet in (ws, moves):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 36
        sheet.freeze_panes = "B2"
    for col, fmt in (("D", "0.00"), ("F", "0.00"), ("H", "+0.00;-0.00;0")):
        for cell in ws[col][1:]:
            cell.number_format = fmt
    out = path if hasattr(path, "write") else Path(path)
    wb.save(out)
    return out
