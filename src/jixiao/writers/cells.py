"""Text going into a spreadsheet or a Word document: never a formula, never an illegal character.

openpyxl writes any string starting with "=" as a live formula (a project named
``=HYPERLINK(...)`` would become a link in the 评分表), and refuses control characters outright
(one such character in a saved name made every later download fail); Word's XML cannot hold them
either. Input refuses control characters (core/inputs.py); these helpers are the writers' own guard
for text from anywhere else (department names, old data).
"""

from __future__ import annotations

import re
from typing import Any

# Characters XML 1.0 cannot hold (tab, newline and carriage return are fine), and lone surrogates.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` without the characters a .xlsx or .docx cannot hold."""
    return _ILLEGAL.sub("", text)


def text_value(value: Any) -> Any:
    return printable(value) if isinstance(value, str) else value


def as_text(cell: Any) -> Any:
    """Mark a cell holding a string as text, so "=…", "+…", "-…" and "@…" are shown, not evaluated."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def put(ws: Any, row: int, col: int, value: Any) -> Any:
    """``ws.cell(row, col, value)`` for a value that may be user text."""
    return as_text(ws.cell(row=row, column=col, value=text_value(value)))


def append_row(ws: Any, values: list[Any]) -> None:
    """``ws.append(values)`` for values that may be user text."""
    ws.append([text_value(v) for v in values])
    for cell in ws[ws.max_row]:
        as_text(cell)
