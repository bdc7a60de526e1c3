"""The engine's output: a scorecard tree with the audit trail of every point.

Results are plain slotted dataclasses, not frozen ones: a frozen dataclass sets each
field through ``object.__setattr__``, which cost a sixth of the scoring time. Treat them
as read-only all the same.

Writers (table, JSON, documents, web) only render these objects; they never
recompute a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Union

from .options import ScoringOptions


class Status(str, Enum):
    SCORED = "scored"  # computed from figures by a formula
    JUDGED = "judged"  # at least one part decided by a person, with a reason
    MISSING = "missing"  # data absent: no score

    @property
    def label(self) -> str:
        return {"scored": "计算", "judged": "评判", "missing": "缺数据"}[self.value]


@dataclass(slots=True)
class InputUsed:
    """One input a rule read: the fact name, its Chinese label and value as shown."""

    fact: str
    label: str
    value: Decimal | None
    shown: str


@dataclass(slots=True)
class Outcome:
    """What a rule returns for one part, before rounding."""

    raw: Decimal | None
    status: Status
    explanation: str
    inputs: tuple[InputUsed, ...] = ()
    computed: tuple[tuple[str, str], ...] = ()  # (label, value as shown), e.g. ("编外人员控制率", "43.21%")
    reason: str | None = None  # the judge's reason, for judged parts


@dataclass(slots=True)
class PartResult:
    id: str
    label: str
    max: Decimal
    score: Decimal | None  # after rounding when the scope is per part
    raw: Decimal | None
    status: Status
    rule: str  # the rule in words
    explanation: str
    inputs: tuple[InputUsed, ...]
    computed: tuple[tuple[str, str], ...]
    reason: str | None


@dataclass(slots=True)
class IndicatorResult:
    """A scored 三级指标 (leaf)."""

    id: str
    name: str
    path: tuple[str, ...]  # ids from the 一级指标 down to this one
    names: tuple[str, ...]
    max: Decimal
    score: Decimal | None
    status: Status
    parts: tuple[PartResult, ...]
    explanation: str  # 扣分说明
    vetoed: bool = False

    @property
    def lost(self) -> Decimal | None:
        return None if self.score is None else self.max - self.score


@dataclass(slots=True)
class GroupResult:
    """A 一级 or 二级指标: its children and their subtotal."""

    id: str
    name: str
    path: tuple[str, ...]
    level: int
    max: Decimal
    score: Decimal  # sum of the children that could be scored
    complete: bool
    children: tuple["Node", ...]


Node = Union[GroupResult, IndicatorResult]


@dataclass(slots=True)
class Scorecard:
    framework_id: str
    framework_name: str
    department: str
    year: int
    options: ScoringOptions
    groups: tuple[GroupResult, ...]
    total: Decimal  # sum of what could be scored
    max_total: Decimal
    complete: bool
    grade: str | None  # None while incomplete
    missing: tuple[str, ...]  # dotted paths of indicators without data

    def leaves(self) -> list[IndicatorResult]:
        out: list[IndicatorResult] = []

        def walk(node: Node) -> None:
            if isinstance(node, IndicatorResult):
                out.append(node)
            else:
                for child in node.children:
                    walk(child)

        for group in self.groups:
            walk(group)
        return out

    def indicator(self, ident: str) -> IndicatorResult:
        for leaf in self.leaves():
            if leaf.id == ident:
                return leaf
        raise KeyError(ident)
