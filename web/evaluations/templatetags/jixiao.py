"""Template filters: Chinese-style numbers (Django's zh-hans format has no thousands separator)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from jixiao.core.numbers import fmt_money, fmt_pct, fmt_score

register = template.Library()


@register.filter
def score(value) -> str:
    """91.90 → "91.9"; None → "—"."""
    if value is None or value == "":
        return "—"
    return fmt_score(Decimal(str(value)))


@register.filter
def money(value) -> str:
    """5481.65 → "5,481.65"."""
    if value is None or value == "":
        return "—"
    return fmt_money(Decimal(str(value)))


@register.filter
def pct(value) -> str:
    """A fraction as a percentage: 0.2851 → "28.51%"."""
    if value is None or value == "":
        return "—"
    return fmt_pct(Decimal(str(value)))


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
