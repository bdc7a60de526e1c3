"""Impossible figures are refused through the YAML loader and the Excel import alike (issue 13).

The rules live once, in :mod:`jixiao.core.plausibility`; these tests run every probe case of
tests/plausibility_cases.py through the command line (a YAML file, ``jixiao validate`` and ``jixiao
score``) and through ``jixiao import`` of a filled template, and check that each is refused naming its
field (its line, or its sheet and cell) and saying what is impossible. The web form's twin is
web/tests/test_plausibility_web.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from jixiao.core.data import plausibility_words
from jixiao.core.plausibility import is_share
from jixiao.io.inputs import InputError, load_input_data

from .conftest import Scorer, complete_input, run_cli
from .plausibility_cases import CASES, Case, edited, excel_cell, refused_path, typed


def _yaml_text(raw: dict) -> str:
    def plain(node):
        if isinstance(node, dict):
            return {k: plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return str(node) if isinstance(node, Decimal) else node

    return yaml.safe_dump(plain(raw), allow_unicode=True, sort_keys=False)


def test_the_complete_input_itself_is_accepted():
    assert Scorer()({}).complete


@pytest.mark.parametrize("case", CASES, ids=str)
def test_yaml_file_with_an_impossible_figure_is_refused_by_validate_and_score(case: Case, tmp_path, capsys):
    path = tmp_path / "in.yaml"
    path.write_text(_yaml_text(edited(complete_input(), case)), encoding="utf-8")
    for command in ("validate", "score"):
        code, out, err = run_cli(capsys, command, str(path))
        assert code == 1, (command, out)
        hits = [line for line in err.splitlines() if f"：{case.field}：" in line and case.words in line]
        assert hits and hits[0].startswith(f"{path}:"), err  # file:line：field：message
        assert "Traceback" not in err and out == ""


# ---------------------------------------------------------------- Excel import

@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    from jixiao.frameworks import load_framework
    from jixiao.io.excel_template import write_template

    path = tmp_path_factory.mktemp("tpl") / "filled.xlsx"
    write_template(load_framework("shenzhen-common"), path, data=load_input_data(complete_input()))
    return path


@pytest.mark.parametrize("case", CASES, ids=str)
def test_excel_template_with_an_impossible_figure_is_refused_by_import(case: Case, template, tmp_path, capsys):
    wb = openpyxl.load_workbook(template)
    for path, value in case.edits:
        sheet, row, column = excel_cell(wb, path)
        wb[sheet].cell(row, column).value = typed(value)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    code, out, err = run_cli(capsys, "import", str(filled), "--framework", "shenzhen-common", "-o", str(tmp_path / "o.yaml"))
    assert code == 1 and not (tmp_path / "o.yaml").exists(), out
    hits = [line for line in err.splitlines() if case.field in line and case.words in line]
    assert hits, err
    sheet, row, column = excel_cell(wb, refused_path(case))
    assert hits[0].startswith(f"{sheet}!{openpyxl.utils.get_column_letter(column)}{row}："), hits  # its own cell


# ---------------------------------------------------------------- the rules' own edges

@pytest.mark.parametrize("changes", [
    {"satisfaction_pct": "100"},
    {"assets": {"fixed_in_use": "100.00", "fixed_total": "100.00"}},
    {"three_public": {"budget": "10.00", "actual": "15.00"}},  # overspent by half: scored (and marked down), not refused
    {"budget": {"initial": "1000", "adjusted": "1000", "executed": "1000.01", "basic_actual": "600", "project_actual": "400.01"}},
])
def test_figures_at_the_edge_are_scored(changes):
    raw = complete_input()
    raw.update(changes)
    assert Scorer()(raw=raw).total is not None


def test_a_target_measuring_a_change_may_pass_100_percent():
    raw = complete_input()
    raw["targets"][0] = {"name": "满意度提升幅度", "weight": "10", "direction": ">=", "target": "100", "actual": "130", "unit": "%"}
    raw["targets"].append({"name": "任务完成率", "weight": "1", "direction": ">=", "target": "100", "actual": "120", "unit": "%"})
    assert load_input_data(raw).targets[0].actual == Decimal(130)


def test_a_share_is_known_by_its_name_and_percent_unit():
    words = plausibility_words()
    assert is_share("群众满意度", "%", words) and is_share("设施完好率", "％", words)
    assert not is_share("群众满意度", "分", words)  # a 满意度 scored out of 100 points is not a percentage
    assert not is_share("满意度提高", "%", words) and not is_share("预算完成率", "%", words)


def test_a_project_target_that_is_a_share_is_refused_too():
    raw = complete_input()
    raw["projects"][0]["targets"] = [{"name": "受益群众满意度", "category": "服务对象满意度指标", "weight": "10",
                                      "direction": ">=", "target": "90", "actual": "103", "unit": "%"}]
    with pytest.raises(InputError) as info:
        load_input_data(raw)
    assert [p.where.field for p in info.value.problems] == ["projects[0].targets[0].actual"]
