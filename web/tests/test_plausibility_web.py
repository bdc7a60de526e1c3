"""Impossible figures typed into the web form or uploaded in a workbook are refused (issue 13).

The same probe cases as the command line and the Excel import (tests/plausibility_cases.py), posted
through the edit form (each answers 400 with the rule's Chinese message on the field it names, keeps
what was typed, and saves nothing) and uploaded as the evaluation's own template (400, the problem
with its sheet and cell, nothing saved).
"""

from __future__ import annotations

from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations import services
from evaluations.models import Evaluation
from tests.conftest import complete_input
from tests.plausibility_cases import CASES, Case, excel_cell, refused_path, typed

from .conftest import login


@pytest.fixture
def complete(org):
    return services.create_evaluation(department=org["department"], year=2024, framework_id="shenzhen-common",
                                      actor=org["filler"], data=complete_input())


def _name(path: tuple) -> str:
    """The form field of an edit path (a quarter by its number: ``quarterly.2.progress_pct``)."""
    if path[0] == "quarterly":
        return f"quarterly.{path[1]}.{path[2]}"
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else ("." if out else "") + str(step)
    return out


def _refused_name(case: Case) -> str:
    name = case.field
    if name.startswith("quarterly["):
        index, rest = name[len("quarterly["):].split("].", 1)
        return f"quarterly.{int(index) + 1}.{rest}"  # the complete input lists its quarters in order
    return name


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_form_refuses_an_impossible_figure_on_its_field(case: Case, client, org, complete):
    login(client, org["filler"])
    url = reverse("evaluations:edit", args=[complete.pk])
    page = client.get(url)
    post = {i.name: i.value for i in page.context["form"].all_inputs()}
    post["version"] = str(page.context["version"])
    for path, value in case.edits:
        name = _name(path)
        assert name in post, name
        post[name] = "" if value is None else str(value)
    before = Evaluation.objects.get(pk=complete.pk)

    response = client.post(url, post)

    assert response.status_code == 400
    inputs = {i.name: i for i in response.context["form"].all_inputs()}
    field = inputs[_refused_name(case)]
    assert case.words in field.error, (field.error, response.context["form"].errors)
    for path, value in case.edits:  # what was typed is shown again
        assert inputs[_name(path)].value == ("" if value is None else str(value))
    after = Evaluation.objects.get(pk=complete.pk)
    assert after.data == before.data and after.version == before.version


@pytest.mark.parametrize("case", CASES, ids=str)
def test_an_uploaded_workbook_with_an_impossible_figure_is_refused_with_its_cell(case: Case, client, org, complete):
    login(client, org["filler"])
    template = client.get(reverse("evaluations:template", args=[complete.pk]))
    wb = openpyxl.load_workbook(BytesIO(b"".join(template.streaming_content)))
    for path, value in case.edits:
        sheet, row, column = excel_cell(wb, path)
        wb[sheet].cell(row, column).value = typed(value)
    out = BytesIO()
    wb.save(out)
    before = Evaluation.objects.get(pk=complete.pk)

    response = client.post(reverse("evaluations:upload", args=[complete.pk]),
                           {"workbook": SimpleUploadedFile("填好的模板.xlsx", out.getvalue())})

    assert response.status_code == 400
    sheet, row, column = excel_cell(wb, refused_path(case))
    place = f"{sheet}!{openpyxl.utils.get_column_letter(column)}{row}"
    rows = dict(response.context["problems"])
    assert place in rows and case.words in rows[place], rows
    after = Evaluation.objects.get(pk=complete.pk)
    assert after.data == before.data and after.version == before.version
