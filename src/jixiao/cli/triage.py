"""`jixiao triage DIR`: rank a folder of department-years by the points their self-evaluation puts at risk.

Prints the 复核 queue (most points at risk first, with the reasons) and, with --sample/--random, a
抽查 draw: the N riskiest plus M at random with a seed that is printed, so the draw can be repeated.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys


def cmd_triage(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..core.numbers import fmt_score
    from ..triage import draw_sample, triage_dir

    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"不是目录：{folder}", file=sys.stderr)
        return 2
    if args.sample < 0 or args.random < 0:
        print("--sample 和 --random 不能为负数", file=sys.stderr)
        return 2
    result = triage_dir(folder, framework=args.framework, audit=not args.no_audit)
    if not result.entries and not result.problems:
        print(f"{folder} 中没有输入文件（.yaml / .yml / .json）", file=sys.stderr)
        return 1
    seed = args.seed if args.seed is not None else secrets.randbelow(10**9)
    draw = draw_sample(result.entries, args.sample, args.random, seed) if (args.sample or args.random) else None
    if args.format == "json":
        out = {
            "queue": [{"rank": e.rank, "department": e.department, "file": e.ref,
                       "total": None if e.total is None else str(e.total), "grade": e.grade,
                       "points_at_risk": str(e.points_at_risk),
                       "signals": [{"kind": s.code, "label": s.label, "points": str(s.points), "reason": s.reason}
                                   for s in e.signals]} for e in result.entries],
            "problems": result.problems,
        }
        if draw:
            out["sample"] = {"seed": draw.seed, "riskiest": list(draw.riskiest), "random": list(draw.random)}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(f"复核排查队列：{len(result.entries)} 个部门（按风险分从高到低）")
        for e in result.entries:
            total = "—" if e.total is None else fmt_score(e.total)
            print(f"{e.rank:>4}. {e.department}  自评 {total} 分  风险分 {fmt_score(e.points_at_risk)}  （{e.ref}）")
            for reason in e.reasons(args.reasons):
                print(f"        - {reason}")
            if len(e.signals) > args.reasons:
                print(f"        - ……另有 {len(e.signals) - args.reasons} 条")
        if draw:
            print(f"\n抽查：风险最高的 {len(draw.riskiest)} 个，另随机抽取 {len(draw.random)} 个（随机种子 {draw.seed}，"
                  f"用 --seed {draw.seed} 可重现）")
            for name in draw.riskiest:
                print(f"  [风险] {name}")
            for name in draw.random:
                print(f"  [随机] {name}")
    if result.problems:
        print("以下文件未能排查：", file=sys.stderr)
        for p in result.problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    return 0


def register(sub) -> None:
    p = sub.add_parser("triage", help="复核排查：按风险分为一个目录中的部门排序，并可抽查")
    p.add_argument("dir", help="输入文件所在目录（每个部门一个 .yaml/.json；同名 .docx/.pdf/.txt 视为其报告）")
    p.add_argument("--framework", help="指标体系 id（缺省用各文件中的 framework）")
    p.add_argument("--sample", type=int, default=0, metavar="N", help="抽查：风险最高的 N 个")
    p.add_argument("--random", type=int, default=0, metavar="M", help="抽查：另从其余部门中随机抽取 M 个")
    p.add_argument("--seed", type=int, help="随机种子（缺省随机生成并打印）")
    p.add_argument("--reasons", type=int, default=5, metavar="K", help="每个部门列出的理由条数（缺省 5）")
    p.add_argument("--no-audit", action="store_true", help="不审核报告（更快）")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_triage)
