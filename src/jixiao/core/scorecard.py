"""The engine's output: a scorecard tree with the audit trail of every point.

Every score is a number computed when the scorecard is made. The trail — each explanation
(扣分说明), each input as shown, each computed rate as shown — is text, and text is built only
when it is first read: a rule hands over a function that writes it (``Text``), and the scorecard
keeps the function and, once called, its result. A page or job that needs only totals never pays
for the words; one that reads them gets exactly the text an eager build would have made. The
input a scorecard was made from is read again at that point, so treat it as read-only.

Results are plain slotted classes, not frozen dataclasses (a frozen dataclass sets each field
through ``object.__setattr__``). Treat them as read-only all the same.

Writers (table, JSON, documents, web) only render these objects; they never recompute a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Callable, Union

from .facts import FACT_LABELS, show_fact
from .options import ScoringOptions

#: Text, or a function that writes it when it is first read.
Text = Union[str, Callable[[], str]]
Pairs = tuple[tuple[str, str], ...]


class Status(str, Enum):
    SCORED = "scored"  # computed from figures by a formula
    JUDGED = "judged"  # at least one part decided by a person, with a reason
    MISSING = "missing"  # data absent: no score

    @property
    def label(self) -> str:
        return {"scored": "计算", "judged": "评判", "missing": "缺数据"}[self.value]


# The statuses as plain module constants: ``Status.SCORED`` goes through the enum class's attribute
# look-up each time (≈ 70 ns; a rule returns one per part).
SCORED, JUDGED, MISSING = Status.SCORED, Status.JUDGED, Status.MISSING


class InputUsed:
    """One input a rule read: the fact name, its Chinese label and value as shown (both made when read)."""

    __slots__ = ("fact", "value", "unit", "_shown")

    def __init__(self, fact: str, value: Decimal | None, unit: str):
        self.fact = fact
        self.value = value
        self.unit = unit
        self._shown: str | None = None

    @property
    def label(self) -> str:
        return FACT_LABELS.get(self.fact, self.fact)

    @property
    def shown(self) -> str:
        if self._shown is None:
            self._shown = "缺失" if self.value is None else show_fact(self.fact, self.value, self.unit)
        return self._shown

    def __repr__(self) -> str:
        return f"InputUsed({self.fact!r}, {self.value!r})"


def _text(owner, slot: str) -> str:
    value = getattr(owner, slot)
    if value.__class__ is not str:
        value = value()
        setattr(owner, slot, value)
    return value


class Outcome:
    """What a rule returns for one part, before rounding. ``explanation`` and ``computed`` may be
    given as functions that make them; they are called once, when first read."""

    __slots__ = ("raw", "status", "_explanation", "inputs", "_computed", "reason")

    def __init__(self, raw: Decimal | None, status: "Status", explanation: Text, inputs: tuple[InputUsed, ...] = (),
                 computed: "Pairs | Callable[[], Pairs]" = (), reason: str | None = None):
        self.raw = raw
        self.status = status
        self._explanation = explanation
        self.inputs = inputs
        self._computed = computed  # (label, value as shown), e.g. ("编外人员控制率", "43.21%")
        self.reason = reason  # the judge's reason, for judged parts

    @property
    def explanation(self) -> str:
        return _text(self, "_explanation")

    @property
    def computed(self) -> Pairs:
        value = self._computed
        if value.__class__ is not tuple:
            value = self._computed = value()  # type: ignore[operator]
        return value  # type: ignore[return-value]


class PartResult:
    """One scoring part of a leaf: its numbers, and its rule's outcome for the words."""

    __slots__ = ("id", "label", "max", "score", "raw", "status", "rule", "_outcome")

    def __init__(self, id: str, label: str, max: Decimal, score: Decimal | None, raw: Decimal | None, status: Status,
                 rule: str, outcome: Outcome):
        self.id = id
        self.label = label
        self.max = max
        self.score = score  # after rounding when the scope is per part
        self.raw = raw
        self.status = status
        self.rule = rule  # the rule in words
        self._outcome = outcome

    @property
    def explanation(self) -> str:
        return self._outcome.explanation

    @property
    def inputs(self) -> tuple[InputUsed, ...]:
        return self._outcome.inputs

    @property
    def computed(self) -> Pairs:
        return self._outcome.computed

    @property
    def reason(self) -> str | None:
        return self._outcome.reason


#: One part as the engine scored it: (its plan — with ``id``, ``label``, ``points`` and
#: ``rule_text`` —, the rule's outcome, the score shown after per-part rounding).
Scored = tuple[object, Outcome, Union[Decimal, None]]


def part_results(scored: "list[Scored]") -> tuple[PartResult, ...]:
    """The parts of a leaf as results, from the engine's list of scored parts."""
    return tuple([PartResult(p.id, p.label, p.points, shown, out.raw, out.status, p.rule_text, out)  # type: ignore[attr-defined]
                  for p, out, shown in scored])


def parts_text(scored: "list[Scored]") -> str:
    """The parts' explanations joined with "；" (a leaf's 扣分说明 when nothing is added to it)."""
    return "；".join([out.explanation for _, out, _ in scored])


class IndicatorResult:
    """A scored 三级指标 (leaf).

    ``parts`` may be given as the engine's list of scored parts (:data:`Scored`), made into
    :class:`PartResult` objects when first read; ``explanation`` None is the parts' explanations
    joined with "；" (the usual case: no veto, override or rounding note)."""

    __slots__ = ("id", "name", "path", "names", "max", "score", "status", "_parts", "_explanation", "vetoed")

    def __init__(self, id: str, name: str, path: tuple[str, ...], names: tuple[str, ...], max: Decimal,
                 score: Decimal | None, status: Status, parts: "tuple[PartResult, ...] | list[Scored]",
                 explanation: Text | None, vetoed: bool = False):
        self.id = id
        self.name = name
        self.path = path  # ids from the 一级指标 down to this one
        self.names = names
        self.max = max
        self.score = score
        self.status = status
        self._parts = parts
        self._explanation = explanation  # 扣分说明
        self.vetoed = vetoed

    @property
    def parts(self) -> tuple[PartResult, ...]:
        value = self._parts
        if value.__class__ is not tuple:
            value = self._parts = part_results(value)  # type: ignore[arg-type]
        return value  # type: ignore[return-value]

    @property
    def explanation(self) -> str:
        if self._explanation is None:
            self._explanation = "；".join([p.explanation for p in self.parts])
            return self._explanation
        return _text(self, "_explanation")

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
