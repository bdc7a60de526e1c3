"""Scoring options: the choices the seeds make differently, made explicit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from .numbers import RoundingMode


class RoundingScope(str, Enum):
    """Where scores are rounded."""

    PART = "part"  # every scoring part (e.g. 一至四季度得分, 全年平均得分) separately
    INDICATOR = "indicator"  # only each 三级指标's total

    @property
    def label(self) -> str:
        return "按评分细项" if self is RoundingScope.PART else "按三级指标"


class ExecutionAverage(str, Enum):
    """The three readings of 全年平均执行率 found in the seeds (see docs/scoring.md)."""

    UNCAPPED_RATIO = "uncapped_ratio"  # Σ(累计进度/序时进度)÷4, each ratio uncapped; part capped at its points
    CAPPED_RATIO = "capped_ratio"  # Σ min(累计进度/序时进度, 1)÷4
    RAW_PROGRESS = "raw_progress"  # Σ 累计支出进度 ÷4 (progress itself, not its ratio to 序时进度)

    @property
    def label(self) -> str:
        return {
            ExecutionAverage.UNCAPPED_RATIO: "各季度执行率（进度/序时进度，不封顶）的平均",
            ExecutionAverage.CAPPED_RATIO: "各季度执行率（进度/序时进度，单季封顶100%）的平均",
            ExecutionAverage.RAW_PROGRESS: "各季度累计支出进度本身的平均",
        }[self]


@dataclass(frozen=True, slots=True)
class ScoringOptions:
    """Options for one scoring run. Defaults: the literal reading of the rule text."""

    rounding: RoundingMode = RoundingMode.HALF_UP
    rounding_scope: RoundingScope = RoundingScope.INDICATOR
    places: int = 2
    execution_average: ExecutionAverage = ExecutionAverage.UNCAPPED_RATIO
    # Round each computed rate (政府采购执行率, 控制率 …) to this many decimals of a percent
    # before scoring, as a report that scores its printed rates does (98.4969% → 98.50%). None: exact.
    rate_places: int | None = None

    def with_(self, **changes: object) -> "ScoringOptions":
        return replace(self, **changes)  # type: ignore[arg-type]

    def describe(self) -> str:
        text = (
            f"得分保留{self.places}位小数，{self.rounding.label}，{self.rounding_scope.label}取舍；"
            f"全年平均执行率取{self.execution_average.label}"
        )
        if self.rate_places is not None:
            text += f"；比率先按百分数保留{self.rate_places}位小数（四舍五入）再计分"
        return text
