"""What changes between two frameworks, indicator by indicator: added and removed indicators,
weights, wording (names, 指标说明), rule kinds and rule parameters (thresholds, bands, deductions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .framework import Framework

_WHAT = {"name": "名称", "weight": "分值", "description": "指标说明", "source": "来源", "veto": "否决项",
         "points": "细项分值", "label": "细项名称", "kind": "计分方法"}


@dataclass(frozen=True, slots=True)
class Change:
    path: str  # indicator names from the 一级 down (new framework's where it exists)
    ident: str  # indicator id (· part id)
    what: str  # Chinese: 新增指标 / 删除指标 / 分值 / 名称 / 计分方法 / 参数 rate.numerator …
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.path}［{self.ident}］ {self.what}：{self.before or '—'} → {self.after or '—'}"


def _flat(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        out = {}
        for i, v in enumerate(value):
            out.update(_flat(v, f"{prefix}[{i + 1}]"))
        return out
    if isinstance(value, list):
        return {prefix: "+".join(str(v) for v in value)}
    return {prefix: "" if value is None else str(value)}


def _index(fw: Framework, raw: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    out: dict[str, tuple[str, dict[str, Any]]] = {}

    def visit(nodes: list[dict[str, Any]], names: tuple[str, ...]) -> None:
        for n in nodes:
            here = names + (n["name"],)
            out[n["id"]] = ("／".join(here), n)
            visit(n.get("children", []), here)

    visit(raw["indicators"], ())
    return out


def diff_frameworks(old: Framework, new: Framework) -> list[Change]:
    from ..frameworks.raw import framework_raw  # the inverse of loading; pure data

    a, b = _index(old, framework_raw(old)), _index(new, framework_raw(new))
    changes: list[Change] = []
    for ident, (path, node) in b.items():
        if ident not in a:
            changes.append(Change(path, ident, "新增指标", "", f"{node['name']} {node['weight']}分"))
    for ident, (path, node) in a.items():
        if ident not in b:
            changes.append(Change(path, ident, "删除指标", f"{node['name']} {node['weight']}分", ""))
    for ident, (path, new_node) in b.items():
        if ident not in a:
            continue
        old_node = a[ident][1]
        for key in ("name", "weight", "description", "veto"):
            if old_node.get(key) != new_node.get(key):
                changes.append(Change(path, ident, _WHAT[key], _text(old_node.get(key)), _text(new_node.get(key))))
        old_parts = {p["id"]: p for p in old_node.get("parts", [])}
        new_parts = {p["id"]: p for p in new_node.get("parts", [])}
        for pid in new_parts.keys() - old_parts.keys():
            changes.append(Change(path, f"{ident}·{pid}", "新增细项", "", f"{new_parts[pid]['label']} {new_parts[pid]['points']}分"))
        for pid in old_parts.keys() - new_parts.keys():
            changes.append(Change(path, f"{ident}·{pid}", "删除细项", f"{old_parts[pid]['label']} {old_parts[pid]['points']}分", ""))
        for pid in [p for p in new_parts if p in old_parts]:
            op, np_ = old_parts[pid], new_parts[pid]
            where = f"{ident}·{pid}"
            for key in ("label", "points"):
                if op.get(key) != np_.get(key):
                    changes.append(Change(path, where, _WHAT[key], _text(op.get(key)), _text(np_.get(key))))
            if op["rule"]["kind"] != np_["rule"]["kind"]:
                changes.append(Change(path, where, "计分方法", op["rule"]["kind"], np_["rule"]["kind"]))
                continue
            fo, fn = _flat(op["rule"]), _flat(np_["rule"])
            for key in sorted(fo.keys() | fn.keys()):
                if fo.get(key) != fn.get(key) and key != "source":
                    changes.append(Change(path, where, f"参数 {key}", fo.get(key, ""), fn.get(key, "")))
    return changes


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "；".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
