"""The audit fixture corpus: every document under tests/audit_cases/<case>/ against its expected.yaml.

Each case holds one document made by a tool other than jixiao's writer (python-docx by hand,
LibreOffice, Chromium's print-to-pdf, openpyxl, hand-written text) and an ``expected.yaml``
written by the generator that made it (tests/audit_cases/make_*.py). The file is loaded strictly:
an unknown or missing key is an error here, never ignored.

What is asserted, per case:
- score rows: every row the document prints is read with its 分值 and 得分, and no read row with a
  score names something the document does not print as a score row (a shifted column or a subtotal
  read as a leaf shows up here);
- the claimed total, the department and the year;
- the tables: each expected table is read with its kind and its number of score rows;
- the findings: every expected finding (code, indicator — a name, or a list of names any of which
  will do —, and the claimed and recomputed values where
  given) is raised, and nothing else is raised as an error or warning. A twin (the same document
  with the planted errors corrected) expects no error or warning at all.

Names (of score rows and of findings' indicators) are compared exactly after one normalisation of
both sides (_name_key: key() with parenthesised parts left out, as tests/test_audit_realworld.py
compares), never by containment: a name that swallowed a neighbouring cell ("…健全性高高"), lost a
part of itself, or kept an outline number or level prefix the document does not print fails.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from jixiao.audit import AuditReport, Severity, audit_file
from jixiao.audit.extract.text import key

CASES = Path(__file__).resolve().parent / "audit_cases"

_TOP_REQUIRED = ("document", "made_with", "layout", "department", "year", "claimed_total", "tables", "score_rows", "findings")
_TOP_OPTIONAL = ("twin_of",)
_TABLE_KEYS = {"kind", "rows"}
_ROW_KEYS = {"name", "max", "score"}
_FINDING_REQUIRED = {"code", "indicator"}
_FINDING_OPTIONAL = {"severity", "claimed", "recomputed"}
_SEVERITIES = {s.value for s in Severity}
_NEEDS_SOFFICE = {".doc", ".wps", ".et"}  # converted by LibreOffice before reading (.xls is read by calamine)


class CaseError(AssertionError):
    pass


def _strict(case: str, data: object) -> dict:
    where = f"{case}/expected.yaml"
    if not isinstance(data, dict):
        raise CaseError(f"{where}: expected a mapping at the top")
    missing = [k for k in _TOP_REQUIRED if k not in data]
    unknown = sorted(set(data) - set(_TOP_REQUIRED) - set(_TOP_OPTIONAL))
    if missing or unknown:
        raise CaseError(f"{where}: missing keys {missing}, unknown keys {unknown}")
    if not isinstance(data["document"], str) or not (CASES / case / data["document"]).is_file():
        raise CaseError(f"{where}: document {data['document']!r} is not beside it")
    if data["year"] is not None and not isinstance(data["year"], int):
        raise CaseError(f"{where}: year must be an integer or null")
    for k in ("department", "claimed_total", "made_with", "layout"):
        if data[k] is not None and not isinstance(data[k], str):
            raise CaseError(f"{where}: {k} must be a string or null")
    for label, items, required, optional in (
        ("tables", data["tables"], _TABLE_KEYS, set()),
        ("score_rows", data["score_rows"], _ROW_KEYS, set()),
        ("findings", data["findings"], _FINDING_REQUIRED, _FINDING_OPTIONAL),
    ):
        if not isinstance(items, list):
            raise CaseError(f"{where}: {label} must be a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not required <= set(item) or set(item) - required - optional:
                raise CaseError(f"{where}: {label}[{i}] must have keys {sorted(required)} (optional {sorted(optional)}), has {item!r}")
    for i, f in enumerate(data["findings"]):
        ind = f["indicator"]
        if not (ind is None or isinstance(ind, str) or (isinstance(ind, list) and ind and all(isinstance(x, str) for x in ind))):
            raise CaseError(f"{where}: findings[{i}].indicator must be a name, a list of names (any of them) or null")
        if "severity" in f and f["severity"] not in _SEVERITIES:
            raise CaseError(f"{where}: findings[{i}].severity {f['severity']!r} is not one of {sorted(_SEVERITIES)}")
    if "twin_of" in data:
        if not (CASES / data["twin_of"] / "expected.yaml").is_file():
            raise CaseError(f"{where}: twin_of names a missing case {data['twin_of']!r}")
        if any(f.get("severity") in ("error", "warning") for f in data["findings"]):
            raise CaseError(f"{where}: a twin expects no error or warning")
    return data


def case_ids() -> list[str]:
    return sorted(p.parent.name for p in CASES.glob("*/expected.yaml"))


@lru_cache(maxsize=None)
def expected(case: str) -> dict:
    path = CASES / case / "expected.yaml"
    return _strict(case, yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=None)
def audited(case: str) -> AuditReport:
    return audit_file(CASES / case / expected(case)["document"])


def _num(text: object) -> Decimal | None:
    if text is None:
        return None
    s = str(text).strip().rstrip("%").replace(",", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _same_value(want: object, got: object) -> bool:
    a, b = _num(want), _num(got)
    if a is not None and b is not None:
        return a == b
    return key(str(want)) == key(str(got or ""))


def _name_key(name: str) -> str:
    """A name as compared here, on both sides: key() of it with parenthesised parts left out
    (as tests/test_audit_realworld.py compares)."""
    return key(re.sub(r"[(（][^)）]*[)）]", "", name))


def _same_name(want: str, got: str | None) -> bool:
    """The read name is the printed one, exactly after _name_key: a name that swallowed a
    neighbouring cell, lost a part, or kept a level prefix or outline number fails."""
    if got is None:
        return False
    return _name_key(want) == _name_key(got)


def _rows_text(report: AuditReport) -> str:
    return "; ".join(f"{r.name} {r.max}/{r.score}" for r in report.score_rows)


@pytest.fixture(autouse=True)
def _tools(request, require):
    case = request.node.callspec.params.get("case") if hasattr(request.node, "callspec") else None
    if case and Path(expected(case)["document"]).suffix.lower() in _NEEDS_SOFFICE:
        require(shutil.which("soffice"), "LibreOffice（soffice，用于读取 .doc/.wps/.et）")


def test_every_case_is_loaded_strictly() -> None:
    ids = case_ids()
    assert len(ids) >= 24, ids
    for case in ids:
        expected(case)
    planted = [c for c in ids if "twin_of" not in expected(c)]
    for case in planted:
        serious = [f for f in expected(case)["findings"] if f.get("severity", "error") != "info"]
        assert serious, f"{case}: a planted document expects at least one error or warning"
    twins = {expected(c)["twin_of"] for c in ids if "twin_of" in expected(c)}
    assert twins == set(planted), f"planted cases without a twin: {sorted(set(planted) - twins)}"


def test_a_renamed_key_is_refused(tmp_path) -> None:
    data = dict(expected(case_ids()[0]))
    data["score_row"] = data.pop("score_rows")
    with pytest.raises(CaseError, match="unknown keys"):
        _strict(case_ids()[0], data)


def test_names_are_compared_exactly() -> None:
    assert _same_name("管理制度健全性", "管理制度 健全性")  # spacing and punctuation are no part of a name
    assert _same_name("预算执行率（年度资金总额）", "预算执行率(年度资金总额)")
    assert not _same_name("管理制度健全性", "管理制度健全性高高")  # swallowed the next cell
    assert not _same_name("管理制度健全性", "制度健全性")  # lost a part of itself
    assert not _same_name("目标设定", "1目标设定")  # kept an outline number
    assert not _same_name("绩效目标合理性", "目标设定绩效目标合理性")  # a level prefix glued on
    assert not _same_name("目标设定", None)


@pytest.mark.parametrize("case", case_ids())
def test_score_rows(case: str) -> None:
    want = expected(case)["score_rows"]
    report = audited(case)
    missed = []
    for row in want:
        if not any(_same_name(row["name"], r.name) and r.max == _num(row["max"]) and r.score == _num(row["score"]) for r in report.score_rows):
            missed.append(f"{row['name']} {row['max']}/{row['score']}")
    assert not missed, f"{case}: {len(missed)}/{len(want)} rows not read right: {missed}\n read: {_rows_text(report)}"
    names = [row["name"] for row in want]
    phantom = [
        f"{r.name} {r.max}/{r.score}"
        for r in report.score_rows
        if r.score is not None and not any(_same_name(n, r.name) for n in names)
    ]
    assert not phantom, f"{case}: rows read that the document does not print as score rows: {phantom}"


@pytest.mark.parametrize("case", case_ids())
def test_claimed_total_and_identity(case: str) -> None:
    exp = expected(case)
    report = audited(case)
    assert report.claimed_total == _num(exp["claimed_total"]), f"{case}: claimed total {report.claimed_total}, expected {exp['claimed_total']}"
    assert report.department == exp["department"], f"{case}: department {report.department!r}, expected {exp['department']!r}"
    assert report.year == exp["year"], f"{case}: year {report.year!r}, expected {exp['year']!r}"


@pytest.mark.parametrize("case", case_ids())
def test_tables(case: str) -> None:
    report = audited(case)
    got = [(t.kind, t.rows) for t in report.tables]
    for t in expected(case)["tables"]:
        assert (t["kind"], t["rows"]) in got, f"{case}: table {t['kind']} with {t['rows']} rows not read; read {got}"


def _matches(want: dict, f) -> bool:
    if f.code != want["code"]:
        return False
    if "severity" in want and f.severity.value != want["severity"]:
        return False
    names = want["indicator"]
    if names is not None and not any(_same_name(n, f.indicator) for n in ([names] if isinstance(names, str) else names)):
        return False
    if "claimed" in want and not _same_value(want["claimed"], f.claimed):
        return False
    if "recomputed" in want and not _same_value(want["recomputed"], f.recomputed):
        return False
    return True


@pytest.mark.parametrize("case", case_ids())
def test_findings(case: str) -> None:
    want = expected(case)["findings"]
    report = audited(case)
    shown = [f"{f.severity.value} {f.code} {f.indicator} {f.claimed}→{f.recomputed}" for f in report.findings]
    missing = [w for w in want if not any(_matches(w, f) for f in report.findings)]
    assert not missing, f"{case}: expected findings not raised: {missing}\n raised: {shown}"
    serious = [f for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    extra = [
        f"{f.severity.value} {f.code} {f.indicator} {f.claimed}→{f.recomputed}: {f.message}"
        for f in serious
        if not any(_matches(w, f) for w in want)
    ]
    assert not extra, f"{case}: errors or warnings not expected (false alarms): {extra}"
