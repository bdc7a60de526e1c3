"""Who may start and see jobs: the bureau (复核人 within their district, 管理员 everywhere).

A job one may not see is a 404, as for evaluations; starting a job without the role is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import District, Role
from evaluations.access import role_of

from .models import Job


def require_bureau(user) -> str:
    role = role_of(user)
    if role not in (Role.REVIEWER, Role.ADMIN):
        raise PermissionDenied("只有复核人和管理员可以使用后台任务")
    return role


def districts_for(user) -> QuerySet[District]:
    role = role_of(user)
    if role == Role.ADMIN:
        return District.objects.all()
    if role == Role.REVIEWER:
        return District.objects.filter(pk=user.profile.district_id)
    return District.objects.none()


def jobs_for(user) -> QuerySet[Job]:
    """One's own jobs; a reviewer also sees the district jobs of their district; an admin sees all."""
    qs = Job.objects.select_related("owner", "district")
    role = role_of(user)
    if role == Role.ADMIN:
        return qs
    if role == Role.REVIEWER:
        return qs.filter(Q(owner=user) | Q(district_id=user.profile.district_id))
    return qs.filter(owner=user) if user.is_authenticated else qs.none()


def get_job(user, pk: int) -> Job:
    try:
        return jobs_for(user).get(pk=pk)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个任务") from None
