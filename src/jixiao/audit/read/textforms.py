"""The forms a table takes once copied out of a web page, a PDF or OCR into plain text.

- tab-separated rows (the seeds; a spreadsheet copy);
- ``|`` pipes, markdown or not: ``| --- |`` rule rows dropped, leading/trailing pipes
  stripped, a run of empty ``|||||`` cells padding each row to the table's width (a row that
  falls short of that width continues on the next line);
- one cell per line, a line holding only ``|`` between cells (an HTML table scraped cell by
  cell), or blank lines between cells: the cells are grouped into rows from the header's
  column count and where the number columns fall (merged cells on the left are missing
  from the stream, so a short row is right-aligned);
- columns aligned by runs of two or more spaces (``pdftotext -layout``);
- cells run together with no separator (OCR): cannot be split without the header
  vocabulary, so such a line stays a :class:`Line` with ``run_together=True``.

These functions only split text into cells; nothing is interpreted.
"""

from __future__ import annotations

import re
import unicodedata

NUMBER = re.compile(r"^[-+−]?\d+(?:,\d{3})*(?:\.\d+)?\s*(?:%|％|分)?$")
DASH = {"", "-", "—", "–", "－", "/", "／", "——", "--"}
# Header words of the columns that hold scores (numbers) and of other number columns.
SCORE_WORDS = re.compile(r"分值|得分|分数|权重|满分|标准分|扣分(?!原因|说明|理由)")
NUMBER_WORDS = re.compile(r"分值|得分|分数|权重|满分|标准分|值|数|率|金额|系数|合计|小计|万元|（元）|\(元\)")
HEADER_WORDS = re.compile(
    r"指标|分值|得分|分数|名称|序号|项目|预算|执行|完成|目标|金额|说明|标准|原因|类别|权重|年初|全年|调整|数量|情况|内容|评价|备注|单位|性质|系数|依据|措施|层级|合计"
)
_GAP = re.compile(r"(?:\s{2,}|\u3000+)")
_GAP_KEEP = re.compile(r"((?:\s{2,}|\u3000+))")
_RULE_CELL = re.compile(r"^:?-{2,}:?$|^=+$")
_CJK_OR_NUM = re.compile(r"[\u4e00-\u9fff0-9%]")


def is_number(cell: str) -> bool:
    return bool(NUMBER.match(cell.strip()))


def numberish(cell: str) -> bool:
    return cell.strip() in DASH or is_number(cell)


def join_cell_lines(parts: list[str]) -> str:
    """The lines of one cell as one text: CJK and digits join directly, Latin words with a space."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and p[0].isascii() and p[0].isalnum():
            out += " "  # a Latin word wrapped; digits wrapped in a narrow cell join directly
        out += p
    return out


# ---------------------------------------------------------------- pipes

def pipe_cells(line: str, bordered: bool = True) -> list[str]:
    """The cells of a pipe row. ``bordered``: the table's rows start with a pipe (markdown), which is
    a border; in a table whose rows do not, a row starting with one begins with an empty cell."""
    s = line.strip()
    if s.startswith("|") and bordered:
        s = s[1:]
        if s.endswith("|") and not s.endswith("||"):
            s = s[:-1]
    return [c.strip() for c in s.split("|")]


def is_rule_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_RULE_CELL.match(c.replace(" ", "")) for c in filled)


_ENDS_EMPTY = re.compile(r"\|\s*\|\s*$")


def _pipe_line(line: str) -> bool:
    return "|" in line and line.strip() != "|"


def pipe_block(lines: list[str], start: int) -> tuple[list[tuple[int, list[str]]], int]:
    """Rows (first line number, cells) of the pipe table starting at ``lines[start]``, and
    the index after it. Rows padded with a run of empty cells fix the table's width; a line
    that falls short of it (a cell holding a line break) continues on the next line, as
    does a markdown row (``| a | b``) whose closing pipe is on a later line."""
    end = start
    while end < len(lines) and (_pipe_line(lines[end]) or (not lines[end].strip() and end + 1 < len(lines) and _pipe_line(lines[end + 1]))):
        end += 1
    padded = [ln.rstrip().count("|") for ln in lines[start:end] if ln.rstrip().endswith("||")]
    width = max(padded) if padded else 0
    rows: list[tuple[int, list[str]]] = []
    bordered = lines[start].strip().startswith("|")  # (a markdown table: every row between pipes)
    i = start
    while i < end:
        if not _pipe_line(lines[i]):
            i += 1
            continue
        first = i
        text = lines[i].strip()
        i += 1
        markdown = bordered and text.startswith("|")
        while i < len(lines) and i - first < 12 and lines[i].strip() and lines[i].strip() != "|":
            if markdown:
                if text.endswith("|"):
                    break
            elif not width or text.count("|") >= width or _ENDS_EMPTY.search(text):
                break
            text += lines[i].strip()
            i += 1
        end = max(end, i)
        cells = pipe_cells(text, bordered)
        if is_rule_row(cells):
            continue
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append((first + 1, cells))
    return rows, end


# ---------------------------------------------------------------- one cell per line

def bar_stream(lines: list[str], start: int) -> tuple[list[tuple[int, str]], int] | None:
    """Cells separated by lines holding only ``|``, starting at ``lines[start]`` (a cell)."""
    cells: list[tuple[int, str]] = []
    parts: list[str] = []
    first = start
    i = start
    bars = 0
    while i < len(lines):
        s = lines[i].strip()
        if s == "|":
            bars += 1
            cells.append((first + 1, join_cell_lines(parts)))
            parts = []
            first = i + 1
            i += 1
            continue
        if not s:
            # a blank line inside a stream is nothing; two in a row after a cell end it,
            # and so does one right after the last bar (the last cell is empty)
            if parts and i + 1 < len(lines) and not lines[i + 1].strip():
                break
            if not parts and bars and not _bar_ahead(lines, i):
                cells.append((first + 1, ""))
                break
            i += 1
            continue
        if parts and len(parts) >= 12:
            break
        # the last cell of the stream: one line only, unless a bar follows
        if parts and bars and not _bar_ahead(lines, i):
            break
        parts.append(s)
        i += 1
        if bars and not _bar_ahead(lines, i):
            break
    if parts:
        cells.append((first + 1, join_cell_lines(parts)))
    if bars < 3:
        return None
    return cells, i


def _bar_ahead(lines: list[str], i: int, within: int = 10) -> bool:
    for j in range(i, min(len(lines), i + within)):
        if lines[j].strip() == "|":
            return True
    return False


_TOTAL_CELL = re.compile(r"^(?:总分|合计|总计|得分合计|自评总分)$")
_LABEL_CELL = re.compile(r"^(?:(?:部门|单位|项目)(?:[（(]单位[)）])?名称|部门|主管部门|实施单位|预算单位|预算年度|自评总分|自评得分|联系人|联系电话|填报人|填表人|单位负责人)(?:[（(]分[)）])?$")


def _head_cell(cell: str, inside: bool = False) -> bool:
    """A header word. A label such as 自评得分 (a label/value row of a form) is one too inside a run
    of header words (一级指标 … 分值 | 自评得分 | 扣分原因)."""
    if not HEADER_WORDS.search(cell) or any(ch.isdigit() for ch in cell) or len(cell) > 12:
        return False
    return not _LABEL_CELL.match(cell) or (inside and bool(SCORE_WORDS.search(cell)))


# A row's own numbering before its name: "指标1：", "1.", "（2）" — not a figure.
_NUMBERING = re.compile(r"^\s*(?:指标\s*\d{1,2}\s*[:：]|\d{1,2}\s*[.、．]|[（(]\s*\d{1,2}\s*[)）])")


def header_runs(texts: list[str]) -> list[int]:
    """Where header rows start in a stream of cells: runs of three or more header words, the cell
    after them holding no figure (a run of names followed by a target value is a data row)."""
    out = []
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and _head_cell(texts[j], j > i):
            j += 1
        if j - i >= 3 and (j >= len(texts) or not any(ch.isdigit() for ch in _NUMBERING.sub("", texts[j])) or not out):
            out.append(i)
            i = j
        else:
            i = max(j, i + 1)
    return out


def blank_stream(lines: list[str], start: int) -> tuple[list[tuple[int, str]], int] | None:
    """Cells one per line with blank lines between them, from a title or label cell or a header
    cell. Only when a header (≥3 header words, no digits) comes within the first cells and
    numbers follow; a sentence cell (年度总体目标) is a cell; the stream ends after a total row."""
    cells: list[tuple[int, str]] = []
    i = start
    closing = -1  # numbers still to take after a 总分/合计 cell
    text_column = False  # a header cell of a column of sentences (评分标准, 考核要点 …) came
    while i < len(lines):
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        if closing == 0 or (closing > 0 and not numberish(s)):
            break
        if "|" in s or "\t" in s or s.endswith(("：", ":")) or (not cells and s.endswith("。")):
            break
        if len(s) > 60 and not (len(s) <= 400 and text_column and numberish(_next_cell(lines, i))):
            break  # a long cell only as a 评分标准/说明 under such a header, and with a figure after it
        # each cell stands alone: the next line must be blank (or the end)
        if i + 1 < len(lines) and lines[i + 1].strip():
            break
        cells.append((i + 1, s))
        if not text_column and len(cells) <= 12 and _TEXT_COLUMN.search(s) and len(s) <= 12:
            text_column = True
        if closing > 0:
            closing -= 1
        elif _TOTAL_CELL.match(s.replace(" ", "")) and len(cells) > 6:
            closing = 2
        i += 1
    while cells and cells[-1][1].endswith("。"):  # a sentence after the last row is prose again
        i = cells.pop()[0] - 1
    if len(cells) < 6:
        return None
    texts = [c for _, c in cells]
    runs = header_runs(texts[:30])
    if not runs or runs[0] > 12 or sum(1 for c in texts if is_number(c)) < 2:
        return None
    return cells, i


_TEXT_COLUMN = re.compile(r"评分标准|评分细则|评分依据|考核要点|考核内容|指标解释|指标说明|计分方法")


def _next_cell(lines: list[str], i: int) -> str:
    """The next non-blank line after ``lines[i]``."""
    for j in range(i + 1, min(len(lines), i + 4)):
        if lines[j].strip():
            return lines[j].strip()
    return ""


def group_parts(cells: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Rows of a blank-line cell stream that holds a whole form: the title and label/value cells
    before the first header (a row each: the title; each label with its value), then each header
    with its rows (a new header starts a new part: 预算资金, 年度总体目标, 绩效指标)."""
    texts = [c for _, c in cells]
    runs = header_runs(texts)
    if not runs:
        return group_stream(cells)
    rows: list[tuple[int, list[str]]] = []
    k = 0
    while k < runs[0]:
        if _LABEL_CELL.match(texts[k].replace(" ", "")) and k + 1 < runs[0]:
            rows.append((cells[k][0], [texts[k], texts[k + 1]]))
            k += 2
        else:
            rows.append((cells[k][0], [texts[k]]))
            k += 1
    for r, start in enumerate(runs):
        end = runs[r + 1] if r + 1 < len(runs) else len(cells)
        j = start
        while j < end and _head_cell(texts[j], j > start):
            j += 1
        lay = _layout(texts[start:j])
        if lay is not None:  # after the 得分 column only text columns follow: an "X指标" there is a row's name
            stop = start + lay[1] + 1
            while stop < j and not texts[stop].endswith("指标"):
                stop += 1
            j = stop
        while j - start > 3:  # a row's name read as one more header word leaves the first row without a name
            lay = _layout(texts[start:j])
            n = _row_len(texts[start:j], texts, j, lay) if lay is not None else None
            if lay is None or lay[0] == 0 or n is None or n > lay[1] - lay[0] + 1:
                break
            j -= 1
        header = texts[start:j]
        rows.append((cells[start][0], header))
        rows += _part_rows(header, cells[j:end])
    return rows


def _trailing(header: list[str], texts: list[str], i: int, lay: tuple[int, int, int]) -> bool:
    """Whether ``texts[i]`` is the text column after a row's numbers (its 说明, 偏差原因) or the next
    row's first name (empty text cells are gone from the copy): a sentence is text; a group name
    ("X指标") or a total label is a name; otherwise it is text when the next row still has a name."""
    cell = texts[i]
    if _NUMBERING.match(cell):  # "指标2：…": the next row's numbered name
        return False
    if _sentence(cell):
        return True
    if cell.endswith("指标") or _TOTAL_CELL.match(cell.replace(" ", "")) or is_number(cell):
        return False
    n = _row_len(header, texts, i + 1, lay)
    need = lay[1] - lay[0] + 1
    if n == need + 1 and lay[0] > 0 and _TEXT_COLUMN.search(header[lay[0] - 1]) and _sentence(texts[i + 1]):
        return False  # the next row would hold only its 评分标准 and figures: this cell is its name
    return n is None or n > need


def _sentence(cell: str) -> bool:
    """A free-text cell (a 偏差原因, a 说明), not a name: long, or with punctuation or figures."""
    return (len(cell) > 12 or bool(re.search(r"[，。；、,;\d]", cell))) and not cell.endswith("指标")


def _row_len(header: list[str], texts: list[str], i: int, lay: tuple[int, int, int]) -> int | None:
    """How many cells the row starting at ``texts[i]`` takes up to its last number column: of the
    lengths whose cells fit the number columns, the one whose values look most like values (a
    name such as "指标1：…" under 指标值 fits, but a figure there fits better); the shortest of equals."""
    f, m, _ = lay
    need = m - f + 1
    best, best_q = None, None
    for n in range(need, m + 2):
        buf = texts[i : i + n]
        if len(buf) < n:
            break
        aligned = {m - j: buf[n - 1 - j] for j in range(n)}
        if all(_fits(header[c], aligned[c]) for c in range(f, m + 1)) and any(is_number(aligned[c]) for c in range(f, m + 1)):
            q = sum(1 if _value_like(aligned[c]) else -2 if _NUMBERING.match(aligned[c]) or len(aligned[c]) > 8 else 0
                    for c in range(f, m + 1))
            if best_q is None or q > best_q:
                best, best_q = n, q
    return best


_VALUE = re.compile(r"^[≥≤<>=＞＜≧≦]?\s*[-−]?\d")


def _value_like(cell: str) -> bool:
    """A figure, a dash, or a stated value such as ≥95%, 9月前, 100%."""
    return numberish(cell) or bool(_VALUE.match(cell.strip()))


def _part_rows(header: list[str], cells: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    width = len(header)
    texts = [c for _, c in cells]
    lay = _layout(header)
    out: list[tuple[int, list[str]]] = []
    if lay is None:
        for i in range(0, len(texts), width):
            chunk = texts[i : i + width]
            out.append((cells[i][0], [""] * (width - len(chunk)) + chunk))
        return out
    f, m, trailing = lay
    i = 0
    while i < len(texts):
        first = cells[i][0]
        n = _row_len(header, texts, i, lay)
        if n is None:  # no fit ahead: the cells up to the number columns' width, as they come
            n = min(m + 1, len(texts) - i)
        buf = texts[i : i + n]
        i += n
        row = [""] * (m + 1 - len(buf)) + buf
        tail = 0
        while tail < trailing and i < len(texts) and _trailing(header, texts, i, lay):
            row.append(texts[i])
            i += 1
            tail += 1
        out.append((first, row + [""] * (width - len(row))))
    return out


def group_bars(cells: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Rows of a stream of cells between ``|`` lines: a whole form (a title or label cells before
    its first header, or several headers: 预算资金, 年度总体目标, 绩效指标) part by part, as a blank-line
    stream is read; a single table from its header's width."""
    texts = [c for _, c in cells]
    runs = header_runs([t for t in texts if t])
    if runs and (runs[0] > 0 or len(runs) > 1):
        # (empty cells are where the copy kept a blank cell: in a form they only pad, as in a blank-line stream)
        return group_parts([c for c in cells if c[1]])
    return group_stream(cells)


def group_stream(cells: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Rows from a stream of cells: the header's width, then each row ends where its number
    columns end (plus the header's trailing text columns). A row missing cells on the left
    (merged with the row above) is right-aligned under the header."""
    texts = [c for _, c in cells]
    prefix = 0
    while prefix < len(texts) and texts[prefix] and len(texts[prefix]) <= 20 and not any(ch.isdigit() for ch in texts[prefix]):
        prefix += 1
    width = 0
    layout = None
    for h in range(min(prefix, 40), 1, -1):
        lay = _layout(texts[:h])
        if lay is None:
            continue
        f, m, _ = lay
        if h + m < len(texts) and all(_fits(texts[:h][j], texts[h + j]) for j in range(f, m + 1)) and any(is_number(texts[h + j]) for j in range(f, m + 1)):
            width, layout = h, lay
            break
    if not width:
        width = prefix if prefix >= 2 else 0
    if not width:
        return [(cells[0][0], texts)]
    rows: list[tuple[int, list[str]]] = [(cells[0][0], texts[:width])]
    i = width
    if layout is None:
        while i < len(texts):
            rows.append((cells[i][0], texts[i : i + width]))
            i += width
        return rows
    header = texts[:width]
    f, m, trailing = layout
    need = m - f + 1
    while i < len(texts):
        first = cells[i][0]
        buf: list[str] = []
        while i < len(texts):
            buf.append(texts[i])
            i += 1
            k = len(buf)
            if k >= need and k <= m + 1:
                aligned = {m - j: buf[k - 1 - j] for j in range(k)}
                if all(_fits(header[c], aligned[c]) for c in range(f, m + 1)) and any(is_number(aligned[c]) for c in range(f, m + 1)):
                    buf.extend(texts[i : i + trailing])
                    i += trailing
                    break
            if k > width:
                break
        row = [""] * (width - len(buf)) + buf if len(buf) < width else buf
        rows.append((first, row))
    return rows


def _layout(header: list[str]) -> tuple[int, int, int] | None:
    """(first, last, trailing): the run of number columns ending at the last number column,
    and how many columns follow it."""
    nums = [j for j, h in enumerate(header) if NUMBER_WORDS.search(h)]
    if not nums or not any(SCORE_WORDS.search(header[j]) for j in nums):
        return None
    m = max(j for j in nums if SCORE_WORDS.search(header[j]))
    f = m
    while f - 1 in nums:
        f -= 1
    return f, m, len(header) - 1 - m


def _fits(head: str, cell: str) -> bool:
    if SCORE_WORDS.search(head):
        return numberish(cell) and not cell.strip().endswith(("%", "％"))  # a percent is a rate, not a score
    return len(cell) <= 24 and "。" not in cell and "；" not in cell


# ---------------------------------------------------------------- aligned by spaces

def space_cells(line: str) -> list[str]:
    return [c for c in _GAP.split(line.strip()) if c]


def display_width(text: str) -> int:
    """Columns a monospaced display gives the text: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _positioned(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each cell of a space-aligned line, columns counted in display
    width (a CJK character takes two), as an editor or ``pdftotext -layout`` lines them up."""
    out = []
    pos = 0
    for part in _GAP_KEEP.split(line.rstrip()):
        if part and not _GAP.fullmatch(part):
            lead = len(part) - len(part.lstrip())
            if part.strip():
                out.append((pos + lead, part.strip()))
        pos += display_width(part)
    return out


def by_position(lines: list[str]) -> list[list[str]] | None:
    """Rows of a space-aligned block with each cell under the column its start position
    falls in, so an empty cell in the middle leaves a gap instead of shifting the rest left.
    None when the starts do not cluster into columns (then the cells stay in order)."""
    placed = [_positioned(line) for line in lines]
    starts = sorted(p for row in placed for p, _ in row)
    clusters: list[list[int]] = []
    for p in starts:
        if clusters and p - clusters[-1][-1] <= 2:
            clusters[-1].append(p)
        else:
            clusters.append([p])
    widest = max(len(row) for row in placed)
    if len(clusters) != widest or all(len(row) == widest for row in placed):
        return None  # a centred header or a ragged column: keep the cells in order
    bounds = [c[0] for c in clusters]
    rows = []
    for row in placed:
        cells = [""] * len(bounds)
        for p, text in row:
            k = max(i for i, b in enumerate(bounds) if b <= p)
            if cells[k]:
                return None  # two cells in one column: not a clean grid
            cells[k] = text
        while cells and not cells[-1]:
            cells.pop()
        rows.append(cells)
    return rows


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—]\s*\d{1,3}\s*[-—]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")


def _continues(line: str) -> bool:
    """An indented short piece of text alone on its line: the rest of a cell above it."""
    text = line.strip()
    return line.startswith("  ") and len(text) <= 12 and not is_number(text) and not numberish(text)


def _block_goes_on(lines: list[str], i: int) -> bool:
    """The next non-blank line (within two) is another row of columns."""
    for line in lines[i : i + 3]:
        if line.strip():
            return len(space_cells(line)) >= 2 and "|" not in line and "\t" not in line
    return False


def space_block(lines: list[str], start: int) -> tuple[list[tuple[int, list[str]]], int] | None:
    """Rows of columns aligned by runs of 2+ spaces (pdftotext -layout). Needs at least two
    such lines, one of them with three or more cells, and numbers in the block."""
    rows: list[tuple[int, list[str]]] = []
    i = start
    blank = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blank += 1
            if blank > 1:
                break
            i += 1
            continue
        cells = space_cells(line)
        if len(cells) == 1 and rows and _PAGE_NUMBER.match(line) and _block_goes_on(lines, i + 1):
            i, blank = i + 1, 0  # a page number between the table's two pages ("- 1 -", "第 1 页")
            continue
        if len(cells) == 1 and rows and blank == 0 and _continues(line) and _block_goes_on(lines, i + 1):
            rows.append((i + 1, cells))  # a name wrapped onto its own line, under its column
            i += 1
            continue
        blank = 0
        if len(cells) < 2 or "|" in line or "\t" in line:
            break
        if len(cells) == 2 and not any(is_number(c) for c in cells):
            break
        rows.append((i + 1, cells))
        i += 1
    if len(rows) < 2 or max(len(c) for _, c in rows) < 3:
        return None
    if not any(is_number(c) for _, cs in rows for c in cs):
        return None
    placed = by_position([lines[n - 1] for n, _ in rows])
    if placed is not None:
        rows = [(n, cells) for (n, _), cells in zip(rows, placed)]
    return rows, i


# ---------------------------------------------------------------- run together

_RUN_WORDS = re.compile(r"指标名称|计量单位|指标性质|指标值|完成值|得分系数|指标权重|指标得分|分值|得分|一级指标|二级指标|三级指标|评分标准|执行率|预算数|执行数")


def run_together(line: str) -> bool:
    """A line of table cells with no separator: several header words glued together and
    numbers glued to words, with hardly any spaces or punctuation between them."""
    s = line.strip()
    if len(s) < 30 or s.count(" ") > len(s) / 20:
        return False
    words = _RUN_WORDS.findall(s)
    if len(set(words)) < 3:
        return False
    glued = len(re.findall(r"[\u4e00-\u9fff%][0-9]|[0-9%][\u4e00-\u9fff]", s))
    return glued >= 4


# ---------------------------------------------------------------- short rows under a header

_CMP_NUMBER = re.compile(r"^[≥≤<>=＞＜≧≦]+\s*[-+]?\d")


def _num_like(cell: str) -> bool:
    return is_number(cell) or bool(_CMP_NUMBER.match(cell.strip()))


def is_header_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    if len(filled) < 3 or any(_num_like(c) for c in filled):
        return False
    return sum(1 for c in filled if HEADER_WORDS.search(c) and len(c) <= 16) >= 3


def align_rows(rows: list[tuple[int, list[str]]], shift_short: bool = True) -> list[tuple[int, list[str]]]:
    """Rows shorter than the header above them (their merged cells on the left were lost in
    the copy) are shifted right to where their numbers best fit the header's number
    columns. Rows of full width, and rows with no header above, are left as they are.
    ``shift_short=False`` (tab-separated rows, which keep their empty cells on the left and may
    drop them on the right) only gives a header that lost its name column its column back."""
    header: list[str] | None = None
    out: list[tuple[int, list[str]]] = []
    for n, cells in rows:
        if is_header_row(cells):
            header = cells
            out.append((n, cells))
            continue
        if header is not None and out and out[-1][1] is header and _lacks_name_column(header, cells):
            # the header's first cell (merged over two lines: "预算资金（万元）") stood on a line of its
            # own above it, or was lost: the header gets its name column back
            hn, _ = out.pop()
            first = ""
            if out and len(out[-1][1]) == 1 and not any(ch.isdigit() for ch in out[-1][1][0]):
                hn, (first,) = out.pop()
            header = [first, *header]
            out.append((hn, header))
        if header is None or not shift_short or len(cells) >= len(header) or not any(is_number(c) for c in cells):
            out.append((n, cells))
            continue
        shift = _best_shift(header, cells)
        out.append((n, [""] * shift + cells))
    return out


def _lacks_name_column(header: list[str], cells: list[str]) -> bool:
    """A header whose every cell names a figure (年初预算数 | 全年预算数 | … | 得分) over a row of as
    many cells (or one more) that starts with a name and goes on with figures: the header lost its
    first column."""
    return (len(cells) in (len(header), len(header) + 1) and bool(cells[0]) and not numberish(cells[0]) and not HEADER_WORDS.fullmatch(cells[0])
            and all(NUMBER_WORDS.search(h) for h in header if h) and sum(1 for c in cells[1:] if numberish(c)) >= 2)


def _best_shift(header: list[str], cells: list[str]) -> int:
    numcol = [bool(NUMBER_WORDS.search(h)) for h in header]
    score = [bool(SCORE_WORDS.search(h)) for h in header]
    last_num = max((j for j, c in enumerate(cells) if is_number(c)), default=None)
    m = max((j for j, s in enumerate(score) if s), default=None)
    best, best_value = 0, None
    for shift in range(0, len(header) - len(cells) + 1):
        value = 0
        for j, c in enumerate(cells):
            col = j + shift
            if not c:
                continue
            if score[col]:
                if is_number(c) and "%" not in c and "％" not in c:
                    value += 2
                elif "%" in c or "％" in c:
                    value -= 2
            elif numcol[col] == _num_like(c):
                value += 1
        if last_num is not None and m is not None and last_num + shift == m:
            value += 1
        if best_value is None or value > best_value:
            best, best_value = shift, value
    return best
