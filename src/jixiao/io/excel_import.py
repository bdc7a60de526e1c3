"""Import a filled Excel template into a validated :class:`DepartmentYear`.

Every problem is reported at once, each naming its cell ("基本数据!B7"): cells that cannot
be read, the model's validation errors and the framework checks (``check_input``), the
last two mapped back to cells through the field → cell map kept while reading. A workbook
with any problem returns nothing.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import TypeAdapter, ValidationError

from ..core.checks import check_input
from ..core.framework import Framework
from ..core.inputs import Answer, DepartmentYear, Target
from ..problems import Problem, Where
from . import excel_layout as L
from .errors import dotted, iter_errors, message_for, parse_field
from .excel_cells import CellError, is_blank, read_bool, read_choice, read_decimal, read_int, read_text
from .inputs import InputError

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class _Problem:
    where: Where
    loc: Loc
    message: str
    stage: str  # read | model | check


# Bounds on an uploaded workbook, checked on the zip's own directory before anything is inflated.
MAX_MEMBER_BYTES = 40 * 1024 * 1024  # one part of the workbook, uncompressed
MAX_TOTAL_BYTES = 120 * 1024 * 1024  # all parts together
MAX_RATIO = 200  # uncompressed / compressed, for parts over 1 MB (sheet XML compresses ~10–30×)
MAX_MEMBERS = 2000
MAX_ROWS = 20_000  # rows holding something, per sheet (a department lists hundreds of projects)


class _Sheet:
    """One sheet, read twice: cached values (data_only) and formulas (to spot uncalculated ones).

    Only the cells the file holds are looked at: a sheet's stated size (one cell at row 1,048,576
    makes it a million rows) is never walked.
    """

    def __init__(self, name: str, values: Any, formulas: Any):
        self.name, self.values, self.formulas = name, values, formulas
        # openpyxl keeps a sheet's cells in a dict by (row, column); reading it does not create cells
        self._values: dict[tuple[int, int], Any] = values._cells
        self._formulas: dict[tuple[int, int], Any] = formulas._cells
        self.data_rows = sorted({r for (r, _), cell in self._values.items() if cell.value is not None}
                                | {r for (r, _), cell in self._formulas.items() if cell.value is not None})

    def rows(self) -> list[int]:
        """The rows below the header that hold something, in order."""
        return [r for r in self.data_rows if r >= 2]

    def where(self, row: int, col: int, last_row: int | None = None, last_col: int | None = None) -> Where:
        ref = f"{get_column_letter(col)}{row}"
        if last_row is not None and (last_row, last_col or col) != (row, col):
            ref += f":{get_column_letter(last_col or col)}{last_row}"
        return Where(sheet=self.name, cell=ref)

    def raw(self, row: int, col: int) -> Any:
        cell = self._values.get((row, col))
        return None if cell is None else cell.value

    def get(self, row: int, col: int) -> tuple[Any, str]:
        cell = self._values.get((row, col))
        if cell is None or cell.value is None:
            formula = self._formulas.get((row, col))
            if formula is not None and isinstance(formula.value, str) and formula.value.startswith("="):
                raise CellError("单元格中的公式没有计算结果：请在 Excel 或 WPS 中打开并保存后再导入")
            return None, "General"
        if cell.data_type == "e":
            raise CellError(f"单元格是 Excel 错误值 {cell.value}（公式出错或引用无效），请改为实际数字或文字")
        return cell.value, cell.number_format


def parse_value(kind: str, value: Any, fmt: str = "General") -> Any:
    """A value of a layout field kind (money, pct, count, bool …) from a cell or a form; raises CellError."""
    if kind in ("text", "category", "level"):
        return read_text(value)
    if kind == "year":
        return read_int(value, what="年份（整数）", negative=True)
    if kind == "count":
        return read_int(value, what="整数")
    if kind == "money":
        return read_decimal(value, fmt, what="金额", allow_percent=False, negative=False)
    if kind == "pct":
        return read_decimal(value, fmt, what="百分数", allow_percent=True, negative=False)
    if kind == "number":
        return read_decimal(value, fmt, what="数字", allow_percent=True, negative=True)
    if kind == "weight":
        return read_decimal(value, fmt, what="数字", allow_percent=False, negative=True)
    if kind in ("bool", "bool_default"):
        return read_bool(value)
    if kind == "unit":
        return read_choice(value, {u: u for u in L.UNITS}, list(L.UNITS), what="金额单位")
    if kind == "kind":
        return read_choice(value, L.KINDS, ["定量", "定性"], what="类型")
    if kind == "direction":
        return read_choice(value, L.DIRECTIONS, ["≥", "≤", "="], what="方向")
    raise AssertionError(kind)  # pragma: no cover


def _set(raw: dict[str, Any], key: Loc, value: Any) -> None:
    node = raw
    for step in key[:-1]:
        node = node.setdefault(step, {})  # type: ignore[arg-type]
    node[key[-1]] = value  # type: ignore[index]


def _related(a: Loc, b: Loc) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


class _Reader:
    def __init__(self, sheets: dict[str, _Sheet], fw: Framework, source: str):
        self.sheets, self.fw, self.source = sheets, fw, source
        self.cells: dict[Loc, Where] = {}
        self.problems: list[_Problem] = []
        self.raw: dict[str, Any] = {}

    # ---------------------------------------------------------- cells

    def problem(self, where: Where, loc: Loc, message: str, stage: str = "read") -> None:
        self.problems.append(_Problem(where, loc, message, stage))

    def read(self, sheet: _Sheet, row: int, col: int, loc: Loc, parse: Callable[[Any, str], Any]) -> Any:
        where = sheet.where(row, col)
        self.cells.setdefault(loc, where)
        try:
            value, fmt = sheet.get(row, col)
            return parse(value, fmt)
        except CellError as exc:
            self.problem(where, loc, str(exc))
            return None

    def field(self, sheet: _Sheet, row: int, col: int, loc: Loc, kind: str) -> Any:
        return self.read(sheet, row, col, loc, lambda v, fmt: parse_value(kind, v, fmt))

    def span(self, loc: Loc, sheet: _Sheet, first: tuple[int, int], last: tuple[int, int]) -> None:
        self.cells.setdefault(loc, sheet.where(*first, *last))

    # ---------------------------------------------------------- sheets

    def read_all(self) -> dict[str, Any]:
        for name, reader in ((L.BASIC, self.basic), (L.QUARTERS, self.quarters), (L.PROJECTS, self.projects),
                             (L.TASKS, self.tasks), (L.TARGETS, self.targets), (L.PROJECT_TARGETS, self.project_targets),
                             (L.JUDGEMENTS, self.judgements),
                             (L.TEXT, self.text)):
            sheet = self.sheets.get(name)
            if sheet is None and name == L.PROJECT_TARGETS:
                continue  # templates written before the sheet existed
            if sheet is None:
                self.problem(Where(sheet=name), (), f"缺少工作表“{name}”（请使用 jixiao template 生成的模板）")
            else:
                reader(sheet)
        for name, sheet in self.sheets.items():
            if name not in L.SHEET_ORDER and sheet.data_rows:
                self.problem(Where(sheet=name), (), f"工作表“{name}”不是模板中的工作表，其中的内容不会被导入；"
                             f"请把数据填回模板原有的工作表（{'、'.join(L.SHEET_ORDER[1:-1])}），不要改名或另建")
        return self.raw

    def keyed_rows(self, sheet: _Sheet, key_col: int, fields: dict[str, L.Field]):
        """(row, field) for rows whose hidden key column names a known field."""
        seen: dict[str, int] = {}
        for row in sheet.rows():
            key = read_text(sheet.raw(row, key_col))
            if key is None:
                continue
            f = fields.get(key)
            if f is None:
                self.problem(sheet.where(row, key_col), (), f"未知的字段编号 '{key}'（隐藏列请勿修改）")
            elif key in seen:
                self.problem(sheet.where(row, key_col), f.key, f"字段 {key} 重复出现（第 {seen[key]} 行已有）")
            else:
                seen[key] = row
                yield row, f

    def basic(self, sheet: _Sheet) -> None:
        fields = {".".join(map(str, f.key)): f for s in L.BASIC_SECTIONS for f in s.fields}
        spans: dict[Loc, list[int]] = {}
        for row, f in self.keyed_rows(sheet, 5, fields):
            value = self.field(sheet, row, 2, f.key, f.kind)
            if value is not None:
                _set(self.raw, f.key, value)
            for n in range(1, len(f.key)):
                spans.setdefault(f.key[:n], []).append(row)
        for loc, rows in spans.items():
            self.span(loc, sheet, (min(rows), 2), (max(rows), 2))
        given = self.raw.get("framework")
        if given is None:
            self.raw["framework"] = self.fw.id
        elif given != self.fw.id:
            self.problem(self.cells[("framework",)], ("framework",),
                         f"本表按指标体系 '{given}' 填写，导入时指定的是 '{self.fw.id}'")

    def quarters(self, sheet: _Sheet) -> None:
        out: list[dict[str, Any]] = []
        for row in sheet.rows():
            number = sheet.raw(row, 6)
            number = int(number) if isinstance(number, float) and number.is_integer() else number
            if isinstance(number, bool) or number not in (1, 2, 3, 4):
                continue
            if all(is_blank(sheet.raw(row, c)) for c in range(2, 2 + len(L.QUARTER_FIELDS))):
                continue
            idx = len(out)
            item: dict[str, Any] = {"quarter": number}
            for col, f in enumerate(L.QUARTER_FIELDS, start=2):
                value = self.field(sheet, row, col, ("quarterly", idx) + f.key, f.kind)
                if value is not None:
                    item[f.key[0]] = value  # type: ignore[index]
            self.span(("quarterly", idx), sheet, (row, 2), (row, 1 + len(L.QUARTER_FIELDS)))
            out.append(item)
        if out:
            self.raw["quarterly"] = out
            self.span(("quarterly",), sheet, (2, 2), (5, 1 + len(L.QUARTER_FIELDS)))

    def table(self, sheet: _Sheet, name: str, fields: tuple[L.Field, ...], span_col: int = 1) -> list[dict[str, Any]]:
        """A list sheet: every row with anything in it is one item (blank rows are skipped)."""
        out: list[dict[str, Any]] = []
        width = len(fields)
        last = 1
        for row in sheet.rows():
            if all(is_blank(sheet.raw(row, c)) for c in range(1, width + 1)):
                continue
            idx, last = len(out), row
            item: dict[str, Any] = {}
            series: dict[str, list[tuple[Any, int]]] = {}  # list-valued fields, one column per element
            for col, f in enumerate(fields, start=1):
                value = self.field(sheet, row, col, (name, idx) + f.key, f.kind)
                if len(f.key) > 1:
                    series.setdefault(str(f.key[0]), []).append((value, col))
                elif value is not None:
                    item[str(f.key[0])] = value
            for fname, cells in series.items():
                self.series(sheet, row, (name, idx, fname), cells, item)
            self.span((name, idx), sheet, (row, 1), (row, width))
            out.append(item)
        if out:
            self.raw[name] = out
            self.span((name,), sheet, (2, span_col), (last, span_col))
        return out

    def series(self, sheet: _Sheet, row: int, loc: Loc, cells: list[tuple[Any, int]], item: dict[str, Any]) -> None:
        """A project's 各季度末累计支出: filled from the first quarter on, without gaps."""
        filled = [i for i, (_, col) in enumerate(cells) if not is_blank(sheet.raw(row, col))]
        if not filled:
            return
        for i in range(filled[-1]):
            if i not in filled:
                self.problem(sheet.where(row, cells[i][1]), loc + (i,), "各季度末累计支出应从一季度起连续填写，此处为空")
        item[str(loc[-1])] = [value for value, _ in cells[: filled[-1] + 1]]

    def projects(self, sheet: _Sheet) -> None:
        self.table(sheet, "projects", L.PROJECT_FIELDS)

    def tasks(self, sheet: _Sheet) -> None:
        self.table(sheet, "key_tasks", L.TASK_FIELDS)

    def targets(self, sheet: _Sheet) -> None:
        self.table(sheet, "targets", L.TARGET_FIELDS, span_col=3)  # whole-list problems are about 权重

    def project_targets(self, sheet: _Sheet) -> None:
        """项目绩效指标: each row goes to the project of that name on 项目, as projects[i].targets[j]."""
        rows = self.table(sheet, "project_targets", L.PROJECT_TARGET_FIELDS)
        self.raw.pop("project_targets", None)
        projects = self.raw.get("projects") or []
        by_name: dict[str, list[int]] = {}
        for i, p in enumerate(projects):
            by_name.setdefault(str(p.get("name")), []).append(i)
        moved: dict[Loc, str] = {}
        for idx, item in enumerate(rows):
            name = item.pop("project", None)
            where = self.cells.get(("project_targets", idx, "project"), sheet.where(2 + idx, 1))
            matches = by_name.get(str(name), []) if name is not None else []
            if name is None:
                self.problem(where, ("project_targets", idx, "project"), "应填写项目名称")
                continue
            if len(matches) != 1:
                why = "在“项目”表中找不到" if not matches else f"在“项目”表中出现 {len(matches)} 次"
                self.problem(where, ("project_targets", idx, "project"), f"项目“{name}”{why}")
                continue
            pi = matches[0]
            targets = projects[pi].setdefault("targets", [])
            base: Loc = ("projects", pi, "targets", len(targets))
            for loc, cell in self.cells.items():
                if loc[:2] == ("project_targets", idx):
                    moved[base + loc[2:]] = cell
            targets.append(item)
        for loc, cell in moved.items():
            self.cells.setdefault(loc, cell)

    def text(self, sheet: _Sheet) -> None:
        fields = {".".join(map(str, f.key)): f for f in L.TEXT_FIELDS}
        for row, f in self.keyed_rows(sheet, 3, fields):
            value = self.field(sheet, row, 2, f.key, f.kind)
            if value is not None:
                _set(self.raw, f.key, value)

    # ---------------------------------------------------------- 评判

    def judgements(self, sheet: _Sheet) -> None:
        expected = {(r.indicator, r.part, r.item): r for r in L.judgement_rows(self.fw)}
        found: dict[tuple[str, str, str | None], int] = {}
        for row in sheet.rows():
            ids = tuple(read_text(sheet.raw(row, c)) for c in (L.J_IND, L.J_PART, L.J_ITEM))
            if ids[0] is None and ids[1] is None:
                continue
            if ids not in expected:
                self.problem(sheet.where(row, L.J_IND), (), f"评判行 {ids[0]}.{ids[1]}{'.' + ids[2] if ids[2] else ''} "
                             f"不在指标体系 {self.fw.id} 中（隐藏列请勿修改）")
            elif ids in found:
                self.problem(sheet.where(row, L.J_IND), (), f"评判行 {ids[0]}.{ids[1]} 重复（第 {found[ids]} 行已有）")
            else:
                found[ids] = row  # type: ignore[index]
        out: dict[str, dict[str, Any]] = {}
        for key, jr in expected.items():
            if jr.kind == "item" or key not in found:
                continue
            answer = self.answer(sheet, jr, found[key], found, expected)
            if answer is not None:
                out.setdefault(jr.indicator, {})[jr.part] = answer
        if out:
            self.raw["judgements"] = out

    def answer(self, sheet: _Sheet, jr: L.JRow, row: int, found: dict, expected: dict) -> dict[str, Any] | None:
        base: Loc = ("judgements", jr.indicator, jr.part)
        self.cells[base + ("reason",)] = sheet.where(row, L.J_REASON)
        self.cells[base + ("score",)] = self.cells[base + ("count",)] = sheet.where(row, L.J_VALUE)
        self.cells[base + ("level",)] = self.cells[base + ("triggered",)] = sheet.where(row, L.J_ANSWER)
        filled = any(not is_blank(sheet.raw(row, c)) for c in (L.J_ANSWER, L.J_VALUE, L.J_REASON))
        if jr.kind == "checklist":
            item_rows = [(r.item, found[k]) for k, r in expected.items()
                         if r.kind == "item" and (r.indicator, r.part) == (jr.indicator, jr.part) and k in found]
            rows = [r for _, r in item_rows] or [row]
            self.cells[base] = self.cells[base + ("items",)] = sheet.where(min(rows), L.J_ANSWER, max(rows))
            filled = filled or any(not is_blank(sheet.raw(r, L.J_ANSWER)) for r in rows)
        else:
            self.cells[base] = sheet.where(row, L.J_VALUE if jr.answer_cell == "value" else L.J_ANSWER)
        if not filled:
            return None
        answer: dict[str, Any] = {}
        reason = self.field(sheet, row, L.J_REASON, base + ("reason",), "text")
        if reason is not None:
            answer["reason"] = reason
        self.unused(sheet, row, jr, base)
        if jr.kind == "checklist":
            items: dict[str, bool] = {}
            for item_id, r in item_rows:
                loc = base + ("items", item_id)
                value = self.read(sheet, r, L.J_ANSWER, loc, lambda v, _: read_bool(v, meaning="是＝达到，否＝未达到"))
                if value is not None:
                    items[item_id] = value  # type: ignore[index]
                elif is_blank(sheet.raw(r, L.J_ANSWER)):
                    self.problem(sheet.where(r, L.J_ANSWER), loc, "应选择 是（达到）或 否（未达到）")
                for col in (L.J_VALUE, L.J_REASON):
                    if not is_blank(sheet.raw(r, col)):
                        self.problem(sheet.where(r, col), loc, "清单子项只在“评判结果”列选择 是/否，此格不填（理由写在细项行）")
            answer["items"] = items
        elif jr.kind == "level":
            texts = {text: ident for text, ident in jr.options}
            for text, ident in jr.options:  # also the bare label and the id
                texts.setdefault(text.rsplit("（", 1)[0], ident)
                texts.setdefault(ident, ident)
            value = self.read(sheet, row, L.J_ANSWER, base + ("level",),
                              lambda v, _: read_choice(v, texts, [t for t, _ in jr.options], what="档次"))
            self.require(sheet, row, L.J_ANSWER, base + ("level",), "应从下拉列表选择档次")
            answer["level"] = value
        elif jr.kind == "veto":
            value = self.read(sheet, row, L.J_ANSWER, base + ("triggered",),
                              lambda v, _: read_bool(v, meaning="是＝发生，否＝未发生"))
            self.require(sheet, row, L.J_ANSWER, base + ("triggered",), "应选择 是（发生）或 否（未发生）")
            answer["triggered"] = value
        elif jr.kind == "count":
            answer["count"] = self.field(sheet, row, L.J_VALUE, base + ("count",), "count")
            self.require(sheet, row, L.J_VALUE, base + ("count",), "应填写数量（无则填 0）")
        else:  # score, override
            answer["score"] = self.field(sheet, row, L.J_VALUE, base + ("score",), "number")
            self.require(sheet, row, L.J_VALUE, base + ("score",), "应填写评定得分")
        return {k: v for k, v in answer.items() if v is not None}

    def require(self, sheet: _Sheet, row: int, col: int, loc: Loc, message: str) -> None:
        if is_blank(sheet.raw(row, col)):
            self.problem(sheet.where(row, col), loc, message)

    def unused(self, sheet: _Sheet, row: int, jr: L.JRow, base: Loc) -> None:
        for col, name in ((L.J_ANSWER, "answer"), (L.J_VALUE, "value")):
            if jr.answer_cell != name and not is_blank(sheet.raw(row, col)):
                self.problem(sheet.where(row, col), base, "本行不填此格（灰色单元格）")

    # ---------------------------------------------------------- validation

    def where(self, loc: Loc) -> Where:
        probe = tuple(loc)
        while probe:
            if probe in self.cells:
                return self.cells[probe]
            probe = probe[:-1]
        return Where(file=self.source)

    def validate(self) -> DepartmentYear | None:
        data: DepartmentYear | None = None
        try:
            data = DepartmentYear.model_validate(self.raw)
        except ValidationError as exc:
            for loc, err in iter_errors(exc):
                self.problem(self.where(loc), loc, _message(err), "model")
            for field, err in hidden_row_problems(self.raw):  # a row's own rule, hidden by a cell of the row
                loc = parse_field(field)
                self.problem(self.where(loc), loc, _message(err), "row")
        checked = data if data is not None else _partial(self.raw)
        if checked is not None:
            for p in check_input(self.fw, checked):
                loc = parse_field(p.field)
                self.problem(self.where(loc), loc, p.message, "check")
        return data

    def report(self) -> list[Problem]:
        read_locs = [p.loc for p in self.problems if p.stage == "read" and p.loc]
        out: list[_Problem] = []
        seen: set[tuple[Where, str]] = set()
        for p in self.problems:
            if p.stage not in ("read", "row") and any(_related(p.loc, r) for r in read_locs):
                continue  # the cell's own problem already says it
            if (p.where, p.message) in seen:
                continue
            seen.add((p.where, p.message))
            out.append(p)
        out.sort(key=_position)
        return [Problem(p.where.with_(field=dotted(p.loc)), p.message) for p in out]


def _position(p: _Problem) -> tuple[int, int, int]:
    sheet, ref = p.where.sheet, p.where.cell
    order = L.SHEET_ORDER.index(sheet) if sheet in L.SHEET_ORDER else -1
    m = re.match(r"([A-Z]+)(\d+)", ref)
    if not m:
        return order, 0, 0
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return order, int(m.group(2)), col


def _message(err: dict[str, Any]) -> str:
    if err["type"] == "missing":
        return "必填，未填写"
    if "input" in err and hasattr(err["input"], "as_tuple"):  # a Decimal: show it as written
        err = {**err, "input": format(err["input"], "f")}
    return message_for(err)


# What stands in for a missing 理由 (or a quantitative target's missing 方向/目标值) while the framework
# checks look at the rest of an answer or a target row; it never reaches a score or a message.
_STAND_IN_REASON = "—"


def _fails_only_at(model: Any, value: Any, fields: set[str]) -> bool:
    """Whether ``value`` fails validation as ``model`` only for a missing/blank field among ``fields``
    or for the row-level rule (``Target._shape``), never for an unreadable value."""
    try:
        model.model_validate(value)
    except ValidationError as exc:
        return all((not e["loc"] and e["type"] == "value_error") or (e["loc"] and e["loc"][0] in fields)
                   for e in exc.errors())
    return False


def _checkable_answer(answer: Any) -> dict[str, Any] | None:
    """An answer the framework checks can look at: as given, or with a stand-in for a missing reason
    (the reason's own problem is already reported; its score, checklist, level and count are checked
    at the same save)."""
    try:
        Answer.model_validate(answer)
        return answer
    except ValidationError:
        pass
    if not isinstance(answer, dict) or not _fails_only_at(Answer, answer, {"reason"}):
        return None
    return {**answer, "reason": _STAND_IN_REASON}


def _checkable_target(target: Any) -> dict[str, Any] | None:
    """A target row the framework checks (weights by category, 档次, score within its band) can look at:
    as given, or — when only the row's own completeness rule fails (a quantitative target without
    方向/目标值, a 定性 judgement without 理由, an adjustment without its reason) — with stand-ins for
    what that rule asks, so its weight, category and level are still checked at the same save."""
    try:
        Target.model_validate(target)
        return target
    except ValidationError:
        pass
    if not isinstance(target, dict) or not _fails_only_at(Target, target, set()):
        return None
    fixed = {k: v for k, v in target.items() if k not in ("adjusted_score", "adjustment_reason")}
    if fixed.get("kind", "quantitative") == "quantitative":
        fixed.setdefault("direction", ">=")
        fixed["direction"] = fixed["direction"] or ">="
        if fixed.get("target") is None:
            fixed["target"] = "0"
    elif fixed.get("level") is not None and not str(fixed.get("reason") or "").strip():
        fixed["reason"] = _STAND_IN_REASON
    try:
        Target.model_validate(fixed)
    except ValidationError:
        return None
    return fixed


def hidden_row_problems(raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The row-level rule of each target row that pydantic did not run because a field of the row
    is unreadable (a quantitative target without 方向, next to a weight typed as text): (input path,
    pydantic error) pairs, so that the same save says both."""
    found: list[tuple[str, dict[str, Any]]] = []
    targets = raw.get("targets")
    if not isinstance(targets, list):
        return found
    for i, target in enumerate(targets):
        if not isinstance(target, dict):
            continue
        try:
            Target.model_validate(target)
            continue
        except ValidationError as exc:
            bad = {e["loc"][0] for e in exc.errors() if e["loc"]}
        if not bad:
            continue  # the row rule itself failed: already reported
        fixed = {k: v for k, v in target.items() if k not in bad}
        for name, stand_in in (("weight", "1"), ("name", _STAND_IN_REASON)):
            if name in bad:
                fixed[name] = stand_in
        try:
            Target.model_validate(fixed)
        except ValidationError as exc:
            found += [(f"targets[{i}]", e) for e in exc.errors(include_url=False) if not e["loc"]]
    return found


def _partial(raw: dict[str, Any]) -> DepartmentYear | None:
    """When the whole input does not validate: the answers and targets that can be checked, for the
    framework checks — so a second save never shows problems the first could have shown."""
    judgements: dict[str, dict[str, Any]] = {}
    for ind, parts in (raw.get("judgements") or {}).items():
        if not isinstance(parts, dict):
            continue
        for part, answer in parts.items():
            checkable = _checkable_answer(answer)
            if checkable is not None:
                judgements.setdefault(ind, {})[part] = checkable
    targets = raw.get("targets")
    if targets is not None:
        rows = [_checkable_target(t) for t in targets] if isinstance(targets, list) else [None]
        # weights are summed by category: with one row unreadable the sums would mislead, so none is checked
        targets = rows if all(r is not None for r in rows) else None
    try:
        return DepartmentYear.model_validate(
            {"department": "—", "year": 2000, "judgements": judgements, "targets": targets}
        )
    except ValidationError:  # pragma: no cover - built from validated pieces
        return None


def _check_zip(path: str | Path, name: str) -> None:
    """Refuse a workbook whose parts would inflate past the bounds, from the zip directory alone
    (reading a part never yields more than its recorded size: a part that lies fails its CRC)."""
    def refuse(message: str) -> None:
        raise InputError([Problem(Where(file=name), message)])

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except FileNotFoundError:
        refuse("文件不存在")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        refuse("不是有效的 Excel 文件（.xlsx），或文件已损坏，无法读取")
    if len(infos) > MAX_MEMBERS:
        refuse(f"文件包含 {len(infos)} 个部件，不像是填报模板")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            refuse(f"文件中的“{info.filename[:60]}”解压后 {info.file_size // (1024 * 1024)} MB"
                   f"（压缩比 {ratio:.0f} 倍），超出上限：不像是填报模板，未读取")
    if total > MAX_TOTAL_BYTES:
        refuse(f"文件解压后共 {total // (1024 * 1024)} MB，超出上限 {MAX_TOTAL_BYTES // (1024 * 1024)} MB，未读取")


def _open(path: str | Path) -> dict[str, _Sheet]:
    name = Path(path).name
    _check_zip(path, name)
    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except FileNotFoundError:
        raise InputError([Problem(Where(file=name), "文件不存在")]) from None
    except (InvalidFileException, zipfile.BadZipFile):
        raise InputError([Problem(Where(file=name), "不是有效的 Excel 文件（.xlsx），或文件已损坏，无法读取")]) from None
    except Exception:  # noqa: BLE001 — openpyxl fails on damaged XML in many ways (IndexError, KeyError, ParseError…)
        raise InputError([Problem(Where(file=name), "无法作为 Excel 文件（.xlsx）读取：文件已损坏，其中的工作表无法解析"
                                                    "（请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入）")]) from None
    sheets = {ws.title: _Sheet(ws.title, ws, formulas[ws.title]) for ws in values.worksheets}
    for sheet in sheets.values():
        rows = sheet.data_rows
        if len(rows) > MAX_ROWS:
            raise InputError([Problem(Where(file=name, sheet=sheet.name),
                                      f"工作表“{sheet.name}”有 {len(rows)} 行内容，超过上限 {MAX_ROWS} 行，未读取")])
    return sheets


def import_workbook(path: str | Path, framework: Framework) -> DepartmentYear:
    """Read a filled template. Raises :class:`InputError` listing every problem with its cell."""
    reader = _Reader(_open(path), framework, Path(path).name)
    try:
        reader.read_all()
    except (IndexError, KeyError, TypeError):  # openpyxl resolves a damaged styles part lazily, cell by cell
        raise InputError([Problem(Where(file=Path(path).name), "无法作为 Excel 文件（.xlsx）读取：文件已损坏，其中的样式或单元格无法解析"
                                                              "（请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入）")]) from None
    data = reader.validate()
    problems = reader.report()
    if problems or data is None:
        raise InputError(problems or [Problem(Where(file=Path(path).name), "无法读取")])
    return data


def read_framework_id(path: str | Path) -> str | None:
    """The 指标体系 id written in the workbook's 基本数据 sheet (for `jixiao import` without --framework)."""
    sheet = _open(path).get(L.BASIC)
    if sheet is None:
        return None
    for row in sheet.rows():
        if read_text(sheet.raw(row, 5)) == "framework":
            try:
                return read_text(sheet.raw(row, 2))
            except CellError:  # pragma: no cover - read_text does not raise
                return None
    return None
