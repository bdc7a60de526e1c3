"""Audit of .docx and .pdf reports made by the documents feature (jixiao.writers) from case inputs,
with numbers deliberately altered: the prose is written from an altered input while the 评分表
keeps the original scores, and one score cell is edited by hand. The same findings must come out
of the .docx and of its PDF."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.audit import AuditReport, Severity, audit_file
from jixiao.core.engine import score
from jixiao.frameworks import load_framework
from jixiao.io.inputs import load_input, load_input_data
from jixiao.writers.docx_report import build_report
from jixiao.writers.pdf import docx_to_pdf, find_soffice

from .conftest import complete_input

CASES = Path(__file__).resolve().parent.parent / "cases"


def _shenzhen_docx(path: Path) -> Path:
    raw = complete_input()
    card = score(load_framework("shenzhen-common"), load_input_data(raw))
    altered = copy.deepcopy(raw)
    altered["staffing"]["contract"] = 10  # prose: 10 编外 (17.24%); 评分表 keeps the score of 2 编外 (4% → 1)
    doc = build_report(card, load_input_data(altered))
    for row in doc.tables[0].rows:
        cells = row.cells
        if cells[4].text == "预算编制合理性":
            cells[6].paragraphs[0].runs[0].text = "6"  # above its maximum of 5; the 合计 stays 100
    doc.save(path)
    return path


def _national_docx(path: Path, *, alter: bool = True) -> Path:
    data = load_input(CASES / "national-demo" / "input.yaml").data
    card = score(load_framework("national-self-eval"), data)
    raw = data.model_dump(mode="python", exclude_none=True)
    if alter:
        raw["targets"][1]["actual"] = "1500"  # the 自评表 row shows 1500/1500 but keeps the score 7.36
    build_report(card, load_input_data(raw)).save(path)
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("audit-docs")
    out = {
        "sz.docx": _shenzhen_docx(base / "sz.docx"),
        "nat.docx": _national_docx(base / "nat.docx"),
        "clean.docx": _national_docx(base / "clean.docx", alter=False),
    }
    if find_soffice():
        for name in ("sz.docx", "nat.docx"):  # LibreOffice present: a failed conversion is a failure
            out[name.replace(".docx", ".pdf")] = docx_to_pdf(out[name], base)
    return out


def _get(made: dict[str, Path], name: str) -> AuditReport:
    if name not in made:
        from conftest import missing

        missing("LibreOffice（soffice），用于生成 PDF")
    return audit_file(made[name])


def _find(r: AuditReport, code: str, indicator: str | None = None):
    found = [f for f in r.findings if f.code == code and (indicator is None or f.indicator == indicator)]
    assert found, (code, [(f.code, f.message[:50]) for f in r.findings])
    return found[0]


@pytest.mark.parametrize("name", ["sz.docx", "sz.pdf"])
def test_shenzhen_document(made, name: str) -> None:
    r = _get(made, name)
    assert r.kind == name.split(".")[1]
    assert r.framework_id in ("shenzhen-common", "shenzhen-luohu")
    assert r.claimed_total == Decimal("100")
    f = _find(r, "score_above_max", "预算编制合理性")
    assert (f.claimed, f.recomputed) == ("6", "5")
    assert f.evidence[0].loc.table is not None and f.evidence[0].loc.column == 7
    assert _find(r, "total_mismatch").recomputed == "101"
    f = _find(r, "formula_mismatch", "编外人员控制率")
    assert (f.claimed, f.recomputed) == ("1", "0") and "10/(48+10)" in f.message
    assert not [f for f in r.findings if f.severity is not Severity.INFO and f.code not in ("score_above_max", "total_mismatch", "formula_mismatch")]


@pytest.mark.parametrize("name", ["nat.docx", "nat.pdf"])
def test_national_document(made, name: str) -> None:
    r = _get(made, name)
    assert r.framework_id == "national-self-eval"
    f = _find(r, "target_score_mismatch")
    assert (f.claimed, f.recomputed) == ("7.36", "8")
    f = _find(r, "formula_mismatch", "产出指标完成情况")
    assert (f.claimed, f.recomputed) == ("45.97", "46.61")
    assert r.recomputed_total == Decimal("95.77")


def test_clean_generated_report_has_no_findings(made) -> None:
    r = audit_file(made["clean.docx"])
    assert r.findings == []
    assert r.claimed_total == r.recomputed_total == Decimal("95.13")


def test_pdf_page_locations(made) -> None:
    r = _get(made, "sz.pdf")
    f = _find(r, "score_above_max")
    assert f.evidence[0].loc.page is not None


@pytest.mark.parametrize("case", sorted(p.parent.name for p in CASES.glob("*/input.yaml")))
def test_reports_written_by_jixiao_recompute_to_their_own_total(tmp_path: Path, case: str) -> None:
    """A report the documents feature writes from a golden case's input states the engine's total;
    the audit must read it back, match its framework and recompute the same total, with no error."""
    data = load_input(CASES / case / "input.yaml").data
    fw = load_framework(data.framework)
    card = score(fw, data)
    path = tmp_path / f"{case}.docx"
    build_report(card, data).save(path)
    r = audit_file(path)
    assert r.framework_id is not None
    assert r.claimed_total == card.total
    assert r.recomputed_total == card.total
    assert not [f for f in r.findings if f.severity is Severity.ERROR]
