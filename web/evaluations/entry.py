"""The data-entry form: the same fields as the Excel template, posted as dotted input paths.

Field names are the input's own paths (``budget.initial``, ``projects[3].spent``,
``judgements.asset_safety.checks.items.custody``), so a problem from validation names
the field it belongs to. Posted text is parsed with the template importer's parsers
(one set of rules for Excel and web), and re-shown as typed when anything is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.core.framework import Framework
from jixiao.core.inputs import DepartmentYear
from jixiao.io import excel_layout as L
from jixiao.io.excel_cells import CellError
from jixiao.io.errors import parse_field
from jixiao.io.excel_import import parse_value
from jixiao.problems import Problem

from . import wording

EXTRA_ROWS = 1  # blank rows offered under each list (the page adds more in the browser: 添加一行, paste)
_DEFAULTED = ("kind", "bool_default")  # selects that always post a value


@dataclass
class Input:
    name: str
    label: str
    kind: str
    unit: str = ""
    note: str = ""
    value: str = ""
    error: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for a select


@dataclass
class Group:
    title: str
    inputs: list[Input] = field(default_factory=list)


@dataclass
class Table:
    title: str
    name: str
    headers: list[str]
    rows: list[list[Input]]


@dataclass
class JudgementRow:
    indicator: str
    part: str
    content: str
    guide: str
    kind: str
    inputs: list[Input]


@dataclass
class Form:
    groups: list[Group]
    tables: list[Table]
    judgements: list[JudgementRow]
    texts: list[Input]
    errors: list[str] = field(default_factory=list)  # problems that belong to no single field

    def all_inputs(self):
        for g in self.groups:
            yield from g.inputs
        for t in self.tables:
            for row in t.rows:
                yield from row
        for j in self.judgements:
            yield from j.inputs
        yield from self.texts


def _dotted(key: tuple) -> str:
    out = ""
    for step in key:
        out += f"[{step}]" if isinstance(step, int) else ("." if out else "") + str(step)
    return out


def _shown(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if kind == "kind":
        return L.KIND_LABELS.get(value, value)
    if kind == "direction":
        return L.DIRECTION_LABELS.get(value, value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _get(raw: dict, key: tuple) -> Any:
    node: Any = raw
    for step in key:
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return None
        if node is None:
            return None
    return node


_CHOICES = {
    "unit": tuple((u, u) for u in L.UNITS),
    "bool": (("", "—"), ("是", "是"), ("否", "否")),
    "bool_default": (("", "—"), ("是", "是"), ("否", "否")),
    "kind": (("定量", "定量"), ("定性", "定性")),
    "direction": (("", "—"), ("≥", "≥"), ("≤", "≤"), ("=", "=")),
}


def build_form(fw: Framework, data: DepartmentYear | dict | None, posted: dict[str, str] | None = None) -> Form:
    """The form, filled from ``data`` (or stored data as a dict) or, after a failed save, from the posted text."""
    raw = data if isinstance(data, dict) else data.model_dump(mode="python", exclude_none=True) if data is not None else {}

    # The framework's own lists, as the Excel template's dropdowns: 档次 and 类别 of the targets.
    lists = {"level": L.target_levels(fw), "category": L.target_categories(fw)}

    def make(name: str, f: L.Field, value: Any) -> Input:
        text = posted.get(name, "") if posted is not None else _shown(value, f.kind)
        choices = _CHOICES.get(f.kind, ())
        if lists.get(f.kind):
            options = lists[f.kind] + ([text] if text and text not in lists[f.kind] else [])  # keep what was typed
            choices = (("", "—"),) + tuple((o, o) for o in options)
        return Input(name, f.label, f.kind, "" if f.kind == "money" else f.unit, f.note, text, "", choices)

    groups = []
    for section in L.BASIC_SECTIONS:
        inputs = [make(_dotted(f.key), f, _get(raw, f.key)) for f in section.fields if f.key[0] not in ("department", "year", "framework")]
        groups.append(Group(section.title, inputs))

    quarters = {q["quarter"]: q for q in raw.get("quarterly", [])}
    q_rows = [[make(f"quarterly.{n}.{f.key[0]}", f, quarters.get(n, {}).get(f.key[0])) for f in L.QUARTER_FIELDS]
              for n in (1, 2, 3, 4)]
    tables = [Table("季度末累计支出", "quarterly", list(L.QUARTER_NAMES), q_rows)]

    for title, name, fields in (("二级项目", "projects", L.PROJECT_FIELDS), ("重点工作", "key_tasks", L.TASK_FIELDS),
                                ("绩效指标（个性指标）", "targets", L.TARGET_FIELDS)):
        items = raw.get(name, [])
        count = len(items) + EXTRA_ROWS
        if posted is not None:
            count = max(count, 1 + max((int(k.split("[")[1].split("]")[0]) for k in posted if k.startswith(f"{name}[")), default=-1))
        rows = [[make(f"{name}[{i}].{_dotted(f.key)}", f, _get(items[i], f.key) if i < len(items) else None) for f in fields]
                for i in range(count)]
        tables.append(Table(title, name, [f.label for f in fields], rows))

    # 项目绩效指标: each project's own targets, one row each with its project's name
    items = [{"project": p.get("name"), **t} for p in raw.get("projects", []) for t in p.get("targets", [])]
    count = len(items) + EXTRA_ROWS
    if posted is not None:
        count = max(count, 1 + max((int(k.split("[")[1].split("]")[0]) for k in posted if k.startswith("project_targets[")), default=-1))
    rows = [[make(f"project_targets[{i}].{_dotted(f.key)}", f, _get(items[i], f.key) if i < len(items) else None)
             for f in L.PROJECT_TARGET_FIELDS] for i in range(count)]
    tables.append(Table("项目绩效指标（项目支出绩效自评表）", "project_targets", [f.label for f in L.PROJECT_TARGET_FIELDS], rows))

    judgements = []
    answers = raw.get("judgements", {})
    for jr in L.judgement_rows(fw):
        base = f"judgements.{jr.indicator}.{jr.part}"
        given = answers.get(jr.indicator, {}).get(jr.part, {})
        inputs: list[Input] = []

        def add(name: str, label: str, kind: str, value: Any, choices=()) -> None:
            text = posted.get(name, "") if posted is not None else _shown(value, kind)
            inputs.append(Input(name, label, kind, value=text, choices=choices or _CHOICES.get(kind, ())))

        if jr.kind == "item":
            add(f"{base}.items.{jr.item}", "是否达到", "bool", given.get("items", {}).get(jr.item))
        else:
            if jr.kind == "level":
                add(f"{base}.level", "档次", "level", given.get("level"), (("", "—"),) + tuple((i, t) for t, i in jr.options))
            elif jr.kind == "veto":
                add(f"{base}.triggered", "是否发生", "bool", given.get("triggered"))
            elif jr.kind == "count":
                add(f"{base}.count", "数量", "count", given.get("count"))
            elif jr.kind in ("score", "override"):
                add(f"{base}.score", "得分", "number", given.get("score"))
            add(f"{base}.reason", "理由", "text", given.get("reason"))
        judgements.append(JudgementRow(jr.indicator, jr.part, jr.content, jr.guide, jr.kind, inputs))

    texts = [Input(_dotted(f.key), f.label, "text", value=posted.get(_dotted(f.key), "") if posted is not None
                   else _shown(_get(raw, f.key), "text")) for f in L.TEXT_FIELDS]
    return Form(groups, tables, judgements, texts)


def _set(raw: dict, key: tuple, value: Any) -> None:
    node = raw
    for step in key[:-1]:
        node = node.setdefault(step, {})
    node[key[-1]] = value


def _fields_by_name(fw: Framework) -> dict[str, str]:
    """Form field name → layout kind, for every field a post may hold (lists by their column)."""
    kinds = {_dotted(f.key): f.kind for s in L.BASIC_SECTIONS for f in s.fields}
    kinds.update({f"quarterly.*.{f.key[0]}": f.kind for f in L.QUARTER_FIELDS})
    for name, fields in (("projects", L.PROJECT_FIELDS), ("key_tasks", L.TASK_FIELDS), ("targets", L.TARGET_FIELDS),
                         ("project_targets", L.PROJECT_TARGET_FIELDS)):
        kinds.update({f"{name}[*].{_dotted(f.key)}": f.kind for f in fields})
    kinds.update({_dotted(f.key): "text" for f in L.TEXT_FIELDS})
    return kinds


def parse_post(fw: Framework, post: dict[str, str]) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """(raw input, field errors by name, input path → form name for later problems)."""
    kinds = _fields_by_name(fw)
    raw: dict[str, Any] = {}
    errors: dict[str, str] = {}
    names: dict[str, str] = {}

    def take(name: str, key: tuple, kind: str) -> Any:
        try:
            value = parse_value(kind, post.get(name, ""))
        except CellError as exc:
            errors[name] = str(exc)
            return None
        return value

    for name, kind in kinds.items():
        if "*" in name or name not in post:
            continue
        key = parse_field(name)
        value = take(name, key, kind)
        names[name] = name
        if value is not None:
            _set(raw, key, value)

    quarters = []
    for n in (1, 2, 3, 4):
        item: dict[str, Any] = {}
        for f in L.QUARTER_FIELDS:
            name = f"quarterly.{n}.{f.key[0]}"
            value = take(name, (), f.kind)
            if value is not None:
                item[f.key[0]] = value
        if item:
            names[f"quarterly[{len(quarters)}]"] = f"quarterly.{n}.progress_pct"
            for f in L.QUARTER_FIELDS:
                names[f"quarterly[{len(quarters)}].{f.key[0]}"] = f"quarterly.{n}.{f.key[0]}"
            quarters.append({"quarter": n, **item})
    if quarters:
        raw["quarterly"] = quarters

    for list_name, fields in (("projects", L.PROJECT_FIELDS), ("key_tasks", L.TASK_FIELDS), ("targets", L.TARGET_FIELDS),
                              ("project_targets", L.PROJECT_TARGET_FIELDS)):
        indices = sorted({int(k.split("[")[1].split("]")[0]) for k in post if k.startswith(f"{list_name}[")})
        items = []
        for i in indices:
            if all(not str(post.get(f"{list_name}[{i}].{_dotted(f.key)}", "")).strip()
                   for f in fields if f.kind not in _DEFAULTED):
                continue  # a blank row (a select that shows its default does not count)
            item: dict[str, Any] = {}
            for f in fields:
                name = f"{list_name}[{i}].{_dotted(f.key)}"
                value = take(name, f.key, f.kind)
                names[f"{list_name}[{len(items)}].{_dotted(f.key)}"] = name
                if value is not None:
                    if f.kind == "kind" and value in L.KINDS:
                        value = L.KINDS[value]
                    _set(item, f.key, value)
            if "quarterly_spent" in item:
                spent = item["quarterly_spent"]
                item["quarterly_spent"] = [spent[k] for k in sorted(spent)]
            names[f"{list_name}[{len(items)}]"] = f"{list_name}[{i}].{_dotted(fields[0].key)}"
            items.append(item)
        if items:
            raw[list_name] = items

    _attach_project_targets(raw, errors, names)

    judgements: dict[str, dict[str, Any]] = {}
    for jr in L.judgement_rows(fw):
        if jr.kind == "item":
            continue
        base = f"judgements.{jr.indicator}.{jr.part}"
        answer: dict[str, Any] = {}
        if jr.kind == "checklist":
            items = {}
            for other in L.judgement_rows(fw):
                if other.kind == "item" and (other.indicator, other.part) == (jr.indicator, jr.part):
                    name = f"{base}.items.{other.item}"
                    value = take(name, (), "bool")
                    names[name] = name
                    if value is not None:
                        items[other.item] = value
            if items:
                answer["items"] = items
        elif jr.kind == "level":
            level = post.get(f"{base}.level", "").strip()
            if level:
                answer["level"] = level
        elif jr.kind == "veto":
            answer["triggered"] = take(f"{base}.triggered", (), "bool")
        elif jr.kind == "count":
            answer["count"] = take(f"{base}.count", (), "count")
        else:
            answer["score"] = take(f"{base}.score", (), "number")
        answer = {k: v for k, v in answer.items() if v is not None}
        reason = post.get(f"{base}.reason", "").strip()
        for suffix in ("level", "triggered", "count", "score", "reason"):
            names[f"{base}.{suffix}"] = f"{base}.{suffix}"
        names[base] = f"{base}.reason"
        value_field = {"level": "level", "veto": "triggered", "count": "count"}.get(jr.kind, "score")
        if jr.kind != "checklist":
            names[f"{base}#value"] = f"{base}.{value_field}"
        if answer or reason:
            if reason:
                answer["reason"] = reason
            judgements.setdefault(jr.indicator, {})[jr.part] = answer
    if judgements:
        raw["judgements"] = judgements
    return raw, errors, names


def _attach_project_targets(raw: dict[str, Any], errors: dict[str, str], names: dict[str, str]) -> None:
    """Move the 项目绩效指标 rows into their projects (by name), keeping each field's form name."""
    rows = raw.pop("project_targets", [])
    projects = raw.get("projects", [])
    for k, item in enumerate(rows):
        name = item.pop("project", None)
        matches = [i for i, p in enumerate(projects) if p.get("name") == name]
        form_name = names.get(f"project_targets[{k}].project", f"project_targets[{k}].project")
        if name is None or len(matches) != 1:
            errors[form_name] = ("应填写项目名称" if name is None else
                                 f"项目“{name}”在二级项目表中{'找不到' if not matches else '出现多次'}")
            continue
        targets = projects[matches[0]].setdefault("targets", [])
        base = f"projects[{matches[0]}].targets[{len(targets)}]"
        for key in [key for key in names if key.startswith(f"project_targets[{k}]")]:
            names[base + key[len(f"project_targets[{k}]"):]] = names[key]
        targets.append(item)


def attach_problems(form: Form, problems: list[Problem], names: dict[str, str], fw: Framework | None = None) -> None:
    """Put each problem next to its field (the closest one known), the rest at the top."""
    by_name = {i.name: i for i in form.all_inputs()}
    for problem in problems:
        path, message = problem.field, problem.what
        probe = path
        if f"{path}#value" in names and "理由" not in message:
            probe = names[f"{path}#value"]  # an answer's problem that is not about its reason: next to the value
        target = None
        while probe:
            target = by_name.get(names.get(probe, probe))
            if target is not None:
                break
            probe = probe.rsplit(".", 1)[0] if "." in probe else (probe.rsplit("[", 1)[0] if "[" in probe else "")
        if target is not None:
            shown = wording.message(message)
            target.error = f"{target.error}；{shown}" if target.error else shown
        else:
            form.errors.append(wording.problem(path, message, fw))


def field_errors(form: Form, errors: dict[str, str]) -> None:
    by_name = {i.name: i for i in form.all_inputs()}
    for name, message in errors.items():
        if name in by_name:
            by_name[name].error = message
        else:
            form.errors.append(message)
