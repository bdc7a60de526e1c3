"""Plain text (as the seed reports are): tab-separated lines are table rows, the rest is prose.

Consecutive tab-separated lines form one table; blank lines between them do not end it,
a line of prose does. Rows of only ``--`` (a converter's rule lines) are dropped.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Loc
from .model import Document, Line, ReadError, Row, Table

_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


def read_text_file(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）") from None
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(f"{path}：不是文本文件（支持 .txt、.docx、.pdf）")
    for enc in _ENCODINGS:
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise ReadError(f"{path}：无法识别文本编码")
    return read_text(text, str(path))


def _is_rule(cells: list[str]) -> bool:
    return all(set(c.strip()) <= {"-", ":", " "} for c in cells)


def read_text(text: str, source: str = "<text>") -> Document:
    doc = Document(source, "text")
    table: Table | None = None
    count = 0
    for number, line in enumerate(text.splitlines(), 1):
        if "\t" in line:
            cells = line.split("\t")
            if _is_rule(cells):
                continue
            if table is None:
                count += 1
                table = Table([], count)
                doc.blocks.append(table)
            table.rows.append(Row(tuple(cells), Loc(line=number)))
            continue
        if not line.strip():
            continue  # a blank line neither ends a table nor is a unit
        table = None
        doc.blocks.append(Line(line, Loc(line=number)))
    return doc
