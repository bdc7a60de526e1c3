"""`jixiao audit DIR|FILE.zip`: many reports at once, from a folder and from an archive, on the fixture
corpus (tests/audit_cases). The summary rows must be what auditing each file alone gives, the same
with one worker or two, and user text must land in the workbook as text."""

from __future__ import annotations

import dataclasses
import shutil
from decimal import Decimal
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from jixiao.audit import ReadError, audit_file
from jixiao.audit import batch
from jixiao.audit.batch import BatchError, audit_many, write_summary_xlsx
from jixiao.audit.render import to_dict
from jixiao.cli.main import main

CASES = Path(__file__).resolve().parent / "audit_cases"
PICK = ["sz_tabs_twin", "national_pipes_twin", "flat_spaces_planted", "hunan_docx_planted", "national_pdf_twin", "budget_html_twin", "sichuan_xlsx_twin"]
FORMULA_NAME = "=HYPERLINK(1)报告.txt"


def fixture_doc(case: str) -> Path:
    exp = yaml.safe_load((CASES / case / "expected.yaml").read_text(encoding="utf-8"))
    return CASES / case / exp["document"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("reports")
    (d / "区县").mkdir()
    for case in PICK:
        src = fixture_doc(case)
        shutil.copy(src, (d / "区县" if case.endswith("_twin") else d) / src.name)
    (d / "损坏的报告.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    shutil.copy(fixture_doc("sz_tabs_twin"), d / FORMULA_NAME)
    (d / "照片.png").write_bytes(b"\x89PNG")  # not a report: skipped, listed
    (d / ".hidden.txt").write_text("隐藏文件")
    (d / "~$锁文件.docx").write_bytes(b"")
    return d


@pytest.fixture(scope="module")
def one_worker(folder) -> batch.BatchResult:
    return audit_many(folder, jobs=1)


def single(path: Path) -> batch.ReportRow:
    """What auditing the file alone gives, as a summary row."""
    return batch.audit_one(str(path), path.name)


def test_folder_rows_are_the_single_file_audits(folder, one_worker) -> None:
    rows = {r.file: r for r in one_worker.rows}
    names = sorted(rows)
    assert len(names) == len(PICK) + 2  # the picks, the broken PDF, the file named like a formula
    assert "照片.png" in one_worker.skipped and not any(".hidden" in n or "~$" in n for n in names)
    for case in PICK:
        src = fixture_doc(case)
        rel = f"区县/{src.name}" if case.endswith("_twin") else src.name
        row = rows[rel]
        try:
            report = audit_file(src)
        except ReadError as exc:  # a format the readers do not take yet is a row with its reason
            assert row.problem and src.name in row.problem and str(exc).split("：")[-1] in row.problem
            continue
        data = to_dict(report)
        counts = {s: sum(f["severity"] == s for f in data["findings"]) for s in ("error", "warning", "info")}
        assert (row.department, row.year, row.claimed_total) == (data["department"] or "", data["year"] or "", data["claimed_total"] or ""), rel
        assert (row.errors, row.warnings, row.infos) == (counts["error"], counts["warning"], counts["info"]), rel
        assert [(f.code, f.indicator) for f in row.findings] == [(f["code"], f["indicator"] or "") for f in data["findings"]]
    broken = rows["损坏的报告.pdf"]
    assert not broken.read and "损坏的报告.pdf" in broken.problem and "jixiao-batch" not in broken.problem


def test_known_reports_read(one_worker) -> None:
    """Two fixtures whose identity and total today's reader gets right: their rows say so."""
    rows = {r.file: r for r in one_worker.rows}
    for case in ("sz_tabs_twin", "national_pipes_twin"):
        exp = yaml.safe_load((CASES / case / "expected.yaml").read_text(encoding="utf-8"))
        row = rows[f"区县/{exp['document']}"]
        assert (row.department, row.year, row.claimed_total) == (exp["department"], str(exp["year"]), exp["claimed_total"])


def test_two_workers_same_as_one(folder, one_worker) -> None:
    seen: list[tuple[int, int]] = []
    two = audit_many(folder, jobs=2, progress=lambda done, total, name: seen.append((done, total)))
    assert two.rows == one_worker.rows
    assert seen[-1] == (len(two.rows), len(two.rows)) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_summary_workbook(folder, one_worker, tmp_path) -> None:
    out = write_summary_xlsx(one_worker, tmp_path / "汇总.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["报告", "发现"]
    ws, fs = wb["报告"], wb["发现"]
    head = [c.value for c in ws[1]]
    assert head == ["文件", "部门", "年度", "版式（表格类型）", "报告总分", "错误", "警告", "提示", "未能审核的原因"]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[0] for r in body] == [r.file for r in one_worker.rows]
    for cells, row in zip(body, one_worker.rows):
        assert cells[1:4] + cells[5:] == [row.department or None, int(row.year) if row.year else None, row.layout or None,
                                          row.errors, row.warnings, row.infos, row.problem or None]
        # the total is a number cell holding exactly the printed total
        assert (cells[4] is None) if not row.claimed_total else Decimal(str(cells[4])) == Decimal(row.claimed_total)
    with zipfile.ZipFile(out) as z:  # exactly, not as a float's repr (95.09999999999999)
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    totals = [r.claimed_total for r in one_worker.rows if r.claimed_total]
    assert "95.1" in totals and all(f"<v>{t}</v>" in xml for t in totals) and "99999" not in xml
    formula_row = next(row for row in ws.iter_rows(min_row=2) if row[0].value == FORMULA_NAME)
    assert formula_row[0].data_type == "s"  # written as text, not as a formula
    findings = [[c.value for c in row] for row in fs.iter_rows(min_row=2)]
    assert len(findings) == sum(len(r.findings) for r in one_worker.rows)
    first = next(r for r in one_worker.rows if r.findings)
    f = first.findings[0]
    assert [first.file, {"error": "错误", "warning": "警告", "info": "提示"}[f.severity], f.code, f.indicator or None, f.message, f.location or None] in findings
    assert all(c.data_type == "s" for row in fs.iter_rows(min_row=2) for c in row if c.value is not None)


# ---------------------------------------------------------------- archives


class GbkName(zipfile.ZipInfo):
    """A member named the way Chinese Windows zip tools name them: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):  # noqa: N802 — zipfile's own hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def make_zip(path: Path, members: dict[str, bytes], gbk: set[str] = frozenset()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = GbkName(name) if name in gbk else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def test_zip_names_gbk_and_utf8(tmp_path) -> None:
    a, b = fixture_doc("national_pipes_twin"), fixture_doc("sz_tabs_twin")
    z = make_zip(
        tmp_path / "报告.zip",
        {"县卫健局/自评报告.txt": a.read_bytes(), "水务局自评.txt": b.read_bytes(), "../../逃出去.txt": b.read_bytes(), "说明.png": b"x"},
        gbk={"县卫健局/自评报告.txt"},
    )
    raw = zipfile.ZipFile(z).infolist()[0]
    assert not raw.flag_bits & 0x800 and raw.filename != "县卫健局/自评报告.txt"  # really stored as GBK
    result = audit_many(z, jobs=1)
    rows = {r.file: r for r in result.rows}
    assert set(rows) == {"县卫健局/自评报告.txt", "水务局自评.txt", "../../逃出去.txt"}
    assert rows["县卫健局/自评报告.txt"].department == "某县卫生健康局"
    assert dataclasses.replace(rows["../../逃出去.txt"], file="水务局自评.txt") == rows["水务局自评.txt"]  # same document, same row
    assert rows["水务局自评.txt"].claimed_total == rows["../../逃出去.txt"].claimed_total == "95.1"
    assert result.skipped == ["说明.png"]
    assert not (tmp_path.parent / "逃出去.txt").exists() and not Path("逃出去.txt").exists()


def test_zip_bounds(tmp_path, monkeypatch) -> None:
    doc = fixture_doc("sz_tabs_twin").read_bytes()
    z = make_zip(tmp_path / "a.zip", {"大.txt": doc + b"\n" * 5000, "小.txt": doc})
    monkeypatch.setattr(batch, "MAX_MEMBER_BYTES", len(doc) + 100)
    result = audit_many(z, jobs=1)
    rows = {r.file: r for r in result.rows}
    assert not rows["大.txt"].read and "上限" in rows["大.txt"].problem
    assert rows["小.txt"].read
    monkeypatch.setattr(batch, "MAX_MEMBERS", 1)
    with pytest.raises(BatchError, match="超过上限 1 个"):
        audit_many(z, jobs=1)
    (tmp_path / "坏.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(BatchError, match="不是可读的 zip"):
        audit_many(tmp_path / "坏.zip", jobs=1)


def test_a_report_that_runs_too_long_is_stopped(tmp_path) -> None:
    """A report still running after the timeout is stopped and becomes a row; the others are audited."""
    d = tmp_path / "reports"
    d.mkdir()
    line = "某县某局2023年度预算执行率为95.5%，全年支出1,234.56万元，其中基本支出800.00万元、项目支出434.56万元。\n"
    (d / "很长的报告.txt").write_text(line * 12000, encoding="utf-8")  # 0.8 M characters (under the 1 M limit): seconds of work, far over 0.05 s
    shutil.copy(fixture_doc("sz_tabs_twin"), d / "a.txt")
    shutil.copy(fixture_doc("national_pipes_twin"), d / "b.txt")
    result = audit_many(d, jobs=2, timeout=0.05)
    rows = {r.file: r for r in result.rows}
    assert "超过 0.05 秒" in rows["很长的报告.txt"].problem
    # the small ones may or may not finish within 0.05 s here; whichever did is an audited row
    assert all(r.read or "超过" in r.problem for r in result.rows) and len(result.rows) == 3
    (d / "很长的报告.txt").unlink()
    again = audit_many(d, jobs=2, timeout=60)
    assert [(r.file, r.read) for r in again.rows] == [("a.txt", True), ("b.txt", True)]


def test_zip_same_name_twice(tmp_path) -> None:
    doc = fixture_doc("sz_tabs_twin").read_bytes()
    z = tmp_path / "dup.zip"
    with zipfile.ZipFile(z, "w") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("报告.txt", doc)
        zf.writestr("报告.txt", doc)
    names = [r.file for r in audit_many(z, jobs=1).rows]
    assert len(names) == 2 and names[0] != names[1] and all(n.startswith("报告.txt") for n in names)


# ---------------------------------------------------------------- the command


def test_command(folder, tmp_path, capsys) -> None:
    out = tmp_path / "summary.xlsx"
    assert main(["audit", str(folder), "--jobs", "2", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "合计：已审核" in text and "损坏的报告.pdf　未能审核" in text and str(out) in text
    assert load_workbook(out)["报告"].max_row == len(PICK) + 3

    assert main(["audit", str(tmp_path / "没有.zip")]) == 1
    assert "不存在" in capsys.readouterr().err
    assert main(["audit", str(fixture_doc("sz_tabs_twin")), "-o", str(out)]) == 1
    assert "只用于审核文件夹" in capsys.readouterr().err
