"""Frameworks written in Excel, uploaded by the administrator where YAML frameworks are uploaded."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from jixiao.io.framework_excel import write_framework_xlsx

from .test_access import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(tmp_path, edit=None) -> SimpleUploadedFile:
    path = write_framework_xlsx(None, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb["基本信息"]["B2"] = "upload-test"
    if edit:
        edit(wb)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("区指标体系.xlsx", buf.getvalue(), content_type=XLSX)


def _admin(client, org):
    org["admin"].is_staff = org["admin"].is_superuser = True
    org["admin"].save()
    login(client, org["admin"])


def test_admin_accepts_a_framework_workbook(client, org, tmp_path):
    from evaluations import selectors
    from evaluations.models import FrameworkFile

    _admin(client, org)
    response = client.post("/admin/evaluations/frameworkfile/add/",
                           {"ident": "upload-test", "text": "", "xlsx": _workbook(tmp_path)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    saved = FrameworkFile.objects.get()
    assert saved.text.startswith("# 由 区指标体系.xlsx 导入") and "coefficient_bands" in saved.text
    fw = selectors.framework("upload-test")
    assert [i.name for i in fw.indicators] == ["预算执行", "履职效果"]


def test_admin_lists_the_workbook_problems_with_their_cells(client, org, tmp_path):
    from evaluations.models import FrameworkFile

    def break_it(wb):
        wb["指标"]["F3"] = "四十"
        wb["指标"]["G5"] = "随便"

    _admin(client, org)
    response = client.post("/admin/evaluations/frameworkfile/add/",
                           {"ident": "upload-test", "text": "", "xlsx": _workbook(tmp_path, break_it)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "指标!F3" in page and "指标!G5" in page and "随便" in page
    assert not FrameworkFile.objects.exists()


def test_admin_refuses_a_file_that_is_not_a_workbook(client, org):
    _admin(client, org)
    junk = SimpleUploadedFile("x.xlsx", b"not a zip at all", content_type=XLSX)
    response = client.post("/admin/evaluations/frameworkfile/add/", {"ident": "upload-test", "text": "", "xlsx": junk})
    assert response.status_code == 200 and "不是有效的 .xlsx 文件" in response.content.decode()
