"""The bureau audits a .zip of published reports in the browser: upload on the new-job page, a real
worker process runs the job (Redis when it answers — required under CI —, else the embedded queue),
the progress bar moves without the page being reloaded, and the result downloads."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest
from openpyxl import load_workbook

from ..conftest import PASSWORD
from ..jobs_worker import REDIS_URL, Worker, clear_broker, redis_available, use_broker
from ..test_jobs_queue import _docx_reports
from .conftest import log_in

from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(settings, tmp_path):
    url = REDIS_URL if redis_available() else None
    if url is None and os.environ.get("JIXIAO_REQUIRE_REDIS") == "1":
        pytest.fail(f"Redis does not answer at {REDIS_URL} (JIXIAO_REQUIRE_REDIS=1)")
    clear_broker(url)
    use_broker(url)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(settings.MEDIA_ROOT)}}}
    w = Worker(url, name="browser")
    yield w
    w.stop()
    use_broker(None)
    clear_broker(url)


def test_audit_a_zip_in_the_browser(page, site, org, worker, shot, tmp_path):
    packed = tmp_path / "已发布的自评报告.zip"
    # 160 reports (four different ones): several seconds of work even on a fast machine, so the page's
    # once-a-second poll sees the bar between 0 and 100 (20 reports went 0 → 100 between two polls)
    count = 160
    packed.write_bytes(_docx_reports(4, count // 4))
    log_in(page, site, "reviewer", PASSWORD)
    page.goto(f"{site}/jobs/new/")
    page.locator("input[type=file][name='audit-files']").set_input_files(str(packed))
    shot("jobs-01-new-job")
    page.get_by_role("button", name="开始审核").click()
    page.wait_for_url(f"{site}/jobs/*/")
    job_url = page.url
    page.evaluate("window.__sameDocument = true")  # gone if the page were reloaded
    bar, status = page.locator("#job-bar"), page.locator("#job-status")
    seen, deadline, shot_mid = [], time.monotonic() + 240, False
    while time.monotonic() < deadline:
        text = status.inner_text() if status.count() else ""
        value = int(bar.get_attribute("value") or 0) if bar.count() else 0
        if not seen or seen[-1] != value:
            seen.append(value)
        if 0 < value < 100 and not shot_mid:
            shot("jobs-02-running")
            shot_mid = True
        if text in ("已完成", "失败", "已取消"):
            break
        page.wait_for_timeout(150)
    expect(status).to_have_text("已完成", timeout=1000)
    assert page.evaluate("window.__sameDocument") is True and page.url == job_url  # updated in place
    assert any(0 < v < 100 for v in seen) and seen[-1] == 100, seen
    assert seen == sorted(seen), seen  # the bar only moves forward
    expect(page.locator("#job-count")).to_have_text(f"{count} / {count}")
    expect(page.locator("#job-summary tbody tr")).to_have_count(count)
    shot("jobs-03-done", full_page=True)
    with page.expect_download() as info:
        page.locator("#job-download").click()
    download = info.value
    assert download.suggested_filename.endswith(".zip") and download.suggested_filename.startswith("审核结果-")
    body = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    names = body.namelist()
    assert sum(n.startswith("审核结果/") and n.endswith(".md") for n in names) == count
    ws = load_workbook(io.BytesIO(body.read("审核汇总.xlsx")))["审核汇总"]
    files = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert files == [f"已发布的自评报告.zip/报告/{i:03d}.docx" for i in range(count)]
    assert all(ws.cell(row=r, column=6).value for r in range(2, ws.max_row + 1))  # every report recomputed
    # the history lists it
    page.goto(f"{site}/jobs/")
    expect(page.locator("body")).to_contain_text("批量审核已发布报告")
    shot("jobs-04-history")
