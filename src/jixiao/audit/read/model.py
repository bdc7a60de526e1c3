"""The document as the readers give it: lines and tables of rows, each with its location.

Every reader (text, .docx, .xlsx/.xls/.ods, .html, .pdf, and the LibreOffice-converted
.doc/.wps/.et/.rtf) gives the same :class:`Document`: ``blocks`` in reading order, each a
:class:`Line` (prose) or a :class:`Table` of :class:`Row`\\ s. A merged cell's text appears
once, at its top-left grid position; the other grid positions it covers are "" so the
columns stay aligned with the header.

Optional fields (all with defaults, so older code that builds or reads these objects is
unaffected):

- ``Line.run_together`` — True when the line looks like table cells written with no
  separator at all (OCR or a copy that lost the cell borders, e.g.
  "指标名称计量单位指标性质…22否"). The text is kept whole; the table layer may split it
  using its header vocabulary. A note in ``Document.notes`` names the line.
- ``Row.spans`` — per cell, ``(rows, cols)`` the cell covers when the source says so
  (.docx gridSpan/vMerge, .xlsx merged ranges, HTML rowspan/colspan); ``(1, 1)`` for a plain
  cell and ``(0, 0)`` for a grid position covered by a merged cell whose text is elsewhere.
  Empty ``()`` when the source has no merge information (text, PDF).
- ``Table.page`` — the PDF page the table starts on (None elsewhere).
- ``Table.caption`` — what names the table in its source: the sheet of a workbook
  ("工作表 Sheet1"), an HTML ``<caption>``; "" when there is none.
- ``Table.form`` — how the table was recognised: ``tab``, ``pipe``, ``cells-per-line``,
  ``spaces`` (text); ``csv``; ``docx``; ``sheet``; ``html``; ``ruled`` or ``aligned`` (PDF).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

from ..model import Loc


class ReadError(Exception):
    """The file cannot be read (missing, unsupported, damaged, too large, no text layer …).
    Message in Chinese, naming the file."""


@dataclass(frozen=True, slots=True)
class Line:
    """A physical line of a text file, a .docx paragraph, or a text line of a PDF page."""

    text: str
    loc: Loc
    run_together: bool = False  # table cells written with no separator (see the module docstring)


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: its cells in grid order (a merged cell's text appears once, the rest are "")."""

    cells: tuple[str, ...]
    loc: Loc
    spans: tuple[tuple[int, int], ...] = ()  # per cell (rows, cols); () when unknown

    def cell_loc(self, index: int) -> Loc:
        return self.loc.with_(column=index + 1)


@dataclass
class Table:
    rows: list[Row]
    index: int  # 1-based, in reading order
    page: int | None = None  # PDF page the table starts on
    caption: str = ""  # sheet name, HTML <caption> …
    form: str = ""  # how it was recognised (see the module docstring)


Block = Union[Line, Table]


@dataclass
class Document:
    source: str
    kind: str  # text | docx | pdf | xlsx | xls | ods | html (+ doc/wps/et/rtf via conversion)
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how it was read (a PDF fallback, a limit applied …)

    def lines(self) -> Iterator[Line]:
        return (b for b in self.blocks if isinstance(b, Line))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def unit_count(self) -> int:
        return sum(1 if isinstance(b, Line) else len(b.rows) for b in self.blocks)
