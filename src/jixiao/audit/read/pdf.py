""".pdf: the text layer read with pypdfium2 (PDFium: each character with its box), tables
found by their ruling lines, and, where a table has no rules, by aligned text columns.

- Ruling lines are the page's thin path objects (LibreOffice strokes lines, Chromium fills
  thin rectangles, Word/WPS stroke cell boxes); lines meeting each other form a grid; a
  missing border between two grid cells merges them (text once, at the top-left position,
  ``Row.spans`` keeps the size). A table split by a page break is one table per page
  (``Table.page``); repeated headers are left for the table layer.
- Text outside the ruled tables becomes lines; consecutive lines whose words stand in
  columns separated by wide gaps become an ``aligned`` table, its columns where the
  words' extents overlap from line to line.
- A page whose text is garbled (a font with no usable Unicode map — pdfminer shows it as
  ``(cid:123)`` — or mostly private-use/control characters) is read again
  with pypdf and then ``pdftotext -layout`` (its columns read as a text table), with a note.
- A PDF with no text at all (a scan) is refused with a clear message; so is a stream that
  would inflate beyond the limit, or too many pages (:mod:`.limits`).
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..model import Loc
from .limits import MAX_PDF_PAGES, mb
from .model import Document, Line, ReadError, Row, Table
from .textforms import join_cell_lines

_CID = re.compile(r"\(cid:\d+\)")
MAX_STREAM_BYTES = 64 * 1024 * 1024  # one inflated stream (a page's content, an image)
_STREAM = re.compile(rb"stream\r?\n")


def garbled(text: str) -> bool:
    """True when a page's text is largely ``(cid:N)`` codes (fonts without a usable ToUnicode map)."""
    codes = _CID.findall(text)
    if len(codes) < 3:
        return False
    visible = len("".join(text.split()))
    return sum(len(c) for c in codes) >= 0.3 * visible


def _bad_char(ch: str) -> bool:
    o = ord(ch)
    return (o < 32 and ch not in "\t\r\n") or 0xE000 <= o <= 0xF8FF or o == 0xFFFD or 0xFFF0 <= o


def garbled_chars(chars: list["Char"]) -> bool:
    if len(chars) < 5:
        return False
    bad = sum(1 for c in chars if _bad_char(c.ch))
    return bad >= 0.3 * len(chars)


class Char:
    """One character and its box (top-down page coordinates, points)."""

    __slots__ = ("ch", "x0", "x1", "top", "bottom", "cx", "cy", "h")

    def __init__(self, ch: str, x0: float, x1: float, top: float, bottom: float) -> None:
        self.ch, self.x0, self.x1, self.top, self.bottom = ch, x0, x1, top, bottom
        self.cx = (x0 + x1) / 2
        self.cy = (top + bottom) / 2
        self.h = bottom - top


# ---------------------------------------------------------------- entry


def check_streams(path: Path, data: bytes) -> None:
    """Refuse a PDF holding a Flate stream that would inflate beyond ``MAX_STREAM_BYTES``."""
    for m in _STREAM.finditer(data):
        start = m.end()
        if data[start : start + 1] != b"\x78":
            continue
        end = data.find(b"endstream", start)
        chunk = data[start : end if end > 0 else len(data)]
        if len(chunk) < 64 * 1024:
            continue  # inflates to at most ~1000× its size: harmless
        d = zlib.decompressobj()
        total = 0
        try:
            out = d.decompress(chunk, 8 * 1024 * 1024)
            total += len(out)
            while d.unconsumed_tail and total <= MAX_STREAM_BYTES:
                out = d.decompress(d.unconsumed_tail, 8 * 1024 * 1024)
                total += len(out)
        except zlib.error:
            continue
        if total > MAX_STREAM_BYTES:
            raise ReadError(f"{path}：PDF 中有一个数据流解压后超过 {mb(MAX_STREAM_BYTES)}，疑似异常文件，拒绝读取")


def read_pdf(path: Path) -> Document:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a declared dependency
        raise ReadError("读取 PDF 需要 pypdfium2") from None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）") from None
    check_streams(path, data)
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - PdfiumError and friends for a broken file
        if "password" in str(exc).lower():
            raise ReadError(f"{path}：PDF 设有打开密码，无法读取；请提供未加密的文件") from None
        raise ReadError(f"{path}：不是有效的 PDF 文件（已损坏或格式不符）") from None
    doc = Document(str(path), "pdf")
    try:
        pages = len(pdf)
        if pages > MAX_PDF_PAGES:
            raise ReadError(f"{path}：PDF 页数过多（{pages} 页，上限 {MAX_PDF_PAGES}）")
        state = _State()
        empty: list[int] = []
        for index in range(pages):
            number = index + 1
            try:
                page = pdf[index]
            except Exception as exc:  # noqa: BLE001
                doc.notes.append(f"第{number}页无法打开（{exc}），未读取")
                continue
            try:
                chars = page_chars(page)
                if not chars:
                    empty.append(number)
                    continue
                if garbled_chars(chars):
                    which, text = fallback_page_text(path, number)
                    doc.notes.append(f"第{number}页文字层无法解码（字体缺少编码表），已改用{which}读取")
                    _add_fallback(doc, text, number, state, columns=which == "pdftotext")
                    continue
                _add_page(doc, chars, page_rules(page), number, state)
            finally:
                page.close()
    finally:
        pdf.close()
    if not state.any_text:
        raise ReadError(f"{path}：PDF 没有可读取的文字层（可能是扫描件或图片），无法审核；请提供带文字的 PDF 或 Word 文件")
    if empty:
        shown = "、".join(str(n) for n in empty[:10]) + ("等" if len(empty) > 10 else "")
        doc.notes.append(f"第{shown}页没有文字层（可能是扫描页），未读取")
    return doc


@dataclass
class _State:
    tables: int = 0
    any_text: bool = False


# ---------------------------------------------------------------- characters and rules


def page_chars(page) -> list[Char]:
    import pypdfium2.raw as raw

    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        if n <= 0:
            return []
        text = tp.get_text_range(0, n)
        height = page.get_height()
        h = tp.raw
        rect = raw.FS_RECTF()
        ref = ctypes.byref(rect)
        out: list[Char] = []
        get_box = raw.FPDFText_GetLooseCharBox
        for i, ch in enumerate(text[:n]):
            if ch.isspace() or ch == "\x00":
                continue
            if not get_box(h, i, ref):
                continue
            x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
            if y0 > y1:
                y0, y1 = y1, y0
            if x1 - x0 <= 0 and y1 - y0 <= 0:
                continue
            out.append(Char(ch, x0, x1, height - y1, height - y0))
        return out
    finally:
        tp.close()


@dataclass(slots=True)
class Rule:
    horizontal: bool
    pos: float  # y of a horizontal rule (top-down), x of a vertical one
    start: float
    end: float


def page_rules(page) -> list[Rule]:
    import pypdfium2.raw as raw

    height = page.get_height()
    handle = page.raw
    count = raw.FPDFPage_CountObjects(handle)
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    rules: list[Rule] = []
    get_object, get_type, get_bounds, path_type = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType, raw.FPDFPageObj_GetBounds, raw.FPDF_PAGEOBJ_PATH
    refs = ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t)  # made once: a page holds thousands of border pieces
    for i in range(min(count, 200_000)):
        obj = get_object(handle, i)
        if get_type(obj) != path_type:
            continue
        if not get_bounds(obj, *refs):
            continue
        x0, x1, top, bottom = l.value, r.value, height - t.value, height - b.value
        w, hgt = x1 - x0, bottom - top
        if w <= 3 and hgt > 3:
            rules.append(Rule(False, (x0 + x1) / 2, top, bottom))
        elif hgt <= 3 and w > 3:
            rules.append(Rule(True, (top + bottom) / 2, x0, x1))
        elif w > 6 and hgt > 6:
            raw.FPDFPath_GetDrawMode(obj, fill, stroke)
            segments = raw.FPDFPath_CountSegments(obj)
            if stroke.value and segments <= 6:  # a stroked box: its four edges
                rules += [Rule(True, top, x0, x1), Rule(True, bottom, x0, x1), Rule(False, x0, top, bottom), Rule(False, x1, top, bottom)]
            elif 6 < segments <= 20_000:  # a whole grid drawn as one path
                rules += _path_rules(raw, obj, segments, height, bool(stroke.value))
        if len(rules) > 50_000:
            break
    return rules


def _path_rules(raw, obj, segments: int, height: float, stroked: bool) -> list[Rule]:
    """Rules from one path of many subpaths: each thin subpath (a filled bar), and, when the
    path is stroked, each horizontal or vertical line segment."""
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    if abs(b) > 1e-6 or abs(c) > 1e-6:
        return []  # rotated or skewed: not a table grid
    px, py = ctypes.c_float(), ctypes.c_float()
    out: list[Rule] = []
    sub: list[tuple[float, float]] = []

    def close_subpath() -> None:
        if len(sub) < 2:
            return
        xs = [p[0] for p in sub]
        ys = [p[1] for p in sub]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if w <= 3 and h > 3:
            out.append(Rule(False, (min(xs) + max(xs)) / 2, min(ys), max(ys)))
        elif h <= 3 and w > 3:
            out.append(Rule(True, (min(ys) + max(ys)) / 2, min(xs), max(xs)))
        elif stroked:
            for (x0, y0), (x1, y1) in zip(sub, sub[1:]):
                if abs(y1 - y0) <= 0.5 and abs(x1 - x0) > 3:
                    out.append(Rule(True, y0, min(x0, x1), max(x0, x1)))
                elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) > 3:
                    out.append(Rule(False, x0, min(y0, y1), max(y0, y1)))

    for i in range(segments):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, px, py):
            continue
        x, y = a * px.value + e, height - (d * py.value + f)  # page space, top-down
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            close_subpath()
            sub = [(x, y)]
        else:
            sub.append((x, y))
            if raw.FPDFPathSegment_GetClose(seg) and sub:
                sub.append(sub[0])
    close_subpath()
    return out


# ---------------------------------------------------------------- ruled tables


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


@dataclass
class _Grid:
    xs: list[float]
    ys: list[float]
    hs: list[Rule]
    vs: list[Rule]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def find_grids(rules: list[Rule], tol: float = 2.5) -> list[_Grid]:
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    if len(hs) < 2 or len(vs) < 2:
        return []
    items = hs + vs
    parent = list(range(len(items)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    hs_sorted = sorted(range(len(hs)), key=lambda i: hs[i].pos)
    for vi, v in enumerate(vs):
        j = len(hs) + vi
        for hi in hs_sorted:
            h = hs[hi]
            if h.pos < v.start - tol:
                continue
            if h.pos > v.end + tol:
                break
            if h.start - tol <= v.pos <= h.end + tol:
                a, b = find(hi), find(j)
                if a != b:
                    parent[a] = b
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    grids = []
    for members in groups.values():
        gh = [items[i] for i in members if i < len(hs)]
        gv = [items[i] for i in members if i >= len(hs)]
        if len(gh) < 2 or len(gv) < 2:
            continue
        ys = _cluster([h.pos for h in gh], tol)
        xs = _cluster([v.pos for v in gv], tol)
        if len(ys) < 2 or len(xs) < 2 or xs[-1] - xs[0] < 20 or ys[-1] - ys[0] < 8:
            continue
        _open_edges(xs, ys, gh, vs, tol)
        grids.append(_Grid(xs, ys, gh, gv))
    # A border piece that meets no other rule (Chromium draws each cell's edge on its own: the
    # bottom of a cell spanning the whole width touches no vertical) still separates the cells
    # it runs along: every rule lying inside a grid's box belongs to it.
    for g in grids:
        x0, y0, x1, y1 = g.bbox
        own = {id(r) for r in g.hs} | {id(r) for r in g.vs}
        g.hs += [h for h in hs if id(h) not in own and y0 - tol <= h.pos <= y1 + tol and h.start >= x0 - tol and h.end <= x1 + tol]
        g.vs += [v for v in vs if id(v) not in own and x0 - tol <= v.pos <= x1 + tol and v.start >= y0 - tol and v.end <= y1 + tol]
    return grids


def _open_edges(xs: list[float], ys: list[float], gh: list[Rule], vs: list[Rule], tol: float) -> None:
    """A table cut by a page break (Chromium draws no border there): its outer verticals run on past
    its last horizontal rule (or start above its first) to the page's edge of the row. That edge
    closes the row as a rule would, so the cut row is read as a row, not as lines of text."""
    # (every vertical piece on the outer lines that touches the grid: a cut row's pieces meet no rule)
    left = [v for v in vs if abs(v.pos - xs[0]) <= tol and v.start <= ys[-1] + tol and v.end >= ys[0] - tol]
    right = [v for v in vs if abs(v.pos - xs[-1]) <= tol and v.start <= ys[-1] + tol and v.end >= ys[0] - tol]
    if not left or not right:
        return
    bottom = min(max(v.end for v in left), max(v.end for v in right))
    if bottom > ys[-1] + 4:
        ys.append(bottom)
        gh.append(Rule(True, bottom, xs[0], xs[-1]))
    top = max(min(v.start for v in left), min(v.start for v in right))
    if top < ys[0] - 4:
        ys.insert(0, top)
        gh.append(Rule(True, top, xs[0], xs[-1]))


def _by_line(rules: list[Rule], lines: list[float], tol: float = 2.5) -> list[list[tuple[float, float]]]:
    """Per grid line (a clustered x or y), the extents of the rules lying on it."""
    import bisect

    out: list[list[tuple[float, float]]] = [[] for _ in lines]
    for r in rules:
        k = bisect.bisect_left(lines, r.pos - tol)
        while k < len(lines) and lines[k] <= r.pos + tol:
            out[k].append((r.start - tol, r.end + tol))
            k += 1
    return out


def _spans(extents: list[tuple[float, float]], at: float) -> bool:
    return any(a <= at <= b for a, b in extents)


def grid_rows(grid: _Grid, chars: list[Char]) -> list[tuple[float, tuple[str, ...], tuple[tuple[int, int], ...]]]:
    """(top, cells, spans) per grid row; merged regions from missing borders."""
    xs, ys = grid.xs, grid.ys
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    vcov, hcov = _by_line(grid.vs, xs), _by_line(grid.hs, ys)
    for r in range(nr):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(nc):
            if c + 1 < nc and not _spans(vcov[c + 1], ymid):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not _spans(hcov[r + 1], (xs[c] + xs[c + 1]) / 2):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    region: dict[int, list[int]] = {}
    for i in range(nr * nc):
        region.setdefault(find(i), []).append(i)
    top_left: dict[int, tuple[int, int, int, int]] = {}  # cell index -> (r0, c0, r1, c1)
    for cells in region.values():
        rs = [i // nc for i in cells]
        cs = [i % nc for i in cells]
        top_left[min(rs) * nc + min(cs)] = (min(rs), min(cs), max(rs), max(cs))
    buckets: dict[int, list[Char]] = {}
    import bisect

    for ch in chars:
        r = bisect.bisect_right(ys, ch.cy) - 1
        c = bisect.bisect_right(xs, ch.cx) - 1
        if 0 <= r < nr and 0 <= c < nc:
            buckets.setdefault(find(r * nc + c), []).append(ch)
    out = []
    for r in range(nr):
        cells: list[str] = []
        spans: list[tuple[int, int]] = []
        for c in range(nc):
            i = r * nc + c
            if i in top_left:
                r0, c0, r1, c1 = top_left[i]
                cells.append(chars_text(buckets.get(find(i), [])))
                spans.append((r1 - r0 + 1, c1 - c0 + 1))
            else:
                cells.append("")
                spans.append((0, 0))
        if ys[r + 1] - ys[r] < 3 and not any(cells):
            continue  # the gap between a double border
        out.append((ys[r], tuple(cells), tuple(spans)))
    # columns that are only the gap of a double border: drop when empty everywhere and narrow
    keep = [c for c in range(nc) if xs[c + 1] - xs[c] >= 3 or any(row[1][c] for row in out)]
    if len(keep) < nc:
        out = [(top, tuple(cells[c] for c in keep), tuple(spans[c] for c in keep)) for top, cells, spans in out]
    return out


# ---------------------------------------------------------------- lines and aligned columns


@dataclass
class _Seg:
    text: str
    x0: float
    x1: float


@dataclass
class _TextLine:
    top: float
    bottom: float
    segs: list[_Seg]

    @property
    def text(self) -> str:
        return "  ".join(s.text for s in self.segs) if len(self.segs) > 1 else (self.segs[0].text if self.segs else "")


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters in lines: sorted by their top, a character joins the line whose band it
    overlaps by at least 40% of the smaller height (a comma low in its box still belongs)."""
    lines: list[list[Char]] = []
    band_top = band_bottom = 0.0
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines:
            overlap = min(band_bottom, ch.bottom) - max(band_top, ch.top)
            if overlap > 0.4 * max(0.5, min(ch.h, band_bottom - band_top)):
                lines[-1].append(ch)
                band_bottom = max(band_bottom, ch.bottom) if ch.h <= 1.5 * (band_bottom - band_top) else band_bottom
                continue
        lines.append([ch])
        band_top, band_bottom = ch.top, ch.bottom
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _segments(line: list[Char]) -> list[_Seg]:
    heights = sorted(c.h for c in line)
    h = max(heights[len(heights) // 2], 4.0)
    segs: list[_Seg] = []
    buf = ""
    x0 = line[0].x0
    prev = None
    for ch in line:
        if prev is not None:
            gap = ch.x0 - prev.x1
            if gap > 1.6 * h:
                segs.append(_Seg(buf, x0, prev.x1))
                buf, x0 = "", ch.x0
            elif gap > 0.25 * h and not (_cjk(prev.ch) and _cjk(ch.ch) and gap < 0.6 * h):
                buf += " "
        buf += ch.ch
        prev = ch
    segs.append(_Seg(buf, x0, prev.x1 if prev else x0))
    return segs


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def chars_text(chars: list[Char]) -> str:
    if not chars:
        return ""
    return join_cell_lines([" ".join(s.text for s in _segments(line)) for line in group_lines(chars)])


def _is_number(text: str) -> bool:
    from .textforms import is_number

    return is_number(text)


def aligned_blocks(lines: list[_TextLine]) -> list[tuple[int, int]]:
    """(start, end) index ranges of consecutive lines that stand in columns."""
    out = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _columnar(lines[j]):
            if j > i and lines[j].top - lines[j - 1].bottom > 2.5 * (lines[j - 1].bottom - lines[j - 1].top):
                break
            j += 1
        if j - i >= 2 and max(len(lines[k].segs) for k in range(i, j)) >= 3:
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def _columnar(line: _TextLine) -> bool:
    n = len(line.segs)
    return n >= 3 or (n == 2 and any(_is_number(s.text) for s in line.segs))


def column_rows(lines: list[_TextLine]) -> list[list[str]]:
    spans: list[list[float]] = []
    for seg in sorted((s for ln in lines for s in ln.segs), key=lambda s: s.x0):
        if spans and seg.x0 <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], seg.x1)
        else:
            spans.append([seg.x0, seg.x1])
    rows = []
    for ln in lines:
        cells = [""] * len(spans)
        for seg in ln.segs:
            cx = (seg.x0 + seg.x1) / 2
            k = next((k for k, (a, b) in enumerate(spans) if a - 1 <= cx <= b + 1), len(spans) - 1)
            cells[k] = f"{cells[k]} {seg.text}".strip() if cells[k] else seg.text
        rows.append(cells)
    return rows


# ---------------------------------------------------------------- one page


def _add_page(doc: Document, chars: list[Char], rules: list[Rule], number: int, state: _State) -> None:
    state.any_text = True
    grids = find_grids(rules)
    items: list[tuple[float, object]] = []
    rest = chars
    for grid in grids:
        x0, y0, x1, y1 = grid.bbox
        inside = [c for c in rest if x0 <= c.cx <= x1 and y0 <= c.cy <= y1]
        if not inside:
            continue
        rows = grid_rows(grid, inside)
        if not rows:
            continue
        rest = [c for c in rest if not (x0 <= c.cx <= x1 and y0 <= c.cy <= y1)]
        items.append((y0, ("ruled", rows)))
    text_lines = []
    for line in group_lines(rest):
        segs = _segments(line)
        text_lines.append(_TextLine(min(c.top for c in line), max(c.bottom for c in line), segs))
    blocks = aligned_blocks(text_lines)
    in_block = set()
    for a, b in blocks:
        in_block.update(range(a, b))
        items.append((text_lines[a].top, ("aligned", [(text_lines[k].top, tuple(cells), ()) for k, cells in zip(range(a, b), column_rows(text_lines[a:b]))])))
    for k, ln in enumerate(text_lines):
        if k not in in_block:
            items.append((ln.top, ("line", ln.text)))
    items.sort(key=lambda pair: pair[0])
    line_no = 0
    for _, (kind, payload) in items:  # type: ignore[misc]
        if kind == "line":
            line_no += 1
            doc.blocks.append(Line(str(payload), Loc(page=number, line=line_no)))
            continue
        state.tables += 1
        table = Table([], state.tables, page=number, form=str(kind))
        for r, (_, cells, spans) in enumerate(payload, 1):  # type: ignore[arg-type]
            table.rows.append(Row(cells, Loc(page=number, table=state.tables, row=r), spans))
        doc.blocks.append(table)


# ---------------------------------------------------------------- garbled pages


def fallback_page_text(path: Path, number: int) -> tuple[str, str]:
    """(which reader, text) for one page whose text layer PDFium cannot decode."""
    try:
        from pypdf import PdfReader

        text = PdfReader(str(path)).pages[number - 1].extract_text() or ""
        if text.strip() and not garbled(text) and not any(_bad_char(c) for c in text[:2000] if c not in "\n\t"):
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
            if text.strip() and not garbled(text) and sum(_bad_char(c) for c in text) < 0.3 * len(text.strip()):
                return "pdftotext", text
        except (OSError, subprocess.TimeoutExpired):
            pass
    raise ReadError(f"{path}：第{number}页文字层无法解码（字体缺少编码表），pypdf 与 pdftotext 均无法还原，无法审核")


def _add_fallback(doc: Document, text: str, number: int, state: _State, *, columns: bool) -> None:
    """The page's text read as a text file: ``pdftotext -layout`` columns become tables."""
    from .text import read_text

    state.any_text = state.any_text or bool(text.strip())
    if not columns:
        text = "\n".join(" ".join(line.split()) for line in text.splitlines())
    page_doc = read_text(text, doc.source)
    for block in page_doc.blocks:
        if isinstance(block, Line):
            doc.blocks.append(Line(block.text.strip(), Loc(page=number, line=block.loc.line), block.run_together))
        else:
            state.tables += 1
            rows = [Row(r.cells, Loc(page=number, table=state.tables, row=i), r.spans) for i, r in enumerate(block.rows, 1)]
            doc.blocks.append(Table(rows, state.tables, page=number, form="aligned"))
