"""Shared fixtures: a complete department-year built in code, and helpers to score variants of it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from jixiao.core.engine import score
from jixiao.core.options import ScoringOptions
from jixiao.core.scorecard import Scorecard
from jixiao.frameworks import load_framework
from jixiao.io.inputs import load_input_data

ALL_MET = {"reason": "经核查全部达到"}


def complete_input() -> dict[str, Any]:
    """A department-year for shenzhen-common with every figure and answer given, full marks."""
    return {
        "department": "示例区某局",
        "year": 2024,
        "framework": "shenzhen-common",
        "budget": {"initial": "1000.00", "adjusted": "1000.00", "executed": "990.00", "adjustment": "50.00"},
        "quarterly": [
            {"quarter": 1, "progress_pct": "30"},
            {"quarter": 2, "progress_pct": "55"},
            {"quarter": 3, "progress_pct": "80"},
            {"quarter": 4, "progress_pct": "100"},
        ],
        "three_public": {"budget": "10.00", "actual": "8.00"},
        "public_funds": {"budget": "100.00", "actual": "85.00"},
        "procurement": {"plan": "200.00", "actual": "200.00"},
        "assets": {"fixed_in_use": "95.00", "fixed_total": "100.00"},
        "staffing": {"authorized": 50, "on_payroll": 48, "contract": 2},
        "projects": [
            {"name": "项目甲", "budget": "100.00", "spent": "100.00", "completed_on_time": True},
            {"name": "项目乙", "budget": "50.00", "spent": "49.00", "completed_on_time": True},
        ],
        "key_tasks": [{"name": "任务一", "completed": True}, {"name": "任务二", "completed": True}],
        "petitions": {"received": 10, "replied": 10, "replied_on_time": 10, "overdue": 0},
        "satisfaction_pct": "96",
        "targets": [
            {"name": "社会效益指标", "weight": "10", "direction": ">=", "target": "100", "actual": "100", "unit": "%"},
            {"name": "经济效益指标", "weight": "10", "direction": ">=", "target": "5", "actual": "6", "unit": "项"},
            {"name": "可持续影响", "weight": "5", "kind": "qualitative", "level": "达成", "reason": "按计划持续推进"},
        ],
        "judgements": {
            "budget_rationality": {"checks": {"items": dict.fromkeys(
                ["duties_policy", "allocation", "special_funds_detail", "classification", "not_fixed"], True), **ALL_MET}},
            "budget_compliance": {"findings": {"count": 0, "reason": "未发现不符合项"}},
            "target_completeness": {"findings": {"count": 0, "reason": "目标全覆盖"}},
            "indicator_clarity": {"checks": {"items": dict.fromkeys(
                ["tasks", "outcomes", "measurable_values", "quantified", "evidence"], True), **ALL_MET}},
            "procurement": {"policy": {"score": "1", "reason": "政策功能落实到位"}},
            "financial_compliance": {
                "spending": {"score": "1", "reason": "支出合规"},
                "accounting": {"score": "1", "reason": "核算规范"},
                "veto": {"triggered": False, "reason": "未发现违规支出"},
            },
            "disclosure": {
                "budget": {"level": "compliant", "reason": "按时公开"},
                "final_accounts": {"level": "compliant", "reason": "按时公开"},
            },
            "project_procedure": {"checks": {"items": {"approval": True, "execution": True}, **ALL_MET}},
            "project_supervision": {"checks": {"items": {"monitoring": True, "inspection": True}, **ALL_MET}},
            "asset_safety": {"checks": {"items": {"custody": True, "disposal": True}, **ALL_MET}},
            "systems_soundness": {"checks": {"items": {"established": True, "enforced": True, "performance_system": True}, **ALL_MET}},
            "petitions": {"channel": {"score": "1", "reason": "设有热线和信箱"}},
        },
    }


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `jixiao ARGV` in-process as a user would: (exit status, stdout, stderr)."""
    from jixiao.cli.main import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class Scorer:
    """Score variants of the complete input on a framework."""

    def __init__(self, framework_id: str = "shenzhen-common"):
        self.framework = load_framework(framework_id)

    def __call__(self, changes: dict[str, Any] | None = None, *, options: ScoringOptions | None = None,
                 raw: dict[str, Any] | None = None) -> Scorecard:
        data = copy.deepcopy(raw) if raw is not None else complete_input()
        for key, value in (changes or {}).items():
            _set(data, key, value)
        return score(self.framework, load_input_data(data), options)


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *head, last = dotted.split(".")
    node = data
    for step in head:
        node = node[int(step)] if isinstance(node, list) else node.setdefault(step, {})
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value


_DELETE = object()
DELETE = _DELETE


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    return Scorer()
