"""The six real report openings in ../shared/realworld (pipe, one-cell-per-line and run-together
text tables, and prose only), against their hand-made labels.json, loaded strictly.

For every file: at least 90% of the labelled score rows are read with the right 分值 and 得分, the
claimed total is read, and nothing is flagged as an error or warning where the labels list no
verified inconsistency (the files are cut off mid-table: a truncated last row must not produce a
finding). Nothing in the audit knows these files; rows are matched to labels by name here only.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from jixiao.audit import AuditReport, Severity, audit_file
from jixiao.audit.extract.text import key

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"
@pytest.fixture(autouse=True)
def _samples_present(require):
    require((REALWORLD / "labels.json").is_file(), "真实报告样本 ../shared/realworld")

_FILE_KEYS = {"url", "region", "year", "department", "layout", "claimed_total", "score_rows_in_table", "indicators",
              "indicators_note", "correct_items", "verified_inconsistencies", "other_observations"}
_ROW_KEYS = {"name", "max", "score"}


def _labels() -> dict:
    if not (REALWORLD / "labels.json").is_file():
        return {}
    data = json.loads((REALWORLD / "labels.json").read_text(encoding="utf-8"), parse_float=Decimal)
    assert isinstance(data, dict) and data, "labels.json: expected a mapping of file → labels"
    for name, entry in data.items():
        assert (REALWORLD / name).is_file(), f"labels.json names a missing file {name}"
        unknown = set(entry) - _FILE_KEYS
        assert not unknown, f"labels.json {name}: unknown keys {sorted(unknown)}"
        for k in ("claimed_total", "indicators", "verified_inconsistencies"):
            assert k in entry, f"labels.json {name}: missing {k}"
        for row in entry["indicators"]:
            assert set(row) == _ROW_KEYS, f"labels.json {name}: indicator keys {sorted(row)}"
    return data


LABELS = _labels()


@lru_cache(maxsize=None)
def audit(name: str) -> AuditReport:
    return audit_file(REALWORLD / name)


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _name_key(name: str) -> str:
    """A name as compared here, on both sides: key() of it with parenthesised parts left out."""
    return key(re.sub(r"[(（][^)）]*[)）]", "", name))


def _matches(report: AuditReport, label: dict) -> bool:
    """A score row with the label's name (exactly, after _name_key), 分值 and 得分: a name that keeps
    a piece of the next cell ("…次数次") or lost a piece of its own is not the label's row."""
    want = _name_key(label["name"])
    return any(_name_key(row.name) == want and row.max == _d(label["max"]) and row.score == _d(label["score"])
               for row in report.score_rows)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_score_rows_read(name: str) -> None:
    labels = LABELS[name]["indicators"]
    report = audit(name)
    if not labels:
        assert not [r for r in report.score_rows if r.leaf and r.score is not None], "a prose-only report has no score rows"
        return
    read = [lab["name"] for lab in labels if _matches(report, lab)]
    missed = [lab["name"] for lab in labels if lab["name"] not in read]
    assert len(read) >= 0.9 * len(labels), f"{name}: read {len(read)}/{len(labels)}; missed {missed}"


@pytest.mark.parametrize("name", sorted(LABELS))
def test_claimed_total(name: str) -> None:
    want = LABELS[name]["claimed_total"]
    report = audit(name)
    if want is None:
        return
    assert report.claimed_total == Decimal(str(want)), f"{name}: claimed total {report.claimed_total}"


@pytest.mark.parametrize("name", sorted(LABELS))
def test_no_false_alarms(name: str) -> None:
    report = audit(name)
    if LABELS[name]["verified_inconsistencies"]:
        return
    serious = [(f.code, f.indicator, f.message) for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert not serious, serious


def test_no_score_table_is_said_never_a_total_of_zero() -> None:
    prose_only = [n for n, e in LABELS.items() if not e["indicators"]]
    assert prose_only
    for name in prose_only:
        report = audit(name)
        assert report.recomputed_total is None and report.framework_id is None
        assert any(f.code == "no_score_table" and "未读到评分表" in f.message for f in report.findings)
