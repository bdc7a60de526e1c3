"""One table model over every table: columns given roles by the table's layout, rows aligned to the
header by the shapes of their cells, and score tables read as a tree of score rows — name, level,
path, 分值, 得分, location — parents and leaves both, without any framework.

Levels come from level columns (一级 | 二级 | 三级, merged down: a name is given once, at its top row),
from outline numbering (一、 / （一） / 1.), from names that are groups in the layout (部门决策, 投入 …),
or from the sums: a row whose 分值 is the sum of the rows after it is their parent ("部门决策 20 19").
小计 rows give their group's subtotal; 合计/总分 rows the table's total. A weight written inside a
name ("投入（15分）") is that row's 分值.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Evidence, Loc
from .layouts import Fit, Layout, classify, global_role
from .numbers import Num, cell_number, is_dash
from .tables import TRow, TView
from .text import key, norm

SCORE_KINDS = ("score_sheet", "dept_self_eval", "project_self_eval", "cq_self_eval", "budget_table")
_NUMERIC = {"max", "score", "coef", "rate", "budget_initial", "budget_full", "executed", "seq"}
_VALUE = {"target", "target_initial", "target_adjusted", "actual"}
_TEXT = {"name", "project", "standard", "description", "reason", "deviation", "nature"}
_MEASURE = re.compile(r"^(?:[≥≤<>=＞＜]|不低于|不高于|不少于|不超过|大于|小于|低于|高于)?\s*[-−]?\d[\d,]*(?:\.\d+)?\s*\S{0,6}$")
_WEIGHT_IN_NAME = re.compile(r"\s*[(（]\s*(?P<w>\d{1,3}(?:\.\d{1,2})?)\s*分\s*[)）]\s*$")
_OUTLINE = [
    (re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]\s*"), 1),
    (re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]\s*"), 2),
    (re.compile(r"^\s*\d{1,2}\s*[、.．](?!\d)\s*"), 3),
    (re.compile(r"^\s*[（(]\s*\d{1,2}\s*[)）]\s*"), 4),
]
_UNIT_NOTE = re.compile(r"\s*[(（][^)）]{0,6}[)）]\s*$")
_LABEL_PREFIX = re.compile(r"^指标\s*\d{1,2}\s*[:：]\s*")
_TOTAL = re.compile(r"^(?:总分|总计|合计|得分合计|总得分(?:情况)?|自评总分|综合得分|综合评分|自评得分合计|评价总分|总分值|分值合计)(?:\(分\))?$")
_SUBTOTAL = re.compile(r"^(?:小计|分项合计|小\s*计)$")


@dataclass
class ScoreItem:
    name: str
    level: int
    path: tuple[str, ...]
    max: Num | None
    score: Num | None
    loc: Loc
    max_ev: Evidence | None = None
    score_ev: Evidence | None = None
    kind: str = "indicator"  # indicator | execution (the 预算执行率 row of a 预算资金 block)
    is_leaf: bool = True
    children: list["ScoreItem"] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # other roles' cells (target, actual, coef, rate …)
    value_ev: dict[str, Evidence] = field(default_factory=dict)
    subtotal: tuple[Num | None, Num | None, Evidence] | None = None  # a 小计 row under this group
    named_group: bool = False  # the layout names it as a group
    table: int = 0  # the view number

    @property
    def ev(self) -> Evidence:
        return self.score_ev or self.max_ev or Evidence.of(self.loc, self.name)


@dataclass
class TableRead:
    view: TView
    kind: str  # one of layouts.KINDS or "unrecognised"
    layout: str | None
    fit: float
    reason: str
    header: list[str]
    roles: list[tuple[str | None, int | None]]
    rows: list[list[str]]  # aligned to the header
    trows: list[TRow]
    items: list[ScoreItem] = field(default_factory=list)  # every score row, parents first
    total: tuple[Num | None, Num | None, Evidence] | None = None  # (max, score, ev) of a 合计/总分 row
    truncated: bool = False  # the document ends inside this table (its last row is incomplete)
    garbled: int = 0  # rows whose name cells hold numbers or long text: columns lost in conversion

    @property
    def loc(self) -> Loc:
        rows = self.view.header_rows or [r.row for r in self.view.rows[:1]]
        return rows[0].loc if rows else Loc()

    def col(self, role: str, level: int | None = None) -> int | None:
        for i, (r, lv) in enumerate(self.roles):
            if r == role and (level is None or lv == level):
                return i
        return None

    def leaves(self) -> list[ScoreItem]:
        return [i for i in self.items if i.is_leaf]


def header_of(view: TView) -> list[str]:
    """The view's header per column, with a merged header cell's text carried over the columns it
    spans (the cells under it in a lower header row are filled, its own row has "")."""
    rows = [[norm(c) for c in r.cells] for r in view.header_rows]
    if not rows:
        return list(view.header)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    for i in range(len(rows) - 1):
        row, below = rows[i], rows[i + 1 :]
        for c in range(1, width):
            if not row[c] and row[c - 1] and any(b[c] for b in below) and any(b[c - 1] for b in below):
                row[c] = row[c - 1]
    out = []
    for c in range(width):
        parts: list[str] = []
        for r in rows:
            if r[c] and (not parts or parts[-1] != r[c]):
                parts.append(r[c])
        out.append("/".join(parts))
    return out


def _shape(cell: str) -> str:
    if not cell or is_dash(cell):
        return "empty"
    if cell_number(cell, allow_pct=True) is not None:
        return "number"
    if _MEASURE.match(cell):
        return "measure"
    return "text"


def _fit_cell(cell: str, role: str | None) -> int:
    shape = _shape(cell)
    if shape == "empty" or role is None:
        return 0
    if role in _NUMERIC:
        return {"number": 2, "measure": -1, "text": -3}[shape]
    if role in _VALUE:
        return 1 if shape in ("number", "measure") else 0 if len(cell) <= 8 else -1
    if role == "unit":
        return 1 if shape == "text" and len(cell) <= 4 else -2
    if role == "core":
        return 2 if cell in ("是", "否") else -1
    return {"text": 1, "number": -3, "measure": -2}[shape]


def align(cells: list[str], roles: list[tuple[str | None, int | None]]) -> list[str]:
    """A row with fewer cells than the header (merged cells left out when the table was copied as
    text) placed at the shift where its cells' shapes fit the columns' roles best."""
    width = len(roles)
    trimmed = list(cells)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    n = len(trimmed)
    if n >= width or n == 0 or not trimmed[0]:
        return (trimmed + [""] * width)[:width] if n <= width else trimmed[:width]
    best, best_shift = None, 0
    for shift in range(0, width - n + 1):
        score = sum(_fit_cell(c, roles[shift + i][0]) for i, c in enumerate(trimmed))
        if best is None or score > best:
            best, best_shift = score, shift
    return [""] * best_shift + trimmed + [""] * (width - n - best_shift)


def _split_weight(name: str) -> tuple[str, Num | None]:
    m = _WEIGHT_IN_NAME.search(name)
    if not m:
        return name, None
    return name[: m.start()].strip(), cell_number(m.group("w"))


def _outline(name: str) -> tuple[str, int | None]:
    for pattern, level in _OUTLINE:
        m = pattern.match(name)
        if m and len(name) > m.end():
            return name[m.end() :].strip(), level
    return name, None


def clean_name(name: str) -> str:
    name = _LABEL_PREFIX.sub("", norm(name))
    return name.strip(" ：:")


def _num(cell: str, pct: bool = False) -> Num | None:
    if not cell or is_dash(cell):
        return None
    return cell_number(cell, allow_pct=pct)


def _ev(trow: TRow, col: int | None, text: str = "") -> Evidence:
    idx = col if col is not None else 0
    return Evidence.of(trow.loc(idx), text or (trow.cells[idx] if idx < len(trow.cells) else ""))


def _bad_name(text: str) -> bool:
    """A name cell that is not a name: a number, or long text (the 指标说明 shifted into it)."""
    return cell_number(text, allow_pct=True) is not None or len(text) > 40 or "。" in text or "；" in text


def _is_total(name: str) -> bool:
    return bool(_TOTAL.match(key(name)))


def _is_subtotal(name: str) -> bool:
    return bool(_SUBTOTAL.match(key(name)))


def read_table(view: TView, text_source: bool, context: str = "") -> TableRead:
    header = header_of(view)
    caption = view.before + context
    fit: Fit = classify(header, caption, [r.first for r in view.rows[:12]])
    roles = list(fit.roles)
    if fit.layout is not None and fit.layout.levels and any(lv for r, lv in roles if r == "name"):
        # a name column with no level beside level columns is a section label ("绩效指标"), not a level
        roles = [(None, None) if r == "name" and lv is None and i == 0 else (r, lv) for i, (r, lv) in enumerate(roles)]
    roles = _inherit_levels(roles)
    width = len(header)
    rows = []
    for trow in view.rows:
        cells = list(trow.cells)
        rows.append(align(cells, roles) if text_source and width else (cells + [""] * width)[: max(width, len(cells))])
    kind = fit.layout.kind if fit.layout is not None else "unrecognised"
    read = TableRead(view, kind, fit.layout.id if fit.layout else None, fit.score, fit.reason, header, roles, rows, list(view.rows))
    if kind in SCORE_KINDS and fit.layout is not None:
        _items(read, fit.layout)
    return read


def _inherit_levels(roles: list[tuple[str | None, int | None]]) -> list[tuple[str | None, int | None]]:
    """A 分值/得分 column with no level of its own, right after a level's name column (一级指标 | 分值 |
    二级指标 | 分值 …), is that level's; the one after the deepest level stays general unless another
    general one follows."""
    out = list(roles)
    leveled = [lv for r, lv in roles if r == "name" and lv is not None]
    if not leveled:
        return out
    deepest = max(leveled)
    general = [i for i, (r, lv) in enumerate(roles) if r == "max" and lv is None]
    for i, (r, lv) in enumerate(roles):
        if r not in ("max", "score") or lv is not None or i == 0:
            continue
        prev_role, prev_lv = out[i - 1]
        if prev_role in ("name", "max") and prev_lv is not None and (prev_lv < deepest or r == "max" and len(general) > 1):
            out[i] = (r, prev_lv)
    return out


def _cell(row: list[str], col: int | None) -> str:
    return row[col] if col is not None and col < len(row) else ""


def _items(read: TableRead, layout: Layout) -> None:
    roles = read.roles
    name_cols = [(i, lv) for i, (r, lv) in enumerate(roles) if r in ("name", "project")]
    max_cols = {lv: i for i, (r, lv) in reversed(list(enumerate(roles))) if r == "max"}
    score_cols = {lv: i for i, (r, lv) in reversed(list(enumerate(roles))) if r == "score"}
    value_cols = [(i, r) for i, (r, _) in enumerate(roles) if r in _VALUE | {"coef", "rate", "budget_initial", "budget_full", "executed", "unit", "nature", "core"}]
    if not name_cols:
        first_text = next((i for i, (r, _) in enumerate(roles) if r is None), 0)
        name_cols = [(first_text, None)]
    leveled = sorted({lv for _, lv in name_cols if lv is not None})
    if read.kind == "budget_table" or (read.col("executed") is not None and read.col("target") is None):
        _execution_rows(read, name_cols[0][0], max_cols.get(None), score_cols.get(None), value_cols)
        return
    if leveled:
        _leveled(read, layout, name_cols, max_cols, score_cols, value_cols)
    else:
        _flat(read, layout, name_cols[0][0], max_cols.get(None), score_cols.get(None), value_cols)


def is_bare(item: ScoreItem) -> bool:
    """A row with a name and no figure at all (no 分值, no 得分, no number among its values), nor any row
    with one under it: no score row (a heading over nothing, or the start of a row the copy cut off).
    It stays in the table read, so the checks still see an indicator whose cells are empty."""
    if item.max is not None or item.score is not None or item.subtotal is not None:
        return False
    if any(re.search(r"\d", v) for role, v in item.values.items() if role not in ("unit", "nature", "core", "truncated")):
        return False
    return all(is_bare(c) for c in item.children)


def _values(item: ScoreItem, row: list[str], trow: TRow, value_cols: list[tuple[int, str]]) -> None:
    for i, role in value_cols:
        c = _cell(row, i)
        if c and not is_dash(c):
            item.values.setdefault(role, c)
            item.value_ev.setdefault(role, _ev(trow, i, c))


def _execution_rows(read: TableRead, name_col: int, max_col: int | None, score_col: int | None, value_cols) -> None:
    for row, trow in zip(read.rows, read.trows):
        label = clean_name(_cell(row, name_col))
        if not label:  # the row's label sits in a column without a header (a merged 预算资金 cell above it)
            first_num = next((i for i, c in enumerate(row) if _shape(c) in ("number", "measure")), len(row))
            label = clean_name(next((c for c in reversed(row[:first_num]) if c and _shape(c) == "text" and re.search(r"[\u4e00-\u9fff]{2}", c)), ""))
        mx = _num(_cell(row, max_col))
        if _is_total(label) and mx is None:
            continue
        if mx is None and not _checkable_rate(row, value_cols):
            continue
        sc = _num(_cell(row, score_col))
        rate_col = read.col("rate")
        unlabelled = _UNIT_NOTE.sub("", read.header[rate_col].split("/")[-1]) if rate_col is not None else ""
        name = f"预算执行率（{label}）" if label and "执行率" not in label else (label or unlabelled or "预算执行率")
        item = ScoreItem(name, 1, (name,), mx, sc, trow.loc(max_col or 0), _ev(trow, max_col) if mx else None, _ev(trow, score_col) if sc else None,
                         kind="execution", table=read.view.number)
        _values(item, row, trow, value_cols)
        read.items.append(item)


def _checkable_rate(row: list[str], value_cols) -> bool:
    """A budget row with no 分值 that prints its 执行率 with both amounts (checked, not scored)."""
    have = {role for i, role in value_cols if _num(_cell(row, i), role == "rate") is not None}
    return "rate" in have and "executed" in have and bool(have & {"budget_full", "budget_initial"})


def _leveled(read: TableRead, layout: Layout, name_cols, max_cols, score_cols, value_cols) -> None:
    deepest = max(lv for _, lv in name_cols if lv is not None)
    cols = [(i, lv if lv is not None else deepest + 1) for i, lv in name_cols]
    current: dict[int, ScoreItem] = {}
    for row, trow in zip(read.rows, read.trows):
        first = next((norm(c) for c in row if c), "")
        if _is_total(first):
            read.total = _total_row(row, trow, max_cols.get(None), score_cols.get(None))
            continue
        named: list[tuple[int, int, str]] = []
        for i, lv in cols:
            text = norm(_cell(row, i))
            if text and _bad_name(text):
                read.garbled += 1
                named = []
                break
            if text:
                named.append((lv, i, text))
        if not named:
            continue
        if _misplaced(row, cols, max_cols):
            read.garbled += 1
            continue
        if any(_is_total(t) for _, _, t in named):
            mx, sc = _num(_cell(row, max_cols.get(None))), _num(_cell(row, score_cols.get(None)))
            if mx is None and sc is None:
                nums = [n for n in (_num(c) for c in row) if n is not None]
                mx, sc = (nums[-2] if len(nums) >= 2 else None), (nums[-1] if nums else None)
            read.total = (mx, sc, _ev(trow, score_cols.get(None)))
            continue
        if any(_is_subtotal(t) for _, _, t in named):
            lv = min(lv for lv, _, t in named if _is_subtotal(t))
            group = current.get(lv - 1) or current.get(min(current) if current else 0)
            if group is not None:
                _subtotal(group, (_num(_cell(row, max_cols.get(None))), _num(_cell(row, score_cols.get(None))), _ev(trow, score_cols.get(None))))
            continue
        deepest_here = max(lv for lv, _, _ in named)
        for lv, i, text in named:
            name, in_name = _split_weight(text)
            name = clean_name(name)
            parent = next((current[p] for p in range(lv - 1, 0, -1) if p in current), None)
            same = current.get(lv)
            if same is not None and lv < deepest_here and same.name == name and not same.is_leaf:
                continue  # a level's name printed again on every row (no merged cells): the same group
            path = (parent.path if parent else ()) + (name,)
            mx = _num(_cell(row, max_cols.get(lv))) if lv in max_cols else None
            sc = _num(_cell(row, score_cols.get(lv))) if lv in score_cols else None
            mcol, scol = max_cols.get(lv), score_cols.get(lv)
            if lv == deepest_here:
                if mx is None and None in max_cols:
                    mx, mcol = _num(_cell(row, max_cols[None])), max_cols[None]
                if sc is None and None in score_cols:
                    sc, scol = _num(_cell(row, score_cols[None])), score_cols[None]
            if mx is None and in_name is not None:
                mx, mcol = in_name, i
            item = ScoreItem(name, lv, path, mx, sc, trow.loc(i), _ev(trow, mcol) if mx else None, _ev(trow, scol) if sc else None,
                             named_group=key(name) in layout.groups, table=read.view.number)
            if lv == deepest_here:
                _values(item, row, trow, value_cols)
            if parent is not None:
                parent.children.append(item)
                parent.is_leaf = False
            current[lv] = item
            for deeper in [d for d in current if d > lv]:
                del current[deeper]
            read.items.append(item)
    _relevel(read)


def _total_row(row: list[str], trow: TRow, max_col: int | None, score_col: int | None) -> tuple[Num | None, Num | None, Evidence]:
    """A 合计/总分 row's (分值, 得分): its last two numbers (a merged label cell may shift them off the
    columns), or the one number it has as the 得分."""
    found = [(i, n) for i, n in ((i, _num(c)) for i, c in enumerate(row)) if n is not None]
    if len(found) >= 2:
        return found[-2][1], found[-1][1], _ev(trow, found[-1][0])
    if found:
        return None, found[0][1], _ev(trow, found[0][0])
    return None, None, _ev(trow, score_col)


def _subtotal(group: ScoreItem, sub: tuple[Num | None, Num | None, Evidence]) -> None:
    """A 小计 row: the group's 分值 and 得分 when the group's own row prints none, else a second
    statement of them (checked against the children)."""
    if group.max is None and group.score is None:
        group.max, group.score = sub[0], sub[1]
        group.max_ev = group.score_ev = sub[2]
    else:
        group.subtotal = sub


def _misplaced(row: list[str], cols: list[tuple[int, int]], max_cols: dict) -> bool:
    """A level's 分值 cell holding text, or holding a number while that level's name cell is empty
    and a deeper level is named: the row's cells shifted in conversion."""
    names = {lv: _cell(row, i) for i, lv in cols}
    for lv, mcol in max_cols.items():
        if lv is None:
            continue
        cell = _cell(row, mcol)
        if not cell or is_dash(cell):
            continue
        if cell_number(cell) is None:
            return True
        if not names.get(lv) and any(names.get(d) for d in names if d > lv):
            return True
    return False


def _relevel(read: TableRead) -> None:
    """Levels renumbered from 1 when the table's first level column is not 一级 (a table of 二级/三级)."""
    if not read.items:
        return
    low = min(i.level for i in read.items)
    if low > 1:
        for i in read.items:
            i.level -= low - 1


@dataclass
class _Flat:
    name: str
    max: Num | None
    score: Num | None
    outline: int | None
    group: bool
    item: ScoreItem


def _flat(read: TableRead, layout: Layout, name_col: int, max_col: int | None, score_col: int | None, value_cols) -> None:
    flats: list[_Flat] = []
    for row, trow in zip(read.rows, read.trows):
        raw = norm(_cell(row, name_col))
        if not raw:
            continue
        if _bad_name(raw):
            read.garbled += 1
            continue
        if _is_total(raw):
            read.total = _total_row(row, trow, max_col, score_col)
            continue
        if _is_subtotal(raw):
            sub = (_num(_cell(row, max_col)), _num(_cell(row, score_col)), _ev(trow, score_col))
            flats.append(_Flat("小计", sub[0], sub[1], None, False, ScoreItem("小计", 0, (), sub[0], sub[1], trow.loc(name_col), kind="subtotal")))
            continue
        text, level = _outline(raw)
        seq = norm(_cell(row, read.col("seq"))) if read.col("seq") is not None else ""
        if level is None and seq:
            level = 1 if re.fullmatch(r"[一二三四五六七八九十]{1,3}", seq) else 2 if re.fullmatch(r"[（(][一二三四五六七八九十]{1,3}[)）]", seq) else 3 if re.fullmatch(r"\d{1,3}", seq) else None
        name, in_name = _split_weight(text)
        name = clean_name(name)
        mx = _num(_cell(row, max_col)) or in_name
        sc = _num(_cell(row, score_col))
        item = ScoreItem(name, 1, (name,), mx, sc, trow.loc(name_col), _ev(trow, max_col) if mx else None, _ev(trow, score_col) if sc else None,
                         named_group=key(name) in layout.groups, table=read.view.number)
        _values(item, row, trow, value_cols)
        flats.append(_Flat(name, mx, sc, level, key(name) in layout.groups, item))
    if sum(1 for f in flats if f.outline) >= 2:
        _tree_by_outline(read, flats)
    elif read.kind != "score_sheet":
        for f in flats:
            if f.item.kind != "subtotal":
                _attach(None, f.item, read)
    else:
        _tree_by_sums(read, flats)


def _attach(parent: ScoreItem | None, child: ScoreItem, read: TableRead) -> None:
    if parent is not None:
        child.path = parent.path + (child.name,)
        child.level = parent.level + 1
        parent.children.append(child)
        parent.is_leaf = False
    else:
        child.path, child.level = (child.name,), 1
    read.items.append(child)


def _tree_by_outline(read: TableRead, flats: list[_Flat]) -> None:
    marks = sorted({f.outline for f in flats if f.outline})
    rank = {m: i + 1 for i, m in enumerate(marks)}
    stack: list[tuple[int, ScoreItem]] = []
    for f in flats:
        if f.item.kind == "subtotal":
            if stack:
                _subtotal(stack[0][1], (f.max, f.score, f.item.ev))
            continue
        lv = rank.get(f.outline, len(marks) + 1) if f.outline else len(marks) + 1
        while stack and stack[-1][0] >= lv:
            stack.pop()
        _attach(stack[-1][1] if stack else None, f.item, read)
        stack.append((lv, f.item))


def _tree_by_sums(read: TableRead, flats: list[_Flat]) -> None:
    """Parents found by their 分值: a row whose 分值 is the sum of the ≥2 rows after it (each of those
    perhaps a parent itself), or a row the layout names as a group with larger 分值 than the next."""
    n = len(flats)

    def span(i: int, depth: int) -> int | None:
        """End (exclusive) of row i's children when row i is a parent, else None."""
        f = flats[i]
        if depth > 3 or f.max is None or i + 1 >= n:
            return None
        total, j, count = Decimal(0), i + 1, 0
        while j < n and total < f.max.value:
            g = flats[j]
            if g.item.kind == "subtotal":
                break
            if g.max is None:
                return None
            end = span(j, depth + 1) if g.max.value < f.max.value else None
            total += g.max.value
            count += 1
            j = end if end is not None else j + 1
        if total == f.max.value and count >= 2:
            if j < n and flats[j].item.kind == "subtotal":
                j += 1
            return j
        if f.group and flats[i + 1].max is not None and flats[i + 1].max.value < f.max.value:  # type: ignore[union-attr]
            k = i + 1
            while k < n and not (flats[k].group and k > i + 1) and flats[k].item.kind != "subtotal":
                k += 1
            return k + (1 if k < n and flats[k].item.kind == "subtotal" else 0)
        return None

    def build(i: int, end: int, parent: ScoreItem | None, depth: int) -> None:
        while i < end:
            f = flats[i]
            if f.item.kind == "subtotal":
                if parent is not None:
                    _subtotal(parent, (f.max, f.score, f.item.ev))
                i += 1
                continue
            stop = span(i, depth) if depth < 3 else None
            _attach(parent, f.item, read)
            if stop is not None and stop > i + 1:
                build(i + 1, min(stop, end), f.item, depth + 1)
                i = min(stop, end)
            else:
                i += 1

    build(0, n, None, 0)


def is_data_row(row: list[str]) -> bool:
    """What a table's row count counts, the same for every kind of table: rows that state something
    — a label with its value, an indicator, an amount, a total (dashes count: a value shown as
    missing) —, not a title (one cell), not free text (年度总体目标: only sentences, no figure)."""
    filled = [c for c in row if c]
    if len(filled) < 2:
        return False
    if any(_shape(c) != "text" for c in filled):
        return True
    return not any(len(c) > 18 or "。" in c or "；" in c for c in filled)


def read_tables(views: list[TView], text_source: bool) -> list[TableRead]:
    """Each view read; a view's caption also holds the rows above it in the same table (the 自评表's
    title and label rows: 项目名称 …)."""
    out = []
    for i, v in enumerate(views):
        above = [w for w in views[:i] if w.table is v.table]
        context = " ".join(norm(c) for w in above for r in w.header_rows + [t.row for t in w.rows] for c in r.cells if c)[:400]
        out.append(read_table(v, text_source, context))
    return out


def mark_truncated(reads: list[TableRead], last_is_table: bool) -> None:
    """The document ends inside its last table when its last row has a name and nothing else."""
    if not reads or not last_is_table:
        return
    last = reads[-1]
    if not last.rows:
        return
    if last.total is not None and last.rows[-1] and _is_total(next((c for c in last.rows[-1] if c), "")):
        return  # it ends with its 合计 row
    if last.trows and last.trows[-1].merged:
        last.truncated = True  # the last row ran on into text-only rows: cut off
    row = last.rows[-1]
    filled = [c for c in row if c]
    numbers = [c for c in filled if _shape(c) in ("number", "measure")]
    if not numbers or len(filled) < sum(1 for r, _ in last.roles if r) // 2:
        last.truncated = True
        if last.items and last.items[-1].score is None:
            last.items[-1].values["truncated"] = "1"


__all__ = ["ScoreItem", "TableRead", "align", "global_role", "header_of", "is_bare", "is_data_row", "mark_truncated", "read_table", "read_tables"]
