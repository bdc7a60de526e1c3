"""Text of the audit trail as people read it: no 28-digit decimals, no filler-facing marks.

The engine's explanations keep exact values (a rate of 1/3 carries every digit the context
holds). Pages and documents show them rounded here, at the display layer; the values in the
scorecard stay exact.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# a number with more than six digits after the point (bounded: linear on any input)
_LONG = re.compile(r"(?<![\d.])(-?\d{1,30})\.(\d{7,60})(?![\d.])")
_APPROX_POINTS = re.compile(r"≈(-?\d{1,30}(?:\.\d{1,60})?)分")


def _round(whole: str, frac: str, places: int) -> str:
    try:
        value = Decimal(f"{whole}.{frac}").quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # pragma: no cover - the pattern only matches plain decimals
        return f"{whole}.{frac}"
    text = format(value, "f").rstrip("0").rstrip(".")
    return text or "0"


def short_decimals(text: str, places: int = 2) -> str:
    """"超出10% 1.6955436720142602495543672 个百分点" → "超出10% 约1.70 个百分点"."""
    if not text or "." not in text:
        return text
    return _LONG.sub(lambda m: "约" + _round(m.group(1), m.group(2), places), text)


def for_report(text: str) -> str:
    """An explanation as printed in a report: long decimals and "≈0.954667分" rounded to two places."""
    text = _APPROX_POINTS.sub(lambda m: "约" + _round(*(m.group(1).split(".") + [""])[:2], 2) + "分", text or "")
    return short_decimals(text)
