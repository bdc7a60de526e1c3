"""A loaded framework back to the plain data of a framework file (the inverse of loading).

Percent parameters (``PctParam``: held as fractions, written as percentages) are written back
as percentages, decimals as exact strings, enums as their values; values equal to a field's
default are left out. ``Framework.model_validate(framework_raw(fw)) == fw`` for every framework.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any, get_args

from pydantic import BaseModel

from ..core.numbers import HUNDRED, plain
from ..core.rules.rates import _pct_to_fraction


def _has_pct(annotation: Any) -> bool:
    if any(getattr(m, "func", None) is _pct_to_fraction for m in getattr(annotation, "__metadata__", ())):
        return True
    return any(_has_pct(a) for a in get_args(annotation))


def _is_pct(info) -> bool:
    return any(getattr(m, "func", None) is _pct_to_fraction for m in info.metadata) or _has_pct(info.annotation)


def _value(value: Any, pct: bool) -> Any:
    if isinstance(value, BaseModel):
        return model_raw(value)
    if isinstance(value, (list, tuple)):
        return [_value(v, pct) for v in value]
    if isinstance(value, dict):
        return {k: _value(v, pct) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return plain(value * HUNDRED if pct else value)
    return value


def model_raw(model: BaseModel) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if not info.is_required() and value == info.get_default(call_default_factory=True):
            if name != "kind":
                continue
        out[name] = _value(value, _is_pct(info))
    return out


def framework_raw(fw) -> dict[str, Any]:
    """The framework as file data (resolved: no ``extends``)."""
    return model_raw(fw)
