"""绩效运行监控（“双监控”的支出进度一侧）: progress against 序时进度 as of a date.

Pure: (framework, department-year, as-of date) → :class:`MonitoringReport`.

- Observations are cumulative spend at period ends: the department's ``quarterly`` (month 3q)
  and each project's ``quarterly_spent``; at the year's end a project's ``spent`` (and the
  department's ``budget.executed``) count as the month-12 figure. The latest observation at
  or before the as-of date is the one judged.
- 序时进度 at month m interpolates the framework's quarterly 序时进度 (25/50/75/100% → m/12).
- Warnings: the framework's ``monitoring.checkpoints`` (cumulative progress at a month's end
  ≥ min). Cumulative progress never falls, so a checkpoint is met when a figure at or before it
  already reaches the line, and missed when a figure at or after it (up to the as-of date) is
  still below; with quarterly figures an April line may be undecidable (listed as unchecked).
- Year-end projection: the quarters not yet known are projected by a stated method and scored
  with the framework's own rules for the ``monitoring.indicator`` (预算执行率).
- Projects that drag the department down: the largest shortfalls in amount against 序时进度.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from .engine import score_indicator
from .figures import execution_rate, quarter_base, quarterly_progress
from .framework import Checkpoint, Framework
from .inputs import DepartmentYear, Project, Quarter
from .numbers import HUNDRED, ONE, ZERO, fmt_pct as _pct
from .options import ScoringOptions
from .rules.quarterly import ExecutionAveragePart, QuarterlySchedule

DEFAULT_SCHEDULE = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), ONE)


class Projection(str, Enum):
    """How the quarters not yet known are projected."""

    RUN_RATE = "run_rate"
    SCHEDULE = "schedule"
    FLAT = "flat"

    @property
    def label(self) -> str:
        return {
            "run_rate": "按当前平均支出速度外推（累计进度×月份÷已过月份），全年不超过100%",
            "schedule": "其余时间按序时进度支出（已超过序时进度的保持不变）",
            "flat": "此后不再支出（累计进度保持不变，最保守）",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Observation:
    month: int  # cumulative to the end of this month
    progress: Decimal  # fraction of the base
    spent: Decimal | None
    base: Decimal | None
    schedule: Decimal  # 序时进度 at this month

    @property
    def ratio(self) -> Decimal:
        """执行率 against 序时进度."""
        return self.progress / self.schedule

    @property
    def shortfall(self) -> Decimal | None:
        """Amount behind 序时进度 (0 when on or ahead of it); None without amounts."""
        if self.base is None or self.spent is None:
            return None
        return max(self.schedule * self.base - self.spent, ZERO)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A checkpoint judged on the observation that settles it (cumulative progress never falls)."""

    checkpoint: Checkpoint
    observed: Observation  # at or before the checkpoint when met, at or after it when below
    below: bool


@dataclass(frozen=True, slots=True)
class ProjectedQuarter:
    quarter: int
    progress: Decimal
    kind: str  # actual 实际 / interpolated 插值（已过但缺数据的季度） / projected 预测

    @property
    def projected(self) -> bool:
        return self.kind != "actual"

    @property
    def label(self) -> str:
        return {"actual": "实际", "interpolated": "插值", "projected": "预测"}[self.kind]


@dataclass(frozen=True, slots=True)
class YearEnd:
    method: Projection
    quarters: tuple[ProjectedQuarter, ...]
    indicator: str  # id
    name: str
    score: Decimal | None
    max: Decimal
    explanation: str

    @property
    def rate(self) -> Decimal:
        """Projected year-end cumulative progress (预算执行率)."""
        return self.quarters[-1].progress


@dataclass(frozen=True, slots=True)
class ProjectProgress:
    index: int
    name: str
    budget: Decimal
    observation: Observation
    below: Checkpoint | None  # the checkpoint it is below, if any


@dataclass(frozen=True, slots=True)
class Alert:
    scope: str  # department / project
    name: str
    message: str


@dataclass(frozen=True, slots=True)
class MonitoringReport:
    department: str
    year: int
    as_of: date
    cutoff_month: int  # months of the year ended by the as-of date (0–12)
    unit: str
    observations: tuple[Observation, ...]  # the department's, up to the cutoff
    checks: tuple[CheckResult, ...]
    unchecked: tuple[Checkpoint, ...]  # due by the as-of date but no observation since
    upcoming: Checkpoint | None
    year_end: YearEnd | None
    projects: tuple[ProjectProgress, ...]  # observed projects, largest shortfall first
    top: int
    projects_without_data: int
    warnings: tuple[Alert, ...]
    problems: tuple[str, ...] = field(default=())  # why nothing could be judged

    @property
    def latest(self) -> Observation | None:
        return self.observations[-1] if self.observations else None

    @property
    def drag(self) -> tuple[ProjectProgress, ...]:
        """The projects with the largest shortfall against 序时进度 (at most ``top``)."""
        return tuple(p for p in self.projects if (p.observation.shortfall or ZERO) > 0)[: self.top]


# --------------------------------------------------------------------------- schedule and dates


def cutoff_month(as_of: date, year: int) -> int:
    """How many month ends of ``year`` have passed by ``as_of`` (a month's last day counts)."""
    if as_of.year != year:
        return 12 if as_of.year > year else 0
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.month if as_of.day == last_day else as_of.month - 1


def quarter_schedule(fw: Framework) -> tuple[Decimal, ...]:
    """The quarterly 序时进度 of the monitored indicator's rules, else 25/50/75/100%."""
    mon = fw.monitoring
    leaf = fw.leaf(mon.indicator) if mon and mon.indicator else None
    for part in (leaf.parts or ()) if leaf else ():
        if isinstance(part.rule, (QuarterlySchedule, ExecutionAveragePart)):
            return tuple(part.rule.schedule_pct)
    return DEFAULT_SCHEDULE


def schedule_at(month: int, quarters: tuple[Decimal, ...]) -> Decimal:
    """序时进度 at the end of ``month``: linear between the quarter ends (0 at the year's start)."""
    points = [(0, ZERO)] + [(3 * (i + 1), s) for i, s in enumerate(quarters)]
    for (m0, s0), (m1, s1) in zip(points, points[1:]):
        if month == m1:
            return s1
        if month < m1:
            return s0 + (s1 - s0) * Decimal(month - m0) / Decimal(m1 - m0)
    return quarters[-1]


# --------------------------------------------------------------------------- observations


def department_observations(data: DepartmentYear, cutoff: int, quarters: tuple[Decimal, ...]) -> list[Observation]:
    progress_of = quarterly_progress(data)  # (the facts' quarterly.qN, without the other facts)
    by_quarter = {q.quarter: q for q in data.quarterly or ()}
    out: list[Observation] = []
    for n in (1, 2, 3, 4):
        month = 3 * n
        progress = progress_of[n]
        if month > cutoff or progress is None:
            continue
        q = by_quarter[n]
        base = quarter_base(q, data.budget.adjusted)
        spent = q.cumulative_spent if q.cumulative_spent is not None else (progress * base if base is not None else None)
        out.append(Observation(month, progress, spent, base, schedule_at(month, quarters)))
    b = data.budget
    if cutoff == 12 and (not out or out[-1].month < 12) and b.executed is not None and b.adjusted:
        out.append(Observation(12, execution_rate(b), b.executed, b.adjusted, schedule_at(12, quarters)))
    return out


def project_observation(project: Project, cutoff: int, quarters: tuple[Decimal, ...]) -> Observation | None:
    budget = project.budget
    if not budget:
        return None
    if cutoff == 12 and project.spent is not None:
        month, spent = 12, project.spent
    else:
        known = [(3 * (i + 1), v) for i, v in enumerate(project.quarterly_spent or ()) if 3 * (i + 1) <= cutoff]
        if not known:
            return None
        month, spent = known[-1]
    return Observation(month, spent / budget, spent, budget, schedule_at(month, quarters))


# --------------------------------------------------------------------------- checkpoints


def _judge(checkpoints: list[Checkpoint], obs: list[Observation], cutoff: int):
    """Met when a figure at or before the checkpoint already reaches the line; below when a figure
    at or after it (up to the as-of date) is still under it; otherwise not decidable from the data."""
    checks: list[CheckResult] = []
    unchecked: list[Checkpoint] = []
    for cp in checkpoints:
        if cp.month > cutoff:
            continue
        before = [o for o in obs if o.month <= cp.month]
        after = next((o for o in obs if o.month >= cp.month), None)
        if before and before[-1].progress >= cp.min_pct:
            checks.append(CheckResult(cp, before[-1], False))
        elif after is not None and after.progress < cp.min_pct:
            checks.append(CheckResult(cp, after, True))
        else:
            unchecked.append(cp)
    upcoming = next((cp for cp in checkpoints if cp.month > cutoff), None)
    return checks, unchecked, upcoming


def _applicable(checkpoints: list[Checkpoint], month: int) -> Checkpoint | None:
    """The latest checkpoint a figure at the end of ``month`` can be held against."""
    due = [cp for cp in checkpoints if cp.month <= month]
    return due[-1] if due else None


# --------------------------------------------------------------------------- projection


def project_quarters(obs: list[Observation], method: Projection, quarters: tuple[Decimal, ...]) -> tuple[ProjectedQuarter, ...]:
    known = {o.month // 3: o.progress for o in obs if o.month % 3 == 0}
    last = obs[-1]
    out: list[ProjectedQuarter] = []
    for n in (1, 2, 3, 4):
        month = 3 * n
        if n in known:
            out.append(ProjectedQuarter(n, known[n], "actual"))
            continue
        if month < last.month:  # a gap before the latest figure: between its neighbours
            before = max((m for m in known if m < n), default=0)
            p0 = known.get(before, ZERO)
            p1 = next(o.progress for o in obs if o.month > month)
            m1 = next(o.month for o in obs if o.month > month)
            value = p0 + (p1 - p0) * Decimal(month - 3 * before) / Decimal(m1 - 3 * before)
            out.append(ProjectedQuarter(n, value, "interpolated"))
            continue
        if method is Projection.RUN_RATE:
            value = max(last.progress, min(last.progress * month / last.month, ONE))
        elif method is Projection.SCHEDULE:
            value = max(last.progress, schedule_at(month, quarters))
        else:
            value = last.progress
        out.append(ProjectedQuarter(n, value, "projected"))
    return tuple(out)


def _year_end(fw: Framework, data: DepartmentYear, obs: list[Observation], method: Projection,
              quarters: tuple[Decimal, ...], options: ScoringOptions | None) -> YearEnd | None:
    mon = fw.monitoring
    leaf = fw.leaf(mon.indicator) if mon and mon.indicator else None
    if leaf is None or not obs:
        return None
    projected = project_quarters(obs, method, quarters)
    original = {q.quarter: q for q in data.quarterly or ()}
    rows = [
        # computed, not typed: built without the bounds on typed figures
        original[p.quarter] if not p.projected and p.quarter in original
        else Quarter.model_construct(quarter=p.quarter, progress_pct=p.progress * HUNDRED, cumulative_spent=None, base=None)
        for p in projected
    ]
    budget = data.budget
    if projected[-1].projected or budget.executed is None:
        executed = projected[-1].progress * budget.adjusted if budget.adjusted is not None else None
        budget = budget.model_copy(update={"executed": executed})
    year = data.model_copy(update={"quarterly": rows, "budget": budget, "judgements": {}, "targets": None})
    result = score_indicator(fw, year, leaf.id, options)
    return YearEnd(method, projected, leaf.id, leaf.name, result.score, leaf.weight, result.explanation)


# --------------------------------------------------------------------------- the report


def monitor(
    fw: Framework,
    data: DepartmentYear,
    as_of: date,
    *,
    method: Projection | None = None,
    top: int | None = None,
    options: ScoringOptions | None = None,
) -> MonitoringReport:
    """Progress, warnings, the projected year-end score and the projects that lag, as of ``as_of``."""
    mon = fw.monitoring
    checkpoints = list(mon.checkpoints) if mon else []
    method = method or Projection(mon.projection if mon else "run_rate")
    top = top or (mon.top_projects if mon else 10)
    cutoff = cutoff_month(as_of, data.year)
    quarters = quarter_schedule(fw)
    obs = department_observations(data, cutoff, quarters)

    problems: list[str] = []
    if cutoff == 0:
        problems.append(f"{as_of.isoformat()} 早于 {data.year} 年第一个月末，尚无可监控的支出数据")
    elif not obs:
        problems.append(f"截至 {as_of.isoformat()} 没有季度末累计支出数据（quarterly），无法判断部门支出进度")

    checks, unchecked, upcoming = _judge(checkpoints, obs, cutoff)
    warnings = [
        Alert("department", data.department,
                f"截至{c.observed.month}月末累计支出进度 {_pct(c.observed.progress)}，低于{c.checkpoint.month}月末预警线 {_pct(c.checkpoint.min_pct)}")
        for c in checks if c.below
    ]

    rows: list[ProjectProgress] = []
    without = 0
    for i, p in enumerate(data.projects or ()):
        o = project_observation(p, cutoff, quarters)
        if o is None:
            without += 1
            continue
        cp = _applicable(checkpoints, o.month)
        rows.append(ProjectProgress(i, p.name, p.budget, o, cp if cp is not None and o.progress < cp.min_pct else None))
    rows.sort(key=lambda r: (-(r.observation.shortfall or ZERO), r.index))
    for r in sorted((r for r in rows if r.below is not None), key=lambda r: r.index):
        o = r.observation
        warnings.append(Alert("project", r.name,
                                f"截至{o.month}月末支出进度 {_pct(o.progress)}，低于{r.below.month}月末预警线 {_pct(r.below.min_pct)}"))  # type: ignore[union-attr]

    return MonitoringReport(
        department=data.department,
        year=data.year,
        as_of=as_of,
        cutoff_month=cutoff,
        unit=data.unit,
        observations=tuple(obs),
        checks=tuple(checks),
        unchecked=tuple(unchecked),
        upcoming=upcoming,
        year_end=_year_end(fw, data, obs, method, quarters, options),
        projects=tuple(rows),
        top=top,
        projects_without_data=without,
        warnings=tuple(warnings),
        problems=tuple(problems),
    )
