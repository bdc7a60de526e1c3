"""Table cells run together with no separator (a 自评表 copied out of a web page): each row cut into
the header's columns — the name ends where its 计量单位, 指标性质 or a qualitative 指标值 begins —,
each row located on its own line, and the unit/value word lists loaded strictly.

Every text here is written for this test; the assertions are the exact cells read.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.audit import audit_document, audit_file
from jixiao.audit.extract.numbers import UNITS
from jixiao.audit.extract.text import key
from jixiao.audit.extract.texttables import retable
from jixiao.audit.extract.unitwords import UNITS_FILE, UnitWordsError, parse_unit_words, unit_words
from jixiao.audit.read import read_text

from .test_audit_cases import CASES, expected

HEAD = "指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标"


def _table(text: str) -> list[tuple[int | None, tuple[str, ...]]]:
    doc = retable(read_text(text))
    tables = list(doc.tables())
    assert len(tables) == 1
    return [(r.loc.line, r.cells) for r in tables[0].rows]


def test_names_are_cut_where_the_unit_nature_or_value_cell_begins() -> None:
    text = (
        "某街道办事处2024年度部门整体绩效自评表\n"
        f"{HEAD}"
        "志愿服务参与人次人次定量指标≥900人次955人次100%1010是"  # a name ending in its unit
        "窗口服务流程规范规范规范100%55否"  # a name ending in its own value, no unit, no 性质
        "应急物资储备种类Xq类定量指标≥12类14类100%55否\n"  # an OCR-garbled unit
        "2、投诉办结及时率%定量指标到95%97%100%55否"  # an OCR-garbled ≥ glued to the target
        "安全责任事故起数起定量指标≤0起0起100%55否"
        "网格员培训合格率%定量指标≥85%80%80%54否"
        "上线移动端APP个定量指标≥2个3个100%55否\n"  # Latin letters in a name, a real unit after them
    )
    rows = _table(text)
    assert rows[0] == (2, ("指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数", "指标权重", "指标得分", "是否核心指标"))
    assert rows[1:] == [
        (2, ("志愿服务参与人次", "人次", "定量指标", "≥900人次", "", "955人次", "100%", "10", "10", "是")),
        (2, ("窗口服务流程规范", "", "", "规范", "", "规范", "100%", "5", "5", "否")),
        (2, ("应急物资储备种类", "Xq类", "定量指标", "≥12", "", "14", "100%", "5", "5", "否")),
        (3, ("投诉办结及时率", "%", "定量指标", "95%", "", "97%", "100%", "5", "5", "否")),
        (3, ("安全责任事故起数", "起", "定量指标", "≤0起", "", "0起", "100%", "5", "5", "否")),
        (3, ("网格员培训合格率", "%", "定量指标", "≥85%", "", "80%", "80%", "5", "4", "否")),
        (3, ("上线移动端APP", "个", "定量指标", "≥2个", "", "3个", "100%", "5", "5", "否")),
    ]


def test_a_value_cell_of_text_is_one_cell_not_part_of_the_name() -> None:
    text = f"自评表{HEAD}内控制度建设情况定性指标完善完善完善，新订制度3项100%55否办件满意度%定量指标≥95%96%100%55否\n"
    rows = _table(text)
    assert [r[1][:6] for r in rows[-2:]] == [
        ("内控制度建设情况", "", "定性指标", "完善", "完善", "完善，新订制度3项"),
        ("办件满意度", "%", "定量指标", "≥95%", "", "96%"),
    ]


def test_a_row_cut_off_with_no_figures_is_no_score_row() -> None:
    text = f"自评表主管部门某街道办事处自评总分(分)15\n{HEAD}办件满意度%定量指标≥95%96%100%1010否来访接待及时率%定量指标100%100%100%55否社区治理\n"
    report = audit_document(read_text(text))
    assert [(r.name, r.max, r.score) for r in report.score_rows] == [("办件满意度", 10, 10), ("来访接待及时率", 5, 5)]
    assert any("截止" in t.note for t in report.tables)


def test_a_group_row_without_figures_stays_a_group_and_an_empty_one_is_dropped() -> None:
    text = "指标\t分值\t得分\n一、履职效能\t\t\n1.重点任务完成率\t10\t9\n2.群众满意度\t10\t10\n二、管理效率\t\t\n3.预算执行率\t10\t10\n三、其他事项\t\t\n"
    report = audit_document(read_text(text))
    assert [(r.name, r.leaf, r.max, r.score) for r in report.score_rows] == [
        ("履职效能", False, None, None), ("重点任务完成率", True, 10, 9), ("群众满意度", True, 10, 10),
        ("管理效率", False, None, None), ("预算执行率", True, 10, 10),
    ]


@pytest.mark.parametrize("case", ["cq_runtogether_planted", "cq_runtogether_twin", "cq_units_planted", "cq_units_twin"])
def test_run_together_cases_read_every_name_exactly(case: str) -> None:
    exp = expected(case)
    report = audit_file(CASES / case / exp["document"])
    assert [key(r.name) for r in report.score_rows] == [key(r["name"]) for r in exp["score_rows"]]


def test_run_together_rows_are_located_on_their_own_lines() -> None:
    report = audit_file(CASES / "cq_units_planted" / "cq_units_planted.txt")
    lines = {r.name: r.loc.line for r in report.score_rows}
    assert lines["执行率"] == 2 and lines["公益演出惠民场次"] == 3 and lines["乡镇综合文化站免费开放率"] == 3
    assert lines["档案管理规范"] == 4 and lines["文化场馆安全事故起数"] == 4


def test_unit_words_load_and_the_number_units_are_the_files() -> None:
    words = unit_words()
    assert UNITS == words.number_units and UNITS["万元"] == ("money", Decimal(1)) and UNITS["元"] == ("money", Decimal("0.0001"))
    assert UNITS["%"] == ("pct", Decimal(1)) and len(UNITS) == 25
    assert "人次" in words.units and words.units.index("人次") < words.units.index("人")  # longest first
    assert {"高", "好", "健全"} <= set(words.qualitative_values) and "定性指标" in words.nature_values
    assert UNITS_FILE.name == "units.yaml"


_GOOD = "number_units:\n  万元: [money, 1]\ncell_units: [人次]\nnature_values: [定量]\nqualitative_values: [高]\ncomparison_words: [\"≥\"]\n"


@pytest.mark.parametrize(("text", "where", "words"), [
    (_GOOD + "colour: red\n", ":7", "未知的键“colour”"),
    (_GOOD.replace("cell_units: [人次]\n", ""), ":1", "缺少“cell_units”"),
    (_GOOD.replace("[money, 1]", "[cash, 1]"), ":2", "类别为"),
    (_GOOD.replace("[money, 1]", "[money, 0]"), ":2", "系数为正数"),
    (_GOOD.replace("cell_units: [人次]", "cell_units: [人次, 万元]"), ":3", "“万元”重复"),
    (_GOOD.replace("qualitative_values: [高]", "qualitative_values: [高, 高]"), ":5", "“高”重复"),
    (_GOOD.replace("nature_values: [定量]", "nature_values: []"), ":4", "非空的文字列表"),
    (_GOOD.replace("qualitative_values: [高]", "qualitative_values: [3]"), ":5", "应为一个词"),
])
def test_unit_words_file_is_strict(text: str, where: str, words: str) -> None:
    parse_unit_words(_GOOD, "ok.yaml")
    with pytest.raises(UnitWordsError) as err:
        parse_unit_words(text, "units.yaml")
    assert f"units.yaml{where}" in str(err.value) and words in str(err.value)
