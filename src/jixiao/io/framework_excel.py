"""Frameworks written in Excel, in the shape bureaus publish: 一级/二级/三级指标, 分值,
计分方法 from a dropdown of rule kinds, its parameters in labelled columns, 评分标准 text, 来源.

Sheets: 说明, 基本信息 (编号, 名称, 总分, 取舍, 来源 …), 等级, 指标, 计分方法 (the dropdown list).
On the 指标 sheet each row is one 一级/二级/三级指标 (its name in that column) or one 评分细项
(column D). A 三级指标 row with a 计分方法 and no 细项 rows under it is one rule for the whole
indicator. Parameters that have no labelled column (分档、档次、清单 …) go in 其他参数, written
as YAML flow text (``{bands: [{min: 90, score: 2}, …]}``). 评分标准 is generated on export and
ignored on import. Import reports every problem at once, each with its sheet and cell.
Export → import gives back the same framework (``framework_raw`` of both is equal).
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..core.framework import Framework, check_framework
from ..core.numbers import parse_decimal, plain
from ..frameworks.loader import FrameworkError
from ..frameworks.raw import framework_raw
from ..problems import Problem, Where
from .errors import iter_errors, message_for
from .yamlio import SourceError, parse_yaml

KINDS: dict[str, tuple[str, str]] = {  # kind → (Chinese name, what it does)
    "judgement": ("评判", "评价人评定得分或档次，须写理由"),
    "checklist": ("清单", "逐项达到即得该项分"),
    "deduction": ("按项扣分", "每发现一项扣若干分，扣完为止"),
    "ratio": ("比率计分", "比率×分值，超过100%封顶或不得分"),
    "tiers": ("分档计分", "比率落在哪一档得该档分"),
    "excess_deduction": ("超出扣分", "比率超过阈值，每个百分点扣若干分"),
    "quarterly_schedule": ("季度序时进度", "各季度进度对照序时进度计分"),
    "execution_average": ("全年平均执行率", "平均执行率×分值"),
    "targets": ("个性指标", "部门所列绩效指标逐项比较完成值与指标值"),
    "change_rate": ("变动率", "较上年的变动率超过阈值，每个百分点扣若干分"),
    "shortfall_deduction": ("每低于一档扣分", "比率低于标准，每低一档扣若干分"),
    "coefficient_bands": ("得分系数分档", "比率落在哪一档取该档得分系数×分值"),
}
KIND_LABEL = {k: f"{cn}（{k}）" for k, (cn, _) in KINDS.items()}
LABEL_KIND = {v: k for k, v in KIND_LABEL.items()} | {cn: k for k, (cn, _) in KINDS.items()} | {k: k for k in KINDS}

HEAD = ["一级指标", "二级指标", "三级指标", "评分细项", "编号", "分值", "计分方法", "评判内容", "比率名称", "分子",
        "分母", "阈值（%）", "扣分", "其他参数（YAML）", "评分标准（导出时生成，导入时不读）", "指标说明", "来源"]
COL = {name: i + 1 for i, name in enumerate(HEAD)}
WIDTHS = [14, 14, 18, 16, 16, 7, 16, 22, 16, 22, 22, 9, 7, 40, 50, 36, 36]
PARAM_COLS = ("评判内容", "比率名称", "分子", "分母", "阈值（%）", "扣分")
# Labelled columns of each rule kind: column → key path in the rule.
_RATE = {"比率名称": ("rate", "label"), "分子": ("rate", "numerator"), "分母": ("rate", "denominator")}
MAPPING: dict[str, dict[str, tuple[str, ...]]] = {
    "judgement": {"评判内容": ("criterion",)},
    "checklist": {"评判内容": ("criterion",)},
    "deduction": {"评判内容": ("item",), "扣分": ("per_item",), "分子": ("count_fact",)},
    "ratio": dict(_RATE),
    "tiers": dict(_RATE),
    "excess_deduction": _RATE | {"阈值（%）": ("threshold_pct",), "扣分": ("per_point",)},
    "quarterly_schedule": {},
    "execution_average": {},
    "targets": {"评判内容": ("criterion",)},
    "change_rate": {"比率名称": ("label",), "分子": ("current",), "分母": ("prior",), "阈值（%）": ("threshold_pct",), "扣分": ("per_point",)},
    "shortfall_deduction": _RATE | {"阈值（%）": ("standard_pct",), "扣分": ("per_step",)},
    "coefficient_bands": dict(_RATE),
}
INFO_ROWS = ["编号", "名称", "年度", "地区", "说明", "总分", "取舍方式", "取舍位置", "小数位数", "全年平均执行率口径",
             "比率小数位", "运行监控（YAML）", "来源"]
INFO_KEYS = {"编号": ("id",), "名称": ("name",), "年度": ("year",), "地区": ("region",), "说明": ("description",),
             "总分": ("total",), "取舍方式": ("options", "rounding"), "取舍位置": ("options", "rounding_scope"),
             "小数位数": ("options", "places"), "全年平均执行率口径": ("options", "execution_average"),
             "比率小数位": ("options", "rate_places")}
MAX_ROWS = 5000


def _flow(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=100000, sort_keys=False).strip()


def _get(d: dict, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def _pop(d: dict, path: tuple[str, ...]) -> Any:
    for key in path[:-1]:
        d = d.get(key, {})
    value = d.pop(path[-1], None)
    return value


def _set(d: dict, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        d = d.setdefault(key, {})
    d[path[-1]] = value


def _prune(d: dict) -> dict:
    for k in [k for k, v in d.items() if isinstance(v, dict)]:
        _prune(d[k])
        if not d[k]:
            del d[k]
    return d


# --------------------------------------------------------------------------- export


def _rule_cells(rule: dict[str, Any]) -> dict[str, Any]:
    rule = copy.deepcopy(rule)
    kind = rule.pop("kind")
    source = rule.pop("source", None)
    cells: dict[str, Any] = {"计分方法": KIND_LABEL[kind]}
    for col, path in MAPPING[kind].items():
        value = _get(rule, path)
        if value is None or isinstance(value, dict):
            continue
        _pop(rule, path)
        cells[col] = "+".join(value) if isinstance(value, list) else value
    _prune(rule)
    if rule:
        cells["其他参数（YAML）"] = _flow(rule)
    if source:
        cells["来源"] = source
    return cells


def framework_rows(fw: Framework) -> list[dict[str, Any]]:
    """The 指标 sheet as rows of {column: value}."""
    raw = framework_raw(fw)
    rows: list[dict[str, Any]] = []
    rules = {p: i for p, i in fw.walk()}

    def visit(node: dict[str, Any], depth: int, path: tuple[str, ...]) -> None:
        if depth > 3:
            raise FrameworkError([Problem(Where(indicator=".".join(path)), "Excel 格式最多三级指标")])
        here = path + (node["id"],)
        row: dict[str, Any] = {HEAD[depth - 1]: node["name"], "编号": node["id"], "分值": node["weight"]}
        extra = {k: node[k] for k in ("veto",) if k in node}
        if extra:
            row["其他参数（YAML）"] = _flow(extra)
        if "description" in node:
            row["指标说明"] = node["description"]
        if "source" in node:
            row["来源"] = node["source"]
        rows.append(row)
        parts = node.get("parts")
        if parts is None:
            for child in node["children"]:
                visit(child, depth + 1, here)
            return
        ind = rules[here]
        single = len(parts) == 1 and parts[0]["id"] == "main" and parts[0]["label"] == node["name"] \
            and parts[0]["points"] == node["weight"] and "source" not in parts[0] and "source" not in node
        if single:
            cells = _rule_cells(parts[0]["rule"])
            if "其他参数（YAML）" in row and "其他参数（YAML）" in cells:
                merged = yaml.safe_load(row["其他参数（YAML）"]) | yaml.safe_load(cells["其他参数（YAML）"])
                cells["其他参数（YAML）"] = _flow(merged)
            row.update(cells)
            row["评分标准（导出时生成，导入时不读）"] = ind.parts[0].rule.describe(ind.parts[0].points)  # type: ignore[index]
            return
        for part_raw, part in zip(parts, ind.parts or ()):
            prow = {"评分细项": part_raw["label"], "编号": part_raw["id"], "分值": part_raw["points"]}
            prow.update(_rule_cells(part_raw["rule"]))
            if "source" in part_raw:  # a part's own source (rare): kept in 其他参数
                other = yaml.safe_load(prow.get("其他参数（YAML）") or "{}") | {"细项来源": part_raw["source"]}
                prow["其他参数（YAML）"] = _flow(other)
            prow["评分标准（导出时生成，导入时不读）"] = part.rule.describe(part.points)
            rows.append(prow)

    for top in raw["indicators"]:
        visit(top, 1, ())
    return rows


def _info(raw: dict[str, Any]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for label in INFO_ROWS[:-2]:
        value = _get(raw, INFO_KEYS[label])
        if value is not None:
            out.append((label, value))
    if "monitoring" in raw:
        out.append(("运行监控（YAML）", _flow(raw["monitoring"])))
    for source in raw.get("sources", []):
        out.append(("来源", source))
    return out


def _text_cell(ws, row: int, col: int, value: Any):
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        number = re.fullmatch(r"-?\d+(\.\d+)?", value)
        if number and HEAD[col - 1] in ("分值", "阈值（%）", "扣分") or (number and ws.title in ("等级",) and col == 2):
            cell.value = Decimal(value)
        else:
            cell.value = value
            cell.data_type = "s"  # never a formula
    else:
        cell.value = value
    return cell


def write_framework_xlsx(fw: Framework | None, path: str | Path) -> Path:
    """``fw`` in the Excel shape; ``None`` writes the blank template with an example."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    wb = Workbook()
    guide = wb.active
    guide.title = "说明"
    for i, line in enumerate(GUIDE, 1):
        guide.cell(row=i, column=1, value=line).data_type = "s"
    guide.column_dimensions["A"].width = 110

    raw = framework_raw(fw) if fw is not None else EXAMPLE
    info = wb.create_sheet("基本信息")
    info.append(["项目", "内容"])
    for label, value in _info(raw):
        r = info.max_row + 1
        info.cell(row=r, column=1, value=label)
        _text_cell(info, r, 2, value)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 20, 90

    grades = wb.create_sheet("等级")
    grades.append(["等级", "最低分", "预算建议"])
    for g in raw.get("grades", EXAMPLE["grades"]):
        r = grades.max_row + 1
        _text_cell(grades, r, 1, g["grade"])
        _text_cell(grades, r, 2, g["min"])
        if g.get("budget_advice"):
            _text_cell(grades, r, 3, g["budget_advice"])

    ws = wb.create_sheet("指标")
    ws.append(HEAD)
    rows = framework_rows(fw) if fw is not None else EXAMPLE_ROWS
    for row in rows:
        r = ws.max_row + 1
        for col_name, value in row.items():
            col = COL[col_name]
            if value is not None:
                _text_cell(ws, r, col, value).alignment = wrap
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = w
    for sheet in (info, grades, ws):
        for c in sheet[1]:
            c.font, c.fill = bold, fill
    ws.freeze_panes = "E2"

    kinds = wb.create_sheet("计分方法")
    kinds.append(["计分方法", "说明", "有标签的参数列"])
    for k, (cn, what) in KINDS.items():
        kinds.append([KIND_LABEL[k], what, "、".join(MAPPING[k]) or "（全部写在其他参数）"])
    kinds.column_dimensions["A"].width, kinds.column_dimensions["B"].width, kinds.column_dimensions["C"].width = 28, 44, 40
    dv = DataValidation(type="list", formula1=f"=计分方法!$A$2:$A${len(KINDS) + 1}", allow_blank=True,
                        showErrorMessage=True, errorTitle="计分方法", error="请从下拉列表中选择计分方法")
    ws.add_data_validation(dv)
    dv.add(f"G2:G{max(200, ws.max_row + 100)}")
    out = Path(path)
    wb.save(out)
    return out


# --------------------------------------------------------------------------- import


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value).strip()
    return text or None


def _num(text: str, where: Where, problems: list[Problem]) -> Any:
    try:
        return plain(parse_decimal(text))
    except ValueError as exc:
        problems.append(Problem(where, f"{exc}"))
        return None


def _rows(ws) -> list[tuple[int, list[str | None]]]:
    out = []
    blank = 0
    for r, values in enumerate(ws.iter_rows(min_row=2, max_col=len(HEAD), values_only=True), start=2):
        if r > MAX_ROWS:
            break
        cells = [_cell_text(v) for v in values] + [None] * (len(HEAD) - len(values))
        if not any(cells):
            blank += 1
            if blank > 50:
                break
            continue
        blank = 0
        out.append((r, cells))
    return out


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


MAX_UNPACKED = 50 * 1024 * 1024  # bytes a workbook may inflate to (a framework is a few hundred KB)


def _check_zip(source: Any, name: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(source) as z:
            size = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        raise FrameworkError([Problem(Where(file=name), f"不是有效的 .xlsx 文件")]) from None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if size > MAX_UNPACKED:
        raise FrameworkError([Problem(Where(file=name), f"解压后 {size // 1048576} MB，超过 {MAX_UNPACKED // 1048576} MB 上限，不是指标体系文件")])


def read_framework_xlsx(path: Any, *, name: str | None = None) -> Framework:
    """The framework in a workbook of this shape (a path, or an open binary file such as an upload);
    FrameworkError lists every problem with sheet!cell."""
    from openpyxl import load_workbook

    if not hasattr(path, "read"):
        path = Path(path)
        name = name or path.name
    name = name or str(getattr(path, "name", "上传的文件"))
    _check_zip(path, name)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        raise FrameworkError([Problem(Where(file=name), f"不是可读取的 .xlsx 文件（{type(exc).__name__}）")]) from None
    missing = [s for s in ("基本信息", "等级", "指标") if s not in wb.sheetnames]
    if missing:
        raise FrameworkError([Problem(Where(file=name), f"缺少工作表 {'、'.join(missing)}（请用 jixiao framework template 生成的模板）")])
    problems: list[Problem] = []
    raw: dict[str, Any] = {}
    where_of: dict[tuple, Any] = {}  # data path → its Where, or its row on 指标 (as text)

    def at(sheet: str, col: int, row: int) -> Where:
        return Where(file=name, sheet=sheet, cell=f"{_letter(col)}{row}")

    # 基本信息
    for r, values in enumerate(wb["基本信息"].iter_rows(min_row=2, max_col=2, values_only=True), start=2):
        if r > 200:
            break
        label, value = (_cell_text(v) for v in (list(values) + [None, None])[:2])
        if label is None and value is None:
            continue
        if label not in INFO_ROWS:
            problems.append(Problem(at('基本信息', 1, r), f"未知项目“{label}”（可填：{'、'.join(INFO_ROWS)}）"))
            continue
        if value is None:
            continue
        where = at("基本信息", 2, r)
        if label == "来源":
            raw.setdefault("sources", []).append(value)
        elif label == "运行监控（YAML）":
            try:
                raw["monitoring"] = parse_yaml(value, str(where)).data
            except SourceError as exc:
                problems.append(Problem(where, exc.message))
            where_of[("monitoring",)] = where
        else:
            key = INFO_KEYS[label]
            if label in ("总分",):
                value = _num(value, where, problems)
            elif label in ("年度", "小数位数", "比率小数位"):
                value = int(value) if re.fullmatch(r"\d+", value) else value
            _set(raw, key, value)
            where_of[key] = where
    # 等级
    grades = []
    for r, values in enumerate(wb["等级"].iter_rows(min_row=2, max_col=3, values_only=True), start=2):
        if r > 100:
            break
        g, m, advice = (_cell_text(v) for v in (list(values) + [None] * 3)[:3])
        if g is None and m is None and advice is None:
            continue
        entry: dict[str, Any] = {"grade": g, "min": _num(m, at("等级", 2, r), problems) if m else None}
        if advice:
            entry["budget_advice"] = advice
        where_of[("grades", len(grades))] = at("等级", 1, r)
        grades.append(entry)
    if grades:
        raw["grades"] = grades
    # 指标
    raw["indicators"] = []
    stack: list[tuple[dict[str, Any], tuple]] = []  # (indicator, loc) per level
    row_of: dict[str, int] = {}  # dotted id path → row
    last_leaf_rule: dict[int, dict] = {}
    auto = 0
    for r, cells in _rows(wb["指标"]):
        get = {h: cells[i] for i, h in enumerate(HEAD)}
        levels = [i for i in range(4) if cells[i]]
        if len(levels) != 1:
            problems.append(Problem(at('指标', 1, r), f"每行只在一级、二级、三级指标或评分细项中的一列填写名称（本行{'未填写' if not levels else '填了' + str(len(levels)) + '列'}）"))
            continue
        level = levels[0] + 1
        ident = get["编号"]
        auto += 1
        weight = _num(get["分值"], at("指标", COL["分值"], r), problems) if get["分值"] else None
        if weight is None and not get["分值"]:
            problems.append(Problem(at('指标', COL['分值'], r), f"缺少分值"))
        rule = _read_rule(get, r, at, problems) if get["计分方法"] else None
        if level == 4:  # a 评分细项 of the indicator above
            if not stack or "children" in stack[-1][0] and stack[-1][0]["children"]:
                problems.append(Problem(at('指标', 4, r), f"评分细项应紧跟在它所属的末级指标之后"))
                continue
            ind, loc = stack[-1]
            if ind.get("_single"):
                problems.append(Problem(at('指标', COL['计分方法'], ind['_row']), f"指标行已有计分方法，又列了评分细项；二者选一"))
                continue
            parts = ind.setdefault("parts", [])
            part: dict[str, Any] = {"id": ident or f"p{len(parts) + 1}", "label": get["评分细项"], "points": weight}
            if rule is None:
                problems.append(Problem(at('指标', COL['计分方法'], r), f"评分细项缺少计分方法"))
            else:
                if "细项来源" in rule:
                    part["source"] = rule.pop("细项来源")
                part["rule"] = rule
            where_of[loc + ("parts", len(parts))] = str(r)
            parts.append(part)
            continue
        if level > len(stack) + 1:
            problems.append(Problem(at('指标', level, r), f"{HEAD[level - 1]}前面没有上一级指标"))
            continue
        node: dict[str, Any] = {"id": ident or f"i{auto}", "name": get[HEAD[level - 1]], "weight": weight, "_row": r,
                                "_bad_rule": bool(get["计分方法"]) and rule is None}
        if get["指标说明"]:
            node["description"] = get["指标说明"]
        extra = {}
        if get["其他参数（YAML）"] and rule is None:
            extra = _yaml(get["其他参数（YAML）"], at("指标", COL["其他参数（YAML）"], r), problems)
        elif rule is not None and "veto" in rule:
            extra = {"veto": rule.pop("veto")}
        if "veto" in extra:
            node["veto"] = extra.pop("veto")
        if extra:
            problems.append(Problem(at('指标', COL['其他参数（YAML）'], r), f"指标行的其他参数只能是 veto（否决项）"))
        if rule is not None:  # the row's 来源 stays with its rule
            node["parts"] = [{"id": "main", "label": node["name"], "points": weight, "rule": rule}]
            node["_single"] = True
        elif get["来源"]:
            node["source"] = get["来源"]
        del stack[level - 1 :]
        if level == 1:
            loc: tuple = ("indicators", len(raw["indicators"]))
            raw["indicators"].append(node)
        else:
            parent, ploc = stack[-1]
            if "parts" in parent:
                problems.append(Problem(at('指标', level, r), f"上一级指标已有计分方法，不能再有下级指标"))
                continue
            kids = parent.setdefault("children", [])
            loc = ploc + ("children", len(kids))
            kids.append(node)
        where_of[loc] = str(r)
        stack.append((node, loc))
    # finish: indicators without children or parts
    def finish(nodes: list[dict], path: tuple[str, ...]) -> None:
        for n in nodes:
            row = n.pop("_row")
            n.pop("_single", None)
            bad_rule = n.pop("_bad_rule", False)
            here = path + (str(n["id"]),)
            row_of[".".join(here)] = row
            if "children" not in n and "parts" not in n and not bad_rule:
                problems.append(Problem(at('指标', COL['计分方法'], row), f"指标“{n['name']}”既没有下级指标，也没有计分方法"))
            finish(n.get("children", []), here)

    finish(raw["indicators"], ())
    if problems:
        raise FrameworkError(problems)
    try:
        fw = Framework.model_validate(raw)
    except ValidationError as exc:
        for loc, err in iter_errors(exc):
            problems.append(Problem(_where(loc, where_of, at, name), f"{_field(loc)}{message_for(err, None)}"))
        raise FrameworkError(problems) from None
    for dotted, msg in check_framework(fw):
        parts = dotted.split(".")
        row = None
        while parts and row is None:
            row = row_of.get(".".join(parts))
            parts = parts[:-1]
        place = at("指标", 1, row) if row else Where(file=name, sheet="等级" if dotted == "grades" else "指标")
        problems.append(Problem(place, msg))
    if problems:
        raise FrameworkError(problems)
    return fw


def _field(loc: tuple) -> str:
    names = [str(x) for x in loc if not isinstance(x, int) and x not in ("indicators", "children", "parts")]
    return f"{'.'.join(names[-3:])}：" if names else ""


def _where(loc: tuple, where_of: dict[tuple, Any], at, name: str) -> Where:
    loc = tuple(loc)
    probe = loc
    while probe:
        if probe in where_of:
            found = where_of[probe]
            if isinstance(found, str) and found.isdigit():
                rest = loc[len(probe):]
                col = COL["分值"] if rest[:1] in (("weight",), ("points",)) else COL["编号"] if rest[:1] == ("id",) else \
                    COL["计分方法"] if rest[:1] == ("rule",) else 1
                return at("指标", col, int(found))
            return found
        probe = probe[:-1]
    return Where(file=name, sheet="基本信息")


def _yaml(text: str, where: Where, problems: list[Problem]) -> dict:
    try:
        data = parse_yaml(text, str(where)).data
    except SourceError as exc:
        problems.append(Problem(where, exc.message))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(where, f"其他参数应写成 {{键: 值, …}}"))
        return {}
    return data


def _read_rule(get: dict[str, str | None], r: int, at, problems: list[Problem]) -> dict[str, Any] | None:
    label = get["计分方法"]
    kind = LABEL_KIND.get(label or "")
    if kind is None:
        problems.append(Problem(at('指标', COL['计分方法'], r), f"计分方法“{label}”不在下拉列表中（可选：{'、'.join(KIND_LABEL.values())}）"))
        return None
    rule: dict[str, Any] = _yaml(get["其他参数（YAML）"], at("指标", COL["其他参数（YAML）"], r), problems) if get["其他参数（YAML）"] else {}
    mapping = MAPPING[kind]
    for col in PARAM_COLS:
        value = get[col]
        if value is None:
            continue
        if col not in mapping:
            problems.append(Problem(at('指标', COL[col], r), f"计分方法“{KINDS[kind][0]}”不用“{col}”一列（此方法的参数列：{'、'.join(mapping) or '无，全部写在其他参数'}）"))
            continue
        path = mapping[col]
        if path == ("rate", "denominator"):
            value = [v.strip() for v in value.split("+")]  # type: ignore[assignment]
        elif col in ("阈值（%）", "扣分"):
            value = _num(value, at("指标", COL[col], r), problems)
        _set(rule, path, value)
    if kind == "tiers" or kind == "coefficient_bands":
        # a fact read directly (e.g. 满意度): 分子 names it, 比率名称 labels it, no 分母
        rate = rule.get("rate")
        if isinstance(rate, dict) and "denominator" not in rate and "fact" not in rule:
            rule.pop("rate")
            if "numerator" in rate:
                rule["fact"] = rate["numerator"]
            if "label" in rate:
                rule["label"] = rate["label"]
    if get["来源"]:
        rule["source"] = get["来源"]
    rule["kind"] = kind
    return rule


GUIDE = [
    "指标体系 Excel 模板（jixiao framework template 生成；jixiao framework import 导入）",
    "1. 基本信息：编号（小写字母、数字、连字符，如 my-district-2025）、名称、总分必填；来源可填多行（设定分值和评分标准的文件）。",
    "2. 等级：等级名称和最低分（如 优 90、良 80、中 60、差 0；最低一档应为 0）。",
    "3. 指标：每行一个指标，名称写在它所在层级的一列（一级、二级、三级指标）；下级指标分值之和须等于上级分值。",
    "   末级指标在同一行选择“计分方法”（下拉列表）并填写参数列；一个指标分几个评分细项时，在其下方各用一行写在“评分细项”列。",
    "   编号可不填（自动编号）；填写时用小写字母、数字和下划线，全表不重复。",
    "4. 参数列：评判内容、比率名称、分子、分母（多项相加写作 a+b）、阈值（%）、扣分；各计分方法用哪几列见“计分方法”工作表。",
    "   分子、分母填数据项名称（jixiao schema / docs/frameworks.md 列出，如 budget.executed、budget.adjusted、satisfaction）。",
    "   没有单独一列的参数写在“其他参数（YAML）”，如 分档：{bands: [{min: 90, score: 2}, {max: 90, score: 0}]}；百分数按百分数写（90 表示 90%）。",
    "5. 评分标准一列由导出生成，供核对，导入时不读。公开文件未规定计分公式的指标，请选“评判”，由评价人打分并写明理由。",
    "6. 导入时一次列出全部问题，每条写明工作表和单元格。",
]
EXAMPLE: dict[str, Any] = {
    "id": "example-district-2025", "name": "某区部门整体支出绩效评价指标体系（示例）", "total": "100",
    "sources": ["填写设定分值和评分标准的文件名称和文号"],
    "grades": [{"grade": "优", "min": "90"}, {"grade": "良", "min": "80"}, {"grade": "中", "min": "60"}, {"grade": "差", "min": "0"}],
}
EXAMPLE_ROWS: list[dict[str, Any]] = [
    {"一级指标": "预算执行", "分值": "40"},
    {"二级指标": "预算执行率", "分值": "40", "计分方法": KIND_LABEL["ratio"], "比率名称": "预算执行率", "分子": "budget.executed",
     "分母": "budget.adjusted", "其他参数（YAML）": "{over: cap}", "指标说明": "执行数/调整后预算数×分值，超过100%按100%计"},
    {"一级指标": "履职效果", "分值": "60"},
    {"二级指标": "满意度", "分值": "20", "计分方法": KIND_LABEL["coefficient_bands"], "分子": "satisfaction", "比率名称": "满意度",
     "其他参数（YAML）": "{bands: [{min: 90, coefficient_pct: 100}, {min: 80, max: 90, coefficient_pct: 80}, {max: 80, coefficient_pct: 0}]}"},
    {"二级指标": "重点工作完成情况", "分值": "40", "计分方法": KIND_LABEL["judgement"], "评判内容": "年度重点工作是否按期保质完成"},
]
