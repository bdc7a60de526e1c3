"""`jixiao report | template | import`: documents from an input, the Excel template, and its import.

    jixiao report INPUT [--format docx|xlsx|pdf|md|html] [-o PATH]   |   jixiao report --all DIR
    jixiao template --framework ID [-o FILE.xlsx] [--prefill INPUT]
    jixiao import FILE.xlsx [--framework ID] [-o OUT.yaml]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import EXIT_USAGE, CliError, framework, load, score_loaded, scoring_arguments

if TYPE_CHECKING:
    from ..core.inputs import DepartmentYear
    from ..core.scorecard import Scorecard

SUFFIX = {"docx": ".docx", "xlsx": ".xlsx", "pdf": ".pdf", "md": ".md", "html": ".html"}
KIND = {"docx": "自评报告", "pdf": "自评报告", "xlsx": "评分表", "md": "评分表", "html": "评分表"}


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="生成自评报告（docx/pdf）或评分表（xlsx/md/html）")
    p.add_argument("input", nargs="?", help="输入文件（.yaml / .json）")
    p.add_argument("--all", metavar="DIR", help="为目录中的全部输入文件生成（显示进度）")
    p.add_argument("--format", choices=list(SUFFIX), default="docx")
    p.add_argument("-o", "--output", help="输出文件（批量时为输出目录）；缺省为当前目录")
    p.add_argument("--template", help="自评报告的 Word 样式模板（.docx），缺省用内置模板")
    p.add_argument("--projects", action="store_true", help="为每个二级项目生成项目支出绩效自评表（xlsx 每项目一个工作表；docx 每项目一页）")
    p.add_argument("--project-framework", metavar="ID", help="项目自评所用的指标体系（缺省 project-self-eval）")
    scoring_arguments(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("template", help="生成部门填报用的 Excel 模板")
    p.add_argument("--framework", required=True, help="指标体系 id")
    p.add_argument("-o", "--output", help="输出的 .xlsx 文件")
    p.add_argument("--prefill", metavar="INPUT", help="用已有输入文件预填（如上年度数据）")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("import", help="把填好的 Excel 模板转换为输入文件（YAML）")
    p.add_argument("file", help="填好的 .xlsx")
    p.add_argument("--framework", help="指标体系 id")
    p.add_argument("-o", "--output", help="输出的 .yaml 文件；缺省输出到屏幕")
    p.set_defaults(func=cmd_import)


# --------------------------------------------------------------------------- report


def cmd_report(args: argparse.Namespace) -> int:
    if args.all:
        return report_all(args)
    if not args.input:
        raise CliError(["请给出输入文件，或用 --all 目录 批量生成"], EXIT_USAGE)
    loaded = load(args.input)
    if args.projects:
        out = report_projects(args, loaded.data, str(loaded.document.path))
        print(f"已生成 {out}（{len(loaded.data.projects or ())} 个项目的项目支出绩效自评表）")
        return 0
    card = score_loaded(loaded, args)
    out = report_one(card, loaded.data, args.format, args.output, template=args.template)
    print(f"已生成 {out}")
    return 0


def default_name(card: "Scorecard", fmt: str) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", card.department)
    return f"{card.year}-{safe}-{KIND[fmt]}{SUFFIX[fmt]}"


def report_one(card: "Scorecard", data: "DepartmentYear", fmt: str, output: str | None, *, template: str | None,
               out_dir: Path | None = None) -> Path:
    path = Path(output) if output else (out_dir or Path.cwd()) / default_name(card, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    tpl = Path(template) if template else None
    if tpl is not None and not tpl.exists():
        raise CliError([f"模板文件不存在：{tpl}"])
    if fmt == "docx":
        from ..writers.docx_report import write_docx
        projects = project_results(data, None) if any(p.targets for p in data.projects or ()) else None
        return write_docx(card, data, path, template=tpl, projects=projects)
    if fmt == "xlsx":
        from ..writers.xlsx_scores import write_xlsx

        projects = project_results(data, None) if any(p.targets for p in data.projects or ()) else None
        return write_xlsx(card, data, path, projects)
    if fmt == "md":
        from ..writers.table import render_markdown

        path.write_text(render_markdown(card), encoding="utf-8")
        return path
    if fmt == "html":
        from ..writers.html import render_html

        path.write_text(render_html(card), encoding="utf-8")
        return path
    from ..writers.docx_report import write_docx
    from ..writers.pdf import PdfUnavailable, docx_to_pdf

    docx = write_docx(card, data, path.with_suffix(".docx"), template=tpl)
    try:
        pdf = docx_to_pdf(docx, path.parent)
    except PdfUnavailable as exc:
        raise CliError([str(exc)]) from None
    finally:
        docx.unlink(missing_ok=True)
    if pdf != path:
        pdf.replace(path)
    return path


def report_all(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    folder = Path(args.all)
    if not folder.is_dir():
        raise CliError([f"不是目录：{folder}"])
    inputs = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json") and p.name != "case.yaml")
    if not inputs:
        raise CliError([f"{folder} 中没有输入文件（.yaml / .yml / .json）"])
    out_dir = Path(args.output) if args.output else Path.cwd()
    failures: list[str] = []
    written = 0
    columns = (TextColumn("[bold]生成{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task(KIND[args.format], total=len(inputs))
        for path in inputs:
            try:
                loaded = load(str(path))
                card = score_loaded(loaded, args)
                report_one(card, loaded.data, args.format, None, template=args.template, out_dir=out_dir)
                written += 1
            except CliError as exc:
                failures += [str(line) for line in exc.lines]
            progress.advance(task)
    print(f"已生成 {written} 份，失败 {len(inputs) - written} 份，输出目录 {out_dir}")
    if failures:
        raise CliError(failures)
    return 0


# --------------------------------------------------------------------------- Excel template


def cmd_template(args: argparse.Namespace) -> int:
    from ..io.excel_template import TemplateError, write_template

    fw = framework(args.framework)
    data = load(args.prefill).data if args.prefill else None
    out = Path(args.output or f"{fw.id}-填报模板.xlsx")
    try:
        write_template(fw, out, data=data)
    except TemplateError as exc:
        raise CliError([str(p) for p in exc.problems]) from None
    print(f"已生成填报模板 {out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..frameworks import available
    from ..io.excel_template import dump_input_yaml, import_workbook, read_framework_id
    from ..io.inputs import InputError

    path = Path(args.file)
    if not path.exists():
        raise CliError([f"{path}：文件不存在"])
    try:
        ident = args.framework or read_framework_id(path)
    except InputError as exc:
        raise CliError([str(p) for p in exc.problems]) from None
    if not ident:
        raise CliError([f"请用 --framework 指定指标体系（可选：{', '.join(available())}）"], EXIT_USAGE)
    fw = framework(ident)
    try:
        data = import_workbook(path, fw)
    except InputError as exc:
        raise CliError([str(p) for p in exc.problems]) from None
    text = dump_input_yaml(data)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"已导入 {args.file} → {args.output}")
    else:
        sys.stdout.write(text)
    return 0


# --------------------------------------------------------------------------- report --projects


def project_results(data: "DepartmentYear", framework_id: str | None) -> list:
    """Every project scored on its own 自评表; the problems of all projects at once as CliError."""
    from ..core.projects import PROJECT_FRAMEWORK, check_projects, score_projects

    fw = framework(framework_id or PROJECT_FRAMEWORK)
    problems = check_projects(fw, data)
    if problems:
        raise CliError(problems)
    return score_projects(fw, data)


def report_projects(args: argparse.Namespace, data: "DepartmentYear", source: str) -> Path:
    """`jixiao report INPUT --projects`: one 项目支出绩效自评表 per 二级项目 (.xlsx sheets or .docx pages)."""
    if not data.projects:
        raise CliError([f"{source}：没有二级项目（projects），无法生成项目支出绩效自评表"])
    if args.format not in ("xlsx", "docx"):
        raise CliError(["项目支出绩效自评表只能生成 xlsx 或 docx（--format xlsx|docx）"], EXIT_USAGE)
    try:
        results = project_results(data, args.project_framework)
    except CliError as exc:
        raise CliError([f"{source}：{line}" for line in exc.lines]) from None
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", data.department)
    path = Path(args.output) if args.output else Path.cwd() / f"{data.year}-{safe}-项目支出绩效自评表.{args.format}"
    path.parent.mkdir(parents=True, exist_ok=True)
    from ..writers.project_sheet import write_projects_docx, write_projects_xlsx

    write = write_projects_xlsx if args.format == "xlsx" else write_projects_docx
    return write(results, data, path)
