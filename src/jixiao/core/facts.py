"""Flatten a :class:`DepartmentYear` into named facts the rules read.

A fact is a Decimal (or None when the input does not give it). Rules in the
framework data name the facts they use, so a framework can change which figure
an indicator reads without code. ``FACT_LABELS`` gives each fact its Chinese
name for the 扣分说明 and for error messages.
"""

from __future__ import annotations

from decimal import Decimal
from operator import attrgetter

from .figures import from_pct, quarterly_progress
from .inputs import DepartmentYear
from .numbers import fmt_amount, fmt_pct, plain

FACT_LABELS: dict[str, str] = {
    "budget.initial": "年初预算数",
    "budget.adjusted": "调整后预算数",
    "budget.executed": "预算执行数",
    "budget.basic_budget": "基本支出预算",
    "budget.basic_actual": "基本支出执行数",
    "budget.project_budget": "项目支出预算",
    "budget.project_actual": "项目支出执行数",
    "budget.adjustment": "调整调剂金额",
    "three_public.budget": "“三公”经费预算数",
    "three_public.actual": "“三公”经费实际支出数",
    "public_funds.budget": "日常公用经费调整预算数",
    "public_funds.actual": "日常公用经费决算数",
    "three_public.rate": "填报的“三公”经费控制率",
    "public_funds.rate": "填报的日常公用经费控制率",
    "procurement.rate": "填报的政府采购执行率",
    "assets.utilization": "填报的固定资产利用率",
    "procurement.plan": "政府采购计划金额",
    "procurement.actual": "实际采购金额",
    "assets.fixed_in_use": "在用固定资产总额",
    "assets.fixed_total": "固定资产总额",
    "staffing.authorized": "核定编制数",
    "staffing.on_payroll": "在编人数",
    "staffing.contract": "编外人数",
    "projects.count": "项目数",
    "projects.budget": "项目预算合计",
    "projects.spent": "项目支出合计",
    "projects.planned": "计划完成项目数",
    "projects.completed_on_time": "按时完成项目数",
    "key_tasks.total": "重点工作数",
    "key_tasks.unfinished": "未完成重点工作数",
    "petitions.received": "受理信访件数",
    "petitions.replied": "已回复件数",
    "petitions.replied_on_time": "按时回复件数",
    "petitions.overdue": "超期件数",
    "satisfaction": "满意度",
    "prior.three_public.budget": "上年度“三公”经费预算数",
    "prior.three_public.actual": "上年度“三公”经费实际支出数",
    "prior.public_funds.budget": "上年度日常公用经费预算数",
    "prior.public_funds.actual": "上年度日常公用经费决算数",
    "projects.key_budget": "重点项目预算合计",
}
for _q in (1, 2, 3, 4):
    FACT_LABELS[f"quarterly.q{_q}"] = f"第{'一二三四'[_q - 1]}季度累计支出进度"

#: Facts that are rates (fractions), shown as percentages.
RATE_FACTS = frozenset({"satisfaction", "three_public.rate", "public_funds.rate", "procurement.rate", "assets.utilization", "quarterly.q1", "quarterly.q2", "quarterly.q3", "quarterly.q4"})
#: Facts that are counts, shown without a unit.
COUNT_FACTS = frozenset(
    {
        "staffing.authorized",
        "staffing.on_payroll",
        "staffing.contract",
        "projects.count",
        "projects.planned",
        "projects.completed_on_time",
        "key_tasks.total",
        "key_tasks.unfinished",
        "petitions.received",
        "petitions.replied",
        "petitions.replied_on_time",
        "petitions.overdue",
    }
)


def show_fact(fact: str, value: Decimal, unit: str) -> str:
    """A fact's value as the trail shows it: a rate as a percentage, a count bare, an amount with its unit."""
    if fact in RATE_FACTS:
        return fmt_pct(value)
    if fact in COUNT_FACTS:
        return plain(value)
    return f"{fmt_amount(value)}{unit}"


def _d(value: int | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(value)


#: The facts that sum every project's amounts (the costliest to make).
PROJECT_TOTALS = frozenset({"projects.budget", "projects.spent", "projects.key_budget"})


def extract_facts(data: DepartmentYear, *, project_totals: bool = True) -> dict[str, Decimal | None]:
    """All facts of one department-year; absent figures are None.

    ``project_totals=False`` leaves out ``PROJECT_TOTALS`` (for a caller, such as the engine
    scoring a framework none of whose rules reads them).
    """
    # One dict display in the order the facts were always listed (a few attribute reads each; this
    # runs once per scoring).
    b = data.budget
    tp, pf, p, a, s = data.three_public, data.public_funds, data.procurement, data.assets, data.staffing
    facts: dict[str, Decimal | None] = {
        "budget.initial": b.initial,
        "budget.adjusted": b.adjusted,
        "budget.executed": b.executed,
        "budget.basic_budget": b.basic_budget,
        "budget.basic_actual": b.basic_actual,
        "budget.project_budget": b.project_budget,
        "budget.project_actual": b.project_actual,
        "budget.adjustment": b.adjustment,
        "three_public.budget": None if tp is None else tp.budget,
        "three_public.actual": None if tp is None else tp.actual,
        "three_public.rate": None if tp is None else from_pct(tp.rate_pct),
        "public_funds.budget": None if pf is None else pf.budget,
        "public_funds.actual": None if pf is None else pf.actual,
        "public_funds.rate": None if pf is None else from_pct(pf.rate_pct),
        "procurement.plan": None if p is None else p.plan,
        "procurement.actual": None if p is None else p.actual,
        "procurement.rate": None if p is None else from_pct(p.rate_pct),
        "assets.fixed_in_use": None if a is None else a.fixed_in_use,
        "assets.fixed_total": None if a is None else a.fixed_total,
        "assets.utilization": None if a is None else from_pct(a.utilization_pct),
        "staffing.authorized": None if s is None else _d(s.authorized),
        "staffing.on_payroll": None if s is None else _d(s.on_payroll),
        "staffing.contract": None if s is None else _d(s.contract),
    }
    progress = quarterly_progress(data)
    facts["quarterly.q1"] = progress[1]
    facts["quarterly.q2"] = progress[2]
    facts["quarterly.q3"] = progress[3]
    facts["quarterly.q4"] = progress[4]
    facts.update(_project_facts(data, project_totals))

    tasks = data.key_tasks
    if not tasks:  # an empty list says nothing was listed, not that nothing was left undone
        facts["key_tasks.total"] = facts["key_tasks.unfinished"] = None
    else:
        facts["key_tasks.total"] = Decimal(len(tasks))
        facts["key_tasks.unfinished"] = Decimal(len(tasks) - sum(map(_COMPLETED, tasks)))

    pet = data.petitions
    if pet is None:
        facts["petitions.received"] = facts["petitions.replied"] = None
        facts["petitions.replied_on_time"] = facts["petitions.overdue"] = None
    else:
        facts["petitions.received"] = _d(pet.received)
        facts["petitions.replied"] = _d(pet.replied)
        facts["petitions.replied_on_time"] = _d(pet.replied_on_time)
        facts["petitions.overdue"] = _d(pet.overdue)

    prior = data.prior_year
    tp = None if prior is None else prior.three_public
    pf = None if prior is None else prior.public_funds
    facts["prior.three_public.budget"] = None if tp is None else tp.budget
    facts["prior.three_public.actual"] = None if tp is None else tp.actual
    facts["prior.public_funds.budget"] = None if pf is None else pf.budget
    facts["prior.public_funds.actual"] = None if pf is None else pf.actual

    facts["satisfaction"] = from_pct(data.satisfaction_pct)
    return facts


def _total(values: list[Decimal | None]) -> Decimal | None:
    try:
        return sum(values, Decimal(0))  # type: ignore[arg-type]
    except TypeError:  # a None: the sum is not known
        return None


def _quarter_facts(data: DepartmentYear) -> dict[str, Decimal | None]:
    return {f"quarterly.q{n}": value for n, value in quarterly_progress(data).items()}


def _project_facts(data: DepartmentYear, totals: bool = True) -> dict[str, Decimal | None]:
    projects = data.projects
    out: dict[str, Decimal | None] = {
        "projects.count": None,
        "projects.budget": None,
        "projects.spent": None,
        "projects.planned": None,
        "projects.completed_on_time": None,
        "projects.key_budget": None,
    }
    if projects is not None:
        out["projects.count"] = Decimal(len(projects))
        # Sums in list order from 0 (a department may list hundreds of projects).
        # (A None among them stops the sum: that total is unknown. `None in list` would compare
        # each Decimal with None, which costs an ABC instance check per item.)
        if totals:
            out["projects.budget"] = _total([p.budget for p in projects])
            out["projects.spent"] = _total([p.spent for p in projects])
            if out["projects.budget"] is not None and all(p.key is not None for p in projects):
                out["projects.key_budget"] = _total([p.budget for p in projects if p.key])
        else:
            del out["projects.budget"], out["projects.spent"], out["projects.key_budget"]
        planned = [p.completed_on_time for p in projects if p.planned_completion]
        if None not in planned:
            out["projects.planned"] = Decimal(len(planned))
            out["projects.completed_on_time"] = Decimal(planned.count(True))
    if data.project_completion is not None:
        # An explicit count is the department's own statement; it wins over the list.
        out["projects.planned"] = Decimal(data.project_completion.planned)
        out["projects.completed_on_time"] = Decimal(data.project_completion.completed_on_time)
    return out


_COMPLETED = attrgetter("completed")
