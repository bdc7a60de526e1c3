"""Reads: an evaluation's input and scorecards, built by the jixiao core."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from functools import lru_cache

from jixiao.core.engine import score
from jixiao.core.framework import Framework
from jixiao.core.inputs import DepartmentYear
from jixiao.core.scorecard import Scorecard
from jixiao.frameworks import available, load_framework
from jixiao.frameworks.loader import parse_framework
from jixiao.io.inputs import load_input_data
from jixiao.io.yamlio import parse_yaml

from .models import Evaluation, FrameworkFile, Review


@lru_cache(maxsize=64)
def _uploaded(ident: str, text: str) -> Framework:
    return parse_framework(parse_yaml(text, f"{ident}.yaml"))


def framework(ident: str) -> Framework:
    """An uploaded framework (admin) wins over a shipped one of the same id."""
    row = FrameworkFile.objects.filter(ident=ident).only("text").first()
    if row is not None:
        return _uploaded(ident, row.text)
    return load_framework(ident)


def framework_version(ident: str) -> str:
    """Changes whenever what ``framework(ident)`` returns changes (an upload), for cache keys."""
    uploaded_at = FrameworkFile.objects.filter(ident=ident).values_list("uploaded_at", flat=True).first()
    return "shipped" if uploaded_at is None else f"uploaded-{uploaded_at.isoformat()}"


def framework_choices() -> list[tuple[str, str]]:
    idents = sorted(set(available()) | set(FrameworkFile.objects.values_list("ident", flat=True)))
    return [(i, framework(i).name) for i in idents]


def framework_names() -> dict[str, str]:
    """Framework id → its name, for pages that list evaluations (people read names, not ids)."""
    return dict(framework_choices())


def default_framework(department, choices: list[tuple[str, str]]) -> str:
    """The framework a new year of ``department`` most likely uses: its latest year's; else the one
    named after its district (深圳市龙岗区 → "…龙岗区口径"); else a city-wide one; else the first."""
    idents = [i for i, _ in choices]
    last = (Evaluation.objects.filter(department=department).order_by("-year")
            .values_list("framework_id", flat=True).first())
    if last in idents:
        return last
    district = department.district.name
    short = district.split("市", 1)[1] if "市" in district[:-1] else district
    city = district.split("市", 1)[0] if "市" in district[:-1] else ""
    for ident, name in choices:
        if short and short in name:
            return ident
    for ident, name in choices:
        if city and city[:2] in name and "市级" in name:
            return ident
    return idents[0] if idents else ""
_INPUTS: OrderedDict[tuple, DepartmentYear] = OrderedDict()
_MAX_INPUTS = 1024


def input_of(evaluation: Evaluation) -> DepartmentYear:
    """The evaluation's input, validated. Parsed once per saved version in this process: the key is
    the row and its ``updated_at`` (every save through services changes it). Treat it as read-only."""
    key = (evaluation.pk, evaluation.updated_at)
    data = _INPUTS.get(key) if evaluation.pk is not None else None
    if data is None:
        data = load_input_data(evaluation.data, f"评价 {evaluation.pk}")
        if evaluation.pk is not None:
            _INPUTS[key] = data
            if len(_INPUTS) > _MAX_INPUTS:
                _INPUTS.popitem(last=False)
    else:
        _INPUTS.move_to_end(key)
    return data


def latest_reviews(evaluation: Evaluation) -> dict[str, Review]:
    latest: dict[str, Review] = {}
    for review in evaluation.reviews.select_related("reviewer").order_by("at", "id"):
        latest[review.indicator_id] = review
    return latest


def with_reviews(data: DepartmentYear, reviews: dict[str, Review]) -> DepartmentYear:
    """The input with each reviewed indicator's score as a judged override (reason kept)."""
    if not reviews:
        return data
    raw = data.model_dump(mode="python", exclude_none=True)
    judgements = raw.setdefault("judgements", {})
    for ident, review in reviews.items():
        judgements.setdefault(ident, {})["override"] = {"score": review.score, "reason": f"复核：{review.reason}"}
    return load_input_data(raw, "复核")


def basis(leaf) -> str:
    """A digest of an indicator's self result: what a reviewer's score was made against."""
    text = f"{leaf.score}|{leaf.status.value}|{leaf.explanation}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def scorecards(evaluation: Evaluation) -> tuple[Scorecard, Scorecard, DepartmentYear, dict[str, Review]]:
    """(self-scored, reviewed, input, latest reviews).

    A review whose indicator's self result changed after it (the filler changed the data behind
    it) is *stale*: ``review.stale`` is set, and it does not count in the reviewed total until the
    reviewer confirms or redoes it — the reviewed total never silently keeps a deduction for data
    that is no longer there."""
    fw = framework(evaluation.framework_id)
    data = input_of(evaluation)
    reviews = latest_reviews(evaluation)
    own = score(fw, data)
    current = {leaf.id: basis(leaf) for leaf in own.leaves()} if reviews else {}
    for ident, review in reviews.items():
        review.stale = bool(review.basis) and current.get(ident) != review.basis
    counted = {ident: review for ident, review in reviews.items() if not review.stale}
    reviewed = score(fw, with_reviews(data, counted)) if counted else own
    return own, reviewed, data, reviews
