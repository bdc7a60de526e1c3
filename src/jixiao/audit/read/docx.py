""".docx: body paragraphs and tables in document order, read from ``word/document.xml``.

The zip is size-checked first (:mod:`.limits`) and the XML parsed without entities or
network. A merged cell's text is kept once at its first grid position: ``w:gridSpan``
covers the cells to its right, ``w:vMerge`` (continue) the cells below a ``restart``;
the covered positions are "" so columns stay aligned with the header,
and ``Row.spans`` records the sizes. ``w:gridBefore``/``w:gridAfter`` keep rows that start
late aligned. A table nested in a cell is read as a table of its own after its parent;
content controls (``w:sdt``) are looked into. Paragraph numbering is that of the body's
paragraphs (``Loc.para``), as python-docx counts them.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Loc
from .limits import MAX_COLS, MAX_ROWS_PER_TABLE, open_zip
from .model import Document, Line, ReadError, Row, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}sdt"
_MAX_DOCUMENT_XML = 64 * 1024 * 1024


def read_docx(path: Path) -> Document:
    from lxml import etree

    zf = open_zip(path, ".docx")
    with zf:
        try:
            info = zf.getinfo("word/document.xml")
        except KeyError:
            raise ReadError(f"{path}：不是有效的 .docx 文件（缺少 word/document.xml）") from None
        if info.file_size > _MAX_DOCUMENT_XML:
            raise ReadError(f"{path}：正文过大（document.xml 解压后 {info.file_size // 1024 // 1024} MB，上限 64 MB）")
        data = zf.read(info)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"{path}：.docx 正文 XML 已损坏（{exc.msg if hasattr(exc, 'msg') else exc}），无法读取") from None
    body = root.find(f"{W}body")
    if body is None:
        raise ReadError(f"{path}：.docx 没有正文（w:body）")
    reader = _Reader(Document(str(path), "docx"), path)
    reader.body(body)
    return reader.doc


_STOP = {f"{W}{t}" for t in ("drawing", "pict", "object", "txbxContent", "p", "tbl", "delText", "instrText", "rPr", "pPr")}
_BREAK = {f"{W}br", f"{W}cr"}


def paragraph_text(p) -> str:
    """The paragraph's run text (w:tab as a tab, w:br as a line break), as python-docx gives
    it; text boxes and drawings anchored in it are not part of it."""
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in _BREAK:
                parts.append("\n")
            elif tag not in _STOP and len(child):
                walk(child)

    walk(p)
    return "".join(parts)


class _Reader:
    def __init__(self, doc: Document, path: Path) -> None:
        self.doc = doc
        self.path = path
        self.para_no = 0
        self.table_no = 0

    def body(self, body) -> None:
        for child in body:
            self.block(child)

    def block(self, child) -> None:
        tag = child.tag
        if tag == _P:
            self.para_no += 1
            text = paragraph_text(child)
            if text.strip():
                self.doc.blocks.append(Line(text, Loc(para=self.para_no)))
        elif tag == _TBL:
            self.table(child)
        elif tag == _SDT:
            content = child.find(f"{W}sdtContent")
            if content is not None:
                for inner in content:
                    self.block(inner)

    def table(self, tbl) -> None:
        self.table_no += 1
        number = self.table_no
        trs = [tr for tr in _children(tbl, _TR)]
        if len(trs) > MAX_ROWS_PER_TABLE:
            raise ReadError(f"{self.path}：表{number}行数过多（{len(trs):,} 行，上限 {MAX_ROWS_PER_TABLE:,}），请只提交评分表")
        nested: list = []
        grid_rows: list[list[tuple[str, list[int]] | None]] = []  # per grid position: (text, [rows, cols]) or None (covered)
        origin: dict[int, tuple[int, int]] = {}  # column -> (row, col) of the vMerge restart above
        for r, tr in enumerate(trs):
            row: list = []
            tr_pr = tr.find(f"{W}trPr")
            before = _int_val(tr_pr, "gridBefore") if tr_pr is not None else 0
            row.extend(("", [1, 1]) for _ in range(min(before, MAX_COLS)))
            for tc in _children(tr, _TC):
                col = len(row)
                if col >= MAX_COLS:
                    break
                tc_pr = tc.find(f"{W}tcPr")
                span = max(1, min(_int_val(tc_pr, "gridSpan", 1) if tc_pr is not None else 1, MAX_COLS - col))
                vmerge = tc_pr.find(f"{W}vMerge") if tc_pr is not None else None
                if vmerge is not None and vmerge.get(f"{W}val", "continue") != "restart" and col in origin:
                    orow, ocol = origin[col]
                    cell = grid_rows[orow][ocol]
                    if cell is not None:
                        cell[1][0] += 1
                    row.extend(None for _ in range(span))
                    continue
                text = "\n".join(paragraph_text(p) for p in _cell_blocks(tc, nested))
                row.append((text, [1, span]))
                row.extend(None for _ in range(span - 1))
                if vmerge is not None:
                    origin[col] = (r, col)
                else:
                    origin.pop(col, None)
            grid_rows.append(row)
        width = max((len(r) for r in grid_rows), default=0)
        rows: list[Row] = []
        has_spans = any(c is None or (c and c[1] != [1, 1]) for r in grid_rows for c in r)
        for r, row in enumerate(grid_rows, 1):
            cells = tuple((c[0] if c else "") for c in row) + ("",) * (width - len(row))
            spans = (tuple((tuple(c[1]) if c else (0, 0)) for c in row) + ((1, 1),) * (width - len(row))) if has_spans else ()
            rows.append(Row(cells, Loc(table=number, row=r), spans))  # type: ignore[arg-type]
        self.doc.blocks.append(Table(rows, number, form="docx"))
        for inner in nested:
            self.table(inner)


def _children(el, tag: str):
    """Direct children with ``tag``, looking through content controls (w:sdt/w:sdtContent)."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _children(content, tag)


def _cell_blocks(tc, nested: list):
    """The cell's paragraphs; its nested tables are set aside for later."""
    for child in tc:
        if child.tag == _P:
            yield child
        elif child.tag == _TBL:
            nested.append(child)
        elif child.tag == _SDT:
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _cell_blocks(content, nested)


def _int_val(parent, name: str, default: int = 0) -> int:
    el = parent.find(f"{W}{name}")
    if el is None:
        return default
    try:
        return int(el.get(f"{W}val", default))
    except (TypeError, ValueError):
        return default
