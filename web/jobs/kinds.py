"""What each kind of job does. Each runner gets (job, progress, tmp dir) and returns an Outcome.

Runners call ``progress(done, total, step)`` between items; that is where a cancellation is seen.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from jixiao.audit.formats import REPORT_SUFFIXES  # every format the audit reads
from openpyxl import Workbook

from .models import Job, Kind
from .runner import JobError, Outcome
from .xlsx import sheet

SUBMITTED = ("submitted", "under_review", "finalised")


def safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "文件"


def _d(value) -> str | None:
    return None if value is None else str(value)


# --------------------------------------------------------------------------- audit a batch of reports


def _zip_members(zf: zipfile.ZipFile, upload: str) -> list[zipfile.ZipInfo]:
    """The reports in an uploaded .zip, refusing archives that inflate beyond the limits."""
    members = [m for m in zf.infolist() if not m.is_dir() and Path(m.filename).suffix.lower() in REPORT_SUFFIXES
               and not Path(m.filename).name.startswith((".", "~$")) and "__MACOSX" not in m.filename]
    limit = settings.JOBS_MAX_UPLOAD_BYTES
    for m in members:
        if m.file_size > limit:
            raise JobError(f"{upload} 中的 {m.filename} 解压后 {m.file_size // (1024 * 1024)} MB，超过单个文件上限 "
                           f"{limit // (1024 * 1024)} MB")
    if sum(m.file_size for m in members) > 4 * limit:
        raise JobError(f"{upload} 解压后超过 {4 * limit // (1024 * 1024)} MB，请分批上传")
    return members


def _audit_items(job: Job) -> list[tuple[str, str, str | None]]:
    """(shown name, storage path, zip member or None) for every report to audit."""
    items: list[tuple[str, str, str | None]] = []
    for f in job.params.get("files", []):
        name, path = f["name"], f["path"]
        if name.lower().endswith(".zip"):
            try:
                with default_storage.open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
                    members = _zip_members(zf, name)
                    items += [(f"{name}/{m.filename}", path, m.filename) for m in members]
            except zipfile.BadZipFile:
                raise JobError(f"{name} 不是有效的 .zip 文件") from None
            if not members:
                raise JobError(f"{name} 中没有可审核的报告（{'、'.join(REPORT_SUFFIXES)}）")
        else:
            items.append((name, path, None))
    if len(items) > settings.JOBS_MAX_FILES:
        raise JobError(f"共 {len(items)} 份报告，超过一次最多 {settings.JOBS_MAX_FILES} 份，请分批上传")
    return items


def audit_items(items: list, first: int, tmp: Path, on_item) -> list[dict]:
    """Audit ``items`` (numbered from ``first``): one row per report, with its Markdown audit."""
    from jixiao.audit import ReadError, Severity, audit_file
    from jixiao.audit.render import render_markdown

    rows = []
    for n, (shown, path, member) in enumerate(items):
        i = first + n
        local = tmp / f"in-{i}{Path(member or shown).suffix.lower()}"
        with default_storage.open(path, "rb") as fh:
            if member is None:
                local.write_bytes(fh.read())
            else:
                with zipfile.ZipFile(fh) as zf:
                    local.write_bytes(zf.read(member))
        row = {"file": shown, "index": i}
        try:
            report = audit_file(local)
        except ReadError as exc:
            row["problem"] = str(exc).replace(str(local), shown)
        else:
            counts = report.counts()
            row.update(department=report.department or "", year=report.year, framework=report.framework_name or "",
                       claimed_total=_d(report.claimed_total), recomputed_total=_d(report.recomputed_total),
                       errors=counts[Severity.ERROR], warnings=counts[Severity.WARNING], infos=counts[Severity.INFO],
                       markdown=render_markdown(report).replace(str(local), shown))
        finally:
            local.unlink(missing_ok=True)
        rows.append(row)
        on_item(n + 1, shown)
    return rows


def audit_outcome(job: Job, rows: list[dict], tmp: Path) -> Outcome:
    """The result .zip of an audit: every report's audit and the summary table."""
    out = tmp / "out.zip"
    rows = sorted(rows, key=lambda r: r["index"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for r in rows:
            if r.get("markdown"):
                zout.writestr(f"审核结果/{r['index'] + 1:04d}-{safe_name(Path(r['file']).stem)}.md", r["markdown"])
        wb = Workbook()
        sheet(wb, "审核汇总", ["文件", "部门", "年度", "指标体系", "报告总分", "复算总分", "错误", "警告", "提示", "无法读取的原因"],
              [[r["file"], r.get("department"), r.get("year"), r.get("framework"),
                Decimal(r["claimed_total"]) if r.get("claimed_total") else None,
                Decimal(r["recomputed_total"]) if r.get("recomputed_total") else None,
                r.get("errors"), r.get("warnings"), r.get("infos"), r.get("problem")] for r in rows],
              widths=(40, 30, 8, 30, 10, 10, 8, 8, 8, 40))
        wb.save(tmp / "summary.xlsx")
        zout.write(tmp / "summary.xlsx", "审核汇总.xlsx")
    summary_rows = [{k: v for k, v in r.items() if k != "markdown"} for r in rows]
    return Outcome(out, f"审核结果-{job.pk}.zip", {"rows": summary_rows})


def run_audit(job: Job, progress, tmp: Path) -> Outcome:
    """Small batches run here; larger ones are split into parts of JOBS_PART_SIZE that any worker may run."""
    items = _audit_items(job)
    progress(0, len(items), "读取上传的文件")
    size = settings.JOBS_PART_SIZE
    if len(items) > size:
        from . import parts

        parts.plan(job, items, size)
        return Outcome(None, "", {}, deferred=True)
    rows = audit_items(items, 0, tmp, lambda n, shown: progress(n, None, f"已审核 {shown}"))
    return audit_outcome(job, rows, tmp)


# --------------------------------------------------------------------------- a district-year's documents


def _evaluations(job: Job, statuses: tuple[str, ...] | None = None):
    from evaluations.models import Evaluation

    qs = Evaluation.objects.filter(department__district_id=job.district_id, year=job.year).select_related("department")
    if statuses:
        qs = qs.filter(status__in=statuses)
    return list(qs.order_by("department__name"))


def run_reports(job: Job, progress, tmp: Path) -> Outcome:
    from evaluations import selectors
    from jixiao.writers.docx_report import build_report
    from jixiao.writers.xlsx_scores import build_workbook

    evaluations = _evaluations(job)
    if not evaluations:
        raise JobError(f"{job.district} {job.year} 年度没有任何部门的评价")
    reviewed = bool(job.params.get("reviewed"))
    progress(0, len(evaluations), "开始生成")
    out, rows = tmp / "out.zip", []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for i, ev in enumerate(evaluations):
            own, rev, data, reviews = selectors.scorecards(ev)
            card = rev if reviewed and reviews else own
            label = "复核" if card is not own else "自评"
            folder = safe_name(ev.department.name)
            doc = tmp / "r.docx"
            build_report(card, data, reviewed=card is not own).save(doc)
            zout.write(doc, f"{folder}/{ev.year}-{folder}-自评报告（{label}）.docx")
            book = tmp / "s.xlsx"
            build_workbook(card, data).save(book)
            zout.write(book, f"{folder}/{ev.year}-{folder}-评分表（{label}）.xlsx")
            rows.append({"department": ev.department.name, "evaluation": ev.pk, "total": str(card.total),
                         "grade": card.grade or "", "complete": card.complete, "label": label})
            progress(i + 1, None, f"已生成 {ev.department.name}")
    name = f"{job.year}-{safe_name(str(job.district))}-自评报告和评分表.zip"
    return Outcome(out, name, {"rows": rows})


# --------------------------------------------------------------------------- rescore under another framework


def run_rescore(job: Job, progress, tmp: Path) -> Outcome:
    """The district-year under another framework: :func:`jixiao.rescore.rescore` (the library's one
    definition, as the 指标体系调整测算 page uses it), fed one evaluation at a time so that progress and
    cancellation are seen between departments; the result is the library's comparison workbook."""
    from evaluations import selectors
    from jixiao.frameworks import FrameworkError
    from jixiao.io.inputs import InputError
    from jixiao.rescore import DepartmentRescore, rescore
    from jixiao.writers.rescore_xlsx import write_rescore_xlsx

    ident = job.params.get("framework_id", "")
    try:
        fw = selectors.framework(ident)
    except FrameworkError as exc:
        raise JobError(f"指标体系 {ident} 无法载入：{'；'.join(exc.problems)}") from None
    evaluations = _evaluations(job)
    if not evaluations:
        raise JobError(f"{job.district} {job.year} 年度没有任何部门的评价")
    progress(0, len(evaluations), "开始重新评分")
    fed: list = []  # the evaluations whose input went in, in the order of the library's rows
    unreadable: list[tuple] = []  # (evaluation, why its stored data cannot be read)

    def inputs():
        for i, ev in enumerate(evaluations):
            if i:
                progress(i, None, f"已评分 {evaluations[i - 1].department.name}")
            try:
                data = selectors.input_of(ev)
            except InputError as exc:
                unreadable.append((ev, [str(p) for p in exc.problems]))
                continue
            fed.append(ev)
            yield data.model_copy(update={"framework": ev.framework_id})

    result = rescore(inputs(), fw, resolve=selectors.framework)
    progress(len(evaluations), None, "写出对照表")
    pairs = list(zip(fed, result.rows))
    for ev, problems in unreadable:  # in the workbook too, with why
        row = DepartmentRescore(department=ev.department.name, year=ev.year, old_framework=ev.framework_id,
                                old_total=None, old_grade=None, old_complete=False, new_total=None, new_grade=None,
                                new_complete=False, problems=[f"保存的数据无法读取：{p}" for p in problems])
        result.rows.append(row)
        pairs.append((ev, row))
    rows = [{"department": ev.department.name, "evaluation": ev.pk, "framework": r.old_framework,
             "total": _d(r.old_total), "grade": r.old_grade or "", "old_complete": r.old_complete,
             "new_total": _d(r.new_total), "new_grade": r.new_grade or "", "complete": r.new_complete,
             "change": _d(r.change), "moved": len(r.moved), "dropped": r.dropped_judgements,
             "problems": r.problems} for ev, r in pairs]
    path = tmp / "rescore.xlsx"
    write_rescore_xlsx(result, path)
    return Outcome(path, f"{job.year}-{safe_name(str(job.district))}-按{safe_name(fw.id)}重新评分.xlsx",
                   {"rows": rows, "framework": fw.id, "framework_name": fw.name})


# --------------------------------------------------------------------------- the 复核 triage queue


def _evidence(evaluations) -> tuple[dict[int, set[str]], dict[int, list[str]]]:
    """Per evaluation: the indicators with a 佐证材料 file attached (not removed), and those whose evidence
    the reviewer asked for at the latest 退回."""
    from evaluations.models import Action, Evidence, HistoryEntry

    ids = [ev.pk for ev in evaluations]
    evidenced: dict[int, set[str]] = {}
    for ev_id, ident in Evidence.objects.filter(evaluation_id__in=ids, removed_at__isnull=True).values_list(
            "evaluation_id", "indicator_id"):
        evidenced.setdefault(ev_id, set()).add(ident)
    asked: dict[int, list[str]] = {}
    for entry in HistoryEntry.objects.filter(evaluation_id__in=ids, action=Action.RETURNED).order_by("at", "id"):
        asked[entry.evaluation_id] = list(entry.details.get("evidence", ()))  # the latest return wins
    return evidenced, asked


def run_triage(job: Job, progress, tmp: Path) -> Outcome:
    from evaluations import selectors
    from jixiao.core.engine import InvalidInput
    from jixiao.triage import draw_sample, rank, triage_one

    from .models import SampleDraw

    evaluations = _evaluations(job, SUBMITTED)
    if not evaluations:
        raise JobError(f"{job.district} {job.year} 年度没有已提交的评价")
    progress(0, len(evaluations), "开始排查")
    entries, problems = [], []
    audit = bool(job.params.get("audit", True))
    evidenced, asked = _evidence(evaluations)
    for i, ev in enumerate(evaluations):
        claimed = {s.indicator_id: s.self_score for s in ev.indicator_scores.all() if s.self_score is not None}
        try:
            entry = triage_one(selectors.framework(ev.framework_id), selectors.input_of(ev), claimed_total=ev.total,
                               claimed_scores=claimed, audit=audit, ref=ev.pk, evidenced=evidenced.get(ev.pk, set()),
                               evidence_asked=asked.get(ev.pk, ()))
            entry.department = ev.department.name  # as the organisation names it now
            entries.append(entry)
        except InvalidInput as exc:
            problems.append(f"{ev.department.name}：" + "；".join(str(p) for p in exc.problems))
        progress(i + 1, None, f"已排查 {ev.department.name}")
    ranked = rank(entries)
    riskiest, random_count = int(job.params.get("riskiest", 0)), int(job.params.get("random", 0))
    seed = int(job.params["seed"])
    draw = draw_sample(ranked, riskiest, random_count, seed)
    chosen = set(draw.chosen)
    queue = [{"rank": e.rank, "department": e.department, "evaluation": e.ref, "total": _d(e.total), "grade": e.grade or "",
              "points": str(e.points_at_risk), "serious": e.serious,
              "sample": ("risk" if e.department in draw.riskiest else "random" if e.department in chosen else ""),
              "signals": [{"label": s.label, "points": str(s.points), "reason": s.reason}
                          for s in sorted(e.signals, key=lambda s: (-s.points, not s.serious))]} for e in ranked]
    if riskiest or random_count:
        SampleDraw.objects.filter(job=job).exists() or SampleDraw.objects.create(
            job=job, district_id=job.district_id, year=job.year, riskiest=riskiest, random_count=random_count, seed=seed,
            population=[e.department for e in ranked], chosen={"riskiest": list(draw.riskiest), "random": list(draw.random)},
            drawn_by=job.owner)
    wb = Workbook()
    sheet(wb, "复核排查队列", ["排名", "部门", "自评总分", "等级", "风险分", "抽查", "理由"],
          [[q["rank"], q["department"], Decimal(q["total"]) if q["total"] else None, q["grade"], Decimal(q["points"]),
            {"risk": "按风险抽中", "random": "随机抽中"}.get(q["sample"], ""),
            "\n".join(f"{s['reason']}" for s in q["signals"])] for q in queue],
          widths=(6, 34, 10, 6, 8, 12, 100))
    sheet(wb, "抽查记录", ["项目", "内容"], [
        ["区", str(job.district)], ["年度", job.year], ["按风险抽取", riskiest], ["随机抽取", random_count],
        ["随机种子", str(seed)], ["按风险抽中", "、".join(draw.riskiest)], ["随机抽中", "、".join(draw.random)],
        ["候选部门数", len(ranked)]], widths=(14, 100))
    if problems:
        sheet(wb, "未能排查", ["原因"], [[p] for p in problems], widths=(120,))
    path = tmp / "triage.xlsx"
    wb.save(path)
    summary = {"queue": queue, "problems": problems, "seed": seed, "riskiest": list(draw.riskiest),
               "random": list(draw.random), "audit": audit, "points_format": "0.00"}
    return Outcome(path, f"{job.year}-{safe_name(str(job.district))}-复核排查队列.xlsx", summary)


RUNNERS = {Kind.AUDIT: run_audit, Kind.REPORTS: run_reports, Kind.RESCORE: run_rescore, Kind.TRIAGE: run_triage}
