"""Plain text: prose lines, and tables in every form a copy out of a web page, a PDF or OCR
gives them (see :mod:`.textforms`).

Consecutive tab-separated lines form one table; blank lines between them do not end it,
a line of prose does. Rows of only ``--`` (a converter's rule lines) are dropped. A pipe
table or space-aligned block of one row without numbers (a web page's menu) stays prose.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Loc
from . import textforms as tf
from .limits import bound, check_file_size, check_text_size
from .model import Document, Line, ReadError, Row, Table

_ENCODINGS = ("utf-8-sig", "gb18030")


def decode(raw: bytes, source: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(f"{source}：UTF-16 文本已损坏，无法解码") from None
    if b"\x00" in raw[:4096]:
        raise ReadError(f"{source}：不是文本文件（支持 .txt、.docx、.xlsx、.xls、.html、.pdf 等）")
    for enc in _ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    text = raw.decode("gb18030", "replace")
    bad = text.count("\ufffd")
    if bad > max(8, len(text) // 50):
        raise ReadError(f"{source}：无法识别文本编码（既不是 UTF-8 也不是 GBK/GB18030），或不是文本文件")
    return text


def read_text_file(path: Path) -> Document:
    check_file_size(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）") from None
    return read_text(decode(raw, str(path)), str(path))


def read_csv_file(path: Path) -> Document:
    """A .csv export: comma-separated rows (quotes as Excel writes them), one table per block
    of non-empty rows."""
    import csv
    import io

    check_file_size(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）") from None
    text = decode(raw, str(path))
    check_text_size(str(path), text)
    doc = Document(str(path), "csv")
    table: Table | None = None
    count = 0
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
            if not any(c.strip() for c in cells):
                table = None
                continue
            if table is None:
                count += 1
                table = Table([], count, form="csv")
                doc.blocks.append(table)
            table.rows.append(Row(tuple(c.strip() for c in cells), Loc(line=number)))
    except csv.Error as exc:
        raise ReadError(f"{path}：CSV 格式有误（{exc}）") from None
    return bound(doc)


def _is_rule(cells: list[str]) -> bool:
    return all(set(c.strip()) <= {"-", ":", " "} for c in cells)


def read_text(text: str, source: str = "<text>") -> Document:
    check_text_size(source, text)
    doc = Document(source, "text")
    lines = text.splitlines()
    tab_table: Table | None = None
    count = 0

    def new_table(rows: list[tuple[int, list[str]]], form: str) -> None:
        nonlocal count, tab_table
        count += 1
        table = Table([Row(tuple(cells), Loc(line=n)) for n, cells in rows], count, form=form)
        doc.blocks.append(table)
        tab_table = None

    def prose(i: int) -> None:
        nonlocal tab_table
        tab_table = None
        line = lines[i]
        if tf.run_together(line):
            doc.blocks.append(Line(line, Loc(line=i + 1), run_together=True))
            doc.notes.append(f"第{i + 1}行像是没有分隔符的表格单元格（连在一起），按一行文字保留")
        else:
            doc.blocks.append(Line(line, Loc(line=i + 1)))

    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue  # a blank line neither ends a table nor is a unit
        if "\t" in line:
            cells = line.split("\t")
            if not _is_rule(cells):
                if tab_table is None:
                    count += 1
                    tab_table = Table([], count, form="tab")
                    doc.blocks.append(tab_table)
                tab_table.rows.append(Row(tuple(cells), Loc(line=i + 1)))
            i += 1
            continue
        if stripped == "|":
            i += 1
            continue
        if i + 1 < n and lines[i + 1].strip() == "|":
            stream = tf.bar_stream(lines, i)
            if stream:
                cells, i = stream
                new_table(tf.group_bars(cells), "cells-per-line")
                continue
        if "|" in line:
            rows, end = tf.pipe_block(lines, i)
            if len(rows) > 1 or (rows and any(tf.is_number(c) for c in rows[0][1])):
                new_table(tf.align_rows(rows), "pipe")
                i = end
                continue
            for j in range(i, end):
                if lines[j].strip():
                    prose(j)
            i = end
            continue
        if i + 1 < n and not lines[i + 1].strip() and len(stripped) <= 12 and tf.HEADER_WORDS.search(stripped):
            stream = tf.blank_stream(lines, i)
            if stream:
                cells, i = stream
                new_table(tf.group_parts(cells), "cells-per-line")
                continue
        if len(tf.space_cells(line)) >= 2:
            block = tf.space_block(lines, i)
            if block:
                rows, i = block
                new_table(tf.align_rows(rows), "spaces")
                continue
        prose(i)
        i += 1
    for block in doc.blocks:  # tab tables, once whole: a header that lost its name column gets it back
        if isinstance(block, Table) and block.form == "tab":
            block.rows[:] = [Row(tuple(cells), Loc(line=n)) for n, cells in tf.align_rows([(r.loc.line, list(r.cells)) for r in block.rows], shift_short=False)]
    return bound(doc)
