"""Web load benchmark: a fresh database of 200 departments × 3 years, the app under gunicorn,
20 logged-in clients fetching scorecards, dashboards and the progress board, and uploading evidence
files (see docs/web.md for figures).

    .venv/bin/python benchmarks/bench_web.py                         # 200 × 3, 20 clients, 30 s
    .venv/bin/python benchmarks/bench_web.py --departments 50 --duration 10     # a quick run
    .venv/bin/python benchmarks/bench_web.py --profile               # + where each page kind spends its time
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python benchmarks/bench_web.py
        # on PostgreSQL: a fresh database jixiao_bench_<pid> on that server, dropped afterwards

Steps, each timed and printed:
  load     generate the department-years (jixiao.synth) and create each one through
           evaluations.services.create_evaluation — validation, history entry and rescore()
           (the cached scores the lists and dashboards read) — then submit/finalise the
           older years and record reviewer scores on a tenth of them (services.review_indicator)
  serve    gunicorn on 127.0.0.1 on a free port (sync workers, --workers, default 3 as `make run`)
  clients  threads, each logging in through the login form (CSRF token and all) with its own
           session, then fetching for --duration seconds, chosen at random with fixed weights:
             scorecard   /evaluations/<id>/                 (any of the evaluations)
             dashboard   /dashboards/?year=<y>
             table       /dashboards/table/?year=<y>&sort=<total or an indicator>
             progress    /dashboards/progress/?district=<d>&year=<y>   (the bureau's progress board)
             evidence    POST /evaluations/<id>/evidence/  a 20 KB PDF as 佐证材料, by a filler of a draft
           p50/p95/max latency per page kind and requests per second overall; every
           response must be 200 and the right page (checked by a marker in the HTML)

The client threads run on the same machine as the server (2 cores here): their own CPU use is
part of the figures. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import os
import pstats
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"  # --web points elsewhere (e.g. an older checkout's web/, to compare)
PASSWORD = "bench-password-123"
KINDS = {  # kind: (weight, marker the page must contain)
    "scorecard": (6, 'id="scorecard"'),
    "dashboard": (2, 'id="chart-dist"'),
    "table": (2, 'id="ranking"'),
    "progress": (1, 'id="progress"'),  # the bureau's progress board of one district-year
    "evidence": (1, "#ind-"),  # a filler uploads a small PDF as 佐证材料 (a redirect to the indicator)
}
EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"%" * 20_000  # ~20 KB
P95_TARGET_MS = 200


# --------------------------------------------------------------------------- database


def _fresh_database(args) -> tuple[dict[str, str], callable]:
    """Environment for a fresh database (SQLite in a temp folder, or a new PostgreSQL database)."""
    instance = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    env = {"JIXIAO_INSTANCE_DIR": str(instance), "DJANGO_SECRET_KEY": "bench-" + os.urandom(16).hex(),
           "DJANGO_DEBUG": "", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"}
    if args.cache == "file":  # the project's settings, with one cache shared by the workers
        (instance / "bench_settings.py").write_text(
            "from jixiao_web.settings import *  # noqa: F403\n"
            "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache',\n"
            f"                       'LOCATION': {str(instance / 'cache')!r}, 'OPTIONS': {{'MAX_ENTRIES': 20000}}}}}}\n",
            encoding="utf-8")
        env.update(DJANGO_SETTINGS_MODULE="bench_settings",
                   PYTHONPATH=os.pathsep.join([str(instance), str(WEB), os.environ.get("PYTHONPATH", "")]))
        sys.path.insert(0, str(instance))
    url = args.database_url
    cleanups = [lambda: shutil.rmtree(instance, ignore_errors=True)]
    if url:
        import psycopg

        parts = urlparse(url)
        name = f"{os.environ.get('JIXIAO_BENCH_DB_PREFIX', 'jixiao_bench')}_{os.getpid()}"  # (a prefix per user, when shared)
        admin_url = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        cleanups.append(drop)
        env["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()
    else:
        env.pop("DATABASE_URL", None)
        os.environ.pop("DATABASE_URL", None)

    def cleanup() -> None:
        for fn in reversed(cleanups):
            fn()

    return env, cleanup


def _setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao_web.settings")
    sys.path.insert(0, str(WEB))
    import django

    django.setup()


def load(args) -> dict:
    """Migrate and load; returns what the clients need (evaluation ids, years, indicator ids)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from accounts.models import Department, District, Profile, Role
    from evaluations import services
    from evaluations.models import Evaluation, IndicatorScore, Status
    from jixiao import synth
    from jixiao.frameworks import load_framework

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    t_migrate = time.perf_counter() - t0

    User = get_user_model()
    admin = User.objects.create_user("bench-admin", password=PASSWORD)
    Profile.objects.create(user=admin, role=Role.ADMIN)
    fw = load_framework(args.framework)
    years = tuple(args.years)
    rng = random.Random(args.seed)

    gen = create = 0.0
    n = 0
    t_all = time.perf_counter()
    stream = synth.generate_many(fw, departments=args.departments, years=years, seed=args.seed,
                                 projects=args.projects, raw=True)
    districts: dict[str, District] = {}
    while True:
        t = time.perf_counter()
        raw = next(stream, None)
        gen += time.perf_counter() - t
        if raw is None:
            break
        t = time.perf_counter()
        with transaction.atomic():
            district = districts.get(raw["district"])
            if district is None:
                district = districts[raw["district"]] = District.objects.get_or_create(name=raw["district"])[0]
            department, _ = Department.objects.get_or_create(name=raw["department"], defaults={"district": district})
            raw["framework"] = fw.id
            e = services.create_evaluation(department=department, year=raw["year"], framework_id=fw.id,
                                           actor=admin, data=raw, action="imported")
            if e.complete:
                e.status = Status.SUBMITTED
                e.save(update_fields=["status"])
                if rng.random() < args.reviewed:
                    leaf = rng.choice(list(IndicatorScore.objects.filter(evaluation=e, max__gte=2)))
                    services.review_indicator(evaluation=e, indicator_id=leaf.indicator_id,
                                              score=format(leaf.max - 1, "f"), reason="复核：佐证材料不足，扣 1 分",
                                              actor=admin)
                if raw["year"] < max(years):
                    services.finalise(evaluation=e, actor=admin)
        create += time.perf_counter() - t
        n += 1
        if args.progress and n % 50 == 0:
            print(f"  {n:,}/{args.departments * len(years):,}", file=sys.stderr, end="\r")
    total = time.perf_counter() - t_all
    # one filler per client, each with a draft of the latest year to attach evidence to
    uploads = []
    for e in Evaluation.objects.filter(year=max(years)).select_related("department").order_by("pk")[:args.clients]:
        e.status = Status.DRAFT
        e.save(update_fields=["status"])
        user = User.objects.create_user(f"bench-filler-{e.pk}", password=PASSWORD)
        Profile.objects.create(user=user, role=Role.FILLER, department=e.department)
        leaf = IndicatorScore.objects.filter(evaluation=e).values_list("indicator_id", flat=True).first()
        uploads.append({"user": user.username, "evaluation": e.pk, "indicator": leaf})
    ids = list(Evaluation.objects.values_list("pk", flat=True))
    indicators = sorted(set(IndicatorScore.objects.values_list("indicator_id", flat=True)))
    reviewed = Evaluation.objects.filter(reviewed_total__isnull=False).count()
    print(f"load: migrate {t_migrate:.2f} s; {n:,} department-years ({args.departments} departments × {len(years)} years, "
          f"{args.projects} projects each, {reviewed} with reviewer scores) in {total:.1f} s = "
          f"{n / total:.1f} /s (generation {gen:.1f} s, create+rescore through services {create:.1f} s = "
          f"{create / n * 1000:.1f} ms each)")
    return {"ids": ids, "years": list(years), "indicators": indicators, "uploads": uploads,
            "districts": list(District.objects.values_list("pk", flat=True))}


# --------------------------------------------------------------------------- server


def _free_port() -> int:
    """A free port, or JIXIAO_BENCH_PORT when set (machines that give each user a port range)."""
    if os.environ.get("JIXIAO_BENCH_PORT"):
        return int(os.environ["JIXIAO_BENCH_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "jixiao_web.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--worker-class", "sync", "--timeout", "120", "--log-level", "warning"],
        cwd=WEB, env={**os.environ, **env}, start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, port
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise SystemExit("gunicorn did not answer within 60 s")


def server_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds used so far by gunicorn's master and workers (Linux /proc; 0 elsewhere)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == proc.pid or ppid == proc.pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the master and its workers only
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --------------------------------------------------------------------------- clients


class Client:
    """One browser-like session: cookies kept, login through the form."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/login/"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, text, dict(response.getheaders())

    def upload(self, path: str, fields: dict[str, str], name: str, content: bytes) -> tuple[int, str, dict]:
        """A multipart form post with one file, as a browser sends it (CSRF token from the cookie)."""
        boundary = "----jixiaobench" + os.urandom(8).hex()
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                     f"Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("POST", path, body=body, headers={
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1",
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": f"http://127.0.0.1:{self.port}/"})
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        headers = dict(response.getheaders())
        conn.close()
        return response.status, text, headers

    def log_in(self, username: str) -> None:
        status, page, _ = self.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _, headers = self.request("POST", "/login/", {"username": username, "password": PASSWORD,
                                                                "csrfmiddlewaretoken": token, "next": "/"})
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login failed: HTTP {status}")


def _path(kind: str, rng: random.Random, data: dict) -> str:
    if kind == "progress":
        return f"/dashboards/progress/?district={rng.choice(data['districts'])}&year={rng.choice(data['years'])}"
    if kind == "scorecard":
        return f"/evaluations/{rng.choice(data['ids'])}/"
    year = rng.choice(data["years"])
    if kind == "dashboard":
        return f"/dashboards/?year={year}"
    sort = rng.choice(["total", *data["indicators"]])
    return f"/dashboards/table/?year={year}&sort={sort}&dir={rng.choice(['asc', 'desc'])}"


def run_clients(port: int, data: dict, args, proc) -> tuple[dict[str, list[float]], float, list[str], dict]:
    kinds = [k for k in args.kinds.split(",") if k in KINDS]
    weights = [KINDS[k][0] for k in kinds]
    timings: dict[str, list[float]] = {k: [] for k in kinds}
    errors: list[str] = []
    lock = threading.Lock()
    ready = threading.Barrier(args.clients + 1)
    go = threading.Event()
    state = {"stop": 0.0, "start": 0.0}
    windows: list[tuple[float, float]] = []

    def worker(i: int) -> None:
        rng = random.Random(args.seed * 1000 + i)
        client = Client(port)
        filler = Client(port)  # the evidence uploads come from a filler's session
        upload = data["uploads"][i % len(data["uploads"])] if data["uploads"] else None
        try:
            client.log_in("bench-admin")
            if "evidence" in kinds and upload is not None:
                filler.log_in(upload["user"])
                filler.request("GET", f"/evaluations/{upload['evaluation']}/")  # the CSRF cookie
            for kind in kinds:  # warm-up, not timed
                if kind != "evidence":
                    client.request("GET", _path(kind, rng, data))
        except Exception as exc:  # noqa: BLE001 — reported below
            with lock:
                errors.append(f"client {i}: {exc!r}")
        ready.wait()
        go.wait()
        local: dict[str, list[float]] = {k: [] for k in kinds}
        series: list[tuple[float, float]] = []
        while time.perf_counter() < state["stop"]:
            kind = rng.choices(kinds, weights)[0]
            t = time.perf_counter()
            try:
                if kind == "evidence":
                    path = f"/evaluations/{upload['evaluation']}/evidence/"
                    status, text, headers = filler.upload(path, {"indicator": upload["indicator"]}, "佐证材料.pdf",
                                                          EVIDENCE_PDF)
                    status, text = (200, headers.get("Location", "")) if status == 302 else (status, text)
                else:
                    path = _path(kind, rng, data)
                    status, text, _ = client.request("GET", path)
            except OSError as exc:
                with lock:
                    errors.append(f"{kind}: {exc!r}")
                continue
            elapsed = time.perf_counter() - t
            if status != 200 or KINDS[kind][1] not in text:
                with lock:
                    errors.append(f"{path}: HTTP {status}")
                continue
            local[kind].append(elapsed)
            series.append((t - state["start"], elapsed))
        with lock:
            for k in kinds:
                timings[k].extend(local[k])
            windows.extend(series)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.clients)]
    for t in threads:
        t.start()
    ready.wait()  # every client logged in and warmed up
    cpu0, own0 = server_cpu(proc), time.process_time()
    start = state["start"] = time.perf_counter()
    state["stop"] = start + args.duration
    go.set()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    cpu = {"server": server_cpu(proc) - cpu0, "clients": time.process_time() - own0}
    if args.windows:
        step = args.duration / args.windows
        for i in range(args.windows):
            part = [lat for at, lat in windows if i * step <= at < (i + 1) * step]
            print(f"  {i * step:5.1f}–{(i + 1) * step:5.1f} s: {len(part):5} requests, "
                  f"p50 {_pct(part, .5) * 1000:6.1f} ms, p95 {_pct(part, .95) * 1000:6.1f} ms")
    return timings, wall, errors, cpu


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(timings: dict[str, list[float]], wall: float, errors: list[str], args, cpu: dict[str, float]) -> bool:
    print(f"clients: {args.clients} threads × {args.duration:.0f} s against gunicorn --workers {args.workers}")
    print(f"  {'page':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean ms':>8}")
    everything: list[float] = []
    ok = True
    for kind, values in timings.items():
        everything += values
        p95 = _pct(values, 0.95) * 1000
        ok &= p95 < P95_TARGET_MS
        print(f"  {kind:<10} {len(values):>8} {_pct(values, .5) * 1000:>8.1f} {p95:>8.1f} "
              f"{max(values, default=float('nan')) * 1000:>8.1f} {statistics.fmean(values) * 1000 if values else float('nan'):>8.1f}")
    print(f"  {'all':<10} {len(everything):>8} {_pct(everything, .5) * 1000:>8.1f} {_pct(everything, .95) * 1000:>8.1f} "
          f"{max(everything, default=float('nan')) * 1000:>8.1f}")
    n = max(1, len(everything))
    print(f"throughput: {len(everything) / wall:.1f} requests/s overall ({wall:.1f} s); CPU per request: "
          f"server {cpu['server'] / n * 1000:.1f} ms, client threads {cpu['clients'] / n * 1000:.1f} ms "
          f"(of {os.cpu_count()} cores × {wall:.0f} s = {os.cpu_count() * wall:.0f} s: server {cpu['server']:.0f} s, "
          f"clients {cpu['clients']:.0f} s)")
    if errors:
        print(f"errors: {len(errors)} (first: {errors[0]})")
    print(f"target p95 < {P95_TARGET_MS} ms for every page kind: {'met' if ok and not errors else 'NOT met'}")
    return ok and not errors


# --------------------------------------------------------------------------- profile


def profile(data: dict, args) -> None:
    """Each page kind through Django's test client in this process: cold (cache cleared before
    each request) and warm (the same requests again) per-request times, then cProfile of both."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client as DjangoClient

    client = DjangoClient()
    client.force_login(get_user_model().objects.get(username="bench-admin"))
    rng = random.Random(args.seed)
    for kind in [k for k in args.kinds.split(",") if k in KINDS and k != "evidence"]:  # GET pages only
        paths = [_path(kind, rng, data) for _ in range(args.profile_n)]
        client.get(paths[0])
        times = {}
        for phase in ("cold", "warm"):
            if phase == "warm":
                for p in paths:  # fill the cache
                    client.get(p)
            t = time.perf_counter()
            for p in paths:
                if phase == "cold":
                    cache.clear()
                client.get(p)
            times[phase] = (time.perf_counter() - t) / len(paths) * 1000
        print(f"\n=== {kind}: {times['cold']:.1f} ms per request cold (cache cleared), {times['warm']:.1f} ms warm; "
              f"in-process, one thread, {len(paths)} requests ===")
        for phase in ("cold", "warm"):
            prof = cProfile.Profile()
            if phase == "warm":
                for p in paths:
                    client.get(p)
            for p in paths:
                if phase == "cold":
                    cache.clear()
                prof.enable()
                client.get(p)
                prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).strip_dirs().sort_stats("cumulative").print_stats(args.top)
            print(f"--- {kind}, {phase}: top {args.top} by cumulative time under the profiler")
            print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    global WEB
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--departments", type=int, default=200)
    p.add_argument("--years", type=lambda s: [int(y) for y in s.split(",")], default=[2022, 2023, 2024])
    p.add_argument("--projects", type=int, default=20, help="projects per department-year (default 20, as load_demo)")
    p.add_argument("--framework", default="shenzhen-common")
    p.add_argument("--reviewed", type=float, default=0.1, help="share of submitted evaluations given a reviewer score")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    p.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3, as `make run`)")
    p.add_argument("--pool", type=int, default=0,
                   help="draw scorecards from this many evaluations only (default 0: all of them, mostly cache misses)")
    p.add_argument("--kinds", default=",".join(KINDS), help="page kinds to fetch, comma-separated (default all)")
    p.add_argument("--cache", choices=("settings", "file"), default="settings",
                   help="settings: the cache the project's settings configure (by default Django's per-process "
                        "memory cache); file: one FileBasedCache in the temp folder, shared by the workers")
    p.add_argument("--windows", type=int, default=6, help="also print p50/p95 over this many equal time windows "
                                                          "(the first shows the cold start; 0: none)")
    p.add_argument("--web", default=str(WEB), help="the Django project folder to serve (default: this checkout's web/)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                   help="a PostgreSQL server to make a fresh database on (default: SQLite in a temp folder)")
    p.add_argument("--profile", action="store_true", help="after the load, profile each page kind in-process")
    p.add_argument("--profile-n", type=int, default=40, help="requests per page kind under the profiler")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--progress", action="store_true")
    args = p.parse_args(argv)
    WEB = Path(args.web).resolve()

    env, cleanup = _fresh_database(args)
    proc = None
    try:
        _setup_django(env)
        print(f"jixiao web benchmark — {'PostgreSQL' if args.database_url else 'SQLite'}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs, cache: {args.cache}")
        data = load(args)
        if args.pool:
            data["ids"] = random.Random(args.seed).sample(data["ids"], min(args.pool, len(data["ids"])))
        from django.db import connections

        connections.close_all()
        proc, port = start_server(env, args.workers)
        timings, wall, errors, cpu = run_clients(port, data, args, proc)
        ok = report(timings, wall, errors, args, cpu)
        stop_server(proc)
        proc = None
        if args.profile:
            profile(data, args)
        return 0 if ok else 1
    finally:
        if proc is not None:
            stop_server(proc)
        from django.db import connections

        connections.close_all()
        cleanup()


if __name__ == "__main__":
    sys.exit(main())
