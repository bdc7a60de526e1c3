"""Plausibility rules: the figures no department-year can hold, defined once.

The input model (:mod:`jixiao.core.inputs`) calls these rules, so they hold for every way an input
comes in: the YAML/JSON loader, the Excel import and the web form all validate through it. A figure
past them is a typing slip (元 typed where 万元 is meant, a pasted row of digits, a percentage typed
twice), not a department's year; it is refused with the field it is in and a Chinese message saying
what is impossible, never scored.

Each rule returns problems as ``(location, message, value)``; a location is relative to the model
the rule checks (the input model adds the path above it). Rates are compared as the derived figures
of :mod:`jixiao.core.figures` define them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from .figures import execution_rate, quarter_base, quarter_progress, quarter_spent, ratio, split_base
from .numbers import HUNDRED, plain

if TYPE_CHECKING:
    from .inputs import (Assets, Budget, BudgetActual, DepartmentYear, Petitions, Procurement, Project,
                         ProjectCompletion, Quarter, Target)

Problem = tuple[tuple[str | int, ...], str, object]

# Any figure.
MAX_DIGITS = 15  # significant digits (what Excel and a float column hold)
MAX_MAGNITUDE = 15  # below 10**15
MIN_MAGNITUDE = -10  # and, unless zero, at least 10**-10
# Amounts.
MAX_AMOUNT = {"万元": Decimal("1e9"), "元": Decimal("1e13")}  # 10 万亿元: more than any budget
# Rates, in percent. A share (a part of its whole: 满意度, 利用率, 基本支出占比) cannot pass 100%. A rate
# of spending against its budget may (overspending is scored, not impossible), but not by half again:
# past that it is a unit slip.
MAX_SHARE_PCT = HUNDRED
MAX_RATE_PCT = Decimal(150)
ROUNDING_TOLERANCE = Decimal("1.01")  # parts printed rounded against their whole (执行数 against Q4)

QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")


# ---------------------------------------------------------------- single figures

def shown(value: Decimal) -> str:
    """A figure as a message shows it: plain digits, cut short when absurdly long."""
    text = format(value, "f") if abs(value.adjusted()) < 30 else str(value)
    return text if len(text) <= 24 else text[:23] + "…"


def check_size(value: Decimal) -> Decimal:
    """Refuse a figure no department-year holds: too many digits, too large or too small."""
    if not value.is_finite():
        raise ValueError(f"应为有限数字，读到 {value}")
    if value == 0:
        return value
    magnitude = value.adjusted()
    if magnitude >= MAX_MAGNITUDE:
        raise ValueError(f"数值 {shown(value)} 过大（应小于 10 的 {MAX_MAGNITUDE} 次方），请核对")
    if magnitude < MIN_MAGNITUDE:
        raise ValueError(f"数值 {shown(value)} 过小，请核对")
    if len(str(value)) <= MAX_DIGITS:  # no more characters than digits allowed (most figures)
        return value
    digits = value.as_tuple().digits
    significant = len(digits) - (len(digits) - len(bytes(digits).rstrip(b"\0")))
    if significant > MAX_DIGITS:
        raise ValueError(f"数值 {shown(value)} 有 {significant} 位有效数字，最多 {MAX_DIGITS} 位")
    return value


def bounded_pct(limit: Decimal, what: str):
    """A validator refusing a percentage above ``limit``."""
    def check(value: Decimal | None) -> Decimal | None:
        if value is not None and value > limit:
            raise ValueError(f"{what} {plain(value)}% 超过 {plain(limit)}%，不可能；请核对")
        return value

    return check


def _pct(rate: Decimal) -> str:
    return f"{(rate * HUNDRED).quantize(Decimal(1))}%"


def _rate_of(part_name: str, part: Decimal | None, whole_name: str, whole: Decimal | None, limit: Decimal,
             loc: tuple[str | int, ...], hint: str = "") -> list[Problem]:
    """``part / whole`` above ``limit`` percent: a problem on ``part``'s field."""
    rate = ratio(part, whole)
    if rate is None or rate * HUNDRED <= limit:
        return []
    assert part is not None and whole is not None
    return [(loc, f"{part_name} {plain(part)} 是{whole_name} {plain(whole)} 的 {_pct(rate)}，超过 {plain(limit)}%，"
                  f"不可能；请核对{hint}", part)]


_UNIT_HINT = "金额和金额单位"


# ---------------------------------------------------------------- rules of one part of the input

def budget_problems(b: Budget) -> list[Problem]:
    """执行数 at most 150% of the 调整后预算; 基本/项目支出 parts of their whole."""
    problems = []
    rate = execution_rate(b)
    if rate is not None and rate * HUNDRED > MAX_RATE_PCT:
        problems += _rate_of("执行数", b.executed, "调整后预算", b.adjusted, MAX_RATE_PCT, ("executed",), _UNIT_HINT)
    base = split_base(b)
    for name, label in (("basic_budget", "基本支出预算"), ("project_budget", "项目支出预算")):
        problems += _rate_of(label, getattr(b, name), "年初预算", base, MAX_SHARE_PCT, (name,))
    for name, label in (("basic_actual", "基本支出执行数"), ("project_actual", "项目支出执行数")):
        problems += _rate_of(label, getattr(b, name), "执行数", b.executed, MAX_SHARE_PCT, (name,))
    if b.basic_actual is not None and b.project_actual is not None and b.executed:
        both = b.basic_actual + b.project_actual
        if both > b.executed * ROUNDING_TOLERANCE:
            problems.append((("project_actual",), f"基本支出执行数与项目支出执行数之和 {plain(both)} 大于执行数 "
                                                  f"{plain(b.executed)}，不可能；请核对", b.project_actual))
    return problems


def budget_actual_problems(g: BudgetActual) -> list[Problem]:
    """实际支出 (决算) at most 150% of its budget (the control rate, 控制率)."""
    return _rate_of("实际支出数", g.actual, "预算数", g.budget, MAX_RATE_PCT, ("actual",), _UNIT_HINT)


def procurement_problems(p: Procurement) -> list[Problem]:
    return _rate_of("实际采购金额", p.actual, "采购计划金额", p.plan, MAX_RATE_PCT, ("actual",), _UNIT_HINT)


def assets_problems(a: Assets) -> list[Problem]:
    """在用固定资产 is part of 固定资产总额."""
    if a.fixed_in_use is not None and a.fixed_total is not None and a.fixed_in_use > a.fixed_total:
        return [(("fixed_in_use",), f"在用固定资产 {plain(a.fixed_in_use)} 大于固定资产总额 {plain(a.fixed_total)}，"
                                    "不可能；请核对", a.fixed_in_use)]
    return []


def project_problems(p: Project) -> list[Problem]:
    """A project's spending: at most 150% of its budget; cumulative quarters never falling, the year's
    spending not above the fourth quarter's."""
    problems = _rate_of("项目支出", p.spent, "项目预算", p.budget, MAX_RATE_PCT, ("spent",), _UNIT_HINT)
    spent = p.quarterly_spent or []
    for i, value in enumerate(spent):
        if i and value < spent[i - 1]:
            problems.append((("quarterly_spent", i), f"{QUARTER_NAMES[i]}末累计支出 {plain(value)} 少于"
                                                     f"{QUARTER_NAMES[i - 1]}末的 {plain(spent[i - 1])}：累计数不会减少", value))
        else:
            problems += _rate_of(f"{QUARTER_NAMES[i]}末累计支出", value, "项目预算", p.budget, MAX_RATE_PCT,
                                 ("quarterly_spent", i), _UNIT_HINT)
    if len(spent) == 4 and p.spent is not None and p.spent > spent[3] * ROUNDING_TOLERANCE:
        problems.append((("spent",), f"项目支出 {plain(p.spent)} 大于四季度末累计支出 {plain(spent[3])}："
                                     "全年支出即年末累计支出，请核对", p.spent))
    return problems


def project_completion_problems(c: ProjectCompletion) -> list[Problem]:
    if c.completed_on_time > c.planned:
        return [(("completed_on_time",), f"按时完成项目数 {c.completed_on_time} 大于计划完成项目数 {c.planned}，"
                                         "不可能；请核对", c.completed_on_time)]
    return []


def petitions_problems(p: Petitions) -> list[Problem]:
    """Replied, on time and overdue are parts of what was received; on time is a part of replied."""
    problems = []
    parts = (("replied", "已回复", p.received, "受理"), ("replied_on_time", "按时回复", p.received, "受理"),
             ("overdue", "超期", p.received, "受理"), ("replied_on_time", "按时回复", p.replied, "已回复"))
    for name, label, whole, whole_label in parts:
        value = getattr(p, name)
        if value is not None and whole is not None and value > whole:
            problems.append(((name,), f"{label}件数 {value} 大于{whole_label}件数 {whole}，不可能；请核对", value))
    return problems


class PlausibilityWords(BaseModel):
    """``core/data/plausibility.yaml``: which 绩效指标 are shares by their name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    percent_units: tuple[str, ...] = Field(min_length=1)
    share_words: tuple[str, ...] = Field(min_length=1)
    change_words: tuple[str, ...] = ()


def is_share(name: str, unit: str | None, words: PlausibilityWords) -> bool:
    """Whether a 绩效指标 is a share by its name and unit (a 满意度 in %), so at most 100%."""
    if (unit or "").strip() not in words.percent_units:
        return False
    return any(w in name for w in words.share_words) and not any(w in name for w in words.change_words)


_TARGET_VALUES = (("target", "目标值"), ("adjusted_target", "调整指标值"), ("actual", "实际值"),
                  ("last_year_actual", "上年实际值"))


def target_problems(t: Target) -> list[Problem]:
    """A target that is a share (满意度, 覆盖率 … in %): none of its values above 100%."""
    from .data import plausibility_words  # (reads the word list once; the data package imports the input model)

    if not is_share(t.name, t.unit, plausibility_words()):
        return []
    return [((name,), f"“{t.name}”是比率，{label} {plain(value)}% 超过 100%，不可能；请核对", value)
            for name, label in _TARGET_VALUES
            if (value := getattr(t, name)) is not None and value > MAX_SHARE_PCT]


# ---------------------------------------------------------------- rules over the whole input

def _amounts(data: DepartmentYear, amounts: Iterable[tuple[tuple[str | int, ...], Decimal]]) -> list[Problem]:
    limit = MAX_AMOUNT[data.unit]
    return [(loc, f"金额 {shown(value)} {data.unit} 超过 {plain(limit)} {data.unit}，不可能；"
                  f"请核对金额单位（本文件为 {data.unit}）", value) for loc, value in amounts if value > limit]


def department_problems(data: DepartmentYear, amounts: Iterable[tuple[tuple[str | int, ...], Decimal]]) -> list[Problem]:
    """Rules over several parts: every amount within :data:`MAX_AMOUNT` of the file's unit; the
    quarterly cumulative spending at most 150% of its base and never falling; the year's 执行数 not
    above the fourth quarter's cumulative spending."""
    return _amounts(data, amounts) + _quarters(data)


def _quarters(data: DepartmentYear) -> list[Problem]:
    problems: list[Problem] = []
    adjusted = data.budget.adjusted
    quarters = sorted(enumerate(data.quarterly or ()), key=lambda iq: iq[1].quarter)
    previous: Quarter | None = None
    for i, q in quarters:
        name = QUARTER_NAMES[q.quarter - 1]
        progress = quarter_progress(q, adjusted)
        if q.progress_pct is None and progress is not None and progress * HUNDRED > MAX_RATE_PCT:
            base = quarter_base(q, adjusted)
            problems.append((("quarterly", i, "cumulative_spent"),
                             f"{name}末累计支出 {plain(q.cumulative_spent)} 是预算 {plain(base)} 的 {_pct(progress)}，"  # type: ignore[arg-type]
                             f"超过 {plain(MAX_RATE_PCT)}%；请核对金额单位（本文件为 {data.unit}）", q.cumulative_spent))
            continue
        if previous is not None:
            fell = _falls(previous, q, adjusted)
            if fell:
                field = "cumulative_spent" if q.progress_pct is None else "progress_pct"
                problems.append((("quarterly", i, field), f"{name}末累计{fell}少于{QUARTER_NAMES[previous.quarter - 1]}末："
                                                          "累计数不会减少", getattr(q, field)))
        previous = q
    q4 = next((q for _, q in quarters if q.quarter == 4), None)
    executed = data.budget.executed
    spent = quarter_spent(q4, adjusted) if q4 is not None else None
    if spent is not None and executed is not None and executed > spent * ROUNDING_TOLERANCE:
        problems.append((("budget", "executed"), f"执行数 {plain(executed)} 大于四季度末累计支出 "
                         f"{plain(spent.quantize(Decimal('0.01')))}：全年执行数即年末累计支出，请核对", executed))
    return problems


def _falls(before: Quarter, after: Quarter, adjusted: Decimal | None) -> str:
    """'支出' or '进度' when ``after``'s cumulative figure is below ``before``'s, else ''."""
    if before.cumulative_spent is not None and after.cumulative_spent is not None and before.base == after.base:
        return "支出" if after.cumulative_spent < before.cumulative_spent else ""
    if before.progress_pct is not None and after.progress_pct is not None and before.base == after.base:
        return "进度" if after.progress_pct < before.progress_pct else ""
    a, b = quarter_spent(before, adjusted), quarter_spent(after, adjusted)
    if a is not None and b is not None and b < a:
        return "支出"
    return ""
