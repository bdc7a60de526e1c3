"""Department and year read from the cover of a report copied out of a web page (own wording)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.audit import audit_file


def _audit(tmp_path: Path, text: str):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return audit_file(path)


def test_department_on_the_line_under_the_title(tmp_path: Path) -> None:
    report = _audit(tmp_path, "2024年部门整体支出绩效评价报告\n\n青川县水利局\n\n一、部门基本情况\n\n本局内设股室5个。\n")
    assert (report.department, report.year) == ("青川县水利局", 2024)


def test_department_run_on_after_the_title_before_the_page_labels(tmp_path: Path) -> None:
    text = ("2023年部门整体支出绩效评价报告临江市生态环境局信息来源:本局 发布时间:2024-05-06\n"
            "根据有关文件精神，现将2023年度整体支出绩效自评情况报告如下。\n")
    report = _audit(tmp_path, text)
    assert (report.department, report.year) == ("临江市生态环境局", 2023)


@pytest.mark.parametrize("second", ["一、部门基本情况", "（一）部门职能", "根据绩效管理办法开展自评。"])
def test_no_department_from_a_heading_or_a_sentence(tmp_path: Path, second: str) -> None:
    report = _audit(tmp_path, f"2023年部门整体支出绩效评价报告\n\n{second}\n\n正文。\n")
    assert report.department is None


def test_year_from_a_bracketed_line_under_a_table_title(tmp_path: Path) -> None:
    text = ("部门整体支出绩效自评表 | | | |\n（2022年度） | | | |\n部门 | 松岭镇农业服务中心 | | |\n"
            "指标名称 | 分值 | 得分 | 说明 |\n预算执行率 | 10 | 9 | 执行率90% |\n")
    report = _audit(tmp_path, text)
    assert (report.department, report.year) == ("松岭镇农业服务中心", 2022)


@pytest.mark.parametrize(("text", "total", "grade"), [
    ("经综合评定，自评结论：优（95分）。", "95", "优"),
    ("部门整体支出绩效评价结果为“良”（86.5分）。", "86.5", "良"),
])
def test_total_and_grade_from_a_conclusion(tmp_path: Path, text: str, total: str, grade: str) -> None:
    from decimal import Decimal

    report = _audit(tmp_path, text + "\n")
    assert (report.claimed_total, report.claimed_grade) == (Decimal(total), grade)
