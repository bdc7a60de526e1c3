"""Template context: the user's role, for menus, and their to-do counts for the header."""

from __future__ import annotations

from django.db.models import Count, Q


def _todo(user, role: str) -> list[dict]:
    """What waits for this person: returned to me / drafts (填报人), waiting for my review (复核人)."""
    from evaluations.access import evaluations_for
    from evaluations.models import Status

    if role == "filler":
        counts = evaluations_for(user).order_by().aggregate(
            returned=Count("id", filter=Q(status=Status.RETURNED)), draft=Count("id", filter=Q(status=Status.DRAFT)))
        return [{"label": "退回待改", "count": counts["returned"], "status": Status.RETURNED, "urgent": True},
                {"label": "草稿未提交", "count": counts["draft"], "status": Status.DRAFT, "urgent": False}]
    if role == "reviewer":
        counts = evaluations_for(user).order_by().aggregate(
            submitted=Count("id", filter=Q(status=Status.SUBMITTED)),
            reviewing=Count("id", filter=Q(status=Status.UNDER_REVIEW)))
        return [{"label": "待复核", "count": counts["submitted"], "status": Status.SUBMITTED, "urgent": True},
                {"label": "复核中", "count": counts["reviewing"], "status": Status.UNDER_REVIEW, "urgent": False}]
    return []


def role(request):
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    return {
        "role": profile.role if profile else None, "profile": profile,
        "todo": _todo(request.user, profile.role) if profile else [],
    }
