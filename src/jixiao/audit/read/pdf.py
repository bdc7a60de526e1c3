""".pdf: pdfplumber's text layer, with tables found by their ruling lines.

Text outside the tables comes as lines (a wrapped sentence is several lines; prose
extraction joins them). A 公文 PDF whose fonts are not embedded extracts as ``(cid:123)``:
such pages are read again with pypdf, then with ``pdftotext -layout``,
and tables are then recovered from column gaps.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from ..model import Loc
from .model import Document, Line, ReadError, Row, Table

_CID = re.compile(r"\(cid:\d+\)")
_GAP = re.compile(r"\s{2,}")


def garbled(text: str) -> bool:
    """True when a page's text is largely ``(cid:N)`` codes (fonts without a usable ToUnicode map)."""
    codes = _CID.findall(text)
    if len(codes) < 3:
        return False
    visible = len("".join(text.split()))
    return sum(len(c) for c in codes) >= 0.3 * visible


def read_pdf(path: Path) -> Document:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency
        raise ReadError("读取 PDF 需要 pdfplumber") from None
    doc = Document(str(path), "pdf")
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many kinds for a broken file
        raise ReadError(f"{path}：不是有效的 PDF 文件（{type(exc).__name__}）") from None
    table_no = 0
    any_text = False
    with pdf:
        for page in pdf.pages:
            number = page.page_number
            probe = page.extract_text() or ""
            if garbled(probe):
                lines = fallback_page_text(path, number)
                doc.notes.append(f"第{number}页文字层为 (cid:…) 编码，已改用{lines[0]}读取")
                any_text |= _add_fallback(doc, lines[1], number, columns=lines[0] == "pdftotext")
                continue
            any_text |= bool(probe.strip())
            table_no = _add_page(doc, page, number, table_no)
    if not any_text:
        raise ReadError(f"{path}：PDF 没有可读取的文字层（可能是扫描件），无法审核")
    return doc


def _add_page(doc: Document, page, number: int, table_no: int) -> int:
    found = page.find_tables()
    boxes = [t.bbox for t in found]

    def outside(obj) -> bool:
        x0, top, x1, bottom = obj.get("x0", 0), obj.get("top", 0), obj.get("x1", 0), obj.get("bottom", 0)
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    items: list[tuple[float, object]] = []
    for i, line in enumerate(text_page.extract_text_lines(), 1):
        items.append((line["top"], ("line", line["text"])))
    for t in found:
        items.append((t.bbox[1], ("table", t)))
    items.sort(key=lambda pair: pair[0])
    line_no = 0
    for _, (kind, payload) in items:
        if kind == "line":
            line_no += 1
            if str(payload).strip():
                doc.blocks.append(Line(str(payload), Loc(page=number, line=line_no)))
            continue
        table_no += 1
        rows = []
        for r, cells in enumerate(payload.extract(), 1):  # type: ignore[union-attr]
            rows.append(Row(tuple("" if c is None else c.replace("\n", "") for c in cells), Loc(page=number, table=table_no, row=r)))
        if rows:
            doc.blocks.append(Table(rows, table_no))
    return table_no


def fallback_page_text(path: Path, number: int) -> tuple[str, str]:
    """(which reader, text) for one page, when pdfplumber gives (cid:…) codes."""
    try:
        from pypdf import PdfReader

        text = PdfReader(str(path)).pages[number - 1].extract_text() or ""
        if text.strip() and not garbled(text):
            return "pypdf", text
    except Exception:  # noqa: BLE001 - try the next reader
        pass
    exe = shutil.which("pdftotext")
    if exe:
        try:
            out = subprocess.run(
                [exe, "-layout", "-enc", "UTF-8", "-f", str(number), "-l", str(number), str(path), "-"],
                capture_output=True, timeout=60, check=False,
            )
            text = out.stdout.decode("utf-8", "replace")
            if text.strip() and not garbled(text):
                return "pdftotext", text
        except (OSError, subprocess.TimeoutExpired):
            pass
    raise ReadError(f"{path}：第{number}页文字为 (cid:…) 编码，pypdf 与 pdftotext 均无法还原，无法审核")


def _add_fallback(doc: Document, text: str, number: int, *, columns: bool) -> bool:
    """Lines of a fallback reader. With ``pdftotext -layout`` (``columns``), runs of lines split by
    wide gaps into ≥3 columns become a table; pypdf's spacing carries no layout."""
    table: Table | None = None
    tables = sum(1 for _ in doc.tables())
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        cells = [c for c in _GAP.split(line.strip())]
        loc = Loc(page=number, line=i)
        if columns and len(cells) >= 3:
            if table is None:
                tables += 1
                table = Table([], tables)
                doc.blocks.append(table)
            table.rows.append(Row(tuple(cells), loc))
            continue
        table = None
        doc.blocks.append(Line(line.strip() if columns else " ".join(line.split()), loc))
    return True
