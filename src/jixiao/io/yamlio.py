"""YAML and JSON reading that keeps exact decimals, rejects duplicate keys and remembers lines.

PyYAML turns ``5481.65`` into a float and silently keeps the last of two equal keys;
both are wrong for money and for strict files. We compose the node tree ourselves:
floats become Decimal from their text, duplicate keys are errors, and every value's
line is recorded by its path.
"""

from __future__ import annotations

import json
import re
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

# Bounds on what a file may make us build. An input or framework file nests a few levels,
# uses aliases rarely and holds thousands of values; past these the file is refused with
# its line, before anything large is built (a document 100,000 levels deep overflows the C
# composer's stack; nine aliases of nine aliases expand to 387 million values).
MAX_DEPTH = 40
MAX_ALIASES = 200
MAX_VALUES = 300_000
MAX_BYTES = 20 * 1024 * 1024

_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _prescan(text: str, path: str) -> None:
    """Walk the parser's events (no recursion, nothing built) to refuse deep nesting and alias floods."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _START):
            depth += 1
            if depth > MAX_DEPTH:
                raise SourceError(path, f"嵌套超过 {MAX_DEPTH} 层，不像是输入或指标体系文件", event.start_mark.line + 1)
        elif isinstance(event, _END):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise SourceError(path, f"别名（*引用）超过 {MAX_ALIASES} 个", event.start_mark.line + 1)


class _Budget:
    """Counts the values built from the node tree (aliases re-use nodes, so the tree can be far
    larger than the text) and the nesting reached through aliases."""

    def __init__(self) -> None:
        self.values = 0

    def spend(self, node: yaml.Node, doc: Document, depth: int) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise SourceError(doc.path, f"展开后超过 {MAX_VALUES} 个值（别名层层引用）", node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise SourceError(doc.path, f"嵌套超过 {MAX_DEPTH} 层（含别名展开）", node.start_mark.line + 1)


def parse_yaml(text: str, path: str) -> Document:
    try:
        _prescan(text, path)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(path, f"YAML 格式错误：{problem}", mark.line + 1 if mark else None) from None
    doc = Document(None, path)
    if root is None:
        return doc
    constructor = yaml.SafeLoader("")
    doc.data = _convert(root, (), doc, constructor, _Budget())
    return doc


def _convert(node: yaml.Node, loc: Loc, doc: Document, constructor: yaml.SafeLoader, budget: _Budget) -> Any:
    budget.spend(node, doc, len(loc))
    doc.lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor`: keys not given here
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    value = _convert(source, loc + ("<<",), doc, constructor, budget)
                    if not isinstance(value, dict):
                        raise SourceError(doc.path, line=source.start_mark.line + 1, message="合并键 << 的值应为映射")
                    for k, v in value.items():
                        merged.setdefault(k, v)
                doc.lines.pop(loc + ("<<",), None)
                continue
            key = _convert(key_node, loc + ("<key>",), doc, constructor, budget)
            if not isinstance(key, (str, int)):
                raise SourceError(doc.path, line=key_node.start_mark.line + 1, message=f"键应为文字，读到 {key!r}")
            key = str(key)
            if key in out:
                raise SourceError(
                    doc.path, f"键 '{key}' 重复（第 {doc.lines[loc + (key,)]} 行已出现）", key_node.start_mark.line + 1
                )
            out[key] = _convert(value_node, loc + (key,), doc, constructor, budget)
        doc.lines.pop(loc + ("<key>",), None)
        for k, v in merged.items():
            out.setdefault(k, v)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loc + (i,), doc, constructor, budget) for i, item in enumerate(node.value)]
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
    if tag == "tag:yaml.org,2002:int":
        return _integer(node, doc)
    if tag == "tag:yaml.org,2002:bool":
        value = _BOOLS.get(str(node.value).lower())
        if value is None:
            raise SourceError(doc.path, f"'{_short(node.value)}' 不是 true 或 false", node.start_mark.line + 1)
        return value
    if tag == "tag:yaml.org,2002:str" or tag == "tag:yaml.org,2002:null":
        return constructor.construct_object(node, deep=True)
    raise SourceError(doc.path, f"不接受 YAML 标签 {_short(tag)}（只用映射、列表、文字、数字、true/false）",
                      node.start_mark.line + 1)


_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")


def _short(text: object) -> str:
    text = str(text)
    return text if len(text) <= 40 else text[:39] + "…"


def _integer(node: yaml.ScalarNode, doc: Document) -> int:
    """A plain decimal integer. YAML 1.1 also reads 010 as 8 (octal), 0x1A, 0b101 and 1:20 (base 60):
    none of these is how a figure is written, so they are refused rather than guessed."""
    text = str(node.value).replace("_", "")
    line = node.start_mark.line + 1
    if _DECIMAL_INT.fullmatch(text):
        if len(text) > 30:
            raise SourceError(doc.path, f"整数 '{_short(node.value)}' 位数过多", line)
        return int(text)
    if re.fullmatch(r"[-+]?0[0-9]+", text):
        raise SourceError(doc.path, f"以 0 开头的整数 '{_short(node.value)}'：YAML 会按八进制读作另一个数；"
                                    f"请去掉开头的 0，或加引号作为文字", line)
    raise SourceError(doc.path, f"'{_short(node.value)}' 不是十进制整数", line)


def parse_json(text: str, path: str) -> Document:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise SourceError(path, f"键 '{k}' 重复")
            out[k] = v
        return out

    def integer(text: str) -> int:
        if len(text.lstrip("-")) > 30:
            raise SourceError(path, f"整数 '{_short(text)}' 位数过多")
        return int(text)

    def constant(text: str) -> None:
        raise SourceError(path, f"不接受数值 '{text}'")

    try:
        data = json.loads(text, parse_float=Decimal, parse_int=integer, parse_constant=constant,
                          object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"JSON 格式错误：{exc.msg}", exc.lineno) from None
    except RecursionError:
        raise SourceError(path, "嵌套层数过多，不像是输入或指标体系文件") from None
    if _depth(data) > MAX_DEPTH:
        raise SourceError(path, f"嵌套超过 {MAX_DEPTH} 层，不像是输入或指标体系文件")
    return Document(data, path)


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                stack.extend((child, depth + 1) for child in node)
    return deepest


def read_document(path: str | Path) -> Document:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise SourceError(str(p), f"文件大于 {MAX_BYTES // (1024 * 1024)} MB，不像是输入或指标体系文件")
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(str(p), "文件不存在") from None
    except UnicodeDecodeError:
        raise SourceError(str(p), "不是 UTF-8 编码的文本文件") from None
    except IsADirectoryError:
        raise SourceError(str(p), "是目录，不是文件") from None
    except OSError as exc:
        raise SourceError(str(p), f"无法读取：{exc.strerror or exc}") from None
    if p.suffix.lower() == ".json":
        return parse_json(text, str(p))
    return parse_yaml(text, str(p))
