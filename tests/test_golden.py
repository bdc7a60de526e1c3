"""Golden cases: every ``cases/*/case.yaml`` scored under each of its readings.

A case holds an input built from a seed report's own figures and, per reading
(a set of scoring options), the expected total, grade and indicator scores.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.engine import score
from jixiao.core.numbers import RoundingMode
from jixiao.core.projects import check_project, project_input
from jixiao.core.options import ExecutionAverage, RoundingScope
from jixiao.frameworks import load_framework
from jixiao.io.inputs import load_input, load_input_data
from jixiao.io.yamlio import read_document

CASES = Path(__file__).resolve().parent.parent / "cases"
_OPTION_TYPES = {
    "rate_places": int,
    "rounding": RoundingMode,
    "rounding_scope": RoundingScope,
    "execution_average": ExecutionAverage,
    "places": int,
}


def _readings():
    for case_file in sorted(CASES.glob("*/case.yaml")):
        case = read_document(case_file).data
        for name in case["readings"]:
            yield pytest.param(case_file, name, id=f"{case_file.parent.name}:{name}")


@pytest.mark.parametrize(("case_file", "reading"), list(_readings()))
def test_golden(case_file: Path, reading: str) -> None:
    case = read_document(case_file).data
    expect = case["readings"][reading]
    loaded = load_input(case_file.parent / case["input"])
    data = loaded.data
    if expect.get("judgements"):
        # A reading may add the report's own judgements (e.g. a score its printed rule does not give).
        raw = data.model_dump(mode="python", exclude_none=True)
        for ident, answers in expect["judgements"].items():
            raw["judgements"].setdefault(ident, {}).update(answers)
        data = load_input_data(raw)
    fw = load_framework(case.get("framework") or data.framework)
    options = fw.default_options().with_(
        **{k: _OPTION_TYPES[k](v) for k, v in (expect.get("options") or {}).items()}
    )
    if "project" in expect:
        # A project's own 自评表: the project's budget figures and targets, scored on their own.
        assert check_project(fw, data, expect["project"]) == []
        data = project_input(data, data.projects[expect["project"]])
    card = score(fw, data, options)

    got = {leaf.id: leaf.score for leaf in card.leaves()}
    wrong = {
        ident: (want, None if got.get(ident) is None else str(got[ident]))
        for ident, want in (expect.get("indicators") or {}).items()
        if got.get(ident) is None or got[ident] != Decimal(str(want))
    }
    assert not wrong, f"indicator scores differ (expected, got): {wrong}"
    if "total" in expect:
        assert card.total == Decimal(str(expect["total"])), card.total
    if "grade" in expect:
        assert card.grade == expect["grade"]
    if "complete" in expect:
        assert card.complete is expect["complete"], card.missing
    for ident, fragment in (expect.get("explanations") or {}).items():
        assert fragment in card.indicator(ident).explanation
    for ident, parts in (expect.get("parts") or {}).items():
        leaf = card.indicator(ident)
        for part_id, want in parts.items():
            part = next(p for p in leaf.parts if p.id == part_id)
            assert part.score == Decimal(str(want)), (ident, part_id, part.score)


def test_every_case_names_an_existing_seed() -> None:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    for case_file in CASES.glob("*/case.yaml"):
        case = read_document(case_file).data
        if "seed" in case and seeds.exists():
            assert (seeds / case["seed"]).exists(), case["seed"]


def _divergences():
    for case_file in sorted(CASES.glob("*/case.yaml")):
        case = read_document(case_file).data
        for entry in case.get("report_divergences") or ():
            yield pytest.param(case_file, entry, id=f"{case_file.parent.name}:{entry['indicator']}")


@pytest.mark.parametrize(("case_file", "entry"), list(_divergences()))
def test_report_divergence(case_file: Path, entry: dict) -> None:
    """Where a report's own 评分表 and the rules part ways: the engine gives the rules' score."""
    case = read_document(case_file).data
    loaded = load_input(case_file.parent / case["input"])
    fw = load_framework(case.get("framework") or loaded.data.framework)
    reading = case["readings"][entry.get("reading", "default")]
    options = fw.default_options().with_(
        **{k: _OPTION_TYPES[k](v) for k, v in (reading.get("options") or {}).items()}
    )
    leaf = score(fw, loaded.data, options).indicator(entry["indicator"])
    assert leaf.score == Decimal(str(entry["rules"])), (leaf.score, leaf.explanation)
    if entry.get("report") is not None:
        assert leaf.score != Decimal(str(entry["report"]))
