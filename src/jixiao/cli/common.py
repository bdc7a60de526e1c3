"""What every command group shares: the error type, loading an input, choosing the framework and options.

Library modules are imported inside the functions, so a group that does not need them does not pay for them.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.framework import Framework
    from ..core.inputs import DepartmentYear
    from ..core.options import ScoringOptions
    from ..core.scorecard import Scorecard
    from ..io.inputs import LoadedInput

EXIT_INVALID = 1
EXIT_USAGE = 2


class CliError(Exception):
    """Lines for stderr and the exit status; raised by any command, printed by `main`."""

    def __init__(self, lines: list[Any], code: int = EXIT_INVALID):
        self.lines = [str(line) for line in lines]  # strings, or jixiao.problems.Problem written as text
        self.code = code


def framework(ident: str) -> "Framework":
    """A shipped framework by id, or a framework file by path."""
    from ..frameworks import FrameworkError, load_framework

    try:
        return load_framework(ident)
    except FrameworkError as exc:
        raise CliError(exc.problems) from None


def framework_for(data: "DepartmentYear", flag: str | None) -> "Framework":
    ident = flag or data.framework
    if not ident:
        from ..frameworks import available

        raise CliError([f"未指定指标体系：在输入文件中写 framework，或用 --framework 指定（可选：{', '.join(available())}）"], EXIT_USAGE)
    return framework(ident)


def load(path: str) -> "LoadedInput":
    from ..io.inputs import InputError, load_input

    try:
        return load_input(path)
    except InputError as exc:
        raise CliError(exc.problems) from None


def options(fw: "Framework", args: argparse.Namespace) -> "ScoringOptions":
    from ..core.numbers import RoundingMode
    from ..core.options import ExecutionAverage, RoundingScope

    opts = fw.default_options()
    changes: dict[str, Any] = {}
    if args.rounding:
        changes["rounding"] = RoundingMode(args.rounding)
    if args.rounding_scope:
        changes["rounding_scope"] = RoundingScope(args.rounding_scope)
    if args.execution_average:
        changes["execution_average"] = ExecutionAverage(args.execution_average)
    if args.rate_places is not None:
        changes["rate_places"] = args.rate_places
    return opts.with_(**changes) if changes else opts


def score_loaded(loaded: "LoadedInput", args: argparse.Namespace) -> "Scorecard":
    from ..core.engine import InvalidInput, score

    fw = framework_for(loaded.data, args.framework)
    try:
        return score(fw, loaded.data, options(fw, args))
    except InvalidInput as exc:
        raise CliError(located(loaded, exc.problems)) from None


def located(loaded: "LoadedInput", problems: list) -> list:
    """Problems found in the parsed data, placed at their file and line."""
    from ..io.errors import parse_field

    doc = loaded.document
    return [p.moved(file=doc.path, line=doc.line_of(parse_field(p.field))) for p in problems]


def scoring_arguments(p: argparse.ArgumentParser) -> None:
    """--framework and the scoring options (the choices the seeds make differently)."""
    from ..core.numbers import RoundingMode
    from ..core.options import ExecutionAverage, RoundingScope

    p.add_argument("--framework", help="指标体系 id 或文件路径（缺省取输入文件中的 framework）")
    p.add_argument("--rounding", choices=[m.value for m in RoundingMode], help="得分取舍：half_up 四舍五入；truncate 截位")
    p.add_argument("--rounding-scope", choices=[s.value for s in RoundingScope], help="取舍位置：part 各细项；indicator 各三级指标")
    p.add_argument(
        "--execution-average",
        choices=[e.value for e in ExecutionAverage],
        help="全年平均执行率口径：uncapped_ratio（缺省）、capped_ratio、raw_progress",
    )
    p.add_argument("--rate-places", type=int, metavar="N", help="比率先按百分数保留 N 位小数再计分（按报告所列比率计分时）")


def emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def emit_json(data: Any) -> None:
    emit(json.dumps(data, ensure_ascii=False, indent=2))
