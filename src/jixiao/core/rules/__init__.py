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
| change_rate | 变动率 against last year, minus per point above a threshold, floor 0 |
| shortfall_deduction | minus per step below a standard (每低于5%扣2分), floor 0 |
| coefficient_bands | 得分系数 bands of a rate: coefficient × points |
"""

from typing import Annotated, Union

from pydantic import Field

from .change_rate import ChangeRate
from .checklist import Checklist
from .coefficient import CoefficientBands
from .deduction import Deduction
from .excess import ExcessDeduction
from .judgement import Judgement
from .quarterly import ExecutionAveragePart, QuarterlySchedule
from .ratio import Ratio
from .shortfall import ShortfallDeduction
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
        ChangeRate,
        ShortfallDeduction,
        CoefficientBands,
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
    "change_rate",
    "shortfall_deduction",
    "coefficient_bands",
)

__all__ = ["Rule", "RULE_KINDS", "TargetsRule", "Judgement", "Checklist", "Deduction", "Ratio", "Tiers"]
