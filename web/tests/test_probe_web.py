"""Reproductions of the reliability probe (issue 13) through the web app that test_robust.py does not
already hold: each posts what the probe posted and checks the answer is a clear refusal (or a save)."""

from __future__ import annotations

from io import BytesIO

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations import services
from evaluations.models import Evaluation, Review

from .conftest import login


def _template(client, evaluation) -> openpyxl.Workbook:
    response = client.get(reverse("evaluations:template", args=[evaluation.pk]))
    return openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content)))


def _upload(client, evaluation, wb: openpyxl.Workbook, name: str = "模板.xlsx"):
    out = BytesIO()
    wb.save(out)
    return client.post(reverse("evaluations:upload", args=[evaluation.pk]),
                       {"workbook": SimpleUploadedFile(name, out.getvalue())})


def test_seed_004s_own_department_saves_its_form_unchanged(client, org, other_evaluation):
    """The probe: 1,302 fields answered a bare 'Bad Request (400)'."""
    login(client, org["stranger"])
    url = reverse("evaluations:edit", args=[other_evaluation.pk])
    page = client.get(url)
    post = {i.name: i.value for i in page.context["form"].all_inputs()}
    post["version"] = str(page.context["version"])
    assert len(post) > 1000
    response = client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_review_score_with_a_decimal_comma_is_refused_not_read_as_ten(client, org, evaluation):
    services.submit(evaluation=evaluation, actor=org["filler"])
    login(client, org["reviewer"])
    response = client.post(reverse("evaluations:review", args=[evaluation.pk]),
                           {"indicator": "key_tasks", "score": "1,0", "reason": "复核"})
    assert response.status_code == 400
    assert "逗号" in response.content.decode()
    assert not Review.objects.filter(evaluation=evaluation).exists()


def test_an_uploaded_workbook_with_a_cell_at_the_last_row_names_that_cell(client, org, evaluation):
    """The probe: a 30 KB upload with one cell at row 1,048,576 held a worker for 30 s, then imported."""
    login(client, org["filler"])
    wb = _template(client, evaluation)
    wb["重点工作"].cell(1_048_576, 1).value = "最后一行的任务"
    before = Evaluation.objects.get(pk=evaluation.pk).version
    response = _upload(client, evaluation, wb)
    assert response.status_code == 400
    assert any(place == "重点工作!B1048576" for place, _ in response.context["problems"]), response.context["problems"]
    assert Evaluation.objects.get(pk=evaluation.pk).version == before


def test_an_uploaded_zip_bomb_is_refused_before_it_is_inflated(client, org, evaluation):
    import zipfile

    login(client, org["filler"])
    wb = _template(client, evaluation)
    plain = BytesIO()
    wb.save(plain)
    bomb = BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (100 * 1024 * 1024))
    assert len(bomb.getvalue()) < 400 * 1024
    response = client.post(reverse("evaluations:upload", args=[evaluation.pk]),
                           {"workbook": SimpleUploadedFile("bomb.xlsx", bomb.getvalue())})
    assert response.status_code == 400
    assert any("超出上限" in text for _, text in response.context["problems"]), response.context["problems"]


def test_a_control_character_typed_in_a_name_is_refused_on_its_field(client, org, evaluation):
    """The probe: a name saved with a control character made every later .docx/.xlsx download fail."""
    login(client, org["filler"])
    url = reverse("evaluations:edit", args=[evaluation.pk])
    page = client.get(url)
    post = {i.name: i.value for i in page.context["form"].all_inputs()}
    post["version"] = str(page.context["version"])
    post["projects[0].name"] = "道路\x0b养护"
    response = client.post(url, post)
    assert response.status_code == 400
    field = next(i for i in response.context["form"].all_inputs() if i.name == "projects[0].name")
    assert "控制字符" in field.error
    for kind in ("docx", "xlsx"):
        assert client.get(reverse("evaluations:download", args=[evaluation.pk, kind])).status_code == 200


def test_a_formula_typed_as_a_project_name_is_text_in_the_downloaded_score_sheet(client, org, evaluation):
    login(client, org["filler"])
    url = reverse("evaluations:edit", args=[evaluation.pk])
    page = client.get(url)
    post = {i.name: i.value for i in page.context["form"].all_inputs()}
    post["version"] = str(page.context["version"])
    post["projects[0].name"] = '=HYPERLINK("http://example.invalid","点")'
    assert client.post(url, post).status_code == 302
    response = client.get(reverse("evaluations:download", args=[evaluation.pk, "xlsx"]))
    wb = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content)))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value == post["projects[0].name"]]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"
                and "HYPERLINK" in str(c.value)]
