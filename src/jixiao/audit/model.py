"""What an audit produces: locations, evidence, findings and the report around them.

Every extracted value and every finding carries :class:`Evidence` — where in the
document it was read (a line, a paragraph, or a table/row/cell) and the text there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # arithmetic that cannot be right: a score above its maximum, sums that do not add up
    WARNING = "warning"  # a claim that does not follow from the report's own figures or rules
    INFO = "info"  # worth a reviewer's look: a non-default reading, a score without data, rounding-level gaps

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Loc:
    """A place in the document. Text files use ``line``; .docx ``para`` or ``table/row/cell``;
    PDF ``page`` with ``line`` or ``table/row/cell``. All 1-based."""

    line: int | None = None
    para: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def with_cell(self, cell: int | None) -> "Loc":
        return replace(self, cell=cell)

    def __str__(self) -> str:
        out = f"第{self.page}页" if self.page else ""
        if self.table is not None:
            out += f"表{self.table}第{self.row}行" if self.row else f"表{self.table}"
        elif self.line is not None:
            out += f"第{self.line}行"
        elif self.para is not None:
            out += f"第{self.para}段"
        if self.cell is not None:
            out += f"第{self.cell}格" if self.table is not None else f"第{self.cell}列"
        return out or "（位置不详）"

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("line", "para", "page", "table", "row", "cell") if getattr(self, k) is not None}


@dataclass(frozen=True, slots=True)
class Evidence:
    loc: Loc
    text: str  # the text at that place, shortened for display

    @staticmethod
    def of(loc: Loc, text: str, width: int = 60) -> "Evidence":
        text = " ".join(text.split())
        return Evidence(loc, text if len(text) <= width else text[: width - 1] + "…")

    def __str__(self) -> str:
        return f"{self.loc}：{self.text}" if self.text else str(self.loc)


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

    def by_code(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]
