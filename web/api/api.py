"""JSON API over the same data, with the same access rules (evaluations/access.py).

Session authentication (log in through the site); OpenAPI schema at /api/openapi.json,
interactive docs at /api/docs. Decimals go out as strings.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from ninja import NinjaAPI, Schema, Status
from ninja.security import django_auth

from evaluations import access, selectors
from jixiao.writers.jsonout import scorecard_dict

api = NinjaAPI(title="jixiao 绩效评价 API", version="1", auth=django_auth,
               docs_decorator=login_required,  # the schema and docs only for users who are logged in
               description="部门整体支出绩效评价：部门、评价、评分表（自评与复核）、变更记录。访问规则与网页相同。")


class DepartmentOut(Schema):
    id: int
    name: str
    district: str


class EvaluationOut(Schema):
    id: int
    department: str
    district: str
    year: int
    framework: str
    status: str
    status_label: str
    total: str | None
    grade: str | None
    complete: bool
    reviewed_total: str | None
    reviewed_grade: str | None


class HistoryOut(Schema):
    at: str
    actor: str
    action: str
    action_label: str
    summary: str
    reason: str


class ErrorOut(Schema):
    detail: str


def _num(value) -> str | None:
    return None if value is None else format(value, "f")


def _evaluation(e) -> dict[str, Any]:
    return {
        "id": e.pk, "department": e.department.name, "district": e.department.district.name, "year": e.year,
        "framework": e.framework_id, "status": e.status, "status_label": e.get_status_display(),
        "total": _num(e.total), "grade": e.grade or None, "complete": e.complete,
        "reviewed_total": _num(e.reviewed_total), "reviewed_grade": e.reviewed_grade or None,
    }


@api.get("/departments", response=list[DepartmentOut], summary="可见的部门")
def departments(request):
    return [{"id": d.pk, "name": d.name, "district": d.district.name} for d in access.departments_for(request.user)]


@api.get("/evaluations", response=list[EvaluationOut], summary="可见的评价")
def evaluations(request, year: int | None = None, department: int | None = None):
    qs = access.evaluations_for(request.user)
    if year is not None:
        qs = qs.filter(year=year)
    if department is not None:
        qs = qs.filter(department_id=department)
    return [_evaluation(e) for e in qs.order_by("department__name", "year")]


@api.get("/evaluations/{pk}", response={200: EvaluationOut, 404: ErrorOut}, summary="一项评价")
def evaluation(request, pk: int):
    try:
        return Status(200, _evaluation(access.get_evaluation(request.user, pk)))
    except Http404:
        return Status(404, {"detail": "没有这个评价"})


@api.get("/evaluations/{pk}/scorecard", response={200: dict, 404: ErrorOut},
         summary="评分表（每个数字为字符串；reviewed=true 为复核后的评分表）")
def scorecard(request, pk: int, reviewed: bool = False):
    try:
        e = access.get_evaluation(request.user, pk)
    except Http404:
        return Status(404, {"detail": "没有这个评价"})
    own, reviewed_card, _, reviews = selectors.scorecards(e)
    card = reviewed_card if reviewed and reviews else own
    out = scorecard_dict(card)
    out["reviewed"] = card is not own
    return Status(200, out)


@api.get("/evaluations/{pk}/history", response={200: list[HistoryOut], 404: ErrorOut}, summary="变更记录（只增不改）")
def history(request, pk: int):
    try:
        e = access.get_evaluation(request.user, pk)
    except Http404:
        return Status(404, {"detail": "没有这个评价"})
    return Status(200, [
        {"at": h.at.isoformat(), "actor": h.actor.get_username(), "action": h.action, "action_label": h.get_action_display(),
         "summary": h.summary, "reason": h.reason}
        for h in e.history.select_related("actor").order_by("at", "id")
    ])
