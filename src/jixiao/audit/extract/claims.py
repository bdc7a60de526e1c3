"""Extracted claims: every value the report states, with the evidence it was read from."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Evidence
from .numbers import Num


@dataclass(frozen=True, slots=True)
class Fact:
    """A figure the report states, keyed by the engine's fact name (budget.initial …) or a
    ``rate.*`` key for a rate the report states itself."""

    key: str
    num: Num
    ev: Evidence
    para: int = -1  # paragraph index (-1: a table)
    sentence: int = -1  # sentence offset inside the paragraph
    source: str = "prose"  # prose | table
    role: str = "main"  # main | component (after 其中) | initial (年初, when a 全年 figure may follow)

    @property
    def value(self) -> Decimal:
        return self.num.value


@dataclass(frozen=True, slots=True)
class SumClaim:
    """'X，其中 A、B…': the parts should add up to the total."""

    total: Num
    parts: tuple[Num, ...]
    ev: Evidence


@dataclass(frozen=True, slots=True)
class ShareClaim:
    """'A …，占…P%': P should be A over one of the amounts around it."""

    part: Num
    pct: Num
    candidates: tuple[Num, ...]
    ev: Evidence
    label: str  # what it is a share of, as printed ("总支出")
    para: int = -1


@dataclass(frozen=True, slots=True)
class GrowthClaim:
    """'X，较上年增加 A，增长 P%' or 'X，较 Y 增加 P%'."""

    now: Num
    change: Num | None  # the amount of change, when printed
    base: Num | None  # the earlier figure, when printed
    pct: Num
    decrease: bool
    ev: Evidence


@dataclass(frozen=True, slots=True)
class CountClaim:
    """'共开展103个二级项目': a count the report states about something it lists."""

    what: str  # project | key_task | target_project
    num: Num
    ev: Evidence


@dataclass(frozen=True, slots=True)
class ProseScore:
    """A score, a deduction or a weight stated in prose for an indicator named there."""

    name: str  # as printed
    kind: str  # score | deduction | weight | rate (得分率)
    num: Num
    ev: Evidence
    heading: str = ""
    group: str = ""  # paragraph:sentence, to pair statements made together


@dataclass(frozen=True, slots=True)
class Flag:
    """A statement that is not a number but settles a figure: 均按时完成, 未发生超期 …"""

    key: str
    ev: Evidence


@dataclass
class Meta:
    department: str | None = None
    department_ev: Evidence | None = None
    year: int | None = None
    fillers: list[tuple[str, str, Evidence]] = field(default_factory=list)  # (role label, name, ev)
    totals: list[tuple[Num, Evidence, str]] = field(default_factory=list)  # (value, ev, source)
    grades: list[tuple[str, Evidence, str]] = field(default_factory=list)
