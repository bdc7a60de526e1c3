"""The report's own figures as a jixiao input (DepartmentYear), so the engine can score them.

Only what the report states goes in; a figure it does not state stays absent and the
indicators that need it come out *missing*. Where the report states a settled fact without a
count ("所有项目均按计划时间完成", "回复率达100%") a count that gives the same rate is used, and
the note says so.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ...core.framework import Framework
from ...core.inputs import DepartmentYear
from ...core.rules.targets import TargetsRule
from ...io.inputs import InputError, load_input_data
from ..extract import Extraction
from ..extract.tabledata import TargetRow
from ..extract.text import key
from .common import Resolved
from .targets import target_to_input

HUNDRED = Decimal(100)
SCHEDULE = (Decimal(25), Decimal(50), Decimal(75), Decimal(100))


def _v(res: dict[str, Resolved], k: str) -> Decimal | None:
    r = res.get(k)
    return r.value if r else None


def quarter_progress(ex: Extraction) -> tuple[dict[int, Decimal], str]:
    """Quarterly cumulative progress (percent) and where it came from.

    A table with spending per quarter wins; prose percentages are read as progress when they
    rise quarter by quarter to at most ~100% (or beyond, when the sentence calls them 累计支出进度),
    else as ratios to 序时进度 (25/50/75/100%)."""
    rows = {r.quarter: r for r in ex.quarter_rows if r.quarter in (1, 2, 3, 4)}
    if len(rows) == 4:
        out: dict[int, Decimal] = {}
        for qn, r in rows.items():
            if r.progress is not None:
                out[qn] = r.progress.value
            elif r.spent is not None and r.base is not None and r.base.value:
                out[qn] = r.spent.value / r.base.value * HUNDRED
        if len(out) == 4:
            return out, "季度执行表"
    stated: dict[int, Decimal] = {}
    said: dict[int, str] = {}
    for qn, num, fact in ex.quarters:
        if qn not in stated:
            stated[qn] = num.value
            said[qn] = _sentence_of(ex, fact)
    if len(stated) == 4:
        seq = [stated[i] for i in (1, 2, 3, 4)]
        words = " ".join(dict.fromkeys(said.values()))
        called_progress = bool(_PROGRESS_WORDS.search(words)) and not _RATIO_WORDS.search(words)
        # cumulative progress may pass 100% (spending above the adjusted budget): the wording decides then
        if all(a <= b for a, b in zip(seq, seq[1:])) and (seq[-1] <= Decimal(101) or called_progress):
            return stated, "正文所列季度累计支出进度"
        as_progress = [v * s / HUNDRED for v, s in zip(seq, SCHEDULE)]
        if all(a <= b for a, b in zip(as_progress, as_progress[1:])):
            return dict(zip((1, 2, 3, 4), as_progress)), "正文所列各季度执行率（换算为累计进度）"
        return stated, "正文所列季度数"
    return {}, ""


_PROGRESS_WORDS = re.compile(r"累计(?:支出|执行)?进度|支出进度|累计支出(?:比例|占比)")
_RATIO_WORDS = re.compile(r"执行率|与序时进度之?比|/\s*序时|占序时进度")


def _sentence_of(ex: Extraction, fact) -> str:
    """The sentence a quarterly figure was read from ('' for one read from a table note)."""
    para = next((p for p in ex.paras if p.index == fact.para), None)
    if para is None:
        return ""
    start = max(0, fact.sentence)
    end = para.text.find("。", start)
    return para.text[start : end if end >= 0 else len(para.text)]


def _count(n: Decimal | None) -> int | None:
    if n is None or n != n.to_integral_value():
        return None
    return int(n)


def build_input(ex: Extraction, fw: Framework, res: dict[str, Resolved]) -> tuple[DepartmentYear | None, list[str]]:
    notes: list[str] = []
    raw: dict = {"department": ex.meta.department or "（未识别部门）", "year": ex.meta.year or 2000, "framework": fw.id}
    budget = {k: _v(res, f"budget.{k}") for k in ("initial", "adjusted", "executed", "adjustment")}
    uses_adjustment = any("budget.adjustment" in p.rule.facts_used() for _, ind in fw.leaves() for p in ind.parts or ())
    if uses_adjustment and budget["adjustment"] is None and budget["initial"] is not None and budget["adjusted"] is not None:
        budget["adjustment"] = abs(budget["adjusted"] - budget["initial"])
        notes.append(f"调整调剂金额按年初预算与调整后预算之差推算（{budget['adjustment']}）")
    raw["budget"] = {k: str(v) for k, v in budget.items() if v is not None}
    progress, source = quarter_progress(ex)
    if progress:
        raw["quarterly"] = [{"quarter": qn, "progress_pct": str(v)} for qn, v in sorted(progress.items())]
        notes.append(f"季度进度取自{source}")
    for group in ("three_public", "public_funds"):
        entry = {k: str(v) for k, v in (("budget", _v(res, f"{group}.budget")), ("actual", _v(res, f"{group}.actual"))) if v is not None}
        rate = _v(res, f"rate.{group}")
        if len(entry) < 2 and rate is not None:
            entry = {"rate_pct": str(rate)}
        if entry:
            raw[group] = entry
    proc = {k: str(v) for k, v in (("plan", _v(res, "procurement.plan")), ("actual", _v(res, "procurement.actual"))) if v is not None}
    if len(proc) < 2 and _v(res, "rate.procurement") is not None:
        proc = {"rate_pct": str(_v(res, "rate.procurement"))}
    if proc:
        raw["procurement"] = proc
    assets = {k: str(v) for k, v in (("fixed_in_use", _v(res, "assets.fixed_in_use")), ("fixed_total", _v(res, "assets.fixed_total"))) if v is not None}
    if _v(res, "rate.assets") is not None:
        assets["utilization_pct"] = str(_v(res, "rate.assets"))
    if assets:
        raw["assets"] = assets
    staff = {k: _count(_v(res, f"staffing.{k}")) for k in ("authorized", "on_payroll", "contract")}
    if any(v is not None for v in staff.values()):
        raw["staffing"] = {k: v for k, v in staff.items() if v is not None}
    _petitions(ex, res, raw, notes)
    _projects_and_tasks(ex, res, raw, notes)
    sat = _v(res, "satisfaction")
    if sat is not None:
        raw["satisfaction_pct"] = str(sat)
    targets = _targets(ex, fw, notes)
    if targets:
        raw["targets"] = targets
    try:
        return load_input_data(raw, "<audit>"), notes
    except InputError as exc:
        notes.append("由报告数字构造评分输入失败：" + "；".join(str(p) for p in exc.problems)[:300])
        return None, notes


def _petitions(ex: Extraction, res: dict[str, Resolved], raw: dict, notes: list[str]) -> None:
    received = _count(_v(res, "petitions.received"))
    reply = _v(res, "rate.petitions_reply")
    timely = _v(res, "rate.petitions_timely")
    flags = {f.key for f in ex.flags}
    if timely is None and ("petitions.all_timely" in flags or ("petitions.no_overdue" in flags and reply == HUNDRED)):
        timely = HUNDRED
    if reply is None and timely == HUNDRED:
        reply = HUNDRED
    if received is None and reply is None:
        return
    base = received if received is not None else 100
    if received is None:
        notes.append("信访件数未列，按所称比率以 100 件推算")

    def of(rate: Decimal | None) -> int | None:
        if rate is None:
            return None
        return base if rate >= HUNDRED else min(base - 1, int(base * rate / HUNDRED)) if base else 0

    entry = {"received": base, "replied": of(reply), "replied_on_time": of(timely)}
    if "petitions.no_overdue" in flags:
        entry["overdue"] = 0
    raw["petitions"] = {k: v for k, v in entry.items() if v is not None}


def _projects_and_tasks(ex: Extraction, res: dict[str, Resolved], raw: dict, notes: list[str]) -> None:
    flags = {f.key for f in ex.flags}
    if "projects.all_on_time" in flags:
        counts = [c.num.value for c in ex.counts if c.what == "project"]
        n = _count(counts[0]) if counts else None
        raw["project_completion"] = {"planned": n or 1, "completed_on_time": n or 1}
        notes.append("项目完成及时性按正文“均按计划时间完成”计" + ("" if n else "（未列项目数）"))
    unfinished = _count(_v(res, "key_tasks.unfinished"))
    listed = ex.task_list[0] if ex.task_list else None
    claimed = [c.num.value for c in ex.counts if c.what == "key_task"]
    total = listed or (_count(claimed[0]) if claimed else None)
    if unfinished is None and "key_tasks.all_done" in flags:
        unfinished = 0
    if unfinished is not None:
        total = max(total or 1, unfinished)
        raw["key_tasks"] = [{"name": f"重点工作{i + 1}", "completed": i >= unfinished} for i in range(total)]


def _targets(ex: Extraction, fw: Framework, notes: list[str]) -> list[dict]:
    """个性指标 rows with weights, for the framework's targets parts whose weights they fill exactly."""
    parts = [(ind, p) for _, ind in fw.leaves() for p in ind.parts or () if isinstance(p.rule, TargetsRule)]
    if not parts or not ex.targets:
        return []
    out: list[dict] = []
    for ind, part in parts:
        rule: TargetsRule = part.rule  # type: ignore[assignment]
        mine = [t for t in ex.targets if t.weight is not None and belongs(t, rule, len(parts))]
        if not mine:
            continue
        weight = sum((t.weight.value for t in mine), Decimal(0))  # type: ignore[union-attr]
        if weight != part.points:
            notes.append(f"“{ind.name}”所列个性指标权重合计 {weight} 与分值 {part.points} 不符，未逐项复算")
            continue
        converted = [target_to_input(t, rule) for t in mine]
        if any(c is None for c in converted):
            notes.append(f"“{ind.name}”的个性指标有无法识别的目标值或得分，未逐项复算")
            continue
        out.extend(c for c in converted if c is not None)
    return out


def belongs(t: TargetRow, rule: TargetsRule, n_parts: int) -> bool:
    """Whether a 个性指标 row counts towards a targets rule: by its category (二级/一级指标), or all
    rows when the framework has a single targets rule without categories."""
    if rule.categories is None:
        return n_parts == 1
    cats = {key(c) for c in rule.categories}
    for text in (t.category, t.top):
        k = key(text)
        if k and (k in cats or any(k in c or c in k for c in cats if len(k) >= 4)):
            return True
    return False
