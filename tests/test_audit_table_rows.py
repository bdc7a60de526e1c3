"""The table model's row rules: what a table's row count counts, which first rows are headers, which
rows continue the one above, and how text forms keep their rows across page numbers and wrapped names."""

from __future__ import annotations

from jixiao.audit import Severity, audit_document
from jixiao.audit.extract.scoremodel import is_data_row
from jixiao.audit.extract.tables import is_header, views
from jixiao.audit.model import Loc
from jixiao.audit.read import read_text
from jixiao.audit.read.model import Document, Row, Table


def _doc(rows: list[list[str]]) -> Document:
    table = Table([Row(tuple(r), Loc(table=1, row=i + 1)) for i, r in enumerate(rows)], 1, form="html")
    return Document("t.html", "html", [table])


def test_data_rows_are_rows_that_state_something() -> None:
    assert is_data_row(["部门名称", "某县林业局"])
    assert is_data_row(["", "其他资金", "—", "—", "—"])  # a dash is a value shown as missing
    assert is_data_row(["总分", "", "100", "95"])
    assert not is_data_row(["部门整体支出绩效自评表", "", ""])  # a title
    assert not is_data_row(["", "完成年度造林任务，提升森林覆盖率。", "森林覆盖率达到62.3%，任务全部完成。"])  # free text


def test_label_value_row_is_not_a_header_but_a_column_header_is() -> None:
    assert not is_header(["项目名称", "林业有害生物防治项目"])
    assert not is_header(["主管部门", "某县林业局", "实施单位", "某县林业局"])
    assert is_header(["项目名称", "实施单位", "预算数"])
    assert is_header(["项目名称", "预算数", "支出数", "执行率"])


def test_plain_word_first_row_over_numbers_is_a_header_and_dash_rows_are_rows() -> None:
    doc = _doc([["科室", "编制数", "实有人数"], ["办公室", "5", "6"], ["执法大队", "12", "11"]])
    (v,) = views(doc)
    assert v.header == ["科室", "编制数", "实有人数"] and len(v.rows) == 2
    doc = _doc([["预算资金", "", "年初预算数", "全年预算数", "全年执行数"], ["", "年度资金总额", "100.00", "100.00", "90.00"],
                ["", "其他资金", "—", "—", "—"]])
    (v,) = views(doc)
    assert [r.cells[1] for r in v.rows] == ["年度资金总额", "其他资金"]  # not merged into the row above


def test_spaced_table_goes_on_past_a_page_number_and_keeps_a_wrapped_name() -> None:
    text = (
        "序号  指标名称              分值    得分\n"
        "1     预算编制合理性        10      9\n"
        "2     资金分配合理性        10      10\n"
        "\n"
        "                 - 1 -\n"
        "\n"
        "序号  指标名称              分值    得分\n"
        "3     政府采购执行          10      8\n"
        "      规范性\n"
        "4     资产管理规范性        10      10\n"
    )
    report = audit_document(read_text(text, "spaced.txt"))
    rows = [(r.name, r.max, r.score) for r in report.score_rows]
    assert [n for n, _, _ in rows] == ["预算编制合理性", "资金分配合理性", "政府采购执行规范性", "资产管理规范性"]
    assert [t.rows for t in report.tables] == [4]


def test_budget_table_by_use_checks_each_rate_and_takes_its_total_row() -> None:
    text = (
        "项目\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
        "基本支出\t500.00\t520.00\t515.00\t99.04%\n"
        "项目支出\t300.00\t280.00\t250.00\t91.00%\n"
        "合计\t800.00\t800.00\t765.00\t95.63%\n"
    )
    report = audit_document(read_text(text, "budget.txt"))
    assert [t.kind for t in report.tables] == ["budget_table"]
    found = [(f.code, f.claimed, f.recomputed) for f in report.findings if f.severity is not Severity.INFO]
    assert found == [("execution_rate_mismatch", "91%", "89.29%")]
    assert not report.score_rows  # rows checked for their 执行率 are not score rows
