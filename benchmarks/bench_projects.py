"""Per-project 项目支出绩效自评表: time to check, score and write every project of a department.

    .venv/bin/python benchmarks/bench_projects.py              # seed 004's 106 projects, targets synthesised
    .venv/bin/python benchmarks/bench_projects.py --repeat 5

Targets are synthesised as in tests/test_project_reports.py (three per project, 50/30/10, every
seventh one short with a reason); synthesis is not timed. Prints the best of --repeat runs of each
phase, elapsed time (perf_counter).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.core.projects import check_projects, score_projects  # noqa: E402
from jixiao.frameworks import load_framework  # noqa: E402
from jixiao.io.inputs import load_input  # noqa: E402
from jixiao.writers.project_sheet import write_projects_docx, write_projects_xlsx  # noqa: E402
from tests.test_project_reports import synthesise_targets  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data = synthesise_targets(load_input(ROOT / "cases" / "seed-004" / "input.yaml").data)
    fw = load_framework("project-self-eval")
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            assert check_projects(fw, data) == []
            results = score_projects(fw, data)
            t1 = time.perf_counter()
            write_projects_xlsx(results, data, Path(tmp) / "p.xlsx")
            t2 = time.perf_counter()
            write_projects_docx(results, data, Path(tmp) / "p.docx")
            t3 = time.perf_counter()
            for name, secs in (("check+score", t1 - t0), ("xlsx", t2 - t1), ("docx", t3 - t2)):
                best[name] = min(best.get(name, secs), secs)
    n = len(data.projects or ())
    print(f"{n} projects (best of {args.repeat}):")
    for name, secs in best.items():
        print(f"  {name:12s} {secs * 1000:8.1f} ms  ({secs * 1000 / n:.2f} ms per project)")


if __name__ == "__main__":
    main()
