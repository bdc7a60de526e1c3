"""The bureau's progress board: where each department of a district stands for a year, with counts,
links and the bureau's deadline."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.models import Department
from evaluations import services
from evaluations.models import Deadline

from .conftest import login, seed_raw

pytestmark = pytest.mark.django_db


def _count(page: str, status: str) -> int:
    return int(re.search(r'data-status="%s"[^>]*><div class="muted">[^<]+</div><div class="kpi">(\d+)</div>' % status, page).group(1))


def test_board_counts_every_state_including_not_started(client, org, evaluation):
    idle = Department.objects.create(name="深圳市龙岗区某某街道办事处", district=org["district"])
    returned_dept = Department.objects.create(name="深圳市龙岗区某某局", district=org["district"])
    e2 = services.create_evaluation(department=returned_dept, year=2023, framework_id="shenzhen-common",
                                    actor=org["filler"], data=seed_raw())
    services.submit(evaluation=e2, actor=org["filler"])
    e2.refresh_from_db()
    services.return_evaluation(evaluation=e2, reason="补充", actor=org["reviewer"])
    login(client, org["reviewer"])
    page = client.get(reverse("dashboards:progress") + "?year=2023").content.decode()
    assert _count(page, "not_started") == 1 and _count(page, "draft") == 1 and _count(page, "returned") == 1
    assert _count(page, "submitted") == 0 and _count(page, "finalised") == 0
    assert f'href="/evaluations/{evaluation.pk}/"' in page and idle.name in page
    assert org["other_department"].name not in page  # another district's department
    only = client.get(reverse("dashboards:progress") + "?year=2023&status=not_started").content.decode()
    assert idle.name in only and org["department"].name not in only


def test_bureau_sets_a_deadline_and_sees_what_is_overdue(client, org, evaluation):
    login(client, org["reviewer"])
    response = client.post(reverse("dashboards:progress"), {"year": "2023", "due": "2024-02-30"})
    assert response.status_code == 400 and "无法识别" in response.content.decode()
    assert not Deadline.objects.exists()
    past = date.today() - timedelta(days=3)
    client.post(reverse("dashboards:progress"), {"year": "2023", "due": past.isoformat()})
    deadline = Deadline.objects.get(district=org["district"], year=2023)
    assert deadline.due == past and deadline.set_by == org["reviewer"]
    page = client.get(reverse("dashboards:progress") + "?year=2023").content.decode()
    assert f"提交截止日期：{past:%Y-%m-%d}" in page and "（已过 3 天）" in page and "已逾期" in page
    assert 'class="card overdue"' in page


def test_board_is_for_the_bureau_only(client, org):
    login(client, org["filler"])
    assert client.get(reverse("dashboards:progress")).status_code == 403
    assert client.post(reverse("dashboards:progress"), {"year": "2023", "due": "2024-03-31"}).status_code == 403
    login(client, org["admin"])
    page = client.get(reverse("dashboards:progress") + f"?district={org['other_district'].pk}&year=2024").content.decode()
    assert org["other_department"].name in page and org["department"].name not in page
