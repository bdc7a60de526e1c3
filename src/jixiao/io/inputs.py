"""Load a department-year input file (YAML or JSON) into a validated :class:`DepartmentYear`.

Every problem is reported at once, each naming the file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.inputs import DepartmentYear
from .errors import allowed_fields, dotted, iter_errors, message_for, strip_tags
from .yamlio import Document, SourceError, read_document


@dataclass(frozen=True, slots=True)
class InputProblem:
    where: str  # file:line
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.field}：{self.message}" if self.field else f"{self.where}：{self.message}"


class InputError(ValueError):
    def __init__(self, problems: list[InputProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True, slots=True)
class LoadedInput:
    data: DepartmentYear
    document: Document


def validate_data(doc: Document) -> DepartmentYear:
    if not isinstance(doc.data, dict):
        raise InputError([InputProblem(doc.path, "", "顶层应为映射（department、year 等字段）")])
    try:
        return DepartmentYear.model_validate(doc.data)
    except ValidationError as exc:
        problems = []
        for loc, err in iter_errors(exc):
            loc = strip_tags(doc.data, loc)
            allowed = allowed_fields(DepartmentYear, loc, doc.data) if err["type"] == "extra_forbidden" else None
            problems.append(InputProblem(doc.where(loc), dotted(loc), message_for(err, allowed)))
        raise InputError(problems) from None


def load_input(path: str | Path) -> LoadedInput:
    try:
        doc = read_document(path)
    except SourceError as exc:
        raise InputError([InputProblem(exc.where, "", exc.message)]) from None
    return LoadedInput(validate_data(doc), doc)


def load_input_data(raw: Any, name: str = "<data>") -> DepartmentYear:
    return validate_data(Document(raw, name))
