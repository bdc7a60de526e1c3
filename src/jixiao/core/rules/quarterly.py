"""预算执行率: quarterly cumulative progress against 序时进度, and the 全年平均执行率 part."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from ..numbers import ONE, ZERO, fmt_pct
from ..options import ExecutionAverage
from ..scorecard import SCORED, Outcome
from .base import Context, Num, RuleBase, pct_bound, pts, read
from .rates import PctParam

_QUARTER_NAMES = "一二三四"
_QUARTER_FACTS = ("quarterly.q1", "quarterly.q2", "quarterly.q3", "quarterly.q4")


def _schedule_ok(value: list[Decimal]) -> list[Decimal]:
    if len(value) != 4:
        raise ValueError("序时进度应为4个季度的值")
    if any(v <= 0 for v in value):
        raise ValueError("序时进度应大于0")
    return value


class QuarterlySchedule(RuleBase):
    """Σ over quarters of min(累计支出进度 / 序时进度, 1) × per_quarter."""

    kind: Literal["quarterly_schedule"]
    schedule_pct: list[PctParam] = Field(default_factory=lambda: [Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), ONE])
    per_quarter: Num = Field(gt=0)

    _v = field_validator("schedule_pct")(_schedule_ok)

    def facts_used(self) -> tuple[str, ...]:
        return _QUARTER_FACTS

    def check_points(self, points: Decimal) -> list[str]:
        if self.per_quarter * 4 != points:
            return [f"每季度 {self.per_quarter} 分 × 4 与细项分值 {points} 不符"]
        return []

    def describe(self, points: Decimal) -> str:
        return "；".join(
            f"{_QUARTER_NAMES[i]}季度得分=（累计支出进度/序时进度{pct_bound(s)}）×{pts(self.per_quarter)}，最高{pts(self.per_quarter)}"
            for i, s in enumerate(self.schedule_pct)
        )

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        inputs, missing = read(ctx, _QUARTER_FACTS)
        if missing:
            return missing
        total = ZERO
        rows = []
        for fact, sched in zip(_QUARTER_FACTS, self.schedule_pct):
            progress = ctx.facts[fact]
            ratio = progress / sched  # type: ignore[operator]
            got = min(ratio, ONE) * self.per_quarter
            total += got
            rows.append((progress, sched, ratio, got))

        def text() -> str:
            pieces = [
                f"{_QUARTER_NAMES[i]}季度 {fmt_pct(progress)}/{pct_bound(sched)}={fmt_pct(ratio)}{'，封顶' if ratio > ONE else ''}→{pts(got)}"
                for i, (progress, sched, ratio, got) in enumerate(rows)
            ]
            return "；".join(pieces) + f"；季度得分合计{pts(total)}"

        def computed() -> tuple[tuple[str, str], ...]:
            return tuple((f"{_QUARTER_NAMES[i]}季度执行率", fmt_pct(row[2])) for i, row in enumerate(rows))

        return Outcome(total, SCORED, text, tuple(inputs), computed)


class ExecutionAveragePart(RuleBase):
    """全年平均执行率 × points, capped at points. The reading comes from the scoring options."""

    kind: Literal["execution_average"]
    schedule_pct: list[PctParam] = Field(default_factory=lambda: [Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), ONE])

    _v = field_validator("schedule_pct")(_schedule_ok)

    def facts_used(self) -> tuple[str, ...]:
        return _QUARTER_FACTS

    def describe(self, points: Decimal) -> str:
        return f"全年平均支出进度得分=全年平均执行率×{pts(points)}，最高{pts(points)}；全年平均执行率=Σ各季度执行率÷4"

    def average(self, progress: list[Decimal], reading: ExecutionAverage) -> Decimal:
        if reading is ExecutionAverage.RAW_PROGRESS:
            values = progress
        elif reading is ExecutionAverage.CAPPED_RATIO:
            values = [min(p / s, ONE) for p, s in zip(progress, self.schedule_pct)]
        else:
            values = [p / s for p, s in zip(progress, self.schedule_pct)]
        return sum(values, ZERO) / 4

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        inputs, missing = read(ctx, _QUARTER_FACTS)
        if missing:
            return missing
        progress = [ctx.facts[f] for f in _QUARTER_FACTS]
        reading = ctx.options.execution_average
        avg = self.average(progress, reading)  # type: ignore[arg-type]
        raw = avg * points
        score = min(raw, points)

        def text() -> str:
            cap = f"，超过{pts(points)}按{pts(points)}计" if raw > points else ""
            return f"全年平均执行率 {fmt_pct(avg)}（{reading.label}）×{pts(points)}={pts(raw)}{cap}"

        return Outcome(score, SCORED, text, tuple(inputs), lambda: (("全年平均执行率", fmt_pct(avg)), ("口径", reading.value)))
