"""Claimed scores against the engine: each indicator rescored from the report's own figures with
the matched framework's rule objects, under the framework's default reading and, when that does
not reproduce the claim, under every other reading (core/options.py, docs/scoring.md) to say which one does.

Judged parts (a person's checklist, level, count) are not recomputed: they are set to their
lowest and highest answers, so an indicator mixing formula and judgement has a range, and a
claim outside it cannot be right under any judgement. An indicator with a 否决 (veto) judgement
may also score 0, whatever its figures.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from decimal import Decimal

from ...core.engine import InvalidInput, score
from ...core.framework import Framework
from ...core.inputs import Answer, DepartmentYear
from ...core.numbers import RoundingMode
from ...core.options import ExecutionAverage, RoundingScope, ScoringOptions
from ...core.rules.checklist import Checklist
from ...core.rules.deduction import Deduction
from ...core.rules.judgement import Judgement
from ...core.rules.targets import TargetsRule
from ...core.scorecard import Scorecard, Status

_REASON = "审核推算：评判项取其可能的最低/最高值"


@dataclass
class LeafRange:
    lo: Decimal | None
    hi: Decimal | None
    missing: str = ""  # what the formula parts lack, when they cannot be computed
    explanation: str = ""
    judged_points: Decimal = Decimal(0)
    veto: bool = False  # the indicator has a 否决 judgement: 0 is possible whatever the figures

    @property
    def computed(self) -> bool:
        return self.lo is not None and self.hi is not None

    def holds(self, value: Decimal) -> bool:
        if self.veto and value == 0:
            return True
        return self.computed and self.lo <= value <= self.hi  # type: ignore[operator]


@dataclass
class Runs:
    framework: Framework
    default: ScoringOptions
    ranges: dict[ScoringOptions, dict[str, LeafRange]] = field(default_factory=dict)
    formula_leaves: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


def _answer(rule, points: Decimal, high: bool) -> Answer | None:
    if isinstance(rule, Judgement):
        if rule.levels:
            pick = max(rule.levels, key=lambda lv: lv.score) if high else min(rule.levels, key=lambda lv: lv.score)
            return Answer(level=pick.id, reason=_REASON)
        return Answer(score=points if high else Decimal(0), reason=_REASON)
    if isinstance(rule, Checklist):
        return Answer(items={i.id: high for i in rule.items}, reason=_REASON)
    if isinstance(rule, Deduction) and rule.count_fact is None:
        return Answer(count=0 if high else math.ceil(points / rule.per_item), reason=_REASON)
    if isinstance(rule, TargetsRule):
        return Answer(score=points if high else Decimal(0), reason=_REASON)
    return None


def _with_answers(fw: Framework, data: DepartmentYear, high: bool) -> DepartmentYear:
    judgements: dict[str, dict[str, Answer]] = {}
    for _, ind in fw.leaves():
        answers: dict[str, Answer] = {}
        for part in ind.parts or ():
            rule = part.rule
            if not rule.accepts_answer():
                continue
            if isinstance(rule, TargetsRule) and any(rule.matches(t.category) for t in data.targets or ()):
                continue
            ans = _answer(rule, part.points, high)
            if ans is not None:
                answers[part.id] = ans
        if ind.veto is not None:
            answers["veto"] = Answer(triggered=False, reason=_REASON)
        if answers:
            judgements[ind.id] = answers
    return data.model_copy(update={"judgements": judgements})


def formula_leaves(fw: Framework, data: DepartmentYear) -> set[str]:
    out = set()
    for _, ind in fw.leaves():
        for part in ind.parts or ():
            rule = part.rule
            if not rule.accepts_answer() or (isinstance(rule, TargetsRule) and any(rule.matches(t.category) for t in data.targets or ())):
                out.add(ind.id)
    return out


def relevant(fw: Framework, leaf_ids: set[str]) -> tuple[bool, bool]:
    """(whether the 全年平均执行率 reading, and whether rounding rates first, can change these indicators)."""
    from ...core.rules.quarterly import ExecutionAveragePart

    average = rates = False
    for _, ind in fw.leaves():
        if ind.id not in leaf_ids:
            continue
        for part in ind.parts or ():
            average |= isinstance(part.rule, ExecutionAveragePart)
            rates |= getattr(part.rule, "rate", None) is not None
    return average, rates


def readings(default: ScoringOptions, *, average: bool = True, rates: bool = True) -> list[ScoringOptions]:
    grid = itertools.product(
        (RoundingMode.HALF_UP, RoundingMode.TRUNCATE),
        (RoundingScope.INDICATOR, RoundingScope.PART),
        (ExecutionAverage.UNCAPPED_RATIO, ExecutionAverage.CAPPED_RATIO, ExecutionAverage.RAW_PROGRESS) if average else (default.execution_average,),
        (None, 2) if rates else (default.rate_places,),
    )
    out = [ScoringOptions(r, s, default.places, e, p) for r, s, e, p in grid]
    out.sort(key=lambda o: distance(o, default))
    return out


def distance(a: ScoringOptions, b: ScoringOptions) -> int:
    return sum(getattr(a, f) != getattr(b, f) for f in ("rounding", "rounding_scope", "execution_average", "rate_places"))


class Engine:
    """Scores the report's figures under any reading, each reading once."""

    def __init__(self, fw: Framework, data: DepartmentYear):
        self.fw = fw
        self.low = _with_answers(fw, data, high=False)
        self.high = _with_answers(fw, data, high=True)
        self.runs = Runs(fw, fw.default_options(), formula_leaves=formula_leaves(fw, data))

    def ranges(self, opts: ScoringOptions) -> dict[str, LeafRange]:
        found = self.runs.ranges.get(opts)
        if found is not None:
            return found
        try:
            lo_card = score(self.fw, self.low, opts)
            hi_card = score(self.fw, self.high, opts, checked=True)
        except InvalidInput as exc:
            self.runs.errors.append("；".join(str(p) for p in exc.problems)[:300])
            self.runs.ranges[opts] = {}
            return {}
        out = _leaf_ranges(self.fw, lo_card, hi_card)
        self.runs.ranges[opts] = out
        return out


def _leaf_ranges(fw: Framework, lo_card: Scorecard, hi_card: Scorecard) -> dict[str, LeafRange]:
    out: dict[str, LeafRange] = {}
    lows = {leaf.id: leaf for leaf in lo_card.leaves()}
    vetoable = {ind.id for _, ind in fw.leaves() if ind.veto is not None}
    for leaf in hi_card.leaves():
        lo = lows[leaf.id]
        judged = sum((p.max for p in leaf.parts if p.status is Status.JUDGED), Decimal(0))
        if leaf.status is Status.MISSING or lo.status is Status.MISSING:
            missing = "；".join(p.explanation for p in leaf.parts if p.status is Status.MISSING)
            out[leaf.id] = LeafRange(None, None, missing, leaf.explanation, judged, leaf.id in vetoable)
            continue
        out[leaf.id] = LeafRange(lo.score, leaf.score, "", leaf.explanation, judged, leaf.id in vetoable)
    return out
