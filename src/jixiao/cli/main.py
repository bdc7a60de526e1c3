"""`jixiao` command line.

    jixiao score FILE [--framework ID] [--format table|json|markdown]
    jixiao validate FILE          (an input file, or a framework file)
    jixiao frameworks [--show ID]
    jixiao schema
    jixiao report INPUT [--format docx|xlsx|pdf|md|html] [-o PATH]   |   jixiao report --all DIR
    jixiao template --framework ID [-o FILE.xlsx]
    jixiao import FILE.xlsx [--framework ID] [-o OUT.yaml]

Errors go to stderr, all at once, with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from ..core.checks import check_input
from ..core.engine import InvalidInput, score
from ..core.framework import Framework
from ..core.inputs import DepartmentYear
from ..core.numbers import RoundingMode, fmt_score
from ..core.options import ExecutionAverage, RoundingScope, ScoringOptions
from ..frameworks import FrameworkError, available, load_framework, load_framework_file
from ..io.inputs import InputError, LoadedInput, load_input
from ..io.yamlio import SourceError, read_document

EXIT_INVALID = 1
EXIT_USAGE = 2


class CliError(Exception):
    def __init__(self, lines: list[str], code: int = EXIT_INVALID):
        self.lines = lines
        self.code = code


def _framework_for(data: DepartmentYear, flag: str | None) -> Framework:
    ident = flag or data.framework
    if not ident:
        raise CliError([f"未指定指标体系：在输入文件中写 framework，或用 --framework 指定（可选：{', '.join(available())}）"], EXIT_USAGE)
    try:
        return load_framework(ident)
    except FrameworkError as exc:
        raise CliError(exc.problems) from None


def _load(path: str) -> LoadedInput:
    try:
        return load_input(path)
    except InputError as exc:
        raise CliError([str(p) for p in exc.problems]) from None


def _options(fw: Framework, args: argparse.Namespace) -> ScoringOptions:
    opts = fw.default_options()
    changes = {}
    if args.rounding:
        changes["rounding"] = RoundingMode(args.rounding)
    if args.rounding_scope:
        changes["rounding_scope"] = RoundingScope(args.rounding_scope)
    if args.execution_average:
        changes["execution_average"] = ExecutionAverage(args.execution_average)
    if args.rate_places is not None:
        changes["rate_places"] = args.rate_places
    return opts.with_(**changes) if changes else opts


def cmd_score(args: argparse.Namespace) -> int:
    from ..writers.jsonout import render_json
    from ..writers.table import render_markdown, render_text

    card = _score_loaded(_load(args.file), args)
    if args.format == "json":
        out = render_json(card)
    elif args.format == "markdown":
        out = render_markdown(card)
    else:
        out = render_text(card, full=args.full)
    sys.stdout.write(out)
    return 0


def _score_loaded(loaded: LoadedInput, args: argparse.Namespace):
    fw = _framework_for(loaded.data, args.framework)
    try:
        return score(fw, loaded.data, _options(fw, args))
    except InvalidInput as exc:
        raise CliError([f"{loaded.document.path}：{p}" for p in exc.problems]) from None


def cmd_report(args: argparse.Namespace) -> int:
    from .report import report_all, report_one

    if args.all:
        return report_all(args, _load, _score_loaded, CliError)
    if not args.input:
        raise CliError(["请给出输入文件，或用 --all 目录 批量生成"], EXIT_USAGE)
    loaded = _load(args.input)
    if args.projects:
        from .projects import report_projects

        out = report_projects(args, loaded.data, str(loaded.document.path), CliError)
        print(f"已生成 {out}（{len(loaded.data.projects or ())} 个项目的项目支出绩效自评表）")
        return 0
    card = _score_loaded(loaded, args)
    out = report_one(card, loaded.data, args.format, args.output, template=args.template, error=CliError)
    print(f"已生成 {out}")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..io.excel_template import TemplateError, write_template

    try:
        fw = load_framework(args.framework)
    except FrameworkError as exc:
        raise CliError(exc.problems) from None
    data = _load(args.prefill).data if args.prefill else None
    out = Path(args.output or f"{fw.id}-填报模板.xlsx")
    try:
        write_template(fw, out, data=data)
    except TemplateError as exc:
        raise CliError([str(p) for p in exc.problems]) from None
    print(f"已生成填报模板 {out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..io.excel_template import dump_input_yaml, import_workbook, read_framework_id

    path = Path(args.file)
    if not path.exists():
        raise CliError([f"{path}：文件不存在"])
    try:
        ident = args.framework or read_framework_id(path)
    except InputError as exc:
        raise CliError([str(p) for p in exc.problems]) from None
    if not ident:
        raise CliError([f"请用 --framework 指定指标体系（可选：{', '.join(available())}）"], EXIT_USAGE)
    try:
        fw = load_framework(ident)
    except FrameworkError as exc:
        raise CliError(exc.problems) from None
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


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        doc = read_document(args.file)
    except SourceError as exc:
        raise CliError([str(exc)]) from None
    if isinstance(doc.data, dict) and "indicators" in doc.data or isinstance(doc.data, dict) and "extends" in doc.data:
        try:
            fw = load_framework_file(args.file)
        except FrameworkError as exc:
            raise CliError(exc.problems) from None
        print(f"指标体系 {fw.id} 有效：{len(fw.leaves())} 个末级指标，总分 {fmt_score(fw.total)}")
        return 0
    loaded = _load(args.file)
    fw = _framework_for(loaded.data, args.framework)
    problems = check_input(fw, loaded.data)
    if problems:
        raise CliError([f"{loaded.document.path}：{p}" for p in problems])
    print(f"{args.file}：有效（{loaded.data.department} {loaded.data.year} 年度，指标体系 {fw.id}）")
    return 0


def cmd_frameworks(args: argparse.Namespace) -> int:
    if args.show:
        try:
            fw = load_framework(args.show)
        except FrameworkError as exc:
            raise CliError(exc.problems) from None
        print(f"{fw.name}（{fw.id}），总分 {fmt_score(fw.total)}")
        for path, ind in fw.walk():
            indent = "  " * (len(path) - 1)
            print(f"{indent}{ind.name} {fmt_score(ind.weight)}  [{ind.id}]")
            for part in ind.parts or ():
                print(f"{indent}  · {part.label} {fmt_score(part.points)}：{part.rule.describe(part.points)}")
        return 0
    for ident in available():
        try:
            fw = load_framework(ident)
        except FrameworkError as exc:
            print(f"{ident}\t（无效）{exc.problems[0]}")
            continue
        print(f"{ident}\t{fw.name}\t{len(fw.leaves())} 个末级指标\t总分 {fmt_score(fw.total)}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    schema = DepartmentYear.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jixiao 部门年度评价输入（DepartmentYear）"
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def _scoring_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--framework", help="指标体系 id 或文件路径（缺省取输入文件中的 framework）")
    p.add_argument("--rounding", choices=[m.value for m in RoundingMode], help="得分取舍：half_up 四舍五入；truncate 截位")
    p.add_argument("--rounding-scope", choices=[s.value for s in RoundingScope], help="取舍位置：part 各细项；indicator 各三级指标")
    p.add_argument(
        "--execution-average",
        choices=[e.value for e in ExecutionAverage],
        help="全年平均执行率口径：uncapped_ratio（缺省）、capped_ratio、raw_progress",
    )
    p.add_argument("--rate-places", type=int, metavar="N", help="比率先按百分数保留 N 位小数再计分（按报告所列比率计分时）")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="部门整体支出绩效评价：评分、校验、指标体系")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("score", help="为一个部门年度评分并输出评分表")
    p.add_argument("file", help="输入文件（.yaml / .json）")
    p.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    p.add_argument("--full", action="store_true", help="表格中也列出满分指标的计算过程")
    _scoring_arguments(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("report", help="生成自评报告（docx/pdf）或评分表（xlsx/md/html）")
    p.add_argument("input", nargs="?", help="输入文件（.yaml / .json）")
    p.add_argument("--all", metavar="DIR", help="为目录中的全部输入文件生成（显示进度）")
    p.add_argument("--format", choices=["docx", "xlsx", "pdf", "md", "html"], default="docx")
    p.add_argument("-o", "--output", help="输出文件（批量时为输出目录）；缺省为当前目录")
    p.add_argument("--template", help="自评报告的 Word 样式模板（.docx），缺省用内置模板")
    p.add_argument("--projects", action="store_true", help="为每个二级项目生成项目支出绩效自评表（xlsx 每项目一个工作表；docx 每项目一页）")
    p.add_argument("--project-framework", metavar="ID", help="项目自评所用的指标体系（缺省 project-self-eval）")
    _scoring_arguments(p)
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

    p = sub.add_parser("validate", help="校验输入文件或指标体系文件")
    p.add_argument("file")
    p.add_argument("--framework", help="校验输入时所用的指标体系")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("frameworks", help="列出内置指标体系")
    p.add_argument("--show", metavar="ID", help="显示一个指标体系的全部指标和规则")
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser("schema", help="输出输入文件格式的 JSON Schema")
    p.set_defaults(func=cmd_schema)

    from .audit import add_parser as add_audit_parser
    from .plan import add_parsers as add_plan_parsers

    add_plan_parsers(sub)
    add_audit_parser(sub)
    from .frameworks import register as register_framework_commands

    register_framework_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return exc.code
    except BrokenPipeError:  # e.g. `jixiao score x | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
