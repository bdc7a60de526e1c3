"""Jobs on the real queue: batch audit with 1 and 2 workers, a district's reports, a district's triage.

    .venv/bin/python benchmarks/bench_jobs.py                    # 200 PDFs, 200 departments, 200 evaluations
    .venv/bin/python benchmarks/bench_jobs.py --reports 40 --departments 40 --evaluations 40   # a quick run
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python benchmarks/bench_jobs.py   # Redis broker (else embedded)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench_jobs …              # a fresh database on PostgreSQL

Everything runs in a fresh instance folder (SQLite database, embedded queue, file store) under /tmp,
or in a fresh PostgreSQL database when DATABASE_URL is given (the database is dropped and created).
Workers are real `celery -A jixiao_web worker` processes, started and stopped here. Each figure is
the wall time from submitting the job to its row saying 已完成 (worker start-up excluded).

1. Audit: ``--distinct`` different 自评报告 are generated from jixiao.synth department-years, turned into
   PDF by LibreOffice (not timed), and copied under different names up to ``--reports`` files, uploaded
   as one .zip: one job, split into parts of JOBS_PART_SIZE reports that any worker takes. Timed with
   one worker process, then with two; prints reports per second and the ratio.
2. Reports: a district of ``--departments`` departments (one evaluation each) → every 自评报告 (.docx)
   and 评分表 (.xlsx) in one .zip, one worker.
3. Triage: the same district's ``--evaluations`` submitted evaluations → the ranked 复核 queue and a
   抽查 draw, one worker; with ``--triage-audit`` the generated reports are audited too.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
CELERY = Path(sys.executable).with_name("celery")


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reports", type=int, default=200, help="PDF reports to audit (default 200)")
    p.add_argument("--distinct", type=int, default=8, help="different PDFs among them (default 8)")
    p.add_argument("--departments", type=int, default=200, help="departments whose reports are generated (default 200)")
    p.add_argument("--evaluations", type=int, default=200, help="evaluations triaged (default 200, at most --departments)")
    p.add_argument("--projects", type=int, default=20, help="projects per department-year (default 20)")
    p.add_argument("--part-size", type=int, default=10, help="reports per part of the audit job (default 10)")
    p.add_argument("--triage-audit", action="store_true", help="also audit each generated report in the triage")
    p.add_argument("--skip", action="append", default=[], choices=["audit", "reports", "triage"])
    return p.parse_args()


def main() -> int:
    args = parse()
    args.evaluations = min(args.evaluations, args.departments)
    instance = Path(tempfile.mkdtemp(prefix="jixiao-bench-jobs-"))
    env = {"JIXIAO_INSTANCE_DIR": str(instance), "JOBS_PART_SIZE": str(args.part_size), "DJANGO_SETTINGS_MODULE": "jixiao_web.settings"}
    if os.environ.get("DATABASE_URL"):
        _fresh_postgres(os.environ["DATABASE_URL"])
    os.environ.update(env)
    sys.path.insert(0, str(WEB))
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=WEB, check=True, env=os.environ)
    import django

    django.setup()
    from django.conf import settings

    broker = "Redis " + settings.CELERY_BROKER_URL if not settings.JOBS_EMBEDDED else "embedded (files)"
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[1]
    print(f"broker: {broker}; database: {db}; instance: {instance}; {os.cpu_count()} CPUs")
    if not settings.JOBS_EMBEDDED:
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(settings.CELERY_TASK_DEFAULT_QUEUE)
    owner, district = _org()
    try:
        if "audit" not in args.skip:
            _bench_audit(args, owner, instance)
        if "reports" not in args.skip or "triage" not in args.skip:
            t0 = time.perf_counter()
            _district(district, owner, args.departments, args.projects)
            print(f"  (set-up: {args.departments} evaluations created in {time.perf_counter() - t0:.1f} s, not counted)")
        if "reports" not in args.skip:
            _bench_reports(args, owner, district)
        if "triage" not in args.skip:
            _bench_triage(args, owner, district)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    return 0


# --------------------------------------------------------------------------- set-up


def _fresh_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _org():
    from django.contrib.auth import get_user_model

    from accounts.models import District, Profile, Role

    district = District.objects.create(name="基准区（模拟数据）")
    user = get_user_model().objects.create_user(username="bench", password="bench-password-123")
    Profile.objects.create(user=user, role=Role.REVIEWER, district=district)
    return user, district


def _district(district, owner, n: int, projects: int) -> None:
    from accounts.models import Department
    from evaluations import services
    from evaluations.models import Evaluation, Status
    from jixiao import synth

    for raw in synth.generate_many("shenzhen-common", departments=n, years=(2024,), seed=12, projects=projects, raw=True):
        dept = Department.objects.create(name=raw["department"], district=district)
        services.create_evaluation(department=dept, year=2024, framework_id="shenzhen-common", actor=owner, data=raw)
    Evaluation.objects.filter(department__district=district).update(status=Status.SUBMITTED)


class Workers:
    def __init__(self, count: int):
        self.procs = []
        for i in range(count):
            log = open(Path(os.environ["JIXIAO_INSTANCE_DIR"]) / f"worker{i}.log", "w")
            self.procs.append(subprocess.Popen(
                [str(CELERY), "-A", "jixiao_web", "worker", "--pool=solo", "-n", f"bench{i}@%h", "--without-gossip",
                 "--without-mingle", "-l", "warning"], cwd=WEB, env=os.environ, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True))
        time.sleep(6)  # start-up (imports, connecting) is not part of the figures

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def _run(job_factory, workers: int, timeout: float = 3600) -> tuple[float, object]:
    from jobs.models import Job, JobStatus

    pool = Workers(workers)
    try:
        t0 = time.perf_counter()
        job = job_factory()
        while True:
            job = Job.objects.get(pk=job.pk)
            if job.status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED):
                break
            if time.perf_counter() - t0 > timeout:
                raise SystemExit(f"job {job.pk} did not finish in {timeout:.0f} s")
            time.sleep(0.1)
        elapsed = time.perf_counter() - t0
    finally:
        pool.stop()
    if job.status != JobStatus.DONE:
        raise SystemExit(f"job {job.pk} {job.status}: {job.error}")
    return elapsed, job


# --------------------------------------------------------------------------- the three figures


def _pdfs(args, instance: Path) -> bytes:
    from jixiao import synth
    from jixiao.core.engine import score
    from jixiao.frameworks import load_framework
    from jixiao.writers.docx_report import build_report
    from jixiao.writers.pdf import PdfUnavailable, docx_to_pdf

    fw = load_framework("shenzhen-common")
    folder = instance / "pdfs"
    folder.mkdir()
    made = []
    t0 = time.perf_counter()
    for i, data in enumerate(synth.generate_many(fw, departments=args.distinct, years=(2024,), seed=5, projects=args.projects)):
        docx = folder / f"r{i}.docx"
        build_report(score(fw, data), data).save(docx)
        try:
            made.append(docx_to_pdf(docx, folder).read_bytes())
        except PdfUnavailable as exc:
            raise SystemExit(f"PDF needs LibreOffice: {exc}")
    print(f"  (set-up: {len(made)} distinct PDFs made by LibreOffice in {time.perf_counter() - t0:.1f} s, not counted)")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(args.reports):
            zf.writestr(f"报告/{i:04d}.pdf", made[i % len(made)])
    return packed.getvalue()


def _bench_audit(args, owner, instance: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobs import services

    packed = _pdfs(args, instance)
    rates = {}
    for n in (1, 2):
        elapsed, job = _run(lambda: services.create(kind="audit", owner=owner, uploads=[
            SimpleUploadedFile("reports.zip", packed)]), n)
        rows = job.summary["rows"]
        bad = [r for r in rows if r.get("problem")]
        assert len(rows) == args.reports and not bad, bad[:3]
        rates[n] = args.reports / elapsed
        print(f"audit {args.reports} PDF reports, {n} worker{'s' if n > 1 else ''}: {elapsed:.1f} s, "
              f"{rates[n]:.2f} reports/s")
    print(f"audit speed-up with 2 workers: {rates[2] / rates[1]:.2f}× (ideal 2.00 on 2 free cores)")


def _bench_reports(args, owner, district) -> None:
    from jobs import services

    elapsed, job = _run(lambda: services.create(kind="reports", owner=owner, district=district, year=2024), 1)
    assert len(job.summary["rows"]) == args.departments
    print(f"reports of a district of {args.departments} departments (.docx + .xlsx, one .zip), 1 worker: {elapsed:.1f} s "
          f"({elapsed / args.departments * 1000:.0f} ms per department)")


def _bench_triage(args, owner, district) -> None:
    from evaluations.models import Evaluation, Status
    from jobs import services

    keep = list(Evaluation.objects.filter(department__district=district).order_by("pk").values_list("pk", flat=True))
    Evaluation.objects.filter(pk__in=keep[args.evaluations:]).update(status=Status.DRAFT)
    elapsed, job = _run(lambda: services.start_triage(owner=owner, district=district, year=2024, riskiest=10,
                                                      random_count=10, seed=1, audit=args.triage_audit), 1)
    assert len(job.summary["queue"]) == args.evaluations
    what = "with each generated report audited" if args.triage_audit else "without auditing the reports"
    print(f"triage of {args.evaluations} evaluations ({what}), 1 worker: {elapsed:.1f} s "
          f"({elapsed / args.evaluations * 1000:.0f} ms per evaluation)")


if __name__ == "__main__":
    sys.exit(main())
