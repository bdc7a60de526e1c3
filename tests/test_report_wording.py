"""The report is read by others than the filler: it says who scored it, and carries no notes
meant for the filler ("请核对口径", "（未填报）"), no six-decimal points, and ≥/≤ as the text writes them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from jixiao.core.engine import score
from jixiao.frameworks import load_framework
from jixiao.io.inputs import load_input, load_input_data
from jixiao.writers.display import for_report, short_decimals
from jixiao.writers.docx_report import build_report
from jixiao.writers.pdf import find_soffice

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(p for p in (ROOT / "cases").glob("*/input.yaml"))


def _card(data):
    return score(load_framework(data.framework), data)


def _all_text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize("path", CASES, ids=[p.parent.name for p in CASES])
def test_no_filler_notes_or_long_decimals_in_any_case_report(path):
    data = load_input(path).data
    text = _all_text(build_report(_card(data), data))
    for note in ("请核对口径", "未填报", "≈", ">=", "<="):
        assert note not in text, f"{path.parent.name}: {note}"


def test_a_split_on_another_basis_is_stated_without_asking_to_check():
    raw = load_input(ROOT / "cases" / "seed-000" / "input.yaml").data.model_dump(mode="python", exclude_none=True)
    raw["budget"] = {**raw["budget"], "basic_budget": raw["budget"]["initial"], "project_budget": 100}
    raw.pop("narrative", None)
    data = load_input_data(raw)
    text = _all_text(build_report(_card(data), data))
    assert "占比按两者合计计算，合计与年初预算相差" in text
    assert "请核对" not in text and "未填报" not in text


def test_reviewed_report_says_reviewed():
    data = load_input(ROOT / "cases" / "seed-000" / "input.yaml").data
    card = _card(data)
    own = "\n".join(p.text for p in build_report(card, data).paragraphs)
    reviewed = "\n".join(p.text for p in build_report(card, data, reviewed=True).paragraphs)
    assert f"经自评，2023 年度部门整体支出绩效评价得分 97.9 分" in own
    assert "经复核，2023 年度部门整体支出绩效评价复核得分 97.9 分" in reviewed and "经自评" not in reviewed
    assert "（复核后）" in reviewed.splitlines()[0]


def test_target_table_writes_signs():
    data = load_input(ROOT / "cases" / "national-demo" / "input.yaml").data
    doc = build_report(_card(data), data)
    targets = [c.text for t in doc.tables for row in t.rows for c in row.cells if c.text.startswith(("≥", "≤"))]
    assert targets, "the demo's quantitative targets are written with ≥ / ≤"


def test_display_rounds_long_decimals():
    assert short_decimals("超出10% 1.6955436720142602495543672 个百分点") == "超出10% 约1.7 个百分点"
    assert short_decimals("执行率 95.5%，得 1.25 分") == "执行率 95.5%，得 1.25 分"
    assert for_report("20.00%/25%=0.8→≈0.954667分") == "20.00%/25%=0.8→约0.95分"


def test_total_cell_does_not_wrap(tmp_path):
    data = load_input(ROOT / "cases" / "seed-004" / "input.yaml").data
    card = _card(data)
    doc = build_report(card, data)
    total_row = doc.tables[0].rows[-1]
    cell = next(c for c in total_row.cells if c.text == "91.99")
    assert cell._tc.tcPr.find(qn("w:noWrap")) is not None
    if find_soffice() is None:
        pytest.fail("LibreOffice is needed for this test (apt-get install libreoffice-writer-nogui)")
    from jixiao.writers.pdf import docx_to_pdf

    src = tmp_path / "r.docx"
    doc.save(src)
    pdf = docx_to_pdf(src, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    line = next(line for line in text.splitlines() if line.strip().startswith("合计"))
    assert "91.99" in line


def test_targets_sharing_a_name_each_show_their_own_score_in_the_target_table():
    from .conftest import complete_input

    raw = complete_input()
    raw["targets"] = [
        {"name": "污水处理率", "weight": "15", "direction": ">=", "target": "90", "actual": "45", "unit": "%"},
        {"name": "经济效益指标", "weight": "5", "direction": ">=", "target": "5", "actual": "6", "unit": "项"},
        {"name": "污水处理率", "weight": "5", "direction": ">=", "target": "90", "actual": "95", "unit": "%"},
    ]
    data = load_input_data(raw)
    doc = build_report(_card(data), data)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "指标类别")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [(r[1], r[2], r[5]) for r in rows] == [("污水处理率", "15", "7.5"), ("经济效益指标", "5", "5"), ("污水处理率", "5", "5")]


def test_a_duplicate_target_is_named_by_its_place_not_by_an_internal_field():
    from .conftest import complete_input

    raw = complete_input()
    raw["targets"] = [
        {"name": "设施完好率", "weight": "10", "direction": ">=", "target": "90", "actual": "95", "unit": "%"},
        {"name": "经济效益指标", "weight": "10", "direction": ">=", "target": "5", "actual": "6", "unit": "项"},
        {"name": "设施完好率", "weight": "5", "direction": ">=", "target": "92", "actual": "93", "unit": "%"},
    ]
    data = load_input_data(raw)
    text = _all_text(build_report(_card(data), data))
    assert "targets[" not in text
    assert "绩效目标“设施完好率”：与本表第 1 项指标同名" in text  # the check says it so itself (core.target_quality)
