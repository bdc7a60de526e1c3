"""The district 运行监控 page: how long it takes to answer for 200 departments.

    .venv/bin/python benchmarks/bench_monitoring.py                  # 200 departments, 10 requests
    .venv/bin/python benchmarks/bench_monitoring.py --departments 50 --requests 5

A fresh SQLite database in a temporary folder, 200 generated department-years (50 projects each)
created through evaluations.services, then GET /dashboards/monitoring/?year=…&as_of=… through
Django's test client in this process, as the bureau's administrator: the first request (nothing
cached in this process: every input parsed and monitored), the median and worst of the next ones,
and of requests each following a save of one department's form (the table is made again, but only
that department's row is), each checked to list every department. Wall and CPU time. Target: under
100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_web  # noqa: E402  (the fresh database and Django set-up it uses)

TARGET_MS = 100


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--departments", type=int, default=200)
    p.add_argument("--projects", type=int, default=50)
    p.add_argument("--requests", type=int, default=10)
    p.add_argument("--year", type=int, default=2024)
    p.add_argument("--as-of", default="2024-06-30")
    args = p.parse_args(argv)
    load_args = argparse.Namespace(cache="locmem", database_url=None, framework="shenzhen-common", years=[args.year],
                                   seed=0, departments=args.departments, projects=args.projects, reviewed=0.0,
                                   progress=False, clients=0)
    env, cleanup = bench_web._fresh_database(load_args)
    try:
        bench_web._setup_django(env)
        bench_web.load(load_args)
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client()
        client.force_login(get_user_model().objects.get(username="bench-admin"))
        url = f"/dashboards/monitoring/?year={args.year}&as_of={args.as_of}"
        from evaluations import services
        from evaluations.models import Evaluation, Status

        def get() -> tuple[float, float]:
            t, c = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall, cpu = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
            html = response.content.decode("utf-8")
            assert response.status_code == 200 and html.count('href="/evaluations/') >= args.departments, response.status_code
            return wall, cpu

        first = get()
        rest = [get() for _ in range(args.requests)]
        # one department takes its submission back (a new version of that evaluation): the table's key
        # changes, and only that department's row is made again
        changed = []
        admin = get_user_model().objects.get(username="bench-admin")
        for e in Evaluation.objects.filter(year=args.year, status=Status.SUBMITTED).order_by("pk")[: args.requests]:
            services.withdraw(evaluation=e, actor=admin)
            changed.append(get())
        print(f"monitoring page, {args.departments} departments (wall ms, CPU ms in brackets):")
        print(f"  first request (every input parsed and monitored): {first[0]:.0f} ({first[1]:.0f})")
        print(f"  then, nothing changed: median {statistics.median(w for w, _ in rest):.0f} "
              f"({statistics.median(c for _, c in rest):.0f}), worst {max(w for w, _ in rest):.0f} over {len(rest)} requests")
        print(f"  after one department withdrew its submission: median {statistics.median(w for w, _ in changed):.0f} "
              f"({statistics.median(c for _, c in changed):.0f}), worst {max(w for w, _ in changed):.0f} over {len(changed)} changes")
        steady = [w for w, _ in rest + changed]
        verdict = "meets" if max(steady) < TARGET_MS else "below"
        print(f"target < {TARGET_MS} ms once the process has served the page: {verdict} (worst {max(steady):.0f} ms)")
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
