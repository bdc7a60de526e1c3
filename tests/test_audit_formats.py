"""One list of the formats the audit reads (jixiao.audit.formats), used by the CLI, the batch audit
and the web upload paths; every suffix on it reaches a reader."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from jixiao.audit import audit_file, read
from jixiao.audit.batch import collect_folder, extract_zip
from jixiao.audit.formats import FORMATS, REPORT_SUFFIXES, UPLOAD_SUFFIXES
from jixiao.audit.read import convert

CASES = Path(__file__).resolve().parent / "audit_cases"
_TEXT_LIKE = {".txt", ".md"}


def test_every_listed_suffix_has_a_reader(monkeypatch) -> None:
    """Each suffix goes to its own reader (only .txt/.md to the plain-text one); LibreOffice formats to the converter."""
    reached: dict[str, str] = {}
    fake = read.Document("x", "fake")

    def spy(name):
        def reader(path, *args):
            reached[Path(path).suffix] = name
            return fake
        return reader

    import jixiao.audit.read.docx as rd
    import jixiao.audit.read.html as rh
    import jixiao.audit.read.pdf as rp
    import jixiao.audit.read.sheet as rs
    import jixiao.audit.read.text as rt

    monkeypatch.setattr(rd, "read_docx", spy("docx"))
    monkeypatch.setattr(rp, "read_pdf", spy("pdf"))
    monkeypatch.setattr(rs, "read_sheet", spy("sheet"))
    monkeypatch.setattr(rh, "read_mht", spy("mht"))
    monkeypatch.setattr(rh, "read_html", spy("html"))
    monkeypatch.setattr(convert, "read_converted", spy("convert"))
    monkeypatch.setattr(rt, "read_csv_file", spy("csv"))
    monkeypatch.setattr(read, "read_text_file", spy("text"))
    for suffix in REPORT_SUFFIXES:
        read._read(Path(f"r{suffix}"), suffix)
    assert set(reached) == set(REPORT_SUFFIXES)
    assert {s for s, name in reached.items() if name == "text"} == _TEXT_LIKE
    assert {s for s, name in reached.items() if name == "convert"} == set(convert._TARGET)
    assert reached[".xls"] == reached[".xlsx"] == reached[".ods"] == "sheet"
    assert reached[".htm"] == "html" and reached[".mht"] == "mht"


def test_the_list_holds_what_a_bureau_receives() -> None:
    for suffix in (".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et", ".ods", ".html", ".htm", ".mht", ".txt"):
        assert suffix in REPORT_SUFFIXES and FORMATS[suffix]
    assert ".dps" not in REPORT_SUFFIXES  # a slide deck, refused by the converter with a message
    assert UPLOAD_SUFFIXES == (".zip",) + REPORT_SUFFIXES
    assert len(set(REPORT_SUFFIXES)) == len(REPORT_SUFFIXES)


def _sheet(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "分值", "得分"])
    ws.append(["预算执行率", 10, 9])
    wb.save(path)


def test_batch_takes_sheets_and_pages_from_a_folder_and_a_zip(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _sheet(folder / "评分表.xlsx")
    shutil.copy(CASES / "cq_html_twin" / "cq_html_twin.html", folder / "网页.htm")
    (folder / "图.png").write_bytes(b"\x89PNG")
    found, skipped = collect_folder(folder)
    assert sorted(rel for _, rel in found) == ["网页.htm", "评分表.xlsx"]
    assert skipped == ["图.png"]
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in folder.iterdir():
            zf.write(p, p.name)
    out = tmp_path / "x"
    out.mkdir()
    files, skipped, refused = extract_zip(archive, out)
    assert sorted(Path(p).suffix for p, _ in files) == [".htm", ".xlsx"] and skipped == ["图.png"] and not refused
    report = audit_file(next(p for p, _ in files if Path(p).suffix == ".xlsx"))
    assert [(r.name, str(r.max), str(r.score)) for r in report.score_rows] == [("预算执行率", "10", "9")]


def test_cli_help_names_every_format() -> None:
    exe = Path(sys.executable).with_name("jixiao")
    out = subprocess.run([str(exe), "audit", "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    text = "".join(out.stdout.split())
    for suffix in (".xlsx", ".xls", ".html", ".mht", ".doc", ".wps", ".et", ".pdf", ".txt"):
        assert suffix + "、" in text or suffix + "）" in text, (suffix, out.stdout)


@pytest.mark.parametrize("suffix", [".exe", ".png", ".dps"])
def test_batch_leaves_out_what_is_not_a_report(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"a{suffix}").write_bytes(b"x")
    found, skipped = collect_folder(tmp_path)
    assert not found and skipped == [f"a{suffix}"]
