"""The input for one department-year: every raw figure the frameworks need.

Amounts are in the unit named by ``unit`` (万元 by default). Percentages are the
fields ending in ``_pct`` and hold the number as printed (98.5 means 98.5%).
Every figure is optional: a figure that is absent makes the indicators that need
it *missing*, never full marks.
"""

from __future__ import annotations

import re
import typing
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator,
                      model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import plausibility as rules
from .numbers import parse_decimal, plain
from .plausibility import MAX_RATE_PCT, MAX_SHARE_PCT, bounded_pct, check_size


def _to_decimal(value: object) -> object:
    if value is None:
        return None
    return check_size(parse_decimal(value))


Dec = Annotated[Decimal, BeforeValidator(_to_decimal)]
Amount = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0, description="金额（单位见 unit）")]
ControlRate = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0, description="百分数（不超过 150%）"),
                        AfterValidator(bounded_pct(MAX_RATE_PCT, "控制率"))]
ExecutionRate = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0, description="百分数（不超过 150%）"),
                          AfterValidator(bounded_pct(MAX_RATE_PCT, "执行率"))]
Share = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0, description="百分数（不超过 100%）"),
                  AfterValidator(bounded_pct(MAX_SHARE_PCT, "百分数"))]
Progress = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0, description="累计支出进度（%）"),
                     AfterValidator(bounded_pct(MAX_RATE_PCT, "累计支出进度"))]


def refuse(model: str, problems: list[rules.Problem]) -> None:
    """Raise a validation error naming each problem's own field (the plausibility rules' findings)."""
    if problems:
        raise ValidationError.from_exception_data(model, [
            InitErrorDetails(type=PydanticCustomError("implausible", "{message}", {"message": message}),
                             loc=loc, input=value)
            for loc, message, value in problems
        ])
Count = Annotated[int, Field(ge=0, strict=True)]
Text = Annotated[str, Field(min_length=1)]


# Characters no document can hold (tab, newline and carriage return are fine): refused at input, so a
# name pasted with one cannot make every later .docx/.xlsx download of the evaluation fail.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _no_control(value: object) -> None:
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            raise ValueError(f"含有不可见的控制字符（{found.group()!r}），请删除后再填写")
    elif isinstance(value, dict):
        for k, v in value.items():
            _no_control(k)
            if isinstance(v, _TEXTUAL):
                _no_control(v)
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, _TEXTUAL):  # (not figures; nor models, whose fields were checked as each was made)
                _no_control(v)


_TEXTUAL = (str, list, dict)


class _Model(BaseModel):
    # defer_build: a model's validator is built when it is first used, not at import; validating a
    # DepartmentYear builds what it contains, and `jixiao score` never builds the others on their own.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: object) -> object:
        # (Runs for every field of every model: the common cases are answered here without a call.)
        kind = value.__class__
        if kind is str:
            if _CONTROL.search(value) is not None:  # type: ignore[arg-type]
                _no_control(value)
        elif isinstance(value, _TEXTUAL):
            _no_control(value)
        return value


class Budget(_Model):
    """部门预算：年初、调整后、执行数，基本/项目支出，调整调剂。"""

    initial: Amount | None = Field(None, description="年初预算数")
    adjusted: Amount | None = Field(None, description="调整后预算数（全年预算数）")
    executed: Amount | None = Field(None, description="执行数（全年实际支出）")
    basic_budget: Amount | None = Field(None, description="基本支出预算")
    basic_actual: Amount | None = Field(None, description="基本支出执行数")
    project_budget: Amount | None = Field(None, description="项目支出预算")
    project_actual: Amount | None = Field(None, description="项目支出执行数")
    adjustment: Amount | None = Field(None, description="预算调整、调剂累计金额")

    @model_validator(mode="after")
    def _plausible(self) -> "Budget":
        refuse("Budget", rules.budget_problems(self))
        return self


class Quarter(_Model):
    """季度末累计支出：给出 progress_pct，或给出 cumulative_spent（及可选 base）。"""

    quarter: Literal[1, 2, 3, 4]
    progress_pct: Progress | None = Field(None, description="季度末累计支出进度（%）")
    cumulative_spent: Amount | None = Field(None, description="季度末累计支出金额")
    base: Amount | None = Field(None, description="计算进度所用的指标金额；缺省为调整后预算")

    @model_validator(mode="after")
    def _one_way(self) -> "Quarter":
        if self.progress_pct is None and self.cumulative_spent is None:
            raise ValueError("应给出 progress_pct（累计支出进度%）或 cumulative_spent（累计支出金额）之一")
        return self


class BudgetActual(_Model):
    budget: Amount | None = Field(None, description="预算数（调整后）")
    actual: Amount | None = Field(None, description="实际支出数（决算数）")
    rate_pct: ControlRate | None = Field(None, description="只知道控制率时填写（%）；给出金额时以金额计算为准")

    @model_validator(mode="after")
    def _plausible(self) -> "BudgetActual":
        refuse("BudgetActual", rules.budget_actual_problems(self))
        return self


class Procurement(_Model):
    plan: Amount | None = Field(None, description="政府采购计划（预算）金额")
    actual: Amount | None = Field(None, description="实际采购金额")
    rate_pct: ExecutionRate | None = Field(None, description="只知道执行率时填写（%）；给出金额时以金额计算为准")

    @model_validator(mode="after")
    def _plausible(self) -> "Procurement":
        refuse("Procurement", rules.procurement_problems(self))
        return self


class Assets(_Model):
    fixed_in_use: Amount | None = Field(None, description="实际在用固定资产总额")
    fixed_total: Amount | None = Field(None, description="所有固定资产总额")
    utilization_pct: Share | None = Field(None, description="只知道利用率时填写（%）；给出金额时以金额计算为准")

    @model_validator(mode="after")
    def _plausible(self) -> "Assets":
        refuse("Assets", rules.assets_problems(self))
        return self


class Staffing(_Model):
    authorized: Count | None = Field(None, description="核定编制数（含工勤）")
    on_payroll: Count | None = Field(None, description="实有在编人数（含工勤）")
    contract: Count | None = Field(None, description="编外人员数（劳务派遣+直接聘用）")


class Project(_Model):
    """一个二级项目。"""

    name: Text
    budget: Amount | None = Field(None, description="项目预算（调整后）")
    spent: Amount | None = Field(None, description="项目支出")
    planned_completion: bool = Field(True, description="是否计划于本年度完成")
    completed_on_time: bool | None = Field(None, description="是否按计划时间完成；未知留空")
    quarterly_spent: list[Amount] | None = Field(None, max_length=4, description="各季度末累计支出（可选，用于运行监控）")
    initial_budget: Amount | None = Field(None, description="项目年初预算数（项目支出绩效自评表）")
    key: bool | None = Field(None, description="是否重点项目（重点支出安排率）")
    targets: list["Target"] | None = Field(
        None, description="项目绩效指标（项目支出绩效自评表的产出、效益、满意度指标）"
    )

    @model_validator(mode="after")
    def _plausible(self) -> "Project":
        refuse("Project", rules.project_problems(self))
        return self


class ProjectCompletion(_Model):
    """未逐项列出项目时，直接给出计划完成与按时完成的项目数。"""

    planned: Count
    completed_on_time: Count

    @model_validator(mode="after")
    def _plausible(self) -> "ProjectCompletion":
        refuse("ProjectCompletion", rules.project_completion_problems(self))
        return self


class KeyTask(_Model):
    name: Text
    completed: bool = Field(description="是否按期保质保量完成")
    note: str | None = None


class Petitions(_Model):
    """群众信访办理情况。"""

    received: Count | None = Field(None, description="当年受理信访件数")
    replied: Count | None = Field(None, description="已办理回复件数")
    replied_on_time: Count | None = Field(None, description="按时办理回复件数")
    overdue: Count | None = Field(None, description="超期件数")

    @model_validator(mode="after")
    def _plausible(self) -> "Petitions":
        refuse("Petitions", rules.petitions_problems(self))
        return self


class Target(_Model):
    """一个个性绩效指标（效果性/产出/效益/满意度）：权重、目标值、实际值。"""

    name: Text
    category: str | None = Field(None, description="指标类别，如 社会效益、产出数量；用于分组")
    weight: Annotated[Decimal, BeforeValidator(_to_decimal), Field(gt=0)] = Field(
        description="分值（权重）"
    )
    kind: Literal["quantitative", "qualitative"] = Field(
        "quantitative", description="quantitative 定量；qualitative 定性（按档评判）"
    )
    direction: Literal[">=", "<=", "="] | None = Field(
        None, description="定量指标方向：>= 正向（越大越好）；<= 反向；= 等于"
    )
    target: Dec | None = Field(None, description="目标值（定量）")
    actual: Dec | None = Field(None, description="实际完成值（定量）")
    unit: str | None = Field(None, description="计量单位，如 %、个、万元")
    target_text: str | None = Field(None, description="目标值原文（定性指标或原始写法）")
    actual_text: str | None = Field(None, description="完成值原文")
    level: str | None = Field(None, description="定性指标的评判档次，如 达成/部分达成/未达成")
    score: Dec | None = Field(None, description="定性指标在档内选定的得分")
    reason: str | None = Field(None, description="评判理由（定性指标必填）")
    last_year_actual: Dec | None = Field(None, description="上年实际值（可选）")
    adjusted_score: Dec | None = Field(
        None,
        description="复核调整后的得分（可选）：如超额完成但目标值明显偏低，按偏离程度酌减（财预〔2020〕10号），须写明 adjustment_reason",
    )
    adjustment_reason: str | None = Field(None, description="复核调整理由（给出 adjusted_score 时必填）")
    adjusted_target: Dec | None = Field(None, description="调整指标值（年中调整后的目标值；给出时按它计分）")
    core: bool | None = Field(None, description="是否核心指标")
    deviation_reason: str | None = Field(
        None, description="偏差原因分析及改进措施（项目支出绩效自评表：未完成的指标必填）"
    )

    @model_validator(mode="after")
    def _shape(self) -> "Target":
        if self.kind == "quantitative":
            missing = [n for n in ("direction", "target") if getattr(self, n) is None]
            if missing:
                raise ValueError(f"定量指标须给出 {', '.join(missing)}")
        else:
            if self.level is not None and not (self.reason and self.reason.strip()):
                raise ValueError("定性指标的评判须写明理由（reason）")
        has_reason = bool(self.adjustment_reason and self.adjustment_reason.strip())
        if self.adjusted_score is not None and not has_reason:
            raise ValueError("复核调整得分须写明理由（adjustment_reason）")
        if self.adjusted_score is None and has_reason:
            raise ValueError("写了调整理由但未给出调整后得分（adjusted_score）")
        if self.adjusted_score is not None and not 0 <= self.adjusted_score <= self.weight:
            raise ValueError(f"复核调整得分 {plain(self.adjusted_score)} 超出范围 0～{plain(self.weight)}")
        refuse("Target", rules.target_problems(self))
        return self


Project.model_rebuild()


class Answer(_Model):
    """The answer to one judgement part: a score, a level, a checklist or a count, with its reason."""

    score: Dec | None = Field(None, description="评定得分")
    level: str | None = Field(None, description="所选档次的 id（分档评判）")
    items: dict[str, bool] | None = Field(None, description="清单各项是否达到")
    count: Count | None = Field(None, description="发现的不符合项、未完成项数量")
    triggered: bool | None = Field(None, description="否决项：是否发生")
    reason: str = Field(min_length=1, description="理由（必填）：依据、发现的问题或扣分说明")


class Narrative(_Model):
    """部门自行撰写的文字（用于自评报告）。"""

    functions: str | None = Field(None, description="部门职能")
    annual_work: str | None = Field(None, description="年度总体工作和重点工作任务")
    performance: str | None = Field(None, description="履职绩效情况")
    problems: str | None = Field(None, description="存在问题")
    measures: str | None = Field(None, description="改进措施")


class PriorYear(_Model):
    """上年度可比数字，用于同比变化（自评报告中的“比上年增减”）。"""

    budget: Budget | None = None
    three_public: BudgetActual | None = None
    public_funds: BudgetActual | None = None
    staffing: Staffing | None = None


class DepartmentYear(_Model):
    """一个部门一个年度的全部评价输入。"""

    schema_version: Literal[1] = 1
    department: Text = Field(description="部门（单位）名称")
    year: Annotated[int, Field(ge=2000, le=2100)] = Field(description="预算年度")
    district: str | None = Field(None, description="所属区（县）")
    framework: str | None = Field(None, max_length=80, description="指标体系 id；缺省时由命令行指定")
    unit: Literal["万元", "元"] = Field("万元", description="本文件中所有金额的单位")
    budget: Budget = Budget()
    quarterly: list[Quarter] | None = Field(None, description="各季度末累计支出进度")
    three_public: BudgetActual | None = Field(None, description="“三公”经费")
    public_funds: BudgetActual | None = Field(None, description="日常公用经费")
    procurement: Procurement | None = None
    assets: Assets | None = None
    staffing: Staffing | None = None
    projects: list[Project] | None = Field(None, description="二级项目清单")
    project_completion: ProjectCompletion | None = Field(None, description="未列项目清单时的项目完成数")
    key_tasks: list[KeyTask] | None = Field(None, description="重点工作清单")
    petitions: Petitions | None = None
    satisfaction_pct: Share | None = Field(None, description="公众或服务对象满意度（%）")
    targets: list[Target] | None = Field(None, description="个性绩效指标（效果性等）")
    judgements: dict[str, dict[str, Answer]] = Field(
        default_factory=dict, description="评判项答案：{三级指标id: {细项id: 答案}}"
    )
    narrative: Narrative | None = None
    prior_year: PriorYear | None = Field(None, description="上年度可比数字（可选，用于同比）")

    @model_validator(mode="after")
    def _quarters_unique(self) -> "DepartmentYear":
        if self.quarterly:
            seen = [q.quarter for q in self.quarterly]
            dupes = sorted({q for q in seen if seen.count(q) > 1})
            if dupes:
                raise ValueError(f"季度 {dupes} 重复出现")
        refuse("DepartmentYear", rules.department_problems(self, _amounts_over(self, (), rules.MAX_AMOUNT[self.unit], [])))
        return self


def _is_amount(annotation: object) -> bool:
    """Whether a field's type is :data:`Amount`, alone, optional or in a list."""
    if annotation == Amount:
        return True
    return any(_is_amount(arg) for arg in typing.get_args(annotation) if arg is not type(None))


def _holds_amounts(annotation: object) -> bool:
    """Whether a field's type is an input model with amounts in it, alone, optional or in a list
    (not in a dict: the walk below reads models and lists only)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return bool(_amount_plan(annotation))
    if typing.get_origin(annotation) is dict:
        return False
    return any(_holds_amounts(arg) for arg in typing.get_args(annotation))


_AMOUNT_PLANS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _amount_plan(cls: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(name, typed Amount) of each field of a model that holds amounts, or models holding them
    (worked out once per model class)."""
    plan = _AMOUNT_PLANS.get(cls)
    if plan is None:
        plan = _AMOUNT_PLANS[cls] = tuple(
            (n, _is_amount(info.annotation)) for n, info in cls.model_fields.items()
            if _is_amount(info.annotation) or _holds_amounts(info.annotation))
    return plan


def _amounts_over(model: BaseModel, loc: tuple[str | int, ...], limit: Decimal,
                  out: list[tuple[tuple[str | int, ...], Decimal]]) -> list[tuple[tuple[str | int, ...], Decimal]]:
    """(location, value) of every amount in the input (the fields typed :data:`Amount`) above ``limit``."""
    fields = model.__dict__
    for name, amount in _amount_plan(type(model)):
        value = fields[name]
        if value is None:
            continue
        if value.__class__ is list:
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _amounts_over(item, loc + (name, i), limit, out)
                elif amount and item > limit:
                    out.append((loc + (name, i), item))
        elif isinstance(value, BaseModel):
            _amounts_over(value, loc + (name,), limit, out)
        elif amount and value > limit:
            out.append((loc + (name,), value))
    return out
