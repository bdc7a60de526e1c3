"""Batch audit benchmark: the fixture corpus (tests/audit_cases, .txt/.docx/.doc/.pdf/.xlsx/.xls/.html)
copied N times into a folder and audited with `audit_many` at each --jobs value.

    .venv/bin/python benchmarks/bench_audit_batch.py              # corpus × 2, jobs 1 and 2
    .venv/bin/python benchmarks/bench_audit_batch.py --copies 4 --jobs 1 2 4

Prints, per jobs value, the reports per second (elapsed), the summary workbook's writing time, and
whether the rows are the same as with one worker.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from jixiao.audit.batch import REPORT_SUFFIXES, audit_many, write_summary_xlsx

CASES = Path(__file__).resolve().parents[1] / "tests" / "audit_cases"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=2, help="copies of the corpus in the folder (default 2)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to try (default 1 2)")
    args = parser.parse_args(argv)
    docs = sorted(p for p in CASES.glob("*/*") if p.suffix.lower() in REPORT_SUFFIXES)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        folder = Path(tmp) / "reports"
        for k in range(args.copies):
            (folder / f"copy{k}").mkdir(parents=True)
            for doc in docs:
                shutil.copy(doc, folder / f"copy{k}" / doc.name)
        n = len(docs) * args.copies
        print(f"{n} reports ({len(docs)} fixture documents × {args.copies})")
        first = None
        for jobs in args.jobs:
            t0 = time.perf_counter()
            result = audit_many(folder, jobs=jobs)
            elapsed = time.perf_counter() - t0
            t1 = time.perf_counter()
            write_summary_xlsx(result, Path(tmp) / f"summary-{jobs}.xlsx")
            xlsx = time.perf_counter() - t1
            same = "" if first is None else ("  rows same as jobs=1" if result.rows == first else "  ROWS DIFFER from jobs=1")
            first = first or result.rows
            t = result.totals()
            print(f"jobs={jobs}: {elapsed:6.2f} s  {n / elapsed:6.1f} reports/s  (read {t['read']}, unreadable {t['unreadable']}); "
                  f"summary .xlsx {xlsx * 1000:.0f} ms{same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
