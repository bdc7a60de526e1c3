"""Issue 11 §1, the first-day problems a filler and a reviewer met, checked through the pages.

Each test names the problem it guards against; the browser-visible ones are also in e2e/."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import Evaluation

from .conftest import login
from .test_workflow import form_post

pytestmark = pytest.mark.django_db


def edit(client, evaluation, post):
    return client.post(reverse("evaluations:edit", args=[evaluation.pk]), post)


def test_every_problem_of_a_save_at_once(client, org, evaluation):
    """A bad amount no longer hides the framework's problems (a score above its maximum, 档次) until the next save."""
    login(client, org["filler"])
    post = form_post(client, evaluation)
    post["satisfaction_pct"] = "-3"  # a model problem
    post["judgements.procurement.policy.score"] = "999"  # a framework problem: above the part's maximum
    post["judgements.procurement.policy.reason"] = "按规定执行"
    response = edit(client, evaluation, post)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-for="satisfaction_pct"' in page
    # the framework's check, in the same answer and next to its field
    assert re.search(r'data-for="judgements.procurement.policy.score">评定得分 999 超出范围 0～\d', page)


def test_problem_lines_name_fields_in_chinese(client, org, evaluation):
    login(client, org["filler"])
    post = form_post(client, evaluation)
    post["targets[0].name"] = "满意度调查"
    post["targets[0].category"] = "不存在的类别"
    post["targets[0].weight"] = "2"
    post["targets[0].kind"] = "定性"
    post["targets[0].level"] = "达成"
    post["targets[0].reason"] = ""
    page = edit(client, evaluation, post).content.decode()
    assert "须写明理由" in page
    text = re.sub(r"<[^>]+>", " ", page.split("<body")[1])  # what a person reads: no tags, no attributes
    for internal in ("targets[", "reason", "judgements.", "budget."):
        assert internal not in text, internal


def test_wrong_upload_is_named_plainly(client, org, evaluation):
    login(client, org["filler"])
    response = client.post(reverse("evaluations:upload", args=[evaluation.pk]),
                           {"workbook": SimpleUploadedFile("填报.xlsx", b"this is not a workbook")})
    page = response.content.decode()
    assert response.status_code == 400
    assert "不是有效的 Excel 文件（.xlsx）" in page
    assert "zip" not in page and "/tmp" not in page and "upload.xlsx" not in page
    assert "填报.xlsx" in page
