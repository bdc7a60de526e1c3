"""Plain-text forms of tables (as copied out of web pages, PDFs or OCR) read into rows.

Every fixture here is written for this test; the assertions are the exact cells read.
"""

from __future__ import annotations

from jixiao.audit.read import read_text
from jixiao.audit.read.model import Line, Table


def tables(doc) -> list[Table]:
    return list(doc.tables())


def cells(table: Table) -> list[list[str]]:
    return [list(r.cells) for r in table.rows]


def test_tab_rows_and_prose() -> None:
    doc = read_text("某局2025年度自评报告\n指标\t分值\t得分\n\n决策\t20\t18\n--\t--\t--\n过程\t30\t29\n一、结论\n")
    (t,) = tables(doc)
    assert t.form == "tab"
    assert cells(t) == [["指标", "分值", "得分"], ["决策", "20", "18"], ["过程", "30", "29"]]
    assert [r.loc.line for r in t.rows] == [2, 4, 6]
    assert [ln.text for ln in doc.lines()] == ["某局2025年度自评报告", "一、结论"]


def test_markdown_pipes_with_rule_row_and_row_split_across_lines() -> None:
    text = (
        "表1 评分结果\n"
        "| 一级指标 | 分值 | 得分 |\n"
        "| --- | :---: | ---: |\n"
        "| 运行管理 | 30 | 27.5 |\n"
        "| 履职效果\n"
        "（含满意度） | 50 | 46 |\n"
        "合计 97 分。\n"
    )
    doc = read_text(text)
    (t,) = tables(doc)
    assert t.form == "pipe"
    assert cells(t) == [["一级指标", "分值", "得分"], ["运行管理", "30", "27.5"], ["履职效果（含满意度）", "50", "46"]]
    assert [r.loc.line for r in t.rows] == [2, 4, 5]
    assert [ln.text for ln in doc.lines()] == ["表1 评分结果", "合计 97 分。"]


def test_plain_pipes_padded_with_empty_cells_and_merged_cells_realigned() -> None:
    # A web page copy: every row padded to the table's width with "|||", a cell with a line
    # break continuing on the next line, and rows whose merged left cells were dropped.
    text = (
        "单位自评表 | ||||||||\n"
        "绩效 |\n"
        "一级指标 | 二级指标 | 三级指标 | 目标值 |\n"
        "实际值 | 分值 | 得分 | 说明 | \n"
        "产出 | 数量 | 培训人次 | ≥300 | 320 | 15 | 15 | ||\n"
        "质量 | 合格率 | ≥90% | 96% | 10 | 9 | 略低 | |\n"
        "效益 | 满意度 | 服务满意度 | ≥85% | 88% | 10 | 10 | ||\n"
        "群众知晓率 | ≥60% | 71% | 5 | 5 | ||||\n"
    )
    doc = read_text(text)
    (t,) = tables(doc)
    assert cells(t) == [
        ["单位自评表"],
        ["绩效", "一级指标", "二级指标", "三级指标", "目标值", "实际值", "分值", "得分", "说明"],
        ["", "产出", "数量", "培训人次", "≥300", "320", "15", "15"],
        ["", "", "质量", "合格率", "≥90%", "96%", "10", "9", "略低"],
        ["", "效益", "满意度", "服务满意度", "≥85%", "88%", "10", "10"],
        ["", "", "", "群众知晓率", "≥60%", "71%", "5", "5"],
    ]
    assert [r.loc.line for r in t.rows] == [1, 2, 5, 6, 7, 8]


def test_pipe_menu_line_stays_prose() -> None:
    doc = read_text("首页 | 政务公开 | 办事服务 | 互动交流\n当前位置：首页 > 通知公告\n")
    assert not tables(doc)
    assert [ln.text for ln in doc.lines()][0] == "首页 | 政务公开 | 办事服务 | 互动交流"


def test_one_cell_per_line_with_bar_lines_grouped_by_header() -> None:
    header = ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分说明"]
    body = [
        ["管理\n(20分)", "制度\n(12分)", "制度建设", "制度健全得6分。", "6", "6", ""],
        ["", "", "制度执行", "执行到位得6分；\n每发现一处问题扣1分。", "6", "5", "台账缺失"],
        ["", "资金\n(8分)", "资金合规", "无违规得8分。", "8", "8", ""],
    ]
    stream = list(header)
    for row in body:
        stream.extend(c for i, c in enumerate(row) if not (c == "" and i < 2))  # merged cells are absent
    text = "附表：评分表\n" + "\n|\n".join(stream) + "\n四、问题与建议\n"
    doc = read_text(text)
    (t,) = tables(doc)
    assert t.form == "cells-per-line"
    assert cells(t) == [
        header,
        ["管理(20分)", "制度(12分)", "制度建设", "制度健全得6分。", "6", "6", ""],
        ["", "", "制度执行", "执行到位得6分；每发现一处问题扣1分。", "6", "5", "台账缺失"],
        ["", "资金(8分)", "资金合规", "无违规得8分。", "8", "8", ""],
    ]
    assert [ln.text for ln in doc.lines()] == ["附表：评分表", "四、问题与建议"]


def test_one_cell_per_line_with_blank_lines_between_cells() -> None:
    stream = ["指标名称", "分值", "得分", "备注", "预算编制", "10", "9.5", "说明不全", "绩效监控", "10", "10", "无"]
    text = "评分情况如下。\n\n" + "\n\n".join(stream) + "\n\n以上合计19.5分。\n"
    doc = read_text(text)
    (t,) = tables(doc)
    assert cells(t) == [stream[0:4], stream[4:8], stream[8:12]]
    assert [ln.text for ln in doc.lines()] == ["评分情况如下。", "以上合计19.5分。"]


def test_columns_aligned_by_spaces_as_pdftotext_layout_gives_them() -> None:
    text = (
        "    三、评分结果\n"
        "  指标             分值      得分     扣分原因\n"
        "  预算执行率         10       8.6     执行率86%\n"
        "  政府采购           5        5\n"
        "各项工作均按计划推进。根据《办法》  有关规定自评。\n"
    )
    doc = read_text(text)
    (t,) = tables(doc)
    assert t.form == "spaces"
    assert cells(t) == [["指标", "分值", "得分", "扣分原因"], ["预算执行率", "10", "8.6", "执行率86%"], ["政府采购", "5", "5"]]
    assert [ln.text.strip() for ln in doc.lines()] == ["三、评分结果", "各项工作均按计划推进。根据《办法》  有关规定自评。"]


def test_cells_run_together_are_kept_as_a_marked_line() -> None:
    run = "指标名称计量单位指标性质年度指标值全年完成值指标权重(分)指标得分(分)办件数量件定量≥500件612件55窗口满意度%定量≥90%95%55"
    doc = read_text("自评表\n" + run + "\n")
    lines = list(doc.lines())
    assert [ln.run_together for ln in lines] == [False, True]
    assert lines[1].text == run
    assert doc.notes == ["第2行像是没有分隔符的表格单元格（连在一起），按一行文字保留"]


def test_web_page_chrome_stays_prose() -> None:
    text = "您现在的位置：首页 > 信息公开\n【字体：大 中 小】 【打印本页】 【关闭】\n发布时间：2025-03-01 09:30 来源：本局\n"
    doc = read_text(text)
    assert not tables(doc)
    assert all(isinstance(b, Line) for b in doc.blocks) and len(doc.blocks) == 3


def test_space_aligned_row_with_an_empty_middle_cell_keeps_its_columns() -> None:
    text = (
        "序号  项目名称        预算数    支出数    执行率\n"
        "1     会议费          20.00     18.00     90.00%\n"
        "2     培训费                    12.00\n"
        "3     印刷费          8.00      8.00      100.00%\n"
    )
    (t,) = list(read_text(text).tables())
    assert cells(t) == [
        ["序号", "项目名称", "预算数", "支出数", "执行率"],
        ["1", "会议费", "20.00", "18.00", "90.00%"],
        ["2", "培训费", "", "12.00"],
        ["3", "印刷费", "8.00", "8.00", "100.00%"],
    ]
