"""The real report openings' tables, as the audit reads them, written out again in the other forms a
copy out of a web page gives (tab-separated, pipes, markdown, one cell per line between ``|`` lines or
blank lines) and audited again: the same rows read and no false alarm, whatever the form. Nothing is
kept from the files: the forms are made here, in a temporary folder, from what was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.audit import Severity, audit_file
from jixiao.audit.read import read_document

from .test_audit_realworld import LABELS, REALWORLD, _matches

# (the openings whose score tables are read whole; 01's cells are run together and have no other form)
TABLES = sorted(n for n, lab in LABELS.items() if lab["indicators"] and not n.startswith("01_"))
FORMS = ("tabs", "pipes", "markdown", "bars", "blank")


@pytest.fixture(autouse=True)
def _samples_present(require):
    require((REALWORLD / "labels.json").is_file(), "真实报告样本 ../shared/realworld")


def _write(rows: list[list[str]], form: str) -> str:
    if form == "tabs":
        return "\n".join("\t".join(r) for r in rows)
    if form == "pipes":
        return "\n".join(" | ".join(r) + " |" for r in rows)
    if form == "markdown":
        width = max(len(r) for r in rows)
        head, *body = [r + [""] * (width - len(r)) for r in rows]
        return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * width] + ["| " + " | ".join(r) + " |" for r in body])
    if form == "bars":  # an empty cell is nothing between two | lines
        return "\n|\n".join(c for r in rows for c in r)
    return "\n\n".join(c for r in rows for c in r if c)  # blank lines: empty cells are lost


def test_the_samples_are_here() -> None:
    assert TABLES == ["04_hunan_yueyang_glj_pingfenbiao.txt", "07_anhui_jinzhai_chagu_meilixiangcun_2023.txt"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", TABLES)
def test_same_rows_in_every_form(tmp_path: Path, name: str, form: str) -> None:
    doc = read_document(REALWORLD / name)
    rows = [list(r.cells) for b in doc.blocks if hasattr(b, "rows") for r in b.rows]
    assert len(rows) >= 10
    path = tmp_path / f"{form}.txt"
    path.write_text(_write(rows, form) + "\n", encoding="utf-8")
    report = audit_file(path)
    labels = LABELS[name]["indicators"]
    missed = [lab["name"] for lab in labels if not _matches(report, lab)]
    # (07 is cut off in its last row: one cell per line, that row's cells run into the cut — 8 of 9)
    assert len(labels) - len(missed) >= 0.85 * len(labels), f"{form}: missed {missed}"
    alarms = [f.message for f in report.findings if f.severity is not Severity.INFO]
    assert not alarms, alarms
