"""PDFs read with pypdfium2: LibreOffice (from a python-docx document) and Chromium
(--print-to-pdf of an HTML page, Type 3 fonts) outputs, ruled and unruled tables."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from docx import Document as NewDocx
from docx.shared import Pt

from jixiao.audit.read import ReadError, read_document
from jixiao.audit.read.model import Line

FIXTURES = Path(__file__).parent / "audit_read_fixtures"


def _rows(table) -> list[list[str]]:
    return [list(r.cells) for r in table.rows]


def _soffice_pdf(src: Path, outdir: Path) -> Path:
    exe = shutil.which("soffice")
    assert exe, "LibreOffice (soffice) is needed for this test"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{outdir / 'profile'}", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=120,
    )
    out = outdir / (src.stem + ".pdf")
    assert out.exists()
    return out


def _chromium_pdf(html: Path, out: Path) -> Path:
    exe = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(exe).exists(), "chromium is needed for this test"
    subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", f"--print-to-pdf={out}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    assert out.exists()
    return out


def test_libreoffice_pdf_of_a_word_table_with_merged_cells(tmp_path: Path) -> None:
    word = NewDocx()
    word.add_paragraph("某中心2025年度部门整体支出绩效自评报告")
    word.add_paragraph("本年度自评得分为 93.5 分。")
    t = word.add_table(rows=5, cols=5)
    t.style = "Table Grid"
    data = [
        ["一级指标", "二级指标", "分值", "得分", "扣分说明"],
        ["运行", "预算执行", "10", "8.5", "执行率85%"],
        ["", "资产管理", "5", "5", ""],
        ["效果", "服务满意度", "10", "10", ""],
        ["合计", "", "25", "23.5", ""],
    ]
    for r, row in enumerate(data):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    t.cell(1, 0).merge(t.cell(2, 0))
    t.cell(4, 0).merge(t.cell(4, 1))
    word.add_paragraph("二、存在的问题")
    src = tmp_path / "lo.docx"
    word.save(src)
    doc = read_document(_soffice_pdf(src, tmp_path))
    assert doc.kind == "pdf"
    (table,) = list(doc.tables())
    assert table.form == "ruled" and table.page == 1
    assert _rows(table) == data
    assert table.rows[1].spans[0] == (2, 1) and table.rows[2].spans[0] == (0, 0)
    assert table.rows[4].spans[:2] == ((1, 2), (0, 0))
    assert [ln.text for ln in doc.lines()] == ["某中心2025年度部门整体支出绩效自评报告", "本年度自评得分为 93.5 分。", "二、存在的问题"]
    assert all(ln.loc.page == 1 for ln in doc.lines())


def test_chromium_print_to_pdf_with_rowspan_colspan(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        (FIXTURES / "score_page.html").read_text("utf-8").replace("<table><tr><td>内</td><td>1</td></tr></table>", ""),
        "utf-8",
    )
    doc = read_document(_chromium_pdf(page, tmp_path / "page.pdf"))
    (table,) = list(doc.tables())
    assert _rows(table) == [["一级指标", "二级指标", "分值", "得分"], ["决策(20分)", "目标设定", "10", "9"], ["", "资金投入", "10", "10"], ["合计", "", "20", "19"]]
    texts = [ln.text for ln in doc.lines()]
    assert texts[:4] == ["首页 > 信息公开", "某局2025年度部门整体支出绩效自评报告", "一、基本情况", "本局共有内设机构5个。"]
    assert texts[-1] == "二、结论"


def test_table_without_rules_is_read_from_aligned_columns(tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    page.write_text(
        """<!doctype html><meta charset="utf-8"><body style="font-size:14px">
        <p>三、评分结果</p>
        <table style="border:none" cellspacing="0" cellpadding="0">
        <tr><td style="width:160px">指标</td><td style="width:90px">分值</td><td style="width:90px">得分</td><td>说明</td></tr>
        <tr><td>预算执行率</td><td>10</td><td>8.6</td><td>执行率86%</td></tr>
        <tr><td>政府采购</td><td>5</td><td>5</td><td></td></tr>
        </table><p>以上合计13.6分。</p></body>""",
        "utf-8",
    )
    doc = read_document(_chromium_pdf(page, tmp_path / "plain.pdf"))
    (table,) = list(doc.tables())
    assert table.form == "aligned"
    assert _rows(table) == [["指标", "分值", "得分", "说明"], ["预算执行率", "10", "8.6", "执行率86%"], ["政府采购", "5", "5", ""]]
    assert [ln.text for ln in doc.lines()] == ["三、评分结果", "以上合计13.6分。"]


def test_pdf_without_text_layer_is_refused_as_a_scan(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.new_page(595, 842)
    out = tmp_path / "scan.pdf"
    pdf.save(out)
    pdf.close()
    with pytest.raises(ReadError, match=r"scan\.pdf：PDF 没有可读取的文字层（可能是扫描件"):
        read_document(out)


def _pdf_with_stream(content: bytes) -> bytes:
    body = zlib.compress(content, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def test_stream_inflating_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_pdf_with_stream(b" " * (80 * 1024 * 1024)))
    with pytest.raises(ReadError, match=r"bomb\.pdf：PDF 中有一个数据流解压后超过 64 MB"):
        read_document(bomb)


def test_damaged_pdf_is_a_read_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    with pytest.raises(ReadError, match="bad.pdf"):
        read_document(bad)


def test_small_pdf_text_is_read_as_lines(tmp_path: Path) -> None:
    word = NewDocx()
    p = word.add_paragraph("部门决策（20 分）得 19 分。")
    p.runs[0].font.size = Pt(12)
    src = tmp_path / "one.docx"
    word.save(src)
    doc = read_document(_soffice_pdf(src, tmp_path))
    assert [b.text for b in doc.blocks if isinstance(b, Line)] == ["部门决策（20 分）得 19 分。"]


def test_password_protected_and_too_long_pdfs(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=FIXTURES / "small.pdf")
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError, match=r"locked\.pdf：PDF 设有打开密码"):
        read_document(locked)
    pdf = pdfium.PdfDocument.new()
    for _ in range(501):
        pdf.new_page(200, 200)
    long = tmp_path / "long.pdf"
    pdf.save(long)
    pdf.close()
    with pytest.raises(ReadError, match=r"long\.pdf：PDF 页数过多（501 页，上限 500）"):
        read_document(long)


def _grid_pdf(path: Path, *, one_path: bool) -> Path:
    """A 3×3 table drawn by hand with PDFium: its grid either as one stroked path of many
    segments or as separate filled bars, and Helvetica text in the cells."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(400, 400)
    xs, ys = [50, 150, 250, 350], [350, 320, 290, 260]  # PDF space: y up
    if one_path:
        grid = raw.FPDFPageObj_CreateNewPath(xs[0], ys[0])
        for y in ys:
            raw.FPDFPath_MoveTo(grid, xs[0], y)
            raw.FPDFPath_LineTo(grid, xs[-1], y)
        for x in xs:
            raw.FPDFPath_MoveTo(grid, x, ys[0])
            raw.FPDFPath_LineTo(grid, x, ys[-1])
        raw.FPDFPageObj_SetStrokeColor(grid, 0, 0, 0, 255)
        raw.FPDFPageObj_SetStrokeWidth(grid, 1)
        raw.FPDFPath_SetDrawMode(grid, 0, 1)
        raw.FPDFPage_InsertObject(page.raw, grid)
    else:
        for y in ys:
            bar = raw.FPDFPageObj_CreateNewRect(xs[0], y - 0.4, xs[-1] - xs[0], 0.8)
            raw.FPDFPath_SetDrawMode(bar, raw.FPDF_FILLMODE_ALTERNATE, 0)
            raw.FPDFPage_InsertObject(page.raw, bar)
        for x in xs:
            bar = raw.FPDFPageObj_CreateNewRect(x - 0.4, ys[-1], 0.8, ys[0] - ys[-1])
            raw.FPDFPath_SetDrawMode(bar, raw.FPDF_FILLMODE_ALTERNATE, 0)
            raw.FPDFPage_InsertObject(page.raw, bar)
    cells = [["Item", "Max", "Score"], ["Budget", "10", "8.5"], ["Total", "10", "8.5"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 10)
            data = (text + "\0").encode("utf-16-le")
            buf = (ctypes.c_ushort * (len(data) // 2)).from_buffer_copy(data)
            raw.FPDFText_SetText(obj, buf)
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, xs[c] + 5, ys[r + 1] + 10)
            raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(path)
    pdf.close()
    return path


@pytest.mark.parametrize("one_path", [True, False])
def test_grid_drawn_as_one_path_or_as_bars(tmp_path: Path, one_path: bool) -> None:
    doc = read_document(_grid_pdf(tmp_path / "grid.pdf", one_path=one_path))
    (table,) = list(doc.tables())
    assert table.form == "ruled"
    assert _rows(table) == [["Item", "Max", "Score"], ["Budget", "10", "8.5"], ["Total", "10", "8.5"]]


def test_chromium_table_cut_by_a_page_break_keeps_the_cut_row(tmp_path: Path) -> None:
    """Chromium draws no border where a page break cuts a table: the row above the break has its
    outer verticals but no bottom rule, and must still be read as a row (and the table go on)."""
    from jixiao.audit import Severity, audit_file

    rows = [("产出指标" if i == 0 else "", f"指标{i + 1}:完成第{i + 1}批河道巡查次数", f"≥{10 + i}次", f"{12 + i}次", "5", "5")
            for i in range(44)]
    # the first column is one cell over every row (rowspan), as 一级指标 is in a real 自评表
    body = "".join(
        "<tr>" + "".join(f"<td{' rowspan=44' if j == 0 else ''}>{c}</td>" for j, c in enumerate(r) if j or i == 0)
        + "<td>" + ("无偏差，按计划完成巡查<br>" * (1 + i % 3)) + "</td></tr>"
        for i, r in enumerate(rows))
    html = tmp_path / "cut.html"
    html.write_text(
        "<html><head><meta charset='utf-8'><style>table{border-collapse:collapse}td,th{border:1px solid #000;"
        "padding:3px;font-size:11pt}</style></head><body><h3>某局2025年度项目支出绩效自评表</h3><table><tr><th>一级指标</th>"
        "<th>三级指标</th><th>年度指标值</th><th>实际完成值</th><th>分值</th><th>得分</th><th>偏差原因分析</th></tr>"
        + body + "</table></body></html>", encoding="utf-8")
    report = audit_file(_chromium_pdf(html, tmp_path / "cut.pdf"))
    read = {(r.name, str(r.max), str(r.score)) for r in report.score_rows if r.leaf}
    missing = [i + 1 for i in range(44) if (f"完成第{i + 1}批河道巡查次数", "5", "5") not in read]
    assert not missing, missing
    assert not [f.message for f in report.findings if f.severity is not Severity.INFO]


def test_a_grid_whose_outer_verticals_run_past_its_last_rule_is_closed_there() -> None:
    """The row cut by a page break has its side borders but no bottom rule (nor, on the next page, a top one)."""
    from jixiao.audit.read.pdf import Rule, find_grids

    hs = [Rule(True, y, 30, 300) for y in (100, 130, 160)]
    vs = [Rule(False, x, 100, 160) for x in (30, 150, 300)]
    cut = [Rule(False, x, 160, 190) for x in (30, 150, 300)]  # the last row's sides: no rule at 190
    (grid,) = find_grids(hs + vs + cut)
    assert [round(y) for y in grid.ys] == [100, 130, 160, 190]
    top = [Rule(False, x, 20, 100) for x in (30, 150, 300)]  # the next page: a row running on from above
    (grid,) = find_grids(hs + vs + top)
    assert [round(y) for y in grid.ys] == [20, 100, 130, 160]
    (grid,) = find_grids(hs + vs)  # a closed table keeps its own rules
    assert [round(y) for y in grid.ys] == [100, 130, 160]
