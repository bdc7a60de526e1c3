"""The per-project 项目支出绩效自评表: every project of seed 004's case gets one (targets synthesised
here), opened with openpyxl and python-docx; the department report's 二级项目 table shows the scores."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from jixiao.cli.main import main
from jixiao.core.inputs import DepartmentYear
from jixiao.core.projects import check_projects, score_projects
from jixiao.frameworks import load_framework
from jixiao.io.inputs import load_input
from jixiao.io.excel_template import dump_input_yaml

ROOT = Path(__file__).resolve().parent.parent
SEED4 = ROOT / "cases" / "seed-004" / "input.yaml"
DEMO = ROOT / "cases" / "project-demo" / "input.yaml"


def synthesise_targets(data: DepartmentYear) -> DepartmentYear:
    """Give every project three targets (50/30/10); every seventh misses its count, with a reason."""
    raw = data.model_dump(mode="json", exclude_none=True)
    for i, p in enumerate(raw["projects"]):
        short = i % 7 == 3
        p["initial_budget"] = p.get("budget", "0")
        p["targets"] = [
            {"name": f"完成工作事项{i + 1}", "category": "数量指标", "weight": "50", "direction": ">=", "target": "20",
             "actual": "15" if short else "21", "unit": "项",
             **({"deviation_reason": "部分事项因上级政策调整停止实施"} if short else {})},
            {"name": "服务覆盖居民", "category": "社会效益指标", "weight": "30", "direction": ">=", "target": "1000",
             "actual": "1000", "unit": "人次"},
            {"name": "服务对象满意度", "category": "服务对象满意度指标", "weight": "10", "direction": ">=", "target": "90",
             "actual": "95", "unit": "%"},
        ]
    return DepartmentYear.model_validate(raw)


@pytest.fixture(scope="module")
def seed4_with_targets(tmp_path_factory) -> tuple[DepartmentYear, Path]:
    data = synthesise_targets(load_input(SEED4).data)
    path = tmp_path_factory.mktemp("p") / "seed4-targets.yaml"
    path.write_text(dump_input_yaml(data), encoding="utf-8")
    return data, path


def test_every_project_of_seed_004_scores(seed4_with_targets):
    data, _ = seed4_with_targets
    fw = load_framework("project-self-eval")
    assert check_projects(fw, data) == []
    results = score_projects(fw, data)
    assert len(results) == len(data.projects) == 106
    first = results[0]  # budget 2.00, spent 0: execution 0, targets all met → 0 + 90
    assert first.card.total == Decimal(90) and first.card.grade == "优"
    short = results[3]  # 15/20 × 50 = 37.5, + 30 + 10 = 77.5; 病媒生物防制经费 235.74/235.95 → 9.99
    assert short.card.indicator("project_targets").score == Decimal("77.5")
    assert short.card.indicator("project_execution_rate").score == Decimal("9.99")
    assert short.score == Decimal("87.49")


def test_unmet_target_without_reason_is_refused_with_its_place(seed4_with_targets):
    data, _ = seed4_with_targets
    raw = data.model_dump(mode="json", exclude_none=True)
    del raw["projects"][3]["targets"][0]["deviation_reason"]
    problems = check_projects(load_framework("project-self-eval"), DepartmentYear.model_validate(raw))
    assert [p.field for p in problems] == ["projects[3].targets[0].deviation_reason"]
    assert "偏差原因分析及改进措施" in problems[0].message


def test_weights_not_adding_to_90_are_refused(seed4_with_targets):
    data, _ = seed4_with_targets
    raw = data.model_dump(mode="json", exclude_none=True)
    raw["projects"][5]["targets"][2]["weight"] = "5"
    problems = check_projects(load_framework("project-self-eval"), DepartmentYear.model_validate(raw))
    assert len(problems) == 1 and problems[0].field == "projects[5].targets"
    assert "85" in problems[0].message and "90" in problems[0].message


def test_xlsx_has_one_sheet_per_project(seed4_with_targets, tmp_path, capsys):
    data, path = seed4_with_targets
    out = tmp_path / "p.xlsx"
    assert main(["report", str(path), "--projects", "--format", "xlsx", "-o", str(out)]) == 0
    wb = load_workbook(out)
    assert len(wb.sheetnames) == 106
    ws = wb.worksheets[3]
    assert ws["A1"].value == "项目支出绩效自评表（2024年度）"
    assert ws["C2"].value == "病媒生物防制经费"
    cells = {c.value for row in ws.iter_rows() for c in row if c.value is not None}
    assert {"偏差原因分析及改进措施", "部分事项因上级政策调整停止实施", "37.5", "87.49", "评价等级：良"} <= cells
    assert all(len(n) <= 31 for n in wb.sheetnames) and len(set(wb.sheetnames)) == 106


def test_docx_has_one_form_per_project(seed4_with_targets, tmp_path):
    _, path = seed4_with_targets
    out = tmp_path / "p.docx"
    assert main(["report", str(path), "--projects", "--format", "docx", "-o", str(out)]) == 0
    doc = Document(out)
    assert len(doc.tables) == 106
    table = doc.tables[3]
    texts = [c.text for c in table.rows[-1].cells]
    assert "87.49" in texts and "评价等级：良" in texts


def test_department_report_lists_project_scores(seed4_with_targets, tmp_path):
    _, path = seed4_with_targets
    out = tmp_path / "r.docx"
    assert main(["report", str(path), "--format", "docx", "-o", str(out)]) == 0
    table = Document(out).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["序号", "项目名称", "预算数", "支出数", "执行率", "自评得分"]
    assert [c.text for c in table.rows[4].cells][1::4] == ["病媒生物防制经费", "87.49"]


def test_project_without_targets_is_missing_not_full_marks(tmp_path):
    data = load_input(DEMO).data
    raw = data.model_dump(mode="json", exclude_none=True)
    del raw["projects"][1]["targets"]
    results = score_projects(load_framework("project-self-eval"), DepartmentYear.model_validate(raw))
    assert results[1].card.complete is False and results[1].score is None
    assert results[1].card.indicator("project_targets").score is None


def test_user_text_in_the_workbook_stays_text(tmp_path):
    raw = load_input(DEMO).data.model_dump(mode="json", exclude_none=True)
    raw["projects"][0]["name"] = "=HYPERLINK(\"http://x\")"
    data = DepartmentYear.model_validate(raw)
    from jixiao.writers.project_sheet import write_projects_xlsx

    out = write_projects_xlsx(score_projects(load_framework("project-self-eval"), data), data, tmp_path / "x.xlsx")
    cell = load_workbook(out).worksheets[0]["C2"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"


def test_project_form_renders_in_libreoffice(tmp_path, require):
    require(shutil.which("soffice"), "LibreOffice（soffice）")
    out = tmp_path / "p.docx"
    assert main(["report", str(DEMO), "--projects", "--format", "docx", "-o", str(out)]) == 0
    from jixiao.writers.pdf import docx_to_pdf

    pdf = docx_to_pdf(out, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("项目支出绩效自评表") == 2 and "背街小巷环境整治提升" in text and "95.15" in text
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "pg")], check=True)
    assert any(tmp_path.glob("pg-*.png"))


def test_project_targets_sheet_problems_name_their_cells(tmp_path):
    from openpyxl import load_workbook

    from jixiao.io.excel_template import import_workbook, write_template
    from jixiao.io.inputs import InputError

    data = load_input(DEMO).data
    fw = load_framework("national-self-eval")
    out = tmp_path / "t.xlsx"
    write_template(fw, out, data=data)
    wb = load_workbook(out)
    ws = wb["项目绩效指标"]
    assert [c.value for c in ws[1]][:4] == ["项目名称", "指标名称", "类别", "权重（分值）"]
    assert ws["A2"].value == "背街小巷环境整治提升" and ws["B3"].value == "新增公共照明灯具"
    ws["A3"] = "不存在的项目"
    ws["D4"] = "十分"
    wb.save(out)
    with pytest.raises(InputError) as exc:
        import_workbook(out, fw)
    text = "\n".join(str(p) for p in exc.value.problems)
    assert "项目绩效指标!A3" in text and "不存在的项目" in text
    assert "项目绩效指标!D4" in text


def test_targets_check_covers_project_targets(capsys):
    import json

    assert main(["targets", str(DEMO), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["project"] for p in out["projects"]] == ["背街小巷环境整治提升", "环卫作业车辆更新"]
    fields = [f["field"] for f in out["projects"][0]["findings"]]
    assert "projects[0].targets[1].actual" in fields  # 350 of 400 盏
    assert "projects[0].targets[4].target_text" in fields  # “明显减少” is not measurable


def test_scoring_workbook_lists_project_scores(tmp_path):
    out = tmp_path / "s.xlsx"
    assert main(["report", str(DEMO), "--format", "xlsx", "-o", str(out)]) == 0
    ws = load_workbook(out)["项目"]
    assert ws.cell(1, 8).value == "自评得分"
    assert [ws.cell(r, 8).value for r in (2, 3)] == [95.15, 98.24]
