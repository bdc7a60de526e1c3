"""`jixiao targets | monitor | trend`: 绩效目标质量, 运行监控（双监控）, 年度变化与结果应用.

    jixiao targets INPUT [--format text|json]
    jixiao monitor INPUT --as-of 2024-06-30 [--format text|json] [--projection run_rate|schedule|flat] [--top N]
    jixiao trend INPUT1 INPUT2 … [--format text|json]

The text and JSON come from `jixiao.writers.plan` (which the web app uses too). Exit status: 0, or 1
when the input is invalid, the target check finds an error-level problem, or nothing could be monitored.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from .common import EXIT_USAGE, CliError, emit, emit_json, framework_for, load, score_loaded, scoring_arguments


def register(sub: Any) -> None:
    from ..core.monitoring import Projection

    p = sub.add_parser("targets", help="检查绩效目标质量：可衡量、可比较、是否完成、是否偏低、是否重复")
    p.add_argument("file", help="输入文件（.yaml / .json）")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_targets)

    p = sub.add_parser("monitor", help="运行监控：截至某日的支出进度、预警、年末预算执行率得分预测、拖后腿的项目")
    p.add_argument("file", help="输入文件（.yaml / .json）")
    p.add_argument("--as-of", required=True, metavar="YYYY-MM-DD", help="监控日期，如 2024-06-30")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--framework", help="指标体系 id 或文件路径（缺省取输入文件中的 framework）")
    p.add_argument("--projection", choices=[m.value for m in Projection], help="年末预测口径（缺省取指标体系的设置）")
    p.add_argument("--top", type=int, metavar="N", help="列出落后金额最大的 N 个项目（缺省取指标体系的设置）")
    p.set_defaults(func=cmd_monitor)

    p = sub.add_parser("trend", help="同一部门多个年度：各比率和得分的变化、连续失分指标、下年度预算建议")
    p.add_argument("files", nargs="+", metavar="INPUT", help="各年度的输入文件")
    p.add_argument("--format", choices=["text", "json"], default="text")
    scoring_arguments(p)
    p.set_defaults(func=cmd_trend)


def cmd_targets(args: argparse.Namespace) -> int:
    from ..core.data import target_quality_rules
    from ..core.target_quality import as_dict, review_targets
    from ..writers.plan import render_targets

    from ..core.target_quality import review_projects

    data = load(args.file).data
    rules = target_quality_rules()
    report = review_targets(data.targets or (), rules)
    projects = review_projects(data.projects or (), rules)  # each project's own targets (项目支出绩效自评表)
    if args.format == "json":
        emit_json({"department": data.department, "year": data.year, **as_dict(report),
                   "projects": [{"project": name, **as_dict(r)} for name, r in projects]})
    else:
        text = render_targets(data.department, data.year, report)
        for name, r in projects:
            text += "\n\n" + render_targets(f"{data.department}·项目“{name}”", data.year, r)
        emit(text)
    return 1 if report.has_errors or any(r.has_errors for _, r in projects) else 0


def cmd_monitor(args: argparse.Namespace) -> int:
    from ..core.monitoring import Projection, monitor
    from ..writers.plan import monitoring_dict, render_monitoring

    try:
        as_of = date.fromisoformat(args.as_of)
    except ValueError:
        raise CliError([f"--as-of 应为日期 YYYY-MM-DD，读到 {args.as_of!r}"], EXIT_USAGE) from None
    if args.top is not None and args.top < 1:
        raise CliError(["--top 应为正整数"], EXIT_USAGE)
    data = load(args.file).data
    fw = framework_for(data, args.framework)
    method = Projection(args.projection) if args.projection else None
    report = monitor(fw, data, as_of, method=method, top=args.top)
    if args.format == "json":
        emit_json(monitoring_dict(report))
    else:
        emit(render_monitoring(report))
    return 1 if report.problems else 0


def cmd_trend(args: argparse.Namespace) -> int:
    from ..core.year_over_year import trend
    from ..writers.plan import render_trend, trend_dict

    years = []
    for path in args.files:
        loaded = load(path)
        fw = framework_for(loaded.data, args.framework)
        years.append((fw, loaded.data, score_loaded(loaded, args)))
    result = trend(years)
    if result.problems:
        raise CliError(result.problems)
    if args.format == "json":
        emit_json(trend_dict(result))
    else:
        emit(render_trend(result))
    return 0
