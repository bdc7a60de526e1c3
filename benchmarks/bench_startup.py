"""Seconds from `make run` to the first page, and where they go.

    .venv/bin/python benchmarks/bench_startup.py                 # make run twice (the second: nothing changed)
    .venv/bin/python benchmarks/bench_startup.py --runs 3 --port 8801
    .venv/bin/python benchmarks/bench_startup.py --stages        # also time each stage on its own

Runs ``make run PORT=…`` in its own process group with a private instance folder
(``JIXIAO_INSTANCE_DIR``: a temporary folder, so the repository's own demo database is not
touched), polls ``http://127.0.0.1:PORT/login/`` until it answers 200, prints the
seconds, stops the group and starts again. The first run loads the demo; every later run finds it
loaded ("nothing changed", the case the 10 s target is about).

``--stages`` times, with the demo already loaded, each thing ``make run`` does before the server
answers: ``make setup`` (the uv sync check), ``manage.py load_demo --migrate`` (Django start, the
migration check, the "already loaded" check), and gunicorn's boot to its first answer. Wall and
CPU time (children's CPU, from ``resource``) are both printed: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 10


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _wait_for_page(url: str, proc: subprocess.Popen, timeout: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            return None
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.05)
    return None


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def make_run(port: int, env: dict[str, str], timeout: float) -> float | None:
    """Seconds from `make run` to the login page answering, or None."""
    proc = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return _wait_for_page(f"http://127.0.0.1:{port}/login/", proc, timeout)
    finally:
        _stop(proc)


def _timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    cpu, wall = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - wall, _children_cpu() - cpu


def stages(port: int, env: dict[str, str], timeout: float) -> None:
    py = str(ROOT / ".venv" / "bin" / "python")
    rows = [
        ("make setup (uv sync check)", _timed(["make", "setup"], ROOT, env)),
        ("manage.py load_demo --migrate (demo kept)", _timed([py, "manage.py", "load_demo", "--migrate", "--quiet"],
                                                             ROOT / "web", env)),
        ("python -c 'import django' (interpreter + Django)", _timed([py, "-c", "import django"], ROOT, env)),
    ]
    cpu = _children_cpu()
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "jixiao_web.wsgi", "--bind", f"127.0.0.1:{port}",
                             "--workers", "3", "--preload"], cwd=ROOT / "web", env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wall = _wait_for_page(f"http://127.0.0.1:{port}/login/", proc, timeout)
    finally:
        _stop(proc)
    rows.append(("gunicorn --preload (3 workers) to the first page", (wall or float("nan"), _children_cpu() - cpu)))
    for name, (w, c) in rows:
        print(f"  {name:<50} {w:6.2f} s wall  {c:6.2f} s CPU")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=8800)
    p.add_argument("--runs", type=int, default=2, help="make run this many times (the first loads the demo)")
    p.add_argument("--timeout", type=float, default=180)
    p.add_argument("--stages", action="store_true", help="also time each stage on its own")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jixiao-startup-") as instance:
        env = {**os.environ, "JIXIAO_INSTANCE_DIR": instance}
        env.pop("DATABASE_URL", None)  # SQLite in the temporary instance folder, as `make run` on a fresh clone
        load = os.getloadavg()[0]
        print(f"make run to the first page (load average {load:.1f} on {os.cpu_count()} cores)")
        seconds = []
        for n in range(args.runs):
            cpu = _children_cpu()
            s = make_run(args.port, env, args.timeout)
            what = "first run (loads the demo)" if n == 0 else "nothing changed"
            if s is None:
                print(f"  run {n + 1} ({what}): no page within {args.timeout:.0f} s")
                return 1
            print(f"  run {n + 1} ({what}): {s:5.2f} s to the first page "
                  f"(CPU of the processes that ended: {_children_cpu() - cpu:.2f} s)")
            if n:
                seconds.append(s)
        if seconds:
            verdict = "meets" if max(seconds) < TARGET_S else "below"
            print(f"target < {TARGET_S} s when nothing changed: {verdict} (worst {max(seconds):.2f} s)")
        if args.stages:
            print("stages, demo already loaded:")
            stages(args.port, env, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
