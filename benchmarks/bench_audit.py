"""Audit benchmark: the five seed reports audited N times each (default 100).

    .venv/bin/python benchmarks/bench_audit.py            # 5 seeds × 100 = 500 audits
    .venv/bin/python benchmarks/bench_audit.py --n 20 --profile

Prints reports per second (elapsed and CPU time) and the time per stage — read, extract
(paragraphs, tables, facts, framework match), checks (the report against itself), recompute
(the engine under each reading tried) — with the slowest stage named.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

from jixiao.audit import audit_file

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100, help="audits per seed (default 100)")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="folder of the seed .txt reports")
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    args = parser.parse_args(argv)
    files = sorted(args.seeds.glob("*.txt"))
    if not files:
        print(f"no seed reports in {args.seeds}", file=sys.stderr)
        return 1
    audit_file(files[0])  # warm up: framework loading and indexes are cached once per process
    stages: dict[str, float] = defaultdict(float)
    per_file: dict[str, float] = defaultdict(float)
    profiler = cProfile.Profile() if args.profile else None
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    findings = 0
    for _ in range(args.n):
        for path in files:
            t = time.perf_counter()
            report = audit_file(path)
            per_file[path.name] += time.perf_counter() - t
            findings += len(report.findings)
            for stage, seconds in report.timings.items():
                stages[stage] += seconds
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    count = args.n * len(files)
    print(f"{count} audits ({len(files)} seeds × {args.n}), {findings // args.n} findings per round")
    print(f"elapsed {wall:.2f} s → {count / wall:.1f} reports/s;  CPU {cpu:.2f} s → {count / cpu:.1f} reports/s")
    total = sum(stages.values())
    for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<10} {seconds:7.2f} s  {seconds / total:6.1%}  {seconds / count * 1000:7.1f} ms/report")
    slowest = max(stages, key=stages.get)  # type: ignore[arg-type]
    print(f"slowest stage: {slowest}")
    for name, seconds in sorted(per_file.items()):
        print(f"  {name:<28} {seconds / args.n * 1000:7.1f} ms/audit")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
