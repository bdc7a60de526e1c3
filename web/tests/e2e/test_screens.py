"""Screenshots of every page issue 11 changed, at a desktop width and a phone width, for a person to
look at (SCREENS/wide-*.png, SCREENS/narrow-*.png). Each page is checked first for template syntax
or a Python None showing, and for internal names (input paths, framework ids) in the visible text."""

from __future__ import annotations

import re

import pytest

from evaluations import services

from ..conftest import PASSWORD
from .conftest import SCREENS, log_in



pytestmark = pytest.mark.django_db(transaction=True)

INTERNAL = re.compile(r"\b(?:budget\.|staffing\.|projects\[|judgements\.|shenzhen-|quarterly_spent|duties_policy)")


def _pages(evaluation, run_audit):
    pk = evaluation.pk
    filler = [("list", "/evaluations/"), ("new", "/evaluations/new/"), ("detail", f"/evaluations/{pk}/"),
              ("edit", f"/evaluations/{pk}/edit/"), ("history", f"/evaluations/{pk}/history/"),
              ("plan", f"/evaluations/{pk}/plan/")]
    reviewer = [("r-detail", f"/evaluations/{pk}/"), ("r-audit", f"/evaluations/{pk}/audit/"),
                ("r-progress", "/dashboards/progress/?year=2023"), ("r-overview", "/dashboards/?year=2023"),
                ("r-table", "/dashboards/table/?year=2023"), ("r-monitoring", "/dashboards/monitoring/?year=2023"),
                ("r-list", "/evaluations/?year=2023")]
    return filler, reviewer


def test_screens_of_changed_pages(page, site, org, evaluation):
    services.submit(evaluation=evaluation, actor=org["filler"])
    evaluation.refresh_from_db()
    services.review_indicator(evaluation=evaluation, indicator_id="contract_staff_control", score="0",
                              reason="编外人员超标", actor=org["reviewer"])
    services.return_evaluation(evaluation=evaluation, reason="请补充编外人员审批文件", actor=org["reviewer"],
                               evidence_for=["contract_staff_control"])
    from evaluations import audits

    audits.audit_generated(evaluation=evaluation, actor=org["reviewer"])
    filler, reviewer = _pages(evaluation, True)
    SCREENS.mkdir(parents=True, exist_ok=True)
    for user, pages in (("filler", filler), ("reviewer", reviewer)):
        page.context.clear_cookies()
        log_in(page, site, user, PASSWORD)
        for width, prefix in ((1366, "wide"), (390, "narrow")):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in pages:
                response = page.goto(site + path)
                assert response.status == 200, path
                text = page.locator("body").inner_text()
                assert not re.search(r"\{[#%{]|[#%}]\}|\bNone\b|\bnan\b", text), (path, text[:200])
                assert not INTERNAL.search(text), (path, INTERNAL.search(text).group(0))
                page.screenshot(path=str(SCREENS / f"{prefix}-{name}.png"), full_page=False)
