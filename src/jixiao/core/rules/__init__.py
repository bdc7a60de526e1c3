"""Rule kinds. Each is a strict parameter model with ``describe`` and ``evaluate``.

| kind | what it scores |
|---|---|
| judgement | a person's score or level, reason required |
| checklist | sub-items met / not met, reason required |
| deduction | points minus a fixed amount per item found, floor 0 |
| ratio | rate × points; above 100% capped or zero; optionally all-or-nothing |
| tiers | bands of a rate (edges and their inclusiveness are data) |
| excess_deduction | minus per percentage point above a threshold, floor 0 |
| quarterly_schedule | quarterly progress against 序时进度, each quarter capped |
| execution_average | 全年平均执行率 × points under the chosen reading, capped |
| targets | 个性指标: quantitative target vs actual, qualitative bands |
"""

from typing import Annotated, Union

from pydantic import Field

from .checklist import Checklist
from .deduction import Deduction
from .excess import ExcessDeduction
from .judgement import Judgement
from .quarterly import ExecutionAveragePart, QuarterlySchedule
from .ratio import Ratio
from .targets import TargetsRule
from .tiers import Tiers

Rule = Annotated[
    Union[
        Judgement,
        Checklist,
        Deduction,
        Ratio,
        Tiers,
        ExcessDeduction,
        QuarterlySchedule,
        ExecutionAveragePart,
        TargetsRule,
    ],
    Field(discriminator="kind"),
]

RULE_KINDS = (
    "judgement",
    "checklist",
    "deduction",
    "ratio",
    "tiers",
    "excess_deduction",
    "quarterly_schedule",
    "execution_average",
    "targets",
)

__all__ = ["Rule", "RULE_KINDS", "TargetsRule", "Judgement", "Checklist", "Deduction", "Ratio", "Tiers"]
