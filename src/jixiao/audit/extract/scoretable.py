"""Rows of a 评分表 as tokens: names with their printed weights, the score, the 扣分说明.

Converted tables lose their columns: a name and its weight share a cell ("预算执行率 20"),
a score is glued to the end of the 评分标准 ("…得0分。 2"), a row's cells shift. So each row is
read as a stream: names and numbers before the first long text (the 指标说明/评分标准) are
names and weights; the score is the cell under the header's score column when the row keeps
the header's layout, else the last number after the long text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Evidence
from .numbers import Num, cell_number
from .tables import TRow, TView

_TEXTY = re.compile(r"[。；;]|<p>|^\s*\d+[.．、]\s*\S.{8,}|[(（](?<![\d.])\d{1,15}(?:\.\d{1,6})?\s*分[)）]")
_TRAIL = re.compile(r"(?<=[。；;)）%\]])\s*(?P<num>(?<![\d.])\d{1,15}(?:\.\d{1,6})?)\s*$")
_LEAD = re.compile(r"^(?P<num>(?<![\d.])\d{1,15}(?:\.\d{1,6})?)\s+(?=\D)")
_TOTAL = re.compile(r"^(?:总得分(?:情况)?|综合评分|综合得分|总分|合计|总计|自评得分|得分合计)$")
_GRADE = re.compile(r"^(?:评分等级|评价等级|等级|评级|评价结果)$")
_SCORE_HEADS = ("得分", "分数", "自评分")
_WEIGHT_HEADS = ("分值", "权重", "满分")


def is_score_table(view: TView) -> bool:
    head = "".join(view.header)
    weights = any(w in head for w in _WEIGHT_HEADS) or ("一级指标" in head and "三级指标" in head)
    return any(w in head for w in _SCORE_HEADS) and weights and "指标" in head


@dataclass
class Token:
    kind: str  # name | num | text
    text: str
    cell: int
    num: Num | None = None


@dataclass
class ScoreRow:
    view: TView
    trow: TRow
    lead: list[Token] = field(default_factory=list)  # names and weights before the long text
    texts: list[Token] = field(default_factory=list)
    score: Num | None = None
    score_cell: int | None = None
    score_after: str = ""  # the text cell just before the score (the 评分标准, usually)
    note: str = ""  # 扣分说明 after the score
    kind: str = "data"  # data | total | grade

    def ev(self, cell: int | None = None) -> Evidence:
        idx = cell if cell is not None else next((i for i, c in enumerate(self.trow.cells) if c), 0)
        text = self.trow.cells[idx] if idx < len(self.trow.cells) else ""
        return Evidence.of(self.trow.loc(idx), text)

    @property
    def names(self) -> list[Token]:
        return [t for t in self.lead if t.kind == "name"]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.texts)


def _is_text(cell: str) -> bool:
    return len(cell) > 22 or bool(_TEXTY.search(cell))


def _split_short(cell: str, index: int) -> list[Token]:
    out = []
    for part in cell.split():
        num = cell_number(part)
        if num is not None:
            out.append(Token("num", part, index, num))
        elif re.search(r"[\u4e00-\u9fff]", part):
            out.append(Token("name", part.rstrip(":：;；"), index))
    return out


def _header_col(header: list[str], heads: tuple[str, ...]) -> int | None:
    for i, h in enumerate(header):
        last = h.split("/")[-1] if h else ""
        if any(w in last for w in heads) or any(w in h for w in heads) and "说明" not in h:
            return i
    return None


def parse_row(view: TView, trow: TRow) -> ScoreRow:
    row = ScoreRow(view, trow)
    cells = trow.cells
    first = trow.first
    if _TOTAL.match(first.replace(" ", "")) or _GRADE.match(first.replace(" ", "")):
        row.kind = "total" if _TOTAL.match(first.replace(" ", "")) else "grade"
        for i, c in enumerate(cells):
            num = cell_number(c)
            if num is not None:
                row.score, row.score_cell = num, i  # the last number: "合计 | 100 | 90.50" prints the weight first
        return row
    seen_text = False
    trailing: list[Token] = []
    for i, c in enumerate(cells):
        if not c:
            continue
        if _is_text(c):
            if not seen_text:
                lead = _LEAD.match(c)
                if lead and row.lead and row.lead[-1].kind == "name":
                    row.lead.append(Token("num", lead.group("num"), i, cell_number(lead.group("num"))))
            seen_text = True
            tok = Token("text", c, i)
            row.texts.append(tok)
            trailing.append(tok)
            continue
        if not seen_text:
            row.lead.extend(_split_short(c, i))
        else:
            num = cell_number(c)
            trailing.append(Token("num", c, i, num) if num is not None else Token("text", c, i))
    header = trow.header or view.header
    col = _header_col(header, _SCORE_HEADS)
    if col is not None and len(cells) == len(header) and col < len(cells):
        num = cell_number(cells[col])
        if num is not None:
            row.score, row.score_cell = num, col
            row.lead = [t for t in row.lead if t.cell != col]
    if row.score is None and seen_text:
        nums = [t for t in trailing if t.kind == "num"]
        if nums:
            pick = nums[-1] if len(nums) > 1 and _is_text(trailing[-1].text) is False and trailing[-1] is nums[-1] else nums[0]
            row.score, row.score_cell = pick.num, pick.cell
        else:
            last = next((t for t in reversed(trailing) if t.kind == "text"), None)
            m = _TRAIL.search(last.text) if last else None
            if m and last is not None:
                row.score, row.score_cell = cell_number(m.group("num")), last.cell
    if row.score is None and not seen_text:
        nums = [t for t in row.lead if t.kind == "num"]
        wcol = _header_col(header, _WEIGHT_HEADS)
        if col is not None and wcol is not None and len(nums) >= 2 and col > wcol:
            last = nums[-1]
            row.lead.remove(last)
            row.score, row.score_cell = last.num, last.cell
    if row.score_cell is not None:
        before = [t for t in row.texts if t.cell < row.score_cell or t.cell == row.score_cell]
        row.score_after = before[-1].text if before else ""
        row.note = " ".join(t.text for t in row.texts if t.cell > row.score_cell)
    return row


def score_rows(view: TView) -> list[ScoreRow]:
    return [parse_row(view, r) for r in view.rows]
