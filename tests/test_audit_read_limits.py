"""Limits and wrong inputs: every bad file ends in a ReadError naming it, in Chinese."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from docx import Document as NewDocx

from jixiao.audit.read import ReadError, read_document
from jixiao.audit.read.limits import MAX_TEXT_CHARS


def test_digit_runs_are_shortened_with_a_note(tmp_path: Path) -> None:
    p = tmp_path / "d.txt"
    p.write_text("全年支出" + "7" * 10_000 + "万元。\n指标\t分值\n预算\t" + "5" * 50 + "\n正常数字 123456789012 元。\n", "utf-8")
    doc = read_document(p)
    lines = [ln.text for ln in doc.lines()]
    assert lines[0] == "全年支出77777777…（10000位数字已省略）万元。"
    assert lines[1] == "正常数字 123456789012 元。"
    (table,) = list(doc.tables())
    assert table.rows[1].cells == ("预算", "55555555…（50位数字已省略）")
    assert doc.notes == ["有 2 串超过 40 位的数字（最长 10000 位），已省略，不作数字读取"]


def test_text_beyond_the_size_limit_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    p.write_text("部门整体支出绩效。\n" * (MAX_TEXT_CHARS // 10 + 1), "utf-8")
    with pytest.raises(ReadError, match=r"huge\.txt：文字过多（1,000,010 字符，上限 1,000,000）"):
        read_document(p)


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.xlsx", "empty.html"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_bytes(b"")
    with pytest.raises(ReadError, match=f"{name}：文件是空的"):
        read_document(p)


def test_binary_junk_is_not_text(tmp_path: Path) -> None:
    p = tmp_path / "junk.txt"
    p.write_bytes(os.urandom(64) + b"\x00" * 10 + os.urandom(500))
    with pytest.raises(ReadError, match=r"junk\.txt：不是文本文件"):
        read_document(p)


def test_gbk_text_and_utf16_text(tmp_path: Path) -> None:
    text = "指标\t分值\t得分\n决策\t20\t19\n"
    for enc, name in (("gb18030", "g.txt"), ("utf-16", "u.txt")):
        p = tmp_path / name
        p.write_bytes(text.encode(enc))
        (t,) = list(read_document(p).tables())
        assert [list(r.cells) for r in t.rows] == [["指标", "分值", "得分"], ["决策", "20", "19"]]


def test_wrong_suffix_is_read_by_content(tmp_path: Path) -> None:
    word = NewDocx()
    word.add_paragraph("部门决策得 19 分。")
    real = tmp_path / "r.docx"
    word.save(real)
    renamed = tmp_path / "报告.pdf"
    renamed.write_bytes(real.read_bytes())
    doc = read_document(renamed)
    assert doc.kind == "docx" and [ln.text for ln in doc.lines()] == ["部门决策得 19 分。"]
    as_txt = tmp_path / "报告.txt"
    as_txt.write_bytes(real.read_bytes())
    assert read_document(as_txt).kind == "docx"


def test_zip_with_too_many_members_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "many.docx"
    with zipfile.ZipFile(p, "w") as z:
        for i in range(5_001):
            z.writestr(f"word/m{i}.xml", "")
    with pytest.raises(ReadError, match=r"many\.docx：\.docx 压缩包内文件过多（5001 个，上限 5000）"):
        read_document(p)


def test_presentation_and_unknown_binary_suffixes(tmp_path: Path) -> None:
    p = tmp_path / "slides.dps"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 3000)
    with pytest.raises(ReadError, match=r"slides\.dps：\.dps 是 WPS 演示文稿"):
        read_document(p)


def test_missing_libreoffice_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.audit.read import convert

    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    p = tmp_path / "old.wps"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 3000)
    with pytest.raises(ReadError, match=r"old\.wps：读取 \.wps 文件需要安装 LibreOffice（soffice），本机未安装"):
        read_document(p)


def test_damaged_doc_is_refused_after_conversion_fails(tmp_path: Path) -> None:
    p = tmp_path / "broken.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2000))
    with pytest.raises(ReadError, match=r"broken\.doc："):
        read_document(p)


def test_csv_export_rows_with_quotes(tmp_path: Path) -> None:
    p = tmp_path / "表.csv"
    p.write_bytes('指标,分值,得分\n"预算执行率（含""结转""）",10,8.5\n\n合计,10,8.5\n'.encode("gb18030"))
    doc = read_document(p)
    assert doc.kind == "csv"
    assert [[list(r.cells) for r in t.rows] for t in doc.tables()] == [
        [["指标", "分值", "得分"], ["预算执行率（含\"结转\"）", "10", "8.5"]],
        [["合计", "10", "8.5"]],
    ]
