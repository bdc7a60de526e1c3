"""The engine: (framework, department-year, options) → :class:`Scorecard`."""

from __future__ import annotations

from decimal import Decimal

from .checks import Problem, check_input
from .facts import extract_facts
from .framework import Framework, Indicator
from .inputs import DepartmentYear
from .numbers import ZERO, quantize
from .options import RoundingScope, ScoringOptions
from .rules.base import Context, pts
from .scorecard import GroupResult, IndicatorResult, Node, Outcome, PartResult, Scorecard, Status


#: Key under ``judgements.<indicator>`` for a judged score of the whole indicator.
OVERRIDE = "override"


class InvalidInput(ValueError):
    """The input has problems; nothing was scored."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems))


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
    facts = extract_facts(data)
    missing: list[str] = []

    def node(ind: Indicator, path: tuple[str, ...], names: tuple[str, ...], level: int) -> Node:
        here, here_names = path + (ind.id,), names + (ind.name,)
        if ind.is_leaf:
            leaf = _score_leaf(ind, here, here_names, facts, data, opts)
            if leaf.status is Status.MISSING:
                missing.append(".".join(here))
            return leaf
        children = tuple(node(c, here, here_names, level + 1) for c in ind.children or ())
        subtotal = sum((_score_of(c) for c in children), ZERO)
        complete = all(_complete(c) for c in children)
        return GroupResult(ind.id, ind.name, here, level, ind.weight, subtotal, complete, children)

    groups = tuple(node(top, (), (), 1) for top in framework.indicators)
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


def _score_of(node: Node) -> Decimal:
    return node.score if node.score is not None else ZERO


def _complete(node: Node) -> bool:
    if isinstance(node, IndicatorResult):
        return node.status is not Status.MISSING
    return node.complete


def _score_leaf(
    ind: Indicator,
    path: tuple[str, ...],
    names: tuple[str, ...],
    facts: dict[str, Decimal | None],
    data: DepartmentYear,
    opts: ScoringOptions,
) -> IndicatorResult:
    answers = data.judgements.get(ind.id, {})
    per_part = opts.rounding_scope is RoundingScope.PART
    parts: list[PartResult] = []
    for part in ind.parts or ():
        answer = answers.get(part.id)
        ctx = Context(facts, data, answer, opts, data.unit)
        out = part.rule.evaluate(ctx, part.points)
        if answer is not None and answer.score is not None and not part.rule.accepts_answer():
            # A formula part scored by a person (no data, or a reviewer's correction): the
            # judged score counts, and the formula's own reading stays in the explanation.
            out = Outcome(
                answer.score,
                Status.JUDGED,
                f"{part.label}：人工评定得{pts(answer.score)}（{answer.reason}）；按规则计算：{out.explanation}",
                out.inputs,
                out.computed,
                answer.reason,
            )
        shown = out.raw
        if shown is not None and per_part:
            shown = quantize(shown, opts.places, opts.rounding)
        parts.append(
            PartResult(
                part.id,
                part.label,
                part.points,
                shown,
                out.raw,
                out.status,
                part.rule.describe(part.points),
                out.explanation,
                out.inputs,
                out.computed,
                out.reason,
            )
        )

    statuses = {p.status for p in parts}
    if Status.MISSING in statuses:
        status = Status.MISSING
    elif Status.JUDGED in statuses:
        status = Status.JUDGED
    else:
        status = Status.SCORED

    explanation = "；".join(p.explanation for p in parts)
    vetoed = False
    if ind.veto is not None:
        answer = answers.get("veto")
        if answer is None or answer.triggered is None:
            status = Status.MISSING
            explanation = f"未填写否决项判断（{ind.veto.label}）；" + explanation
        elif answer.triggered:
            vetoed = True
            status = Status.JUDGED
            explanation = f"否决：{ind.veto.label}（{answer.reason}），本指标得0分"
            return IndicatorResult(ind.id, ind.name, path, names, ind.weight, ZERO, status, tuple(parts), explanation, True)

    override = answers.get(OVERRIDE)
    if override is not None and override.score is not None:
        # A person's score for the whole indicator (a reviewer's 复核, or a report's own figure).
        ruled = "缺数据" if status is Status.MISSING else explanation
        explanation = f"人工评定得{pts(override.score)}（{override.reason}）；按规则：{ruled}"
        return IndicatorResult(ind.id, ind.name, path, names, ind.weight, override.score, Status.JUDGED,
                               tuple(parts), explanation)

    if status is Status.MISSING:
        return IndicatorResult(ind.id, ind.name, path, names, ind.weight, None, status, tuple(parts), explanation)

    raw = sum((p.score for p in parts), ZERO)  # type: ignore[misc]
    total = raw if per_part else quantize(raw, opts.places, opts.rounding)
    if total != raw and not per_part:
        explanation += f"；合计{pts(raw)}，{opts.rounding.label}取{pts(total)}"
    return IndicatorResult(ind.id, ind.name, path, names, ind.weight, total, status, tuple(parts), explanation, vetoed)
