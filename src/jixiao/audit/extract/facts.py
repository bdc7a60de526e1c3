"""Figures stated in prose: budgets, 三公/日常公用经费, procurement, assets, staffing,
petitions, satisfaction, quarterly progress — each with its evidence.

A sentence (cut at 。 and ；) gets a topic from its keywords; within the topic a label
("实际支出", "核定编制数" …) followed by a number with the right kind of unit is a fact.
Comparisons ("较上年增加 …") are skipped; values after 其中 are components.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .claims import Fact
from .numbers import Num, find_numbers
from .paras import Para

_SPLIT = re.compile(r"(?<=[。；;！？])")
_GAP = re.compile(r"(?:\s|和[^，。；\d%]{0,14}?率|为|是|达到|达|共计|共|合计|总计|计|约|:|：|安排|金额|总额|的|均|（[^（）\d]{0,16}）|\([^()\d]{0,16}\))*")
_COMPARE = re.compile(r"较|比|同比|上年|上一年|去年|增加|减少|增长|下降|新增|新购|处置|报废|调拨")
_SUBSET = re.compile(r"项目|基本|人员|公用|三公|采购|资产|基金|专项|结转|结余")


@dataclass(frozen=True, slots=True)
class Spec:
    key: str
    label: re.Pattern[str]
    kinds: tuple[str, ...]  # accepted unit kinds of the value
    role: str = "main"
    totals_only: bool = False  # reject when the clause names a subset (项目、基本支出 …)


def _s(key: str, label: str, kinds: tuple[str, ...], role: str = "main", totals_only: bool = False) -> Spec:
    return Spec(key, re.compile(label), kinds, role, totals_only)


MONEY = ("money",)
PCT = ("pct",)
COUNT = ("count",)

# topic → (keywords, specs). Order of specs matters: the first label matching at a place wins.
TOPICS: list[tuple[str, tuple[str, ...], list[Spec]]] = [
    ("three_public", ("三公",), [
        _s("three_public.budget", r"全年预算数?|调整(?:后)?预算数?", MONEY),
        _s("three_public.budget", r"年初预算数?", MONEY, role="initial"),
        _s("three_public.actual", r"实际支出数?|预算支出|决算数|支出数?", MONEY),
        _s("three_public.budget", r"预算(?:安排)?数?", MONEY),
        _s("rate.three_public", r"控制率|执行率", PCT),
    ]),
    ("public_funds", ("日常公用经费",), [
        _s("public_funds.budget", r"全年预算数?|调整(?:后)?预算数?", MONEY),
        _s("public_funds.budget", r"年初预算数?", MONEY, role="initial"),
        _s("public_funds.actual", r"决算数|实际支出数?|支出数?", MONEY),
        _s("public_funds.budget", r"预算(?:安排)?数?", MONEY),
        _s("rate.public_funds", r"控制率|执行率", PCT),
    ]),
    ("procurement", ("政府采购",), [
        _s("procurement.plan", r"采购计划(?:金额)?|采购预算(?:金额)?|计划金额", MONEY),
        _s("procurement.actual", r"实际采购(?:金额)?|实际(?:完成|支出|执行)(?:金额)?|采购金额", MONEY),
        _s("rate.procurement", r"执行率", PCT),
    ]),
    ("assets", ("固定资产",), [
        _s("assets.fixed_in_use", r"在用(?:固定资产)?(?:总额|原值|金额)?", MONEY),
        _s("assets.fixed_total", r"固定资产(?:原值|总额|总值|账面原值)|所有固定资产总额", MONEY),
        _s("rate.assets", r"利用率|使用率|的比例", PCT),
    ]),
    ("staffing", ("编制数", "核定编制", "行政编", "事业编", "在编", "编外", "财政供养"), [
        _s("rate.payroll", r"财政供养人员控制率", PCT),
        _s("rate.contract", r"编外人员控制率", PCT),
        _s("staffing.authorized", r"核定编制数?|(?:行政|事业)编制数?|编制数", COUNT),
        _s("staffing.on_payroll", r"(?:实有|年末|实际|现有)在编(?:人数|人员|数)?|在编(?:人数|人员|数)", COUNT),
        _s("staffing.contract", r"编外人员(?:共计|总数|数)?|编外", COUNT),
    ]),
    ("petitions", ("信访", "咨询件", "来信来访"), [
        _s("rate.petitions_timely", r"(?:及时|按时)(?:办理)?(?:回复|办结)率", PCT),
        _s("rate.petitions_reply", r"(?:办理)?回复率", PCT),
        _s("petitions.received", r"(?:办理|收到|受理|接收|接到)(?:了)?(?:群众)?(?:信访|来信来访)?(?:件)?", COUNT),
    ]),
    ("budget", ("预算", "支出", "执行", "调整", "调剂"), [
        _s("rate.budget_execution", r"(?:年度)?预算执行率|支出率|支出执行率", PCT, totals_only=True),
        _s("rate.adjustment", r"调整调剂率|调整率|调剂率", PCT),
        _s("budget.adjustment", r"调整金额|调整、?调剂(?:数|额|金额|资金)?(?:累计)?|预算调整调剂数|调剂金额", MONEY),
        _s("budget.adjusted", r"全年预算(?:收入|支出|数)?|调整后(?:的)?(?:部门)?预算(?:数|收入|支出)?|预算(?:总)?收入调整为|支出预算调整为", MONEY, totals_only=True),
        _s("budget.initial", r"年初(?:部门)?预算(?:收入|支出|数|金额|安排)?|部门预算(?:收入|支出)", MONEY, totals_only=True),
        _s("budget.executed", r"(?:年末|全年)执行数|执行数|(?:财政拨款|整体(?:预算)?|全年|年度|实际)支出(?:数)?|支出数|决算数", MONEY, totals_only=True),
    ]),
]
_SAT = re.compile(r"(?P<label>(?:综合|整体|总体)(?:满意度)?得分|(?:社会公众|公众|服务对象|群众|综合|整体|总体)?满意(?:度|率)(?:得分)?)")


def _pieces(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for piece in _SPLIT.split(text):
        if piece:
            out.append((pos, piece))
        pos += len(piece)
    return out


def _topic(piece: str) -> tuple[str, list[Spec]] | None:
    for name, words, specs in TOPICS:
        if any(w in piece for w in words):
            return name, specs
    return None


def _value_after(piece: str, pos: int, kinds: tuple[str, ...]) -> Num | None:
    gap = _GAP.match(piece, pos)
    start = gap.end() if gap else pos
    for num in find_numbers(piece[start : start + 40]):
        if num.start != 0:
            return None
        if num.kind in kinds:
            return Num(num.value, num.unit, num.kind, num.places, start + num.start, start + num.end, num.text)
        return None
    return None


def _clause_start(piece: str, pos: int) -> int:
    cut = max(piece.rfind(c, 0, pos) for c in "，,：:")
    return cut + 1


def facts_in(para: Para) -> list[Fact]:
    out: list[Fact] = []
    for offset, piece in _pieces(para.text):
        if "满意" in piece and "活动" not in piece and "调查工作" not in piece:
            out.extend(_satisfaction(para, offset, piece))
        found = _topic(piece)
        if found is None:
            continue
        _, specs = found
        taken: list[tuple[int, int]] = []
        for spec in specs:
            for m in spec.label.finditer(piece):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                num = _value_after(piece, m.end(), spec.kinds)
                if num is None:
                    continue
                clause_from = _clause_start(piece, m.start())
                before = piece[clause_from : m.start()]
                if _COMPARE.search(piece[max(clause_from, m.start() - 8) : m.start()]):
                    continue
                if spec.totals_only and (_SUBSET.search(before) or _SUBSET.search(piece[: m.start()])):
                    continue
                role = spec.role
                if role == "main" and "其中" in piece[: m.start()]:
                    role = "component"
                taken.append((m.start(), num.end))
                start = offset + m.start()
                sentence = para.text.rfind("。", 0, start) + 1
                out.append(Fact(spec.key, num, para.evidence(start, offset + num.end), para.index, sentence, "prose", role))
    return out


_TARGET_NAME = re.compile(r"(?:绩效目标|绩效指标|个性指标|目标|指标)\s*[“\"「『]\s*$")
_TARGET_WORD = re.compile(r"目标|指标值|预期|计划")


def _satisfaction(para: Para, offset: int, piece: str) -> list[Fact]:
    best: tuple[int, Fact] | None = None
    for m in _SAT.finditer(piece):
        if _TARGET_NAME.search(piece, 0, m.start()):
            continue  # 绩效目标“群众满意率”：… — a performance target's figures, not the survey's result
        skip = re.match(r"[^，,。；;\d%（(扣减低高增降]{0,8}?(?=\s*\d)", piece[m.end() :])
        if skip is not None and _TARGET_WORD.search(skip.group(0)):
            continue  # "满意率：目标值 ≥90%": the value aimed at, not the one reached
        scored = "得分" in m.group("label") or (skip is not None and "得分" in skip.group(0))
        num = _value_after(piece, m.end() + (skip.end() if skip else 0), ("pct", "points", "bare") if scored else ("pct",))
        if num is None or not (0 <= num.value <= 100):
            continue
        label = m.group("label")
        rank = 0 if label[:2] in ("综合", "整体", "总体") else 1 if label[:2] in ("公众", "服务", "社会", "群众") else 2
        fact = Fact("satisfaction", num, para.evidence(offset + m.start(), offset + num.end), para.index, offset)
        if best is None or rank < best[0]:
            best = (rank, fact)
    return [best[1]] if best else []


_QUARTER = re.compile(r"第?([一二三四1-4])季度")
_RESPECTIVELY = re.compile(r"分别为|分别是|依次为")
_QN = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def quarters_in(para: Para) -> list[tuple[int, Num, Fact]]:
    """(quarter, value, fact) for quarterly percentages stated in prose."""
    out: list[tuple[int, Num, Fact]] = []
    for offset, piece in _pieces(para.text):
        if "季度" not in piece:
            continue
        m = _RESPECTIVELY.search(piece)
        if m and ("第一至" in piece[: m.start()] or "一至四" in piece[: m.start()] or "四个季度" in piece or "四季度" in piece[: m.start()]):
            nums = [n for n in find_numbers(piece[m.end() :]) if n.kind == "pct"][:4]
            if len(nums) == 4:
                for q, n in enumerate(nums, 1):
                    ev = para.evidence(offset + m.end() + n.start, offset + m.end() + n.end)
                    out.append((q, n, Fact(f"quarterly.q{q}", n, ev, para.index, offset)))
                continue
        marks = list(_QUARTER.finditer(piece))
        for i, mq in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(piece)
            window = piece[mq.end() : min(end, mq.end() + 24)]
            nums = [n for n in find_numbers(window) if n.kind == "pct"]
            if nums and "序时" not in window[: nums[0].start]:
                n = nums[0]
                q = _QN[mq.group(1)]
                ev = para.evidence(offset + mq.start(), offset + mq.end() + n.end)
                out.append((q, n, Fact(f"quarterly.q{q}", n, ev, para.index, offset)))
    return out
