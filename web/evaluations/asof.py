"""The 截至日期 of the monitoring pages: read strictly, defaulted to a date that makes sense today."""

from __future__ import annotations

from datetime import date

QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


def default_as_of(year: int, today: date | None = None) -> date:
    """A past year: its last day. The current year: the latest quarter end already passed (the
    figures are quarterly), or 3-31 before the first one. A future year: its first quarter end."""
    today = today or date.today()
    if year < today.year:
        return date(year, 12, 31)
    if year > today.year:
        return date(year, 3, 31)
    passed = [date(year, m, d) for m, d in QUARTER_ENDS if date(year, m, d) <= today]
    return passed[-1] if passed else date(year, 3, 31)


def read_as_of(text: str, year: int, today: date | None = None) -> tuple[date | None, str]:
    """(the date, "") from ``?as_of=``; (default, "") when absent; (None, the problem in Chinese) when unreadable."""
    text = (text or "").strip()
    if not text:
        return default_as_of(year, today), ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return None, f"截至日期“{text}”无法识别：请按 年-月-日 填写，如 {year}-06-30"
