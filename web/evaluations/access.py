"""Who may see and do what. Every view and API call goes through here.

A user who may not see an evaluation gets 404 (they learn nothing, not even that it
exists); a user who may see it but not do the action gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Department, Role

from .models import Evaluation, Status

VIEW, EDIT, REVIEW, SUBMIT, WITHDRAW = "view", "edit", "review", "submit", "withdraw"
EDITABLE = (Status.DRAFT, Status.RETURNED)
REVIEWABLE = (Status.SUBMITTED, Status.UNDER_REVIEW)


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def _scoped(user, qs: QuerySet, *, department: str, district: str) -> QuerySet:
    """``qs`` narrowed to the user's scope: all (管理员), a district (复核人), a department (填报人)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return qs
    if role == Role.REVIEWER:
        return qs.filter(**{district: user.profile.district_id})
    if role == Role.FILLER:
        return qs.filter(**{department: user.profile.department_id})
    return qs.none()


def evaluations_for(user) -> QuerySet[Evaluation]:
    """The evaluations a user may see."""
    qs = Evaluation.objects.select_related("department", "department__district")
    return _scoped(user, qs, department="department_id", district="department__district_id")


def departments_for(user) -> QuerySet[Department]:
    qs = Department.objects.select_related("district")
    return _scoped(user, qs, department="pk", district="district_id")


def allowed(user, evaluation: Evaluation, action: str) -> bool:
    role = role_of(user)
    if action == VIEW:
        return evaluations_for(user).filter(pk=evaluation.pk).exists()
    if action in (EDIT, SUBMIT):
        return role == Role.FILLER and evaluation.department_id == user.profile.department_id and evaluation.status in EDITABLE
    if action == WITHDRAW:
        return role == Role.FILLER and evaluation.department_id == user.profile.department_id and evaluation.status == Status.SUBMITTED
    if action == REVIEW:
        return (
            role == Role.REVIEWER
            and evaluation.department.district_id == user.profile.district_id
            and evaluation.status in REVIEWABLE
        )
    raise ValueError(action)


def get_evaluation(user, pk: int, action: str = VIEW, *, defer_data: bool = False) -> Evaluation:
    """The evaluation with its department, if the user may see it (else 404) and may do ``action``
    (else 403). ``defer_data``: the input (a large JSON field) is read only if the caller reads it
    (a page served from the cache does not)."""
    qs = evaluations_for(user).select_related("department")
    try:
        evaluation = (qs.defer("data") if defer_data else qs).get(pk=pk)
    except (Evaluation.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个评价") from None
    if action != VIEW and not allowed(user, evaluation, action):
        raise PermissionDenied("当前状态下您不能进行此操作")
    return evaluation


def can_create(user) -> bool:
    return role_of(user) == Role.FILLER


def is_bureau(user) -> bool:
    return role_of(user) in (Role.REVIEWER, Role.ADMIN)
