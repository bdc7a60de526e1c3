"""`jixiao audit FILE [--format text|json|md]`: read a published 自评报告 and list every inconsistency.

Findings are the audit's result, not an error: the exit status is 0 whenever the file could be
read and audited; 1 (with a message on stderr) when it cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="审核已发布的自评报告（.txt/.docx/.pdf）：复算并列出不一致之处")
    p.add_argument("file", help="自评报告文件（.txt / .docx / .pdf）")
    p.add_argument("--format", choices=["text", "json", "md"], default="text", help="输出格式（json 中数字均为字符串）")
    p.set_defaults(func=cmd_audit)


def cmd_audit(args: argparse.Namespace) -> int:
    from ..audit import ReadError, audit_file
    from ..audit.render import render_json, render_markdown, render_text

    try:
        report = audit_file(args.file)
    except ReadError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    render = {"json": render_json, "md": render_markdown}.get(args.format, render_text)
    sys.stdout.write(render(report))
    return 0
