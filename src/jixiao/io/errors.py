"""Pydantic validation errors → Chinese messages that name the field and say what is wrong."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

_CHINESE = re.compile("[\u4e00-\u9fff]")
_MESSAGES = {
    "missing": "缺少必填字段",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "string_too_short": "不能为空",
    "too_short": "条目过少",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "string_pattern_mismatch": "格式不符",
    "union_tag_invalid": "规则类型 kind 不存在",
    "union_tag_not_found": "缺少规则类型 kind",
}


def _value_repr(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "…"


def message_for(err: dict[str, Any], allowed: list[str] | None = None) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        hint = f"（允许：{', '.join(allowed)}）" if allowed else ""
        return f"未知字段{hint}"
    if kind == "value_error":
        error = ctx.get("error")
        return str(error) if error is not None else err["msg"]
    if kind == "literal_error":
        return f"应为以下之一：{ctx.get('expected', '')}，读到 {_value_repr(err.get('input'))}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"应 {op} {bound}，读到 {_value_repr(err.get('input'))}"
    if kind == "string_too_long":
        return f"过长：最多 {ctx.get('max_length', '')} 个字符，读到 {len(str(err.get('input', '')))} 个"
    if kind == "too_long":
        return f"条目过多：最多 {ctx.get('max_length', '')} 项"
    if kind == "union_tag_invalid":
        return f"规则类型 kind {_value_repr(ctx.get('tag'))} 不存在（可选：{ctx.get('expected_tags', '')}）"
    if kind in _MESSAGES:
        base = _MESSAGES[kind]
        if kind != "missing" and "input" in err:
            return f"{base}，读到 {_value_repr(err['input'])}"
        return base
    if _CHINESE.search(err["msg"]):  # our own rules' messages (the plausibility rules' custom errors)
        return err["msg"]
    if "input" in err:  # a check without a Chinese wording of its own: say what was read, not pydantic's English
        return f"取值不符合要求，读到 {_value_repr(err['input'])}"
    return "取值不符合要求"


def clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's internal steps (union tags, function validators) from a location."""
    out = []
    for step in loc:
        if isinstance(step, str) and ("[" in step or step.startswith("function-")):
            continue
        out.append(step)
    return tuple(out)


def strip_tags(raw: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop discriminated-union tag steps: where the data has ``kind: x`` and the loc says ``x``."""
    out = []
    node = raw
    for step in loc:
        if isinstance(node, dict) and isinstance(step, str) and step not in node and node.get("kind") == step:
            continue
        out.append(step)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(out)


def dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text


def parse_field(text: str) -> tuple[str | int, ...]:
    """The inverse of :func:`dotted`: "targets[3].level" → ("targets", 3, "level")."""
    import re

    out: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        out.append(int(index) if index else name)
    return tuple(out)


def iter_errors(exc: ValidationError) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    return [(clean_loc(e["loc"]), e) for e in exc.errors(include_url=False)]


def allowed_fields(model: type, loc: tuple[Any, ...], raw: Any) -> list[str] | None:
    """The field names allowed at the mapping that holds ``loc``'s last key (for 'unknown key')."""
    import typing

    from pydantic import BaseModel

    def unwrap(tp: Any, data: Any) -> Any:
        while True:
            origin = typing.get_origin(tp)
            if origin is typing.Annotated:
                tp = typing.get_args(tp)[0]
            elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
                options = [a for a in typing.get_args(tp) if a is not type(None)]
                if len(options) == 1:
                    tp = options[0]
                    continue
                kind = data.get("kind") if isinstance(data, dict) else None
                models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
                pick = [m for m in models if "kind" in m.model_fields and kind in typing.get_args(m.model_fields["kind"].annotation)]
                if pick:
                    return pick[0]
                return models[0] if len(models) == 1 else tp
            else:
                return tp

    tp: Any = model
    data = raw
    for step in loc[:-1]:
        tp = unwrap(tp, data)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(step) if isinstance(step, str) else None
            if info is None:
                return None
            tp = info.annotation
        else:
            args = typing.get_args(tp)
            if not args:
                return None
            tp = args[-1]
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            data = None
    tp = unwrap(tp, data)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return None
