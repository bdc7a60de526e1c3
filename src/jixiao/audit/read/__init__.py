"""Reading a published 自评报告 into evidence units: lines (or paragraphs) and table rows.

``read_document(path)`` picks the reader by the file's suffix (.txt/.md plain text,
.docx, .pdf). Every unit keeps its :class:`~jixiao.audit.model.Loc`. Readers do not
interpret anything; they only recover text and table structure.
"""

from __future__ import annotations

from pathlib import Path

from .model import Document, Line, ReadError, Row, Table
from .text import read_text, read_text_file

__all__ = ["Document", "Line", "ReadError", "Row", "Table", "read_document", "read_text"]


def read_document(path: str | Path) -> Document:
    p = Path(path)
    if not p.exists():
        raise ReadError(f"{p}：文件不存在")
    if p.is_dir():
        raise ReadError(f"{p}：是目录，不是文件")
    suffix = p.suffix.lower()
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(p)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(p)
    if suffix in (".doc", ".wps"):
        raise ReadError(f"{p}：不支持旧版 Word 格式（{suffix}），请另存为 .docx 或 PDF")
    return read_text_file(p)
