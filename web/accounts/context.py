"""Template context: the user's role, for menus."""

from __future__ import annotations


def role(request):
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    return {"role": profile.role if profile else None, "profile": profile}
