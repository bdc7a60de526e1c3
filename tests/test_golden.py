"""Golden cases: every ``cases/*/case.yaml`` scored under each of its readings.

A case holds an input built from a seed report's own figures and, per reading
(a set of scoring options), the expected total, grade and indicator scores.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jixiao.core.engine import score
from jixiao.core.numbers import RoundingMode
from jixiao.core.projects import check_project, project_input
from jixiao.core.options import ExecutionAverage, RoundingScope
from jixiao.frameworks import load_framework
from jixiao.io.inputs import load_input, load_input_data
from jixiao.io.yamlio import read_document

CASES = Path(__file__).resolve().parent.parent / "cases"


# ------------------------------------------------------------------ the case file, read strictly
# Every key is known: an unknown or a missing one is an error naming the file and line, so a case
# whose `total` or `indicators` is misspelt fails instead of asserting nothing.


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Options(_Strict):
    rounding: RoundingMode | None = None
    rounding_scope: RoundingScope | None = None
    execution_average: ExecutionAverage | None = None
    rate_places: int | None = None
    places: int | None = None


class Reading(_Strict):
    options: Options
    total: Decimal
    grade: str | None
    complete: bool
    indicators: dict[str, Decimal] = Field(min_length=1)
    explanations: dict[str, str] = {}
    parts: dict[str, dict[str, Decimal]] = {}
    judgements: dict[str, dict[str, dict[str, Any]]] = {}
    project: int | None = None  # score this project's own 自评表 (its index in the input's projects)


class Divergence(_Strict):
    indicator: str
    report: Decimal | None
    rules: Decimal
    note: str | None = None  # why they part ways, for a reader
    reading: str = "default"


class Case(_Strict):
    input: str
    seed: str | None = None
    framework: str | None = None
    readings: dict[str, Reading] = Field(min_length=1)
    report_divergences: list[Divergence] = []


def load_case(path: Path) -> Case:
    """A case.yaml, strictly: raises ValueError naming file:line and key for anything unknown or missing."""
    doc = read_document(path)
    try:
        return Case.model_validate(doc.data)
    except ValidationError as exc:
        lines = [f"{doc.where(tuple(e['loc']))}：{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors()]
        raise ValueError("\n".join(lines)) from None


def _options(fw, reading: Reading):
    return fw.default_options().with_(**reading.options.model_dump(exclude_none=True))


def _readings():
    for case_file in sorted(CASES.glob("*/case.yaml")):
        for name in load_case(case_file).readings:
            yield pytest.param(case_file, name, id=f"{case_file.parent.name}:{name}")


@pytest.mark.parametrize(("case_file", "reading"), list(_readings()))
def test_golden(case_file: Path, reading: str) -> None:
    case = load_case(case_file)
    expect = case.readings[reading]
    loaded = load_input(case_file.parent / case.input)
    data = loaded.data
    if expect.judgements:
        # A reading may add the report's own judgements (e.g. a score its printed rule does not give).
        raw = data.model_dump(mode="python", exclude_none=True)
        for ident, answers in expect.judgements.items():
            raw["judgements"].setdefault(ident, {}).update(answers)
        data = load_input_data(raw)
    fw = load_framework(case.framework or data.framework)
    if expect.project is not None:
        # A project's own 自评表: the project's budget figures and targets, scored on their own.
        assert check_project(fw, data, expect.project) == []
        data = project_input(data, data.projects[expect.project])
    card = score(fw, data, _options(fw, expect))

    got = {leaf.id: leaf.score for leaf in card.leaves()}
    assert set(expect.indicators) <= set(got), set(expect.indicators) - set(got)
    wrong = {ident: (str(want), None if got[ident] is None else str(got[ident]))
             for ident, want in expect.indicators.items() if got[ident] is None or got[ident] != want}
    assert not wrong, f"indicator scores differ (expected, got): {wrong}"
    assert card.total == expect.total, card.total
    assert card.grade == expect.grade
    assert card.complete is expect.complete, card.missing
    for ident, fragment in expect.explanations.items():
        assert fragment in card.indicator(ident).explanation
    for ident, parts in expect.parts.items():
        leaf = card.indicator(ident)
        for part_id, want in parts.items():
            part = next(p for p in leaf.parts if p.id == part_id)
            assert part.score == want, (ident, part_id, part.score)


def test_a_misspelt_or_missing_key_in_a_case_is_an_error(tmp_path: Path) -> None:
    source = (CASES / "seed-000" / "case.yaml").read_text(encoding="utf-8")
    assert "\n    total: " in source
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(source.replace("\n    total: ", "\n    totl: ", 1), encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_case(renamed)
    assert "totl" in str(info.value) and "total" in str(info.value) and f"{renamed}:" in str(info.value)
    dropped = tmp_path / "dropped.yaml"
    dropped.write_text(source.replace("\n    indicators:", "\n    indicator_scores:", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="indicators"):
        load_case(dropped)
    assert load_case(CASES / "seed-000" / "case.yaml").readings  # the original reads


def test_every_case_names_an_existing_seed(require) -> None:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    require(seeds.is_dir(), "种子报告 ../shared/seeds")
    named = [case.seed for case in map(load_case, sorted(CASES.glob("*/case.yaml"))) if case.seed]
    assert named and all((seeds / name).exists() for name in named), named


def _divergences():
    for case_file in sorted(CASES.glob("*/case.yaml")):
        for n, entry in enumerate(load_case(case_file).report_divergences):
            yield pytest.param(case_file, n, id=f"{case_file.parent.name}:{entry.indicator}")


@pytest.mark.parametrize(("case_file", "index"), list(_divergences()))
def test_report_divergence(case_file: Path, index: int) -> None:
    """Where a report's own 评分表 and the rules part ways: the engine gives the rules' score."""
    case = load_case(case_file)
    entry = case.report_divergences[index]
    loaded = load_input(case_file.parent / case.input)
    fw = load_framework(case.framework or loaded.data.framework)
    leaf = score(fw, loaded.data, _options(fw, case.readings[entry.reading])).indicator(entry.indicator)
    assert leaf.score == entry.rules, (leaf.score, leaf.explanation)
    if entry.report is not None:
        assert leaf.score != entry.report
