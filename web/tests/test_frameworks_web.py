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
    page = response.content.decode()
    assert response.status_code == 200 and "“x.xlsx”不是 .xlsx 文件" in page
    assert "请填写 YAML 内容" not in page


def test_project_targets_survive_a_form_save_and_are_checked(client, org):
    from django.urls import reverse

    from evaluations import services
    from evaluations.models import Evaluation

    from .conftest import seed_raw
    from .test_workflow import form_post

    raw = seed_raw("project-demo")
    evaluation = services.create_evaluation(department=org["department"], year=2024, framework_id="national-self-eval",
                                            actor=org["filler"], data=raw)
    login(client, org["filler"])
    page = client.get(reverse("evaluations:edit", args=[evaluation.pk])).content.decode()
    assert "项目绩效指标" in page and 'name="project_targets[1].name" value="新增公共照明灯具"' in page
    post = form_post(client, evaluation)
    response = client.post(reverse("evaluations:edit", args=[evaluation.pk]), post)
    assert response.status_code == 302
    saved = Evaluation.objects.get(pk=evaluation.pk).data
    assert [t["name"] for t in saved["projects"][0]["targets"]][:2] == ["整治背街小巷数量", "新增公共照明灯具"]
    assert saved["projects"][1]["targets"][1]["deviation_reason"] == "燃料价格上涨；下年度推广新能源车辆"

    post["project_targets[0].project"] = "没有这个项目"
    response = client.post(reverse("evaluations:edit", args=[evaluation.pk]), post)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-for="project_targets[0].project"' in page and "项目“没有这个项目”在二级项目表中找不到" in page
    assert Evaluation.objects.get(pk=evaluation.pk).data == saved


def test_bureau_rescores_a_year_under_another_framework(client, org):
    from django.urls import reverse

    from evaluations import services

    from .conftest import seed_raw

    raw = seed_raw()
    raw["key_tasks"][0]["completed"] = False  # 龙岗口径每项扣 4 分，盐田口径扣 1 分
    services.create_evaluation(department=org["department"], year=2023, framework_id="shenzhen-common",
                               actor=org["filler"], data=raw)
    login(client, org["filler"])
    assert client.get(reverse("dashboards:rescore")).status_code == 403  # the bureau's page
    login(client, org["reviewer"])
    page = client.get(reverse("dashboards:rescore"), {"year": 2023, "framework": "shenzhen-yantian-2023"}).content.decode()
    assert "中共深圳市龙岗区委政法委员会" in page
    assert "93.9" in page and "96.9" in page and "重点工作完成情况：4 → 7" in page
    response = client.get(reverse("dashboards:rescore"), {"year": 2023, "framework": "shenzhen-yantian-2023", "format": "xlsx"})
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    row = [c.value for c in wb["总分对比"][2]]
    assert row[0] == "中共深圳市龙岗区委政法委员会" and row[3] == 93.9 and row[5] == 96.9 and row[7] == 3
    page = client.get(reverse("dashboards:rescore"), {"year": 2023, "framework": "nope"}).content.decode()
    assert "没有这个指标体系" in page
