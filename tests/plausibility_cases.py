"""The impossible figures of the reliability probe (issue 13), as edits of a complete department-year.

One table, used by every entry path's tests: the YAML loader (tests/test_plausibility.py), the Excel
import (the same file) and the web form (web/tests/test_plausibility_web.py). Each case is a set of
edits of :func:`tests.conftest.complete_input` (budget 1000 万元, executed 990, quarters at 30/55/80/100%),
the field the refusal must name and words its message must hold.

An edit's path is the input's own, except that a quarter is named by its number (``("quarterly", 2,
"progress_pct")`` is the second quarter), as the Excel sheet and the web form name it; ``None`` clears
a figure.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from jixiao.io import excel_layout as L

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Case:
    id: str
    edits: tuple[tuple[Path, Any], ...]
    field: str  # the refused field, as a problem names it (``quarterly[1].progress_pct``)
    words: str  # in its message

    def __str__(self) -> str:
        return self.id


QUARTERS_TO_33 = tuple(((("quarterly", q, "progress_pct")), v) for q, v in ((1, "10"), (2, "20"), (3, "30"), (4, "33")))

CASES = (
    Case("satisfaction-150", ((("satisfaction_pct",), "150"),), "satisfaction_pct", "超过 100%"),
    Case("satisfaction-103", ((("satisfaction_pct",), "103"),), "satisfaction_pct", "超过 100%"),
    Case("satisfaction-target-150", ((("targets", 0, "name"), "群众满意度"), (("targets", 0, "actual"), "150")),
         "targets[0].actual", "“群众满意度”是比率，实际值 150% 超过 100%"),
    Case("coverage-target-120", ((("targets", 0, "name"), "服务覆盖率"), (("targets", 0, "target"), "120")),
         "targets[0].target", "目标值 120% 超过 100%"),
    Case("assets-in-use-10x", ((("assets", "fixed_in_use"), "1000"),), "assets.fixed_in_use", "大于固定资产总额 100"),
    Case("utilization-1000", ((("assets", "fixed_in_use"), None), (("assets", "fixed_total"), None),
                              (("assets", "utilization_pct"), "1000")), "assets.utilization_pct", "超过 100%"),
    Case("progress-falling-q1-q2", ((("quarterly", 2, "progress_pct"), "20"),),
         "quarterly[1].progress_pct", "二季度末累计进度少于一季度末"),
    Case("spending-falling-q1-q2", ((("quarterly", 1, "progress_pct"), None), (("quarterly", 1, "cumulative_spent"), "300"),
                                    (("quarterly", 2, "progress_pct"), None), (("quarterly", 2, "cumulative_spent"), "250")),
         "quarterly[1].cumulative_spent", "二季度末累计支出少于一季度末"),
    Case("q4-progress-250", ((("quarterly", 4, "progress_pct"), "250"),), "quarterly[3].progress_pct", "超过 150%"),
    Case("yuan-for-wan-yuan", ((("quarterly", 1, "progress_pct"), None), (("quarterly", 1, "cumulative_spent"), "2000000")),
         "quarterly[0].cumulative_spent", "请核对金额单位"),
    Case("executed-3x-q4", QUARTERS_TO_33, "budget.executed", "执行数 990 大于四季度末累计支出 330"),
    Case("executed-3x-budget", ((("budget", "executed"), "2970"), (("quarterly", 4, "progress_pct"), None),
                                (("quarterly", 4, "cumulative_spent"), "2970")),
         "budget.executed", "是调整后预算 1000 的 297%"),
    Case("budget-1e20", ((("budget", "initial"), "1" + "0" * 20),), "budget.initial", "过大"),
    Case("budget-1e10-wan-yuan", ((("budget", "initial"), "10000000000"),), "budget.initial", "超过 1000000000 万元"),
    Case("control-rate-300", ((("three_public", "budget"), None), (("three_public", "actual"), None),
                              (("three_public", "rate_pct"), "300")), "three_public.rate_pct", "超过 150%"),
    Case("control-10x", ((("public_funds", "actual"), "1000"),), "public_funds.actual", "是预算数 100 的 1000%"),
    Case("procurement-10x", ((("procurement", "actual"), "2000"),), "procurement.actual", "是采购计划金额 200 的 1000%"),
    Case("project-spent-10x", ((("projects", 1, "spent"), "500"),), "projects[1].spent", "是项目预算 50 的 1000%"),
    Case("basic-above-executed", ((("budget", "basic_actual"), "1500"),), "budget.basic_actual", "超过 100%"),
    Case("overdue-above-received", ((("petitions", "overdue"), 30),), "petitions.overdue", "超期件数 30 大于受理件数 10"),
)


def edited(raw: dict[str, Any], case: Case) -> dict[str, Any]:
    """``raw`` (an input as a dict) with the case's edits."""
    out = copy.deepcopy(raw)
    for path, value in case.edits:
        if path[0] == "quarterly":
            quarters = out.setdefault("quarterly", [])
            node = next((q for q in quarters if q["quarter"] == path[1]), None)
            if node is None:
                node = {"quarter": path[1]}
                quarters.append(node)
            key = path[2]
        else:
            node = out
            for step in path[:-1]:
                node = node[step] if isinstance(step, int) else node.setdefault(step, {})
            key = path[-1]
        if value is None:
            node.pop(key, None)
        else:
            node[key] = value
    return out


def typed(value):
    """What a person typing ``value`` into a cell leaves there: a number where it reads as one."""
    if value is None or isinstance(value, int):
        return value
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def excel_cell(wb, path) -> tuple[str, int, int]:
    """(sheet, row, column) of an input path in the template."""
    head = path[0]
    if head == "quarterly":
        column = next(i for i, f in enumerate(L.QUARTER_FIELDS) if f.key == (path[2],)) + 2
        return L.QUARTERS, path[1] + 1, column
    if head in ("targets", "projects"):
        fields = L.TARGET_FIELDS if head == "targets" else L.PROJECT_FIELDS
        column = next(i for i, f in enumerate(fields) if f.key == tuple(path[2:])) + 1
        return (L.TARGETS if head == "targets" else L.PROJECTS), path[1] + 2, column
    ws = wb[L.BASIC]
    key = ".".join(map(str, path))
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 5).value == key)
    return L.BASIC, row, 2


def refused_path(case: Case) -> tuple:
    """The refused field as an edit path (a quarter by its number)."""
    steps: list = []
    for part in case.field.replace("]", "").split("."):
        name, _, index = part.partition("[")
        steps.append(name)
        if index:
            steps.append(int(index) + (1 if name == "quarterly" else 0))
    return tuple(steps)
