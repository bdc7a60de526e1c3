"""User text in every .xlsx jixiao writes stays text (no live formulas); control characters are
refused at input, so the .docx/.xlsx downloads of an evaluation always open."""

from __future__ import annotations

from io import BytesIO

import docx
import openpyxl
import pytest

from jixiao.core.engine import score
from jixiao.frameworks import load_framework
from jixiao.io.excel_template import write_template
from jixiao.io.inputs import InputError, load_input_data
from jixiao.writers.cells import printable
from jixiao.writers.docx_report import build_report
from jixiao.writers.xlsx_scores import build_workbook

from .conftest import complete_input

HOSTILE = ['=HYPERLINK("http://example.invalid/x","点此")', "+1+1", "-2-2", "@SUM(A1:A9)", "=1/0"]


def _hostile_input():
    raw = complete_input()
    raw["department"] = HOSTILE[0]
    raw["projects"] = [{"name": text, "budget": "10", "spent": "9", "completed_on_time": True} for text in HOSTILE]
    raw["key_tasks"] = [{"name": text, "completed": True} for text in HOSTILE]
    raw["narrative"] = {"problems": HOSTILE[3]}
    return load_input_data(raw)


def _cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws, cell


def _assert_text_only(wb, must_see: set[str]):
    seen = set()
    for ws, cell in _cells(wb):
        if isinstance(cell.value, str) and cell.value in HOSTILE:
            assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
            seen.add(cell.value)
    assert must_see <= seen, must_see - seen


def test_score_sheet_writes_user_text_as_text(tmp_path):
    fw = load_framework("shenzhen-common")
    data = _hostile_input()
    path = tmp_path / "scores.xlsx"
    build_workbook(score(fw, data), data).save(path)
    wb = openpyxl.load_workbook(path)  # read back as Excel would: formulas come back as "=…" with type "f"
    _assert_text_only(wb, set(HOSTILE))
    assert not [c.coordinate for _, c in _cells(wb) if c.data_type == "f"]


def test_template_prefill_writes_user_text_as_text(tmp_path):
    fw = load_framework("shenzhen-common")
    path = tmp_path / "template.xlsx"
    write_template(fw, path, data=_hostile_input())
    wb = openpyxl.load_workbook(path)
    _assert_text_only(wb, set(HOSTILE))
    formulas = [c.value for _, c in _cells(wb) if c.data_type == "f"]
    assert all(f.startswith("=$B$") for f in formulas), formulas  # only the template's own unit references


def test_report_docx_keeps_the_text_as_written(tmp_path):
    fw = load_framework("shenzhen-common")
    data = _hostile_input()
    path = tmp_path / "report.docx"
    build_report(score(fw, data), data).save(path)
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    tables = "\n".join(c.text for t in docx.Document(path).tables for r in t.rows for c in r.cells)
    assert HOSTILE[3] in text + tables and HOSTILE[1] in tables


@pytest.mark.parametrize("field", ["department", "district", "narrative.problems", "projects.0.name", "key_tasks.0.note"])
def test_control_characters_are_refused_naming_the_field(field):
    raw = complete_input()
    raw.setdefault("projects", [{"name": "道路养护"}])
    raw.setdefault("narrative", {})
    node = raw
    *head, last = field.split(".")
    for step in head:
        node = node[int(step)] if isinstance(node, list) else node[step]
    node[last] = "正常文字\x07响铃\x1b"
    with pytest.raises(InputError) as info:
        load_input_data(raw)
    dotted = field.replace(".0.", "[0].")
    assert any(p.field == dotted and "控制字符" in p.message for p in info.value.problems), info.value.problems


def test_newlines_and_tabs_are_kept():
    raw = complete_input()
    raw["narrative"] = {"problems": "第一条\n第二条\t（附表）"}
    assert load_input_data(raw).narrative.problems == "第一条\n第二条\t（附表）"


def test_writers_strip_what_a_document_cannot_hold():
    assert printable("名称\x00\x07\x1b\ufffe尾") == "名称尾"
    wb = openpyxl.Workbook()
    from jixiao.writers.cells import put

    cell = put(wb.active, 1, 1, "=A1\x07")
    buffer = BytesIO()
    wb.save(buffer)
    back = openpyxl.load_workbook(BytesIO(buffer.getvalue())).active["A1"]
    assert back.value == "=A1" and back.data_type == "s"
    assert cell.data_type == "s"
