"""Word documents made by hand with python-docx (and converted by LibreOffice to .doc)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document as NewDocx

from jixiao.audit.read import ReadError, read_document
from jixiao.audit.read.model import Line


def _word(path: Path) -> Path:
    word = NewDocx()
    word.add_paragraph("某所2025年度部门整体支出绩效自评报告")
    word.add_paragraph("")
    t = word.add_table(rows=4, cols=6)
    head = ["一级指标", "", "二级指标", "", "得分", "说明"]
    sub = ["名称", "分值", "名称", "分值", "", ""]
    for c, text in enumerate(head):
        if text:
            t.cell(0, c).text = text
    for c, text in enumerate(sub):
        if text:
            t.cell(1, c).text = text
    t.cell(0, 0).merge(t.cell(0, 1))
    t.cell(0, 2).merge(t.cell(0, 3))
    t.cell(0, 4).merge(t.cell(1, 4))
    t.cell(0, 5).merge(t.cell(1, 5))
    for r, row in ((2, ["决策", "20", "目标", "10", "9", "目标偏低"]), (3, ["", "", "投入", "10", "10", ""])):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    t.cell(2, 0).merge(t.cell(3, 0))
    t.cell(2, 1).merge(t.cell(3, 1))
    inner = t.cell(2, 5).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "附注"
    inner.cell(0, 1).text = "1"
    word.add_paragraph("二、问题\t及建议")
    second = word.add_table(rows=2, cols=2)
    second.cell(0, 0).text = "项目"
    second.cell(0, 1).text = "金额（万元）"
    second.cell(1, 0).text = "办公费"
    second.cell(1, 1).text = "12.50"
    word.save(path)
    return path


EXPECTED = [
    ("line", "某所2025年度部门整体支出绩效自评报告"),
    ("table", [["一级指标", "", "二级指标", "", "得分", "说明"], ["名称", "分值", "名称", "分值", "", ""], ["决策", "20", "目标", "10", "9", "目标偏低\n"], ["", "", "投入", "10", "10", ""]]),
    ("table", [["附注", "1"]]),
    ("line", "二、问题\t及建议"),
    ("table", [["项目", "金额（万元）"], ["办公费", "12.50"]]),
]


def _blocks(doc) -> list:
    return [("line", b.text) if isinstance(b, Line) else ("table", [list(r.cells) for r in b.rows]) for b in doc.blocks]


def test_docx_merged_cells_once_nested_tables_and_two_row_header(tmp_path: Path) -> None:
    doc = read_document(_word(tmp_path / "r.docx"))
    assert doc.kind == "docx"
    assert _blocks(doc) == EXPECTED
    first = next(doc.tables())
    assert first.rows[0].spans == ((1, 2), (0, 0), (1, 2), (0, 0), (2, 1), (2, 1))
    assert first.rows[2].spans[:2] == ((2, 1), (2, 1))
    assert [ln.loc.para for ln in doc.lines()] == [1, 3]


def test_doc_converted_by_libreoffice_reads_like_the_docx(tmp_path: Path) -> None:
    exe = shutil.which("soffice")
    assert exe, "LibreOffice (soffice) is needed for this test"
    src = _word(tmp_path / "r.docx")
    out = tmp_path / "doc"
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'p'}", "--headless", "--convert-to", "doc", "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=120)
    doc = read_document(out / "r.doc")
    assert doc.kind == "doc"
    # LibreOffice's own .doc export drops python-docx's last table (it comes back as one
    # paragraph), so only the blocks before it are compared.
    assert _blocks(doc)[:4] == EXPECTED[:4]
    assert any("LibreOffice" in n for n in doc.notes)


def test_damaged_zip_and_malformed_xml_are_read_errors(tmp_path: Path) -> None:
    good = _word(tmp_path / "g.docx")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good.read_bytes()[:3000])
    with pytest.raises(ReadError, match="cut.docx"):
        read_document(cut)
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            zout.writestr(item, data.replace(b"</w:body>", b"</w:bod>") if item.filename == "word/document.xml" else data)
    with pytest.raises(ReadError, match="bad.docx：.docx 正文 XML 已损坏"):
        read_document(bad)


def test_a_5000_row_table_reads_and_a_20000_row_one_is_refused_at_once(tmp_path: Path) -> None:
    row = "<w:tr><w:tc><w:p><w:r><w:t>指标{0}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr>"
    for rows, ok in ((5_000, True), (20_000, False)):
        body = "<w:tbl>" + "".join(row.format(i) for i in range(rows)) + "</w:tbl>"
        path = tmp_path / f"t{rows}.docx"
        _raw_docx(path, body)
        if ok:
            doc = read_document(path)
            table = next(doc.tables())
            assert len(table.rows) == 5_000 and table.rows[-1].cells == ("指标4999", "5")
        else:
            with pytest.raises(ReadError, match=r"t20000\.docx：表1行数过多（20,000 行，上限 5,000）"):
                read_document(path)


def _raw_docx(path: Path, body: str) -> None:
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", xml)


def test_entity_expansion_is_not_performed(tmp_path: Path) -> None:
    path = tmp_path / "ent.docx"
    xml = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", xml)
    doc = read_document(path)
    assert [ln.text for ln in doc.lines()] == ["正文"]
