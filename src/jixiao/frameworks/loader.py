"""Strict loading of framework files.

A framework file is YAML. It may ``extends: <id>`` another framework and then give
``patches: {indicator_id: {field: value}}`` (mappings merge, lists and scalars
replace) and top-level fields of its own. Unknown keys, duplicate keys, wrong types
and weights that do not add up are errors naming the file, line and indicator path.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.framework import Framework, check_framework
from ..io.errors import allowed_fields, iter_errors, message_for, strip_tags
from ..io.yamlio import Document, SourceError, read_document
from ..problems import Problem, Where

DATA_DIR = Path(__file__).parent / "data"
_EXTENSION_KEYS = {"extends", "patches"}
_SHIPPED_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")  # the Framework.id pattern, bounded


def _shown_id(ident: object) -> str:
    text = str(ident)
    return text if len(text) <= 40 else text[:39] + "…"


class FrameworkError(ValueError):
    """One or more problems in a framework file; each line names file, line and indicator path."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _indicator_path(raw: Any, loc: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """Turn ('indicators', 0, 'children', 1, 'parts', 0, 'rule', 'x') into
    ('decision.budgeting', ('parts', 0, 'rule', 'x')): ids where the data has them."""
    ids: list[str] = []
    node = raw
    i = 0
    while i + 1 < len(loc) and loc[i] in ("indicators", "children") and isinstance(loc[i + 1], int):
        try:
            node = node[loc[i]][loc[i + 1]]
        except (KeyError, IndexError, TypeError):
            break
        ids.append(str(node.get("id", f"#{loc[i + 1] + 1}")) if isinstance(node, dict) else f"#{loc[i + 1] + 1}")
        i += 2
    return ".".join(ids), loc[i:]


def _rest(loc: tuple[Any, ...]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else ("." if out else "") + str(step)
    return out


def _merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    return copy.deepcopy(patch)


def _apply_patches(raw: dict[str, Any], patches: dict[str, Any], doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(patches, dict):
        return [Problem(doc.at(("patches",)), "patches 应为映射（指标id: 修改内容）", patches)]
    found: set[str] = set()

    def visit(nodes: list[Any]) -> None:
        for i, node in enumerate(nodes):
            if not isinstance(node, dict):
                continue
            ident = node.get("id")
            if ident in patches:
                found.add(ident)
                change = patches[ident]
                if not isinstance(change, dict):
                    problems.append(Problem(doc.at(("patches", ident)), f"patches.{ident} 应为映射", change))
                    continue
                if "id" in change:
                    problems.append(Problem(doc.at(("patches", ident)), f"patches.{ident} 不能修改 id", change["id"]))
                    continue
                nodes[i] = node = _merge(node, change)
            if isinstance(node.get("children"), list):
                visit(node["children"])

    visit(raw.get("indicators", []))
    for ident in patches:
        if ident not in found:
            problems.append(Problem(doc.at(("patches", ident)), f"patches 中的指标 '{ident}' 在被继承的指标体系中不存在", ident))
    return problems


def _resolve(doc: Document, seen: tuple[str, ...]) -> dict[str, Any]:
    raw = doc.data
    if not isinstance(raw, dict):
        raise FrameworkError([Problem(Where(file=doc.path), "顶层应为映射")])
    parent_id = raw.get("extends")
    if parent_id is None:
        if "patches" in raw:
            raise FrameworkError([Problem(doc.at(("patches",)), "没有 extends 时不能使用 patches")])
        return raw
    if not isinstance(parent_id, str) or not _SHIPPED_ID.fullmatch(parent_id):
        raise FrameworkError([Problem(doc.at(("extends",)), f"extends 应为内置指标体系的 id（可选：{', '.join(available())}），"
                                                            f"读到 '{_shown_id(parent_id)}'", _shown_id(parent_id))])
    if parent_id in seen:
        raise FrameworkError([Problem(doc.at(("extends",)), f"继承关系循环：{' → '.join(seen + (parent_id,))}", parent_id)])
    parent_path = DATA_DIR / f"{parent_id}.yaml"
    if not parent_path.exists():
        raise FrameworkError([Problem(doc.at(("extends",)), f"被继承的指标体系 '{parent_id}' 不存在（可选：{', '.join(available())}）", parent_id)])
    parent = _resolve(read_document(parent_path), seen + (parent_id,))
    merged = {k: copy.deepcopy(v) for k, v in parent.items() if k not in _EXTENSION_KEYS}
    for key, value in raw.items():
        if key not in _EXTENSION_KEYS:
            merged[key] = value
    problems = _apply_patches(merged, raw.get("patches", {}), doc)
    if problems:
        raise FrameworkError(problems)
    return merged


def parse_framework(doc: Document) -> Framework:
    raw = _resolve(doc, (str(doc.data.get("id")) if isinstance(doc.data, dict) else "",))
    try:
        fw = Framework.model_validate(raw)
    except ValidationError as exc:
        problems = []
        inherited = isinstance(doc.data, dict) and "extends" in doc.data
        for loc, err in iter_errors(exc):
            loc = strip_tags(raw, loc)
            where = doc.at(loc)
            if inherited and loc and loc[0] not in doc.data:
                where = Where(file=f"{doc.path}（继承自 {doc.data['extends']}）")
            ind_path, rest = _indicator_path(raw, loc)
            allowed = allowed_fields(Framework, loc, raw) if err["type"] == "extra_forbidden" else None
            value = err.get("input") if err["type"] != "missing" else None
            problems.append(Problem(where.with_(indicator=ind_path, field=_rest(rest)), message_for(err, allowed), value))
        raise FrameworkError(problems) from None
    semantic = check_framework(fw)
    if semantic:
        raise FrameworkError(
            [Problem(Where(file=doc.path, indicator=path), msg) for path, msg in semantic]
        )
    return fw


def load_framework_file(path: str | Path) -> Framework:
    try:
        doc = read_document(path)
    except SourceError as exc:
        raise FrameworkError([exc.problem]) from None
    return parse_framework(doc)


@lru_cache(maxsize=None)
def load_framework(ident: str) -> Framework:
    """A shipped framework by id, or a framework file by path."""
    if ident.endswith((".yaml", ".yml")) or "/" in ident:
        return load_framework_file(ident)
    path = DATA_DIR / f"{ident}.yaml"
    if not _SHIPPED_ID.fullmatch(ident) or not path.exists():
        raise FrameworkError([Problem(Where(), f"指标体系 '{_shown_id(ident)}' 不存在（可选：{', '.join(available())}）",
                                      _shown_id(ident))])
    from . import cache

    fw = cache.get(ident)
    if fw is None:
        fw = load_framework_file(path)
        cache.put(ident, fw)
    return fw


def available() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml"))
