"""Concurrent writers against a live gunicorn: errors and lost writes, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_concurrency.py                    # SQLite, then PostgreSQL, 60 s each
    .venv/bin/python benchmarks/bench_concurrency.py --duration 15 --database sqlite
    .venv/bin/python benchmarks/bench_concurrency.py --pg-url postgres://postgres@127.0.0.1:5432/x

Each run starts from a fresh database (SQLite in a temporary folder; on PostgreSQL a new database
on that server, dropped afterwards), then for --duration seconds:
  writers    --writers threads (20), each a 填报人 of its own department: open the edit form, change a
             text field to a value unique to this write, post the whole form (as a browser does);
  reviewers  --reviewers threads (2) of the district's 复核人, all posting reviews of the same
             submitted evaluation;
  readers    --readers threads (5) opening lists, evaluations and dashboards.
Afterwards the database is read directly: every save answered 302 must have its history entry and
the last one must be the evaluation's data; every review answered 302 must be stored.
Printed: requests by kind, errors (any other status, or a failed connection) and lost writes —
both must be 0.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import (PASSWORD, Client, _fresh_database, _setup_django, server_cpu, start_server,  # noqa: E402
                       stop_server)

_INPUT = re.compile(r'<input[^>]*?\bname="([^"]+)"[^>]*?\bvalue="([^"]*)"')
_SELECT = re.compile(r'<select[^>]*?\bname="([^"]+)"[^>]*>(.*?)</select>', re.S)
_SELECTED = re.compile(r'<option value="([^"]*)" selected>')
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def form_fields(page: str) -> dict[str, str]:
    """The fields a browser would post from the edit form (first form = upload; take all inputs)."""
    fields = {html.unescape(n): html.unescape(v) for n, v in _INPUT.findall(page)}
    for name, options in _SELECT.findall(page):
        chosen = _SELECTED.search(options)
        fields[html.unescape(name)] = html.unescape(chosen.group(1)) if chosen else ""
    return fields


def prepare(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from accounts.models import Department, District, Profile, Role
    from evaluations import services
    from evaluations.models import IndicatorScore, Status
    from jixiao import synth
    from jixiao.frameworks import load_framework

    call_command("migrate", verbosity=0, interactive=False)
    User = get_user_model()
    fw = load_framework("shenzhen-common")
    district = District.objects.create(name="压测区")

    def user(name: str, role: str, **scope):
        u = User.objects.create_user(name, password=PASSWORD)
        Profile.objects.create(user=u, role=role, **scope)
        return u

    admin = user("bench-admin", Role.ADMIN)
    writers = []
    raws = synth.generate_many(fw, departments=args.writers + 1, years=(2024,), seed=3, projects=args.projects, raw=True)
    for i, raw in enumerate(raws):
        department = Department.objects.create(name=f"压测部门{i + 1}", district=district)
        filler = user(f"filler{i + 1}", Role.FILLER, department=department)
        raw.update(department=department.name, district=district.name)
        e = services.create_evaluation(department=department, year=2024, framework_id=fw.id, actor=filler, data=raw)
        writers.append((filler.username, e.pk))
    reviewed_user, reviewed = writers.pop()  # the last one is submitted and reviewed by everyone at once
    services.submit(evaluation=services.Evaluation.objects.get(pk=reviewed), actor=User.objects.get(username=reviewed_user))
    assert services.Evaluation.objects.get(pk=reviewed).status == Status.SUBMITTED
    reviewers = [user(f"reviewer{i + 1}", Role.REVIEWER, district=district).username for i in range(args.reviewers)]
    leaves = list(IndicatorScore.objects.filter(evaluation_id=reviewed, max__gte=1).values_list("indicator_id", flat=True))
    return {"writers": writers, "reviewed": reviewed, "reviewers": reviewers, "leaves": leaves,
            "ids": [pk for _, pk in writers] + [reviewed], "admin": admin.username}


def run(port: int, data: dict, args) -> dict:
    stop = time.perf_counter() + 10**9
    lock = threading.Lock()
    errors: list[str] = []
    counts = {"save": 0, "review": 0, "read": 0}
    last_saved: dict[int, str] = {}
    saves: dict[int, int] = {}
    reviews: dict[str, int] = {}
    ready = threading.Barrier(len(data["writers"]) + len(data["reviewers"]) + args.readers + 1)
    go = threading.Event()

    def fail(text: str) -> None:
        with lock:
            errors.append(text)

    def writer(username: str, pk: int) -> None:
        client = Client(port)
        client.log_in(username)
        ready.wait()
        go.wait()
        n = 0
        while time.perf_counter() < stop:
            try:
                status, page, _ = client.request("GET", f"/evaluations/{pk}/edit/")
                if status != 200:
                    fail(f"edit page {pk}: HTTP {status}")
                    continue
                fields = form_fields(page)
                n += 1
                value = f"{username} 第{n}次保存"
                fields["narrative.problems"] = value
                status, page, _ = client.request("POST", f"/evaluations/{pk}/edit/", fields)
            except OSError as exc:
                fail(f"save {pk}: {exc!r}")
                continue
            if status == 302:
                with lock:
                    counts["save"] += 1
                    saves[pk] = saves.get(pk, 0) + 1
                    last_saved[pk] = value
            else:
                problem = re.search(r'class="(?:err|messages)[^"]*">(.*?)<', page, re.S)
                fail(f"save {pk}: HTTP {status} {problem.group(1)[:80] if problem else page[:80]!r}")

    def reviewer(username: str) -> None:
        client = Client(port)
        client.log_in(username)
        rng = random.Random(username)
        ready.wait()
        go.wait()
        pk = data["reviewed"]
        while time.perf_counter() < stop:
            try:
                status, page, _ = client.request("GET", f"/evaluations/{pk}/")
                token = _TOKEN.search(page)
                if status != 200 or token is None:
                    fail(f"review page: HTTP {status}")
                    continue
                status, _, headers = client.request("POST", f"/evaluations/{pk}/review/", {
                    "csrfmiddlewaretoken": token.group(1), "indicator": rng.choice(data["leaves"]),
                    "score": "0.5", "reason": f"{username} 复核"})
            except OSError as exc:
                fail(f"review: {exc!r}")
                continue
            if status == 302:
                with lock:
                    counts["review"] += 1
                    reviews[username] = reviews.get(username, 0) + 1
            else:
                fail(f"review: HTTP {status}")

    def reader(i: int) -> None:
        client = Client(port)
        client.log_in(data["admin"])
        rng = random.Random(i)
        ready.wait()
        go.wait()
        while time.perf_counter() < stop:
            path = rng.choice(["/evaluations/", f"/evaluations/{rng.choice(data['ids'])}/", "/dashboards/",
                               f"/evaluations/{rng.choice(data['ids'])}/history/", "/api/evaluations"])
            try:
                status, _, _ = client.request("GET", path)
            except OSError as exc:
                fail(f"{path}: {exc!r}")
                continue
            if status == 200:
                with lock:
                    counts["read"] += 1
            else:
                fail(f"{path}: HTTP {status}")

    threads = [threading.Thread(target=writer, args=w, daemon=True) for w in data["writers"]]
    threads += [threading.Thread(target=reviewer, args=(r,), daemon=True) for r in data["reviewers"]]
    threads += [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(args.readers)]
    for t in threads:
        t.start()
    ready.wait()
    start = time.perf_counter()
    stop = start + args.duration
    go.set()
    for t in threads:
        t.join()
    return {"errors": errors, "counts": counts, "saves": saves, "last": last_saved, "reviews": reviews,
            "wall": time.perf_counter() - start}


def verify(data: dict, result: dict) -> list[str]:
    """Every acknowledged write is in the database."""
    from evaluations.models import Action, Evaluation, HistoryEntry, Review

    lost = []
    for _, pk in data["writers"]:
        stored = HistoryEntry.objects.filter(evaluation_id=pk, action=Action.SAVED).count()
        acked = result["saves"].get(pk, 0)
        if stored != acked:
            lost.append(f"evaluation {pk}: {acked} saves answered, {stored} in the history")
        expected = result["last"].get(pk)
        actual = (Evaluation.objects.get(pk=pk).data.get("narrative") or {}).get("problems")
        if expected is not None and actual != expected:
            lost.append(f"evaluation {pk}: last save '{expected}', stored '{actual}'")
    for username, acked in result["reviews"].items():
        stored = Review.objects.filter(evaluation_id=data["reviewed"], reviewer__username=username).count()
        if stored != acked:
            lost.append(f"{username}: {acked} reviews answered, {stored} stored")
    return lost


def one(args) -> int:
    env, cleanup = _fresh_database(argparse.Namespace(cache="local", database_url=args.pg_url if args.database == "postgres" else None))
    proc = None
    try:
        _setup_django(env)
        from django.conf import settings

        data = prepare(args)
        proc, port = start_server(env, args.workers)
        cpu0, own0 = server_cpu(proc), time.process_time()
        result = run(port, data, args)
        cpu, own = server_cpu(proc) - cpu0, time.process_time() - own0
        lost = verify(data, result)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        c = result["counts"]
        print(f"{engine}: {args.writers} writers, {args.reviewers} reviewers (one evaluation), {args.readers} readers, "
              f"{args.duration:.0f} s, gunicorn --workers {args.workers}")
        print(f"  saves {c['save']} ({c['save'] / result['wall']:.1f}/s), reviews {c['review']}, reads {c['read']}")
        print(f"  CPU: server {cpu:.1f} s, clients {own:.1f} s over {result['wall']:.1f} s wall (the machine is shared: "
              "wall-clock rates depend on its other jobs)")
        print(f"  errors: {len(result['errors'])}" + (f" (first: {result['errors'][0]})" if result["errors"] else ""))
        print(f"  lost writes: {len(lost)}" + (f" (first: {lost[0]})" if lost else ""))
        return 0 if not result["errors"] and not lost and c["save"] > 0 else 1
    finally:
        if proc is not None:
            stop_server(proc)
        from django.db import connections

        connections.close_all()
        cleanup()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    p.add_argument("--writers", type=int, default=20)
    p.add_argument("--reviewers", type=int, default=2)
    p.add_argument("--readers", type=int, default=5)
    p.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    p.add_argument("--projects", type=int, default=20, help="projects per department (form size)")
    p.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--pg-url", default=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/jixiao")
    args = p.parse_args()
    if args.database != "both":
        return one(args)
    status = 0
    for database in ("sqlite", "postgres"):  # one process each: Django is set up once per process
        argv = [sys.executable, __file__, *sys.argv[1:], "--database", database]
        status |= subprocess.run(argv).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
