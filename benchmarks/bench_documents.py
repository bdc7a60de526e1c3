"""Document throughput: the .docx 自评报告 and the .xlsx 评分表 for generated department-years.

    .venv/bin/python benchmarks/bench_documents.py            # 500 department-years × (docx + xlsx)
    .venv/bin/python benchmarks/bench_documents.py --n 50     # a quick run

One core, generation and scoring not timed; each document is written to a temporary
folder (disk writes are part of the cost, as in `jixiao report --all`). Prints documents
per second overall and the time per document of each kind, so the slower one shows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from jixiao import synth  # noqa: E402
from jixiao.core.engine import score  # noqa: E402
from jixiao.frameworks import load_framework  # noqa: E402
from jixiao.writers.docx_report import write_docx  # noqa: E402
from jixiao.writers.xlsx_scores import write_xlsx  # noqa: E402

TARGET = 20  # documents per second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500, help="department-years (default 500)")
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--framework", default="shenzhen-common")
    args = parser.parse_args(argv)

    fw = load_framework(args.framework)
    data = [synth.generate(fw, seed=i, projects=args.projects) for i in range(args.n)]
    cards = [score(fw, d) for d in data]
    spent = {"docx": 0.0, "xlsx": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for i, (card, d) in enumerate(zip(cards, data)):
            t0 = time.perf_counter()
            write_docx(card, d, out / f"{i}.docx")
            t1 = time.perf_counter()
            write_xlsx(card, d, out / f"{i}.xlsx")
            t2 = time.perf_counter()
            spent["docx"] += t1 - t0
            spent["xlsx"] += t2 - t1
        size = sum(p.stat().st_size for p in out.iterdir()) / (2 * args.n)
    total = spent["docx"] + spent["xlsx"]
    docs = 2 * args.n
    rate = docs / total
    print(f"{docs} documents ({args.n} department-years × docx + xlsx, {args.projects} projects each) in {total:.2f} s")
    print(f"documents per second: {rate:.1f}  (target ≥ {TARGET})")
    for kind, seconds in spent.items():
        print(f"  {kind}: {1000 * seconds / args.n:.1f} ms per document")
    print(f"  average file size: {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
