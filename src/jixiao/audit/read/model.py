"""The document as the readers give it: lines and tables of rows, each with its location."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

from ..model import Loc


class ReadError(Exception):
    """The file cannot be read (missing, unsupported, no text layer …). Message in Chinese."""


@dataclass(frozen=True, slots=True)
class Line:
    """A physical line of a text file, a .docx paragraph, or a text line of a PDF page."""

    text: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: its cells in grid order (a merged cell's text appears once, the rest are "")."""

    cells: tuple[str, ...]
    loc: Loc

    def cell_loc(self, index: int) -> Loc:
        return self.loc.with_(column=index + 1)


@dataclass
class Table:
    rows: list[Row]
    index: int  # 1-based, in reading order


Block = Union[Line, Table]


@dataclass
class Document:
    source: str
    kind: str  # text | docx | pdf
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how it was read (e.g. a PDF fallback)

    def lines(self) -> Iterator[Line]:
        return (b for b in self.blocks if isinstance(b, Line))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def unit_count(self) -> int:
        return sum(1 if isinstance(b, Line) else len(b.rows) for b in self.blocks)
