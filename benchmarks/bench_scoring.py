"""Scoring throughput on generated department-years (see benchmarks/README.md).

    .venv/bin/python benchmarks/bench_scoring.py                 # 10,000 department-years × 50 projects
    .venv/bin/python benchmarks/bench_scoring.py --n 1000        # a quick run
    .venv/bin/python benchmarks/bench_scoring.py --n 2000 --profile          # where scoring spends its time
    .venv/bin/python benchmarks/bench_scoring.py --n 2000 --profile load     # ... and load+score

Two rates, one core, generation never timed:
  scoring     jixiao.core.engine.score(fw, data, checked=False) on validated models
              (checked=False: the engine runs its own input checks, as the CLI does)
  load+score  jixiao.io.inputs.load_input_data(raw dict) then score(...) as above
"""

from __future__ import annotations

import argparse
import cProfile
import io
import platform
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from jixiao import synth  # noqa: E402
from jixiao.core.engine import score  # noqa: E402
from jixiao.core.inputs import DepartmentYear  # noqa: E402
from jixiao.frameworks import load_framework  # noqa: E402
from jixiao.io.inputs import load_input_data  # noqa: E402

TARGET = 5000  # scorings per second
QUIET_SUM_US = 11  # sum(range(1000)) on this machine with nothing else running (benchmarks/README.md)


def _chunks(fw, n: int, projects: int, seed: int, size: int):
    """(raw dicts, models) in chunks of ``size``, so 10,000 × 50 projects never sit in memory at once."""
    for start in range(0, n, size):
        raws = [synth.generate_raw(fw, seed=seed + i, projects=projects) for i in range(start, min(n, start + size))]
        yield raws, [DepartmentYear.model_validate(r) for r in raws]


def _score_all(fw, models) -> None:
    for data in models:
        score(fw, data, checked=False)


def _load_and_score_all(fw, raws) -> None:
    for raw in raws:
        score(fw, load_input_data(raw), checked=False)


def run(args: argparse.Namespace) -> None:
    fw = load_framework(args.framework)
    print(
        f"jixiao scoring benchmark — framework {fw.id}, {args.n:,} department-years × {args.projects} projects, "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
    profiler = cProfile.Profile() if args.profile else None
    gen = 0.0
    wall = {"score": 0.0, "load": 0.0}  # elapsed time
    cpu = {"score": 0.0, "load": 0.0}  # this process's CPU time: steadier on a shared machine
    done = 0

    def timed(phase: str, fn, items) -> None:
        if profiler and args.profile == phase:
            profiler.enable()
        w, c = time.perf_counter(), time.process_time()
        fn(fw, items)
        wall[phase] += time.perf_counter() - w
        cpu[phase] += time.process_time() - c
        if profiler and args.profile == phase:
            profiler.disable()

    t0 = time.perf_counter()
    for raws, models in _chunks(fw, args.n, args.projects, args.seed, args.chunk):
        gen += time.perf_counter() - t0
        timed("score", _score_all, models)
        timed("load", _load_and_score_all, raws)
        done += len(models)
        if args.progress:
            print(f"  {done:,}/{args.n:,}", file=sys.stderr, end="\r")
        t0 = time.perf_counter()
    n = done
    print(f"generation (not timed):  {gen:8.2f} s")
    for phase, name in (("score", "scoring:   "), ("load", "load+score:")):
        w, c = wall[phase], cpu[phase]
        print(
            f"{name} {n / w:8,.0f} evaluations/s  ({w / n * 1e6:7.1f} µs each, {w:.2f} s elapsed; "
            f"by CPU time {n / c:,.0f}/s)"
        )
    verdict = "meets" if n / wall["score"] >= TARGET else "below"
    print(f"target {TARGET:,} scorings/s: {verdict}" + (" (timed under the profiler)" if profiler else ""))
    # On a shared machine the figures above move with the load; this one does not (much): the CPU time
    # of a scoring in units of `sum(range(1000))` measured now, converted at this machine's quiet speed.
    probe = time.process_time()
    for _ in range(2000):
        sum(range(1000))
    unit = (time.process_time() - probe) / 2000
    ratio = cpu["score"] / n / unit
    print(f"scoring = {ratio:.1f} × sum(range(1000)) of CPU now; at {QUIET_SUM_US} µs (this machine when quiet) "
          f"that is {1e6 / (ratio * QUIET_SUM_US):,.0f} scorings/s")
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        print(f"\nprofile of {'scoring' if args.profile == 'score' else 'load+score'}, top {args.top} by cumulative time:")
        stats.sort_stats("cumulative").print_stats(args.top)
        print(f"\ntop {args.top} by own time:", file=out)
        stats.sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=10_000, help="department-years to generate and score (default 10000)")
    p.add_argument("--projects", type=int, default=50, help="projects per department-year (default 50)")
    p.add_argument("--framework", default="shenzhen-common", help="framework id (default shenzhen-common)")
    p.add_argument("--seed", type=int, default=0, help="first seed (department-year i uses seed+i)")
    p.add_argument("--chunk", type=int, default=1000, help="generate and score in chunks of this many")
    p.add_argument(
        "--profile", nargs="?", const="score", choices=("score", "load"),
        help="profile scoring (default) or load+score and print the top functions",
    )
    p.add_argument("--top", type=int, default=25, help="functions to show in the profile")
    p.add_argument("--progress", action="store_true", help="show progress on stderr")
    run(p.parse_args(argv))


if __name__ == "__main__":
    main()
