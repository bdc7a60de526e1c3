"""The prose's own arithmetic: stated rates against their inputs, the same figure stated twice
with different values, parts that should add up to their total, shares, growth rates, and counts
stated twice."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from ..extract import Extraction
from ..extract.claims import Fact
from ..extract.numbers import Num, find_numbers
from ..model import Evidence, Finding, Severity
from .common import Resolved, d, finding, q

HUNDRED = Decimal(100)
ZERO = Decimal(0)
LABELS = {
    "budget.initial": "年初预算", "budget.adjusted": "调整后（全年）预算", "budget.executed": "全年支出（执行数）",
    "budget.adjustment": "预算调整调剂金额", "three_public.budget": "“三公”经费预算", "three_public.actual": "“三公”经费实际支出",
    "public_funds.budget": "日常公用经费预算", "public_funds.actual": "日常公用经费决算数", "procurement.plan": "政府采购计划金额",
    "procurement.actual": "实际采购金额", "assets.fixed_in_use": "在用固定资产", "assets.fixed_total": "固定资产总额",
    "staffing.authorized": "核定编制数", "staffing.on_payroll": "在编人数", "staffing.contract": "编外人数",
    "petitions.received": "信访件数", "satisfaction": "满意度",
}
# stated rate → (label, numerator keys, denominator keys, value of 0/0)
RATES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], Decimal | None]] = {
    "rate.budget_execution": ("预算执行率", ("budget.executed",), ("budget.adjusted",), None),
    "rate.adjustment": ("调整调剂率", ("budget.adjustment",), ("budget.initial",), None),
    "rate.three_public": ("“三公”经费控制率", ("three_public.actual",), ("three_public.budget",), ZERO),
    "rate.public_funds": ("日常公用经费控制率", ("public_funds.actual",), ("public_funds.budget",), ZERO),
    "rate.procurement": ("政府采购执行率", ("procurement.actual",), ("procurement.plan",), HUNDRED),
    "rate.assets": ("固定资产利用率", ("assets.fixed_in_use",), ("assets.fixed_total",), None),
    "rate.payroll": ("财政供养人员控制率", ("staffing.on_payroll",), ("staffing.authorized",), None),
    "rate.contract": ("编外人员控制率", ("staffing.contract",), ("staffing.on_payroll", "staffing.contract"), None),
}


def _options(res: dict[str, Resolved], k: str) -> list[tuple[Decimal, Fact]]:
    r = res.get(k)
    if r is None:
        return []
    out = [(r.value, r.fact)]
    out += [(f.value, f) for f in r.conflicts]
    return out


def _fits(stated: Num, num: Decimal, den: Decimal, slack: Decimal) -> tuple[bool, bool]:
    """(matches under half-up within the inputs' rounding, matches only when cut rather than rounded)."""
    value = num / den * HUNDRED
    places = stated.places
    tol = Decimal(1).scaleb(-places) / 2 + slack
    exact = q(value, places) == stated.value
    within = abs(value - stated.value) <= tol
    cut = q(value, places, "truncate") == stated.value
    return exact or within, cut and not exact


def check_rates(ex: Extraction, res: dict[str, Resolved]) -> list[Finding]:
    out: list[Finding] = []
    for key, (label, nums, dens, zero) in RATES.items():
        for stated in ex.facts_for(key):
            combos = _combos(res, nums, dens)
            if not combos:
                continue
            primary_num, primary_den, first_facts = combos[0]
            if primary_den == 0:
                if zero is not None and primary_num == 0 and stated.value == zero:
                    continue
                continue
            slack = _slack(first_facts, primary_num, primary_den)
            ok, cut = _fits(stated.num, primary_num, primary_den, slack)
            computed = primary_num / primary_den
            formula = f"{d(primary_num)}/{_den(dens, res, primary_den)}"
            if ok:
                if q(computed * HUNDRED, stated.num.places) != stated.value:
                    how = "系截位而非四舍五入所得" if cut else "差异在所列金额的尾数误差之内"
                    out.append(finding(Severity.INFO, "rate_rounding", f"{label}写作 {stated.num.text}，按所列数字 {formula} = {_pct(computed, stated.num.places)}，{how}", stated.ev, *[f.ev for f in first_facts][:2], indicator=label, claimed=stated.num.text, recomputed=_pct(computed, stated.num.places)))
                continue
            alt = next(((n, dd, facts) for n, dd, facts in combos[1:] if dd and _fits(stated.num, n, dd, _slack(facts, n, dd))[0]), None)
            why = ""
            if alt is not None:
                changed = [f for f in alt[2] if f not in first_facts]
                why = "；报告比率与" + "、".join(f"{f.ev.loc}所列{LABELS.get(f.key, f.key)} {d(f.value)}" for f in changed) + " 相符，两处数字不一致"
            else:
                guess = _explain(ex, stated, primary_num)
                why = f"；{guess}" if guess else ""
            out.append(finding(Severity.WARNING, "rate_mismatch", f"{label}写作 {stated.num.text}，按报告所列 {formula} 计算应为 {_pct(computed, stated.num.places)}{why}", stated.ev, *[f.ev for f in first_facts][:2], indicator=label, claimed=stated.num.text, recomputed=_pct(computed, stated.num.places)))
    return out


def _pct(value: Decimal, places: int) -> str:
    return f"{q(value * HUNDRED, max(places, 2))}%"


def _den(keys: tuple[str, ...], res: dict[str, Resolved], value: Decimal) -> str:
    if len(keys) == 1:
        return d(value)
    return "(" + "+".join(d(res[k].value) for k in keys if k in res) + ")"


def _combos(res: dict[str, Resolved], nums: tuple[str, ...], dens: tuple[str, ...]) -> list[tuple[Decimal, Decimal, list[Fact]]]:
    keys = nums + tuple(k for k in dens if k not in nums)
    options = [_options(res, k) for k in keys]
    if any(not o for o in options):
        return []
    out: list[tuple[Decimal, Decimal, list[Fact]]] = []

    def walk(i: int, chosen: dict[str, tuple[Decimal, Fact]]) -> None:
        if i == len(keys):
            num = sum((chosen[k][0] for k in nums), ZERO)
            den = sum((chosen[k][0] for k in dens), ZERO)
            out.append((num, den, [chosen[k][1] for k in keys]))
            return
        for value, fact in options[i][:4]:
            walk(i + 1, chosen | {keys[i]: (value, fact)})

    walk(0, {})
    return out


def _slack(facts: list[Fact], num: Decimal, den: Decimal) -> Decimal:
    """How far the printed inputs' rounding can move the rate (in percentage points)."""
    if den == 0:
        return ZERO
    dn = sum((f.num.half_ulp for f in facts[:1]), ZERO)
    dd = sum((f.num.half_ulp for f in facts[1:]), ZERO)
    if dn == 0 and dd == 0:
        return ZERO
    hi = (num + dn) / max(den - dd, Decimal("1e-9"))
    lo = (num - dn) / (den + dd)
    return max(hi - num / den, num / den - lo) * HUNDRED


def _explain(ex: Extraction, stated: Fact, num: Decimal) -> str:
    """Another number printed in the same paragraph that, as the denominator, gives the stated rate."""
    para = next((p for p in ex.paras if p.index == stated.para), None)
    if para is None or num == 0:
        return ""
    for n in find_numbers(para.text):
        if n.value and n.value != num and n.kind in ("count", "money"):
            if q(num / n.value * HUNDRED, stated.num.places) == stated.value:
                return f"报告数恰为 {d(num)}/{d(n.value)}（{n.text} 见同段），分母口径与评分标准不同"
    return ""


def check_conflicts(ex: Extraction, res: dict[str, Resolved]) -> list[Finding]:
    out: list[Finding] = []
    for key, r in res.items():
        if not r.conflicts or key.startswith("rate.") or key not in LABELS:
            continue
        shown = "；".join([f"{r.fact.ev.loc} {d(r.value)}"] + [f"{f.ev.loc} {d(f.value)}" for f in r.conflicts])
        out.append(finding(Severity.WARNING, "figure_conflict", f"{LABELS[key]}前后不一：{shown}", r.fact.ev, *[f.ev for f in r.conflicts][:3], indicator=LABELS[key], claimed=" / ".join(d(v) for v in [r.value] + [f.value for f in r.conflicts])))
    for budget, executed, ev in ex.table_totals:
        for num, keys, label in ((executed, ("budget.executed",), "执行数"), (budget, ("budget.adjusted", "budget.initial"), "预算数")):
            if num is None:
                continue
            k = next((k for k in keys if k in res), None)
            if k is None:
                continue
            prose = res[k]
            tol = num.half_ulp * 10000 / 10000 + prose.fact.num.half_ulp + Decimal("0.005")
            if abs(num.value - prose.value) > tol:
                sev = Severity.WARNING if k != "budget.initial" else Severity.INFO
                out.append(finding(sev, "table_total_differs", f"自评表{label}合计 {d(num.value)} 万元（{num.text}），与正文{LABELS[k]} {d(prose.value)} 万元不同", ev, prose.fact.ev, claimed=num.value, recomputed=prose.value))
    return out


def _tol(nums: list[Num]) -> Decimal:
    return sum((n.half_ulp for n in nums), ZERO)


def check_arithmetic(ex: Extraction) -> list[Finding]:
    out: list[Finding] = []
    for s in ex.sums:
        parts = list(s.parts)
        unit = "万元" if s.total.kind == "money" else s.total.unit  # (money is held in 万元; head counts in 人 or 名)
        fits = False
        for k in range(len(parts), 1, -1):
            got = sum((p.value for p in parts[:k]), ZERO)
            if abs(got - s.total.value) <= _tol(parts[:k] + [s.total]):
                fits = True
                if got != s.total.value and k == len(parts):
                    out.append(finding(Severity.INFO, "sum_rounding", f"{s.total.text}的组成 {'+'.join(p.text for p in parts)} = {d(got)} {unit}，差 {d(s.total.value - got)}，在尾数误差之内", s.ev, claimed=s.total.value, recomputed=got))
                break
        if fits:
            continue
        got = sum((p.value for p in parts), ZERO)
        hint = _unit_hint(parts, s.total.value)
        out.append(finding(Severity.WARNING, "sum_mismatch", f"{s.total.text}，其中 {'、'.join(p.text for p in parts)}，合计 {d(got)} {unit}，与总数差 {d(s.total.value - got)} {unit}{hint}", s.ev, claimed=s.total.value, recomputed=got))
    for sh in ex.shares:
        if sh.part.value == 0 or any(_share_ok(sh.part.value, c, sh.pct) for c in sh.candidates):
            continue
        nearby = _nearby_money(ex, sh.para)
        if any(_share_ok(sh.part.value, c, sh.pct) for c in nearby):
            continue
        hint = ""
        if sh.part.unit == "元" and any(_share_ok(sh.part.value * 10000, c, sh.pct) for c in sh.candidates):
            hint = f"；若 {sh.part.text} 的单位为万元则相符，疑单位误写"
        near = min(sh.candidates, key=lambda c: abs(sh.part.value / c.value * HUNDRED - sh.pct.value) if c.value else Decimal(10**9), default=None)
        extra = f"（如 {d(sh.part.value)}/{d(near.value)} = {q(sh.part.value / near.value * HUNDRED, 2)}%）" if near is not None and near.value else ""
        out.append(finding(Severity.WARNING, "share_mismatch", f"{sh.part.text}占{sh.label or '比'} {sh.pct.text}，无法由本句所列金额复算{extra}{hint}", sh.ev, claimed=sh.pct.text))
    for g in ex.growths:
        if g.change is not None:
            base = g.now.value - g.change.value if not g.decrease else g.now.value + g.change.value
            delta = g.change.value
        elif g.base is not None:
            base, delta = g.base.value, abs(g.now.value - g.base.value)
        else:
            continue
        if base == 0:
            continue
        rate = delta / base * HUNDRED
        if abs(rate - g.pct.value) > Decimal(1).scaleb(-g.pct.places) / 2 + Decimal("0.01"):
            out.append(finding(Severity.WARNING, "growth_mismatch", f"增减幅度写作 {g.pct.text}，按所列数字 {d(delta)}/{d(base)} 计算为 {q(rate, 2)}%", g.ev, claimed=g.pct.text, recomputed=f"{q(rate, 2)}%"))
    return out


def _nearby_money(ex: Extraction, index: int) -> list[Num]:
    """Amounts in the paragraphs just before (a share of a total stated a paragraph earlier)."""
    out: list[Num] = []
    for p in ex.paras:
        if index - 2 <= p.index < index:
            out.extend(n for n in find_numbers(p.text) if n.kind == "money")
    return out


def _share_ok(part: Decimal, cand: Num, pct: Num) -> bool:
    if not cand.value:
        return False
    return abs(part / cand.value * HUNDRED - pct.value) <= Decimal(1).scaleb(-pct.places) / 2 + Decimal("0.005")


def _unit_hint(parts: list[Num], total: Decimal) -> str:
    for p in parts:
        if p.unit == "元":
            fixed = sum((x.value for x in parts if x is not p), ZERO) + p.value * 10000
            if abs(fixed - total) <= _tol(parts):
                return f"；若 {p.text} 的单位为万元则相符，疑单位误写"
    return ""


_CJK = re.compile(r"[\u4e00-\u9fff]")


def check_counts(ex: Extraction) -> list[Finding]:
    out: list[Finding] = []
    if ex.task_list is not None:
        listed, lev = ex.task_list
        claimed = [c for c in ex.counts if c.what == "key_task" and c.num.value != listed]
        if claimed:
            c = claimed[0]
            out.append(finding(Severity.WARNING, "count_mismatch", f"正文列出重点工作 {listed} 项，另处称“{c.ev.text.strip('…')[:30]}”（{d(c.num.value)} 项）", lev, c.ev, indicator="重点工作完成情况", claimed=c.num.value, recomputed=Decimal(listed)))
    seen: dict[str, list[tuple[tuple[Decimal, ...], Evidence]]] = defaultdict(list)
    for p in ex.paras:
        for clause in re.split(r"[，,。；;]", p.text):
            nums = [n for n in find_numbers(clause) if n.kind == "count"]
            if not nums:
                continue
            template = clause
            for n in sorted(nums, key=lambda n: -n.start):
                template = template[: n.start] + "#" + n.unit + template[n.end :]
            template = template.replace(" ", "")
            if len(_CJK.findall(template)) < 8:
                continue
            start = p.text.find(clause)
            seen[template].append((tuple(n.value for n in nums), p.evidence(max(start, 0), max(start, 0) + len(clause))))
    for template, items in seen.items():
        values = {v for v, _ in items}
        if len(values) > 1:
            shown = "；".join(f"{ev.loc} {'、'.join(d(x) for x in v)}" for v, ev in items[:4])
            out.append(finding(Severity.WARNING, "restated_count_differs", f"同一表述在不同处数字不同（{template.replace('#', '…')[:40]}）：{shown}", *[ev for _, ev in items][:3]))
    return out
