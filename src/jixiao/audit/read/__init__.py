"""Reading a published 自评报告 into evidence units: lines (or paragraphs) and table rows.

``read_document(path)`` picks the reader by the file's suffix, and by its first bytes when
the suffix is missing or wrong (a .docx saved as .doc, a PDF named .txt):

=================  ==============================================================
.txt .md           plain text, tables in every copied form (:mod:`.text`, :mod:`.textforms`)
.csv               comma-separated rows, one table per block (:mod:`.text`)
.docx .docm        python-docx over a size-checked zip (:mod:`.docx`)
.xlsx .xlsm        openpyxl read-only, values bounded by the data (:mod:`.sheet`)
.xls .ods          python-calamine (:mod:`.sheet`)
.html .htm .mht    lxml: ``<table>`` grids with rowspan/colspan, text as lines (:mod:`.html`)
.pdf               pypdfium2 text layer, tables by ruling lines or aligned columns (:mod:`.pdf`)
.doc .wps .rtf     LibreOffice → .docx; .et → .xlsx; .dps not a report (:mod:`.convert`)
=================  ==============================================================

Every unit keeps its :class:`~jixiao.audit.model.Loc`. Readers do not interpret
anything; they only recover text and table structure. Whatever the bytes, the only
exception ``read_document`` raises is :class:`ReadError` (message in Chinese, naming
the file); the size limits are in :mod:`.limits`.
"""

from __future__ import annotations

from pathlib import Path

from .limits import check_file_size, finish
from .model import Document, Line, ReadError, Row, Table
from .text import read_text, read_text_file

__all__ = ["Document", "Line", "ReadError", "Row", "Table", "read_document", "read_text"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(p: Path, suffix: str) -> str:
    """The format by content when it contradicts the suffix (only unambiguous signatures)."""
    try:
        with p.open("rb") as fh:
            head = fh.read(2048)
    except OSError as exc:
        raise ReadError(f"{p}：无法读取（{exc.strerror}）") from None
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(_ZIP):
        if suffix in (".docx", ".docm", ".xlsx", ".xlsm", ".ods"):
            return suffix
        import zipfile

        try:
            with zipfile.ZipFile(p) as zf:
                names = set(zf.namelist()[:2000])
        except Exception:  # noqa: BLE001 - a damaged zip: let the suffix's reader say so
            return suffix
        if "word/document.xml" in names:
            return ".docx"
        if "xl/workbook.xml" in names:
            return ".xlsx"
        if "content.xml" in names:
            return ".ods"
        return suffix
    if head.startswith(_OLE) and suffix not in (".doc", ".wps", ".xls", ".et", ".dps"):
        return ".doc"
    if suffix not in (".html", ".htm", ".xhtml"):
        lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
        if lowered.startswith((b"<!doctype html", b"<html")):
            return ".html"  # a web page saved under another name (.doc, .xls, .txt)
        if suffix in (".pdf", ".docx", ".xlsx", ".xls", ".doc", ".wps", ".et") and b"<table" in head.lower():
            return ".html"
    return suffix


def read_document(path: str | Path) -> Document:
    p = Path(path)
    if not p.exists():
        raise ReadError(f"{p}：文件不存在")
    if p.is_dir():
        raise ReadError(f"{p}：是目录，不是文件")
    check_file_size(p)
    suffix = _sniff(p, p.suffix.lower())
    try:
        return finish(_read(p, suffix))
    except ReadError:
        raise
    except (MemoryError, RecursionError):
        raise ReadError(f"{p}：文件结构过于复杂或过大，无法读取") from None
    except Exception as exc:  # noqa: BLE001 - any reader failure on damaged bytes is the file's fault
        raise ReadError(f"{p}：文件已损坏或格式不符，无法读取（{type(exc).__name__}）") from None


def _read(p: Path, suffix: str) -> Document:
    if suffix in (".docx", ".docm"):
        from .docx import read_docx

        return read_docx(p)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(p)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        from .sheet import read_sheet

        return read_sheet(p, suffix)
    if suffix in (".mht", ".mhtml"):
        from .html import read_mht

        return read_mht(p)
    if suffix in (".html", ".htm", ".xhtml"):
        from .html import read_html

        return read_html(p)
    if suffix in (".doc", ".wps", ".rtf", ".et", ".dps", ".odt"):
        from .convert import read_converted

        return read_converted(p, suffix)
    if suffix == ".csv":
        from .text import read_csv_file

        return read_csv_file(p)
    return read_text_file(p)
