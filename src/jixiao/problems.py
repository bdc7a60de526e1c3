"""One shape for a problem in user data, and one set of writers for it.

A :class:`Problem` says *where* (a :class:`Where`: file, line, sheet, cell, indicator, field path),
*what* is wrong (Chinese), the *value* read (or None) and its *severity*. The input loader, the Excel
import, the framework loader, the input checks, the web forms and the audit's finding locations all
use it; the writers below turn a list of them into text lines, JSON-ready dicts or form-field errors.

    Problem(Where(file="a.yaml", line=12, field="staffing.contract"), "应 ≥ 0，读到 -3", value=-3)
    str(...)  →  "a.yaml:12：staffing.contract：应 ≥ 0，读到 -3"
    .where.zh() → "a.yaml 第12行，字段 staffing.contract"

This module imports nothing from the rest of the package, so every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Callable, Iterable, Mapping


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        """For sorting: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Where:
    """A small structured location; every part is optional.

    An input or framework file: ``file`` and ``line``; a workbook: ``sheet`` and ``cell`` ("B7");
    a published report read by the audit: ``page``, ``para``, ``table``/``row``/``column`` or ``line``
    (all 1-based); in the data: ``indicator`` (a framework indicator's path) and ``field`` (dotted path).
    """

    file: str = ""
    line: int | None = None
    sheet: str = ""
    cell: str = ""  # a spreadsheet cell "B7" or range "B7:D9"
    page: int | None = None
    para: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None  # the n-th cell of a table row
    indicator: str = ""  # an indicator's path in a framework, e.g. decision.budgeting
    field: str = ""  # dotted path in the data, e.g. projects[3].budget

    @property
    def _in_document(self) -> bool:
        return any(v is not None for v in (self.page, self.para, self.table, self.row, self.column))

    @property
    def place(self) -> str:
        """The place in the source, compactly: "file:line", "sheet!cell", "第2页表1第3行第4格", or ""."""
        if self.sheet or self.cell:
            return f"{self.sheet}!{self.cell}" if self.sheet and self.cell else self.sheet or self.cell
        if self.file and not self._in_document:
            return f"{self.file}:{self.line}" if self.line is not None else self.file
        out = f"第{self.page}页" if self.page else ""
        if self.table is not None:
            out += f"表{self.table}第{self.row}行" if self.row else f"表{self.table}"
        elif self.line is not None:
            out += f"第{self.line}行"
        elif self.para is not None:
            out += f"第{self.para}段"
        if self.column is not None:
            out += f"第{self.column}格" if self.table is not None else f"第{self.column}列"
        return f"{self.file}：{out}" if self.file and out else out

    @property
    def target(self) -> str:
        """What in the data: the field path, or "指标 X，字段 Y" inside a framework."""
        if self.indicator:
            return f"指标 {self.indicator}" + (f"，字段 {self.field}" if self.field else "")
        return self.field

    def __str__(self) -> str:
        return "：".join(x for x in (self.place, self.target) if x)

    def zh(self) -> str:
        """In words, for people: "a.yaml 第12行，字段 staffing.contract"; "工作表“基本数据” B7 单元格"."""
        parts = []
        if self._in_document:
            parts.append(self.place)
        elif self.file:
            parts.append(self.file + (f" 第{self.line}行" if self.line is not None else ""))
        elif self.line is not None:
            parts.append(f"第{self.line}行")
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”" + (f" {self.cell} 单元格" if self.cell else ""))
        elif self.cell:
            parts.append(f"{self.cell} 单元格")
        if self.indicator:
            parts.append(f"指标 {self.indicator}")
        if self.field:
            parts.append(f"字段 {self.field}")
        return "，".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) not in ("", None)}  # type: ignore[attr-defined]

    def with_(self, **changes: Any) -> "Where":
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Problem:
    where: Where
    what: str  # Chinese: what is wrong (and, where it helps, what would be right)
    value: Any = None  # the value read, when there was one
    severity: Severity = Severity.ERROR

    @classmethod
    def at(cls, field: str, what: str, value: Any = None, severity: Severity = Severity.ERROR) -> "Problem":
        """A problem located by its field path only (the checks of already-parsed data)."""
        return cls(Where(field=field), what, value, severity)

    @property
    def field(self) -> str:
        return self.where.field

    @property
    def message(self) -> str:
        return self.what

    def __str__(self) -> str:
        where = str(self.where)
        return f"{where}：{self.what}" if where else self.what

    def moved(self, **where: Any) -> "Problem":
        """The same problem with parts of its location filled in (e.g. the file and line of its field)."""
        return replace(self, where=replace(self.where, **where))


# --------------------------------------------------------------------------- writers


def text_lines(problems: Iterable[Problem]) -> list[str]:
    """One line per problem, as the command line prints them."""
    return [str(p) for p in problems]


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool)):
        return value
    return format(value, "f") if hasattr(value, "as_tuple") else str(value)


def as_json(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """JSON-ready dicts: where (its parts), where_text, what, value (a string, or null), severity."""
    return [
        {"where": p.where.as_dict(), "where_text": p.where.zh(), "what": p.what, "value": _jsonable(p.value),
         "severity": p.severity.value, "text": str(p)}
        for p in problems
    ]


NON_FIELD = "__all__"  # the key Django uses for errors that belong to no single field


def form_errors(problems: Iterable[Problem], field_of: Mapping[str, str] | Callable[[str], str | None] | None = None,
                label_of: Callable[[str], str] | None = None) -> dict[str, list[str]]:
    """Problems as form-field errors: {form field: [messages]}, the rest under ``NON_FIELD``.

    ``field_of`` maps a problem's field path to a form field: a mapping from a path prefix
    (the longest prefix wins), or a function returning None for "no single field". A problem
    kept on its field says only what is wrong; one under ``NON_FIELD`` also names where
    (``label_of`` may give the path a Chinese label).
    """
    errors: dict[str, list[str]] = {}
    for p in problems:
        path = p.where.field
        name: str | None = None
        if callable(field_of):
            name = field_of(path)
        elif field_of:
            keys = sorted((k for k in field_of if path == k or path.startswith((k + ".", k + "["))), key=len)
            name = field_of[keys[-1]] if keys else None
        if name:
            errors.setdefault(name, []).append(p.what)
        else:
            label = label_of(path) if (label_of and path) else path
            errors.setdefault(NON_FIELD, []).append(f"{label}：{p.what}" if label else p.what)
    return errors


__all__ = ["Problem", "Where", "Severity", "text_lines", "as_json", "form_errors", "NON_FIELD"]
