"""Project-level evaluation: one 项目支出绩效自评表 per 二级项目.

A department-year lists its projects with their budget, spending and targets (the same
target rows as the 自评表). Each project is scored on its own with a project framework
(``project-self-eval`` by default): its 年初预算数 / 全年预算数 / 全年执行数 become the
budget figures, its targets the performance indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .checks import Problem, check_input
from .engine import score
from .framework import Framework
from .inputs import Budget, DepartmentYear, Project, Target
from .options import ScoringOptions
from .rules.achievement import achievement, is_met
from .rules.targets import TargetsRule
from .scorecard import Scorecard

#: The framework a project is scored with unless another is named.
PROJECT_FRAMEWORK = "project-self-eval"


#: 一级指标 of each 二级指标 (category) in the 自评表.
LEVEL1 = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}


@dataclass(slots=True)
class TargetRow:
    """One row of the 自评表's 绩效指标 table, as scored by the framework's rule."""

    target: Target
    level1: str  # 产出指标 / 效益指标 / 满意度指标 (— when the category is not one of them)
    score: Decimal | None  # unrounded; None when it cannot be scored
    met: bool | None
    how: str


@dataclass(slots=True)
class ProjectResult:
    index: int  # position in the department's project list (0-based)
    project: Project
    card: Scorecard | None  # None when the project's input has problems
    problems: tuple[Problem, ...]
    rows: tuple[TargetRow, ...] = ()

    @property
    def score(self) -> Decimal | None:
        """The project's total when complete, else None (missing, never full marks)."""
        return self.card.total if self.card is not None and self.card.complete else None


def project_input(data: DepartmentYear, project: Project) -> DepartmentYear:
    """The project as a department-year of its own: its budget figures and its targets."""
    return DepartmentYear(
        department=data.department,
        year=data.year,
        district=data.district,
        unit=data.unit,
        budget=Budget(initial=project.initial_budget, adjusted=project.budget, executed=project.spent),
        targets=project.targets,
    )


def _targets_rule(fw: Framework) -> TargetsRule | None:
    for _, leaf in fw.leaves():
        for part in leaf.parts or ():
            if isinstance(part.rule, TargetsRule):
                return part.rule
    return None


def unmet_without_reason(fw: Framework, targets: list[Target]) -> list[int]:
    """Indexes of targets not met (by the framework's own rule) that give no 偏差原因分析."""
    rule = _targets_rule(fw)
    if rule is None:
        return []
    top = max(rule.levels, key=lambda lv: lv.min_pct).id
    out = []
    for i, t in enumerate(targets):
        coef, _ = achievement(t, rule.cap_pct, rule.level)
        met = is_met(t, coef, top)
        if met is False and not (t.deviation_reason and t.deviation_reason.strip()):
            out.append(i)
    return out


def check_project(fw: Framework, data: DepartmentYear, index: int) -> list[Problem]:
    """Problems of one project's input, each naming projects[i]…"""
    project = (data.projects or [])[index]
    where = f"projects[{index}]"
    sub = project_input(data, project)
    problems = [Problem.at(f"{where}.{p.field}" if p.field else where, p.what, p.value) for p in check_input(fw, sub)]
    for i in unmet_without_reason(fw, list(project.targets or ())):
        t = (project.targets or [])[i]
        problems.append(
            Problem.at(f"{where}.targets[{i}].deviation_reason", f"指标“{t.name}”未完成，应填写偏差原因分析及改进措施")
        )
    return problems


def check_projects(fw: Framework, data: DepartmentYear) -> list[Problem]:
    """Problems of every project at once."""
    out: list[Problem] = []
    for i in range(len(data.projects or ())):
        out += check_project(fw, data, i)
    return out


def score_projects(fw: Framework, data: DepartmentYear, options: ScoringOptions | None = None) -> list[ProjectResult]:
    """Every project scored with ``fw``; a project with problems has no scorecard and lists them."""
    results: list[ProjectResult] = []
    for i, project in enumerate(data.projects or ()):
        problems = check_project(fw, data, i)
        card = None if problems else score(fw, project_input(data, project), options, checked=True)
        results.append(ProjectResult(i, project, card, tuple(problems), target_rows(fw, list(project.targets or ()))))
    return results


def target_rows(fw: Framework, targets: list[Target]) -> tuple[TargetRow, ...]:
    rule = _targets_rule(fw)
    if rule is None:
        return ()
    top = max(rule.levels, key=lambda lv: lv.min_pct).id
    rows = []
    for t in targets:
        got, how, _ = rule.score_target(t)
        coef, _ = achievement(t, rule.cap_pct, rule.level)
        rows.append(TargetRow(t, LEVEL1.get(t.category or "", "—"), got, is_met(t, coef, top), how))
    return tuple(rows)
