"""An indicator framework (指标体系) as a validated tree: levels, weights, parts, rules, grades.

The framework is data (see ``jixiao/frameworks/data``); this module is its shape and
the checks that need the whole tree (weights adding up, unique ids, known facts).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .facts import FACT_LABELS
from .numbers import RoundingMode, ZERO, fmt_score
from .options import ExecutionAverage, RoundingScope, ScoringOptions
from .rules import Rule
from .rules.base import Num
from .rules.rates import PctParam

Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Part(_Model):
    """One scoring part of a 三级指标 (e.g. 政府采购执行率 1 分 and 政策功能落实 1 分)."""

    id: Ident
    label: str = Field(min_length=1)
    points: Num = Field(gt=0)
    rule: Rule
    source: str | None = None


class Veto(_Model):
    """Any of these happening sets the whole indicator to 0 (judged, with a reason)."""

    label: str = Field(min_length=1)  # e.g. 发生超范围、超标准支出，虚列支出，截留、挤占、挪用资金
    source: str | None = None


class Indicator(_Model):
    id: Ident
    name: str = Field(min_length=1)
    weight: Num = Field(gt=0)
    description: str | None = None  # 指标说明
    source: str | None = None  # document setting this weight
    children: list["Indicator"] | None = None
    parts: list[Part] | None = None
    veto: Veto | None = None

    @model_validator(mode="after")
    def _leaf_or_group(self) -> "Indicator":
        if (self.children is None) == (self.parts is None):
            raise ValueError("指标须且只能有 children（下级指标）或 parts（评分细项）之一")
        if self.children is not None and self.veto is not None:
            raise ValueError("否决项 veto 只能设在末级指标上")
        return self

    @property
    def is_leaf(self) -> bool:
        return self.parts is not None


class Grade(_Model):
    grade: str = Field(min_length=1)
    min: Num  # total ≥ min gets this grade (bands checked from the highest min down)
    budget_advice: str | None = None  # 结果应用：对下一年度预算安排的建议（如 优先保障、压减）


class Checkpoint(_Model):
    """运行监控预警线：到 month 月末，累计支出进度应不低于 min_pct。"""

    month: Annotated[int, Field(ge=1, le=12)]
    min_pct: PctParam


class Monitoring(_Model):
    """绩效运行监控（双监控）的参数：预警线、年末预算执行率得分的预测口径。"""

    indicator: Ident | None = None  # the 预算执行率 indicator projected to year end
    projection: Literal["run_rate", "schedule", "flat"] = "run_rate"
    top_projects: Annotated[int, Field(ge=1)] = 10
    checkpoints: list[Checkpoint] = Field(default_factory=list)
    source: str | None = None

    @model_validator(mode="after")
    def _increasing(self) -> "Monitoring":
        months = [c.month for c in self.checkpoints]
        if months != sorted(set(months)):
            raise ValueError("预警线的月份应递增且不重复")
        pcts = [c.min_pct for c in self.checkpoints]
        if pcts != sorted(pcts):
            raise ValueError("累计支出进度预警线应随月份不减")
        return self


class OptionDefaults(_Model):
    rounding: RoundingMode = RoundingMode.HALF_UP
    rounding_scope: RoundingScope = RoundingScope.INDICATOR
    places: Annotated[int, Field(ge=0, le=6)] = 2
    execution_average: ExecutionAverage = ExecutionAverage.UNCAPPED_RATIO
    rate_places: Annotated[int, Field(ge=0, le=6)] | None = None


def _default_grades() -> list[Grade]:
    return [
        Grade(grade="优", min=Decimal(90)),
        Grade(grade="良", min=Decimal(80)),
        Grade(grade="中", min=Decimal(60)),
        Grade(grade="差", min=Decimal(0)),
    ]


class Framework(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
    name: str = Field(min_length=1)
    year: int | None = None
    region: str | None = None
    description: str | None = None
    sources: list[str] = Field(default_factory=list)  # documents the weights and thresholds come from
    total: Num = Decimal(100)
    grades: list[Grade] = Field(default_factory=_default_grades)
    options: OptionDefaults = OptionDefaults()
    monitoring: Monitoring | None = None  # 运行监控预警线与预测口径（可选）
    indicators: list[Indicator] = Field(min_length=1)

    def default_options(self) -> ScoringOptions:
        o = self.options
        return ScoringOptions(o.rounding, o.rounding_scope, o.places, o.execution_average, o.rate_places)

    def walk(self) -> Iterator[tuple[tuple[str, ...], Indicator]]:
        """Every indicator with its id path, parents first."""

        def rec(ind: Indicator, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Indicator]]:
            here = path + (ind.id,)
            yield here, ind
            for child in ind.children or ():
                yield from rec(child, here)

        for top in self.indicators:
            yield from rec(top, ())

    def leaves(self) -> list[tuple[tuple[str, ...], Indicator]]:
        """Every leaf with its id path (computed once: the framework is immutable)."""
        cached = self.__dict__.get("_leaves")
        if cached is None:
            cached = [(p, i) for p, i in self.walk() if i.is_leaf]
            self.__dict__["_leaves"] = cached
        return list(cached)

    def leaf(self, ident: str) -> Indicator | None:
        return next((i for _, i in self.leaves() if i.id == ident), None)

    def grade_for(self, total: Decimal) -> str | None:
        ordered = self.__dict__.get("_grades_desc")
        if ordered is None:
            ordered = self.__dict__["_grades_desc"] = sorted(self.grades, key=lambda g: g.min, reverse=True)
        for band in ordered:
            if total >= band.min:
                return band.grade
        return None


def check_framework(fw: Framework) -> list[tuple[str, str]]:
    """Whole-tree problems as (dotted indicator path, Chinese message)."""
    problems: list[tuple[str, str]] = []
    top = sum((i.weight for i in fw.indicators), ZERO)
    if top != fw.total:
        problems.append(("", f"一级指标分值合计 {fmt_score(top)} 与总分 {fmt_score(fw.total)} 不符"))
    seen: dict[str, str] = {}
    for path, ind in fw.walk():
        where = ".".join(path)
        if ind.id in seen:
            problems.append((where, f"指标 id '{ind.id}' 与 {seen[ind.id]} 重复"))
        seen.setdefault(ind.id, where)
        if ind.children is not None:
            s = sum((c.weight for c in ind.children), ZERO)
            if s != ind.weight:
                parts = "+".join(fmt_score(c.weight) for c in ind.children)
                problems.append(
                    (where, f"下级指标分值合计 {fmt_score(s)}（{parts}）与本级分值 {fmt_score(ind.weight)} 不符")
                )
            continue
        parts = ind.parts or []
        s = sum((p.points for p in parts), ZERO)
        if s != ind.weight:
            problems.append((where, f"评分细项分值合计 {fmt_score(s)} 与指标分值 {fmt_score(ind.weight)} 不符"))
        part_ids = [p.id for p in parts]
        for dup in sorted({x for x in part_ids if part_ids.count(x) > 1}):
            problems.append((where, f"评分细项 id '{dup}' 重复"))
        for reserved in ("veto", "override"):
            if reserved in part_ids:
                problems.append((where, f"细项 id '{reserved}' 为保留字"))
        for part in parts:
            pwhere = f"{where}.{part.id}"
            for fact in part.rule.facts_used():
                if fact not in FACT_LABELS:
                    problems.append((pwhere, f"未知数据项 '{fact}'（可用：{', '.join(sorted(FACT_LABELS))}）"))
            for msg in part.rule.check_points(part.points):
                problems.append((pwhere, msg))
    mon = fw.monitoring
    if mon is not None and mon.indicator is not None and fw.leaf(mon.indicator) is None:
        problems.append(("", f"monitoring.indicator：监控所用的末级指标 '{mon.indicator}' 不存在"))
    if not any(g.min <= 0 for g in fw.grades):
        problems.append(("grades", "等级分档未覆盖 0 分（最低档的 min 应为 0）"))
    return problems
