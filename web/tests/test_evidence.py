"""佐证材料: files attached to an indicator — type and size limits, stored outside the web root,
downloadable by the department and its reviewers only, recorded in the history; and the reviewer
asking for evidence when returning."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations import evidence, services
from evaluations.models import Action, Evidence

from .conftest import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    settings.JIXIAO_EVIDENCE_DIR = tmp_path / "evidence"
    return settings.JIXIAO_EVIDENCE_DIR


def upload(client, evaluation, name, content, indicator="satisfaction"):
    return client.post(reverse("evaluations:evidence_upload", args=[evaluation.pk]),
                       {"indicator": indicator, "file": SimpleUploadedFile(name, content)})


def test_upload_store_list_and_download(client, org, evaluation, evidence_dir):
    login(client, org["filler"])
    upload(client, evaluation, "满意度调查报告.pdf", PDF)
    item = Evidence.objects.get(evaluation=evaluation)
    stored = Path(item.file.path)
    assert stored.read_bytes() == PDF and evidence_dir in stored.parents
    assert "满意度" not in stored.name and stored.suffix == ".pdf"  # a random name on disk
    entry = evaluation.history.get(action=Action.EVIDENCE_ADDED)
    assert "为“公众或服务对象满意度”上传佐证材料：满意度调查报告.pdf" in entry.summary
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "满意度调查报告.pdf" in page and f"/evaluations/{evaluation.pk}/evidence/{item.pk}/" in page
    response = client.get(reverse("evaluations:evidence", args=[evaluation.pk, item.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_only_the_department_and_its_reviewers_download(client, org, evaluation):
    login(client, org["filler"])
    upload(client, evaluation, "a.pdf", PDF)
    item = Evidence.objects.get()
    url = reverse("evaluations:evidence", args=[evaluation.pk, item.pk])
    login(client, org["reviewer"])
    assert client.get(url).status_code == 200
    for who, code in (("other_reviewer", 404), ("stranger", 404), ("admin", 403)):
        login(client, org[who])
        assert client.get(url).status_code == code, who
    login(client, org["filler"])
    assert client.get(reverse("evaluations:evidence", args=[evaluation.pk, item.pk + 99])).status_code == 404


@pytest.mark.parametrize("name,content,says", [
    ("setup.exe", b"MZ\x90\x00", "的类型不能上传到这里"),  # refused by the upload handler before it is stored
    ("report.pdf", b"<html>not a pdf</html>", "不是 .pdf 文件"),
    ("photo.jpg", b"%PDF-1.4", "不是 .jpg 文件"),
    ("empty.png", b"", "空文件"),
    ("slides.pptx", b"not a zip", "内容不是 PPT 文件"),  # no rule in the handler: evidence.check says it
])
def test_wrong_files_are_refused(client, org, evaluation, name, content, says):
    login(client, org["filler"])
    response = upload(client, evaluation, name, content)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert says in page and not Evidence.objects.exists()
    assert not evaluation.history.filter(action=Action.EVIDENCE_ADDED).exists()


def test_size_limit(client, org, evaluation, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_BYTES", 1024)
    login(client, org["filler"])
    response = upload(client, evaluation, "big.pdf", PDF + b"0" * 2048)
    assert "超过 1 KB 的上限" in client.get(response["Location"]).content.decode()
    assert not Evidence.objects.exists()


def test_reviewer_cannot_upload_and_filler_removes(client, org, evaluation):
    login(client, org["filler"])
    upload(client, evaluation, "a.pdf", PDF)
    item = Evidence.objects.get()
    services.submit(evaluation=evaluation, actor=org["filler"])
    assert upload(client, evaluation, "b.pdf", PDF).status_code == 403  # submitted: no more changes
    login(client, org["reviewer"])
    assert upload(client, evaluation, "c.pdf", PDF).status_code == 403
    evaluation.refresh_from_db()
    services.return_evaluation(evaluation=evaluation, reason="满意度材料不清晰，请重新上传", actor=org["reviewer"],
                               evidence_for=["satisfaction"])
    login(client, org["filler"])
    client.post(reverse("evaluations:evidence_remove", args=[evaluation.pk, item.pk]))
    item.refresh_from_db()
    assert item.removed_at is not None and Path(item.file.path).exists()  # kept for the history
    assert evaluation.history.filter(action=Action.EVIDENCE_REMOVED).count() == 1
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert f"/evidence/{item.pk}/" not in page


def test_return_asks_for_evidence_on_an_indicator(client, org, evaluation):
    services.submit(evaluation=evaluation, actor=org["filler"])
    evaluation.refresh_from_db()
    login(client, org["reviewer"])
    client.post(reverse("evaluations:return", args=[evaluation.pk]),
                {"reason": "请补充材料", "evidence": ["satisfaction", "contract_staff_control"]})
    entry = evaluation.history.get(action=Action.RETURNED)
    assert entry.details["evidence"] == ["contract_staff_control", "satisfaction"]
    assert "须补充佐证材料：编外人员控制率、公众或服务对象满意度" in entry.summary
    login(client, org["filler"])
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "须补充佐证材料：编外人员控制率、公众或服务对象满意度" in page
    row = page.split('id="ind-satisfaction"')[1].split("</tr>")[0]
    assert "复核人要求补充本指标的佐证材料" in row
    edit = client.get(reverse("evaluations:edit", args=[evaluation.pk])).content.decode()
    assert "须补充佐证材料：编外人员控制率、公众或服务对象满意度" in edit


def test_default_place_is_outside_what_the_web_server_serves(settings):
    from evaluations.models import evidence_dir

    del settings.JIXIAO_EVIDENCE_DIR
    where = Path(evidence_dir()).resolve()
    served = [Path(settings.STATIC_ROOT).resolve(), *(Path(d).resolve() for d in settings.STATICFILES_DIRS)]
    assert all(where != s and s not in where.parents for s in served)
    assert where == (Path(settings.INSTANCE_DIR) / "evidence").resolve()


def test_an_evidence_upload_keeps_the_dashboards_cached(client, org, evaluation):
    from dashboards import selectors as dash
    from evaluations.models import Evaluation

    before = dash.version(Evaluation.objects.all())
    login(client, org["filler"])
    upload(client, evaluation, "a.pdf", PDF)
    assert Evidence.objects.count() == 1
    assert dash.version(Evaluation.objects.all()) == before  # no score changed: no dashboard rebuilt
