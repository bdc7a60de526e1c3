"""The bureau tries a framework change on a year's evaluations in a browser (指标体系调整测算)."""

from __future__ import annotations

import re

import pytest

from accounts.models import Department
from evaluations import services
from jixiao import synth
from jixiao.frameworks import load_framework

from ..conftest import PASSWORD
from .conftest import log_in

from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_rescores_a_year(page, site, org, shot):
    fw = load_framework("shenzhen-common")
    for data in synth.generate_many(fw, departments=3, years=(2024,), seed=5, projects=3):
        department, _ = Department.objects.get_or_create(name=data.department, defaults={"district": org["district"]})
        raw = data.model_dump(mode="python", exclude_none=True)
        raw.update(district=org["district"].name, framework=fw.id)
        raw["key_tasks"] = [{"name": "甲项重点工作", "completed": False}, {"name": "乙项重点工作", "completed": True}]
        services.create_evaluation(department=department, year=2024, framework_id=fw.id, actor=org["admin"], data=raw)
    log_in(page, site, "reviewer", PASSWORD)
    page.get_by_role("link", name="指标体系调整测算").click()
    page.locator("select[name=framework]").select_option("shenzhen-yantian-2023")
    page.get_by_role("button", name="测算").click()
    rows = page.locator("#rescore tbody tr")
    expect(rows).to_have_count(3)
    # one unfinished key task: 8 − 4 = 4 under Longgang's rule, 8 − 1 = 7 under Yantian's
    for i in range(3):
        expect(rows.nth(i).locator("td").nth(6)).to_have_text("+3")
        expect(rows.nth(i).locator("td").nth(7)).to_contain_text("重点工作完成情况：4 → 7")
    expect(page.get_by_role("link", name="导出 Excel")).to_have_attribute("href", re.compile(r"format=xlsx"))
    shot("frameworks-rescore", full_page=True)
