"""The engine: (framework, department-year, options) → :class:`Scorecard`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from decimal import Decimal
from typing import Any, Callable, Union

from .checks import Problem, check_input
from .facts import PROJECT_TOTALS, extract_facts
from .framework import Framework, Indicator
from .inputs import Answer, DepartmentYear
from .numbers import ZERO, quantizer
from .options import RoundingScope, ScoringOptions
from .rules.base import Context, pts
from .scorecard import GroupResult, IndicatorResult, Node, Outcome, Scorecard, Status, parts_text


#: Key under ``judgements.<indicator>`` for a judged score of the whole indicator.
OVERRIDE = "override"

_MISSING, _JUDGED, _SCORED = Status.MISSING, Status.JUDGED, Status.SCORED
_NO_ANSWERS: dict[str, Answer] = {}


class InvalidInput(ValueError):
    """The input has problems; nothing was scored."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems))


# --------------------------------------------------------------------------- the framework's plan
# What does not depend on the department-year is worked out once per framework: each
# indicator's path and names and each part's rule in words (``describe``). A framework
# is a frozen model, so its plan stays valid; plans are keyed by the framework object
# (a framework whose lists were changed in place after scoring would need a new object).


@dataclass(frozen=True, slots=True)
class _PartPlan:
    id: str
    label: str
    points: Decimal
    rule: Any
    rule_text: str  # rule.describe(points)
    takes_answer: bool  # rule.accepts_answer()
    evaluate: Any  # rule.evaluate, bound once


@dataclass(frozen=True, slots=True)
class _LeafPlan:
    ind: Indicator
    path: tuple[str, ...]
    names: tuple[str, ...]
    dotted: str
    parts: tuple[_PartPlan, ...]
    # the indicator's own fields, copied (an attribute of a pydantic model is read through its
    # __getattr__ hook: a few times slower, and the engine reads these for every leaf it scores)
    id: str
    name: str
    weight: Decimal
    veto: Any


@dataclass(frozen=True, slots=True)
class _GroupPlan:
    ind: Indicator
    path: tuple[str, ...]
    level: int
    children: tuple[Union["_GroupPlan", _LeafPlan], ...]
    id: str  # (the indicator's own fields, copied as for a leaf)
    name: str
    weight: Decimal


_PLANS: dict[int, tuple[Framework, tuple[_GroupPlan | _LeafPlan, ...], bool]] = {}
_MAX_PLANS = 64


def _plan(framework: Framework) -> tuple[tuple[_GroupPlan | _LeafPlan, ...], bool]:
    """(the plan, whether any rule reads the project totals)."""
    entry = _PLANS.get(id(framework))
    if entry is not None and entry[0] is framework:
        return entry[1], entry[2]

    def build(ind: Indicator, path: tuple[str, ...], names: tuple[str, ...], level: int) -> _GroupPlan | _LeafPlan:
        here, here_names = path + (ind.id,), names + (ind.name,)
        if ind.is_leaf:
            parts = tuple(
                _PartPlan(p.id, p.label, p.points, p.rule, p.rule.describe(p.points), p.rule.accepts_answer(), p.rule.evaluate)
                for p in ind.parts or ()
            )
            return _LeafPlan(ind, here, here_names, ".".join(here), parts, ind.id, ind.name, ind.weight, ind.veto)
        children = tuple(build(c, here, here_names, level + 1) for c in ind.children or ())
        return _GroupPlan(ind, here, level, children, ind.id, ind.name, ind.weight)

    plan = tuple(build(top, (), (), 1) for top in framework.indicators)
    totals = any(f in PROJECT_TOTALS for _, leaf in framework.leaves() for p in leaf.parts or () for f in p.rule.facts_used())
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()  # (atomic; plans are cheap to rebuild)
    _PLANS[id(framework)] = (framework, plan, totals)  # holding the framework keeps its id from being reused
    return plan, totals


# --------------------------------------------------------------------------- scoring


def score(
    framework: Framework,
    data: DepartmentYear,
    options: ScoringOptions | None = None,
    *,
    checked: bool = False,
) -> Scorecard:
    """Score one department-year. Raises :class:`InvalidInput` listing every problem.

    ``checked=True`` skips the input checks when the caller has just run them.
    """
    if not checked:
        problems = check_input(framework, data)
        if problems:
            raise InvalidInput(problems)
    opts = options or framework.default_options()
    plan, totals = _plan(framework)
    facts = extract_facts(data, project_totals=totals)
    missing: list[str] = []
    judgements = data.judgements
    per_part = opts.rounding_scope is RoundingScope.PART
    ctx = Context(facts, data, None, opts, data.unit)  # one context; each part sets its answer
    # value.quantize(exp, rounding=rounding) is numbers.quantize(value, opts.places, opts.rounding).
    exp, rounding = quantizer(opts.places, opts.rounding)

    walk = _Walk(ctx, judgements, opts, per_part, exp, rounding, missing)
    groups = tuple([walk.node(top) for top in plan])
    total = sum((g.score for g in groups), ZERO)  # type: ignore[union-attr]
    complete = not missing
    return Scorecard(
        framework_id=framework.id,
        framework_name=framework.name,
        department=data.department,
        year=data.year,
        options=opts,
        groups=groups,  # type: ignore[arg-type]
        total=total,
        max_total=framework.total,
        complete=complete,
        grade=framework.grade_for(total) if complete else None,
        missing=tuple(missing),
    )


class _Walk:
    """One scoring's walk down the plan. (A method, not a closure calling itself: a nested
    function that refers to itself is a reference cycle, which would keep each scoring's facts,
    input and results alive until the cycle collector runs — most of the cost of scoring many.)"""

    __slots__ = ("ctx", "judgements", "opts", "per_part", "exp", "rounding", "missing")

    def __init__(self, ctx: Context, judgements: dict, opts: ScoringOptions, per_part: bool, exp: Decimal,
                 rounding: str, missing: list[str]):
        self.ctx, self.judgements, self.opts, self.per_part = ctx, judgements, opts, per_part
        self.exp, self.rounding, self.missing = exp, rounding, missing

    def node(self, p: _GroupPlan | _LeafPlan) -> Node:
        if type(p) is _LeafPlan:
            leaf = _score_leaf(p, self.ctx, self.judgements.get(p.id, _NO_ANSWERS), self.opts, self.per_part,
                               self.exp, self.rounding)
            if leaf.status is _MISSING:
                self.missing.append(p.dotted)
            return leaf
        node = self.node
        children = tuple([node(c) for c in p.children])  # type: ignore[union-attr]
        subtotal = ZERO
        complete = True
        for c in children:
            subtotal += c.score if c.score is not None else ZERO
            if complete and not (c.status is not _MISSING if type(c) is IndicatorResult else c.complete):  # type: ignore[union-attr]
                complete = False
        return GroupResult(p.id, p.name, p.path, p.level, p.weight, subtotal, complete, children)  # type: ignore[union-attr]


def score_indicator(
    framework: Framework,
    data: DepartmentYear,
    indicator_id: str,
    options: ScoringOptions | None = None,
) -> IndicatorResult:
    """One leaf's result, exactly as it appears in ``score(framework, data, options)``, without
    scoring the rest (for a page or job that needs one indicator, e.g. the projected 预算执行率).
    The input is not checked: callers pass data they have checked or built themselves."""
    opts = options or framework.default_options()
    plan, totals = _plan(framework)
    leaf = _find_leaf(plan, indicator_id)
    if leaf is None:
        raise KeyError(indicator_id)
    ctx = Context(extract_facts(data, project_totals=totals), data, None, opts, data.unit)
    exp, rounding = quantizer(opts.places, opts.rounding)
    per_part = opts.rounding_scope is RoundingScope.PART
    return _score_leaf(leaf, ctx, data.judgements.get(indicator_id, _NO_ANSWERS), opts, per_part, exp, rounding)


def _find_leaf(nodes: tuple, indicator_id: str) -> _LeafPlan | None:
    for p in nodes:
        if type(p) is _LeafPlan:
            if p.id == indicator_id:
                return p
        else:
            found = _find_leaf(p.children, indicator_id)
            if found is not None:
                return found
    return None


def _score_leaf(
    plan: _LeafPlan,
    ctx: Context,
    answers: dict[str, Answer],
    opts: ScoringOptions,
    per_part: bool,
    exp: Decimal,
    rounding: str,
) -> IndicatorResult:
    """Score one leaf. Every number is computed here; the parts' result objects and every text
    are made by functions called when they are first read."""
    items: list[tuple[_PartPlan, Outcome, Decimal | None]] = []
    any_missing = any_judged = False
    raw_sum = ZERO  # the parts' scores summed from 0 in order (what sum(..., ZERO) gives)
    for part in plan.parts:
        answer = answers.get(part.id)
        ctx.answer = answer
        out = part.evaluate(ctx, part.points)
        if answer is not None and answer.score is not None and not part.takes_answer:
            # A formula part scored by a person (no data, or a reviewer's correction): the
            # judged score counts, and the formula's own reading stays in the explanation.
            out = Outcome(answer.score, _JUDGED, _judged_part_text(part.label, answer, out), out.inputs,
                          lambda out=out: out.computed, answer.reason)
        shown = out.raw
        if shown is not None:
            if per_part:
                shown = shown.quantize(exp, rounding=rounding)
            raw_sum += shown
        part_status = out.status
        if part_status is not _SCORED:
            if part_status is _MISSING:
                any_missing = True
            else:
                any_judged = True
        items.append((part, out, shown))

    # The parts' results and the leaf's text are made from ``items`` when first read (None: the
    # parts' explanations joined).
    status = _MISSING if any_missing else _JUDGED if any_judged else _SCORED
    path, names = plan.path, plan.names
    explanation: Callable[[], str] | None = None
    ident, name, weight, veto = plan.id, plan.name, plan.weight, plan.veto
    if veto is not None:
        answer = answers.get("veto")
        veto_label = veto.label
        if answer is None or answer.triggered is None:
            status = _MISSING
            explanation = lambda: f"未填写否决项判断（{veto_label}）；" + parts_text(items)  # noqa: E731
        elif answer.triggered:
            reason = answer.reason
            return IndicatorResult(ident, name, path, names, weight, ZERO, _JUDGED, items,
                                   lambda: f"否决：{veto_label}（{reason}），本指标得0分", True)

    override = answers.get(OVERRIDE) if answers else None
    if override is not None and override.score is not None:
        # A person's score for the whole indicator (a reviewer's 复核, or a report's own figure).
        return IndicatorResult(ident, name, path, names, weight, override.score, _JUDGED, items,
                               _override_text(override, None if status is _MISSING else explanation or partial(parts_text, items)))

    if status is _MISSING:
        return IndicatorResult(ident, name, path, names, weight, None, status, items, explanation)

    total = raw_sum if per_part else raw_sum.quantize(exp, rounding=rounding)
    if total != raw_sum and not per_part:
        mode = opts.rounding
        ruled = explanation or partial(parts_text, items)
        explanation = lambda: f"{ruled()}；合计{pts(raw_sum)}，{mode.label}取{pts(total)}"  # noqa: E731
    return IndicatorResult(ident, name, path, names, weight, total, status, items, explanation)


def _judged_part_text(label: str, answer: Answer, out: Outcome) -> Callable[[], str]:
    return lambda: f"{label}：人工评定得{pts(answer.score)}（{answer.reason}）；按规则计算：{out.explanation}"  # type: ignore[arg-type]


def _override_text(override: Answer, ruled: Callable[[], str] | None) -> Callable[[], str]:
    return lambda: f"人工评定得{pts(override.score)}（{override.reason}）；按规则：{'缺数据' if ruled is None else ruled()}"  # type: ignore[arg-type]
