"""Jobs on the real queue: batch audit with 1 and 2 workers, a district's reports, a district's triage.

    .venv/bin/python benchmarks/bench_jobs.py                    # 200 PDFs, 200 departments, 200 evaluations
    .venv/bin/python benchmarks/bench_jobs.py --reports 40 --departments 40 --evaluations 40   # a quick run
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python benchmarks/bench_jobs.py   # Redis broker (else embedded)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench_jobs …              # a fresh database on PostgreSQL

Everything runs in a fresh instance folder (SQLite database, embedded queue, file store) under /tmp,
or in a fresh PostgreSQL database when DATABASE_URL is given (the database is dropped and created).
Workers are real `celery -A jixiao_web worker --pool=solo` processes, started and stopped here. Each
figure is the wall time from submitting the job to its row saying 已完成 (worker start-up excluded),
and the CPU time the workers spent on it (read from /proc for each worker process, same interval) plus
this process's own: the machine is shared, so the CPU figure is the steadier one.

1. Audit: ``--distinct`` different 自评报告 (default: as many as ``--reports``) are generated from
   jixiao.synth department-years and turned into PDF by LibreOffice, once: they are kept in the cache
   folder ``--cache`` (default ``benchmarks/.cache/``) keyed by count, projects and seed, and reused by
   later runs (making 200 PDFs takes minutes; it is never timed). With fewer distinct PDFs than
   reports, they are copied under different names. The ``--reports`` files are uploaded as one .zip:
   one job, split into parts of JOBS_PART_SIZE reports that any worker takes. Timed with one worker
   process, then with two; prints reports per second and the ratio.
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
    p.add_argument("--distinct", type=int, default=0, help="different PDFs among them (default: all different)")
    p.add_argument("--cache", type=Path, default=ROOT / "benchmarks" / ".cache",
                   help="folder where the generated PDFs are kept between runs (default benchmarks/.cache)")
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
    args.distinct = min(args.distinct or args.reports, args.reports)
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


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and of its children it has waited for, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")


def _run(job_factory, workers: int, timeout: float = 3600) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of the workers and of this process, the finished job)."""
    from jobs.models import Job, JobStatus

    pool = Workers(workers)
    try:
        cpu0 = sum(_cpu_seconds(p.pid) for p in pool.procs) + time.process_time()
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
        cpu = sum(_cpu_seconds(p.pid) for p in pool.procs) + time.process_time() - cpu0
    finally:
        pool.stop()
    if job.status != JobStatus.DONE:
        raise SystemExit(f"job {job.pk} {job.status}: {job.error}")
    return elapsed, cpu, job


# --------------------------------------------------------------------------- the three figures


def _pdfs(args) -> bytes:
    """The .zip of ``--reports`` PDFs; the distinct PDFs come from the cache folder, made there when missing."""
    folder = args.cache / f"pdfs-{args.distinct}x{args.projects}p-seed5"
    done = folder / "complete"
    if done.exists():
        made = sorted(folder.glob("*.pdf"))
        print(f"  (set-up: {len(made)} distinct PDFs taken from the cache {folder}, made by an earlier run)")
    else:
        made = _make_pdfs(args, folder)
        done.write_text("ok\n")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(args.reports):
            zf.writestr(f"报告/{i:04d}.pdf", made[i % len(made)].read_bytes())
    return packed.getvalue()


def _make_pdfs(args, folder: Path) -> list[Path]:
    """Generate the distinct reports (.docx) and convert them with one LibreOffice run per 25 files."""
    from jixiao import synth
    from jixiao.core.engine import score
    from jixiao.frameworks import load_framework
    from jixiao.writers.docx_report import build_report
    from jixiao.writers.pdf import FONTS_CONF, find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise SystemExit("the audit benchmark needs LibreOffice (apt-get install libreoffice-writer-nogui fonts-noto-cjk)")
    shutil.rmtree(folder, ignore_errors=True)
    docx_dir = folder / "docx"
    docx_dir.mkdir(parents=True)
    fw = load_framework("shenzhen-common")
    t0 = time.perf_counter()
    docs = []
    for i, data in enumerate(synth.generate_many(fw, departments=args.distinct, years=(2024,), seed=5,
                                                 projects=args.projects)):
        docx = docx_dir / f"r{i:04d}.docx"
        build_report(score(fw, data), data).save(docx)
        docs.append(docx)
    for k in range(0, len(docs), 25):
        with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as profile:
            env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=profile)
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", str(folder), *map(str, docs[k:k + 25])],
                           env=env, capture_output=True, timeout=1800, check=False)
    made = sorted(folder.glob("*.pdf"))
    if len(made) != len(docs):
        raise SystemExit(f"LibreOffice made {len(made)} of {len(docs)} PDFs in {folder}")
    shutil.rmtree(docx_dir)
    print(f"  (set-up: {len(made)} distinct PDFs made by LibreOffice in {time.perf_counter() - t0:.0f} s, "
          f"not counted; kept in the cache {folder} for later runs)")
    return made


def _bench_audit(args, owner, instance: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobs import services

    packed = _pdfs(args)
    rates, cpu_rates = {}, {}
    for n in (1, 2):
        elapsed, cpu, job = _run(lambda: services.create(kind="audit", owner=owner, uploads=[
            SimpleUploadedFile("reports.zip", packed)]), n)
        rows = job.summary["rows"]
        bad = [r for r in rows if r.get("problem")]
        assert len(rows) == args.reports and not bad, bad[:3]
        rates[n] = args.reports / elapsed
        cpu_rates[n] = args.reports / cpu
        print(f"audit {args.reports} PDF reports, {n} worker{'s' if n > 1 else ''}: {elapsed:.1f} s, "
              f"{rates[n]:.2f} reports/s; CPU {cpu:.1f} s ({cpu / args.reports * 1000:.0f} ms CPU per report)")
    print(f"audit speed-up with 2 workers: {rates[2] / rates[1]:.2f}× by wall time (ideal 2.00 on 2 free cores); "
          f"CPU per report 1 worker / 2 workers: {cpu_rates[2] / cpu_rates[1]:.2f} (1.00 = no overhead from sharing)")
    load = os.getloadavg()
    print(f"  (load average now {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs: other work shares them)")


def _bench_reports(args, owner, district) -> None:
    from jobs import services

    elapsed, cpu, job = _run(lambda: services.create(kind="reports", owner=owner, district=district, year=2024), 1)
    assert len(job.summary["rows"]) == args.departments
    print(f"reports of a district of {args.departments} departments (.docx + .xlsx, one .zip), 1 worker: {elapsed:.1f} s "
          f"({elapsed / args.departments * 1000:.0f} ms per department); CPU {cpu:.1f} s")


def _bench_triage(args, owner, district) -> None:
    from evaluations.models import Evaluation, Status
    from jobs import services

    keep = list(Evaluation.objects.filter(department__district=district).order_by("pk").values_list("pk", flat=True))
    Evaluation.objects.filter(pk__in=keep[args.evaluations:]).update(status=Status.DRAFT)
    elapsed, cpu, job = _run(lambda: services.start_triage(owner=owner, district=district, year=2024, riskiest=10,
                                                      random_count=10, seed=1, audit=args.triage_audit), 1)
    assert len(job.summary["queue"]) == args.evaluations
    what = "with each generated report audited" if args.triage_audit else "without auditing the reports"
    print(f"triage of {args.evaluations} evaluations ({what}), 1 worker: {elapsed:.1f} s "
          f"({elapsed / args.evaluations * 1000:.0f} ms per evaluation); CPU {cpu:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
