"""`jixiao` command line: a thin dispatcher over one module per command group.

Each group module in this package (``scoring``, ``documents``, ``plan``, ``audit`` …) defines
``register(sub)``, which adds its subcommands to the argparse subparsers and sets ``func`` on each;
the command functions import the library modules they use inside their bodies, so a command loads
only what it needs. Errors are raised as ``common.CliError`` (lines for stderr, exit status).

Adding a command group = one new module with ``register(sub)`` + one line in ``GROUPS`` below
(module name → the commands it registers). ``main`` imports only the module of the command being
run; ``jixiao --help`` (or an unknown command) imports them all to list every command.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module
from typing import Sequence

from .common import CliError

# jixiao uses no pydantic plugin; without this, pydantic reads every installed package's metadata
# looking for one when the first model is built (a tenth of `jixiao score`'s start-up).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

EXIT_INTERNAL = 3  # a bug in jixiao (1: the user's data; 2: the command line)

GROUPS: dict[str, tuple[str, ...]] = {
    "scoring": ("score", "validate", "frameworks", "schema"),
    "documents": ("report", "template", "import"),
    "plan": ("targets", "monitor", "trend"),
    "audit": ("audit",),
    "frameworks": ("framework", "rescore"),
    "triage": ("triage",),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every group's commands, or with only the group that holds ``command``."""
    parser = argparse.ArgumentParser(prog="jixiao", description="部门整体支出绩效评价：评分、校验、指标体系、报告、审核")
    sub = parser.add_subparsers(dest="command", required=True)
    groups = [g for g, commands in GROUPS.items() if command in commands] or list(GROUPS)
    for group in groups:
        import_module(f"{__package__}.{group}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return exc.code
    except BrokenPipeError:  # e.g. `jixiao score x | head`
        return 0
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 — the last resort: a bug, not a problem in the user's file
        if os.environ.get("JIXIAO_DEBUG"):
            raise
        files = [str(v) for k, v in vars(args).items() if k in ("file", "input", "files", "all") and v]
        where = f"处理 {'、'.join(files)} 时" if files else ""
        print(f"内部错误：{where}jixiao 出现了未预料的问题（{type(exc).__name__}），这不是输入文件的格式问题。"
              f"请把所用命令和文件报告给维护者（设置 JIXIAO_DEBUG=1 可显示详细信息）。", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
