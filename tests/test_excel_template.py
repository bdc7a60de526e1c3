"""The Excel input template: layout, dropdowns, exact round trip, and errors named by cell."""

from __future__ import annotations

import typing
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pydantic import BaseModel

from jixiao.core.engine import score
from jixiao.core.inputs import DepartmentYear
from jixiao.frameworks import load_framework
from jixiao.io import excel_layout as L
from jixiao.io.excel_cells import CellError, read_bool, read_decimal, read_int
from jixiao.io.excel_template import (
    TemplateError,
    dump_input_yaml,
    import_workbook,
    read_framework_id,
    write_template,
)
from jixiao.io.inputs import InputError, load_input, load_input_data
from jixiao.io.yamlio import parse_yaml
from jixiao.writers.jsonout import render_json

CASES = Path(__file__).resolve().parents[1] / "cases"
FW = load_framework("shenzhen-common")


def seed(name: str = "seed-000") -> DepartmentYear:
    return load_input(CASES / name / "input.yaml").data


def key_row(ws, key: str, col: int = 5) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, col).value == key:
            return row
    raise KeyError(key)


def judgement_row(ws, indicator: str, part: str, item: str | None = None) -> int:
    for row in range(2, ws.max_row + 1):
        if (ws.cell(row, 1).value, ws.cell(row, 2).value, ws.cell(row, 3).value) == (indicator, part, item):
            return row
    raise KeyError((indicator, part, item))


def validations(ws) -> list[tuple[str, set[str]]]:
    """(formula1, cells) of every data validation on a sheet."""
    out = []
    for dv in ws.data_validations.dataValidation:
        cells = set()
        for rng in dv.sqref.ranges:
            cells |= {f"{openpyxl.utils.get_column_letter(c)}{r}" for r, c in rng.cells}
        out.append((dv.formula1, cells))
    return out


def dropdown_for(ws, coord: str) -> str | None:
    return next((f for f, cells in validations(ws) if coord in cells), None)


# ---------------------------------------------------------------- layout


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "blank.xlsx"
    write_template(FW, path)
    return path


def test_sheets_headers_and_labels(blank):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["说明", "基本数据", "季度进度", "项目", "重点工作", "绩效指标", "项目绩效指标", "评判", "报告文字", "选项"]
    assert wb["选项"].sheet_state == "hidden"
    assert "A1:B1" in {str(r) for r in wb["说明"].merged_cells.ranges}

    ws = wb["基本数据"]
    assert [c.value for c in ws[1]] == ["项目", "数值", "单位", "说明", "字段"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["E"].hidden
    assert ws["A2"].value == "一、基本信息" and ws["A2"].font.bold
    assert "A2:D2" in {str(r) for r in ws.merged_cells.ranges}
    row = key_row(ws, "budget.initial")
    assert ws.cell(row, 1).value == "年初预算数"
    assert ws.cell(row, 2).number_format == "#,##0.00"
    unit_row = key_row(ws, "unit")
    assert ws.cell(row, 3).value == f"=$B${unit_row}"  # the unit follows the 金额单位 dropdown
    assert ws.cell(unit_row, 2).value == "万元"
    assert dropdown_for(ws, f"B{unit_row}") == '"万元,元"'
    assert ws.cell(key_row(ws, "framework"), 2).value == "shenzhen-common"
    sat = key_row(ws, "satisfaction_pct")
    assert ws.cell(sat, 1).value == "公众或服务对象满意度" and ws.cell(sat, 3).value == "%"
    assert ws.cell(key_row(ws, "staffing.contract"), 3).value == "人"
    assert ws.cell(1, 2).border.left.style == "thin"

    ws = wb["季度进度"]
    assert [ws.cell(r, 1).value for r in range(2, 6)] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert ws["B1"].value == "累计支出进度（%）"

    ws = wb["项目"]
    assert [c.value for c in ws[1]][:5] == ["项目名称", "预算（调整后）", "支出", "是否计划本年完成", "是否按时完成"]
    assert dropdown_for(ws, "D2") == '"是,否"' and dropdown_for(ws, "E40") == '"是,否"'
    assert ws["B2"].number_format == "#,##0.00"

    ws = wb["重点工作"]
    assert [c.value for c in ws[1]] == ["重点工作名称", "是否完成", "备注"]
    assert dropdown_for(ws, "B2") == '"是,否"'

    ws = wb["绩效指标"]
    assert [c.value for c in ws[1]][:11] == ["指标名称", "类别", "权重（分值）", "类型", "方向", "目标值", "实际值", "单位",
                                             "档次", "得分", "理由"]
    assert dropdown_for(ws, "D2") == '"定量,定性"'
    assert dropdown_for(ws, "E2") == '"≥,≤,="'
    level_list = dropdown_for(ws, "I2")
    assert level_list and level_list.startswith("'选项'!")
    options = wb["选项"]
    col = level_list.split("!$")[1].split("$")[0]
    assert [options[f"{col}{r}"].value for r in (1, 2, 3)] == ["达成", "部分达成", "未达成"]


def test_judgement_sheet_rows_and_dropdowns(blank):
    wb = openpyxl.load_workbook(blank)
    ws = wb["评判"]
    assert [c.value for c in ws[1]] == list(L.J_HEADERS)
    assert all(ws.column_dimensions[c].hidden for c in "ABC")
    assert ws.freeze_panes == "A2"

    # one row per part of every leaf, one per checklist item, one per veto
    expected = 0
    for _, ind in FW.leaves():
        for part in ind.parts or ():
            expected += 1 + len(getattr(part.rule, "items", []) or [])
        expected += 1 if ind.veto else 0
    assert ws.max_row - 1 == expected == len(L.judgement_rows(FW))

    row = judgement_row(ws, "disclosure", "budget")
    assert ws.cell(row, L.J_PART_LABEL).value == "部门预算公开（1.5分）"
    formula = dropdown_for(ws, f"H{row}")
    assert formula and formula.startswith("'选项'!$")
    col = formula.split("!$")[1].split("$")[0]
    assert [wb["选项"][f"{col}{r}"].value for r in range(1, 5)] == [
        "按规定内容、时限、范围公开（1.5分）", "涉密，按规定不需公开（1.5分）",
        "已公开但时限、内容或范围不符合要求（1分）", "未公开（0分）"]

    checks = judgement_row(ws, "asset_safety", "checks")
    item = judgement_row(ws, "asset_safety", "checks", "custody")
    assert ws.cell(checks, L.J_CONTENT).font.bold
    assert ws.cell(item, L.J_CONTENT).value == "资产配置合理、保管完整、账实相符（1分）"
    assert dropdown_for(ws, f"H{item}") == '"是,否"'
    assert dropdown_for(ws, f"H{judgement_row(ws, 'financial_compliance', 'veto')}") == '"是,否"'
    # the indicator name is one merged cell over its rows
    assert f"D{checks}:D{item + 1}" in {str(r) for r in ws.merged_cells.ranges}
    count = judgement_row(ws, "budget_compliance", "findings")
    assert "数量" in ws.cell(count, L.J_CONTENT).value
    scored = judgement_row(ws, "procurement", "policy")
    dv = next(d for d in ws.data_validations.dataValidation if f"I{scored}" in str(d.sqref))
    assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "1")
    override = judgement_row(ws, "fixed_asset_utilization", "rate")
    assert "按数据自动计算" in ws.cell(override, L.J_CONTENT).value


def test_every_input_field_has_a_cell():
    """When the input model grows a field, the template must grow with it."""
    placed = {f.key for s in L.BASIC_SECTIONS for f in s.fields} | {f.key for f in L.TEXT_FIELDS}
    placed |= {("quarterly",) + f.key for f in L.QUARTER_FIELDS} | {("quarterly", "quarter")}
    for name, fields in (("projects", L.PROJECT_FIELDS), ("key_tasks", L.TASK_FIELDS), ("targets", L.TARGET_FIELDS)):
        placed |= {(name,) + f.key[:1] for f in fields}
    placed |= {("projects", "targets") + f.key[:1] for f in L.PROJECT_TARGET_FIELDS[1:]}
    placed |= {("judgements",), ("schema_version",)}

    def leaves(model: type[BaseModel], prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        out = []
        for name, info in model.model_fields.items():
            args = [a for a in typing.get_args(info.annotation) if a is not type(None)] or [info.annotation]
            inner = args[0]
            if typing.get_origin(inner) is list:
                inner = typing.get_args(inner)[0]
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                out += leaves(inner, prefix + (name,))
            else:
                out.append(prefix + (name,))
        return out

    missing = [".".join(p) for p in leaves(DepartmentYear, ()) if p not in placed]
    assert missing == []


# ---------------------------------------------------------------- round trip


def _cases() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "input.yaml").exists())


def test_every_golden_case_is_round_tripped():
    assert {"seed-000", "seed-004"} <= set(_cases())


@pytest.mark.parametrize("case", _cases())
def test_round_trip_is_exact(case, tmp_path):
    data = load_input(CASES / case / "input.yaml").data
    fw = load_framework(data.framework or "shenzhen-common")
    card = render_json(score(fw, data))
    out = tmp_path / f"{case}.xlsx"
    write_template(fw, out, data=data)
    back = import_workbook(out, fw)
    assert back.model_dump() == data.model_dump()
    assert back.model_dump(mode="json") == data.model_dump(mode="json")  # same decimals, trailing zeros too
    assert render_json(score(fw, back)) == card
    assert read_framework_id(out) == fw.id


def test_round_trip_of_every_kind_of_field(tmp_path):
    """Fields the seeds do not use: 元, long decimals, 15 significant digits, '=' text, lists, prior year."""
    from tests.conftest import complete_input

    raw = complete_input()
    raw.update({
        "unit": "元",
        "district": "=示例区",
        "budget": {"initial": "1234567890123.45", "adjusted": "8586.086783", "executed": "0.10",
                   "adjustment": "0"},
        "quarterly": [{"quarter": 1, "cumulative_spent": "250.5", "base": "1000.00"},
                      {"quarter": 3, "progress_pct": "75.125"}],
        "projects": [{"name": "2024", "budget": "1.5", "spent": "1.50", "planned_completion": False,
                      "completed_on_time": False, "quarterly_spent": ["0.5", "1", "1.50"]}],
        "project_completion": {"planned": 3, "completed_on_time": 2},
        "key_tasks": [{"name": "任务一", "completed": False, "note": "第一行\n第二行"}],
        "targets": [
            {"name": "下降幅度", "category": "社会效益", "weight": "12.5", "direction": "<=", "target": "-5",
             "actual": "-6.25", "unit": "%", "last_year_actual": "-4"},
            {"name": "可持续影响", "weight": "12.5", "kind": "qualitative", "target_text": "持续", "actual_text": "100%",
             "level": "部分达成", "score": "10", "reason": "两项措施未落地"},
        ],
        "narrative": {"functions": "职能\n第二段", "measures": "措施"},
        "prior_year": {"budget": {"initial": "900.00"}, "three_public": {"rate_pct": "88.8"},
                       "staffing": {"authorized": 50, "on_payroll": 49, "contract": 0}},
    })
    data = load_input_data(raw)
    out = tmp_path / "all.xlsx"
    write_template(FW, out, data=data)
    back = import_workbook(out, FW)
    assert back.model_dump(mode="json") == data.model_dump(mode="json")
    assert render_json(score(FW, back)) == render_json(score(FW, data))
    ws = openpyxl.load_workbook(out)["基本数据"]
    cell = ws.cell(key_row(ws, "budget.initial"), 2).value
    assert isinstance(cell, float) and format(cell, ".15g") == "1234567890123.45"  # 15 digits: still a number


def test_prefilled_cells_show_the_figures(tmp_path):
    data = seed()
    out = tmp_path / "seed.xlsx"
    write_template(FW, out, data=data)
    wb = openpyxl.load_workbook(out)
    ws = wb["基本数据"]
    row = key_row(ws, "budget.basic_budget")
    assert ws.cell(row, 2).value == pytest.approx(3796.6)
    assert ws.cell(row, 2).number_format.startswith("#,##0.00")  # shows 3,796.60
    assert ws.cell(key_row(ws, "staffing.contract"), 2).value == 35
    assert ws.cell(key_row(ws, "department"), 2).value == "中共深圳市龙岗区委政法委员会"
    assert wb["季度进度"]["B4"].value == pytest.approx(80.9)
    assert wb["重点工作"]["A2"].value == "完善“四项机制”，守牢政治安全" and wb["重点工作"]["B2"].value == "是"
    ws = wb["评判"]
    row = judgement_row(ws, "disclosure", "budget")
    assert ws.cell(row, L.J_ANSWER).value == "按规定内容、时限、范围公开（1.5分）"
    assert ws.cell(row, L.J_REASON).value == "2023 年部门预算于 2023 年 2 月 3 日在区政务网站公开"
    assert ws.cell(judgement_row(ws, "financial_compliance", "veto"), L.J_ANSWER).value == "否"
    assert ws.cell(judgement_row(ws, "budget_compliance", "findings"), L.J_VALUE).value == 0


def test_dump_yaml_is_exact():
    data = seed()
    text = dump_input_yaml(data)
    assert "basic_budget: 3796.60" in text
    assert "progress_pct: 80.90" in text
    assert "department: 中共深圳市龙岗区委政法委员会" in text
    again = load_input_data(parse_yaml(text, "dump.yaml").data)
    assert again.model_dump(mode="json") == data.model_dump(mode="json")


def test_unplaceable_answer_is_refused(tmp_path):
    raw = {"department": "某局", "year": 2024,
           "judgements": {"no_such_indicator": {"x": {"score": 1, "reason": "r"}},
                          "disclosure": {"budget": {"level": "compliant", "score": 1, "reason": "r"}}}}
    with pytest.raises(TemplateError) as info:
        write_template(FW, tmp_path / "x.xlsx", data=load_input_data(raw))
    assert len(info.value.problems) == 2
    assert not (tmp_path / "x.xlsx").exists()


# ---------------------------------------------------------------- reading cells


def test_reading_numbers():
    assert read_decimal(5481.65, "General", what="金额", allow_percent=False, negative=False) == Decimal("5481.65")
    got = read_decimal(3796.6, "#,##0.00", what="金额", allow_percent=False, negative=False)
    assert str(got) == "3796.60"
    got = read_decimal(0.1 + 0.2, "General", what="数字", allow_percent=True, negative=True)
    assert str(got) == "0.3"
    assert str(read_decimal("5,481.65", "General", what="金额", allow_percent=False, negative=False)) == "5481.65"
    assert str(read_decimal("98.5%", "General", what="百分数", allow_percent=True, negative=False)) == "98.5"
    assert str(read_decimal(0.985, "0.0%", what="百分数", allow_percent=True, negative=False)) == "98.5"
    assert read_decimal(None, "General", what="金额", allow_percent=False, negative=False) is None
    assert read_decimal("  ", "General", what="金额", allow_percent=False, negative=False) is None
    for bad in ("约3000", "3000万", "98.5%", True):
        with pytest.raises(CellError):
            read_decimal(bad, "General", what="金额", allow_percent=False, negative=False)
    with pytest.raises(CellError, match="不能为负数"):
        read_decimal(-1, "General", what="金额", allow_percent=False, negative=False)
    assert read_int(12.0, what="整数") == 12
    with pytest.raises(CellError):
        read_int(12.5, what="整数")
    with pytest.raises(CellError, match="非负"):
        read_int(-3, what="整数")
    assert read_bool("是") is True and read_bool("否") is False and read_bool("TRUE") is True and read_bool(False) is False
    assert read_bool("") is None
    with pytest.raises(CellError, match="可能"):
        read_bool("可能")


def _fill(path: Path, edits) -> None:
    wb = openpyxl.load_workbook(path)
    edits(wb)
    wb.save(path)


def test_text_numbers_percent_cells_and_blanks(tmp_path):
    out = tmp_path / "t.xlsx"
    write_template(FW, out)

    def edits(wb):
        ws = wb["基本数据"]
        ws.cell(key_row(ws, "department"), 2).value = "示例区某局"
        ws.cell(key_row(ws, "year"), 2).value = 2024
        ws.cell(key_row(ws, "budget.initial"), 2).value = "5,481.65"
        ws.cell(key_row(ws, "budget.executed"), 2).value = 5000  # shown as 5,000.00
        ws.cell(key_row(ws, "satisfaction_pct"), 2).value = "96.5%"
        cell = ws.cell(key_row(ws, "procurement.rate_pct"), 2)
        cell.value, cell.number_format = 0.985, "0.0%"  # Excel's reading of a typed "98.5%"
        ws.cell(key_row(ws, "staffing.authorized"), 2).value = 52.0
        wb["季度进度"]["B2"].value = 27.25
        wb["项目"]["A2"].value = "项目甲"
        wb["项目"]["B2"].value = 100

    _fill(out, edits)
    data = import_workbook(out, FW)
    assert data.budget.initial == Decimal("5481.65")
    assert str(data.budget.executed) == "5000.00"
    assert data.budget.adjusted is None  # blank is absent, never 0
    assert data.satisfaction_pct == Decimal("96.5")
    assert data.procurement.rate_pct == Decimal("98.5") and data.procurement.plan is None
    assert data.staffing.authorized == 52 and data.staffing.on_payroll is None
    assert data.quarterly[0].quarter == 1 and len(data.quarterly) == 1
    assert data.projects[0].planned_completion is True and data.projects[0].completed_on_time is None
    assert data.judgements == {} and data.framework == "shenzhen-common" and data.unit == "万元"
    card = score(FW, data)
    assert not card.complete and card.grade is None


# ---------------------------------------------------------------- errors, all at once, by cell


def test_planted_errors_are_all_reported_with_their_cells(tmp_path):
    out = tmp_path / "bad.xlsx"
    write_template(FW, out, data=seed())
    where: dict[str, str] = {}

    def edits(wb):
        ws = wb["基本数据"]
        r = key_row(ws, "budget.initial")
        ws.cell(r, 2).value = "约3000"
        where["money"] = f"基本数据!B{r}"
        r = key_row(ws, "staffing.contract")
        ws.cell(r, 2).value = -3
        where["count"] = f"基本数据!B{r}"
        first = key_row(ws, "petitions.received")
        ws.cell(first, 2).value, ws.cell(first + 1, 2).value = 10, 12  # replied > received: the model's check
        where["petitions"] = f"基本数据!B{first + 1}"  # the rule names the field that cannot be so large
        wb["重点工作"]["B3"].value = "可能"
        ws = wb["评判"]
        r = judgement_row(ws, "disclosure", "budget")
        ws.cell(r, L.J_ANSWER).value = "基本公开"
        where["level"] = f"评判!H{r}"
        r = judgement_row(ws, "asset_safety", "checks")
        ws.cell(r, L.J_REASON).value = None
        where["reason"] = f"评判!J{r}"
        r = judgement_row(ws, "project_supervision", "checks", "inspection")
        ws.cell(r, L.J_ANSWER).value = None
        where["item"] = f"评判!H{r}"
        r = judgement_row(ws, "procurement", "policy")
        ws.cell(r, L.J_VALUE).value = 3  # above the part's 1 point: found by check_input
        where["score"] = f"评判!I{r}"
        ws = wb["绩效指标"]  # a target while the whole part is also judged, with a level that does not exist
        for col, value in zip("ABCDIK", ("可持续影响", "", 5, "定性", "优秀", "持续推进")):
            ws[f"{col}2"].value = value or None
        r = judgement_row(wb["评判"], "outcomes", "targets")
        where["outcomes"] = f"评判!I{r}"

    _fill(out, edits)
    with pytest.raises(InputError) as info:
        import_workbook(out, FW)
    got = {(p.where.place, p.field): p.message for p in info.value.problems}
    expected = {
        (where["money"], "budget.initial"): "约3000",
        (where["count"], "staffing.contract"): "非负整数",
        (where["petitions"], "petitions.replied"): "大于受理件数",
        ("重点工作!B3", "key_tasks[1].completed"): "可能",
        (where["level"], "judgements.disclosure.budget.level"): "基本公开",
        (where["reason"], "judgements.asset_safety.checks.reason"): "必填",
        (where["item"], "judgements.project_supervision.checks.items.inspection"): "是",
        (where["score"], "judgements.procurement.policy"): "超出范围",
        ("绩效指标!I2", "targets[0].level"): "优秀",
        ("绩效指标!C2", "targets"): "权重合计",
        (where["outcomes"], "judgements.outcomes.targets"): "不能再给出整体评判",
    }
    assert set(got) == set(expected), sorted(got)
    for key, fragment in expected.items():
        assert fragment in got[key], (key, got[key])
    # listed in sheet order, then row, then column
    order = [p.where.sheet for p in info.value.problems]
    assert order == sorted(order, key=L.SHEET_ORDER.index)
    assert "基本数据!B" in str(info.value)


def test_more_cell_errors(tmp_path):
    out = tmp_path / "bad2.xlsx"
    write_template(FW, out, data=seed())

    def edits(wb):
        ws = wb["基本数据"]
        ws.cell(key_row(ws, "budget.executed"), 2).value = "=1+2"  # a formula never calculated
        ws.cell(key_row(ws, "unit"), 2).value = "千元"
        ws.cell(key_row(ws, "year"), 2).value = "2023年"
        wb["项目"]["A2"].value = "项目甲"
        wb["项目"]["G2"].value = 50  # 二季度 without 一季度
        ws = wb["评判"]
        ws.cell(judgement_row(ws, "disclosure", "budget"), L.J_VALUE).value = 1.5  # a grey cell
        ws.cell(judgement_row(ws, "financial_compliance", "veto"), L.J_ANSWER).value = None
        wb["季度进度"]["B2"].value = None  # quarter 1 left with nothing
        wb["季度进度"]["C3"].value = "n/a"

    _fill(out, edits)
    with pytest.raises(InputError) as info:
        import_workbook(out, FW)
    problems = {p.where.place: p.message for p in info.value.problems}
    ws = openpyxl.load_workbook(out)["基本数据"]
    assert "公式" in problems[f"基本数据!B{key_row(ws, 'budget.executed')}"]
    assert "千元" in problems[f"基本数据!B{key_row(ws, 'unit')}"]
    assert "2023年" in problems[f"基本数据!B{key_row(ws, 'year')}"]
    assert "连续" in problems["项目!F2"]
    assert "季度进度!C3" in problems
    ws = openpyxl.load_workbook(out)["评判"]
    assert "不填" in problems[f"评判!I{judgement_row(ws, 'disclosure', 'budget')}"]
    assert "发生" in problems[f"评判!H{judgement_row(ws, 'financial_compliance', 'veto')}"]


def test_framework_mismatch_and_bad_files(tmp_path):
    out = tmp_path / "t.xlsx"
    write_template(FW, out, data=seed())
    other = load_framework("shenzhen-luohu")
    with pytest.raises(InputError) as info:
        import_workbook(out, other)
    assert any(p.field == "framework" and "shenzhen-common" in p.message for p in info.value.problems)

    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="Excel"):
        import_workbook(junk, FW)
    with pytest.raises(InputError, match="不存在"):
        import_workbook(tmp_path / "missing.xlsx", FW)

    def drop(wb):
        del wb["评判"]

    _fill(out, drop)
    with pytest.raises(InputError, match="缺少工作表“评判”"):
        import_workbook(out, FW)


def test_guide_sheet_speaks_to_departments_not_developers(tmp_path):
    """The 说明 sheet tells a department what to do with the file, not a command line or an internal id."""
    from openpyxl import load_workbook

    from jixiao.frameworks import load_framework
    from jixiao.io.excel_template import write_template

    path = tmp_path / "t.xlsx"
    write_template(load_framework("shenzhen-common"), path)
    text = "\n".join(str(c.value) for row in load_workbook(path)["说明"].iter_rows() for c in row if c.value)
    assert "jixiao" not in text and ".yaml" not in text and "-o " not in text
    assert "shenzhen-common" not in text
    assert "上传导入" in text


def test_one_upload_lists_every_problem_even_beside_unreadable_cells(tmp_path):
    """A judgement row without its reason still has its score range and checklist checked, and a
    target row whose weight cannot be read still says it lacks 方向: one upload, every problem."""
    out = tmp_path / "t.xlsx"
    write_template(FW, out)

    def edits(wb):
        ws = wb["基本数据"]
        ws.cell(key_row(ws, "department"), 2).value = "示例区某局"
        ws.cell(key_row(ws, "year"), 2).value = 2024
        ws = wb["评判"]
        ws.cell(judgement_row(ws, "budget_rationality", "checks", "duties_policy"), 8).value = "是"
        ws.cell(judgement_row(ws, "procurement", "execution"), 9).value = 99  # above its 1 point, no reason
        ws = wb["绩效指标"]
        for col, value in zip("ABCDFG", ["办案数量", "社会效益", "abc", "定量", 100, 90]):
            ws[f"{col}2"] = value  # weight unreadable and no 方向

    _fill(out, edits)
    with pytest.raises(InputError) as caught:
        import_workbook(out, FW)
    said = {(p.where.sheet, p.where.cell, p.message) for p in caught.value.problems}
    messages = " | ".join(m for _, _, m in said)
    assert any(s == "绩效指标" and c == "C2" and "应为数字，读到 'abc'" in m for s, c, m in said)
    assert any(s == "绩效指标" and "定量指标须给出" in m for s, c, m in said), messages
    assert "评定得分 99 超出范围 0～1" in messages
    wb = openpyxl.load_workbook(out)
    allocation = judgement_row(wb["评判"], "budget_rationality", "checks", "allocation")
    assert ("评判", f"H{allocation}", "应选择 是（达到）或 否（未达到）") in said
