"""Small .xlsx tables for job results. User text is always written as text, never as a formula."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


def put(ws, row: int, col: int, value: Any):
    """One cell: Decimals stay exact numbers with two places; every string is text."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = "0.00"
    elif isinstance(value, (int,)) and not isinstance(value, bool):
        cell.value = value
    else:
        cell.value = str(value)
        cell.data_type = "s"  # "=HYPERLINK(…)" typed by a user stays text
    return cell


def sheet(wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int] = ()):
    fresh = len(wb.worksheets) == 1 and wb.active.title == "Sheet" and wb.active.max_row == 1 and wb.active["A1"].value is None
    ws = wb.active if fresh else wb.create_sheet(title)
    ws.title = title
    for c, text in enumerate(header, 1):
        put(ws, 1, c, text).font = Font(bold=True)
    r = 1
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            put(ws, r, c, value).alignment = Alignment(wrap_text=True, vertical="top")
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    return ws
