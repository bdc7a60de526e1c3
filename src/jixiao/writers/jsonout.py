"""The scorecard as JSON: every number a string, every indicator with its path and trail."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..core.scorecard import GroupResult, IndicatorResult, InputUsed, PartResult, Scorecard


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _input(i: InputUsed) -> dict[str, Any]:
    return {"fact": i.fact, "label": i.label, "value": _num(i.value), "shown": i.shown}


def _part(p: PartResult) -> dict[str, Any]:
    return {
        "id": p.id,
        "label": p.label,
        "max": _num(p.max),
        "score": _num(p.score),
        "raw": _num(p.raw),
        "status": p.status.value,
        "rule": p.rule,
        "explanation": p.explanation,
        "inputs": [_input(i) for i in p.inputs],
        "computed": {k: v for k, v in p.computed},
        "reason": p.reason,
    }


def _node(n: GroupResult | IndicatorResult) -> dict[str, Any]:
    if isinstance(n, IndicatorResult):
        return {
            "id": n.id,
            "path": ".".join(n.path),
            "name": n.name,
            "names": list(n.names),
            "max": _num(n.max),
            "score": _num(n.score),
            "status": n.status.value,
            "vetoed": n.vetoed,
            "explanation": n.explanation,
            "parts": [_part(p) for p in n.parts],
        }
    return {
        "id": n.id,
        "path": ".".join(n.path),
        "name": n.name,
        "level": n.level,
        "max": _num(n.max),
        "score": _num(n.score),
        "complete": n.complete,
        "children": [_node(c) for c in n.children],
    }


def scorecard_dict(card: Scorecard) -> dict[str, Any]:
    o = card.options
    return {
        "framework": card.framework_id,
        "framework_name": card.framework_name,
        "department": card.department,
        "year": card.year,
        "options": {
            "rounding": o.rounding.value,
            "rounding_scope": o.rounding_scope.value,
            "places": o.places,
            "execution_average": o.execution_average.value,
        },
        "total": _num(card.total),
        "max_total": _num(card.max_total),
        "complete": card.complete,
        "grade": card.grade,
        "missing": list(card.missing),
        "groups": [_node(g) for g in card.groups],
        "indicators": [
            {"path": ".".join(leaf.path), "name": leaf.name, "max": _num(leaf.max), "score": _num(leaf.score),
             "status": leaf.status.value, "explanation": leaf.explanation}
            for leaf in card.leaves()
        ],
    }


def render_json(card: Scorecard) -> str:
    return json.dumps(scorecard_dict(card), ensure_ascii=False, indent=2) + "\n"
