"""Tables in plain text as they come when copied out of web pages and OCR, recovered from lines the
text reader left as prose (the minimal splitting the table model needs; the readers may already give
these as tables, in which case there is nothing left to do here):

- pipes: ``a | b | c`` (markdown or not; a line ending in a single ``|`` continues on the next line,
  a run of ``||`` pads a row);
- one cell per line, cells separated by lines holding only ``|``: the rows are recovered from the
  header's column count and the cells' shapes (merged cells are left out of later rows);
- cells run together with no separator at all (OCR of a web copy): the header is a run of header
  words, rows end at a 是/否 column, numbers are split by their shapes ("22" after "100%" under
  指标权重 | 指标得分 is 2 and 2; "107.6" after 76% under 执行率 | 权重 | 得分 is 10 and 7.6), and a
  name ends where the cells of the header's next columns begin (计量单位, 指标性质, a qualitative
  指标值, by the word lists of ``audit/data/units.yaml``; a garbled unit or sign is a cell too), so
  that the row has as many value cells as the table's rows usually print. Each row is located on
  the line it starts on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from decimal import Decimal, InvalidOperation

from ..model import Loc
from ..read.model import Document, Line, Row, Table
from .layouts import LEVEL_WORDS, all_words, global_role
from .text import is_heading, key, norm
from .unitwords import unit_words

_PIPE_ONLY = re.compile(r"^\s*\|\s*$")
_RULE = re.compile(r"^[\s|:\-—]+$")
_PAGE_MARK = re.compile(r"^\s*\d{1,3}、(?=\S)")
_TOKEN = re.compile(r"\d{1,12}(?:\.\d{1,6})?%?|[是否]$")
_MAX_LINE = 20000
_TOTAL_LABEL = re.compile(r"^(?:合计|总计|总分|得分合计|自评总分|综合得分)$")


def retable(doc: Document) -> Document:
    """The document with pipe, one-cell-per-line and run-together tables among its lines made tables."""
    if doc.kind != "text" or not any(isinstance(b, Line) and ("|" in b.text or len(b.text) > 60 or "  " in b.text.strip()) for b in doc.blocks):
        return doc
    blocks: list = []
    lines: list[Line] = []
    count = sum(1 for _ in doc.tables())

    def flush() -> None:
        nonlocal count
        if not lines:
            return
        for item in _convert(lines):
            if isinstance(item, Table):
                count += 1
                item.index = count
            blocks.append(item)
        lines.clear()

    for b in doc.blocks:
        if isinstance(b, Line):
            lines.append(b)
        else:
            flush()
            blocks.append(b)
    flush()
    out = Document(doc.source, doc.kind, blocks, list(doc.notes))
    return out


def _convert(lines: list[Line]) -> list:
    out: list = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if _PIPE_ONLY.match(line.text) or (i + 1 < n and _PIPE_ONLY.match(lines[i + 1].text)):
            j, last_sep = i, i
            while j < n and j - last_sep <= 8:
                if _PIPE_ONLY.match(lines[j].text):
                    last_sep = j
                j += 1
            if j >= n and n - last_sep <= 8:
                j = n
            else:
                j = last_sep + 1
            if sum(1 for x in lines[i:j] if _PIPE_ONLY.match(x.text)) >= 6:
                table = _cell_stream(lines[i:j])
                if table is not None:
                    out.append(table)
                    i = j
                    continue
        if "|" in line.text and not _PIPE_ONLY.match(line.text):
            j = i
            while j < n and "|" in lines[j].text and not _PIPE_ONLY.match(lines[j].text):
                j += 1
            if j - i >= 2 or line.text.count("|") >= 2:
                out.append(_pipes(lines[i:j]))
                i = j
                continue
        spaced = _spaced(lines, i)
        if spaced is not None:
            tables, i = spaced
            out.extend(tables)
            continue
        found = _run_together(lines, i)
        if found is not None:
            tables, i = found
            out.extend(tables)
            continue
        out.append(line)
        i += 1
    return out


# ------------------------------------------------------------------ pipes


def _pipes(lines: list[Line]) -> Table:
    rows: list[Row] = []
    pending: list[str] = []
    start: Loc | None = None
    padded = any(x.text.rstrip().endswith("||") for x in lines)  # rows closed by a run of pipes: a single one continues
    for line in lines:
        text = line.text.strip()
        if _RULE.match(text):
            continue
        md = text.startswith("|")
        cells = [c.strip() for c in text.split("|")]
        if md:
            cells = cells[1:]
        closed = md or not padded or text.endswith("||") or not text.endswith("|")
        if text.endswith("|"):
            cells = cells[:-1]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        if start is None:
            start = line.loc
        if pending and cells:
            pending[-1] = pending[-1]  # the open row's last cell ended at its "|": the next line starts a new cell
        pending.extend(cells)
        if closed:
            rows.append(Row(tuple(pending), start))
            pending, start = [], None
    if pending and start is not None:
        rows.append(Row(tuple(pending), start))
    return Table(rows, 0)


# ------------------------------------------------------------------ columns aligned by spaces

_GAP = re.compile(r"\S+(?:\s\S+)*")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—]\s*\d{1,3}\s*[-—]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cells_at(text: str) -> list[tuple[int, str]]:
    """Cells of a line split at runs of two or more spaces, with their display column."""
    out = []
    for m in re.finditer(r"\S+(?: \S+)*", text):
        out.append((_width(text[: m.start()]), m.group(0)))
    return out


def _spaced(lines: list[Line], i: int) -> tuple[list, int] | None:
    """A header line whose cells (split at two or more spaces) are header words, and the lines under it
    placed in its columns by where their cells start."""
    head = _cells_at(lines[i].text)
    if len(head) < 3 or "|" in lines[i].text or sum(1 for _, c in head if global_role(norm(c))) < 3:
        return None
    starts = [x for x, _ in head]
    header = tuple(norm(c) for _, c in head)
    tables: list = []
    table = Table([Row(header, lines[i].loc)], 0)
    j = i + 1
    while j < len(lines):
        text = lines[j].text
        if _PAGE_NUMBER.match(text):
            j += 1
            continue
        if is_heading(norm(text)):
            break
        cells = _cells_at(text)
        if tuple(norm(c) for _, c in cells) == header:
            j += 1  # the header repeated after a page break
            continue
        if not cells or (len(cells) == 1 and cells[0][0] < starts[1] - 1 and len(text.strip()) > 12):
            break  # prose again
        if len(cells) == 1 and not re.search(r"\s{2,}", text) and cells[0][0] <= 1 and len(table.rows) > 1 and len(cells[0][1]) > 16:
            break
        row = [""] * len(starts)
        for x, c in cells:
            col = min(range(len(starts)), key=lambda k: abs(starts[k] - x) if starts[k] <= x + 2 else 10**6 + starts[k])
            row[col] = (row[col] + c) if row[col] else c
        table.rows.append(Row(tuple(row), lines[j].loc))
        j += 1
    if len(table.rows) < 3:
        return None
    tables.append(table)
    return tables, j


# ------------------------------------------------------------------ one cell per line


def _cell_stream(lines: list[Line]) -> Table | None:
    cells: list[tuple[str, Loc]] = []
    current: list[str] = []
    loc: Loc | None = None
    for line in lines:
        if _PIPE_ONLY.match(line.text):
            cells.append(("".join(current), loc or line.loc))
            current, loc = [], None
            continue
        if loc is None:
            loc = line.loc
        current.append(line.text.strip())
    if current:
        cells.append(("".join(current), loc or lines[-1].loc))
    header: list[str] = []
    for text, _ in cells:
        t = norm(text)
        if not t or len(t) > 16 or global_role(t) is None:
            break
        header.append(t)
    if len(header) < 3:
        return None
    roles = [global_role(h) for h in header]
    levels = sum(1 for h in header if any(w in h for w in LEVEL_WORDS))
    tail = roles[levels:]
    body = cells[len(header) :]
    rows = [Row(tuple(header), cells[0][1])]
    p = 0
    while p < len(body):
        if _TOTAL_LABEL.match(norm(body[p][0])):  # 合计 | 100 | 96.4 | : the label spans the name columns
            nums = []
            q = p + 1
            while q < len(body) and _numeric(norm(body[q][0])) and len(nums) < 2:
                nums.append(norm(body[q][0]))
                q += 1
            if q < len(body) and not norm(body[q][0]):
                q += 1
            cols = [i for i, r in enumerate(roles) if r in ("max", "score")]
            row = [""] * len(header)
            row[0] = norm(body[p][0])
            for i, v in zip(cols[-len(nums):] if nums else [], nums):
                row[i] = v
            rows.append(Row(tuple(row), body[p][1]))
            p = q
            continue
        best_k, best = 1, None
        for k in range(1, max(1, levels) + 1):
            names = [norm(c) for c, _ in body[p : p + k]]
            rest = [norm(c) for c, _ in body[p + k : p + k + len(tail)]]
            score = (sum(_shape_fit(c, r) for c, r in zip(rest, tail)) - (len(tail) - len(rest))
                     + sum(1 if c and not _numeric(c) and c[0] not in "①②③④⑤⑥⑦⑧⑨⑩" else -3 for c in names))
            if best is None or score > best:
                best, best_k = score, k
        k = best_k if levels else 0
        width = k + len(tail)
        chunk = body[p : p + width]
        row = [""] * (max(levels, 0) - k) + [norm(c) for c, _ in chunk]
        rows.append(Row(tuple(row), chunk[0][1] if chunk else body[p][1]))
        p += max(1, width)
    return Table(rows, 0)


def _numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"[-−]?\d[\d,]*(?:\.\d+)?%?", cell.replace(" ", "")))


def _shape_fit(cell: str, role: str | None) -> int:
    if role in ("max", "score", "coef", "rate"):
        return 2 if _numeric(cell) else 0 if not cell else -3
    if role in ("standard", "description", "reason", "deviation"):
        return -2 if _numeric(cell) else 1 if len(cell) > 6 else 0
    return 0


# ------------------------------------------------------------------ run together


@lru_cache(maxsize=1)
def _words_by_first() -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for w, role in all_words():
        if len(w) >= 3:
            out.setdefault(w[0], []).append((w, role))
    return {c: tuple(ws) for c, ws in out.items()}


def _header_runs(text: str) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """Runs of header words in a line with at most a few characters between them: (start, end, words)."""
    k = text
    hits: list[tuple[int, int, str, str]] = []
    pos = 0
    by_first = _words_by_first()
    while pos < len(k):
        for w, role in by_first.get(k[pos], ()):
            if k.startswith(w, pos):
                hits.append((pos, pos + len(w), w, role))
                pos += len(w)
                break
        else:
            pos += 1
    runs: list[tuple[int, int, list[tuple[str, str]]]] = []
    group: list[tuple[int, int, str, str]] = []
    for h in hits:
        if group and h[0] - group[-1][1] > 8:
            runs.append((group[0][0], group[-1][1], [(g[2], g[3]) for g in group]))
            group = []
        group.append(h)
    if group:
        runs.append((group[0][0], group[-1][1], [(g[2], g[3]) for g in group]))
    return [r for r in runs if len(r[2]) >= 4 and len({role for _, role in r[2]}) >= 3]


def _run_together(lines: list[Line], i: int) -> tuple[list, int] | None:
    line = lines[i]
    text = line.text
    if len(text) < 40 or len(text) > _MAX_LINE or "|" in text or "\t" in text:
        return None
    runs = _header_runs(text)
    if not runs:
        return None
    # the lines after it carry on the same table when they hold more rows (a copied page break);
    # each line's place in the joined text is kept, so a row is located on its own line
    j = i + 1
    body_text = text
    starts: list[tuple[int, Loc]] = [(0, line.loc)]
    while j < len(lines) and len(lines[j].text) > 20 and "|" not in lines[j].text and re.search(r"\d[是否]", lines[j].text):
        starts.append((len(body_text), lines[j].loc))
        body_text += _PAGE_MARK.sub("", lines[j].text.strip())
        j += 1

    def loc_at(offset: int) -> Loc:
        return next(loc for at, loc in reversed(starts) if at <= offset)

    runs = _header_runs(body_text)
    out: list = []
    before = body_text[: runs[0][0]]
    rows_all: list[Row] = []
    if before.strip():
        out.append(Line(before, line.loc))  # the title and label cells run together: read as prose too
        rows_all += [Row(tuple(cells), line.loc) for cells in _label_cells(before)]
    after: list[Line] = []
    for r, (start, end, words) in enumerate(runs):
        stop = runs[r + 1][0] if r + 1 < len(runs) else len(body_text)
        body = body_text[end:stop]
        roles = [role for _, role in words]
        header = [w for w, _ in words]
        if "name" not in roles:
            header, roles = ["指标名称"] + header, ["name"] + roles
        rows, rest = _rows(body, roles)
        rows_all += [Row(tuple(header), loc_at(start))] + [Row(tuple(cells), loc_at(end + at)) for at, cells in rows]
        if rest.strip():
            after.append(Line(rest, loc_at(stop - len(rest))))
    out.append(Table(rows_all, 0))  # one table: its parts (预算执行, 绩效指标) start at their own headers
    out.extend(after)
    return out, j


@lru_cache(maxsize=1)
def _info_labels() -> tuple[str, ...]:
    """The label cells of label/value tables (the info layouts' labels), long enough not to occur
    inside other words, longest first."""
    from .layouts import shipped_layouts

    found = {key(lab) for lay in shipped_layouts() for lab in lay.labels if len(key(lab)) >= 4}
    return tuple(sorted(found, key=len, reverse=True))


def _label_cells(text: str) -> list[list[str]]:
    """Title and label/value cells run together ("…自评表主管部门某局自评总分(分)99.95"): the title as
    a row of its own, then the labels and their values as one row."""
    k = text
    marks: list[tuple[int, int]] = []
    pos = 0
    labels = _info_labels()
    while pos < len(k):
        hit = next((lab for lab in labels if k.startswith(lab, pos)), None)
        if hit is None:
            pos += 1
            continue
        end = pos + len(hit)
        unit = re.match(r"[(（][^)）]{1,4}[)）]", k[end:])
        end += unit.end() if unit else 0
        marks.append((pos, end))
        pos = end
    if not marks:
        return [[text]]
    rows = [[text[: marks[0][0]]]] if text[: marks[0][0]].strip() else []
    cells: list[str] = []
    for m, (start, end) in enumerate(marks):
        stop = marks[m + 1][0] if m + 1 < len(marks) else len(text)
        cells += [text[start:end], text[end:stop]]
    return rows + [cells]


def _rows(body: str, roles: list[str]) -> tuple[list[tuple[int, list[str]]], str]:
    """Rows of a run-together body (each with the offset in ``body`` where its name starts), and the
    prose after the last one."""
    if "core" in roles:
        ends = [m.end() for m in re.finditer(r"(?<=[\d%])[是否]", body)] + [len(body)]
        texts: list[tuple[int, str]] = []
        pos = 0
        for e in ends:
            if body[pos:e].strip():
                texts.append((pos, body[pos:e]))
            pos = e
        # how many value cells (指标值, 完成值) a row of this table prints as figures, most often: the
        # cells between a name and its figures are cut so that the row has as many
        # (rows with a sentence before their first figure are left out: their figures may be the sentence's)
        counts = Counter(n for n in (len(_tokens(t, roles)[0]) for _, t in texts if not re.search(r"[，,；;：:、]", t[: _first_digit(t)])) if n)
        usual = max(counts, key=lambda n: (counts[n], n)) if counts else None
        out = []
        for pos, t in texts:
            found = _row(t, roles, usual)
            if found is not None:
                out.append((pos + found[0], found[1]))
        return out, ""
    m = re.search(r"\d[^\u4e00-\u9fff]*", body)
    if not m:
        return [], body
    found = _row(body[: m.end()], roles, None)
    return ([(found[0], found[1])] if found is not None else []), body[m.end() :]


# the columns between an indicator's name and its figures, in a row whose cells ran together
_LEAD_ROLES = ("unit", "nature", "target", "target_initial", "target_adjusted", "actual")
_VALUE_ROLES = ("target", "target_initial", "target_adjusted", "actual")
_LATIN = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def _figure() -> re.Pattern[str]:
    """A figure of a run-together row: its comparison word, digits and unit ("≥120家"), or a 是/否."""
    words = unit_words()
    alt = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))  # noqa: E731
    return re.compile(rf"(?P<sign>{alt(words.comparison_words)})?(?P<num>\d[\d.]*)(?P<unit>%|{alt(words.units)})?|[是否]")


def _tokens(text: str, roles: list[str]) -> tuple[list[str], dict[str, str]]:
    """The figures of a row (from its first digit): the value cells left after the 是否核心 cell, the
    分值|得分 pair and the 得分系数 (or 执行率) are taken from the end, and those cells by role."""
    cells: dict[str, str] = {}
    first = re.search(r"\d", text)
    values = text[first.start() :] if first else ""
    tokens = []
    for m in _figure().finditer(values):
        if not m.group("num"):
            tokens.append(m.group(0))
            continue
        sign, unit = m.group("sign") or "", m.group("unit") or ""
        parts = _split_decimals(m.group("num") + ("%" if unit == "%" else ""))
        if len(parts) == 1 and parts[0][0] == "0" and len(parts[0]) > 1 and parts[0][1].isdigit():  # "0100%": a 0 followed by 100%
            parts = ["0", parts[0][1:]]
        if unit != "%":
            parts[-1] += unit
        parts[0] = sign + parts[0]
        tokens += parts
    if "core" in roles and tokens and tokens[-1] in ("是", "否"):
        cells["core"] = tokens.pop()
    if "max" in roles and "score" in roles and tokens and re.fullmatch(r"[\d.]+", tokens[-1]):
        digits = tokens.pop()
        before_pct = next((t for t in reversed(tokens) if t.endswith("%")), None)
        rate = _dec(before_pct[:-1].lstrip("".join(_SIGNS))) if "rate" in roles and before_pct else None
        pair = split_pair(digits, rate)
        if pair is not None:
            cells["max"], cells["score"] = pair
    if "coef" in roles and tokens and re.fullmatch(r"[\d.]+%", tokens[-1]):
        cells["coef"] = tokens.pop()
    elif "rate" in roles and tokens and re.fullmatch(r"[\d.]+%", tokens[-1]):
        cells["rate"] = tokens.pop()
    return [t for t in tokens if t not in ("是", "否")], cells


_SIGNS = "≥≤<>=≧≦"


def _first_digit(text: str) -> int:
    m = re.search(r"\d", text)
    return m.start() if m else len(text)


def _row(text: str, roles: list[str], usual: int | None) -> tuple[int, list[str]] | None:
    """A run-together row's cells by the header's roles, and where its name starts in ``text``."""
    cells = {r: "" for r in roles}
    first = re.search(r"\d", text)
    prefix = text[: first.start()] if first else text
    at = len(prefix) - len(prefix.lstrip())
    for w, _ in all_words():  # a section label run into the row ("绩效指标" before the first name)
        if len(w) >= 4 and key(prefix).startswith(w) and len(key(prefix)) > len(w) + 1:
            at = prefix.find(w[-1]) + 1
            break
    tokens, found = _tokens(text, roles)
    cells.update({r: v for r, v in found.items() if r in cells})
    columns = [r for r in roles if r in _LEAD_ROLES]
    name, lead, glued = _cut_name(prefix[at:], columns, len(tokens), usual)
    if tokens and lead and lead[-1][1].endswith(_OPEN):  # a text value cell goes on into the first figure
        lead[-1] = (lead[-1][0], lead[-1][1][: -len(_OPEN)] + glued + tokens.pop(0))
    elif tokens and glued in unit_words().comparison_words:
        tokens[0] = glued + tokens[0]
    for role, cell in lead:
        if role not in _VALUE_ROLES:
            cells[role] = cell
    # the value cells before the first figure and the figures, placed together (an empty 调整指标值 is
    # left out of the copy: two values are the target and the completion)
    tokens = [cell for role, cell in lead if role in _VALUE_ROLES] + tokens
    while at < len(prefix) and prefix[at] in "“”\"% ":
        at += 1
    name = re.sub(r"[(（][^)）]{0,6}[)）]", "", name).strip("“”\"% ≥≤<>=")
    if len(re.findall(r"[\u4e00-\u9fff]", name)) < 2:
        name = ""
    if not name and not tokens and not found:
        return None
    order = [r for r in ("target", "target_initial", "target_adjusted", "actual", "budget_initial", "budget_full", "executed") if r in roles and not cells[r]]
    if tokens and order:
        if len(tokens) == len(order):
            for role, tok in zip(order, tokens):
                cells[role] = tok
        elif len(tokens) == 1:
            cells[order[-1] if "actual" in order else order[0]] = tokens[0]
        else:
            cells[order[0]] = tokens[0]
            last = "actual" if "actual" in order else order[-1]
            cells[last] = tokens[-1]
    cells["name"] = name
    return at, [cells[r] for r in roles]


_MAX_LEAD = 120  # the cells between a name and its first figure are short (a sentence value at most)
_OPEN = "\x00"  # marks a lead cell that is text going on past the row's first digit


def _cut_name(prefix: str, columns: list[str], figures: int, usual: int | None) -> tuple[str, list[tuple[str, str]], str]:
    """An indicator's name, the cells run into it before the row's first figure (计量单位 "次",
    指标性质 "定量指标", a qualitative 指标值 "高" or "健全"; an OCR-garbled unit "tot扁" or value "第O份"),
    and what is left glued to the first figure (a comparison word, a garbled sign).
    The name ends where the rest reads as such cells, one per header column in the header's order;
    of the places that do (the name holding no whole 指标性质 word), the one giving the row as many
    value cells as the table's rows usually print, then the one with fewer garbled pieces, then the
    earliest."""
    cjk = [i for i, ch in enumerate(prefix) if "\u4e00" <= ch <= "\u9fff"]
    shortest = cjk[2] + 1 if len(cjk) >= 3 else len(prefix)  # a name keeps three characters at least
    shortest = max(shortest, len(prefix) - _MAX_LEAD)
    best: tuple[bool, int, int, int] | None = None
    best_read: tuple[list[tuple[str, str]], str] = ([], "")
    for k in range(len(prefix), shortest - 1, -1):
        found = _lead_cells(prefix[k:], columns)
        if found is None:
            continue
        lead, glued = found
        open_text = bool(lead) and lead[-1][1].endswith(_OPEN) and figures > 0
        values = figures - open_text + sum(1 for role, _ in lead if role in _VALUE_ROLES)
        # garbled pieces read: Latin letters in a cell, or ending the name as a garbled unit does ("…tot扁")
        garbled = sum(1 for _, cell in lead if _LATIN.search(cell)) + bool(re.search(r"[A-Za-z][\u4e00-\u9fff]$", prefix[:k]))
        rank = (_holds_nature(prefix[:k]), abs(values - usual) if usual is not None else 0, garbled, k)
        if best is None or rank <= best:
            best, best_read = rank, (lead, glued)
    k = best[-1] if best is not None else len(prefix)
    return prefix[:k], list(best_read[0]), best_read[1]


def _holds_nature(name: str) -> bool:
    """Whether a name holds a whole 指标性质 word ("定性指标", in any character order): it went past its end."""
    for w in unit_words().nature_values:
        if len(w) >= 4 and any(sorted(name[i : i + len(w)]) == sorted(w) for i in range(len(name) - len(w) + 1)):
            return True
    return False


def _lead_cells(tail: str, columns: list[str]) -> tuple[list[tuple[str, str]], str] | None:
    """``tail`` read as cells of ``columns`` (in order, empty ones left out) and what is left glued to
    the first figure, or None. What is left may be a comparison word ("≥", "不低于") or, after a cell,
    one character a garbled copy made of one. A value cell may be text that starts with a
    qualitative word and a comma ("健全，修订制度…"): it goes on to the first figure (marked _OPEN)."""
    words = unit_words()

    def read(pos: int, col: int) -> tuple[list[tuple[str, str]], str] | None:
        rest = tail[pos:]
        if not rest or rest in words.comparison_words or re.fullmatch(rf"[{_SIGNS}]+", rest):
            return [], rest
        if pos and len(rest) == 1 and rest not in words.qualitative_values and rest not in words.units:
            return [], rest
        for c in range(col, len(columns)):
            for cell in _lead_options(tail, pos, columns[c], words):
                if cell.endswith(_OPEN):
                    return [(columns[c], cell)], ""
                more = read(pos + len(cell), c + 1)
                if more is not None:
                    return [(columns[c], cell)] + more[0], more[1]
        return None

    return read(0, 0)


def _lead_options(text: str, pos: int, role: str, words) -> list[str]:
    """The cells of ``role`` that ``text`` can start with at ``pos``, longest first."""
    out: list[str] = []
    latin = _LATIN.match(text, pos + 1) or _LATIN.match(text, pos)
    if role == "unit":
        out += [u for u in words.units if text.startswith(u, pos)]
        m = _LATIN.match(text, pos)
        if m:  # an OCR-garbled unit: Latin letters, perhaps with one character after them
            if m.end() < len(text) and "\u4e00" <= text[m.end()] <= "\u9fff":
                out.append(text[pos : m.end() + 1])
            out.append(m.group(0))
    elif role == "nature":
        for w in words.nature_values:
            piece = text[pos : pos + len(w)]
            if len(piece) == len(w) and sorted(piece) == sorted(w):  # its characters in any order (a garbled copy)
                out.append(piece)
    else:
        quals = [w for w in words.qualitative_values if text.startswith(w, pos)]
        out += quals
        for w in quals:  # a sentence value starting with one ("健全，修订制度"), running on to the first figure
            if re.match(r"[，,；;：:、]", text[pos + len(w) : pos + len(w) + 1]):
                out.append(text[pos:] + _OPEN)
        if latin is not None and latin.start() <= pos + 1:  # a garbled figure: a sign, letters for digits, a unit
            end = latin.end()
            unit = next((u for u in words.units if text.startswith(u, end)), "")
            out += [text[pos : end + len(unit)]] + ([text[pos:end]] if unit else [])
    return sorted(dict.fromkeys(out), key=len, reverse=True)


def _split_decimals(tok: str) -> list[str]:
    """Amounts printed with two decimals and run together: "860.00875.00853.13" → 860.00, 875.00, 853.13."""
    if tok.count(".") < 2:
        return [tok]
    parts = re.findall(r"\d+\.\d{2}%?|\d+%?$", tok)
    return parts if "".join(parts) == tok else [tok]


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def split_pair(digits: str, rate: Decimal | None = None) -> tuple[str, str] | None:
    """A 分值 and its 得分 printed with nothing between them: "22" → 2, 2; "1010" → 10, 10; "107.6" with
    a 76% rate → 10, 7.6. The score is at most the weight; a score equal to the rate × weight, then
    one equal to the weight, is preferred."""
    options: list[tuple[int, str, str]] = []
    for cut in range(1, len(digits)):
        a, b = digits[:cut], digits[cut:]
        if a.endswith(".") or b.startswith(".") or (len(a) > 1 and a[0] == "0" and a[1] != ".") or (len(b) > 1 and b[0] == "0" and b[1] != "."):
            continue
        if a.count(".") > 0 and "." in b:
            continue
        va, vb = _dec(a), _dec(b)
        if va is None or vb is None or va <= 0 or vb > va or va > 100:
            continue
        rank = 3
        if rate is not None and abs(min(rate / 100 * va, va) - vb) <= Decimal("0.05"):
            rank = 0
        elif va == vb:
            rank = 1
        elif "." in a:
            rank = 4
        options.append((rank, a, b))
    if not options:
        return None
    options.sort(key=lambda t: t[0])
    if len(options) > 1 and options[0][0] == options[1][0] and options[0][0] >= 3:
        return None  # no shape settles it
    return options[0][1], options[0][2]
