"""Pieces of the audit: number forms, text clean-up, the readers (docx merged cells, PDF (cid:…)
fallback), table continuation rows, and the `jixiao audit` command."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document as NewDocx

from jixiao.audit.extract.numbers import cell_number, find_numbers
from jixiao.audit.extract.paras import paragraphs
from jixiao.audit.extract.tables import views
from jixiao.audit.extract.text import norm
from jixiao.audit.read import ReadError, read_document, read_text
from jixiao.audit.read.pdf import garbled
from jixiao.cli.main import main as audit_main

FIXTURES = Path(__file__).resolve().parent / "audit_fixtures"


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind"),
    [
        ("5,481.65 万元", "5481.65", "万元", "money"),
        ("47,471,670.95 元", "4747.167095", "元", "money"),
        ("10 亿元", "100000", "亿元", "money"),
        ("98.5%", "98.5", "%", "pct"),
        ("百分之百", "100", "%", "pct"),
        ("1.2万场次", "12000.0", "场", "count"),
        ("四个方面", "4", "个", "count"),
        ("36分钟", "36", "分钟", "count"),
        ("得 5.15 分", "5.15", "分", "points"),
    ],
)
def test_number_forms(text: str, value: str, unit: str, kind: str) -> None:
    n = find_numbers(norm(text))[0]
    assert (n.value, n.unit, n.kind) == (Decimal(value), unit, kind)
    assert isinstance(n.value, Decimal)


def test_ordinals_are_not_counts() -> None:
    assert [n.kind for n in find_numbers("下发第一类房屋数据 2056 条")] == ["count"]


@pytest.mark.parametrize(("cell", "value"), [("1,288,000.0 0", "1288000.00"), ("≈5.357143", "5.357143"), ("5分", "5"), ("4,965.67", "4965.67")])
def test_cell_numbers(cell: str, value: str) -> None:
    assert cell_number(cell).value == Decimal(value)  # type: ignore[union-attr]


@pytest.mark.parametrize("cell", ["-", "5,940,282. .83", "部门决策", ""])
def test_not_cell_numbers(cell: str) -> None:
    assert cell_number(cell) is None


def test_norm_undoes_converter_debris() -> None:
    assert norm("人 员 管 理") == "人员管理"
    assert norm(r"<p>满意度$\geq 95\%$的，得6分；</p>") == "满意度≥ 95%的，得6分；"
    assert norm("２０２４年") == "2024年"


def test_text_reader_tables_and_lines() -> None:
    doc = read_text("标题\n\na\tb\n1\t2\n\n3\t4\n正文一句。\n--\t--\n")
    tables = list(doc.tables())
    assert len(tables) == 1 and len(tables[0].rows) == 3
    assert [line.loc.line for line in doc.lines()] == [1, 7]


def test_sentence_broken_at_a_page_end_is_joined() -> None:
    doc = read_text("调整金额为 366.34\n\n万元。其中统筹收回 342.51 万元。\n")
    paras = paragraphs(doc)
    assert paras[0].text.startswith("调整金额为 366.34万元。")
    assert str(paras[0].loc_at(paras[0].text.index("其中"))) == "第3行"


def test_continuation_rows_merge_into_the_row_above() -> None:
    text = "\n".join([
        "一级指标\t分值\t三级指标\t分值\t评分标准\t得分",
        "部门决策\t20\t绩效目标完\t3\t按要求编报绩效目标。\t3",
        "\t\t整性\t\t\t",
        "\t\t\t\t没按要求编报的，一项扣1分。\t",
    ])
    view = views(read_text(text))[0]
    assert len(view.rows) == 1
    assert view.rows[0].cells[2] == "绩效目标完整性"
    assert "一项扣1分" in view.rows[0].cells[4]


def test_docx_merged_cells_are_counted_once(tmp_path: Path) -> None:
    word = NewDocx()
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "横向合并"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向合并"
    table.cell(1, 1).text = "5"
    path = tmp_path / "merged.docx"
    word.save(path)
    rows = next(read_document(path).tables()).rows
    flat = [c for r in rows for c in r.cells]
    assert flat.count("横向合并") == 1 and flat.count("纵向合并") == 1
    assert rows[0].cells == ("横向合并", "", "")  # grid positions kept, so columns stay aligned
    assert rows[2].cells[0] == ""


def test_garbled_detection() -> None:
    assert garbled("(cid:12)(cid:345)(cid:67)(cid:89)")
    assert not garbled("部门整体支出绩效 (cid:12)")
    assert not garbled("正常的文字")


def test_pdf_with_cid_text_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, require) -> None:
    from jixiao.writers.pdf import docx_to_pdf, find_soffice

    require(find_soffice(), "LibreOffice（soffice）")
    word = NewDocx()
    word.add_paragraph("某局 2024 年度部门整体支出绩效自评报告")
    word.add_paragraph("编外人员控制率为 30.00%，核定编制数 40 人，实有在编人数 35 人，编外人员 10 人。")
    src = tmp_path / "cid.docx"
    word.save(src)
    pdf = docx_to_pdf(src, tmp_path)  # LibreOffice is there: a failed conversion is a failure
    from jixiao.audit.read import pdf as pdf_reader

    # PDFium decodes a font without a Unicode map as private-use code points
    garbage = [pdf_reader.Char(chr(0xE000 + i), 10.0 * i, 10.0 * i + 9, 100, 110) for i in range(20)]
    monkeypatch.setattr(pdf_reader, "page_chars", lambda page: garbage)
    doc = read_document(pdf)
    assert doc.notes and "无法解码" in doc.notes[0]
    assert any("编外人员控制率" in line.text for line in doc.lines())


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read_document(tmp_path / "missing.txt")
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadError):
        read_document(bad)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ReadError):
        read_document(broken)


# ---------------------------------------------------------------- CLI


def test_cli_text_exit_0_with_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code = audit_main(["audit", str(FIXTURES / "planted_national.txt")])
    out = capsys.readouterr().out
    assert code == 0
    assert "报告总分：90.5" in out and "发现：错误 1" in out
    assert "total_mismatch" in out


def test_cli_json_numbers_are_strings(capsys: pytest.CaptureFixture[str]) -> None:
    assert audit_main(["audit", str(FIXTURES / "planted_shenzhen.txt"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)

    def walk(value) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        else:
            assert value is None or isinstance(value, (str, bool)), value

    walk(data)
    assert data["claimed_total"] == "93" and data["counts"]["error"] == "4"
    assert data["findings"][0]["evidence"][0]["line"]


def test_cli_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert audit_main(["audit", str(FIXTURES / "planted_national.txt"), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 自评报告审核") and "| 1 | 错误 | total_mismatch |" in out


def test_cli_unreadable_file_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert audit_main(["audit", str(tmp_path / "nope.pdf")]) == 1
    captured = capsys.readouterr()
    assert "文件不存在" in captured.err and captured.out == ""


# ---------------------------------------------------------------- table layouts and the table model

from jixiao.audit.extract.layouts import LayoutError, classify, parse_layout, shipped_layouts  # noqa: E402
from jixiao.audit.extract.texttables import retable, split_pair  # noqa: E402


def test_shipped_layouts_load_and_cover_every_kind() -> None:
    kinds = {lay.kind for lay in shipped_layouts()}
    assert kinds == {"score_sheet", "dept_self_eval", "project_self_eval", "cq_self_eval", "budget_table", "project_list", "info_table"}


@pytest.mark.parametrize(("text", "where", "words"), [
    ("id: x\nkind: score_sheet\nidentify: {require: [score]}\ncolumns: {score: [得分]}\ncolour: red\n", ":5", "未知的键“colour”"),
    ("id: x\nkind: report\nidentify: {require: [score]}\ncolumns: {score: [得分]}\n", ":2", "未知的表格类型"),
    ("id: x\nkind: score_sheet\nidentify: {require: [score]}\ncolumns:\n  score: [得分]\n  points: [分值]\n", ":6", "未知的列角色“points”"),
    ("id: x\nkind: score_sheet\nidentify: {require: [max]}\ncolumns: {score: [得分]}\n", ":3", "未在 columns 中给出"),
])
def test_layout_files_are_strict(text: str, where: str, words: str) -> None:
    with pytest.raises(LayoutError) as err:
        parse_layout(text, "new.yaml")
    assert f"new.yaml{where}" in str(err.value) and words in str(err.value)


def test_classify_gives_kind_score_and_reason() -> None:
    fit = classify(["指标名称", "执行率", "执行率权重", "执行率得分", "全年执行数", "全年预算数"], "", [])
    assert fit.layout is not None and fit.layout.kind == "budget_table" and "执行率" in fit.reason
    roles = dict(zip(["指标名称", "执行率", "执行率权重", "执行率得分", "全年执行数", "全年预算数"], (r for r, _ in fit.roles)))
    assert (roles["执行率"], roles["执行率权重"], roles["执行率得分"]) == ("rate", "max", "score")
    assert classify(["季节", "降雨量"], "", []).layout is None


@pytest.mark.parametrize(("digits", "rate", "pair"), [("22", None, ("2", "2")), ("1010", None, ("10", "10")), ("107.6", Decimal(76), ("10", "7.6")), ("55", None, ("5", "5"))])
def test_run_together_pairs_split_by_shape(digits: str, rate, pair) -> None:
    assert split_pair(digits, rate) == pair


def _rows(text: str) -> list[tuple[str, ...]]:
    doc = retable(read_text(text))
    return [r.cells for t in doc.tables() for r in t.rows]


def test_text_tables_one_cell_per_line_and_run_together() -> None:
    stream = "\n|\n".join(["一级指标", "二级指标", "评分标准", "分值", "得分", "决策(10分)", "目标设置", "目标明确得满分，否则酌情扣分。", "10", "9",
                           "过程(20分)", "资金管理", "按规定管理资金的得满分。", "12", "12", "资产管理", "账实相符得满分。", "8", "8"])
    rows = _rows(stream)
    assert rows[1] == ("决策(10分)", "目标设置", "目标明确得满分，否则酌情扣分。", "10", "9")
    assert rows[3] == ("", "资产管理", "账实相符得满分。", "8", "8")
    glued = "自评表指标名称计量单位指标性质年初指标值全年完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标办结率%定量指标95%98%100%55是投诉件数件定量指标5件3件100%1010否"
    rows = _rows(glued)
    assert rows[0] == ("自评表",) and rows[1][-3:] == ("指标权重", "指标得分", "是否核心指标")
    assert [(r[-3], r[-2], r[-1]) for r in rows[2:]] == [("5", "5", "是"), ("10", "10", "否")]
    # a name run into its unit ("投诉件数" + "件"): cut where the 计量单位 column's cell begins
    assert rows[2][:2] == ("办结率", "%") and rows[3][:2] == ("投诉件数", "件")


# ---------------------------------------------------------------- table boundaries and 预算执行表 rates


def _sheet_doc(*tables: tuple[str, list[tuple[str, ...]]]):
    from jixiao.audit.model import Loc
    from jixiao.audit.read.model import Document, Row, Table

    doc = Document("wb.xlsx", "xlsx")
    for n, (caption, rows) in enumerate(tables, 1):
        doc.blocks.append(Table([Row(r, Loc(table=n, row=i)) for i, r in enumerate(rows, 1)], n, caption=caption, form="sheet"))
    return doc


def test_two_sheets_do_not_run_together_and_a_title_row_is_no_data_row() -> None:
    doc = _sheet_doc(
        ("工作表「信息」", [("单位名称", "某县测绘局"), ("联系人", "吴某")]),
        ("工作表「评分」", [("某县测绘局2022年度部门整体支出绩效评价得分表", "", ""), ("指标", "分值", "得分"), ("预算执行率", "10", "9")]),
    )
    vs = views(doc)
    assert [[r.cells for r in v.rows] for v in vs] == [[["单位名称", "某县测绘局"], ["联系人", "吴某"]], [["预算执行率", "10", "9"]]]
    assert vs[1].title == "某县测绘局2022年度部门整体支出绩效评价得分表" and vs[1].header == ["指标", "分值", "得分"]


def test_title_row_gives_department_and_year_and_placeholder_rows_stay_rows() -> None:
    from jixiao.audit import audit_document

    doc = _sheet_doc(("工作表「得分」", [
        ("某县测绘局2022年度部门整体支出绩效评价得分表", "", "", "", ""),
        ("项目", "年初预算数", "全年预算数", "全年执行数", "执行率"),
        ("基本支出", "100.00", "120.00", "108.00", "0.93"),  # 108/120 = 90%: printed as a fraction, and wrong
        ("项目支出", "—", "—", "—", "—"),
        ("合计", "100.00", "120.00", "108.00", "0.9"),
    ]))
    report = audit_document(doc)
    assert (report.department, report.year) == ("某县测绘局", 2022)
    assert [(t.kind, t.rows) for t in report.tables] == [("budget_table", 3)]
    wrong = [(f.indicator, f.claimed, f.recomputed) for f in report.findings if f.code == "execution_rate_mismatch"]
    assert wrong == [("预算执行率（基本支出）", "93%", "90.00%")]
    assert not [f for f in report.findings if f.code in ("project_rate_mismatch", "table_total_differs")]
