"""The JSON API (same rules as the pages) and the bureau's dashboards."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import services
from evaluations.models import Status

from .conftest import login

pytestmark = pytest.mark.django_db


def test_openapi_schema_documents_the_api(client, org):
    login(client, org["admin"])
    schema = client.get("/api/openapi.json").json()
    assert {"/api/evaluations", "/api/evaluations/{pk}/scorecard", "/api/departments", "/api/evaluations/{pk}/history"} <= set(schema["paths"])


def test_scorecard_json_numbers_are_strings(client, org, evaluation):
    login(client, org["filler"])
    data = client.get(f"/api/evaluations/{evaluation.pk}/scorecard").json()
    assert data["total"] == "97.90" and data["grade"] == "优" and data["reviewed"] is False
    row = next(r for r in data["indicators"] if r["path"].endswith("contract_staff_control"))
    assert row["score"] == "0.00" and row["explanation"].startswith("编外人员控制率 43.21%")


def test_reviewed_scorecard_and_history(client, org, evaluation):
    evaluation.status = Status.SUBMITTED
    evaluation.save()
    services.review_indicator(evaluation=evaluation, indicator_id="satisfaction", score="4", reason="复核", actor=org["reviewer"])
    login(client, org["reviewer"])
    data = client.get(f"/api/evaluations/{evaluation.pk}/scorecard?reviewed=true").json()
    assert data["reviewed"] is True and Decimal(data["total"]) == Decimal("95.9")
    history = client.get(f"/api/evaluations/{evaluation.pk}/history").json()
    assert [h["action"] for h in history] == ["created", "review_started", "reviewed"]


def test_dashboard_overview_numbers(client, org, evaluation):
    services.create_evaluation(department=org["department"], year=2022, framework_id="shenzhen-common", actor=org["filler"])
    login(client, org["reviewer"])
    page = client.get(reverse("dashboards:overview") + "?year=2023").content.decode()
    assert "共 1 个部门评价" in page
    assert "vendor/echarts/echarts.min.js" in page
    assert '"counts": [0, 0, 0, 0, 0, 0, 1]' in page  # 97.9 in the 95–100 bin
    assert "编外人员控制率</td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">1 / 1" in page


def test_dashboard_table_sorts_and_exports(client, org, evaluation):
    login(client, org["reviewer"])
    page = client.get(reverse("dashboards:table") + "?year=2023&sort=contract_staff_control&dir=asc").content.decode()
    assert "编外人员控制率（1）↑" in page
    export = client.get(reverse("dashboards:table") + "?year=2023&format=xlsx")
    ws = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    assert ws.cell(row=1, column=1).value == "部门" and ws.cell(row=2, column=1).value == org["department"].name
    assert ws.cell(row=1, column=4).value == "总分" and ws.cell(row=1, column=5).value == "口径"
    assert Decimal(str(ws.cell(row=2, column=4).value)) == Decimal("97.9") and ws.cell(row=2, column=5).value == "自评"


def test_department_trend(client, org, evaluation):
    login(client, org["reviewer"])
    page = client.get(reverse("dashboards:department", args=[org["department"].pk])).content.decode()
    assert "历年评价" in page and "97.9" in page
    assert client.get(reverse("dashboards:department", args=[org["other_department"].pk])).status_code == 404


def test_targets_and_monitoring_pages(client, org, evaluation):
    from .conftest import seed_raw

    raw = seed_raw("seed-004")
    e = services.create_evaluation(department=org["department"], year=2024, framework_id=raw["framework"],
                                   actor=org["filler"], data=raw)
    login(client, org["filler"])
    page = client.get(reverse("evaluations:plan", args=[e.pk]) + "?as_of=2024-06-30").content.decode()
    assert "“有效提高”无法衡量" in page and "进度 48.36%" in page
    login(client, org["reviewer"])
    page = client.get(reverse("dashboards:monitoring") + "?year=2024&as_of=2024-06-30").content.decode()
    assert org["department"].name in page and "48.36%" in page and "96.72%" in page
    # The table is kept in the cache: a save must show at once.
    changed = dict(raw, quarterly=[dict(q, progress_pct="31.5") if q.get("quarter") == 2 else q for q in raw["quarterly"]])
    for q in changed["quarterly"]:
        if q.get("quarter") == 2:
            q.pop("cumulative_spent", None), q.pop("base", None)
    services.save_input(evaluation=e, raw=changed, actor=org["filler"])
    page = client.get(reverse("dashboards:monitoring") + "?year=2024&as_of=2024-06-30").content.decode()
    assert "31.50%" in page and "48.36%" not in page


def test_monitoring_after_a_change_monitors_only_the_department_that_changed(client, org, monkeypatch):
    from django.core.cache import cache

    from accounts.models import Department
    from evaluations import selectors as ev

    from .conftest import seed_raw

    cache.clear()
    raw = seed_raw("seed-004")
    second = Department.objects.create(name="深圳市龙岗区第二部门", district=org["district"])
    a = services.create_evaluation(department=org["department"], year=2024, framework_id=raw["framework"],
                                   actor=org["filler"], data=raw)
    b = services.create_evaluation(department=second, year=2024, framework_id=raw["framework"],
                                   actor=org["filler"], data=raw)
    parsed = []
    real = ev.input_of
    monkeypatch.setattr(ev, "input_of", lambda e: parsed.append(e.pk) or real(e))
    url = reverse("dashboards:monitoring") + "?year=2024&as_of=2024-06-30"
    login(client, org["reviewer"])
    page = client.get(url).content.decode()
    assert sorted(parsed) == sorted([a.pk, b.pk]) and page.count("48.36%") == 2

    changed = dict(raw, quarterly=[dict(q, progress_pct="31.5") if q.get("quarter") == 2 else q for q in raw["quarterly"]])
    for q in changed["quarterly"]:
        if q.get("quarter") == 2:
            q.pop("cumulative_spent", None), q.pop("base", None)
    services.save_input(evaluation=b, raw=changed, actor=org["filler"])
    parsed.clear()
    page = client.get(url).content.decode()
    assert parsed == [b.pk]  # the other department's row was kept
    assert page.count("48.36%") == 1 and "31.50%" in page
    # worst first: the changed department (31.50%, behind) is listed before the other one
    assert page.index(second.name) < page.index(org["department"].name)
