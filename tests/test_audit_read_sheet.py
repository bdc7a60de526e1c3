"""Workbooks read into tables: openpyxl-made .xlsx, LibreOffice-converted .xls/.ods."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from jixiao.audit.read import ReadError, read_document


def _rows(doc) -> list[tuple[str, list[list[str]]]]:
    return [(t.caption, [list(r.cells) for r in t.rows]) for t in doc.tables()]


def _workbook(path: Path, *, far_cell: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "评分表"
    ws.append(["一级指标", "二级指标", "分值", "得分", "得分率"])
    ws.append(["决策", "目标设定", 10, 9.5, 0.955])
    ws.append([None, "资金投入", 8, "7.5", 0.9375])
    ws.merge_cells("A2:A3")
    ws["E2"].number_format = "0.0%"
    ws["E3"].number_format = "0.00%"
    ws.append([])
    ws.append(["合计", None, 18, 17.0])
    if far_cell:
        ws.cell(row=1_048_576, column=3, value="末行")
    ws2 = wb.create_sheet("基础数据")
    ws2.append(["日期", "金额（万元）", "比例"])
    ws2.append([dt.date(2025, 3, 1), 1234.5, 0.1 + 0.2])
    ws2["B2"].number_format = "#,##0.00"
    hidden = wb.create_sheet("隐藏")
    hidden.append(["不应读取"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


def test_xlsx_sheets_merged_cells_percent_formats_dates_and_blocks(tmp_path: Path) -> None:
    doc = read_document(_workbook(tmp_path / "评分.xlsx"))
    assert doc.kind == "xlsx"
    assert _rows(doc) == [
        ("工作表「评分表」", [["一级指标", "二级指标", "分值", "得分", "得分率"], ["决策", "目标设定", "10", "9.5", "95.5%"], ["", "资金投入", "8", "7.5", "93.75%"]]),
        ("工作表「评分表」", [["合计", "", "18", "17"]]),
        ("工作表「基础数据」", [["日期", "金额（万元）", "比例"], ["2025-03-01", "1234.50", "0.3"]]),
    ]
    first = next(doc.tables())
    assert first.rows[1].spans[0] == (2, 1) and first.rows[2].spans[0] == (0, 0)
    assert [r.loc.row for r in first.rows] == [1, 2, 3]
    assert "工作表「隐藏」是隐藏的，未读取" in doc.notes


def test_xlsx_cell_at_the_last_row_costs_only_its_data(tmp_path: Path) -> None:
    doc = read_document(_workbook(tmp_path / "far.xlsx", far_cell=True))
    tables = list(doc.tables())
    assert [list(r.cells) for r in tables[2].rows] == [["末行"]]
    assert tables[2].rows[0].loc.row == 1_048_576


def test_formula_cached_values_after_libreoffice_recalculation(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "预算数", "执行数", "执行率"])
    ws.append(["办公经费", 40, 35, "=C2/B2"])
    ws["D2"].number_format = "0.00%"
    src = tmp_path / "f.xlsx"
    wb.save(src)
    raw = read_document(src)
    assert [list(r.cells) for r in next(raw.tables()).rows][1] == ["办公经费", "40", "35", ""]
    assert any("公式没有保存计算结果" in n for n in raw.notes)
    out = _soffice(src, "xlsx", tmp_path / "lo")
    doc = read_document(out)
    assert [list(r.cells) for r in next(doc.tables()).rows] == [["项目", "预算数", "执行数", "执行率"], ["办公经费", "40", "35", "87.50%"]]


def _soffice(src: Path, fmt: str, outdir: Path) -> Path:
    exe = shutil.which("soffice")
    assert exe, "LibreOffice (soffice) is needed for this test"
    profile = outdir / "profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=120,
    )
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    assert out.exists(), f"LibreOffice did not write {out}"
    return out


def test_xls_and_ods_made_by_libreoffice(tmp_path: Path) -> None:
    src = _workbook(tmp_path / "wb.xlsx")
    for fmt, kind in (("xls", "xls"), ("ods", "ods")):
        doc = read_document(_soffice(src, fmt, tmp_path / fmt))
        assert doc.kind == kind
        rows = _rows(doc)
        assert rows[0] == ("工作表「评分表」", [["一级指标", "二级指标", "分值", "得分", "得分率"], ["决策", "目标设定", "10", "9.5", "0.955"], ["", "资金投入", "8", "7.5", "0.9375"]])
        assert rows[1] == ("工作表「评分表」", [["合计", "", "18", "17"]])
        assert rows[2][1][1][:2] == ["2025-03-01", "1234.5"]
        assert any("百分比按小数显示" in n for n in doc.notes)


def test_damaged_and_oversized_workbooks_are_refused_in_chinese(tmp_path: Path) -> None:
    good = _workbook(tmp_path / "g.xlsx")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ReadError, match="cut.xlsx.*损坏|cut.xlsx.*无效"):
        read_document(cut)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr("xl/media/pad.bin", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(ReadError, match="解压后过大"):
        read_document(bomb)
    bad_xml = tmp_path / "badxml.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad_xml, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            zout.writestr(item, data[:-40] if item.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(ReadError, match="badxml.xlsx"):
        read_document(bad_xml)
