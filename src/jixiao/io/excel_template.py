"""The Excel input template (填报模板): writing it, optionally pre-filled, and its YAML dump.

    write_template(framework, path, data=None)   # the .xlsx a department fills in
    import_workbook(path, framework)             # the filled file → DepartmentYear (see excel_import)
    dump_input_yaml(data)                        # a DepartmentYear as YAML text, decimals exact

Layout (see excel_layout): 说明, 基本数据 (项目 | 数值 | 单位 | 说明, value in column B, field
key in hidden column E), 季度进度, 项目, 重点工作, 绩效指标, 评判 (ids in hidden columns A–C,
answer in H, score/count in I, reason in J), 报告文字, and a hidden 选项 sheet holding the
framework's dropdown lists.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from pathlib import Path
from typing import Any, Iterable

import yaml
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..writers.cells import printable
from openpyxl.worksheet.worksheet import Worksheet

from ..core.framework import Framework
from ..core.inputs import Answer, DepartmentYear
from . import excel_layout as L
from .excel_cells import cell_number, number_format, yes_no
from .excel_import import import_workbook, read_framework_id

__all__ = ["write_template", "import_workbook", "read_framework_id", "dump_input_yaml", "TemplateError"]

TEMPLATE_VERSION = 1

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MIDDLE = Alignment(vertical="center")

DEFAULT_FORMATS = {"money": "#,##0.00", "pct": "0.00", "count": "0", "year": "0", "number": "General", "weight": "General"}
YES_NO = '"是,否"'


class TemplateError(ValueError):
    """``data`` holds answers the template for this framework has no cell for."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


# ---------------------------------------------------------------- helpers


def _put(cell: Any, value: object, kind: str = "text") -> None:
    """Write a value the way the importer reads it back."""
    if value is None:
        if kind in DEFAULT_FORMATS:
            cell.number_format = DEFAULT_FORMATS[kind]
        return
    if isinstance(value, Decimal):
        cell.value = cell_number(value)
        if isinstance(cell.value, str):
            cell.number_format = "@"
        else:
            cell.number_format = number_format(value, grouping=kind == "money", default=DEFAULT_FORMATS.get(kind, "General"))
        return
    if isinstance(value, bool):
        cell.value = yes_no(value)
        return
    cell.value = printable(value) if isinstance(value, str) else value
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula
    elif isinstance(value, int) and kind in DEFAULT_FORMATS:
        cell.number_format = "0"


def _header(ws: Worksheet, headers: Iterable[str], widths: Iterable[float], notes: Iterable[str] = ()) -> None:
    for col, (text, width) in enumerate(zip(headers, widths), start=1):
        cell = ws.cell(1, col, text)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, CENTER
        ws.column_dimensions[get_column_letter(col)].width = width
    for col, note in enumerate(notes, start=1):
        if note:
            ws.cell(1, col).comment = Comment(note, "jixiao")
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "A2"


def _frame(ws: Worksheet, row: int, first: int, last: int, fill: PatternFill | None = None) -> None:
    for col in range(first, last + 1):
        cell = ws.cell(row, col)
        cell.border = BORDER
        if cell.alignment is None or not cell.alignment.wrap_text:
            cell.alignment = WRAP
        if fill is not None:
            cell.fill = fill


def _text_width(text: str) -> int:
    """Display width in Excel's character units: CJK and full-width characters count 2."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _fit_rows(ws: Worksheet, first: int = 2) -> None:
    """Row heights for wrapped text (spreadsheet programs do not grow them on opening)."""
    merged = {cell for rng in ws.merged_cells.ranges for cell in rng.cells}
    for row in ws.iter_rows(min_row=first):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or cell.value.startswith("=") or (cell.row, cell.column) in merged:
                continue
            letter = cell.column_letter
            if ws.column_dimensions[letter].hidden:
                continue
            width = max(4.0, (ws.column_dimensions[letter].width or 10) - 1)
            lines = max(lines, sum(max(1, -(-_text_width(part) // int(width))) for part in cell.value.split("\n")))
        if lines > 1 and ws.row_dimensions[row[0].row].height is None:
            ws.row_dimensions[row[0].row].height = 15 * lines + 2


def _hide(ws: Worksheet, *cols: int) -> None:
    for col in cols:
        ws.column_dimensions[get_column_letter(col)].hidden = True


def _get(obj: Any, key: tuple[str | int, ...]) -> Any:
    for step in key:
        if obj is None:
            return None
        if isinstance(step, int):
            obj = obj[step] if step < len(obj) else None
        else:
            obj = getattr(obj, step, None)
    return obj


def _display(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "kind":
        return L.KIND_LABELS.get(value, value)
    if kind == "direction":
        return L.DIRECTION_LABELS.get(value, value)
    return value


class _Validations:
    """Data validations of a sheet, one object per formula, cells added as they are written."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.by_key: dict[tuple[str, ...], DataValidation] = {}

    def list(self, formula: str, ref: str, prompt: str = "") -> None:
        self._get(("list", formula), lambda: DataValidation(
            type="list", formula1=formula, allow_blank=True, showErrorMessage=True, errorStyle="stop",
            errorTitle="输入有误", error="请从下拉列表中选择", promptTitle="请选择" if prompt else None,
            prompt=prompt or None, showInputMessage=bool(prompt),
        )).add(ref)

    def number(self, kind: str, low: str, high: str | None, ref: str, prompt: str) -> None:
        def make() -> DataValidation:
            if high is None:
                return DataValidation(type=kind, operator="greaterThanOrEqual", formula1=low, allow_blank=True,
                                      showErrorMessage=True, errorTitle="输入有误", error=prompt, prompt=prompt,
                                      showInputMessage=True)
            return DataValidation(type=kind, operator="between", formula1=low, formula2=high, allow_blank=True,
                                  showErrorMessage=True, errorTitle="输入有误", error=prompt, prompt=prompt,
                                  showInputMessage=True)

        self._get(("number", kind, low, high or ""), make).add(ref)

    def _get(self, key: tuple[str, ...], make: Any) -> DataValidation:
        dv = self.by_key.get(key)
        if dv is None:
            dv = self.by_key[key] = make()
            self.ws.add_data_validation(dv)
        return dv


class _Lists:
    """The hidden 选项 sheet: one column per distinct dropdown list."""

    def __init__(self, wb: Workbook):
        self.ws = wb.create_sheet(L.LISTS)
        self.ws.sheet_state = "hidden"
        self.refs: dict[tuple[str, ...], str] = {}

    def ref(self, values: Iterable[str]) -> str:
        values = tuple(values)
        if values not in self.refs:
            col = len(self.refs) + 1
            for row, value in enumerate(values, start=1):
                _put(self.ws.cell(row, col), value)
            letter = get_column_letter(col)
            self.refs[values] = f"'{L.LISTS}'!${letter}$1:${letter}${len(values)}"
        return self.refs[values]


# ---------------------------------------------------------------- sheets


def _guide(ws: Worksheet, fw: Framework) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    ws.merge_cells("A1:B1")
    title = ws.cell(1, 1, "部门整体支出绩效自评数据填报表")
    title.font = Font(bold=True, size=14)
    title.alignment = CENTER
    ws.row_dimensions[1].height = 28
    rows = [
        ("指标体系", f"{fw.name}，总分 {fw.total}"),
        ("模板版本", str(TEMPLATE_VERSION)),
        ("填写顺序", "基本数据 → 季度进度 → 项目 → 重点工作 → 绩效指标 → 项目绩效指标 → 评判 → 报告文字。浅黄色单元格为填写处；灰色单元格不需填写。"),
        ("基本数据", "每行一个数字：在 B 列“数值”填写；C 列为单位，D 列为说明。金额单位在“金额单位”一行下拉选择 万元 或 元，本文件所有金额都按该单位填写。"),
        ("季度进度", "各季度末累计支出：填写累计支出进度（%），或填写累计支出金额（及计算基数，缺省为调整后预算数）。"),
        ("项目", "每行一个二级项目。“是否计划本年完成”空白按“是”；“是否按时完成”未知可留空。各季度末累计支出可不填。"),
        ("重点工作", "每行一项重点工作，“是否完成”必填 是/否。"),
        ("绩效指标", "每行一个个性绩效指标。定量指标填方向（≥ 正向、≤ 反向、= 等于）、目标值和实际值；定性指标选“定性”，选择档次并写明理由，可在档内填写得分。各指标权重之和应等于该部分分值。"),
        ("项目绩效指标", "各二级项目自己的绩效指标（项目支出绩效自评表用），每行一个：A 列填写与“项目”表一致的项目名称，其余各列同“绩效指标”。每个项目的指标分值合计 90；未完成的指标须填写偏差原因分析及改进措施。不做项目自评可不填。"),
        ("评判", "指标体系中需要人工评判的每个细项一行，清单类细项每个子项一行：在“评判结果”列下拉选择（档次，或 是/否），或在“得分/数量”列填写得分或数量，并在“理由”列写明依据。按数据自动计算的细项一般不填，只在缺少数据或复核更正时填写人工评定得分和理由。整行空白表示未评判（该指标记为缺少数据）。"),
        ("报告文字", "自评报告所用文字，可不填。"),
        ("数字", "金额、百分数直接填数字，可带千分位逗号（5,481.65）。百分数填百分号前的数字：98.5 表示 98.5%（也可写作 98.5%）。数量、人数、件数填整数。读取单元格中的数值本身（Excel 的精度为 15 位有效数字），不按显示格式舍入；小数位少于显示格式时按显示补零（显示 3,796.60 即读作 3796.60）。"),
        ("空白与 0", "空白表示没有该数据，相关指标记为“缺少数据”、不计满分；0 表示确实为零。不要用 0 代替未知的数字。"),
        ("是/否", "是/否单元格请从下拉列表选择（也接受 true/false）。"),
        ("请勿修改", "隐藏列（字段编号、指标编号）和工作表名称用于导入，请勿修改或删除；可以在表格末尾增加行。"),
        ("提交", "填写完成后保存本文件，在绩效评价系统本年度评价的“填报”页上传导入（或按财政部门通知报送）。"
                 "有问题时会一次列出全部问题，并注明工作表和单元格（如 基本数据!B7），改正后重新上传即可。"),
    ]
    for row, (head, text) in enumerate(rows, start=3):
        a, b = ws.cell(row, 1, head), ws.cell(row, 2, text)
        a.font, a.fill = BOLD, HEADER_FILL
        a.alignment, b.alignment = CENTER, WRAP
        a.border = b.border = BORDER
        ws.row_dimensions[row].height = max(20, 18 * (len(text) // 55 + 1))


def _basic(ws: Worksheet, data: DepartmentYear | None, fw: Framework, dv: _Validations) -> None:
    _header(ws, ("项目", "数值", "单位", "说明", "字段"), (38, 30, 8, 52, 28))
    _hide(ws, 5)
    row = 2
    unit_row = None
    for section in L.BASIC_SECTIONS:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.cell(row, 1, section.title).font = BOLD
        _frame(ws, row, 1, 4, SECTION_FILL)
        row += 1
        for f in section.fields:
            ws.cell(row, 1, f.label)
            ws.cell(row, 4, f.note or None)
            ws.cell(row, 5, ".".join(map(str, f.key)))
            value = _get(data, f.key) if data is not None else None
            if f.key == ("framework",):
                value = fw.id
            elif f.key == ("unit",):
                value = data.unit if data is not None else "万元"
                unit_row = row
                dv.list('"万元,元"', f"B{row}", "金额单位")
            _put(ws.cell(row, 2), value, f.kind)
            if f.kind == "money":
                ws.cell(row, 3, f"=$B${unit_row}")
            else:
                ws.cell(row, 3, f.unit or None)
            _frame(ws, row, 1, 4)
            ws.cell(row, 2).fill = INPUT_FILL
            ws.cell(row, 3).alignment = CENTER
            row += 1


def _quarters(ws: Worksheet, data: DepartmentYear | None) -> None:
    headers = ("季度", *(f.label for f in L.QUARTER_FIELDS), "说明", "季度编号")
    _header(ws, headers, (12, *(f.width for f in L.QUARTER_FIELDS), 40, 8))
    _hide(ws, 6)
    by_quarter = {q.quarter: q for q in (data.quarterly or ())} if data is not None else {}
    notes = ("3 月末", "6 月末", "9 月末", "12 月末")
    for i, name in enumerate(L.QUARTER_NAMES):
        row = i + 2
        ws.cell(row, 1, name).font = BOLD
        q = by_quarter.get(i + 1)
        for col, f in enumerate(L.QUARTER_FIELDS, start=2):
            _put(ws.cell(row, col), _get(q, f.key), f.kind)
            ws.cell(row, col).fill = INPUT_FILL
        ws.cell(row, 5, f"{notes[i]}累计；填进度（%）或金额之一，计算基数缺省为调整后预算数")
        ws.cell(row, 6, i + 1)
        _frame(ws, row, 1, 5)


def _table(ws: Worksheet, fields: tuple[L.Field, ...], items: list[Any], dv: _Validations,
           lists: dict[str, str], spare: int = 20, minimum: int = 30) -> None:
    """A list sheet: header row, one row per item, then blank rows to fill."""
    _header(ws, [f.label for f in fields], [f.width for f in fields], [f.note for f in fields])
    last = max(len(items) + spare, minimum) + 1
    for col, f in enumerate(fields, start=1):
        letter = get_column_letter(col)
        ref = f"{letter}2:{letter}{max(last, 500)}"
        if f.kind in ("bool", "bool_default"):
            dv.list(YES_NO, ref)
        elif f.kind in lists:
            dv.list(lists[f.kind], ref)
    for row in range(2, last + 1):
        item = items[row - 2] if row - 2 < len(items) else None
        for col, f in enumerate(fields, start=1):
            cell = ws.cell(row, col)
            _put(cell, _display(f.kind, _get(item, f.key)), f.kind)
            cell.border, cell.fill = BORDER, INPUT_FILL
            cell.alignment = WRAP if f.kind == "text" else MIDDLE


def _judgements(ws: Worksheet, fw: Framework, data: DepartmentYear | None, lists: _Lists,
                dv: _Validations) -> list[str]:
    _header(ws, L.J_HEADERS, L.J_WIDTHS)
    _hide(ws, L.J_IND, L.J_PART, L.J_ITEM)
    answers = data.judgements if data is not None else {}
    rows = L.judgement_rows(fw)
    items_of: dict[tuple[str, str], set[str]] = {}
    for jr in rows:
        if jr.kind == "item":
            items_of.setdefault((jr.indicator, jr.part), set()).add(jr.item or "")
    placed: set[tuple[str, str]] = set()
    groups: dict[str, list[int]] = {}
    parts: dict[tuple[str, str], list[int]] = {}
    for n, jr in enumerate(rows, start=2):
        groups.setdefault(jr.indicator, []).append(n)
        parts.setdefault((jr.indicator, jr.part), []).append(n)
        for col, value in ((L.J_IND, jr.indicator), (L.J_PART, jr.part), (L.J_ITEM, jr.item),
                           (L.J_NAME, jr.indicator_label), (L.J_PART_LABEL, jr.part_label),
                           (L.J_CONTENT, jr.content), (L.J_GUIDE, jr.guide)):
            _put(ws.cell(n, col), value)
        _frame(ws, n, L.J_NAME, L.J_REASON)
        cells = ws.cell(n, L.J_ANSWER), ws.cell(n, L.J_VALUE), ws.cell(n, L.J_REASON)
        used = (jr.answer_cell == "answer", jr.answer_cell == "value", jr.kind != "item")
        for cell, in_use in zip(cells, used):
            cell.fill = INPUT_FILL if in_use else UNUSED_FILL
        if jr.kind == "checklist":
            for col in range(L.J_NAME, L.J_REASON + 1):
                ws.cell(n, col).font = BOLD
        answer_cell, value_cell = cells[0], cells[1]
        if jr.kind == "level":
            dv.list(lists.ref(text for text, _ in jr.options), answer_cell.coordinate, "选择档次")
        elif jr.kind in ("item", "veto"):
            dv.list(YES_NO, answer_cell.coordinate)
        elif jr.kind == "count":
            dv.number("whole", "0", None, value_cell.coordinate, "填写非负整数（无则填 0）")
        elif jr.kind in ("score", "override"):
            dv.number("decimal", "0", str(jr.points), value_cell.coordinate, f"得分 0～{jr.points}")
        value_cell.number_format = "0" if jr.kind == "count" else "General"
        answer = answers.get(jr.indicator, {}).get(jr.part)
        if answer is not None and _prefill(jr, answer, items_of.get((jr.indicator, jr.part), set()), *cells):
            placed.add((jr.indicator, jr.part))
    for rows_of in groups.values():
        if len(rows_of) > 1:
            ws.merge_cells(start_row=rows_of[0], start_column=L.J_NAME, end_row=rows_of[-1], end_column=L.J_NAME)
    for key, rows_of in parts.items():
        if len(rows_of) > 1:
            ws.merge_cells(start_row=rows_of[0], start_column=L.J_PART_LABEL, end_row=rows_of[-1],
                           end_column=L.J_PART_LABEL)
    return [
        f"judgements.{ind_id}.{part_id}：指标体系 {fw.id} 的评判表没有可填写这一答案的位置"
        for ind_id, by_part in answers.items() for part_id in by_part if (ind_id, part_id) not in placed
    ]


_FIELDS_OF = {"level": {"level"}, "score": {"score"}, "override": {"score"}, "count": {"count"},
              "veto": {"triggered"}, "checklist": {"items"}}


def _prefill(jr: L.JRow, answer: Answer, item_ids: set[str], answer_cell: Any, value_cell: Any,
             reason_cell: Any) -> bool:
    """Write ``answer`` into its row; False when the row has no cell for some of it."""
    if jr.kind == "item":
        if answer.items is not None and jr.item in answer.items:
            _put(answer_cell, answer.items[jr.item])
        return True
    given = {k for k, v in answer.model_dump(exclude={"reason"}).items() if v is not None}
    if given - _FIELDS_OF[jr.kind]:
        return False
    if jr.kind == "checklist" and answer.items is not None and set(answer.items) - item_ids:
        return False
    if jr.kind == "level" and answer.level is not None:
        _put(answer_cell, next((t for t, ident in jr.options if ident == answer.level), answer.level))
    elif jr.kind == "veto":
        _put(answer_cell, answer.triggered)
    elif jr.kind == "count":
        _put(value_cell, answer.count, "count")
    elif jr.kind in ("score", "override"):
        _put(value_cell, answer.score, "number")
    _put(reason_cell, answer.reason)
    return True


def _text(ws: Worksheet, data: DepartmentYear | None) -> None:
    _header(ws, ("项目", "内容", "字段"), (24, 100, 20))
    _hide(ws, 3)
    for row, f in enumerate(L.TEXT_FIELDS, start=2):
        ws.cell(row, 1, f.label).font = BOLD
        _put(ws.cell(row, 2), _get(data, f.key) if data is not None else None)
        ws.cell(row, 3, ".".join(map(str, f.key)))
        _frame(ws, row, 1, 2)
        ws.cell(row, 2).fill = INPUT_FILL
        ws.row_dimensions[row].height = 90


def write_template(framework: Framework, path: str | Path, *, data: DepartmentYear | None = None) -> None:
    """Write the input template for ``framework`` to ``path``, pre-filled from ``data`` when given.

    Raises :class:`TemplateError` (before writing anything) when ``data`` has answers this
    framework's 评判 sheet has no place for.
    """
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in L.SHEET_ORDER if name != L.LISTS}
    lists = _Lists(wb)
    _guide(sheets[L.GUIDE], framework)
    _basic(sheets[L.BASIC], data, framework, _Validations(sheets[L.BASIC]))
    _quarters(sheets[L.QUARTERS], data)
    table_lists: dict[str, str] = {"kind": '"定量,定性"', "direction": '"≥,≤,="'}
    if cats := L.target_categories(framework):
        table_lists["category"] = lists.ref(cats)
    if levels := L.target_levels(framework):
        table_lists["level"] = lists.ref(levels)
    for name, fields, items in (
        (L.PROJECTS, L.PROJECT_FIELDS, data.projects if data else None),
        (L.TASKS, L.TASK_FIELDS, data.key_tasks if data else None),
        (L.TARGETS, L.TARGET_FIELDS, data.targets if data else None),
    ):
        _table(sheets[name], fields, list(items or ()), _Validations(sheets[name]), table_lists)
    project_lists = table_lists | {"category": lists.ref(L.PROJECT_CATEGORIES), "level": lists.ref(L.PROJECT_LEVELS)}
    rows = [SimpleNamespace(project=p.name, **t.model_dump()) for p in (data.projects or ()) for t in (p.targets or ())] if data else []
    ws = sheets[L.PROJECT_TARGETS]
    _table(ws, L.PROJECT_TARGET_FIELDS, rows, _Validations(ws), project_lists)
    unplaced = _judgements(sheets[L.JUDGEMENTS], framework, data, lists, _Validations(sheets[L.JUDGEMENTS]))
    unplaced += _unplaceable(data)
    if unplaced:
        raise TemplateError(unplaced)
    _text(sheets[L.TEXT], data)
    for ws in sheets.values():
        if ws.title != L.GUIDE:
            _fit_rows(ws)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
    wb.calculation.fullCalcOnLoad = True
    wb.active = 1
    wb.save(str(path))


def _unplaceable(data: DepartmentYear | None) -> list[str]:
    out = []
    if data is None:
        return out
    for i, p in enumerate(data.projects or ()):
        if p.quarterly_spent and len(p.quarterly_spent) > 4:
            out.append(f"projects[{i}].quarterly_spent：模板只有四个季度的列，读到 {len(p.quarterly_spent)} 个数")
    return out


# ---------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def dump_input_yaml(data: DepartmentYear) -> str:
    """``data`` as input-file YAML: absent figures left out, decimals written exactly ("3796.60")."""
    raw = data.model_dump(mode="python", exclude_none=True)
    if not raw.get("judgements"):
        raw.pop("judgements", None)
    if raw.get("budget") == {}:
        raw.pop("budget")
    return yaml.dump(raw, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
