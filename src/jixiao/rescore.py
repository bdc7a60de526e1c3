"""Rescoring department-years under another framework: what a framework change does.

``rescore(inputs, new_framework)`` scores each department-year under its own framework (the
one it names, or ``old_framework``) and under ``new_framework``, and says per department the
old and new total and grade and which indicators moved. Judgement answers for indicators the
new framework does not have are left out of the new scoring (and said so); an input that the
new framework refuses (e.g. target weights that no longer add up) gets its problems instead of
a new score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable

from .core.checks import check_input
from .core.engine import score
from .core.framework import Framework
from .core.inputs import DepartmentYear
from .core.scorecard import Scorecard


@dataclass(slots=True)
class IndicatorMove:
    ident: str
    name: str
    old: Decimal | None  # None: missing, or not in that framework
    new: Decimal | None
    note: str = ""  # 仅原体系有 / 仅新体系有


@dataclass(slots=True)
class DepartmentRescore:
    department: str
    year: int
    old_framework: str
    old_total: Decimal | None
    old_grade: str | None
    old_complete: bool
    new_total: Decimal | None
    new_grade: str | None
    new_complete: bool
    moved: list[IndicatorMove] = field(default_factory=list)
    dropped_judgements: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why it could not be scored (old or new)

    @property
    def change(self) -> Decimal | None:
        """New total − old total; None unless both are complete (a partial total is not comparable)."""
        if self.old_total is None or self.new_total is None or not (self.old_complete and self.new_complete):
            return None
        return self.new_total - self.old_total


@dataclass(slots=True)
class RescoreResult:
    new_framework: str
    new_framework_name: str
    rows: list[DepartmentRescore]


def _card(fw: Framework, data: DepartmentYear) -> tuple[Scorecard | None, list[str]]:
    problems = check_input(fw, data)
    if problems:
        return None, [str(p) for p in problems]
    return score(fw, data, checked=True), []


def rescore(
    inputs: Iterable[DepartmentYear],
    new_framework: Framework,
    *,
    old_framework: Framework | None = None,
    resolve: Callable[[str], Framework] | None = None,
) -> RescoreResult:
    """Each input under its own framework and under ``new_framework``.

    The old framework is ``old_framework`` when given, else ``resolve(data.framework)``
    (default: the shipped frameworks by id).
    """
    if resolve is None:
        from .frameworks import load_framework as resolve  # type: ignore[assignment]
    rows = []
    new_leaves = {i.id for _, i in new_framework.leaves()}
    for data in inputs:
        problems: list[str] = []
        old_fw = old_framework
        if old_fw is None:
            if not data.framework:
                problems.append("输入文件未写明所用指标体系（framework），无法得到原得分")
            else:
                try:
                    old_fw = resolve(data.framework)  # type: ignore[misc]
                except ValueError as exc:
                    problems.append(str(exc))
        old_card = None
        if old_fw is not None:
            old_card, old_problems = _card(old_fw, data)
            problems += [f"原指标体系 {old_fw.id}：{p}" for p in old_problems]
        dropped = sorted(set(data.judgements) - new_leaves)
        new_data = data
        if dropped:
            new_data = data.model_copy(update={"judgements": {k: v for k, v in data.judgements.items() if k in new_leaves}})
        new_card, new_problems = _card(new_framework, new_data)
        problems += [f"新指标体系 {new_framework.id}：{p}" for p in new_problems]
        rows.append(
            DepartmentRescore(
                department=data.department,
                year=data.year,
                old_framework=old_fw.id if old_fw else (data.framework or ""),
                old_total=old_card.total if old_card else None,
                old_grade=old_card.grade if old_card else None,
                old_complete=bool(old_card and old_card.complete),
                new_total=new_card.total if new_card else None,
                new_grade=new_card.grade if new_card else None,
                new_complete=bool(new_card and new_card.complete),
                moved=_moves(old_card, new_card),
                dropped_judgements=dropped,
                problems=problems,
            )
        )
    return RescoreResult(new_framework.id, new_framework.name, rows)


def _moves(old: Scorecard | None, new: Scorecard | None) -> list[IndicatorMove]:
    if old is None or new is None:
        return []
    a = {leaf.id: leaf for leaf in old.leaves()}
    b = {leaf.id: leaf for leaf in new.leaves()}
    out = []
    for ident, leaf in b.items():
        before = a.get(ident)
        if before is None:
            out.append(IndicatorMove(ident, leaf.name, None, leaf.score, "仅新体系有"))
        elif before.score != leaf.score or before.max != leaf.max:
            out.append(IndicatorMove(ident, leaf.name, before.score, leaf.score))
    for ident, leaf in a.items():
        if ident not in b:
            out.append(IndicatorMove(ident, leaf.name, leaf.score, None, "仅原体系有"))
    return out
