"""Tables as the extractors see them: header rows found and combined, repeated page-break
headers dropped, continuation rows (a cell's text running on after a page break) merged into
the row they continue, and one table split where a new header starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Loc
from ..read.model import Document, Line, Row, Table
from .numbers import cell_number, is_dash
from .text import key, norm

_HEADER_WORDS = re.compile(
    r"指标|分值|得分|分数|名称|序号|项目|预算|执行|支出|完成|目标|季度|金额|说明|标准|原因|类别|权重|年初|全年|调整|利用率|原值|账面|数量|情况|任务|内容|评价"
)
_TRAILING_SCORE = re.compile(r"[。；;)）]\s*((?<![\d.])\d{1,15}(?:\.\d{1,6})?)\s*$")


@dataclass
class TRow:
    cells: list[str]  # normalised
    row: Row  # the first physical row
    merged: list[Row] = field(default_factory=list)  # continuation rows folded in
    header: list[str] = field(default_factory=list)  # the header in force for this row (layouts change at page breaks)
    shift: int = 0  # empty cells put on the left (columns the page lost): cells[i] is the row's cell i - shift

    def loc(self, index: int) -> Loc:
        return self.row.cell_loc(max(index - self.shift, 0))

    @property
    def first(self) -> str:
        return next((c for c in self.cells if c), "")


@dataclass
class TView:
    table: Table
    header: list[str]  # per column: the header texts of that column, joined by "/"
    header_rows: list[Row]
    rows: list[TRow]
    number: int  # 1-based among views
    before: str = ""  # the prose just before the table (a caption or the sentence introducing it)
    title: str = ""  # a title row printed inside the table above its header ("某局2023年度…得分表")

    def col(self, *words: str) -> int | None:
        """Index of the first column whose header contains one of ``words``."""
        for i, h in enumerate(self.header):
            if any(w in h for w in words):
                return i
        return None

    def has(self, *words: str) -> bool:
        return self.col(*words) is not None


def _numeric(cell: str) -> bool:
    return cell_number(cell, allow_pct=True) is not None


@lru_cache(maxsize=1)
def _info_labels() -> frozenset[str]:
    from .layouts import shipped_layouts

    return frozenset(key(lab) for lay in shipped_layouts() for lab in lay.labels)


def _label_row(filled: list[str]) -> bool:
    """"项目名称 | 高标准农田建设项目": a label with its value, not a header (the value is no
    column's header word)."""
    from .layouts import global_role

    if len(filled) > 4 or key(filled[0]) not in _info_labels():
        return False
    values = filled[1::2]
    return all(key(v) not in _info_labels() and (global_role(v) is None or len(v) > 8) for v in values)


def is_header(cells: list[str]) -> bool:
    filled = [re.sub(r"[(（](?:%|分|万元|元)[)）]", "", c) for c in cells if c]
    if len(filled) >= 2 and _label_row(filled):
        return False
    if len(filled) < 2 or any(_numeric(c) or "%" in c or "≥" in c or "≤" in c for c in filled):
        return False
    if any(len(c) > 18 for c in filled):
        return False
    hits = sum(1 for c in filled if _HEADER_WORDS.search(c))
    return hits * 2 >= len(filled) and hits >= 2


def _plain_header(cells: list[str], rest: list[Row]) -> bool:
    """A table's first row of short words with no number, over a row of numbers under them
    ("单位 | 编制数 | 实有人数" over "局机关 | 30 | 31"): a header in words no layout knows."""
    filled = [c for c in cells if c]
    if len(filled) < 3 or any(_numeric(c) or is_dash(c) or len(c) > 12 for c in filled):
        return False
    below = next(([norm(c) for c in r.cells] for r in rest if any(r.cells)), None)
    if below is None:
        return False
    values = [c for c in below if c]
    numbers = sum(1 for c in values if _numeric(c) or is_dash(c))
    return numbers >= 2 and numbers >= len(values) - 1


def _continuation(cells: list[str]) -> bool:
    """Text only, starting in a later column: the rest of the row above."""
    filled = [i for i, c in enumerate(cells) if c]
    if not filled or filled[0] == 0:
        return False
    if any(_numeric(cells[i]) or is_dash(cells[i]) for i in filled):
        return False  # a dash is a value shown as missing ("其他资金 | — | —"), not running text
    if _TRAILING_SCORE.search(cells[filled[-1]]):
        return False
    return True


def _long(cell: str) -> bool:
    return len(cell) > 18 or any(ch in cell for ch in "。；;")


def _merge(into: TRow, cells: list[str], row: Row) -> None:
    """Fold a continuation row in: text goes to the same column when that column holds text (or a
    name cut short by the page), otherwise to the nearest column on the right that holds text."""
    for i, c in enumerate(cells):
        if not c:
            continue
        if i >= len(into.cells):
            into.cells.extend([""] * (i + 1 - len(into.cells)))
        target = i
        here = into.cells[i]
        if here and not _long(here) and not (len(c) <= 6 and not _numeric(here)):
            right = [j for j in range(i + 1, len(into.cells)) if _long(into.cells[j])]
            left = [j for j in range(i - 1, -1, -1) if _long(into.cells[j])]
            target = right[0] if right else left[0] if left else i
        a = into.cells[target]
        into.cells[target] = a + (" " if a and a[-1].isascii() and c[0].isascii() else "") + c
    into.merged.append(row)


def _combine(rows: list[list[str]]) -> list[str]:
    width = max(len(r) for r in rows)
    out = []
    for i in range(width):
        parts: list[str] = []
        for r in rows:
            if i < len(r) and r[i] and (not parts or parts[-1] != r[i]):
                parts.append(r[i])
        out.append("/".join(parts))
    return out


def views(doc: Document) -> list[TView]:
    out: list[TView] = []
    before = ""
    previous: TView | None = None
    for block in doc.blocks:
        if isinstance(block, Line):
            if block.text.strip():
                before = norm(block.text)[-80:]
                previous = None
            continue
        if previous is not None and not _continues(previous.table, block):
            previous = None
        previous = _view_table(block, out, before, previous)
    return out


def _continues(prev: Table, table: Table) -> bool:
    """A table right after another continues it (a PDF page break, a table split in two) unless
    each names itself differently (two sheets of a workbook, two HTML captions)."""
    return not (prev.caption and table.caption and prev.caption != table.caption)


def _title(cells: list[str], width: int) -> bool:
    """A row above a table's header holding one text cell only: the table's title, not a data row."""
    filled = [c for c in cells if c]
    return width > 1 and len(filled) == 1 and not _numeric(filled[0]) and len(filled[0]) >= 4


def _view_table(table: Table, out: list[TView], before: str, previous: TView | None) -> TView | None:
    current = previous  # a table right after another (a PDF page break) continues it unless it has its own header
    pending_header: list[tuple[list[str], Row]] = []
    current_layout: list[str] = list(current.header) if current else []
    seen_headers: set[str] = {key("".join(current.header))} if current else set()

    def flush_header() -> None:
        nonlocal current, pending_header
        if not pending_header:
            return
        cells = _combine([c for c, _ in pending_header])
        sig = key("".join(cells))
        if current is not None and (sig in seen_headers or _same_header(current, cells)):
            current_layout[:] = cells
            pending_header = []
            return  # a header repeated at a page break (perhaps laid out differently)
        seen_headers.add(sig)
        current_layout[:] = cells
        current = TView(table, cells, [r for _, r in pending_header], [], len(out) + 1, before, title)
        out.append(current)
        pending_header = []

    width = max((len(r.cells) for r in table.rows), default=0)
    # A table that goes on from the one before (a page break) with fewer columns: the columns it lost
    # are on the left (a cell merged down every row, 一级指标, drawn with no border on the new page).
    lost = len(current.header) - width if current is not None and current.header and current.table is not table else 0
    title = ""
    first_row = True
    for n, row in enumerate(table.rows):
        cells = [norm(c) for c in row.cells]
        if not any(cells):
            continue
        shift = lost if lost > 0 and not is_header(cells) else 0
        cells = [""] * shift + cells
        if current is None and not pending_header and _title(cells, width):
            title = next(c for c in cells if c)
            before = title
            continue
        opening, first_row = first_row and current is None, False
        if (is_header(cells) or opening and _plain_header(cells, table.rows[n + 1 :])) and (sum(1 for c in cells if c) >= 3 or not (current and current.rows and _continuation(cells))):
            pending_header.append((cells, row))
            continue
        flush_header()
        if current is None:
            current = TView(table, [], [], [], len(out) + 1, before, title)
            out.append(current)
        if current.rows and _continuation(cells):
            _merge(current.rows[-1], cells, row)
            continue
        current.rows.append(TRow(cells, row, [], list(current_layout), shift))
    flush_header()
    return current


def _tokens(cells: list[str]) -> set[str]:
    return {key(part) for c in cells for part in c.split("/") if key(part)}


def _same_header(view: TView, cells: list[str]) -> bool:
    a, b = _tokens(view.header), _tokens(cells)
    return bool(a) and len(a & b) / len(a | b) >= 0.8
