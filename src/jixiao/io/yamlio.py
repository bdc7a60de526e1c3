"""YAML and JSON reading that keeps exact decimals, rejects duplicate keys and remembers lines.

PyYAML turns ``5481.65`` into a float and silently keeps the last of two equal keys;
both are wrong for money and for strict files. We compose the node tree ourselves:
floats become Decimal from their text, duplicate keys are errors, and every value's
line is recorded by its path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem, Where

Loc = tuple[str | int, ...]


class SourceError(ValueError):
    """A file that cannot be read as YAML/JSON; names the file and line."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.problem = Problem(Where(file=path, line=line), message)
        self.where = self.problem.where.place
        self.message = message
        super().__init__(str(self.problem))


@dataclass
class Document:
    """Parsed data and the line (1-based) of every value, by its path."""

    data: Any
    path: str
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its closest ancestor with a known line."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return None

    def at(self, loc: Loc, field: str = "") -> Where:
        """The location of ``loc`` in this file (its closest known line), with ``field`` as its path."""
        return Where(file=self.path, line=self.line_of(loc), field=field)

    def where(self, loc: Loc) -> str:
        """'file:line' for the closest known ancestor of ``loc``."""
        return self.at(loc).place


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, path: str) -> Document:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(path, f"YAML 格式错误：{problem}", mark.line + 1 if mark else None) from None
    doc = Document(None, path)
    if root is None:
        return doc
    constructor = yaml.SafeLoader("")
    doc.data = _convert(root, (), doc, constructor)
    return doc


def _convert(node: yaml.Node, loc: Loc, doc: Document, constructor: yaml.SafeLoader) -> Any:
    doc.lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor`: keys not given here
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    value = _convert(source, loc + ("<<",), doc, constructor)
                    if not isinstance(value, dict):
                        raise SourceError(doc.path, line=source.start_mark.line + 1, message="合并键 << 的值应为映射")
                    for k, v in value.items():
                        merged.setdefault(k, v)
                doc.lines.pop(loc + ("<<",), None)
                continue
            key = _convert(key_node, loc + ("<key>",), doc, constructor)
            if not isinstance(key, (str, int)):
                raise SourceError(doc.path, line=key_node.start_mark.line + 1, message=f"键应为文字，读到 {key!r}")
            key = str(key)
            if key in out:
                raise SourceError(
                    doc.path, f"键 '{key}' 重复（第 {doc.lines[loc + (key,)]} 行已出现）", key_node.start_mark.line + 1
                )
            out[key] = _convert(value_node, loc + (key,), doc, constructor)
        doc.lines.pop(loc + ("<key>",), None)
        for k, v in merged.items():
            out.setdefault(k, v)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loc + (i,), doc, constructor) for i, item in enumerate(node.value)]
    tag = node.tag
    if tag == "tag:yaml.org,2002:float":
        text = node.value.replace("_", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise SourceError(doc.path, line=node.start_mark.line + 1, message=f"不接受数值 '{node.value}'")
        return value
    if tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates stay text; the models parse what they need
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(doc.path, line=node.start_mark.line + 1, message=f"无法读取的值：{problem}") from None


def parse_json(text: str, path: str) -> Document:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise SourceError(path, f"键 '{k}' 重复")
            out[k] = v
        return out

    try:
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"JSON 格式错误：{exc.msg}", exc.lineno) from None
    return Document(data, path)


def read_document(path: str | Path) -> Document:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(str(p), "文件不存在") from None
    except UnicodeDecodeError:
        raise SourceError(str(p), "不是 UTF-8 编码的文本文件") from None
    if p.suffix.lower() == ".json":
        return parse_json(text, str(p))
    return parse_yaml(text, str(p))
