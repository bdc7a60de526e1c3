"""Access decided in one place: strangers get 404 and learn nothing; wrong actions get 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import login

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, evaluation):
    response = client.get(reverse("evaluations:detail", args=[evaluation.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/api/evaluations").status_code == 401


def test_filler_sees_own_department_only(client, org, evaluation, other_evaluation):
    login(client, org["filler"])
    listing = client.get(reverse("evaluations:list")).content.decode()
    assert org["department"].name in listing and org["other_department"].name not in listing
    assert client.get(reverse("evaluations:detail", args=[evaluation.pk])).status_code == 200
    for name in ("detail", "edit", "history", "template"):
        assert client.get(reverse(f"evaluations:{name}", args=[other_evaluation.pk])).status_code == 404
    assert client.get(reverse("evaluations:download", args=[other_evaluation.pk, "docx"])).status_code == 404
    assert client.get(f"/api/evaluations/{other_evaluation.pk}/scorecard").status_code == 404
    assert [e["id"] for e in client.get("/api/evaluations").json()] == [evaluation.pk]


def test_stranger_learns_nothing(client, org, evaluation):
    login(client, org["stranger"])
    missing = client.get(reverse("evaluations:detail", args=[999999]))
    forbidden = client.get(reverse("evaluations:detail", args=[evaluation.pk]))
    assert missing.status_code == forbidden.status_code == 404
    assert org["department"].name not in forbidden.content.decode()


def test_reviewer_sees_district_and_cannot_edit(client, org, evaluation, other_evaluation):
    login(client, org["reviewer"])
    assert client.get(reverse("evaluations:detail", args=[evaluation.pk])).status_code == 200
    assert client.get(reverse("evaluations:detail", args=[other_evaluation.pk])).status_code == 404
    assert client.get(reverse("evaluations:edit", args=[evaluation.pk])).status_code == 403
    # a draft cannot be reviewed yet
    response = client.post(reverse("evaluations:review", args=[evaluation.pk]),
                           {"indicator": "satisfaction", "score": "4", "reason": "x"})
    assert response.status_code == 403


def test_filler_cannot_review_or_use_dashboards(client, org, evaluation):
    login(client, org["filler"])
    response = client.post(reverse("evaluations:review", args=[evaluation.pk]),
                           {"indicator": "satisfaction", "score": "4", "reason": "x"})
    assert response.status_code == 403
    assert client.get(reverse("dashboards:overview")).status_code == 403
    assert client.get(reverse("evaluations:new")).status_code == 200


def test_admin_sees_everything(client, org, evaluation, other_evaluation):
    login(client, org["admin"])
    ids = {e["id"] for e in client.get("/api/evaluations").json()}
    assert ids == {evaluation.pk, other_evaluation.pk}
    assert client.get(reverse("dashboards:overview")).status_code == 200


def test_post_without_csrf_is_refused(org, evaluation):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(org["filler"])
    response = client.post(reverse("evaluations:submit", args=[evaluation.pk]))
    assert response.status_code == 403


def test_admin_framework_upload_is_validated(client, org):
    from evaluations.models import FrameworkFile

    org["admin"].is_staff = org["admin"].is_superuser = True
    org["admin"].save()
    login(client, org["admin"])
    bad = "id: tiny\nname: 小\ntotal: 10\nindicators:\n  - {id: a, name: 甲, weight: 5, parts: [{id: p, label: 乙, points: 5, rule: {kind: judgement, criterion: 丙}}]}\n"
    response = client.post("/admin/evaluations/frameworkfile/add/", {"ident": "tiny", "text": bad})
    assert response.status_code == 200 and "一级指标分值合计 5 与总分 10 不符" in response.content.decode()
    assert not FrameworkFile.objects.exists()
    good = bad.replace("total: 10", "total: 5")
    response = client.post("/admin/evaluations/frameworkfile/add/", {"ident": "tiny", "text": good})
    assert response.status_code == 302 and FrameworkFile.objects.get().uploaded_by == org["admin"]
    from evaluations import selectors

    assert selectors.framework("tiny").name == "小" and ("tiny", "小") in selectors.framework_choices()


def _logs_in(client, username: str, password: str) -> bool:
    """Through the login page, as a person does (django-axes needs the request to count failures)."""
    response = client.post("/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_password_change_and_logout(client, org):
    from .conftest import PASSWORD

    assert _logs_in(client, "filler", PASSWORD)
    response = client.post("/password/", {"old_password": PASSWORD, "new_password1": "a-new-pass-2024!",
                                          "new_password2": "a-new-pass-2024!"})
    assert response.status_code == 302
    assert client.post("/logout/").status_code == 302
    assert client.get(reverse("evaluations:list")).status_code == 302  # logged out
    assert not _logs_in(client, "filler", PASSWORD)
    assert _logs_in(client, "filler", "a-new-pass-2024!")
