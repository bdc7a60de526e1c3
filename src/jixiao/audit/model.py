"""What an audit produces: locations, evidence, findings and the report around them.

Every extracted value and every finding carries :class:`Evidence` — where in the
document it was read (a line, a paragraph, or a table/row/cell) and the text there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..problems import Severity as _Severity
from ..problems import Where


# error: arithmetic that cannot be right (a score above its maximum, sums that do not add up);
# warning: a claim that does not follow from the report's own figures or rules;
# info: worth a reviewer's look (a non-default reading, a score without data, rounding-level gaps).
Severity = _Severity


# A place in the document: the one location shape of the package (jixiao.problems.Where).
# Text files use ``line``; .docx ``para`` or ``table/row/column``; PDF ``page`` with ``line`` or
# ``table/row/column``. All 1-based.
Loc = Where


def place(loc: Loc) -> str:
    return loc.place or "（位置不详）"


@dataclass(frozen=True, slots=True)
class Evidence:
    loc: Loc
    text: str  # the text at that place, shortened for display

    @staticmethod
    def of(loc: Loc, text: str, width: int = 60) -> "Evidence":
        text = " ".join(text.split())
        return Evidence(loc, text if len(text) <= width else text[: width - 1] + "…")

    def __str__(self) -> str:
        return f"{place(self.loc)}：{self.text}" if self.text else place(self.loc)


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    code: str  # stable machine code, e.g. score_above_max
    indicator: str | None  # the indicator's name as the framework has it, when the finding is about one
    claimed: str | None  # what the report says, as printed
    recomputed: str | None  # what the audit gets from the report's own figures
    message: str  # Chinese, says what is wrong and how it was found
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadRow:
    """A score row as the table model read it (parents and leaves)."""

    name: str
    level: int
    path: tuple[str, ...]
    max: Decimal | None
    score: Decimal | None
    loc: Loc
    leaf: bool
    table: int  # the table it was read from (1-based among the tables read)


@dataclass(frozen=True, slots=True)
class ReadTable:
    """A table as classified: its kind (score_sheet, dept_self_eval … or unrecognised) and why."""

    number: int
    kind: str
    layout: str | None
    fit: float
    reason: str
    header: tuple[str, ...]
    rows: int
    loc: Loc
    note: str = ""  # e.g. cut off by the end of the document, rows whose columns shifted


@dataclass
class AuditReport:
    source: str
    kind: str  # text | docx | pdf
    department: str | None = None
    year: int | None = None
    framework_id: str | None = None
    framework_name: str | None = None
    framework_note: str = ""
    claimed_total: Decimal | None = None
    claimed_total_source: str | None = None  # table | prose
    claimed_grade: str | None = None
    recomputed_total: Decimal | None = None  # under the framework's default reading
    recomputed_note: str = ""
    report_reading: str | None = None  # the reading that reproduces the report's formula scores, if one does
    report_reading_total: Decimal | None = None
    findings: list[Finding] = field(default_factory=list)
    score_rows: list[ReadRow] = field(default_factory=list)
    tables: list[ReadTable] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)  # units read, rows, facts …
    notes: list[str] = field(default_factory=list)  # how the report was read and recomputed
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def counts(self) -> dict[Severity, int]:
        out = {s: 0 for s in Severity}
        for f in self.findings:
            out[f.severity] += 1
        return out

