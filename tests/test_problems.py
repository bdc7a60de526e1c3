"""The one shape of a user-data problem: where it is, what is wrong, the value read, how serious."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.frameworks import FrameworkError, load_framework_file
from jixiao.io.inputs import InputError, load_input
from jixiao.problems import NON_FIELD, Problem, Severity, Where, as_json, form_errors, text_lines


def test_where_renders_each_kind_of_place():
    assert str(Where(file="a.yaml", line=12, field="staffing.contract")) == "a.yaml:12：staffing.contract"
    assert Where(sheet="基本数据", cell="B7").place == "基本数据!B7"
    assert Where(page=2, table=1, row=3, column=4).place == "第2页表1第3行第4格"
    assert Where(line=9).place == "第9行"
    assert str(Where(file="fw.yaml", line=3, indicator="decision.goals", field="weight")) == "fw.yaml:3：指标 decision.goals，字段 weight"
    assert Where(file="a.yaml", line=12, field="budget.initial").zh() == "a.yaml 第12行，字段 budget.initial"
    assert Where(sheet="评判", cell="I9").zh() == "工作表“评判” I9 单元格"


def test_writers_text_json_and_form_errors():
    problems = [
        Problem(Where(file="a.yaml", line=4, field="staffing.contract"), "应 ≥ 0，读到 -3", -3),
        Problem(Where(field="budget.initial"), "应为数字，读到 '约3000'", "约3000"),
        Problem(Where(field="targets"), "权重合计不符", severity=Severity.WARNING),
        Problem(Where(), "以下指标缺少数据"),
    ]
    assert text_lines(problems) == ["a.yaml:4：staffing.contract：应 ≥ 0，读到 -3", "budget.initial：应为数字，读到 '约3000'",
                                    "targets：权重合计不符", "以下指标缺少数据"]
    data = json.loads(json.dumps(as_json(problems), ensure_ascii=False))
    assert data[0]["where"] == {"file": "a.yaml", "line": 4, "field": "staffing.contract"}
    assert data[0]["value"] == "-3" and data[0]["severity"] == "error" and data[2]["severity"] == "warning"
    assert as_json([Problem(Where(), "x", Decimal("1.50"))])[0]["value"] == "1.50"
    errors = form_errors(problems, {"staffing": "staffing_box", "budget.initial": "budget_initial"},
                         label_of=lambda path: {"targets": "绩效指标"}.get(path, path))
    assert errors == {"staffing_box": ["应 ≥ 0，读到 -3"], "budget_initial": ["应为数字，读到 '约3000'"],
                      NON_FIELD: ["绩效指标：权重合计不符", "以下指标缺少数据"]}


def test_input_loader_problem_has_file_line_field_and_value(tmp_path: Path):
    path = tmp_path / "in.yaml"
    path.write_text("department: 某局\nyear: 2023\nstaffing:\n  contract: -3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_input(path)
    [p] = info.value.problems
    assert (p.where.file, p.where.line, p.where.field, p.value) == (str(path), 4, "staffing.contract", -3)
    assert str(p).startswith(f"{path}:4：staffing.contract：")


def test_framework_loader_problem_names_indicator_and_field(tmp_path: Path):
    path = tmp_path / "fw.yaml"
    path.write_text("id: x\nname: 小\ntotal: 10\nindicators:\n  - id: a\n    name: 甲\n    weight: 10\n    colour: red\n",
                    encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    found = [p for p in info.value.problems if p.where.field == "colour"]
    assert found and found[0].where.indicator == "a" and found[0].where.line == 8 and found[0].value == "red"
