"""The Celery app: ``cd web && celery -A jixiao_web worker``. Configured from Django's settings (CELERY_*)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao_web.settings")

app = Celery("jixiao_web")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["jobs"])
