"""Workbooks: every visible sheet's data as tables (several when blank rows separate blocks).

Rows keep the sheet's row numbers (``Loc.row`` is the Excel row; ``Table.caption`` names the
sheet). .xlsx/.xlsm are read straight from their XML (zip sizes checked first, :mod:`.limits`):
the value text as Excel stored it becomes the cell's text exactly (``Decimal`` of the XML
text, never float arithmetic), shown as the user sees it — percent formats as "95.5%",
fixed decimals ("0.00") applied, dates as 2025-03-01, formulas by their cached value,
shared and inline strings, merged cells once at their top-left position. Only the cells
present in the XML are kept, so a file claiming (or holding) a cell at row 1,048,576 costs
no more than its data.

.xls (BIFF) and .ods are read with python-calamine (values and merged ranges; number
formats are not available there, so a percent stored as 0.955 stays "0.955" — noted).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..model import Loc
from .limits import MAX_CELLS, MAX_COLS, open_zip
from .model import Document, ReadError, Row, Table

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_DATE_IDS = set(range(14, 23)) | set(range(45, 48)) | {27, 30, 36, 50, 57}
_BUILTIN = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00"}


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)


def _xml(zf, name: str):
    from lxml import etree

    return etree.fromstring(zf.read(name), _parser())


def read_sheet(path: Path, suffix: str) -> Document:
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    return read_calamine(path, suffix)


# ---------------------------------------------------------------- .xlsx


class _Styles:
    def __init__(self, zf) -> None:
        self.formats: list[str] = []  # per cellXfs index: the number format code ("" = General)
        self.dates: list[bool] = []
        if "xl/styles.xml" not in zf.namelist():
            return
        root = _xml(zf, "xl/styles.xml")
        custom = {}
        for nf in root.iter(f"{_NS}numFmt"):
            try:
                custom[int(nf.get("numFmtId", "0"))] = nf.get("formatCode", "")
            except ValueError:
                continue
        xfs = root.find(f"{_NS}cellXfs")
        for xf in (xfs if xfs is not None else []):
            try:
                fid = int(xf.get("numFmtId", "0"))
            except ValueError:
                fid = 0
            code = custom.get(fid, _BUILTIN.get(fid, ""))
            self.formats.append(code)
            bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
            self.dates.append(fid in _DATE_IDS or (fid not in _BUILTIN and bool(re.search(r"[ymd]", bare)) and "0" not in bare.split(";")[0][:1]))


def render_number(text: str, code: str, is_date: bool) -> str:
    """A stored number as the user sees it under its format (percent, fixed decimals, dates)."""
    try:
        return _render(text, code, is_date)
    except (InvalidOperation, ValueError, OverflowError):
        return text.strip()  # a format asking for more digits than exist: the stored text


def _render(text: str, code: str, is_date: bool) -> str:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return text
    if not value.is_finite():
        return text
    if is_date and 0 < value < 2958466:
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        return day.isoformat()
    if value.adjusted() > 15 or value.adjusted() < -20:
        return text.strip()
    # Excel keeps 15 significant digits: 18.499999999999996 is the 18.5 the user typed
    value = value.quantize(Decimal(1).scaleb(value.adjusted() - 14)) if value else value
    section = code.split(";")[0] if code else ""
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", section)
    if "%" in section:
        decimals = len(section.split(".")[1].split("%")[0].rstrip("#")) if "." in section else 0
        shown = (value * 100).quantize(Decimal(1).scaleb(-decimals)) if decimals <= 10 else value * 100
        return f"{shown}%"
    fixed = re.fullmatch(r"[#,]*0(?:\.(0+))?", section.strip())
    if fixed and "E" not in section:
        decimals = len(fixed.group(1) or "")
        return str(value.quantize(Decimal(1).scaleb(-decimals)))
    out = format(value.normalize(), "f")
    return out


def read_xlsx(path: Path) -> Document:
    zf = open_zip(path, ".xlsx")
    with zf:
        names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            raise ReadError(f"{path}：不是有效的 .xlsx 文件（缺少 xl/workbook.xml）")
        doc = Document(str(path), "xlsx")
        shared = _shared_strings(zf) if "xl/sharedStrings.xml" in names else []
        styles = _Styles(zf)
        targets = _sheet_targets(zf)
        number = 0
        cells_read = 0
        for name, target, state in targets:
            if state in ("hidden", "veryHidden"):
                doc.notes.append(f"工作表「{name}」是隐藏的，未读取")
                continue
            if target not in names:
                doc.notes.append(f"工作表「{name}」在文件中缺失（{target}），未读取")
                continue
            grid, merges, missing = _sheet_cells(zf, target, shared, styles, path, name)
            cells_read += len(grid)
            if cells_read > MAX_CELLS:
                raise ReadError(f"{path}：单元格过多（超过 {MAX_CELLS:,} 个），请只提交评分表")
            if missing:
                doc.notes.append(f"工作表「{name}」有 {missing} 个公式没有保存计算结果，按空白读取（请在 Excel 中重新计算并保存）")
            number = _add_blocks(doc, grid, merges, name, number)
        return doc


def _shared_strings(zf) -> list[str]:
    root = _xml(zf, "xl/sharedStrings.xml")
    out = []
    for si in root.iter(f"{_NS}si"):
        out.append("".join(t.text or "" for t in si.iter(f"{_NS}t") if t.getparent().tag != f"{_NS}rPh"))
    return out


def _sheet_targets(zf) -> list[tuple[str, str, str]]:
    root = _xml(zf, "xl/workbook.xml")
    rels = {}
    if "xl/_rels/workbook.xml.rels" in zf.namelist():
        for rel in _xml(zf, "xl/_rels/workbook.xml.rels").iter(f"{_PKG_REL}Relationship"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            rels[rel.get("Id")] = target
    out = []
    for i, sheet in enumerate(root.iter(f"{_NS}sheet"), 1):
        target = rels.get(sheet.get(f"{_REL}id"), f"xl/worksheets/sheet{i}.xml")
        out.append((sheet.get("name", f"Sheet{i}"), target, sheet.get("state", "visible")))
    return out


def _sheet_cells(zf, member: str, shared: list[str], styles: _Styles, path: Path, sheet: str):
    """{(row, col): text} of the non-empty cells, the merged ranges, and formulas without a value."""
    from lxml import etree

    grid: dict[tuple[int, int], str] = {}
    merges: list[tuple[int, int, int, int]] = []
    missing = 0
    with zf.open(member) as fh:
        context = etree.iterparse(fh, events=("end",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        row_no = 0
        col_no = 0
        for _, el in context:
            tag = el.tag
            if tag == f"{_NS}row":
                el.clear(keep_tail=False)
                continue
            if tag == f"{_NS}c":
                ref = el.get("r")
                m = _REF.match(ref) if ref else None
                if m:
                    r, c = int(m.group(2)), col_index(m.group(1))
                else:  # cells without a reference follow the previous one
                    parent = el.getparent()
                    r = int(parent.get("r")) if parent is not None and (parent.get("r") or "").isdigit() else row_no or 1
                    c = col_no + 1 if r == row_no else 1
                row_no, col_no = r, c
                text = _cell_text(el, shared, styles)
                if text is None:
                    missing += 1
                elif text.strip():
                    grid[(r, c)] = text
                    if len(grid) > MAX_CELLS:
                        raise ReadError(f"{path}：工作表「{sheet}」单元格过多（超过 {MAX_CELLS:,} 个）")
                el.clear(keep_tail=False)
                continue
            if tag == f"{_NS}mergeCell":
                rng = (el.get("ref") or "").split(":")
                if len(rng) == 2:
                    a, b = _REF.match(rng[0]), _REF.match(rng[1])
                    if a and b:
                        merges.append((int(a.group(2)), col_index(a.group(1)), int(b.group(2)), col_index(b.group(1))))
    return grid, merges, missing


def _cell_text(el, shared: list[str], styles: _Styles) -> str | None:
    kind = el.get("t", "n")
    v = el.find(f"{_NS}v")
    if kind == "inlineStr":
        is_ = el.find(f"{_NS}is")
        return "".join(t.text or "" for t in is_.iter(f"{_NS}t")) if is_ is not None else ""
    if v is None or v.text is None:
        return None if el.find(f"{_NS}f") is not None else ""
    raw = v.text
    if kind == "s":
        try:
            return shared[int(raw)]
        except (ValueError, IndexError):
            return ""
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return "TRUE" if raw.strip() == "1" else "FALSE"
    try:
        s = int(el.get("s", "0"))
    except ValueError:
        s = 0
    code = styles.formats[s] if 0 <= s < len(styles.formats) else ""
    is_date = styles.dates[s] if 0 <= s < len(styles.dates) else False
    return render_number(raw, code, is_date)


def _add_blocks(doc: Document, grid: dict, merges: list, sheet: str, number: int) -> int:
    """Tables of the sheet: blocks of consecutive non-empty rows, columns bounded by their data."""
    if not grid:
        return number
    span_at: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in merges:
        if r1 < r0 or c1 < c0 or (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
            continue
        span_at[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
                    grid.pop((r, c), None)
    by_row: dict[int, list[int]] = {}
    for r, c in grid:
        by_row.setdefault(r, []).append(c)
    rows = sorted(by_row)
    blocks: list[list[int]] = []
    for r in rows:
        # a merged cell reaching down into this row keeps the block together
        if blocks and (r == blocks[-1][-1] + 1 or any((rr, cc) in covered for rr in range(blocks[-1][-1] + 1, r) for cc in by_row[r][:1])):
            blocks[-1].append(r)
        else:
            blocks.append([r])
    for block in blocks:
        cols = sorted({c for r in block for c in by_row[r]})
        if cols[-1] - cols[0] + 1 <= MAX_COLS:
            cols = list(range(cols[0], cols[-1] + 1))
        else:
            doc.notes.append(f"工作表「{sheet}」第{block[0]}行起的表格列数过多，只保留有内容的 {len(cols)} 列")
            cols = cols[:MAX_COLS]
        number += 1
        table = Table([], number, caption=f"工作表「{sheet}」", form="sheet")
        has_spans = any((r, c) in span_at or (r, c) in covered for r in block for c in cols)
        for r in block:
            cells = tuple(grid.get((r, c), "") for c in cols)
            spans = tuple(span_at.get((r, c), (0, 0) if (r, c) in covered else (1, 1)) for c in cols) if has_spans else ()
            table.rows.append(Row(cells, Loc(table=number, row=r), spans))
        doc.blocks.append(table)
    return number


# ---------------------------------------------------------------- .xls / .ods


def read_calamine(path: Path, suffix: str) -> Document:
    try:
        import python_calamine as pc
    except ImportError:  # pragma: no cover - a declared dependency
        raise ReadError("读取 .xls/.ods 需要 python-calamine") from None
    if suffix == ".ods":
        open_zip(path, ".ods").close()
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own kinds for a broken file
        raise ReadError(f"{path}：不是有效的 {suffix} 文件（{type(exc).__name__}）") from None
    doc = Document(str(path), suffix.lstrip("."))
    number = 0
    total = 0
    for meta in wb.sheets_metadata:
        name = meta.name
        if str(getattr(meta, "visible", "")).lower().endswith(("hidden",)):
            doc.notes.append(f"工作表「{name}」是隐藏的，未读取")
            continue
        try:
            sheet = wb.get_sheet_by_name(name)
        except Exception as exc:  # noqa: BLE001
            doc.notes.append(f"工作表「{name}」无法读取（{type(exc).__name__}）")
            continue
        if sheet.height * max(sheet.width, 1) > 4 * MAX_CELLS:
            raise ReadError(f"{path}：工作表「{name}」范围过大（{sheet.height} 行 × {sheet.width} 列）")
        grid: dict[tuple[int, int], str] = {}
        r0, c0 = sheet.start or (0, 0)
        for i, values in enumerate(sheet.iter_rows()):
            for j, v in enumerate(values):
                text = _calamine_text(v)
                if text.strip():
                    grid[(r0 + i + 1, c0 + j + 1)] = text
        total += len(grid)
        if total > MAX_CELLS:
            raise ReadError(f"{path}：单元格过多（超过 {MAX_CELLS:,} 个）")
        merges = []
        for rng in sheet.merged_cell_ranges or []:
            (a, b), (c, d) = rng
            merges.append((a + 1, b + 1, c + 1, d + 1))
        if any(0 < abs(v) < 1 for row in sheet.to_python()[:200] for v in row if isinstance(v, float)):
            doc.notes.append(f"工作表「{name}」：{suffix} 文件读不到数字格式，百分比按小数显示（如 0.955 即 95.5%）")
        number = _add_blocks(doc, grid, merges, name, number)
    return doc


def _calamine_text(v) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return ""
        return render_number(repr(v), "", False)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return str(v)
    return str(v)
