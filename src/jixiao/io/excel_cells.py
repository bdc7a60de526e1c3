"""Cell values of the Excel template: reading them as exact figures, writing figures back.

Reading rules (documented for users on the 说明 sheet):

* An empty cell (or one holding only spaces) is *absent*, never 0.
* A numeric cell arrives from openpyxl as an int or a binary float. A float is taken at
  Excel's own precision, 15 significant digits (``format(v, ".15g")``), so 5481.65 reads as
  ``Decimal("5481.65")`` and a formula's 0.30000000000000004 as ``Decimal("0.3")``.
  The figure then gets at least as many decimals as the cell's number format shows
  ("#,##0.00" → 3796.6 reads as 3796.60): what the user sees in the cell is what is read.
  Extra decimals beyond the format are kept, never rounded away.
* A text cell may hold a number with thousands separators ("5,481.65"); percentage cells
  and free numbers may end in "%" ("98.5%" → 98.5). Anything else ("约3000") is an error.
* A numeric cell formatted as a percentage (Excel turns a typed "98.5%" into 0.985 with
  format "0.0%") is read as the printed number, 98.5.

Writing uses the reverse rule: a Decimal goes into a numeric cell with a number format
showing exactly its decimals, so reading it back gives the same Decimal, trailing zeros
included. A figure with more than 15 significant digits (which a float cannot hold) is
written as text.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation

from ..core.plausibility import check_size
from ..core.numbers import ungroup

ZERO = Decimal(0)
MAX_SHOWN_DECIMALS = 10  # optional '#' places in number formats, so typed decimals stay visible


class CellError(ValueError):
    """A cell whose content cannot be read as the figure expected; the message is Chinese."""


def show(value: object) -> str:
    """How a cell's content is quoted in an error message."""
    if isinstance(value, str):
        text = value if len(value) <= 30 else value[:29] + "…"
        return f"'{text}'"
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return f"日期/时间 {value}"
    return str(value)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- number formats

def format_decimals(number_format: str | None) -> tuple[int, bool]:
    """(decimals the format always shows, whether it is a percentage format)."""
    fmt = (number_format or "General").split(";")[0]
    fmt = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt)  # quoted text, escapes, [colour]/[$-locale]
    percent = "%" in fmt
    match = re.search(r"\.(0+)", fmt)
    return (len(match.group(1)) if match else 0), percent


def decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def number_format(value: Decimal | None, *, grouping: bool, default: str) -> str:
    """The format that shows ``value`` with exactly its decimals (``default`` for a blank cell)."""
    if value is None:
        return default
    places = decimals_of(value)
    if places == 0:
        return "General"  # not "0": a decimal typed over it later must not display rounded
    head = "#,##0" if grouping else "0"
    return f"{head}.{'0' * places}{'#' * max(0, MAX_SHOWN_DECIMALS - places)}"


def cell_number(value: Decimal) -> Decimal | int | str:
    """What to put in the cell for an exact figure: a number, or text when a float cannot hold it."""
    value_tuple = value.as_tuple()
    if len(value_tuple.digits) > 15:
        return format(value, "f")
    if value == value.to_integral_value() and decimals_of(value) == 0:
        return int(value)
    return value


# ---------------------------------------------------------------- reading numbers

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _with_places(value: Decimal, places: int) -> Decimal:
    """``value`` without exponent notation and with at least ``places`` decimals."""
    if value == 0:
        value = ZERO
    else:
        value = value.normalize()
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        value = value.quantize(Decimal(1))
    if decimals_of(value) < places:
        value = value.quantize(Decimal(1).scaleb(-places))
    return value


def read_decimal(value: object, number_fmt: str | None, *, what: str, allow_percent: bool, negative: bool) -> Decimal | None:
    """A cell as an exact Decimal, or None when blank. ``what`` names the figure in messages (金额…)."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        raise CellError(f"应为{what}，读到 {show(value)}")
    places, percent_fmt = format_decimals(number_fmt)
    if isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(format(value, ".15g"))
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        try:
            text = ungroup(text.rstrip("%％")) + text[len(text.rstrip("%％")):]
        except ValueError as exc:
            raise CellError(f"应为{what}：{exc}") from None
        text_percent = text.endswith(("%", "％"))
        if text_percent:
            if not allow_percent:
                raise CellError(f"应为{what}，读到 {show(value)}（{what}不带百分号）")
            text = text[:-1]
        if not _NUMBER.match(text):
            raise CellError(f"应为{what}，读到 {show(value)}")
        try:
            result = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            raise CellError(f"应为{what}，读到 {show(value)}") from None
        places, percent_fmt = decimals_of(result), False
    else:
        raise CellError(f"应为{what}，读到 {show(value)}")
    if percent_fmt and not isinstance(value, str):
        if not allow_percent:
            raise CellError(f"应为{what}，读到百分数 {show(value)}（单元格为百分比格式）")
        result = result * 100
    if not result.is_finite():
        raise CellError(f"应为{what}，读到 {show(value)}")
    try:
        check_size(result)
    except ValueError as exc:
        raise CellError(f"{what}：{exc}") from None
    if not negative and result < 0:
        raise CellError(f"{what}不能为负数，读到 {show(value)}")
    return _with_places(result, places)


def read_int(value: object, *, what: str, negative: bool = False) -> int | None:
    """A whole number (a count, a year); 12.0 from Excel is 12, 12.5 is an error."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"应为{what}，读到 {show(value)}")
    if isinstance(value, int):
        result = value
    elif isinstance(value, float) and value.is_integer():
        result = int(value)
    elif isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,30}", _ungrouped(value.strip())):
        result = int(_ungrouped(value.strip()))
    else:
        raise CellError(f"应为{what}，读到 {show(value)}")
    if not negative and result < 0:
        raise CellError(f"应为非负{what}，读到 {show(value)}")
    return result


def _ungrouped(text: str) -> str:
    try:
        return ungroup(text)
    except ValueError:
        return text  # not a number: the caller says so


# ---------------------------------------------------------------- other kinds

YES, NO = "是", "否"
_TRUE = {"是", "true", "t", "yes", "y", "√", "✓"}
_FALSE = {"否", "false", "f", "no", "n", "×", "✗"}


def read_bool(value: object, *, meaning: str = "") -> bool | None:
    """是/否 (also true/false and Excel's TRUE/FALSE) → bool; blank → None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    hint = f"（{meaning}）" if meaning else ""
    raise CellError(f"应为 是 或 否{hint}，读到 {show(value)}")


def yes_no(value: bool | None) -> str | None:
    return None if value is None else (YES if value else NO)


def read_text(value: object) -> str | None:
    """Text as written; a number typed into a text cell is taken as its digits."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float):
        return format(Decimal(format(value, ".15g")), "f")
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return str(value).strip()


def read_choice(value: object, choices: dict[str, str], shown: list[str], *, what: str) -> str | None:
    """One of fixed choices: ``choices`` maps every accepted spelling to the stored value;
    ``shown`` are the spellings offered in the dropdown (named in the error). Blank → None."""
    text = read_text(value)
    if text is None:
        return None
    if text in choices:
        return choices[text]
    raise CellError(f"{what}应从下拉列表中选择（可选：{'；'.join(shown)}），读到 {show(value)}")
