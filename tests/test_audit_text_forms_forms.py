"""Whole 自评表 forms copied out of web pages in the shapes real ones take (own wording and figures):
one cell per line between "|" lines with numbered names ("指标1：…"), time targets written "9月前", and a
tab-separated copy whose budget header's first cell stood on a line of its own."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.audit import Severity, audit_file

_ROWS = [
    ["部门整体支出绩效自评表"], ["(2024年度)"], ["部门", "东河县水务局"],
    ["预算资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "500.00", "520.00", "494.00", "10", "95.00%", "9.5"],
    ["年度总体目标", "预期目标", "实际完成情况"],
    ["1.完成河道清淤;2.建成巡查平台。", "1.清淤河道12公里;2.平台上线运行。"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "指标1:清淤河道长度", "≥12公里", "12.5公里", "20", "20", ""],
    ["", "", "指标2:新建巡查站点数量", "≥6个", "6个", "20", "20", ""],
    ["", "质量指标", "指标1:清淤验收合格率", "≥95%", "98%", "20", "20", ""],
    ["", "时效指标", "指标1:完成清淤时间", "9月前", "{month}", "20", "20", ""],
    ["效益指标", "满意度指标", "指标1:沿河群众满意度", "≥90%", "93%", "10", "10", ""],
]


def _bars(month: str) -> str:
    cells = [c.replace("{month}", month) for row in _ROWS for c in row]
    return "\n|\n".join(cells) + "\n"


def _audit(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return audit_file(path)


def test_a_whole_form_one_cell_per_line_is_read_part_by_part(tmp_path: Path) -> None:
    report = _audit(tmp_path, "bars.txt", _bars("8月"))
    rows = {(r.name, r.max, r.score) for r in report.score_rows if r.leaf}
    for name, mx, sc in (("清淤河道长度", "20", "20"), ("新建巡查站点数量", "20", "20"), ("清淤验收合格率", "20", "20"),
                         ("完成清淤时间", "20", "20"), ("沿河群众满意度", "10", "10")):
        assert any(n.endswith(name) and m == Decimal(mx) and s == Decimal(sc) for n, m, s in rows), (name, rows)
    assert (report.department, report.year) == ("东河县水务局", 2024)
    assert not [f for f in report.findings if f.severity is not Severity.INFO], [f.message for f in report.findings]


def test_a_time_target_written_before_a_month_is_one_to_stay_under(tmp_path: Path) -> None:
    late = _audit(tmp_path, "late.txt", _bars("10月"))
    found = [f for f in late.findings if f.severity is not Severity.INFO]
    assert [f.code for f in found] == ["target_score_mismatch"], [f.message for f in found]
    assert "完成清淤时间" in found[0].message


def test_a_tab_copy_whose_budget_header_lost_its_first_cell(tmp_path: Path) -> None:
    text = ("部门整体支出绩效自评表\n部门\t东河县水务局\n预算资金（万元）\n"
            "年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
            "年度资金总额\t500.00\t520.00\t494.00\t10\t95.00%\t9.5\n")
    report = _audit(tmp_path, "tabs.txt", text)
    assert not [f for f in report.findings if f.severity is not Severity.INFO], [f.message for f in report.findings]
    rows = [(r.max, r.score) for r in report.score_rows if r.leaf]
    assert rows == [(Decimal("10"), Decimal("9.5"))]
    wrong = _audit(tmp_path, "tabs_wrong.txt", text.replace("\t9.5\n", "\t10\n"))
    assert [f.code for f in wrong.findings if f.severity is not Severity.INFO] == ["execution_score_mismatch"]


_TIMELY = ("一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分\n"
           "产出指标 | 时效指标 | 整改反馈及时率 | 95% | {rate} | 10 | 10\n"
           " | | 平均办结时长 | 10天 | {days} | 10 | 10\n"
           " | 质量指标 | 事故发生率 | 2% | {accidents} | 10 | 10\n")


@pytest.mark.parametrize(("rate", "days", "accidents", "alarms"), [
    ("98%", "8天", "1%", []),  # a rate under 时效 is to reach; a time under it to stay under; a 发生率 too
    ("93%", "8天", "1%", ["整改反馈及时率"]),
    ("98%", "12天", "1%", ["平均办结时长"]),
    ("98%", "8天", "3%", ["事故发生率"]),
])
def test_directions_of_targets_written_without_one(tmp_path: Path, rate: str, days: str, accidents: str, alarms: list[str]) -> None:
    report = _audit(tmp_path, "timely.txt", _TIMELY.format(rate=rate, days=days, accidents=accidents))
    found = [f for f in report.findings if f.severity is not Severity.INFO]
    assert [next(n for n in ("整改反馈及时率", "平均办结时长", "事故发生率") if n in f.message) for f in found] == alarms, [f.message for f in found]
