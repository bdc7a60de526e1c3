"""The audit in the browser: a reviewer audits a published report (uploaded) or the report this
system generates, and turns findings into review notes.

Only what every audit finding has is relied on — severity, code, message, evidence — and
whatever else a finding carries (indicator, claimed, recomputed) is shown when present, so the
audit's own internals may change without this page changing.
"""

from __future__ import annotations

import tempfile
from io import BytesIO
from pathlib import Path, PurePath
from typing import Any

from django.db import transaction

from jixiao.audit.formats import REPORT_SUFFIXES
from jixiao.problems import Problem, Where

from . import selectors
from .models import Action, AuditRun, Evaluation, ReviewNote
from .services import Problems, _bump, _history

SUFFIXES = REPORT_SUFFIXES  # every format the audit reads
MAX_BYTES = 30 * 1024 * 1024


def _text(value: Any) -> str:
    if value is None:
        return ""
    return format(value, "f") if hasattr(value, "as_tuple") else str(value)


def _evidence(ev: Any) -> dict[str, str]:
    loc = getattr(ev, "loc", None)
    where = getattr(loc, "place", "") if loc is not None else ""
    return {"where": where or "", "text": _text(getattr(ev, "text", "")) or ("" if where else str(ev))}


def _finding(f: Any) -> dict[str, Any]:
    severity = getattr(f, "severity", None)
    return {
        "severity": getattr(severity, "value", str(severity or "")),
        "severity_label": getattr(severity, "label", str(severity or "")),
        "code": _text(getattr(f, "code", "")),
        "message": _text(getattr(f, "message", "")),
        "indicator": _text(getattr(f, "indicator", "")),
        "claimed": _text(getattr(f, "claimed", "")),
        "recomputed": _text(getattr(f, "recomputed", "")),
        "evidence": [_evidence(e) for e in getattr(f, "evidence", ()) or ()],
    }


def summarise(report: Any) -> dict[str, Any]:
    """An AuditReport as plain JSON-ready data (numbers as text)."""
    findings = [_finding(f) for f in getattr(report, "findings", ())]
    counts: dict[str, int] = {}
    for f in findings:
        counts[f["severity_label"]] = counts.get(f["severity_label"], 0) + 1
    return {
        "framework": _text(getattr(report, "framework_name", "")),
        "department": _text(getattr(report, "department", "")),
        "year": _text(getattr(report, "year", "")),
        "claimed_total": _text(getattr(report, "claimed_total", None)),
        "recomputed_total": _text(getattr(report, "recomputed_total", None)),
        "notes": [_text(n) for n in getattr(report, "notes", ()) or ()],
        "findings": findings, "counts": counts,
    }


def _run(path: Path, evaluation: Evaluation):
    """Audit the file as a report of this evaluation: its framework is preferred over a near variant."""
    from jixiao.audit import ReadError, audit_file

    try:
        return audit_file(path, known_framework=evaluation.framework_id)
    except ReadError as exc:
        raise Problems([Problem(Where(), f"无法读取该文件：{exc}")]) from None


@transaction.atomic
def audit_upload(*, evaluation: Evaluation, upload, actor) -> AuditRun:
    name = PurePath(upload.name or "").name[:200]
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Problems([Problem(Where(), f"“{name}”不能审查：请上传 PDF、Word、Excel、网页或文本格式的自评报告（{', '.join(SUFFIXES)}）")])
    if upload.size > MAX_BYTES:
        raise Problems([Problem(Where(), f"“{name}”超过 {MAX_BYTES // 1024 // 1024} MB 的上限")])
    with tempfile.TemporaryDirectory(prefix="jixiao-audit-") as tmp:
        path = Path(tmp) / f"report{suffix}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        report = _run(path, evaluation)
    return _record(evaluation, "upload", name, summarise(report), actor)


@transaction.atomic
def audit_generated(*, evaluation: Evaluation, actor, reviewed: bool = False) -> AuditRun:
    """Audit the 自评报告 this system writes for the evaluation (self-scored, or reviewed)."""
    from jixiao.writers.docx_report import build_report

    own, card_reviewed, data, reviews = selectors.scorecards(evaluation)
    card = card_reviewed if reviewed and reviews else own
    buffer = BytesIO()
    build_report(card, data, reviewed=card is not own).save(buffer)
    with tempfile.TemporaryDirectory(prefix="jixiao-audit-") as tmp:
        path = Path(tmp) / "report.docx"
        path.write_bytes(buffer.getvalue())
        report = _run(path, evaluation)
    label = "复核" if card is not own else "自评"
    return _record(evaluation, "generated", f"本系统生成的自评报告（{label}）", summarise(report), actor)


def _record(evaluation: Evaluation, source: str, name: str, result: dict, actor) -> AuditRun:
    run = AuditRun.objects.create(evaluation=evaluation, source=source, name=name, result=result, by=actor)
    counts = "，".join(f"{k} {v} 项" for k, v in result["counts"].items()) or "未发现问题"
    _history(evaluation, actor=actor, action=Action.AUDITED, summary=f"审查报告“{name}”：{counts}",
             details={"audit": run.pk})
    return run


@transaction.atomic
def note_from_finding(*, run: AuditRun, index: int, actor, text: str = "") -> ReviewNote:
    """A finding becomes a review note on its indicator (when the audit names one this framework has)."""
    findings = run.result.get("findings", [])
    if not 0 <= index < len(findings):
        raise Problems([Problem(Where(), "没有这条审查发现")])
    f = findings[index]
    evaluation = run.evaluation
    names = {name: ident for ident, name in evaluation.indicator_scores.values_list("indicator_id", "name")}
    indicator = names.get(f.get("indicator") or "", "")
    where = "；".join(e["where"] + ("：" + e["text"] if e["text"] else "") for e in f.get("evidence", []) if e["where"] or e["text"])
    body = text.strip() or f"报告审查（{run.name}）：{f['message']}" + (f"（出处：{where}）" if where else "")
    note = ReviewNote.objects.create(evaluation=evaluation, indicator_id=indicator, text=body, author=actor, audit=run)
    _bump(evaluation)
    _history(evaluation, actor=actor, action=Action.NOTED, summary=f"复核意见：{body}",
             details={"audit": run.pk, "finding": index, "indicator": indicator})
    return note
