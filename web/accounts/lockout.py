"""The page django-axes shows when a user name is locked out after repeated wrong passwords."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def locked_out(request, credentials=None, *args, **kwargs):
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
