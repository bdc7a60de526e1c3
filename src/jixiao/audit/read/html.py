"""A saved web page (.html/.htm): its ``<table>``s as grids, the text outside them as lines.

rowspan/colspan are expanded to grid positions with the text once, at the top-left
position, and "" elsewhere (``Row.spans`` keeps the sizes). A table nested in a cell is
read as a table of its own, after the one holding it; the cell keeps its other text.
``<br>`` and block elements inside a cell become line breaks in the cell's text. A table
that only lays out the page (a single cell; a cell holding a nested table beside several
paragraphs; a cell holding a whole article) is read as the page's flow: its text as lines,
its data tables as tables. The
charset comes from a BOM, the ``<meta charset>``/``http-equiv`` declaration, else UTF-8
and then GB18030 are tried. Scripts, styles and the page head are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Loc
from .limits import MAX_COLS, MAX_ROWS_PER_TABLE, check_text_size
from .model import Document, Line, ReadError, Row, Table

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACE = re.compile(r"[ \t\r\n\f\v\xa0\u3000]+")
_BLOCK = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header",
    "footer", "nav", "pre", "blockquote", "hr", "form", "center", "dl", "dt", "dd", "address", "figure",
    "figcaption", "main", "aside", "caption", "title", "fieldset", "legend", "details", "summary",
}
_SKIP = {"script", "style", "noscript", "head", "template", "iframe", "object", "svg", "select", "option", "button"}


def decode_html(raw: bytes, source: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", "replace")
    m = _CHARSET.search(raw[:8192])
    declared = m.group(1).decode("ascii", "ignore").lower() if m else ""
    if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936"):
        declared = "gb18030"
    candidates = [declared] if declared else []
    candidates += [e for e in ("utf-8", "gb18030") if e not in candidates]
    for enc in candidates:
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("gb18030", "replace")


def read_html(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）") from None
    return read_html_text(decode_html(raw, str(path)), str(path))


def read_mht(path: Path) -> Document:
    """A single-file web page (.mht/.mhtml, as Word and browsers save them): its HTML part."""
    import email
    import email.policy

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）") from None
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and not _CHARSET.search(payload[:8192]):
                payload = f'<meta charset="{charset}">'.encode("ascii") + payload
            doc = read_html_text(decode_html(payload, str(path)), str(path))
            doc.kind = "mht"
            return doc
    raise ReadError(f"{path}：.mht 文件中没有网页正文（text/html 部分）")


def read_html_text(text: str, source: str) -> Document:
    import lxml.html
    from lxml import etree

    check_text_size(source, text)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise ReadError(f"{source}：网页是空的")
    try:
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(remove_comments=True, no_network=True, huge_tree=False))
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{source}：无法解析网页（{exc}）") from None
    doc = Document(source, "html")
    body = root.find("body")
    _Walker(doc).run(body if body is not None else root)
    return doc


class _Walker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.buf: list[str] = []
        self.line_no = 0
        self.table_no = 0

    def run(self, root) -> None:
        self.walk(root)
        self.flush()

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.line_no += 1
            self.doc.blocks.append(Line(text, Loc(line=self.line_no)))

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP:
            self.buf.append(" " if el.tail else "")
            if el.tail:
                self.buf.append(el.tail)
            return
        if tag == "table" and layout_table(el):
            # a page laid out with a table: its cells are the page's flow, not data
            self.flush()
            for tr in _own_rows(el):
                for cell in tr:
                    if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th"):
                        if cell.text:
                            self.buf.append(cell.text)
                        for child in cell:
                            self.walk(child)
                        self.flush()
        elif tag == "table":
            self.flush()
            for table in read_table(el, self):
                self.doc.blocks.append(table)
        else:
            block = tag in _BLOCK
            if block or tag == "br":
                self.flush()
            if el.text:
                self.buf.append(el.text)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail:
            self.buf.append(el.tail)


def _own_rows(table) -> list:
    rows = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if isinstance(r.tag, str) and r.tag.lower() == "tr")
    return rows


def layout_table(table) -> bool:
    """A table used to lay out the page (old government sites), not to hold data: a single
    cell, or few rows with a cell holding a nested table beside long text or several
    paragraphs, or a cell holding a whole article."""
    rows = _own_rows(table)
    cells = [c for tr in rows for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
    if len(cells) == 1:
        return True
    for cell in cells:
        text = _SPACE.sub("", cell.text_content())
        if len(text) > 800:
            return True
        if len(rows) <= 10 and cell.find(".//table") is not None:
            blocks = sum(1 for el in cell.iter("p", "div", "h1", "h2", "h3", "br"))
            if blocks >= 3 or len(text) > 200:
                return True
    return False


def _span(el, name: str, cap: int) -> int:
    try:
        v = int(str(el.get(name, "1")).strip() or "1")
    except ValueError:
        return 1
    return max(1, min(v, cap)) if v != 0 else cap


def cell_text(cell, nested: list) -> str:
    """The cell's text with <br>/blocks as line breaks; nested tables are set aside."""
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            pass
        elif tag == "table":
            nested.append(el)
            parts.append("\n")
        else:
            if tag == "br" or tag in _BLOCK:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
            if tag in _BLOCK:
                parts.append("\n")
        if el.tail and el is not cell:
            parts.append(el.tail)

    if cell.text:
        parts.append(cell.text)
    for child in cell:
        walk(child)
    lines = (_SPACE.sub(" ", ln).strip() for ln in "".join(parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)


def read_table(el, walker: _Walker) -> list[Table]:
    """The table (grid-expanded) followed by the tables nested in its cells."""
    trs = _own_rows(el)
    if len(trs) > MAX_ROWS_PER_TABLE:
        raise ReadError(f"{walker.doc.source}：网页表格行数过多（{len(trs):,} 行，上限 {MAX_ROWS_PER_TABLE:,}）")
    walker.table_no += 1
    number = walker.table_no
    caption_el = next((c for c in el if isinstance(c.tag, str) and c.tag.lower() == "caption"), None)
    caption = _SPACE.sub(" ", caption_el.text_content()).strip() if caption_el is not None else ""
    grid: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    nested: list = []
    width = 0
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr:
            tag = cell.tag.lower() if isinstance(cell.tag, str) else ""
            if tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            if c >= MAX_COLS:
                break
            rs = _span(cell, "rowspan", len(trs) - r)
            cs = _span(cell, "colspan", MAX_COLS - c)
            grid[(r, c)] = (cell_text(cell, nested), (rs, cs))
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        grid.setdefault((r + dr, c + dc), ("", (0, 0)))
            c += cs
            width = max(width, c)
    rows: list[Row] = []
    spans_seen = any(v[1] != (1, 1) for v in grid.values())
    for r in range(len(trs)):
        cells = tuple(grid.get((r, c), ("", (1, 1)))[0] for c in range(width))
        spans = tuple(grid.get((r, c), ("", (1, 1)))[1] for c in range(width)) if spans_seen else ()
        if any(cells):
            rows.append(Row(cells, Loc(table=number, row=r + 1), spans))
    out = [Table(rows, number, caption=caption, form="html")] if rows else []
    if not rows:
        walker.table_no -= 1
    for inner in nested:
        out.extend(read_table(inner, walker))
    return out
