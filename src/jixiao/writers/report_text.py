"""The prose of the 自评报告, as structured paragraphs. Every number comes from the data.

Writers (docx, html) lay these out; nothing here knows about files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..core.figures import Change, Figures, compute_figures, quarter_progress
from ..core.inputs import DepartmentYear
from ..core.numbers import fmt_money, fmt_pct, fmt_score
from ..core.scorecard import GroupResult, Scorecard, Status
from .display import for_report

MISSING = "—"  # a figure not given: a dash, as in a table (the report is read by others, not the filler)
DIRECTION_SIGNS = {">=": "≥", "<=": "≤", "=": "="}


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)


def money(value: Decimal | None, unit: str) -> str:
    return MISSING if value is None else f"{fmt_money(value)}{unit}"


def pct(value: Decimal | None) -> str:
    return MISSING if value is None else fmt_pct(value)


def yoy(ch: Change | None, unit: str) -> str:
    """'比上年增加 0.25 万元（增长 18.66%）' or '' when last year's figure is not given."""
    if ch is None:
        return ""
    if ch.amount == 0:
        return "，与上年持平"
    verb, noun = ("增加", "增长") if ch.amount > 0 else ("减少", "下降")
    rate = f"（{noun} {fmt_pct(abs(ch.rate))}）" if ch.rate is not None else ""
    return f"，比上年{verb} {fmt_money(abs(ch.amount))}{unit}{rate}"


def basic_info(data: DepartmentYear, fig: Figures) -> Section:
    u = data.unit
    b = data.budget
    sec = Section("一、部门基本情况")
    n = data.narrative
    if n and n.functions:
        sec.subsections.append(Section("（一）部门职能", [n.functions]))
    work = [n.annual_work] if n and n.annual_work else []
    if data.key_tasks:
        done = sum(1 for t in data.key_tasks if t.completed)
        work.append(f"本年度重点工作 {len(data.key_tasks)} 项，已完成 {done} 项：")
        work += [f"{i}. {t.name}{'' if t.completed else '（未完成）'}" for i, t in enumerate(data.key_tasks, 1)]
    if work:
        sec.subsections.append(Section("（二）年度总体工作和重点工作任务", work))

    parts_sum = (b.basic_budget + b.project_budget) if b.basic_budget is not None and b.project_budget is not None else None
    if parts_sum is not None and b.initial is not None and parts_sum != b.initial:
        # The split was given on another basis (e.g. the adjusted budget): say so rather than "其中".
        plan = [
            f"{data.year} 年部门年初预算 {money(b.initial, u)}。基本支出预算 {money(b.basic_budget, u)}、"
            f"项目支出预算 {money(b.project_budget, u)}，合计 {money(parts_sum, u)}，分别占 "
            f"{pct(fig.basic_share_budget)}、{pct(fig.project_share_budget)}（占比按两者合计计算，合计与年初预算相差 "
            f"{money(abs(parts_sum - b.initial), u)}）。"
        ]
    else:
        plan = [
            f"{data.year} 年部门年初预算 {money(b.initial, u)}，其中基本支出 {money(b.basic_budget, u)}，"
            f"占 {pct(fig.basic_share_budget)}；项目支出 {money(b.project_budget, u)}，占 {pct(fig.project_share_budget)}。"
        ]
    if b.adjustment is not None or b.adjusted is not None:
        plan.append(
            f"年度预算调整、调剂 {money(b.adjustment, u)}，占年初预算的 {pct(fig.adjustment_rate)}；"
            f"调整后预算 {money(b.adjusted, u)}。"
        )
    sec.subsections.append(Section("（三）预算编制情况", plan))

    run = [
        f"全年支出 {money(b.executed, u)}{yoy(fig.executed_change, u)}，预算执行率 {pct(fig.execution_rate)}。"
        f"其中基本支出 {money(b.basic_actual, u)}，占 {pct(fig.basic_share_actual)}；"
        f"项目支出 {money(b.project_actual, u)}，占 {pct(fig.project_share_actual)}。"
    ]
    quarters = {q.quarter: q for q in data.quarterly or ()}
    if quarters:
        shown = []
        for i in (1, 2, 3, 4):
            q = quarters.get(i)
            if q is None:
                shown.append(f"第{'一二三四'[i - 1]}季度 {MISSING}")
                continue
            value = quarter_progress(q, b.adjusted)
            shown.append(f"第{'一二三四'[i - 1]}季度 {pct(value)}")
        run.append("各季度末累计支出进度分别为：" + "、".join(shown) + "（序时进度 25%、50%、75%、100%）。")
    if data.three_public:
        tp = data.three_public
        run.append(
            f"“三公”经费预算 {money(tp.budget, u)}，实际支出 {money(tp.actual, u)}{yoy(fig.three_public_change, u)}，"
            f"控制率 {pct(fig.three_public_rate)}。"
        )
    if data.public_funds:
        pf = data.public_funds
        run.append(
            f"日常公用经费调整预算 {money(pf.budget, u)}，决算 {money(pf.actual, u)}{yoy(fig.public_funds_change, u)}，"
            f"控制率 {pct(fig.public_funds_rate)}。"
        )
    if data.procurement:
        p = data.procurement
        run.append(f"政府采购计划 {money(p.plan, u)}，实际采购 {money(p.actual, u)}，执行率 {pct(fig.procurement_rate)}。")
    if data.assets:
        a = data.assets
        run.append(
            f"固定资产总额 {money(a.fixed_total, u)}，其中在用 {money(a.fixed_in_use, u)}，利用率 {pct(fig.asset_utilization)}。"
        )
    if data.staffing:
        s = data.staffing

        def people(v: int | None) -> str:
            return MISSING if v is None else f"{v} 人"

        run.append(
            f"核定编制 {people(s.authorized)}，实有在编 {people(s.on_payroll)}，编外人员 {people(s.contract)}；"
            f"财政供养人员控制率 {pct(fig.payroll_rate)}，编外人员控制率 {pct(fig.contract_rate)}。"
        )
    if data.projects:
        below = fig.projects_below_half
        run.append(
            f"本年度实施二级项目 {len(data.projects)} 个，项目预算执行率 {pct(fig.project_execution)}"
            + (f"，其中执行率低于 50% 的项目 {below} 个" if below else "")
            + "（明细见附表）。"
        )
    sec.subsections.append(Section("（四）预算执行情况", run))
    return sec


def performance(data: DepartmentYear, card: Scorecard) -> Section:
    sec = Section("二、履职绩效分析")
    n = data.narrative
    if n and n.performance:
        sec.paragraphs.append(n.performance)
    for group in card.groups:
        lost = [leaf for leaf in _leaves(group) if leaf.score is not None and leaf.score < leaf.max]
        line = f"{group.name}（{fmt_score(group.max)} 分）得 {fmt_score(group.score)} 分"
        if not group.complete:
            line += "（部分指标缺数据，得分不完整）"
        if lost:
            line += "，扣分指标：" + "；".join(
                f"{leaf.name}扣 {fmt_score(leaf.max - leaf.score)} 分" for leaf in lost  # type: ignore[operator]
            )
        else:
            line += "，无扣分"
        sec.paragraphs.append(line + "。")
    if data.targets:
        met = [t for t in data.targets if _met(t)]
        sec.paragraphs.append(f"部门整体绩效指标 {len(data.targets)} 项，完成或超额完成 {len(met)} 项（明细见绩效目标完成情况自评表）。")
    return sec


def _met(t) -> bool:
    if t.kind == "qualitative":
        return t.level == "达成"
    if t.actual is None:
        return False
    if t.direction == ">=":
        return t.actual >= t.target
    if t.direction == "<=":
        return t.actual <= t.target
    return t.actual == t.target


def problems(data: DepartmentYear, card: Scorecard) -> Section:
    sec = Section("三、存在问题和改进措施")
    n = data.narrative
    found = Section("（一）存在问题", [n.problems] if n and n.problems else [])
    for leaf in card.leaves():
        if leaf.status is Status.MISSING:
            found.paragraphs.append(f"{leaf.name}：缺少评分所需数据（{leaf.explanation}）。")
        elif leaf.score is not None and leaf.score < leaf.max:
            found.paragraphs.append(f"{leaf.name}扣 {fmt_score(leaf.max - leaf.score)} 分：{for_report(leaf.explanation)}。")
    if data.targets:
        from ..core.data import target_quality_rules
        from ..core.target_quality import review_targets

        quality = review_targets(data.targets, target_quality_rules())
        for f in quality.findings:
            found.paragraphs.append(f"绩效目标“{f.target}”：{f.message}。建议：{f.suggestion}")
    if not found.paragraphs:
        found.paragraphs.append("本年度评价未发现扣分事项。")
    sec.subsections.append(found)
    if n and n.measures:
        sec.subsections.append(Section("（二）改进措施", [n.measures]))
    return sec


def scoring(card: Scorecard, reviewed: bool = False) -> Section:
    total = fmt_score(card.total)
    by = "经复核" if reviewed else "经自评"
    what = "复核得分" if reviewed else "得分"
    if card.complete:
        line = f"{by}，{card.year} 年度部门整体支出绩效评价{what} {total} 分，评价等级为“{card.grade}”。"
    else:
        line = (
            f"{by}，已评指标合计 {total} 分；{len(card.missing)} 项指标缺少数据尚未评分，总分不完整，暂不评定等级。"
        )
    line += f"计算口径：{card.options.describe()}。具体得分情况见下表。"
    return Section("四、评分情况", [line])


def _leaves(group: GroupResult):
    for child in group.children:
        if isinstance(child, GroupResult):
            yield from _leaves(child)
        else:
            yield child


def report_sections(card: Scorecard, data: DepartmentYear, *, reviewed: bool = False) -> list[Section]:
    fig = compute_figures(data)
    return [basic_info(data, fig), performance(data, card), problems(data, card), scoring(card, reviewed)]

