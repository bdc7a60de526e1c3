"""Tables that carry figures: 个性指标 (target vs actual, weight, score), the quarterly execution
table, the national 年度资金总额 row, the 自评表's 金额合计, and 二级项目 lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Evidence
from .numbers import UNITS, Num, cell_number, is_dash
from .tables import TRow, TView

_WEIGHT_IN_NAME = re.compile(r"[(（]\s*((?<![\d.])\d{1,15}(?:\.\d{1,6})?)\s*分\s*[)）]")
_QUARTER = re.compile(r"^第?([一二三四1-4])季度")
_QN = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _col(view: TView, include: tuple[str, ...], exclude: tuple[str, ...] = ()) -> int | None:
    for i, h in enumerate(view.header):
        if any(w in h for w in include) and not any(w in h for w in exclude):
            return i
    return None


def _cell(row: TRow, i: int | None) -> str:
    return row.cells[i] if i is not None and i < len(row.cells) else ""


def _ev(row: TRow, i: int | None) -> Evidence:
    idx = i if i is not None and i < len(row.cells) else 0
    return Evidence.of(row.loc(idx), row.cells[idx] if idx < len(row.cells) else "")


@dataclass
class TargetRow:
    view: TView
    row: TRow
    top: str
    category: str
    name: str
    weight: Num | None
    weight_ev: Evidence | None
    target: str
    actual: str
    score: Num | None
    score_ev: Evidence | None


def is_target_table(view: TView) -> bool:
    return _col(view, ("指标值", "目标值", "预期"), ("实际", "完成指标值")) is not None and _col(view, ("实际", "完成值", "实现情况")) is not None


def target_rows(view: TView) -> list[TargetRow]:
    top_c = _col(view, ("一级指标",))
    cat_c = _col(view, ("二级指标", "指标类别", "类别"))
    name_c = _col(view, ("三级指标", "绩效指标", "指标名称"))
    weight_c = _col(view, ("分值", "权重"))
    target_c = _col(view, ("指标值", "目标值", "预期"), ("实际", "完成指标值"))
    actual_c = _col(view, ("实际", "完成值", "实现情况"))
    score_c = _col(view, ("得分",))
    out: list[TargetRow] = []
    top = cat = ""
    for r in view.rows:
        top = _cell(r, top_c) or top
        cat = _cell(r, cat_c) or cat
        name = _cell(r, name_c)
        if not name:
            continue
        weight = cell_number(_cell(r, weight_c)) if weight_c is not None else None
        weight_ev = _ev(r, weight_c) if weight is not None else None
        if weight is None:
            m = _WEIGHT_IN_NAME.search(name)
            if m:
                weight, weight_ev = cell_number(m.group(1)), _ev(r, name_c)
        score = cell_number(_cell(r, score_c)) if score_c is not None else None
        out.append(TargetRow(view, r, top, cat, name, weight, weight_ev, _cell(r, target_c), _cell(r, actual_c), score, _ev(r, score_c) if score is not None else None))
    return out


@dataclass
class QRow:
    quarter: int  # 1..4, 0 for the average row, 5 for the total row
    base: Num | None
    spent: Num | None
    progress: Num | None  # percent as printed
    ratio: Num | None  # percent of 序时进度 as printed
    score: Num | None
    ev: Evidence
    row: TRow


def quarter_table(view: TView) -> list[QRow]:
    if not any("季度" in h for h in view.header) and not any(_QUARTER.match(r.first) for r in view.rows):
        return []
    score_c = _col(view, ("得分",))
    out: list[QRow] = []
    for r in view.rows:
        first = r.first.replace(" ", "")
        m = _QUARTER.match(first)
        quarter = _QN[m.group(1)] if m else 0 if "平均" in first else 5 if ("总得分" in first or "合计" in first) else -1
        if quarter < 0:
            continue
        money: list[Num] = []
        pcts: list[Num] = []
        score = None
        for i, c in enumerate(r.cells):
            if i == 0 or not c:
                continue
            n = cell_number(c, allow_pct=True)
            if n is None:
                continue
            if i == score_c and n.unit != "%":
                score = n
            elif n.unit == "%":
                pcts.append(n)
            else:
                money.append(n)
        if score is None and quarter in (0, 5) and money:
            score = money.pop()
        out.append(QRow(quarter, money[0] if money else None, money[1] if len(money) > 1 else None,
                        pcts[0] if quarter and len(pcts) >= 1 else None,
                        pcts[1] if len(pcts) >= 2 else (pcts[0] if quarter == 0 and pcts else None),
                        score, _ev(r, 0), r))
    return out if any(q.quarter in (1, 2, 3, 4) for q in out) else []


@dataclass
class FundsRow:
    initial: Num | None
    adjusted: Num | None
    executed: Num | None
    weight: Num | None
    rate: Num | None
    score: Num | None
    row: TRow
    view: TView

    def ev(self, num: Num | None) -> Evidence:
        for i, c in enumerate(self.row.cells):
            if num is not None and c and cell_number(c, allow_pct=True) == num:
                return _ev(self.row, i)
        return _ev(self.row, 0)


def funds_rows(view: TView) -> list[FundsRow]:
    """The national 自评表's 年度资金总额 row: 年初预算数 全年预算数 全年执行数 分值 执行率 得分."""
    adj_c = _col(view, ("全年预算",))
    exe_c = _col(view, ("全年执行", "执行数"))
    if adj_c is None or exe_c is None or _col(view, ("执行率",)) is None:
        return []
    init_c = _col(view, ("年初预算",))
    weight_c = _col(view, ("分值",))
    rate_c = _col(view, ("执行率",))
    score_c = _col(view, ("得分",))
    out = []
    rows = [r for r in view.rows if cell_number(_cell(r, exe_c)) is not None]
    # the department's whole: a 合计/总计 row (a table by use: 基本支出, 项目支出, 合计), else the
    # first row (the national form's 年度资金总额, before the 其中 rows breaking it down by source)
    whole = [r for r in rows if any(w in c.replace(" ", "") for c in r.cells[:3] for w in ("合计", "总计", "资金总额"))]
    for r in whole[:1] or rows[:1]:
        exe = cell_number(_cell(r, exe_c))
        out.append(FundsRow(cell_number(_cell(r, init_c)), cell_number(_cell(r, adj_c)), exe, cell_number(_cell(r, weight_c)),
                            cell_number(_cell(r, rate_c), allow_pct=True), cell_number(_cell(r, score_c)), r, view))
    return out


@dataclass
class ProjectRow:
    seq: str
    name: str
    budget: Num | None  # in 万元
    spent: Num | None
    rate: Num | None
    row: TRow


@dataclass
class ProjectTable:
    view: TView
    rows: list[ProjectRow] = field(default_factory=list)
    seq_col: int | None = None
    budget_col: int | None = None
    spent_col: int | None = None
    rate_col: int | None = None


def _unit_factor(header: str, before: str) -> Decimal:
    for text in (header, before):
        if "万元" in text:
            return Decimal(1)
        if "元" in text:
            return UNITS["元"][1]
    return Decimal(1)


def project_table(view: TView) -> ProjectTable | None:
    name_c = _col(view, ("项目名称", "项目"))
    budget_c = _col(view, ("全年预算", "调整后预算"), ("执行率",)) or _col(view, ("预算",), ("执行率", "年初", "调整数")) or _col(view, ("预算",), ("执行率",))
    spent_c = _col(view, ("支出", "执行数", "实际"), ("执行率", "预算"))
    if name_c is None or budget_c is None or spent_c is None or "项目" not in view.header[name_c]:
        return None
    table = ProjectTable(view, [], _col(view, ("序号",)), budget_c, spent_c, _col(view, ("执行率", "完成率")))
    fb = _unit_factor(view.header[budget_c], view.before)
    fs = _unit_factor(view.header[spent_c], view.before)
    for r in view.rows:
        name = _cell(r, name_c)
        if not name or "合计" in name.replace(" ", "") or "总计" in name:
            continue
        budget = _money(_cell(r, budget_c), fb)
        spent = _money(_cell(r, spent_c), fs)
        if budget is None and spent is None:
            continue
        rate = cell_number(_cell(r, table.rate_col), allow_pct=True) if table.rate_col is not None else None
        table.rows.append(ProjectRow(_cell(r, table.seq_col), name, budget, spent, rate, r))
    return table if len(table.rows) >= 2 else None


def _money(cell: str, factor: Decimal) -> Num | None:
    if is_dash(cell):
        return Num(Decimal(0), "", "money", 2, 0, 0, cell)
    n = cell_number(cell)
    if n is None:
        return None
    return Num(n.value * factor, n.unit, "money", n.places, 0, 0, n.text)


def total_row(view: TView) -> tuple[Num | None, Num | None, Evidence] | None:
    """The 自评表's 金额合计 row: (预算数 total, 执行数 total) in 万元 — from the 全年预算数 and
    执行数 columns when the row keeps the header's columns, else by position among its numbers."""
    b_c = _col(view, ("全年预算", "调整后预算", "全年(调整)预算")) or _col(view, ("预算数",), ("调整数",)) or _col(view, ("预算数",))
    e_c = _col(view, ("执行数",))
    if b_c is None or e_c is None:
        return None
    fb = _unit_factor(view.header[b_c], view.before)
    fe = _unit_factor(view.header[e_c], view.before)
    for r in view.rows:
        label = next((i for i, c in enumerate(r.cells[:3]) if "合计" in c.replace(" ", "")), None)
        if label is None:
            continue
        cand = [c for c in r.cells[label + 1 :] if any(ch.isdigit() for ch in c)]
        if not cand:
            return None
        if len(r.cells) == len(view.header) and label < min(b_c, e_c):
            bud, exe = cell_number(r.cells[b_c]), cell_number(r.cells[e_c])
        else:
            bud = cell_number(cand[0])
            exe = next((n for n in (cell_number(c) for c in cand[len(cand) // 2 :]) if n is not None), None) if len(cand) > 1 else None

        def scale(n: Num | None, f: Decimal) -> Num | None:
            return Num(n.value * f, "万元", "money", n.places, 0, 0, n.text) if n is not None else None

        return scale(bud, fb), scale(exe, fe), _ev(r, label)
    return None

