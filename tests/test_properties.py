"""Properties of the engine on generated department-years (jixiao.synth), under every option set.

Each test draws seeds with hypothesis and checks an invariant that must hold for any
input: bounds, sums, monotonicity of 预算执行率, determinism, completeness, what a
missing figure does, and that the generator's raw dicts round-trip through the loader.
"""

from __future__ import annotations

import copy
import itertools
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jixiao import synth
from jixiao.core.checks import check_input
from jixiao.core.engine import score
from jixiao.core.framework import Framework
from jixiao.core.numbers import RoundingMode
from jixiao.core.options import ExecutionAverage, RoundingScope, ScoringOptions
from jixiao.core.rules.quarterly import ExecutionAveragePart, QuarterlySchedule
from jixiao.core.scorecard import GroupResult, IndicatorResult, Scorecard, Status
from jixiao.frameworks import available, load_framework
from jixiao.io.inputs import InputError, load_input_data
from jixiao.writers.jsonout import render_json

FRAMEWORKS = available()
#: rounding × scope × execution_average (12), each with exact rates and with rates rounded to 0.01%.
ALL_OPTIONS = [
    ScoringOptions(rounding=r, rounding_scope=s, execution_average=e, rate_places=p)
    for r, s, e, p in itertools.product(RoundingMode, RoundingScope, ExecutionAverage, (None, 2))
]
assert len(ALL_OPTIONS) == 24

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
PROJECTS = st.integers(min_value=0, max_value=6)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fw(ident: str) -> Framework:
    return load_framework(ident)


def _raw(fw: Framework, seed: int, projects: int = 3) -> dict[str, Any]:
    return synth.generate_raw(fw, seed=seed, projects=projects)


# --------------------------------------------------------------------------- helpers


def _walk(node: GroupResult | IndicatorResult):
    yield node
    if isinstance(node, GroupResult):
        for child in node.children:
            yield from _walk(child)


def _nodes(card: Scorecard):
    for group in card.groups:
        yield from _walk(group)


def _check_structure(fw: Framework, card: Scorecard) -> None:
    """Bounds, sums and completeness of one scorecard."""
    zero = Decimal(0)
    for node in _nodes(card):
        if isinstance(node, IndicatorResult):
            if node.score is not None:
                assert zero <= node.score <= node.max, (node.id, node.score, node.max)
            for part in node.parts:
                for value in (part.score, part.raw):
                    if value is not None:
                        assert zero <= value <= part.max, (node.id, part.id, value, part.max)
            if node.status is Status.MISSING:
                assert node.score is None, node.id
            else:
                assert node.score is not None, node.id
                if not node.vetoed and card.options.rounding_scope is RoundingScope.PART:
                    assert node.score == sum((p.score for p in node.parts), zero), node.id  # type: ignore[misc]
        else:
            assert zero <= node.score <= node.max, (node.id, node.score, node.max)
            children = sum((c.score if c.score is not None else zero for c in node.children), zero)
            assert node.score == children, (node.id, node.score, children)
            assert node.complete == all(
                c.status is not Status.MISSING if isinstance(c, IndicatorResult) else c.complete
                for c in node.children
            ), node.id
    assert card.total == sum((g.score for g in card.groups), zero)
    assert zero <= card.total <= card.max_total == fw.total
    missing = [".".join(leaf.path) for leaf in card.leaves() if leaf.status is Status.MISSING]
    assert card.complete == (not missing)
    assert list(card.missing) == missing
    if card.complete:
        assert card.grade == fw.grade_for(card.total)
    else:
        assert card.grade is None


def _quarter_indicators(fw: Framework) -> list[str]:
    return [
        ind.id
        for _, ind in fw.leaves()
        if any(isinstance(p.rule, (QuarterlySchedule, ExecutionAveragePart)) for p in ind.parts or ())
    ]


def _no_floats(value: Any) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(_no_floats(v) for v in value.values())
    if isinstance(value, list):
        return all(_no_floats(v) for v in value)
    return True


# --------------------------------------------------------------------------- the generator


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
@FAST
@given(seed=SEEDS, projects=PROJECTS)
def test_generated_input_is_valid_and_complete(fw_id: str, seed: int, projects: int) -> None:
    fw = _fw(fw_id)
    raw = _raw(fw, seed, projects)
    assert _no_floats(raw)
    data = load_input_data(raw)
    assert check_input(fw, data) == []
    assert len(data.projects or ()) == projects
    card = score(fw, data)
    assert card.complete, card.missing


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
@FAST
@given(seed=SEEDS, projects=PROJECTS)
def test_raw_round_trips_through_the_loader(fw_id: str, seed: int, projects: int) -> None:
    fw = _fw(fw_id)
    raw = _raw(fw, seed, projects)
    model = synth.generate(fw, seed=seed, projects=projects)
    assert load_input_data(raw) == model
    # ... as JSON text (Decimals as strings), as the web app will store it ...
    assert load_input_data(json.loads(json.dumps(synth.jsonable(raw), ensure_ascii=False))) == model
    # ... and back from the model itself.
    assert load_input_data(model.model_dump(exclude_none=True)) == model


def test_generator_is_deterministic_and_names_are_stable() -> None:
    fw = _fw("shenzhen-common")
    assert synth.generate_raw(fw, seed=7) == synth.generate_raw(fw, seed=7)
    assert synth.generate_raw(fw, seed=7) != synth.generate_raw(fw, seed=8)
    one = synth.generate_raw(fw, seed=7, department="某区某局", year=2023)
    assert one["department"] == "某区某局" and one["year"] == 2023
    batch = list(synth.generate_many(fw, departments=3, years=(2022, 2023), seed=1, projects=2))
    assert [(d.department, d.year) for d in batch][:2] == [(batch[0].department, 2022), (batch[0].department, 2023)]
    assert len({d.department for d in batch}) == 3
    assert batch == list(synth.generate_many(fw, departments=3, years=(2022, 2023), seed=1, projects=2))
    assert len(set(synth.department_names(200))) == 200


def test_generator_produces_edge_values() -> None:
    """Over a few hundred seeds the generator hits the edges it promises."""
    fw = _fw("shenzhen-common")
    seen: set[str] = set()
    for seed in range(400):
        raw = _raw(fw, seed, projects=2)
        tp, proc, q = raw["three_public"], raw["procurement"], raw["quarterly"]
        if tp.get("budget") == 0 and tp.get("actual") == 0:
            seen.add("zero three_public budget")
        if tp.get("budget") and tp["actual"] * 10 == tp["budget"] * 9:
            seen.add("three_public exactly 90%")
        if tp.get("budget") and tp["actual"] == tp["budget"]:
            seen.add("three_public exactly 100%")
        if proc.get("plan") == 0:
            seen.add("no procurement plan")
        if raw["satisfaction_pct"] in (Decimal(90), Decimal(95)):
            seen.add("satisfaction exactly 90/95%")
        if q[3].get("progress_pct", 0) > 100 or (
            "cumulative_spent" in q[3] and q[3]["cumulative_spent"] > raw["budget"]["adjusted"]
        ):
            seen.add("progress above 100%")
        if any(x.get("progress_pct") in (Decimal(25), Decimal(50), Decimal(75)) for x in q):
            seen.add("quarter exactly on schedule")
        if raw["petitions"]["received"] == 0:
            seen.add("no petitions")
        s = raw["staffing"]
        if s["contract"] and s["contract"] * 20 == s["on_payroll"] + s["contract"]:
            seen.add("contract staff exactly 5%")
        if raw["budget"]["adjustment"] * 10 == raw["budget"]["initial"]:
            seen.add("adjustment exactly 10%")
    expected = {
        "zero three_public budget", "three_public exactly 90%", "three_public exactly 100%",
        "no procurement plan", "satisfaction exactly 90/95%", "progress above 100%",
        "quarter exactly on schedule", "no petitions", "contract staff exactly 5%", "adjustment exactly 10%",
    }
    assert expected <= seen, expected - seen


# --------------------------------------------------------------------------- engine properties


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
@FAST
@given(seed=SEEDS)
def test_bounds_sums_and_completeness_under_every_option(fw_id: str, seed: int) -> None:
    fw = _fw(fw_id)
    data = load_input_data(_raw(fw, seed))
    for options in ALL_OPTIONS:
        card = score(fw, data, options)
        _check_structure(fw, card)
        assert card.complete


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
@FAST
@given(seed=SEEDS, quarter=st.integers(1, 4), delta=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(60), places=2))
def test_spending_more_on_schedule_never_lowers_budget_execution(fw_id: str, seed: int, quarter: int, delta: Decimal) -> None:
    fw = _fw(fw_id)
    raw = _raw(fw, seed)
    ids = _quarter_indicators(fw)
    assume_quarterly = bool(ids)
    if not assume_quarterly:
        return
    more = copy.deepcopy(raw)
    for q in more["quarterly"]:  # spent earlier is spent by every later quarter's end too (cumulative)
        if q["quarter"] < quarter:
            continue
        if "progress_pct" in q:
            q["progress_pct"] += delta
        else:  # an amount: raise it by delta% of the adjusted budget
            q["cumulative_spent"] += (more["budget"]["adjusted"] * delta / 100).quantize(Decimal("0.01")) or Decimal("0.01")
    before = load_input_data(raw)
    try:
        after = load_input_data(more)
    except InputError as exc:  # only past the plausible 150% may the raised figures be refused
        assert all("超过 150%" in p.message for p in exc.problems), exc
        assume(False)
    for options in ALL_OPTIONS:
        a, b = score(fw, before, options), score(fw, after, options)
        for ident in ids:
            old, new = a.indicator(ident).score, b.indicator(ident).score
            assert old is not None and new is not None
            assert new >= old, (ident, options, quarter, delta, old, new)
        _check_structure(fw, b)


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
@FAST
@given(seed=SEEDS, options=st.sampled_from(ALL_OPTIONS))
def test_same_input_same_scorecard(fw_id: str, seed: int, options: ScoringOptions) -> None:
    fw = _fw(fw_id)
    raw = _raw(fw, seed)
    first = render_json(score(fw, load_input_data(raw), options))
    again = render_json(score(fw, load_input_data(copy.deepcopy(raw)), options))
    assert first == again
    data = load_input_data(raw)
    assert render_json(score(fw, data, options)) == render_json(score(fw, data, options)) == first


#: Removable sections of the input and the fact-name prefix that they feed.
SECTIONS = {
    "staffing": "staffing.",
    "quarterly": "quarterly.",
    "procurement": "procurement.",
    "assets": "assets.",
    "three_public": "three_public.",
    "public_funds": "public_funds.",
    "petitions": "petitions.",
    "satisfaction_pct": "satisfaction",
    "key_tasks": "key_tasks.",
    "projects": "projects.",
    "budget.initial": "budget.initial",
    "budget.adjustment": "budget.adjustment",
}


def _dependents(fw: Framework, prefix: str, judgements: dict[str, Any] | None = None) -> set[str]:
    """Leaves with a part that reads a fact starting with ``prefix``. A formula part given a
    person's score in ``judgements`` (the generator does that for a figure it cannot compute) counts
    that score whatever the figures, so it does not make its leaf depend on them."""
    judgements = judgements or {}

    def judged(ind_id: str, part_id: str) -> bool:
        answer = judgements.get(ind_id, {}).get(part_id)
        return isinstance(answer, dict) and answer.get("score") is not None and not answer.get("level")

    return {
        ind.id
        for _, ind in fw.leaves()
        for part in ind.parts or ()
        if any(f.startswith(prefix) for f in part.rule.facts_used())
        and not (not part.rule.accepts_answer() and judged(ind.id, part.id))
    }


def _remove(raw: dict[str, Any], what: str) -> None:
    if "." in what:
        head, key = what.split(".")
        del raw[head][key]
    else:
        del raw[what]


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
@FAST
@given(seed=SEEDS, section=st.sampled_from(sorted(SECTIONS)), options=st.sampled_from(ALL_OPTIONS))
def test_removing_a_figure_makes_its_indicators_missing(
    fw_id: str, seed: int, section: str, options: ScoringOptions
) -> None:
    fw = _fw(fw_id)
    raw = _raw(fw, seed)
    # A triggered veto sets its indicator to 0 whatever the figures: not missing.
    vetoed = {k for k, v in raw["judgements"].items() if (v.get("veto") or {}).get("triggered")}
    expected = _dependents(fw, SECTIONS[section], raw["judgements"]) - vetoed
    if not expected:
        return
    less = copy.deepcopy(raw)
    _remove(less, section)
    full, cut = score(fw, load_input_data(raw), options), score(fw, load_input_data(less), options)
    assert full.complete
    for ident in expected:
        leaf = cut.indicator(ident)
        assert leaf.status is Status.MISSING, (ident, leaf.explanation)
        assert leaf.score is None  # never full marks
    assert not cut.complete and cut.grade is None
    assert {p.rsplit(".", 1)[-1] for p in cut.missing} == expected
    # Everything that does not read the removed figure scores as before.
    for before, after in zip(full.leaves(), cut.leaves()):
        if before.id not in expected:
            assert after.score == before.score, before.id
    _check_structure(fw, cut)


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
@FAST
@given(seed=SEEDS, pick=st.integers(min_value=0, max_value=1000), options=st.sampled_from(ALL_OPTIONS))
def test_removing_a_judgement_makes_its_indicator_missing(
    fw_id: str, seed: int, pick: int, options: ScoringOptions
) -> None:
    fw = _fw(fw_id)
    raw = _raw(fw, seed)
    if not raw["judgements"]:
        return
    leaf_id = sorted(raw["judgements"])[pick % len(raw["judgements"])]
    part_id = sorted(raw["judgements"][leaf_id])[pick // len(raw["judgements"]) % len(raw["judgements"][leaf_id])]
    less = copy.deepcopy(raw)
    del less["judgements"][leaf_id][part_id]
    card = score(fw, load_input_data(less), options)
    leaf = card.indicator(leaf_id)
    vetoed = (raw["judgements"][leaf_id].get("veto") or {}).get("triggered")
    if vetoed and part_id != "veto":
        # A triggered veto sets the indicator to 0 whatever its parts say.
        assert leaf.vetoed and leaf.score == 0
    else:
        assert leaf.status is Status.MISSING and leaf.score is None, (leaf_id, part_id, leaf.explanation)
        assert not card.complete and card.grade is None
    _check_structure(fw, card)


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
@FAST
@given(seed=SEEDS, options=st.sampled_from(ALL_OPTIONS))
def test_removing_targets_makes_effectiveness_missing(fw_id: str, seed: int, options: ScoringOptions) -> None:
    fw = _fw(fw_id)
    raw = _raw(fw, seed)
    target_leaves = {
        ind.id: [p.id for p in ind.parts or () if p.rule.kind == "targets"]
        for _, ind in fw.leaves()
        if any(p.rule.kind == "targets" for p in ind.parts or ())
    }
    if not target_leaves:
        return
    less = copy.deepcopy(raw)
    less.pop("targets", None)
    for leaf_id, part_ids in target_leaves.items():
        for part_id in part_ids:
            less["judgements"].get(leaf_id, {}).pop(part_id, None)
    card = score(fw, load_input_data(less), options)
    for leaf_id in target_leaves:
        assert card.indicator(leaf_id).score is None
    assert not card.complete and card.grade is None
    _check_structure(fw, card)
