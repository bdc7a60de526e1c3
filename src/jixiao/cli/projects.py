"""`jixiao report INPUT --projects`: one 项目支出绩效自评表 per 二级项目 (.xlsx sheets or .docx pages)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ..core.inputs import DepartmentYear
from ..core.projects import PROJECT_FRAMEWORK, ProjectResult, check_projects, score_projects


def project_results(data: DepartmentYear, framework_id: str | None, error: type[Exception]) -> list[ProjectResult]:
    """Every project scored; the problems of all projects at once as ``error`` when any has one."""
    from ..frameworks import FrameworkError, load_framework

    try:
        fw = load_framework(framework_id or PROJECT_FRAMEWORK)
    except FrameworkError as exc:
        raise error(exc.problems) from None
    problems = check_projects(fw, data)
    if problems:
        raise error([str(p) for p in problems])
    return score_projects(fw, data)


def has_project_targets(data: DepartmentYear) -> bool:
    return any(p.targets for p in data.projects or ())


def report_projects(args: argparse.Namespace, data: DepartmentYear, source: str, error: type[Exception]) -> Path:
    if not data.projects:
        raise error([f"{source}：没有二级项目（projects），无法生成项目支出绩效自评表"])
    try:
        results = project_results(data, getattr(args, "project_framework", None), error)
    except error as exc:  # type: ignore[misc]
        raise error([f"{source}：{line}" for line in exc.lines]) from None  # type: ignore[attr-defined]
    fmt = args.format if args.format in ("xlsx", "docx") else None
    if fmt is None:
        raise error(["项目支出绩效自评表只能生成 xlsx 或 docx（--format xlsx|docx）"], 2)
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", data.department)
    path = Path(args.output) if args.output else Path.cwd() / f"{data.year}-{safe}-项目支出绩效自评表.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        from ..writers.project_sheet import write_projects_xlsx

        return write_projects_xlsx(results, data, path)
    from ..writers.project_sheet import write_projects_docx

    return write_projects_docx(results, data, path)
