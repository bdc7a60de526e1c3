"""Documents opened as a person (or Word/WPS) would: cells, merges, fonts, numbers in the prose."""

from __future__ import annotations

import copy
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from jixiao.core.engine import score
from jixiao.frameworks import load_framework
from jixiao.io.inputs import load_input, load_input_data
from jixiao.writers.docx_report import write_docx
from jixiao.writers.html import render_html
from jixiao.writers.xlsx_scores import write_xlsx

ROOT = Path(__file__).resolve().parent.parent
SEED4 = ROOT / "cases" / "seed-004" / "input.yaml"


@pytest.fixture(scope="module")
def seed4():
    loaded = load_input(SEED4)
    card = score(load_framework(loaded.data.framework), loaded.data)
    return card, loaded.data


@pytest.fixture(scope="module")
def report(seed4, tmp_path_factory):
    card, data = seed4
    return Document(str(write_docx(card, data, tmp_path_factory.mktemp("docx") / "r.docx")))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_report_structure_and_computed_figures(report, seed4):
    card, data = seed4
    text = _text(report)
    for heading in ("一、部门基本情况", "二、履职绩效分析", "三、存在问题和改进措施", "四、评分情况"):
        assert heading in text
    # Figures computed from the input, never typed: 408/(97+408), 80.65/89.16, 15,154.69/16,078.44
    assert "编外人员控制率 80.79%" in text
    assert "财政供养人员控制率 97.98%" in text
    assert "控制率 90.46%" in text  # the report itself printed 90.45%
    assert "本年度实施二级项目 106 个，项目预算执行率 94.25%" in text
    assert card.total == Decimal("91.99") and "部门整体支出绩效评价得分 91.99 分，评价等级为“优”" in text
    # target quality problems are listed under 存在问题, each with its suggestion
    assert "绩效目标“保障辖区市容环境卫生”" in text and "“有效提高”无法衡量" in text


def test_score_table_cells_and_merges(report, seed4):
    card, _ = seed4
    table = report.tables[0]
    rows = table.rows
    assert [c.text for c in rows[0].cells][:2] == ["一级指标", "一级指标"]  # merged across two grid columns
    tr0 = rows[0]._tr
    spans = [tc.tcPr.gridSpan.val if tc.tcPr is not None and tc.tcPr.gridSpan is not None else 1 for tc in tr0.tc_lst]
    assert spans == [2, 2, 2, 1, 1]
    body = [[c.text for c in r.cells] for r in rows[2:-1]]
    assert len(body) == len(card.leaves()) == 21
    by_name = {r[4]: r for r in body}
    assert by_name["政府采购执行情况"][5:7] == ["2", "1.98"]
    assert by_name["编外人员控制率"][6] == "0"
    assert by_name["编外人员控制率"][7].startswith("编外人员控制率 80.79%（408/(97+408)）")
    assert body[0][0] == "部门决策" and body[0][1] == "20"
    # 部门决策 spans its four 三级指标 rows: one restart and three continuations in column 0
    vmerge = [r._tr.tc_lst[0].tcPr.vMerge.val for r in rows[2:6]]
    assert vmerge[0] == "restart" and vmerge[1:] == ["continue"] * 3
    assert [c.text for c in rows[-1].cells][6:] == ["91.99", "等级：优"]


def test_appendix_tables(report):
    targets, projects = report.tables[1], report.tables[2]
    assert [c.text for c in targets.rows[0].cells] == ["指标类别", "绩效指标", "分值", "目标值", "实际完成值", "得分"]
    assert [r.cells[5].text for r in targets.rows[1:]] == ["5", "3", "3", "2.5", "3", "2.5", "5"]
    assert len(projects.rows) == 1 + 106


def test_fonts_are_set_for_word_and_wps(report):
    styles = report.styles
    normal = styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312" and normal.get(qn("w:ascii")) == "Times New Roman"
    assert normal.get(qn("w:eastAsiaTheme")) is None
    assert styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert styles["表格文字"].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    lang = report.settings.element.find(qn("w:themeFontLang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_column_widths_in_grid(report):
    grid = report.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))
    widths = [int(g.get(qn("w:w"))) for g in grid]
    assert len(widths) == 8 and all(w > 500 for w in widths) and widths[7] == max(widths)


def test_user_text_with_markup_characters_survives(seed4, tmp_path):
    card, data = seed4
    raw = data.model_dump(mode="python", exclude_none=True)
    raw["narrative"]["problems"] = '完成率<95% & 满意度"偏低"，见《通知》\'附件\''
    data2 = load_input_data(raw)
    doc = Document(str(write_docx(card, data2, tmp_path / "r.docx")))
    assert '完成率<95% & 满意度"偏低"，见《通知》\'附件\'' in _text(doc)


def test_missing_data_is_shown_as_missing(tmp_path):
    loaded = load_input(ROOT / "cases" / "seed-000" / "input.yaml")
    raw = loaded.data.model_dump(mode="python", exclude_none=True)
    del raw["staffing"]
    data = load_input_data(raw)
    card = score(load_framework("shenzhen-common"), data)
    doc = Document(str(write_docx(card, data, tmp_path / "r.docx")))
    text = _text(doc)
    assert "总分不完整，暂不评定等级" in text
    assert "编外人员控制率：缺少评分所需数据" in text
    assert [c.text for c in doc.tables[0].rows[-1].cells][7] == "不完整：2 项指标缺数据"


def test_xlsx_score_table(seed4, tmp_path):
    card, data = seed4
    wb = load_workbook(write_xlsx(card, data, tmp_path / "s.xlsx"))
    assert wb.sheetnames == ["评分表", "扣分说明", "基本数据", "季度进度", "项目", "绩效指标"]
    ws = wb["评分表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:H1", "A2:B2", "C2:D2", "E2:F2", "G2:G3", "H2:H3"} <= merged
    assert "A4:A7" in merged  # 部门决策 over its four rows
    assert ws.freeze_panes == "A4"
    rows = {ws.cell(row=r, column=5).value: r for r in range(4, 25)}
    r = rows["政府采购执行情况"]
    assert Decimal(str(ws.cell(row=r, column=7).value)) == Decimal("1.98")
    assert ws.cell(row=r, column=7).number_format == "0.00"
    assert ws.cell(row=r, column=7).border.left.style == "thin"
    total_row = 4 + 21
    assert ws.cell(row=total_row, column=1).value == "合计"
    assert Decimal(str(ws.cell(row=total_row, column=7).value)) == Decimal("91.99")
    trail = wb["扣分说明"]
    assert trail.cell(row=1, column=10).value == "扣分说明"
    assert trail.max_row - 1 == sum(len(leaf.parts) for leaf in card.leaves())
    projects = wb["项目"]
    assert projects.max_row == 107 and projects.cell(row=2, column=5).number_format == "0.00%"


def test_html_scorecard(seed4):
    card, _ = seed4
    page = render_html(card)
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert '<td rowspan="4">部门决策</td>' in page
    assert "<script" not in page and "http" not in page
    assert "91.99" in page


def test_html_escapes_user_text(seed4):
    card, data = seed4
    leaf = card.leaves()[0]
    tampered = copy.copy(card)
    object.__setattr__(tampered, "department", "某局<script>&")
    page = render_html(tampered)
    assert "某局&lt;script&gt;&amp;" in page and "<script>" not in page
    assert leaf.name in page


def test_pdf_of_seed_004_renders_chinese(tmp_path, require):
    from jixiao.cli.main import main

    require(shutil.which("soffice"), "LibreOffice（soffice）")

    out = tmp_path / "r.pdf"
    assert main(["report", str(SEED4), "--format", "pdf", "-o", str(out)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "部门整体支出绩效自评报告" in text and "附表 1" in text and "91.99" in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts  # Chinese rendered with a CJK font, not boxes
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout.splitlines() if line.startswith("Pages:")))
    assert pages >= 8
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")], check=True)
    assert any(tmp_path.glob("p-*.png"))


def test_pdf_without_libreoffice_says_how_to_get_it(monkeypatch, tmp_path, capsys):
    from jixiao.cli.main import main

    monkeypatch.setattr("jixiao.writers.pdf.find_soffice", lambda: None)
    code = main(["report", str(SEED4), "--format", "pdf", "-o", str(tmp_path / "r.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and "未找到 LibreOffice" in err and "apt-get install" in err
    assert not list(tmp_path.iterdir())


def test_report_all_with_progress(tmp_path, capsys):
    from jixiao.cli.main import main

    code = main(["report", "--all", str(ROOT / "cases"), "--format", "xlsx", "-o", str(tmp_path)])
    out = capsys.readouterr().out
    produced = sorted(p.name for p in tmp_path.iterdir())
    assert code == 0 and "失败 0 份" in out
    assert "2024-深圳市罗湖区东晓街道办事处-评分表.xlsx" in produced
    assert len(produced) == len(list((ROOT / "cases").glob("*/input.yaml")))


def test_report_names_a_duplicate_target_in_words_not_by_its_input_path(seed4, tmp_path):
    """The 存在问题 of the report lists the targets' quality findings; a repeated target name is said
    as “第 N 项”, never as the input path ``targets[N]`` a department does not know."""
    card, data = seed4
    raw = data.model_dump(mode="python", exclude_none=True)
    raw["targets"][1]["name"] = raw["targets"][0]["name"]
    data2 = load_input_data(raw)
    card2 = score(load_framework(data2.framework), data2)
    text = _text(Document(str(write_docx(card2, data2, tmp_path / "r.docx"))))
    assert f"绩效目标“{raw['targets'][0]['name']}”：与本表第 1 项指标同名" in text
    assert "targets[" not in text


def test_target_table_gives_each_of_two_same_named_targets_its_own_score(seed4, tmp_path):
    """Two targets with one name (a department lists 单位成本 twice, with different weights) each
    show their own score in the report's 绩效目标完成情况 table, not the first one's."""
    card, data = seed4
    raw = data.model_dump(mode="python", exclude_none=True)
    table_before = [[c.text for c in r.cells] for r in Document(str(write_docx(card, data, tmp_path / "a.docx"))).tables[1].rows]
    raw["targets"][1]["name"] = raw["targets"][0]["name"]
    data2 = load_input_data(raw)
    card2 = score(load_framework(data2.framework), data2)
    table = [[c.text for c in r.cells] for r in Document(str(write_docx(card2, data2, tmp_path / "b.docx"))).tables[1].rows]
    assert table_before[1][5] != table_before[2][5]  # the two targets earn different scores
    assert [row[5] for row in table] == [row[5] for row in table_before]
    assert table[2][1] == table[1][1] == raw["targets"][0]["name"]
