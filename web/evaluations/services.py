"""Writes: every change goes through here, in a transaction, with a history entry."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import ValidationError

from jixiao.core.checks import check_input
from jixiao.core.figures import quarterly_progress
from jixiao.core.inputs import DepartmentYear
from jixiao.core.numbers import fmt_score, parse_decimal
from jixiao.core.scorecard import Status as ScoreStatus
from jixiao.io.errors import dotted, iter_errors, message_for
from jixiao.io.excel_import import _partial as partial_input
from jixiao.io.excel_import import hidden_row_problems
from jixiao.io.inputs import InputError
from jixiao.problems import Problem, Where

from accounts.models import Department

from . import selectors, wording
from .models import Action, Evaluation, Evidence, HistoryEntry, IndicatorScore, Review, Status

FIELD_LABELS = {
    "department": "部门", "year": "年度", "district": "所属区", "unit": "金额单位", "budget": "部门预算",
    "quarterly": "季度进度", "three_public": "“三公”经费", "public_funds": "日常公用经费", "procurement": "政府采购",
    "assets": "固定资产", "staffing": "人员编制", "projects": "二级项目", "project_completion": "项目完成数",
    "key_tasks": "重点工作", "petitions": "群众信访", "satisfaction_pct": "满意度", "targets": "绩效指标",
    "judgements": "评判项", "narrative": "报告文字", "prior_year": "上年度数字", "framework": "指标体系",
}


class Problems(Exception):
    """User-data problems (:class:`jixiao.problems.Problem`), all at once. Nothing was saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("；".join(map(str, problems)))


class Conflict(Problems):
    """The form was filled from an older version: someone saved in between. Nothing was saved."""


EDITABLE = (Status.DRAFT, Status.RETURNED)
REVIEWABLE = (Status.SUBMITTED, Status.UNDER_REVIEW)


def _lock(evaluation: Evaluation, statuses: tuple[str, ...], doing: str) -> None:
    """Re-read ``evaluation`` inside the caller's transaction with its row locked, and refuse if its
    status no longer allows ``doing`` (a submit or a review may have landed since the page was read).

    PostgreSQL: SELECT … FOR UPDATE makes a second writer wait here. SQLite: the transaction is
    IMMEDIATE (settings), so it holds the database's write lock from its first statement.
    """
    evaluation.refresh_from_db(from_queryset=Evaluation.objects.select_for_update())
    if evaluation.status not in statuses:
        raise Problems([Problem.at("", f"本评价现在是“{evaluation.get_status_display()}”状态，不能{doing}"
                                       f"（可能刚被他人提交、退回或定稿，请刷新页面）")])


def _bump(evaluation: Evaluation, *fields: str) -> None:
    evaluation.version += 1
    evaluation.save(update_fields=[*fields, "version", "updated_at"])


def _history(evaluation: Evaluation, **fields: Any) -> HistoryEntry:
    details = dict(fields.pop("details", None) or {}, version=evaluation.version)
    return HistoryEntry.objects.create(evaluation=evaluation, details=details, **fields)


def changes_since(evaluation: Evaluation, version: int) -> list[HistoryEntry]:
    """The history entries written after ``version`` of the evaluation (what a stale form missed)."""
    return [h for h in evaluation.history.select_related("actor").order_by("at", "id")
            if isinstance(h.details, dict) and isinstance(h.details.get("version"), int) and h.details["version"] > version]


def validate(evaluation: Evaluation, raw: dict[str, Any]) -> DepartmentYear:
    raw = dict(raw, department=evaluation.department.name, year=evaluation.year, framework=evaluation.framework_id)
    if not raw.get("district"):
        raw["district"] = evaluation.department.district.name  # 所属区 is known: the department's
    problems: list[Problem] = []
    data: DepartmentYear | None = None
    try:
        data = DepartmentYear.model_validate(raw)
    except ValidationError as exc:
        problems += [Problem.at(dotted(loc), message_for(err), err.get("input") if err["type"] != "missing" else None)
                     for loc, err in iter_errors(exc)]
        problems += [Problem.at(where, message_for(err)) for where, err in hidden_row_problems(raw)]
    # Every problem at once: when some fields do not validate, the framework checks still run on the
    # answers and targets that do (scores above their maximum, checklists, target weights, 档次).
    checked = data if data is not None else partial_input(raw)
    if checked is not None:
        seen = {p.field for p in problems}
        problems += [p for p in check_input(selectors.framework(evaluation.framework_id), checked) if p.field not in seen]
    if problems:
        raise Problems(problems)
    assert data is not None
    return data


def _stored(data: DepartmentYear) -> dict[str, Any]:
    return data.model_dump(mode="json", exclude_none=True)


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    keys = sorted(set(before) | set(after), key=lambda k: list(FIELD_LABELS).index(k) if k in FIELD_LABELS else 99)
    return [FIELD_LABELS.get(k, k) for k in keys if before.get(k) != after.get(k)]


FIELD_CHANGES_KEPT = 300  # per save; the count of all of them is kept too


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(v, f"{path}.{k}" if path else str(k)))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for i, v in enumerate(value):
            out.update(_flat(v, f"{path}[{i}]"))
        return out
    return {path: value}


def _shown(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_shown(v) for v in value)
    return str(value)


def field_changes(before: dict[str, Any], after: dict[str, Any], fw=None) -> list[dict[str, str]]:
    """Every field whose value changed: its place in Chinese, old → new (as stored: exact text)."""
    old, new = _flat(before), _flat(after)
    out = []
    for path in list(old) + [p for p in new if p not in old]:
        if path in ("department", "year", "framework") or old.get(path) == new.get(path):
            continue
        out.append({"field": path, "label": wording.place(path, fw), "old": _shown(old.get(path)),
                    "new": _shown(new.get(path))})
    return out


_RATE_LIMIT = Decimal(1000)  # the q1–q4 columns hold up to 999.999999 (RATE in models.py)


def _rate_column(value: Decimal | None) -> Decimal | None:
    """A progress fraction for a cached column: None when there is none or it does not fit. The input
    rules keep progress within 150%; this keeps a row written before them from breaking every list."""
    if value is None or not value.is_finite() or not -_RATE_LIMIT < value < _RATE_LIMIT:
        return None
    return value.quantize(Decimal("0.000001"))


def rescore(evaluation: Evaluation) -> None:
    """Rebuild the cached scores of one evaluation from its input and reviews."""
    own, reviewed, data, _ = selectors.scorecards(evaluation)
    evaluation.total = own.total
    evaluation.grade = own.grade or ""
    evaluation.complete = own.complete
    has_reviews = reviewed is not own
    evaluation.reviewed_total = reviewed.total if has_reviews else None
    evaluation.reviewed_grade = (reviewed.grade or "") if has_reviews else ""
    progress = quarterly_progress(data)
    for n in (1, 2, 3, 4):
        setattr(evaluation, f"q{n}", _rate_column(progress.get(n)))
    evaluation.save(update_fields=["total", "grade", "complete", "reviewed_total", "reviewed_grade",
                                   "q1", "q2", "q3", "q4", "updated_at"])
    evaluation.indicator_scores.all().delete()
    reviewed_by_id = {leaf.id: leaf for leaf in reviewed.leaves()}
    IndicatorScore.objects.bulk_create(
        IndicatorScore(
            evaluation=evaluation, position=i, indicator_id=leaf.id, name=leaf.name, path=".".join(leaf.path),
            max=leaf.max, self_score=leaf.score,
            reviewed_score=reviewed_by_id[leaf.id].score if has_reviews else None,
            status=leaf.status.value,
        )
        for i, leaf in enumerate(own.leaves())
    )


@transaction.atomic
def create_evaluation(*, department: Department, year: int, framework_id: str, actor, data: dict | None = None,
                      action: str = Action.CREATED) -> Evaluation:
    selectors.framework(framework_id)  # raises FrameworkError for an unknown id
    if Evaluation.objects.filter(department=department, year=year).exists():
        raise Problems([Problem.at("year", f"{department.name} {year} 年度的评价已存在", year)])
    evaluation = Evaluation(department=department, year=year, framework_id=framework_id)
    stored = _stored(validate(evaluation, data or {}))
    evaluation.data = stored
    try:
        with transaction.atomic():  # two fillers creating the same year at once: one wins, one is told
            evaluation.save()
    except IntegrityError:
        raise Problems([Problem.at("year", f"{department.name} {year} 年度的评价已存在")]) from None
    _history(evaluation, actor=actor, action=action, summary=f"新建 {year} 年度评价（{selectors.framework(framework_id).name}）")
    rescore(evaluation)
    return evaluation


@transaction.atomic
def save_input(*, evaluation: Evaluation, raw: dict[str, Any], actor, action: str = Action.SAVED,
               note: str = "", based_on: int | None = None) -> list[str]:
    """Validate and save; raises :class:`Problems` with every problem, saving nothing.

    ``based_on`` is the version the form was filled from: if another save came in between, nothing
    is saved and :class:`Conflict` says who changed what (the form keeps the typed values).
    """
    _lock(evaluation, EDITABLE, "修改数据")
    if based_on is not None and based_on != evaluation.version:
        missed = changes_since(evaluation, based_on)
        said = "；".join(f"{timezone.localtime(h.at):%H:%M} {h.actor.get_username()} {h.summary}" for h in missed[-5:])
        raise Conflict([Problem.at("", "未保存：您打开此页后，本评价已被修改" + (f"（{said}）" if said else "")
                                       + "。您填写的内容仍在表中：请核对上述改动后再保存（再次保存将以您的内容为准）")])
    data = validate(evaluation, raw)
    before = evaluation.data
    after = _stored(data)
    changed = _changed(before, after)
    evaluation.data = after
    _bump(evaluation, "data")
    summary = ("修改了：" + "、".join(changed)) if changed else "保存（无改动）"
    fields = field_changes(before, after, selectors.framework(evaluation.framework_id))
    _history(evaluation, actor=actor, action=action, summary=summary, reason=note,
             details={"changed": changed, "fields": fields[:FIELD_CHANGES_KEPT], "fields_total": len(fields)})
    rescore(evaluation)
    return changed


def _transition(evaluation: Evaluation, to: str, *, actor, action: str, summary: str, reason: str = "") -> None:
    evaluation.status = to
    _bump(evaluation, "status")
    _history(evaluation, actor=actor, action=action, summary=summary, reason=reason)


@transaction.atomic
def submit(*, evaluation: Evaluation, actor) -> None:
    _lock(evaluation, EDITABLE, "提交")
    own, _, _, _ = selectors.scorecards(evaluation)
    if not own.complete:
        names = "、".join(leaf.name for leaf in own.leaves() if leaf.status is ScoreStatus.MISSING)
        raise Problems([Problem(Where(), f"以下指标缺少数据，补齐后才能提交：{names}")])
    _transition(evaluation, Status.SUBMITTED, actor=actor, action=Action.SUBMITTED,
                summary=f"提交复核（自评 {fmt_score(own.total)} 分，{own.grade}）")


@transaction.atomic
def withdraw(*, evaluation: Evaluation, actor) -> None:
    """The filler takes a submission back before the review has started (已提交 → 草稿)."""
    evaluation.refresh_from_db(from_queryset=Evaluation.objects.select_for_update())
    if evaluation.status != Status.SUBMITTED:
        raise Problems([Problem(Where(), "复核已经开始，不能撤回；如需修改请联系复核人退回")])
    _transition(evaluation, Status.DRAFT, actor=actor, action=Action.WITHDRAWN, summary="撤回已提交的评价，改回草稿")


def _ensure_review_started(evaluation: Evaluation, actor) -> None:
    if evaluation.status == Status.SUBMITTED:
        _transition(evaluation, Status.UNDER_REVIEW, actor=actor, action=Action.REVIEW_STARTED, summary="开始复核")


@transaction.atomic
def review_indicator(*, evaluation: Evaluation, indicator_id: str, score: str, reason: str, actor) -> Review:
    _lock(evaluation, REVIEWABLE, "复核")
    own, _, _, _ = selectors.scorecards(evaluation)
    leaf = next((leaf for leaf in own.leaves() if leaf.id == indicator_id), None)
    if leaf is None:
        raise Problems([Problem.at("indicator", f"没有指标 '{indicator_id}'", indicator_id)])
    problems = []
    try:
        value = parse_decimal(score)
    except (ValueError, InvalidOperation) as exc:
        problems.append(Problem.at("score", str(exc), score))
        value = None
    if value is not None and not (0 <= value <= leaf.max):
        problems.append(Problem.at("score", f"复核得分应在 0～{fmt_score(leaf.max)} 之间，读到 {score}", score))
    if value is not None and value != value.quantize(Decimal("0.01")):
        problems.append(Problem.at("score", "复核得分最多保留两位小数", score))
    if not reason.strip():
        problems.append(Problem.at("reason", "请写明复核理由"))
    if problems:
        raise Problems(problems)
    _ensure_review_started(evaluation, actor)
    review = Review.objects.create(evaluation=evaluation, indicator_id=indicator_id, score=value,
                                   reason=reason.strip(), reviewer=actor, self_score=leaf.score,
                                   basis=selectors.basis(leaf))
    _bump(evaluation)
    _history(
        evaluation, actor=actor, action=Action.REVIEWED,
        summary=f"复核“{leaf.name}”：自评 {fmt_score(leaf.score)} 分 → 复核 {fmt_score(value)} 分",
        reason=reason.strip(), details={"indicator": indicator_id, "self": str(leaf.score), "reviewed": str(value)},
    )
    rescore(evaluation)
    return review


@transaction.atomic
def return_evaluation(*, evaluation: Evaluation, reason: str, actor, evidence_for: list[str] | tuple = ()) -> None:
    """Back to the filler with a reason; ``evidence_for``: indicators whose 佐证材料 the reviewer asks for."""
    if not reason.strip():
        raise Problems([Problem.at("reason", "退回须写明原因")])
    _lock(evaluation, REVIEWABLE, "退回")
    names = dict(evaluation.indicator_scores.values_list("indicator_id", "name"))
    unknown = [i for i in evidence_for if i not in names]
    if unknown:
        raise Problems([Problem.at("evidence", f"没有指标 '{i}'", i) for i in unknown])
    asked = [i for i in names if i in set(evidence_for)]
    summary = "退回修改" + (f"，须补充佐证材料：{'、'.join(names[i] for i in asked)}" if asked else "")
    evaluation.status = Status.RETURNED
    _bump(evaluation, "status")
    _history(evaluation, actor=actor, action=Action.RETURNED, summary=summary, reason=reason.strip(),
             details={"evidence": asked, "evidence_names": [names[i] for i in asked]} if asked else {})


@transaction.atomic
def finalise(*, evaluation: Evaluation, actor, reason: str = "") -> None:
    _lock(evaluation, REVIEWABLE, "定稿")
    _ensure_review_started(evaluation, actor)
    _transition(evaluation, Status.FINALISED, actor=actor, action=Action.FINALISED,
                summary=f"定稿（复核总分 {fmt_score(evaluation.reviewed_total or evaluation.total)} 分）", reason=reason)


def import_workbook(*, evaluation: Evaluation, upload, actor) -> list[str]:
    """An uploaded Excel template → saved input. Problems carry sheet!cell."""
    import tempfile
    from pathlib import Path

    from jixiao.io.excel_template import import_workbook as read_workbook

    fw = selectors.framework(evaluation.framework_id)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        try:
            data = read_workbook(path, fw)
        except InputError as exc:
            raise Problems([p.moved(file=upload.name) if p.where.file else p for p in exc.problems]) from None
    if (data.department, data.year) != (evaluation.department.name, evaluation.year):
        raise Problems([Problem(Where(), f"表中是 {data.department} {data.year} 年度，与本评价（{evaluation}）不符")])
    return save_input(evaluation=evaluation, raw=data.model_dump(mode="python", exclude_none=True), actor=actor,
                      action=Action.IMPORTED, note=upload.name)


def _leaf_name(evaluation: Evaluation, indicator_id: str) -> str | None:
    row = evaluation.indicator_scores.filter(indicator_id=indicator_id).values_list("name", flat=True).first()
    return row


@transaction.atomic
def add_evidence(*, evaluation: Evaluation, indicator_id: str, upload, actor) -> Evidence:
    """Attach a 佐证材料 file to an indicator; refused (nothing stored) when its type or size is wrong."""
    from . import evidence as ev

    _lock(evaluation, EDITABLE, "上传佐证材料")
    name = _leaf_name(evaluation, indicator_id)
    if name is None:
        raise Problems([Problem.at("indicator", f"没有指标 '{indicator_id}'", indicator_id)])
    kind, problems = ev.check(upload)
    if problems:
        raise Problems([Problem.at("file", p) for p in problems])
    original = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    item = Evidence(evaluation=evaluation, indicator_id=indicator_id, name=original, size=upload.size, kind=kind,
                    uploaded_by=actor)
    item.file.save(ev.stored_name(original), upload, save=False)
    item.save()
    _bump(evaluation)
    _history(evaluation, actor=actor, action=Action.EVIDENCE_ADDED,
             summary=f"为“{name}”上传佐证材料：{original}（{ev.size_text(upload.size)}）",
             details={"indicator": indicator_id, "evidence": item.pk})
    return item


@transaction.atomic
def remove_evidence(*, item: Evidence, actor, reason: str = "") -> None:
    """Take a file off the indicator: it is kept (the history refers to it), no longer listed."""
    from django.utils import timezone

    evaluation = item.evaluation
    _lock(evaluation, EDITABLE, "删除佐证材料")
    if item.removed_at is not None:
        return
    item.removed_at = timezone.now()
    item.save(update_fields=["removed_at"])
    name = _leaf_name(evaluation, item.indicator_id) or item.indicator_id
    _bump(evaluation)
    _history(evaluation, actor=actor, action=Action.EVIDENCE_REMOVED, summary=f"删除“{name}”的佐证材料：{item.name}",
             reason=reason, details={"indicator": item.indicator_id, "evidence": item.pk})
