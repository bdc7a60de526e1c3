""".docx: body paragraphs and tables in document order.

python-docx repeats a merged cell's text in every grid position it spans (across and
down). Each underlying ``w:tc`` is kept once, at its first position; the other positions
become "" so columns stay aligned with the header.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..model import Loc
from .model import Document, Line, ReadError, Row, Table


def read_docx(path: Path) -> Document:
    try:
        from docx import Document as open_docx
        from docx.oxml.ns import qn
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a declared dependency
        raise ReadError("读取 .docx 需要 python-docx") from None
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = open_docx(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise ReadError(f"{path}：不是有效的 .docx 文件（{exc}）") from None
    doc = Document(str(path), "docx")
    para_no = table_no = 0
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            para_no += 1
            text = Paragraph(child, word).text
            if text.strip():
                doc.blocks.append(Line(text, Loc(para=para_no)))
        elif child.tag == qn("w:tbl"):
            table_no += 1
            doc.blocks.append(_table(DocxTable(child, word), table_no))
    return doc


def _grid(table) -> list[list]:
    """The table's cells row by row, computed once (``row.cells`` rebuilds the whole grid)."""
    try:
        cells = table._cells  # noqa: SLF001 - one pass instead of one per row
        cols = table._column_count  # noqa: SLF001
        if cols and len(cells) % cols == 0:
            return [cells[i : i + cols] for i in range(0, len(cells), cols)]
    except Exception:  # pragma: no cover - python-docx internals changed
        pass
    return [list(r.cells) for r in table.rows]


def _table(table, number: int) -> Table:
    seen: set = set()  # the w:tc elements already given (lxml elements hash by identity)
    rows: list[Row] = []
    for r, grid_row in enumerate(_grid(table), 1):
        cells: list[str] = []
        for cell in grid_row:
            key = cell._tc  # noqa: SLF001 - the underlying cell element
            if key in seen:
                cells.append("")
                continue
            seen.add(key)
            cells.append(cell.text)
        rows.append(Row(tuple(cells), Loc(table=number, row=r)))
    return Table(rows, number)
