"""Strict loading: every problem named with its file, line and field or indicator path."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.frameworks import FrameworkError, load_framework_file
from jixiao.frameworks.loader import DATA_DIR
from jixiao.io.inputs import InputError, load_input
from jixiao.io.yamlio import parse_yaml

SMALL = """\
id: tiny
name: 小型指标体系
total: 10
indicators:
  - id: decision
    name: 决策
    weight: 10
    children:
      - id: rationality
        name: 合理性
        weight: 6
        parts:
          - id: checks
            label: 检查
            points: 6
            rule: {kind: judgement, criterion: 合理性}
      - id: staff
        name: 编外人员控制率
        weight: 4
        parts:
          - id: rate
            label: 编外人员控制率
            points: 4
            rule:
              kind: tiers
              rate: {label: 编外人员控制率, numerator: staffing.contract, denominator: [staffing.on_payroll, staffing.contract]}
              bands:
                - {max: 5, score: 4}
                - {min: 5, score: 0}
"""


def write(tmp_path: Path, text: str, name: str = "fw.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FrameworkError) as exc:
        load_framework_file(path)
    return [str(p) for p in exc.value.problems]


def test_small_framework_loads(tmp_path):
    fw = load_framework_file(write(tmp_path, SMALL))
    assert [i.id for _, i in fw.leaves()] == ["rationality", "staff"]


def test_yaml_floats_become_exact_decimals():
    doc = parse_yaml("a: 5481.65\nb: 0.1\n", "x.yaml")
    assert doc.data == {"a": Decimal("5481.65"), "b": Decimal("0.1")}
    assert doc.lines[("b",)] == 2


def test_duplicate_key_names_both_lines(tmp_path):
    text = SMALL.replace("name: 小型指标体系\n", "name: 小型指标体系\nname: 又一个\n")
    [problem] = problems_of(write(tmp_path, text))
    assert "fw.yaml:3" in problem and "键 'name' 重复" in problem and "第 2 行" in problem


def test_unknown_key_lists_allowed_keys_and_indicator_path(tmp_path):
    text = SMALL.replace("        weight: 4\n", "        weight: 4\n        wieght: 4\n")
    [problem] = problems_of(write(tmp_path, text))
    assert "fw.yaml:20" in problem
    assert "指标 decision.staff" in problem and "wieght" in problem
    assert "未知字段" in problem and "weight" in problem and "parts" in problem


def test_unknown_rule_key_is_an_error(tmp_path):
    text = SMALL.replace("rule: {kind: judgement, criterion: 合理性}", "rule: {kind: judgement, criterion: 合理性, points: 3}")
    [problem] = problems_of(write(tmp_path, text))
    assert "指标 decision.rationality" in problem and "parts[0].rule.points" in problem and "criterion" in problem


def test_wrong_type_is_named(tmp_path):
    text = SMALL.replace("        weight: 6\n", "        weight: 六\n")
    [problem] = problems_of(write(tmp_path, text))
    assert "指标 decision.rationality" in problem and "weight" in problem and "应为数字" in problem


def test_children_weights_must_add_up(tmp_path):
    text = SMALL.replace("        weight: 6\n        parts", "        weight: 5\n        parts").replace(
        "points: 6", "points: 5"
    )
    [problem] = problems_of(write(tmp_path, text))
    assert problem == "%s：指标 decision：下级指标分值合计 9（5+4）与本级分值 10 不符" % (tmp_path / "fw.yaml")


def test_part_points_must_add_up_to_weight(tmp_path):
    text = SMALL.replace("points: 6", "points: 5")
    assert any("指标 decision.rationality" in p and "评分细项分值合计 5 与指标分值 6 不符" in p for p in problems_of(write(tmp_path, text)))


def test_unknown_fact_is_named(tmp_path):
    text = SMALL.replace("numerator: staffing.contract", "numerator: staffing.contracts")
    [problem] = problems_of(write(tmp_path, text))
    assert "decision.staff.rate" in problem and "未知数据项 'staffing.contracts'" in problem


def test_band_gap_is_an_error(tmp_path):
    text = SMALL.replace("- {min: 5, score: 0}", "- {min: 6, score: 0}")
    problems = problems_of(write(tmp_path, text))
    assert problems and all("decision.staff.rate" in p and "分档未覆盖比率 5." in p for p in problems)


def test_unknown_rule_kind(tmp_path):
    text = SMALL.replace("kind: judgement", "kind: guess")
    [problem] = problems_of(write(tmp_path, text))
    assert "'guess'" in problem and "judgement" in problem


def test_duplicate_indicator_ids(tmp_path):
    text = SMALL.replace("id: staff", "id: rationality")
    assert any("id 'rationality'" in p and "重复" in p for p in problems_of(write(tmp_path, text)))


def test_extends_and_patches(tmp_path, monkeypatch):
    monkeypatch.setattr("jixiao.frameworks.loader.DATA_DIR", tmp_path)
    write(tmp_path, SMALL, "tiny.yaml")
    child = write(
        tmp_path,
        """\
        id: tiny-variant
        extends: tiny
        name: 变体
        patches:
          staff:
            name: 编外人员控制率（变体）
        """,
        "tiny-variant.yaml",
    )
    fw = load_framework_file(child)
    assert fw.id == "tiny-variant" and fw.leaf("staff").name == "编外人员控制率（变体）"
    bad = write(tmp_path, "id: bad\nextends: tiny\nname: 坏\npatches:\n  nosuch: {name: x}\n", "bad.yaml")
    [problem] = problems_of(bad)
    assert "bad.yaml:5" in problem and "'nosuch'" in problem


def test_shipped_frameworks_all_load():
    for path in sorted(DATA_DIR.glob("*.yaml")):
        assert load_framework_file(path).leaves()


# --- inputs -----------------------------------------------------------------


def input_problems(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text, "in.yaml")
    with pytest.raises(InputError) as exc:
        load_input(path)
    return [str(p) for p in exc.value.problems]


def test_input_errors_all_at_once_with_lines(tmp_path):
    problems = input_problems(
        tmp_path,
        """\
        department: 某局
        year: 2024
        budget:
          initial: 约3000
        staffing:
          authorized: 50
          on_payrol: 48
        satisfaction_pct: -5
        """,
    )
    assert len(problems) == 3
    assert any("in.yaml:4" in p and "budget.initial" in p and "应为数字，读到 '约3000'" in p for p in problems)
    assert any("in.yaml:7" in p and "staffing.on_payrol" in p and "未知字段" in p and "on_payroll" in p for p in problems)
    assert any("in.yaml:8" in p and "satisfaction_pct" in p and "≥ 0" in p for p in problems)


def test_input_missing_required_fields(tmp_path):
    problems = input_problems(tmp_path, "budget: {}\n")
    assert any("department" in p and "缺少必填字段" in p for p in problems)
    assert any("year" in p for p in problems)


def test_judgement_needs_a_reason(tmp_path):
    problems = input_problems(
        tmp_path,
        """\
        department: 某局
        year: 2024
        judgements:
          asset_safety:
            checks: {items: {custody: true, disposal: true}}
        """,
    )
    assert any("judgements.asset_safety.checks.reason" in p and "缺少必填字段" in p for p in problems)


def test_float_in_json_kept_exact(tmp_path):
    path = write(tmp_path, '{"department": "某局", "year": 2024, "satisfaction_pct": 93.99}', "in.json")
    assert load_input(path).data.satisfaction_pct == Decimal("93.99")


def test_checks_against_framework(scorer):
    from jixiao.core.checks import check_input
    from jixiao.io.inputs import load_input_data

    from .conftest import complete_input

    raw = complete_input()
    raw["judgements"]["asset_safty"] = {"checks": {"items": {}, "reason": "x"}}
    raw["judgements"]["disclosure"]["budget"] = {"level": "partly", "reason": "x"}
    raw["judgements"]["procurement"]["policy"] = {"score": "1.5", "reason": "x"}
    raw["targets"][0]["weight"] = "11"
    problems = [str(p) for p in check_input(scorer.framework, load_input_data(raw))]
    assert any(p.startswith("judgements.asset_safty：") and "没有末级指标" in p for p in problems)
    assert any("judgements.disclosure.budget" in p and "'partly' 不存在" in p for p in problems)
    assert any("judgements.procurement.policy" in p and "超出范围 0～1" in p for p in problems)
    assert any(p.startswith("targets：") and "权重合计 26" in p for p in problems)


def test_yaml_merge_keys_are_supported():
    doc = parse_yaml("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n", "m.yaml")
    assert doc.data["child"] == {"x": 1, "y": 3}


def test_unreadable_yaml_value_names_the_line(tmp_path):
    path = write(tmp_path, "department: 某局\nyear: !!python/object:os.system x\n", "in.yaml")
    with pytest.raises(InputError) as exc:
        load_input(path)
    assert "in.yaml:2" in str(exc.value)
