"""`jixiao audit FILE [--format text|json|md]`: read a published 自评报告 and list every inconsistency.
`jixiao audit DIR|FILE.zip [--jobs N] [-o summary.xlsx]`: every report in a folder or archive
(see jixiao.audit.batch).

Findings are the audit's result, not an error: the exit status is 0 whenever the file could be
read and audited; 1 (with a message on stderr) when it cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    from ..audit.formats import shown

    p = sub.add_parser("audit", help="审核已发布的自评报告（PDF、Word、Excel、网页、文本等）：复算并列出不一致之处；也可审核整个文件夹或 .zip 压缩包")
    p.add_argument("file", help=f"自评报告文件（{shown()}），或装有多份报告的文件夹、.zip 压缩包")
    p.add_argument("--format", choices=["text", "json", "md"], default="text", help="输出格式（json 中数字均为字符串）")
    p.add_argument("--jobs", type=_positive, default=None, help="批量审核时并行的进程数（默认：CPU 核数）")
    p.add_argument("-o", "--output", default=None, help="批量审核的汇总表（.xlsx；默认：当前目录下的 <名称>-审核汇总.xlsx）")
    p.set_defaults(func=cmd_audit)


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return n


def cmd_audit(args: argparse.Namespace) -> int:
    from ..audit import ReadError, audit_file
    from ..audit.batch import is_batch_source, run_batch_command
    from ..audit.render import render_json, render_markdown, render_text

    if is_batch_source(args.file):
        return run_batch_command(args.file, jobs=args.jobs, output=args.output)
    if args.output or args.jobs is not None:
        print("--jobs 和 -o 只用于审核文件夹或 .zip 压缩包", file=sys.stderr)
        return 1
    try:
        report = audit_file(args.file)
    except ReadError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    render = {"json": render_json, "md": render_markdown}.get(args.format, render_text)
    sys.stdout.write(render(report))
    return 0
