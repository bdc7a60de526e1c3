"""Frameworks in Excel: exact round trip of every shipped framework; a framework written in the
template by hand (openpyxl, as a bureau would fill it) scores a department-year; every problem
of a bad workbook at once with sheet and cell; diff and rescore."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.cli.main import main
from jixiao.core.engine import score
from jixiao.core.framework_diff import diff_frameworks
from jixiao.core.inputs import DepartmentYear
from jixiao.frameworks import FrameworkError, available, load_framework
from jixiao.frameworks.loader import load_framework_file
from jixiao.frameworks.raw import framework_raw
from jixiao.io.framework_excel import read_framework_xlsx, write_framework_xlsx
from jixiao.io.inputs import load_input
from jixiao.rescore import rescore

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("ident", available())
def test_every_shipped_framework_round_trips_exactly(ident, tmp_path):
    fw = load_framework(ident)
    out = write_framework_xlsx(fw, tmp_path / f"{ident}.xlsx")
    back = read_framework_xlsx(out)
    assert back == fw
    assert framework_raw(back) == framework_raw(fw)


def test_export_shape_and_dropdown(tmp_path):
    assert main(["framework", "export", "hunan-style-dept", "-o", str(tmp_path / "h.xlsx")]) == 0
    wb = load_workbook(tmp_path / "h.xlsx")
    ws = wb["指标"]
    assert [c.value for c in ws[1]][:7] == ["一级指标", "二级指标", "三级指标", "评分细项", "编号", "分值", "计分方法"]
    rows = {r[3].value: r for r in ws.iter_rows(min_row=2) if r[3].value}  # 评分细项 rows (the indicator has its own 来源)
    change = rows["“三公经费”变动率"]
    assert change[6].value == "变动率（change_rate）" and change[9].value == "three_public.actual"
    assert change[10].value == "prior.three_public.actual" and str(change[12].value) == "0.3"
    assert "每超过一个百分点扣0.3分" in change[14].value
    dv = ws.data_validations.dataValidation[0]
    assert dv.formula1 == "=计分方法!$A$2:$A$13" and "G2" in str(dv.sqref)
    kinds = [r[0].value for r in wb["计分方法"].iter_rows(min_row=2)]
    assert "得分系数分档（coefficient_bands）" in kinds and len(kinds) == 12


def fill_by_hand(path: Path) -> None:
    """What a bureau does: open the blank template, replace the example with its own indicators."""
    wb = load_workbook(path)
    info = wb["基本信息"]
    info["B2"] = "river-county-2025"
    info["B3"] = "河湾县部门整体支出绩效评价指标体系（2025）"
    ws = wb["指标"]
    ws.delete_rows(2, ws.max_row)
    rows = [
        ["预算管理", None, None, None, None, 40],
        [None, "预算执行率", None, None, None, 25, "比率计分（ratio）", None, "预算执行率", "budget.executed", "budget.adjusted", None, None, "{over: cap}"],
        [None, "“三公”经费变动率", None, None, None, 15, "变动率（change_rate）", None, "“三公”经费变动率", "three_public.actual", "prior.three_public.actual", 0, 1.5],
        ["履职效果", None, None, None, None, 60],
        [None, "满意度", None, None, None, 20, "得分系数分档（coefficient_bands）", None, "满意度", "satisfaction", None, None, None,
         "{bands: [{min: 90, coefficient_pct: 100}, {min: 80, max: 90, coefficient_pct: 80}, {max: 80, coefficient_pct: 0}]}"],
        [None, "重点工作", None, None, None, 40, "评判（judgement）", "年度重点工作是否按期完成"],
    ]
    for r in rows:
        ws.append(r)
    wb.save(path)


def test_a_framework_written_in_excel_scores_a_department_year(tmp_path):
    path = tmp_path / "t.xlsx"
    assert main(["framework", "template", "-o", str(path)]) == 0
    fill_by_hand(path)
    yaml_out = tmp_path / "river.yaml"
    assert main(["framework", "import", str(path), "-o", str(yaml_out)]) == 0
    fw = load_framework_file(yaml_out)  # the YAML it wrote loads strictly
    assert fw.id == "river-county-2025" and [i.weight for i in fw.indicators] == [40, 60]
    data = DepartmentYear.model_validate({
        "department": "河湾县水利局", "year": 2025,
        "budget": {"adjusted": "500", "executed": "480"},
        "three_public": {"actual": "10.2"}, "prior_year": {"three_public": {"actual": "10"}},
        "satisfaction_pct": "86",
        "judgements": {"i6": {"main": {"score": "36", "reason": "一项重点工作延期"}}},
    })
    card = score(fw, data)
    # 480/500 = 96% × 25 = 24; 变动率 2% → 15 − 2 × 1.5 = 12; 满意度 86% → 系数 80% × 20 = 16; 评判 36
    assert [leaf.score for leaf in card.leaves()] == [Decimal("24"), Decimal("12"), Decimal("16"), Decimal("36")]
    assert card.total == Decimal("88") and card.grade == "良"


def test_a_bad_workbook_lists_every_problem_with_sheet_and_cell(tmp_path):
    path = write_framework_xlsx(None, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    ws = wb["指标"]
    ws["F3"] = "abc"  # 分值 not a number
    ws["G6"] = "随便打分"  # not a rule kind
    ws["L5"] = 90  # 阈值 column, not used by coefficient_bands
    ws.append(["第三个一级", "又填了二级", None, None, None, 5])
    wb["基本信息"]["A9"] = "负责人"
    wb.save(path)
    with pytest.raises(FrameworkError) as exc:
        read_framework_xlsx(path)
    text = "\n".join(map(str, exc.value.problems))
    assert all(p.where.file == "t.xlsx" for p in exc.value.problems)
    assert "指标!F3：应为数字" in text
    assert "指标!G6：计分方法“随便打分”不在下拉列表中" in text
    assert "指标!L5：计分方法“得分系数分档”不用“阈值（%）”一列" in text
    assert "指标!A7：每行只在一级、二级、三级指标或评分细项中的一列填写名称" in text
    assert "基本信息!A9：未知项目“负责人”" in text
    assert len(exc.value.problems) == 5


def test_weights_that_do_not_add_up_name_the_row(tmp_path):
    path = write_framework_xlsx(None, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb["指标"]["F6"] = 30  # 重点工作完成情况 40 → 30: 履职效果 60 ≠ 20 + 30
    wb.save(path)
    with pytest.raises(FrameworkError) as exc:
        read_framework_xlsx(path)
    assert any("指标!A4：下级指标分值合计 50" in str(p) for p in exc.value.problems), exc.value.problems


def test_unknown_fact_names_the_row(tmp_path):
    path = write_framework_xlsx(None, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb["指标"]["J3"] = "budget.spent"
    wb.save(path)
    with pytest.raises(FrameworkError) as exc:
        read_framework_xlsx(path)
    assert any("指标!A3：未知数据项 'budget.spent'" in str(p) for p in exc.value.problems), exc.value.problems


def test_formula_text_stays_text(tmp_path):
    path = write_framework_xlsx(None, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb["指标"]["H6"] = "=1+1"
    wb["指标"]["H6"].data_type = "s"  # typed as text (as after a leading apostrophe in Excel)
    wb.save(path)
    out = write_framework_xlsx(read_framework_xlsx(path), tmp_path / "again.xlsx")
    cell = next(r[7] for r in load_workbook(out)["指标"].iter_rows(min_row=2) if r[1].value == "重点工作完成情况")
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_diff_lists_weights_thresholds_kinds_and_wording():
    changes = diff_frameworks(load_framework("mof-2013-dept"), load_framework("hunan-style-dept"))
    what = {(c.ident, c.what) for c in changes}
    assert ("staff_control·main", "计分方法") in what  # judgement → excess_deduction
    assert ("key_spending_share·main", "计分方法") in what
    assert len(changes) == 5
    changes = diff_frameworks(load_framework("shenzhen-municipal"), load_framework("shenzhen-yantian-2023"))
    assert [(c.ident, c.what, c.before, c.after) for c in changes] == [("key_tasks·unfinished", "参数 per_item", "4", "1")]


def test_diff_cli(capsys):
    assert main(["framework", "diff", "national-self-eval", "project-self-eval"]) == 0
    out = capsys.readouterr().out
    assert "新增指标" in out and "删除指标" in out


def test_rescore_moves_and_xlsx(tmp_path, capsys):
    seed1 = load_input(ROOT / "cases" / "seed-001" / "input.yaml").data
    raw = seed1.model_dump(mode="json", exclude_none=True)
    raw["key_tasks"] = [{"name": "甲", "completed": False}, {"name": "乙", "completed": True}]
    data = DepartmentYear.model_validate(raw)
    result = rescore([data], load_framework("shenzhen-yantian-2023"))
    row = result.rows[0]
    # 龙岗/市级口径每项未完成扣 4 分，盐田口径扣 1 分：重点工作 8 → 4 变为 7
    assert [(m.ident, m.old, m.new) for m in row.moved] == [("key_tasks", Decimal("4"), Decimal("7"))]
    assert row.change == Decimal("3")
    out = tmp_path / "in.yaml"
    from jixiao.io.excel_template import dump_input_yaml

    out.write_text(dump_input_yaml(data), encoding="utf-8")
    assert main(["rescore", "--framework", "shenzhen-yantian-2023", str(out), "-o", str(tmp_path / "r.xlsx")]) == 0
    assert "重点工作完成情况：4 → 7" in capsys.readouterr().out
    wb = load_workbook(tmp_path / "r.xlsx")
    first = [c.value for c in wb["总分对比"][2]]
    assert first[0] == data.department and first[7] == 3
    assert wb["总分对比"]["A2"].data_type == "s"
    assert [c.value for c in wb["变动指标"][2]][2:6] == ["重点工作完成情况", "key_tasks", 4, 7]


def test_rescore_drops_judgements_the_new_framework_lacks():
    data = load_input(ROOT / "cases" / "hunan-demo" / "input.yaml").data
    result = rescore([data], load_framework("mof-2013-dept"))
    row = result.rows[0]
    assert row.old_total == Decimal("88.95") and row.problems == []
    # the base framework judges the five formula indicators: without answers they are missing
    assert row.new_complete is False and row.new_grade is None
    assert {m.ident for m in row.moved} == {"staff_control", "three_public_change", "key_spending_share", "budget_completion", "budget_adjustment"}


def test_rescore_gives_no_change_between_partial_totals():
    data = load_input(ROOT / "cases" / "chongqing-demo" / "input.yaml").data
    row = rescore([data], load_framework("hunan-style-dept")).rows[0]
    assert row.old_complete and row.old_total == Decimal("96.14")
    assert not row.new_complete and row.new_grade is None and row.change is None


def test_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(FrameworkError) as exc:
        read_framework_xlsx(path)
    assert [str(p) for p in exc.value.problems] == ["x.xlsx：不是有效的 .xlsx 文件"]
