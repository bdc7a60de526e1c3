"""The command line, run as a user runs it (in-process through main(), checking stdout/stderr/exit)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import yaml

from jixiao.cli.main import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SEED0 = str(ROOT / "cases" / "seed-000" / "input.yaml")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_table(capsys):
    code, out, err = run(capsys, "score", SEED0)
    assert code == 0 and not err
    assert "中共深圳市龙岗区委政法委员会 2023 年度" in out
    assert "编外人员控制率 43.21%（35/(46+35)），编外人员控制率>10%，不得分" in out
    assert "合计：97.9 / 100" in out


def test_score_with_the_seed_reading(capsys):
    code, out, _ = run(capsys, "score", SEED0, "--rounding", "truncate", "--execution-average", "raw_progress")
    assert code == 0 and "总分 97.15 / 100，等级 优" in out


def test_score_json_numbers_are_strings(capsys):
    code, out, _ = run(capsys, "score", SEED0, "--format", "json")
    data = json.loads(out)
    assert code == 0 and Decimal(data["total"]) == Decimal("97.9") and data["grade"] == "优"
    rows = {r["path"]: r for r in data["indicators"]}
    row = rows["management.staff_management.contract_staff_control"]
    assert set(row) == {"path", "name", "max", "score", "status", "explanation"}
    assert (row["name"], Decimal(row["max"]), Decimal(row["score"]), row["status"]) == ("编外人员控制率", 1, 0, "scored")
    assert row["explanation"].startswith("编外人员控制率 43.21%（35/(46+35)）")
    assert rows["decision.budgeting.budget_rationality"]["status"] == "judged"

    def numbers(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from numbers(v)
        elif isinstance(node, list):
            for v in node:
                yield from numbers(v)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            yield node

    assert [n for n in numbers(data) if n not in (data["options"]["places"],) and not isinstance(n, int)] == []


def test_score_markdown(capsys):
    code, out, _ = run(capsys, "score", SEED0, "--format", "markdown")
    assert code == 0 and out.startswith("# 中共深圳市龙岗区委政法委员会") and "| **合计** |" in out


def test_missing_data_reported_incomplete(capsys, tmp_path):
    raw = yaml.safe_load(Path(SEED0).read_text(encoding="utf-8"))
    del raw["staffing"]
    path = tmp_path / "in.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(capsys, "score", str(path))
    assert code == 0
    assert "总分（不完整）96.9 / 100：2 项指标缺数据，未评定等级" in out
    assert "缺少数据：编外人数、在编人数" in out


def test_invalid_input_goes_to_stderr_with_exit_1(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("department: 某局\nyear: 2024\nstaffing: {authorized: 五十}\n", encoding="utf-8")
    code, out, err = run(capsys, "score", str(path), "--framework", "shenzhen-common")
    assert code == 1 and out == ""
    assert f"{path}:3" in err and "staffing.authorized" in err and "应为整数" in err


def test_no_framework_is_a_usage_error(capsys, tmp_path):
    path = tmp_path / "nofw.yaml"
    path.write_text("department: 某局\nyear: 2024\n", encoding="utf-8")
    code, _, err = run(capsys, "score", str(path))
    assert code == 2 and "未指定指标体系" in err and "shenzhen-common" in err


def test_validate_input_checks_against_framework(capsys, tmp_path):
    raw = yaml.safe_load(Path(SEED0).read_text(encoding="utf-8"))
    raw["judgements"]["disclosure"]["budget"]["level"] = "partly"
    path = tmp_path / "in.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1 and "judgements.disclosure.budget" in err and "'partly' 不存在" in err
    code, out, _ = run(capsys, "validate", SEED0)
    assert code == 0 and "有效" in out


def test_validate_framework_file(capsys):
    path = ROOT / "src" / "jixiao" / "frameworks" / "data" / "shenzhen-common.yaml"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0 and "21 个末级指标" in out


def test_frameworks_list_and_show(capsys):
    code, out, _ = run(capsys, "frameworks")
    assert code == 0 and re.search(r"^shenzhen-common\t.*21 个末级指标\t总分 100$", out, re.M)
    code, out, _ = run(capsys, "frameworks", "--show", "shenzhen-common")
    assert code == 0 and "编外人员控制率 1  [contract_staff_control]" in out and "编外人员控制率<5%得1分" in out


def test_schema_is_json_schema_of_the_input(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["$schema"].endswith("2020-12/schema")
    assert {"department", "year"} <= set(schema["required"])
    assert "staffing" in schema["properties"] and "Staffing" in schema["$defs"]


def test_every_command_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    undocumented = [name for name in commands if f"jixiao {name}" not in readme]
    assert not undocumented, f"commands missing from README.md: {undocumented}"


def test_decimal_exactness_through_json(capsys, tmp_path):
    path = tmp_path / "in.json"
    raw = yaml.safe_load(Path(SEED0).read_text(encoding="utf-8"))
    raw["three_public"] = {"budget": "0.30", "actual": "0.10"}
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "score", str(path), "--format", "json")
    part = next(
        p for g in json.loads(out)["groups"] for m in g["children"] for leaf in m["children"]
        if leaf["id"] == "public_funds_control" for p in leaf["parts"] if p["id"] == "three_public"
    )
    assert Decimal(part["inputs"][0]["value"]) == Decimal("0.10") and part["computed"]["“三公”经费控制率"] == "33.33%"


def test_template_then_import_round_trip(capsys, tmp_path):
    from openpyxl import load_workbook

    xlsx = tmp_path / "t.xlsx"
    code, out, _ = run(capsys, "template", "--framework", "shenzhen-common", "-o", str(xlsx), "--prefill", SEED0)
    assert code == 0 and "已生成填报模板" in out
    assert "基本数据" in load_workbook(xlsx).sheetnames
    back = tmp_path / "back.yaml"
    code, out, _ = run(capsys, "import", str(xlsx), "-o", str(back))  # framework read from the workbook
    assert code == 0
    code, out, _ = run(capsys, "score", str(back), "--rounding", "truncate", "--execution-average", "raw_progress")
    assert code == 0 and "总分 97.15 / 100，等级 优" in out


def test_import_reports_cells(capsys, tmp_path):
    from openpyxl import load_workbook

    xlsx = tmp_path / "t.xlsx"
    run(capsys, "template", "--framework", "shenzhen-common", "-o", str(xlsx), "--prefill", SEED0)
    wb = load_workbook(xlsx)
    ws = wb["基本数据"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=5).value == "budget.initial")
    ws.cell(row=row, column=2).value = "约3000"
    wb.save(xlsx)
    code, out, err = run(capsys, "import", str(xlsx))
    assert code == 1 and out == ""
    assert f"基本数据!B{row}" in err and "约3000" in err


def test_import_of_a_non_workbook(capsys, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    code, _, err = run(capsys, "import", str(bad))
    assert code == 1 and "不是有效的 Excel 文件（.xlsx）" in err
