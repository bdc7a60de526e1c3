"""Impossible figures are refused, naming their field and line; hostile files end with a message.

Each test is a reproduction from the reliability probe (issue 13): before the range rules and the
reader limits, every one of them was scored, crashed with a traceback or hung.
"""

from __future__ import annotations

import copy
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from jixiao.core.numbers import parse_decimal
from jixiao.io.inputs import InputError, load_input, load_input_data

from .conftest import Scorer, complete_input, run_cli


def _problems(changes: dict | None = None, raw: dict | None = None) -> list[str]:
    data = copy.deepcopy(raw) if raw is not None else complete_input()
    for key, value in (changes or {}).items():
        node = data
        *head, last = key.split(".")
        for step in head:
            node = node[int(step)] if isinstance(node, list) else node.setdefault(step, {})
        node[last] = value
    with pytest.raises(InputError) as info:
        load_input_data(data)
    return [str(p) for p in info.value.problems]


def _one(problems: list[str], field: str, words: str) -> None:
    hits = [p for p in problems if f"：{field}：" in p and words in p]
    assert hits, problems


# ---------------------------------------------------------------- range rules of the input model

def test_satisfaction_above_100_percent_is_refused():
    _one(_problems({"satisfaction_pct": "150"}), "satisfaction_pct", "超过 100%")


def test_satisfaction_of_exactly_100_percent_is_kept():
    assert Scorer()({"satisfaction_pct": "100"}).complete


def test_fixed_assets_in_use_above_total_are_refused():
    problems = _problems({"assets.fixed_in_use": "1000", "assets.fixed_total": "100"})
    _one(problems, "assets.fixed_in_use", "大于固定资产总额 100")


def test_utilization_rate_above_100_percent_is_refused():
    raw = complete_input()
    raw["assets"] = {"utilization_pct": "1000"}
    _one(_problems(raw=raw), "assets.utilization_pct", "超过 100%")


def test_cumulative_progress_falling_between_quarters_is_refused():
    problems = _problems({"quarterly.1.progress_pct": "20"})  # Q1 is 30%
    _one(problems, "quarterly[1].progress_pct", "二季度末累计进度少于一季度末")


def test_cumulative_amount_falling_between_quarters_is_refused():
    raw = complete_input()
    raw["quarterly"] = [{"quarter": 1, "cumulative_spent": "300"}, {"quarter": 2, "cumulative_spent": "250"}]
    _one(_problems(raw=raw), "quarterly[1].cumulative_spent", "二季度末累计支出少于一季度末")


def test_project_quarterly_spending_falling_is_refused():
    raw = complete_input()
    raw["projects"] = [{"name": "道路养护", "budget": "100", "spent": "90", "quarterly_spent": ["30", "20", "60", "90"]}]
    _one(_problems(raw=raw), "projects[0].quarterly_spent[1]", "少于一季度末的 30")


def test_fourth_quarter_progress_of_250_percent_is_refused():
    _one(_problems({"quarterly.3.progress_pct": "250"}), "quarterly[3].progress_pct", "超过 150%")


def test_yuan_typed_where_wan_yuan_is_meant_is_refused_with_the_unit():
    raw = complete_input()  # adjusted budget 1000 万元; 2000× of it typed in 元
    raw["quarterly"] = [{"quarter": 1, "cumulative_spent": "2000000"}]
    problems = _problems(raw=raw)
    _one(problems, "quarterly[0].cumulative_spent", "请核对金额单位（本文件为 万元）")


def test_executed_above_the_fourth_quarter_cumulative_is_refused():
    raw = complete_input()  # 执行数 990 of 1000, the fourth quarter at 33%: 3× the Q4 spend
    raw["quarterly"] = [{"quarter": q, "progress_pct": p} for q, p in ((1, "10"), (2, "20"), (3, "30"), (4, "33"))]
    _one(_problems(raw=raw), "budget.executed", "大于四季度末累计支出 330")


def test_executed_three_times_the_adjusted_budget_is_refused():
    _one(_problems({"budget.executed": "2970"}), "budget.executed", "是调整后预算 1000 的 297%，超过 150%")


def test_executed_a_rounding_step_above_the_fourth_quarter_is_kept():
    Scorer()({"budget.executed": "1000.01"})  # Q4 100% of 1000: rounding in the printed rate


@pytest.mark.parametrize(("value", "words"), [
    ("1e20", "过大"),
    ("1e999", "过大"),
    ("1e99999999", "过大"),
    ("12345678901234567890123456789012", "过大"),
    ("1234567.123456789012", "有效数字"),
    (Decimal("1e308"), "过大"),
])
def test_absurd_magnitudes_are_refused_naming_the_field(value, words):
    _one(_problems({"budget.initial": value}), "budget.initial", words)


def test_a_budget_of_1e10_wan_yuan_is_refused_but_the_same_in_yuan_is_not():
    _one(_problems({"budget.initial": "1e10"}), "budget.initial", "超过 1000000000 万元")
    raw = complete_input()
    raw["unit"] = "元"
    for key in ("initial", "adjusted"):
        raw["budget"][key] = "10000000000"
    raw["budget"]["executed"] = "9900000000"
    raw["quarterly"] = [{"quarter": 4, "progress_pct": "99"}]
    assert load_input_data(raw).budget.initial == Decimal("10000000000")


@pytest.mark.parametrize("text", ["1,2,3", "1,0", "12,34", "1,2345", ",100", "1,000,00"])
def test_commas_are_only_thousands_separators(text):
    with pytest.raises(ValueError, match="逗号"):
        parse_decimal(text)


@pytest.mark.parametrize(("text", "value"), [("5,481.65", "5481.65"), ("12,345,678", "12345678"), ("1，234", "1234")])
def test_proper_thousands_grouping_is_read(text, value):
    assert parse_decimal(text) == Decimal(value)


def test_empty_key_task_list_is_missing_not_full_marks():
    leaf = Scorer()({"key_tasks": []}).indicator("key_tasks")
    assert leaf.score is None and leaf.status.value == "missing"


# ---------------------------------------------------------------- YAML and JSON files

def _write(tmp_path: Path, text: str, name: str = "in.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _base_yaml() -> str:
    return "department: 示例局\nyear: 2024\nframework: shenzhen-common\n"


def _load_fails(path: str, *words: str) -> str:
    started = time.monotonic()
    with pytest.raises(InputError) as info:
        load_input(path)
    assert time.monotonic() - started < 5
    text = str(info.value)
    for w in words:
        assert w in text, text
    return text


def test_yaml_leading_zero_is_not_read_as_octal(tmp_path):
    path = _write(tmp_path, _base_yaml() + "staffing:\n  authorized: 010\n")
    _load_fails(path, "in.yaml:5", "以 0 开头的整数 '010'")


def test_yaml_explicit_int_tag_on_a_float(tmp_path):
    _load_fails(_write(tmp_path, _base_yaml() + "staffing:\n  authorized: !!int 1e5\n"), "in.yaml:5", "不是十进制整数")


def test_yaml_explicit_bool_tag_on_a_word(tmp_path):
    _load_fails(_write(tmp_path, _base_yaml() + "projects:\n  - name: 甲\n    planned_completion: !!bool maybe\n"),
                "in.yaml:6", "'maybe' 不是 true 或 false")


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!custom", "!!binary", "!!set"])
def test_yaml_unknown_tags_are_refused(tmp_path, tag):
    _load_fails(_write(tmp_path, _base_yaml() + f"district: {tag} abc\n"), "in.yaml:4")


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    _load_fails(_write(tmp_path, "\n".join(lines) + "\n"), "in.yaml:")


def test_yaml_deep_nesting_is_refused(tmp_path):
    _load_fails(_write(tmp_path, _base_yaml() + "narrative: " + "[" * 100_000 + "]" * 100_000 + "\n"), "in.yaml:4", "嵌套")


def test_json_deep_nesting_and_huge_integers_are_refused(tmp_path):
    _load_fails(_write(tmp_path, '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "in.json"), "in.json", "嵌套")
    _load_fails(_write(tmp_path, '{"year": ' + "9" * 5000 + "}", "in.json"), "in.json", "位数过多")


def test_yaml_1e999_is_refused_by_validate(tmp_path, capsys):
    path = _write(tmp_path, _base_yaml() + "budget:\n  initial: 1e999\n")
    code, _, err = run_cli(capsys, "validate", path)
    assert code == 1 and "in.yaml:5：budget.initial：数值" in err and "过大" in err


def test_a_300_character_framework_id(tmp_path, capsys):
    path = _write(tmp_path, "department: 示例局\nyear: 2024\nframework: " + "a" * 300 + "\n")
    code, _, err = run_cli(capsys, "score", path)
    assert code == 1 and "in.yaml:3：framework：过长：最多 80 个字符，读到 300 个" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "frameworks", "--show", "x" * 300)
    assert code == 1 and "不存在" in err


def test_framework_file_extending_a_long_or_odd_id(tmp_path, capsys):
    for value in ("b" * 300, "[1, 2]", "../../etc/passwd"):
        path = _write(tmp_path, f"id: my-fw\nname: 测试\nextends: {value}\n", "fw.yaml")
        code, _, err = run_cli(capsys, "validate", path)
        assert code == 1 and "fw.yaml:3：extends 应为内置指标体系的 id" in err, err


def test_unexpected_errors_get_an_internal_error_message(tmp_path, capsys, monkeypatch):
    import jixiao.cli.main as cli
    import jixiao.io.inputs as inputs

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(inputs, "load_input", broken)
    path = _write(tmp_path, _base_yaml())
    code, _, err = run_cli(capsys, "score", path)
    assert code == cli.EXIT_INTERNAL and "内部错误" in err and path in err and "Traceback" not in err


# ---------------------------------------------------------------- Excel import

@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    from jixiao.frameworks import load_framework
    from jixiao.io.excel_template import write_template

    path = tmp_path_factory.mktemp("tpl") / "filled.xlsx"
    write_template(load_framework("shenzhen-common"), path, data=load_input_data(complete_input()))
    return path


def _import(path: Path) -> list[str]:
    from jixiao.frameworks import load_framework
    from jixiao.io.excel_template import import_workbook

    started = time.monotonic()
    with pytest.raises(InputError) as info:
        import_workbook(path, load_framework("shenzhen-common"))
    assert time.monotonic() - started < 5
    return [str(p) for p in info.value.problems]


def _edited(template: Path, tmp_path: Path, edit) -> Path:
    wb = openpyxl.load_workbook(template)
    edit(wb)
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    return out


def _row_of(ws, key: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 5).value == key)


def test_excel_error_values_are_refused_with_their_cell(template, tmp_path):
    def edit(wb):
        ws = wb["重点工作"]
        ws.cell(2, 1).value = "#DIV/0!"
        ws = wb["基本数据"]
        ws.cell(_row_of(ws, "budget.initial"), 2).value = "#N/A"

    problems = _import(_edited(template, tmp_path, edit))
    assert any(p.startswith("重点工作!A2：") and "#DIV/0!" in p for p in problems), problems
    assert any(p.startswith("基本数据!B") and "budget.initial" in p and "#N/A" in p for p in problems), problems


def test_a_renamed_sheet_is_reported(template, tmp_path):
    def edit(wb):
        wb["项目"].title = "项目（续）"

    problems = _import(_edited(template, tmp_path, edit))
    assert any("项目（续）" in p and "不会被导入" in p for p in problems), problems
    assert any("缺少工作表“项目”" in p for p in problems), problems


def test_a_cell_at_the_last_row_does_not_walk_a_million_rows(template, tmp_path):
    def edit(wb):
        wb["重点工作"].cell(1_048_576, 1).value = "最后一行的任务"

    problems = _import(_edited(template, tmp_path, edit))
    assert any(p.startswith("重点工作!B1048576：") and "key_tasks" in p for p in problems), problems


@pytest.mark.parametrize(("value", "words"), [(1e308, "过大"), ("12345678901234567890123456789012", "过大"),
                                              ("1,0", "逗号")])
def test_absurd_money_cells_are_refused_with_their_cell(template, tmp_path, value, words):
    def edit(wb):
        ws = wb["基本数据"]
        ws.cell(_row_of(ws, "budget.initial"), 2).value = value

    problems = _import(_edited(template, tmp_path, edit))
    assert any(p.startswith("基本数据!B") and "budget.initial" in p and words in p for p in problems), problems


def test_a_zip_bomb_is_refused_before_it_is_inflated(template, tmp_path):
    import zipfile

    out = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))  # ~60 KB compressed
    assert out.stat().st_size < 1024 * 1024
    problems = _import(out)
    assert problems == [p for p in problems if "bomb.xlsx" in p and "超出上限" in p] and problems


def _damaged(template: Path, tmp_path: Path, member: str, change) -> Path:
    import zipfile

    out = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == member else data)
    return out


def test_a_bad_shared_string_index(template, tmp_path):
    import re

    def change(xml: bytes) -> bytes:  # the first text cell points past the (empty) shared-strings table
        changed = re.sub(rb'<c r="A2" ([^>]*)t="inlineStr"><is><t>[^<]*</t></is></c>', rb'<c r="A2" \1t="s"><v>99999</v></c>', xml)
        assert changed != xml
        return changed

    path = _damaged(template, tmp_path, "xl/worksheets/sheet2.xml", change)
    problems = _import(path)
    assert len(problems) == 1 and problems[0].startswith("damaged.xlsx：") and "已损坏" in problems[0], problems


def test_malformed_sheet_xml(template, tmp_path):
    path = _damaged(template, tmp_path, "xl/worksheets/sheet2.xml", lambda xml: xml[: len(xml) // 2])
    problems = _import(path)
    assert len(problems) == 1 and "damaged.xlsx" in problems[0] and "损坏" in problems[0], problems


def test_a_damaged_zip_member(template, tmp_path):
    data = bytearray(template.read_bytes())
    start = data.find(b"xl/worksheets/sheet2.xml") + 200  # inside that member's compressed bytes
    data[start:start + 64] = bytes(64)
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(bytes(data))
    problems = _import(path)
    assert len(problems) == 1 and "corrupt.xlsx" in problems[0], problems


def test_import_cli_on_a_damaged_file_exits_1_without_traceback(template, tmp_path, capsys):
    path = tmp_path / "half.xlsx"
    path.write_bytes(template.read_bytes()[:5000])
    code, _, err = run_cli(capsys, "import", str(path), "--framework", "shenzhen-common")
    assert code == 1 and "half.xlsx" in err and "Traceback" not in err and "内部错误" not in err


def test_yaml_dump_of_the_loaded_input_round_trips(tmp_path):
    """The bounds do not refuse what jixiao itself writes (the import's YAML)."""
    from jixiao.io.excel_template import dump_input_yaml

    data = load_input_data(complete_input())
    path = _write(tmp_path, dump_input_yaml(data))
    assert load_input(path).data == data
    assert yaml.safe_load(Path(path).read_text(encoding="utf-8"))["department"] == "示例区某局"
