"""Command group: `jixiao framework template|import|export|diff` and `jixiao rescore`.

    jixiao framework template [-o FILE.xlsx]          blank Excel template (一级/二级/三级指标, 计分方法 dropdown)
    jixiao framework import FILE.xlsx [-o OUT.yaml]   Excel → framework YAML (every problem with sheet!cell)
    jixiao framework export ID [-o FILE.xlsx]         a framework (id or file) in the same Excel shape
    jixiao framework diff A B                         what changes, indicator by indicator
    jixiao rescore --framework NEW INPUT…|DIR [-o OUT.xlsx]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_INVALID, EXIT_USAGE = 1, 2


def _error(lines: list, code: int = EXIT_INVALID) -> Exception:
    from .common import CliError

    return CliError(lines, code)


def _load_fw(ident: str):
    from ..frameworks import FrameworkError, load_framework

    try:
        if ident.endswith(".xlsx"):
            from ..io.framework_excel import read_framework_xlsx

            return read_framework_xlsx(ident)
        return load_framework(ident)
    except FrameworkError as exc:
        raise _error(exc.problems) from None


def cmd_template(args: argparse.Namespace) -> int:
    from ..io.framework_excel import write_framework_xlsx

    out = write_framework_xlsx(None, args.output or "指标体系模板.xlsx")
    print(f"已生成指标体系模板 {out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    import yaml

    from ..frameworks import FrameworkError
    from ..frameworks.raw import framework_raw
    from ..io.framework_excel import read_framework_xlsx

    path = Path(args.file)
    if not path.exists():
        raise _error([f"{path}：文件不存在"])
    try:
        fw = read_framework_xlsx(path)
    except FrameworkError as exc:
        raise _error(exc.problems) from None
    head = f"# 由 {path.name} 导入（jixiao framework import）\n"
    text = head + yaml.safe_dump(framework_raw(fw), allow_unicode=True, sort_keys=False, width=120)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"已导入 {path} → {args.output}（{len(fw.leaves())} 个末级指标）")
    else:
        sys.stdout.write(text)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..io.framework_excel import write_framework_xlsx

    fw = _load_fw(args.ident)
    out = write_framework_xlsx(fw, args.output or f"{fw.id}.xlsx")
    print(f"已导出 {fw.id} → {out}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from ..core.framework_diff import diff_frameworks

    old, new = _load_fw(args.old), _load_fw(args.new)
    changes = diff_frameworks(old, new)
    print(f"{old.id} → {new.id}：{len(changes)} 处变化")
    for c in changes:
        print(f"  {c}")
    return 0


def _inputs(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.suffix.lower() in (".yaml", ".yml", ".json") and x.name != "case.yaml")
        else:
            out.append(p)
    return out


def cmd_rescore(args: argparse.Namespace) -> int:
    from ..core.numbers import fmt_score
    from ..io.inputs import InputError, load_input
    from ..rescore import rescore

    new = _load_fw(args.framework)
    files = _inputs(args.inputs)
    if not files:
        raise _error(["没有找到输入文件（.yaml / .yml / .json）"], EXIT_USAGE)
    datas, problems = [], []
    for f in files:
        try:
            datas.append(load_input(f).data)
        except InputError as exc:
            problems += [str(p) for p in exc.problems]
    if problems:
        raise _error(problems)
    result = rescore(datas, new)
    print(f"按 {new.name}（{new.id}）重新评分：{len(result.rows)} 个部门年度")
    for row in result.rows:
        old = f"{fmt_score(row.old_total)} {(row.old_grade or '（不完整）') if row.old_total is not None else ''}".strip()
        new_s = f"{fmt_score(row.new_total)} {(row.new_grade or '（不完整）') if row.new_total is not None else ''}".strip()
        change = "" if row.change is None else f"（{'+' if row.change > 0 else ''}{fmt_score(row.change)}）"
        print(f"{row.department} {row.year}（原 {row.old_framework}）：{old} → {new_s}{change}")
        for m in row.moved:
            print(f"    {m.name}：{fmt_score(m.old)} → {fmt_score(m.new)}{'（' + m.note + '）' if m.note else ''}")
        for p in row.problems:
            print(f"    问题：{p}")
        if row.dropped_judgements:
            print(f"    新体系没有的评判项未计入：{'、'.join(row.dropped_judgements)}")
    if args.output:
        from ..writers.rescore_xlsx import write_rescore_xlsx

        out = write_rescore_xlsx(result, args.output)
        print(f"已导出 {out}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("framework", help="指标体系的 Excel 模板、导入、导出与比较")
    fsub = p.add_subparsers(dest="framework_command", required=True)
    q = fsub.add_parser("template", help="生成指标体系 Excel 模板")
    q.add_argument("-o", "--output", help="输出的 .xlsx")
    q.set_defaults(func=cmd_template)
    q = fsub.add_parser("import", help="把 Excel 指标体系转换为指标体系文件（YAML）")
    q.add_argument("file")
    q.add_argument("-o", "--output", help="输出的 .yaml；缺省输出到屏幕")
    q.set_defaults(func=cmd_import)
    q = fsub.add_parser("export", help="把指标体系导出为 Excel")
    q.add_argument("ident", metavar="ID", help="指标体系 id 或文件")
    q.add_argument("-o", "--output", help="输出的 .xlsx")
    q.set_defaults(func=cmd_export)
    q = fsub.add_parser("diff", help="逐个指标比较两个指标体系")
    q.add_argument("old", metavar="A")
    q.add_argument("new", metavar="B")
    q.set_defaults(func=cmd_diff)
    p = sub.add_parser("rescore", help="按另一指标体系重新评分，比较新旧总分、等级和变动的指标")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="输入文件或目录")
    p.add_argument("--framework", required=True, help="新指标体系（id、.yaml 或 .xlsx）")
    p.add_argument("-o", "--output", help="导出 .xlsx")
    p.set_defaults(func=cmd_rescore)
