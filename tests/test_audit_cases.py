"""The audit's fixture corpus (tests/audit_cases/*/expected.yaml) and the seeds' printed totals.

Each fixture directory holds one document (made by tests/audit_cases/make_*.py with python-docx,
LibreOffice, Chromium, openpyxl or by hand — never by jixiao's own writer) and an expected.yaml,
loaded strictly: an unknown or missing key fails the case, naming the file and the key.

For every case the runner asserts, on the audit's JSON (what `jixiao audit FILE --format json` prints):
- every expected score row is read with the right 分值 and 得分 (more rows may be read);
- the claimed total, the department and the year;
- the table kinds in document order, each with at least the expected number of rows;
- exactly the expected errors and warnings (by code, indicator and, where given, severity, claimed and
  recomputed value): none missing, none extra. Info findings are not asserted. A consistent twin
  expects none at all.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from jixiao.audit import ReadError, audit_file
from jixiao.audit.render import render_json

CASES = Path(__file__).resolve().parent / "audit_cases"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"

TableKind = Literal[
    "score_sheet", "dept_self_eval", "project_self_eval", "cq_self_eval", "budget_table", "project_list", "info_table", "unrecognised"
]
Code = Literal[
    "score_above_max", "score_below_zero", "score_sum", "weight_sum", "total_mismatch", "total_sources_disagree",
    "grade_mismatch", "execution_rate_mismatch", "execution_score_mismatch", "target_score_mismatch",
    "target_coefficient_mismatch", "qualitative_full_marks", "list_count_mismatch", "breakdown_mismatch",
    "rate_mismatch", "table_unrecognised", "no_score_table",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ExpectedTable(_Strict):
    kind: TableKind
    rows: int  # the data rows the table prints (header and title rows not counted): at least these are read


class ExpectedRow(_Strict):
    name: str
    max: str
    score: str


class ExpectedFinding(_Strict):
    code: Code
    # the row the finding is about: one name, several acceptable names, or null for a finding about the
    # document (a prose total, a list, a breakdown) whose indicator is not compared
    indicator: str | list[str] | None
    severity: Literal["error", "warning", "info"] | None = None  # info: asserted only when listed
    claimed: str | None = None
    recomputed: str | None = None


class Expected(_Strict):
    document: str
    made_with: str
    layout: str
    twin_of: str | None = None
    department: str | None
    year: int | None
    claimed_total: str | None
    tables: list[ExpectedTable]
    score_rows: list[ExpectedRow]
    findings: list[ExpectedFinding]


def case_ids() -> list[str]:
    return sorted(p.parent.name for p in CASES.glob("*/expected.yaml"))


@lru_cache(maxsize=None)
def expected(case: str) -> Expected:
    path = CASES / case / "expected.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        exp = Expected.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise AssertionError(f"{path}: {problems}") from None
    if not (CASES / case / exp.document).is_file():
        raise AssertionError(f"{path}: document: {exp.document} is not in {path.parent}")
    return exp


@lru_cache(maxsize=None)
def audited(path: str) -> dict:
    try:
        return json.loads(render_json(audit_file(path)))
    except ReadError as exc:
        raise AssertionError(f"{Path(path).name} cannot be read: {exc}") from None


def audit_of(case: str) -> dict:
    exp = expected(case)
    return audited(str(CASES / case / exp.document))


# ---------------------------------------------------------------- comparing


def norm(name: str | None) -> str:
    s = unicodedata.normalize("NFKC", name or "")
    return re.sub(r"[\s“”\"'‘’]", "", s)


def same_name(want: str, got: str | None) -> bool:
    """The name read contains the expected one (it may keep an outline number or a prefix such as "指标1：")."""
    a, b = norm(want), norm(got)
    return bool(a and b) and a in b


def number(v) -> Decimal | None:
    if v is None:
        return None
    s = str(v).replace(",", "").replace("，", "").strip().rstrip("%分").strip()
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def same_value(want: str, got) -> bool:
    a, b = number(want), number(got)
    if a is not None and b is not None:
        return a == b
    return norm(want) == norm(None if got is None else str(got))


def missing_rows(want: list[ExpectedRow], got: list[dict]) -> list[str]:
    free = list(got)
    out = []
    for row in want:
        hit = next((g for g in free if same_name(row.name, g.get("name")) and same_value(row.max, g.get("max")) and same_value(row.score, g.get("score"))), None)
        if hit is not None:
            free.remove(hit)
            continue
        named = [f"{g.get('name')} {g.get('max')}/{g.get('score')}" for g in got if same_name(row.name, g.get("name"))]
        out.append(f"{row.name} {row.max}/{row.score}" + (f" (read as {'; '.join(named)})" if named else " (not read)"))
    return out


def finding_matches(want: ExpectedFinding, got: dict) -> bool:
    if got.get("code") != want.code:
        return False
    if want.severity and got.get("severity") != want.severity:
        return False
    if want.indicator is not None:
        names = [want.indicator] if isinstance(want.indicator, str) else want.indicator
        if not any(same_name(n, got.get("indicator")) for n in names):
            return False
    if want.claimed is not None and not same_value(want.claimed, got.get("claimed")):
        return False
    if want.recomputed is not None and not same_value(want.recomputed, got.get("recomputed")):
        return False
    return True


def compare_findings(want: list[ExpectedFinding], got: list[dict]) -> tuple[list[str], list[str]]:
    """Expected errors and warnings must be exactly those found; a listed info must be found, other infos are free."""
    free = [f for f in got if f.get("severity") in ("error", "warning")]
    infos = [f for f in got if f.get("severity") == "info"]
    missing = []
    for w in want:
        pool = infos if w.severity == "info" else free
        hit = next((g for g in pool if finding_matches(w, g)), None)
        if hit is None:
            missing.append(f"{w.code} {w.indicator or ''} claimed={w.claimed} recomputed={w.recomputed}")
        else:
            pool.remove(hit)
    extra = [f"[{g.get('severity')}] {g.get('code')} {g.get('indicator') or ''} {g.get('claimed')}→{g.get('recomputed')}: {g.get('message', '')[:80]}" for g in free]
    return missing, extra


def row_count(table: dict) -> int:
    rows = table.get("rows")
    if isinstance(rows, list):
        return len(rows)
    return int(rows) if rows not in (None, "") else 0


# ---------------------------------------------------------------- the corpus itself


def test_corpus_shape() -> None:
    """At least 24 documents in 12 layouts across .txt/.docx/.pdf/.xlsx/.html, each planted one with its twin."""
    ids = case_ids()
    exps = {c: expected(c) for c in ids}
    assert len(ids) >= 24, ids
    assert len({e.layout for e in exps.values()}) >= 12
    assert {Path(e.document).suffix for e in exps.values()} >= {".txt", ".docx", ".pdf", ".xlsx", ".html"}
    planted = {c for c, e in exps.items() if e.twin_of is None}
    twins = {e.twin_of: c for c, e in exps.items() if e.twin_of is not None}
    assert set(twins) == planted, f"planted without a twin: {planted - set(twins)}; twin of nothing: {set(twins) - planted}"
    for c in twins.values():
        assert all(f.severity == "info" for f in exps[c].findings), f"{c}: a twin expects no error or warning"
    for c in planted:
        assert 1 <= len([f for f in exps[c].findings if f.severity != "info"]) <= 3, c
        assert exps[twins[c]].layout == exps[c].layout
        a = (CASES / c / exps[c].document).read_bytes()
        b = (CASES / twins[c] / exps[twins[c]].document).read_bytes()
        assert a != b, f"{c} and its twin are the same document"


def test_expected_is_strict(tmp_path, monkeypatch) -> None:
    """An unknown key and a missing key are refused, naming the file and the key."""
    import sys

    runner = sys.modules[__name__]

    src = yaml.safe_load((CASES / case_ids()[0] / "expected.yaml").read_text(encoding="utf-8"))
    case = tmp_path / "x"
    case.mkdir()
    (case / src["document"]).write_text("")
    monkeypatch.setattr(runner, "CASES", tmp_path)
    for bad, key in ((dict(src, colour="red"), "colour"), ({k: v for k, v in src.items() if k != "year"}, "year"),
                     (dict(src, findings=[{"code": "score_sum", "indicator": None, "recomptued": "1"}]), "recomptued")):
        (case / "expected.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
        runner.expected.cache_clear()
        with pytest.raises(AssertionError, match=rf"x/expected\.yaml: .*{key}"):
            runner.expected("x")
    runner.expected.cache_clear()


def test_fixtures_are_what_the_generators_make(tmp_path, monkeypatch) -> None:
    """Every case comes from a generator, and its expected.yaml (and its text or HTML document, which
    are made byte for byte the same) is exactly what the generator writes: no expectation edited by hand.
    LibreOffice and Chromium are stubbed here; the binary documents they make are not compared."""
    import importlib
    import sys

    monkeypatch.syspath_prepend(str(CASES))
    casekit = importlib.import_module("casekit")
    monkeypatch.setattr(casekit, "HERE", tmp_path)

    def fake_soffice(src: Path, out_dir: Path, fmt: str = "pdf") -> Path:
        out = out_dir / f"{src.stem}.{fmt}"
        out.write_bytes(b"stub")
        return out

    def fake_chromium(html: Path, pdf: Path) -> Path:
        pdf.write_bytes(b"stub")
        return pdf

    for name in ("make_text", "make_docx", "make_xlsx", "make_html"):
        module = importlib.import_module(name)
        for attr, fake in (("soffice_convert", fake_soffice), ("chromium_to_pdf", fake_chromium)):
            if hasattr(module, attr):
                monkeypatch.setattr(module, attr, fake)
        for make in module.ALL:
            make()
    for name in ("casekit", "make_text", "make_docx", "make_xlsx", "make_html"):
        sys.modules.pop(name, None)
    made = sorted(p.name for p in tmp_path.iterdir() if (p / "expected.yaml").is_file())
    assert made == case_ids(), f"cases without a generator: {set(case_ids()) - set(made)}; not committed: {set(made) - set(case_ids())}"
    differ = []
    for case in made:
        if (tmp_path / case / "expected.yaml").read_bytes() != (CASES / case / "expected.yaml").read_bytes():
            differ.append(f"{case}/expected.yaml")
        doc = expected(case).document
        if Path(doc).suffix in (".txt", ".html") and (tmp_path / case / doc).read_bytes() != (CASES / case / doc).read_bytes():
            differ.append(f"{case}/{doc}")
    assert not differ, f"committed fixtures differ from their generators' output (rerun the generator): {differ}"


@pytest.mark.parametrize("case", case_ids())
def test_score_rows(case: str) -> None:
    exp = expected(case)
    got = audit_of(case).get("score_rows") or []
    missing = missing_rows(exp.score_rows, got)
    assert not missing, f"{case}: {len(missing)} of {len(exp.score_rows)} score rows not read right: " + "；".join(missing)


@pytest.mark.parametrize("case", case_ids())
def test_claimed_total_and_identity(case: str) -> None:
    exp = expected(case)
    got = audit_of(case)
    problems = []
    if exp.claimed_total is None:
        if got.get("claimed_total") is not None:
            problems.append(f"claimed_total {got.get('claimed_total')} where the document states none")
    elif not same_value(exp.claimed_total, got.get("claimed_total")):
        problems.append(f"claimed_total {got.get('claimed_total')} ≠ {exp.claimed_total}")
    if norm(got.get("department")) != norm(exp.department):
        problems.append(f"department {got.get('department')!r} ≠ {exp.department!r}")
    if str(got.get("year")) != str(exp.year):
        problems.append(f"year {got.get('year')} ≠ {exp.year}")
    assert not problems, f"{case}: " + "; ".join(problems)


@pytest.mark.parametrize("case", case_ids())
def test_tables(case: str) -> None:
    exp = expected(case)
    got = audit_of(case).get("tables")
    assert got is not None, f"{case}: the audit JSON has no tables"
    kinds = [t.get("kind") for t in got]
    assert kinds == [t.kind for t in exp.tables], f"{case}: table kinds {kinds} ≠ {[t.kind for t in exp.tables]}"
    short = [f"{t.kind}: {row_count(g)} < {t.rows}" for t, g in zip(exp.tables, got) if row_count(g) < t.rows]
    assert not short, f"{case}: tables read short: {short}"


@pytest.mark.parametrize("case", case_ids())
def test_findings(case: str) -> None:
    exp = expected(case)
    missing, extra = compare_findings(exp.findings, audit_of(case).get("findings") or [])
    what = "twin (must give no error or warning)" if exp.twin_of else "planted"
    assert not missing and not extra, f"{case} [{what}]: missing {missing}; extra {extra}"


# ---------------------------------------------------------------- the seeds

# The total each seed prints (read off the documents: 000 line 246, 001 line 243, 002 line 20,
# 003 line 313, 004 line 608).
SEED_TOTALS = {"000": "97.15", "001": "96.97", "002": "99", "003": "92.7", "004": "91.91"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
@pytest.mark.parametrize("number", sorted(SEED_TOTALS))
def test_seed_claimed_total(number: str) -> None:
    path = next(SEEDS.glob(f"{number}_*.txt"))
    assert same_value(SEED_TOTALS[number], audited(str(path)).get("claimed_total"))


# ../shared/realworld (labels.json: ≥ 90% of the labelled score rows, the claimed totals, no false alarms)
# is run by tests/test_audit_realworld.py.
