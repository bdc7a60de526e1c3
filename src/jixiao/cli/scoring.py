"""`jixiao score | validate | frameworks | schema`: score an input, check an input or framework file, list frameworks."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import CliError, located, emit_json, framework, framework_for, load, score_loaded, scoring_arguments


def register(sub: Any) -> None:
    p = sub.add_parser("score", help="为一个部门年度评分并输出评分表")
    p.add_argument("file", help="输入文件（.yaml / .json）")
    p.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    p.add_argument("--full", action="store_true", help="表格中也列出满分指标的计算过程")
    scoring_arguments(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("validate", help="校验输入文件或指标体系文件")
    p.add_argument("file")
    p.add_argument("--framework", help="校验输入时所用的指标体系")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("frameworks", help="列出内置指标体系")
    p.add_argument("--show", metavar="ID", help="显示一个指标体系的全部指标和规则")
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser("schema", help="输出输入文件格式的 JSON Schema")
    p.set_defaults(func=cmd_schema)


def cmd_score(args: argparse.Namespace) -> int:
    card = score_loaded(load(args.file), args)
    if args.format == "json":
        from ..writers.jsonout import render_json

        out = render_json(card)
    elif args.format == "markdown":
        from ..writers.table import render_markdown

        out = render_markdown(card)
    else:
        from ..writers.table import render_text

        out = render_text(card, full=args.full)
    sys.stdout.write(out)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ..core.checks import check_input
    from ..core.numbers import fmt_score
    from ..frameworks import FrameworkError, load_framework_file
    from ..io.yamlio import SourceError, read_document

    try:
        doc = read_document(args.file)
    except SourceError as exc:
        raise CliError([str(exc)]) from None
    if isinstance(doc.data, dict) and ("indicators" in doc.data or "extends" in doc.data):
        try:
            fw = load_framework_file(args.file)
        except FrameworkError as exc:
            raise CliError(exc.problems) from None
        print(f"指标体系 {fw.id} 有效：{len(fw.leaves())} 个末级指标，总分 {fmt_score(fw.total)}")
        return 0
    loaded = load(args.file)
    fw = framework_for(loaded.data, args.framework)
    problems = check_input(fw, loaded.data)
    if problems:
        raise CliError(located(loaded, problems))
    print(f"{args.file}：有效（{loaded.data.department} {loaded.data.year} 年度，指标体系 {fw.id}）")
    return 0


def cmd_frameworks(args: argparse.Namespace) -> int:
    from ..core.numbers import fmt_score
    from ..frameworks import FrameworkError, available, load_framework

    if args.show:
        fw = framework(args.show)
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
    from ..core.inputs import DepartmentYear

    schema = DepartmentYear.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jixiao 部门年度评价输入（DepartmentYear）"
    emit_json(schema)
    return 0
