"""Load a department-year input file (YAML or JSON) into a validated :class:`DepartmentYear`.

Every problem is reported at once, each naming the file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.inputs import DepartmentYear
from ..problems import Problem, Where
from .errors import allowed_fields, dotted, iter_errors, message_for, strip_tags
from .yamlio import Document, SourceError, read_document


class InputError(ValueError):
    """Every problem of an input (file), each a :class:`jixiao.problems.Problem`."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True, slots=True)
class LoadedInput:
    data: DepartmentYear
    document: Document


def validate_data(doc: Document) -> DepartmentYear:
    if not isinstance(doc.data, dict):
        raise InputError([Problem(Where(file=doc.path), "顶层应为映射（department、year 等字段）")])
    try:
        return DepartmentYear.model_validate(doc.data)
    except ValidationError as exc:
        problems = []
        for loc, err in iter_errors(exc):
            loc = strip_tags(doc.data, loc)
            allowed = allowed_fields(DepartmentYear, loc, doc.data) if err["type"] == "extra_forbidden" else None
            problems.append(Problem(doc.at(loc, dotted(loc)), message_for(err, allowed), err.get("input") if err["type"] != "missing" else None))
        raise InputError(problems) from None


def load_input(path: str | Path) -> LoadedInput:
    try:
        doc = read_document(path)
    except SourceError as exc:
        raise InputError([exc.problem]) from None
    return LoadedInput(validate_data(doc), doc)


def load_input_data(raw: Any, name: str = "<data>") -> DepartmentYear:
    return validate_data(Document(raw, name))
