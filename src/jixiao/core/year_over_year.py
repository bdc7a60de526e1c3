"""结果应用: one department over several years — what changed, what keeps losing points, and
what the latest grade suggests for next year's budget (the framework's ``grades[].budget_advice``).

Pure: takes (framework, department-year, scorecard) per year, returns a :class:`Trend`.
Rates are recomputed exactly from each year's figures with the rate definitions of that
year's framework (so a rate means what the framework scoring it says), keyed by their label.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from .facts import FACT_LABELS, extract_facts
from .figures import execution_rate
from .framework import Framework
from .inputs import DepartmentYear
from .rules.base import Context
from .rules.rates import RateSpec
from .scorecard import GroupResult, IndicatorResult, Scorecard

EXECUTION_LABEL = "预算执行率（执行数/调整后预算数）"


@dataclass(frozen=True, slots=True)
class Series:
    """One rate or score across the years (None where it is unknown or absent)."""

    key: str  # indicator id, or the rate's label
    name: str
    values: tuple[Decimal | None, ...]

    @property
    def changes(self) -> tuple[Decimal | None, ...]:
        """Change from each year to the next."""
        return tuple(
            (b - a) if a is not None and b is not None else None for a, b in zip(self.values, self.values[1:])
        )


@dataclass(frozen=True, slots=True)
class Streak:
    """An indicator that lost points in consecutive years."""

    id: str
    name: str
    years: tuple[int, ...]
    lost: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class YearSummary:
    year: int
    framework_id: str
    total: Decimal
    max_total: Decimal
    complete: bool
    grade: str | None


@dataclass(frozen=True, slots=True)
class Trend:
    department: str
    years: tuple[YearSummary, ...]
    totals: Series
    rates: tuple[Series, ...]
    groups: tuple[Series, ...]  # 一级/二级指标 subtotals
    indicators: tuple[Series, ...]  # 三级指标 scores
    streaks: tuple[Streak, ...]
    advice: str | None  # for the year after the latest
    advice_basis: str  # why (or why not) that advice
    problems: tuple[str, ...]


def rates_of(fw: Framework, data: DepartmentYear) -> dict[str, Decimal | None]:
    """Every rate the framework scores, computed exactly from the year's figures, by label."""
    facts = extract_facts(data)
    ctx = Context(facts, data, None, fw.default_options().with_(rate_places=None), data.unit)
    out: dict[str, Decimal | None] = {}
    b = data.budget
    out[EXECUTION_LABEL] = execution_rate(b)
    for _, leaf in fw.leaves():
        for part in leaf.parts or ():
            rule = part.rule
            spec = getattr(rule, "rate", None)
            if isinstance(spec, RateSpec):
                value, _, _ = spec.compute(ctx)
                out.setdefault(spec.label, value if value is None or value.is_finite() else None)
            elif getattr(rule, "fact", None):
                out.setdefault(getattr(rule, "label", None) or FACT_LABELS[rule.fact], facts.get(rule.fact))
            for fact in rule.facts_used():
                if fact.startswith("quarterly."):
                    out.setdefault(FACT_LABELS[fact], facts.get(fact))
    return out


def _nodes(card: Scorecard) -> tuple[dict[str, GroupResult], dict[str, IndicatorResult]]:
    groups: dict[str, GroupResult] = {}
    leaves: dict[str, IndicatorResult] = {}

    def walk(node: GroupResult | IndicatorResult) -> None:
        if isinstance(node, IndicatorResult):
            leaves[node.id] = node
            return
        groups[node.id] = node
        for child in node.children:
            walk(child)

    for g in card.groups:
        walk(g)
    return groups, leaves


def _series(keys: list[str], names: dict[str, str], per_year: list[dict[str, Decimal | None]]) -> tuple[Series, ...]:
    return tuple(Series(k, names[k], tuple(y.get(k) for y in per_year)) for k in keys)


def _ordered_union(lists: list[list[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for keys in reversed(lists):  # the latest year's order first, older-only keys after
        for k in keys:
            seen.setdefault(k, None)
    return list(seen)


def _streaks(years: list[int], leaves: list[dict[str, IndicatorResult]], names: dict[str, str]) -> list[Streak]:
    out: list[Streak] = []
    for key in names:
        run: list[tuple[int, Decimal]] = []
        runs: list[list[tuple[int, Decimal]]] = []
        for year, by_id in zip(years, leaves):
            leaf = by_id.get(key)
            lost = leaf.lost if leaf is not None else None
            if lost is not None and lost > 0 and (not run or run[-1][0] == year - 1):
                run.append((year, lost))
            else:
                if len(run) >= 2:
                    runs.append(run)
                run = [(year, lost)] if lost is not None and lost > 0 else []
        if len(run) >= 2:
            runs.append(run)
        out += [Streak(key, names[key], tuple(y for y, _ in r), tuple(v for _, v in r)) for r in runs]
    return out


def _advice(fw: Framework, card: Scorecard) -> tuple[str | None, str]:
    if not card.complete or card.grade is None:
        return None, f"{card.year} 年度评分不完整（{len(card.missing)} 项缺数据），不给出预算建议"
    band = next((g for g in fw.grades if g.grade == card.grade), None)
    if band is None or not band.budget_advice:
        return None, f"指标体系 {fw.id} 未给出等级“{card.grade}”的预算安排建议"
    return band.budget_advice, f"{card.year} 年度得分 {card.total}，等级“{card.grade}”，按指标体系 {fw.id} 的结果应用建议"


def trend(years: Sequence[tuple[Framework, DepartmentYear, Scorecard]]) -> Trend:
    """The department's years, oldest first. Problems (mixed departments, repeated years) are values."""
    items = sorted(years, key=lambda t: t[1].year)
    problems: list[str] = []
    names = sorted({d.department for _, d, _ in items})
    if len(names) > 1:
        problems.append(f"输入属于不同部门：{'、'.join(names)}")
    seen = [d.year for _, d, _ in items]
    dupes = sorted({y for y in seen if seen.count(y) > 1})
    if dupes:
        problems.append(f"年度重复：{'、'.join(map(str, dupes))}")
    if len(items) < 2:
        problems.append("至少需要两个年度的输入")

    year_list = [d.year for _, d, _ in items]
    rates = [rates_of(fw, d) for fw, d, _ in items]
    nodes = [_nodes(card) for _, _, card in items]
    group_names: dict[str, str] = {}
    leaf_names: dict[str, str] = {}
    for groups, leaves in nodes:  # later years' names win
        group_names.update({k: g.name for k, g in groups.items()})
        leaf_names.update({k: leaf.name for k, leaf in leaves.items()})
    group_keys = _ordered_union([list(g) for g, _ in nodes])
    leaf_keys = _ordered_union([list(lv) for _, lv in nodes])
    rate_keys = _ordered_union([list(r) for r in rates])

    fw_last, _, card_last = items[-1] if items else (None, None, None)
    advice, basis = _advice(fw_last, card_last) if card_last is not None else (None, "没有输入")
    return Trend(
        department=items[-1][1].department if items else "",
        years=tuple(YearSummary(c.year, c.framework_id, c.total, c.max_total, c.complete, c.grade) for _, _, c in items),
        totals=Series("total", "总分", tuple(c.total if c.complete else None for _, _, c in items)),
        rates=_series(rate_keys, {k: k for k in rate_keys}, rates),
        groups=_series(group_keys, group_names, [{k: g.score if g.complete else None for k, g in groups.items()} for groups, _ in nodes]),
        indicators=_series(leaf_keys, leaf_names, [{k: lv.score for k, lv in leaves.items()} for _, leaves in nodes]),
        streaks=tuple(_streaks(year_list, [lv for _, lv in nodes], {k: leaf_names[k] for k in leaf_keys})),
        advice=advice,
        advice_basis=basis,
        problems=tuple(problems),
    )
