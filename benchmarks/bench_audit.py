"""Audit benchmark: reports per second for text, .docx, .xlsx, a ~20-page PDF from LibreOffice and
one printed by Chromium, and the five seed reports.

    .venv/bin/python benchmarks/bench_audit.py              # all formats, default rounds
    .venv/bin/python benchmarks/bench_audit.py --n 20 --profile
    .venv/bin/python benchmarks/bench_audit.py --only pdf

The documents are generated here (python-docx by hand, openpyxl, LibreOffice .docx → .pdf,
Chromium --print-to-pdf of the same report as a web page),
so the figures do not depend on any file outside the repository except the seeds. Prints,
for each format, reports per second (CPU time of this process, one core) and the time per
stage (read, extract, checks, recompute); for the PDF also CPU seconds per 20-page report.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from jixiao.audit import audit_file
from jixiao.audit.extract.numbers import cell_number

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


# ---------------------------------------------------------------- generated documents


def _rows(section: int) -> list[list[str]]:
    rows = []
    for r in range(16):
        score = "4.5" if r % 4 == 0 else "5"
        rows.append([f"一级{section}", f"二级{r // 4}", f"三级指标{section}-{r}", "5", score, "按评分标准扣分" if r % 4 == 0 else ""])
    return rows


def _prose(section: int, k: int) -> str:
    return (
        f"第{section}部分第{k + 1}段：全年预算数为{100 + section * 7 + k}.50万元，执行数为{90 + section * 7 + k}.25万元，"
        f"执行率约为{90 + k}.5%。各项工作按计划推进，资金使用规范，未发现挤占挪用情况。"
    ) * 2


def make_text(path: Path) -> Path:
    lines = ["某市某局2025年度部门整体支出绩效自评报告"]
    for section in range(1, 6):
        lines.append(f"{section}、第{section}部分")
        lines += [_prose(section, k) for k in range(4)]
        lines.append("一级指标\t二级指标\t三级指标\t分值\t得分\t说明")
        lines += ["\t".join(r) for r in _rows(section)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def make_docx(path: Path, sections: int = 5, paragraphs: int = 4) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading("某市某局2025年度部门整体支出绩效自评报告", 1)
    for section in range(1, sections + 1):
        doc.add_heading(f"{section}、第{section}部分", 2)
        for k in range(paragraphs):
            doc.add_paragraph(_prose(section, k))
        table = doc.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        for i, h in enumerate(["一级指标", "二级指标", "三级指标", "分值", "得分", "说明"]):
            table.rows[0].cells[i].text = h
        for row in _rows(section):
            cells = table.add_row().cells
            for i, v in enumerate(row):
                cells[i].text = v
    doc.save(path)
    return path


def make_xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "评分表"
    ws.append(["一级指标", "二级指标", "三级指标", "分值", "得分", "说明"])
    for section in range(1, 6):
        for row in _rows(section):
            ws.append([row[0], row[1], row[2], int(row[3]), float(row[4]), row[5]])
    data = wb.create_sheet("基础数据")
    data.append(["项目", "预算数", "执行数", "执行率"])
    for i in range(40):
        data.append([f"项目{i}", 100 + i, 90 + i, (90 + i) / (100 + i)])
        data.cell(row=i + 2, column=4).number_format = "0.00%"
    wb.save(path)
    return path


def make_pdf(workdir: Path) -> Path:
    """A ~20-page PDF: a long .docx (18 sections of prose and ruled tables) through LibreOffice."""
    src = make_docx(workdir / "long.docx", sections=18, paragraphs=8)
    exe = shutil.which("soffice")
    if not exe:
        raise SystemExit("LibreOffice (soffice) is needed to make the benchmark PDF")
    subprocess.run(
        [exe, f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(workdir), str(src)],
        check=True, capture_output=True, timeout=300,
    )
    return workdir / "long.pdf"


def make_html(path: Path, sections: int = 18, paragraphs: int = 8) -> Path:
    """The long report as a saved web page: prose paragraphs and bordered tables."""
    from html import escape

    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>自评报告</title>",
             "<style>table{border-collapse:collapse}td,th{border:1px solid #000;padding:2px 4px}</style></head><body>",
             "<h1>某市某局2025年度部门整体支出绩效自评报告</h1>"]
    for section in range(1, sections + 1):
        parts.append(f"<h2>{section}、第{section}部分</h2>")
        parts += [f"<p>{escape(_prose(section, k))}</p>" for k in range(paragraphs)]
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in ["一级指标", "二级指标", "三级指标", "分值", "得分", "说明"]) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in _rows(section)]
        parts.append("</table>")
    path.write_text("".join(parts) + "</body></html>", "utf-8")
    return path


def make_web_pdf(workdir: Path) -> Path:
    """The same long report printed to PDF by Chromium (Type 3 fonts, each cell border a filled rectangle)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        raise SystemExit("Chromium is needed to make the browser-printed benchmark PDF")
    src = make_html(workdir / "long.html")
    out = workdir / "web.pdf"
    subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={workdir / 'chromium'}", "--no-pdf-header-footer",
         f"--print-to-pdf={out}", src.resolve().as_uri()],
        check=True, capture_output=True, timeout=300,
    )
    return out


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


# ---------------------------------------------------------------- measuring


def measure(files: list[Path], n: int, profiler: cProfile.Profile | None) -> tuple[float, float, dict[str, float], int]:
    clear = getattr(cell_number, "cache_clear", lambda: None)
    audit_file(files[0])  # warm up: framework loading and indexes are cached once per process
    stages: dict[str, float] = defaultdict(float)
    findings = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for _ in range(n):
        for path in files:
            clear()  # each report measured as if it were the first: no cells remembered from the last round
            report = audit_file(path)
            findings += len(report.findings)
            for stage, seconds in report.timings.items():
                stages[stage] += seconds
    if profiler:
        profiler.disable()
    return time.perf_counter() - wall0, time.process_time() - cpu0, stages, findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=0, help="rounds per format (default: 100 text/seeds, 30 docx/xlsx, 10 pdf)")
    parser.add_argument("--only", choices=["seeds", "text", "docx", "xlsx", "pdf", "webpdf"], action="append", help="measure only these")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="folder of the seed .txt reports")
    parser.add_argument("--profile", action="store_true", help="print the top functions of each format")
    args = parser.parse_args(argv)
    chosen = args.only or ["seeds", "text", "docx", "xlsx", "pdf", "webpdf"]
    default_n = {"seeds": 100, "text": 100, "docx": 30, "xlsx": 30, "pdf": 10, "webpdf": 10}
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        work = Path(tmp)
        makers = {
            "seeds": lambda: sorted(args.seeds.glob("*.txt")),
            "text": lambda: [make_text(work / "report.txt")],
            "docx": lambda: [make_docx(work / "report.docx")],
            "xlsx": lambda: [make_xlsx(work / "report.xlsx")],
            "pdf": lambda: [make_pdf(work)],
            "webpdf": lambda: [make_web_pdf(work)],
        }
        print(f"{'format':<8} {'audits':>6}  {'reports/s (CPU)':>15}  {'ms/report':>9}   stages (ms/report)")
        for name in chosen:
            files = makers[name]()
            if not files:
                print(f"{name:<8} no files (seeds not found in {args.seeds})")
                continue
            n = args.n or default_n[name]
            profiler = cProfile.Profile() if args.profile else None
            wall, cpu, stages, findings = measure(files, n, profiler)
            count = n * len(files)
            shown = "  ".join(f"{k} {v / count * 1000:.1f}" for k, v in sorted(stages.items(), key=lambda kv: -kv[1]))
            print(f"{name:<8} {count:>6}  {count / cpu:>15.1f}  {cpu / count * 1000:>9.1f}   {shown}")
            if name in ("pdf", "webpdf"):
                pages = pdf_pages(files[0])
                print(f"         PDF of {pages} pages: {cpu / count:.3f} s CPU per report → {cpu / count * 20 / pages:.3f} s per 20 pages")
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
