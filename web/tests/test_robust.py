"""Reliability and security of the web app (issue 13): each test reproduces a probe finding."""

from __future__ import annotations

import re

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, transaction
from django.urls import reverse

from evaluations import services
from evaluations.models import Evaluation, HistoryEntry, Review, Status

from .conftest import PASSWORD, login, seed_raw

WEB = Path(__file__).resolve().parents[1]


def _edit_post(client, evaluation) -> dict[str, str]:
    """The edit form as the page fills it (every field with its shown value, and the version)."""
    page = client.get(reverse("evaluations:edit", args=[evaluation.pk]))
    form = page.context["form"]
    post = {i.name: i.value for i in form.all_inputs()}
    post["version"] = str(page.context["version"])
    return post


# ---------------------------------------------------------------- a typed figure cannot break pages

def test_yuan_typed_for_wan_yuan_is_refused_and_lists_keep_working(client, org, evaluation):
    login(client, org["filler"])
    post = _edit_post(client, evaluation)
    post["budget.adjusted"] = "6000"
    post["quarterly.1.progress_pct"] = ""
    post["quarterly.1.cumulative_spent"] = "20000000"  # 元 typed where 万元 is meant
    response = client.post(reverse("evaluations:edit", args=[evaluation.pk]), post)
    assert response.status_code == 400
    assert "请核对金额单位" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.q1 is None or evaluation.q1 < 2
    assert client.get(reverse("evaluations:list")).status_code == 200
    assert client.get("/api/evaluations").status_code == 200


def test_cached_progress_columns_take_only_what_fits():
    assert services._rate_column(Decimal("2000")) is None
    assert services._rate_column(Decimal("0.2534567")) == Decimal("0.253457")
    assert services._rate_column(None) is None


def test_a_department_with_1302_fields_can_save(client, org, evaluation):
    login(client, org["filler"])
    post = _edit_post(client, evaluation)
    for i in range(130):  # 130 projects of 12 fields each, far above Django's default 1,000 fields
        base = f"projects[{i}]"
        post.update({f"{base}.name": f"测试项目{i + 1}", f"{base}.budget": "10", f"{base}.spent": "9",
                     f"{base}.planned_completion": "是", f"{base}.completed_on_time": "是"})
        for q, value in enumerate(("2", "4", "6", "9")):
            post[f"{base}.quarterly_spent[{q}]"] = value
    assert len(post) > 1302
    response = client.post(reverse("evaluations:edit", args=[evaluation.pk]), post)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:  # refused by a rule: the form says so, it is not a bare Bad Request
        assert "未保存" in response.content.decode()


# ---------------------------------------------------------------- lost updates and state races

def test_a_save_from_an_older_version_is_told_what_changed_and_keeps_its_values(client, org, evaluation):
    login(client, org["filler"])
    stale = _edit_post(client, evaluation)
    fresh = _edit_post(client, evaluation)
    fresh["satisfaction_pct"] = "91"
    assert client.post(reverse("evaluations:edit", args=[evaluation.pk]), fresh).status_code == 302

    stale["satisfaction_pct"] = "77.5"
    response = client.post(reverse("evaluations:edit", args=[evaluation.pk]), stale)
    page = response.content.decode()
    assert response.status_code == 409
    assert "已被修改" in page and "满意度" in page and 'value="77.5"' in page
    evaluation.refresh_from_db()
    assert evaluation.data["satisfaction_pct"] == "91"

    again = {i.name: i.value for i in response.context["form"].all_inputs()}
    again["version"] = str(response.context["version"])
    assert client.post(reverse("evaluations:edit", args=[evaluation.pk]), again).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.data["satisfaction_pct"] == "77.5"


def test_a_save_racing_a_submit_changes_nothing(org, evaluation):
    stale = Evaluation.objects.get(pk=evaluation.pk)  # read before the submit, as a request would
    services.submit(evaluation=Evaluation.objects.get(pk=evaluation.pk), actor=org["filler"])
    raw = dict(seed_raw(), satisfaction_pct="50")
    with pytest.raises(services.Problems, match="已提交"):
        services.save_input(evaluation=stale, raw=raw, actor=org["filler"])
    evaluation.refresh_from_db()
    assert evaluation.status == Status.SUBMITTED and evaluation.data.get("satisfaction_pct") != "50"


def test_a_review_racing_a_finalise_is_refused(org, evaluation):
    services.submit(evaluation=evaluation, actor=org["filler"])
    stale = Evaluation.objects.get(pk=evaluation.pk)
    services.finalise(evaluation=Evaluation.objects.get(pk=evaluation.pk), actor=org["reviewer"])
    with pytest.raises(services.Problems, match="已定稿"):
        services.review_indicator(evaluation=stale, indicator_id="key_tasks", score="1", reason="复核", actor=org["reviewer"])
    assert not Review.objects.filter(evaluation=evaluation).exists()


def test_every_write_raises_the_version(org, evaluation):
    first = Evaluation.objects.get(pk=evaluation.pk).version
    services.save_input(evaluation=evaluation, raw=seed_raw(), actor=org["filler"])
    services.submit(evaluation=evaluation, actor=org["filler"])
    services.review_indicator(evaluation=evaluation, indicator_id="key_tasks", score="1", reason="复核", actor=org["reviewer"])
    assert Evaluation.objects.get(pk=evaluation.pk).version == first + 4  # save, submit, review started, review


def test_sqlite_writes_wait_instead_of_failing():
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and db["OPTIONS"]["timeout"] >= 20
        assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


# ---------------------------------------------------------------- history guarded in the database

@pytest.mark.parametrize("model", [HistoryEntry, Review])
def test_history_and_reviews_cannot_be_rewritten_by_queryset(org, evaluation, model):
    services.submit(evaluation=evaluation, actor=org["filler"])
    services.review_indicator(evaluation=evaluation, indicator_id="key_tasks", score="1", reason="复核", actor=org["reviewer"])
    rows = model.objects.filter(evaluation=evaluation)
    count = rows.count()
    assert count > 0
    field = "summary" if model is HistoryEntry else "reason"
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(**{field: "改写"})
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.delete()
    assert model.objects.filter(evaluation=evaluation).count() == count
    assert not model.objects.filter(**{field: "改写"}).exists()


# ---------------------------------------------------------------- security settings

def test_login_is_locked_after_repeated_wrong_passwords(client, org):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/login/", {"username": "filler", "password": "wrong-password"})
        assert response.status_code == 200  # the login form again
    response = client.post("/login/", {"username": "filler", "password": "wrong-password"})
    assert response.status_code == 429
    response = client.post("/login/", {"username": "filler", "password": PASSWORD})  # right, but too late
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    other = client.post("/login/", {"username": "reviewer", "password": PASSWORD})
    assert other.status_code == 302  # only that user name is locked


def _upload(client, evaluation, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("evaluations:upload", args=[evaluation.pk]),
                       {"workbook": SimpleUploadedFile(name, content)})


def test_an_oversized_upload_is_refused_before_it_is_read(client, org, evaluation):
    login(client, org["filler"])
    before = HistoryEntry.objects.count()
    response = _upload(client, evaluation, "big.xlsx", b"PK\x03\x04" + b"\0" * (settings.JIXIAO_MAX_UPLOAD_BYTES + 200_000))
    assert response.status_code == 413 and "文件过大" in response.content.decode()
    assert HistoryEntry.objects.count() == before


def test_uploads_that_are_not_workbooks_are_refused(client, org, evaluation):
    login(client, org["filler"])
    for name, content, words in (("报告.pdf", b"%PDF-1.4 ...", "只接受 .xlsx"), ("伪装.xlsx", b"not a zip at all", "不是 .xlsx 文件")):
        response = _upload(client, evaluation, name, content)
        assert response.status_code == 302
        shown = client.get(response["Location"]).content.decode()
        assert words in shown, shown[:2000]


def test_workbook_uploads_stay_in_memory(settings):
    handlers = settings.FILE_UPLOAD_HANDLERS
    assert handlers[0] == "evaluations.uploads.LimitedUploadHandler"
    assert handlers.index("django.core.files.uploadhandler.MemoryFileUploadHandler") < len(handlers) - 1
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= settings.JIXIAO_MAX_UPLOAD_BYTES


def test_production_settings_pass_check_deploy():
    env = dict(os.environ, JIXIAO_DEPLOY="production", DJANGO_SECRET_KEY="k" * 20 + "-Zq8#vX2!pL0@rT6^yU4&" * 3,
               DJANGO_ALLOWED_HOSTS="jixiao.example.gov.cn", DJANGO_DEBUG="1")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest, never in a deployment
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=WEB, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    env.pop("JIXIAO_DEPLOY")
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=WEB, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "SECURE_HSTS_SECONDS" in done.stdout + done.stderr


def test_pages_carry_a_content_security_policy(client, org, evaluation):
    login(client, org["reviewer"])
    response = client.get(reverse("dashboards:overview"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    page = response.content.decode()
    # the pages' scripts are files (static/js/): no inline script, so no nonce is needed at all
    assert re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", page) == [] or "'nonce-" in policy


def test_templates_have_no_inline_event_handlers():
    import re

    for path in (WEB / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\son[a-z]+=", text), path
        assert "javascript:" not in text, path
        for tag in re.findall(r"<script[^>]*>", text):
            assert "src=" in tag or "nonce=" in tag or 'type="application/json"' in tag, (path, tag)


def test_api_docs_need_a_login(client, org):
    for url in ("/api/docs", "/api/openapi.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    login(client, org["filler"])
    assert client.get("/api/openapi.json").status_code == 200


def test_admin_shows_cached_fields_read_only(client, org, evaluation):
    admin = org["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    login(client, admin)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="q1"' not in html and 'name="total"' not in html and "一季度累计进度" in html
    response = client.post(url, {"q1": "5", "total": "100"})
    assert response.status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.total != Decimal(100) or evaluation.q1 != Decimal(5)


def test_load_demo_gives_the_printed_administrator_staff_rights(db):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", "--synthetic", "0", "--quiet")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser


@pytest.mark.django_db(transaction=True)  # --reset empties the tables as it would on a real instance (TRUNCATE on PostgreSQL)
def test_load_demo_once_then_kept_and_reset_on_request(settings):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from evaluations.models import Evaluation

    first = StringIO()
    call_command("load_demo", "--synthetic", "0", stdout=first)
    kept = settings.DEMO_ACCOUNTS_FILE.read_text(encoding="utf-8").splitlines()
    admin_password = next(line.split("\t")[1] for line in kept if line.startswith("admin\t"))
    assert oct(settings.DEMO_ACCOUNTS_FILE.stat().st_mode & 0o777) == "0o600"
    assert admin_password in first.getvalue() and get_user_model().objects.get(username="admin").check_password(admin_password)
    evaluations = Evaluation.objects.count()
    assert evaluations >= 5

    again = StringIO()
    call_command("load_demo", "--synthetic", "0", stdout=again)
    assert "演示数据已载入" in again.getvalue() and admin_password in again.getvalue()
    assert Evaluation.objects.count() == evaluations  # nothing loaded twice, no password changed
    assert get_user_model().objects.get(username="admin").check_password(admin_password)

    call_command("load_demo", "--synthetic", "0", "--reset", stdout=StringIO())
    new_password = next(line.split("\t")[1] for line in settings.DEMO_ACCOUNTS_FILE.read_text(encoding="utf-8").splitlines()
                        if line.startswith("admin\t"))
    assert new_password != admin_password and get_user_model().objects.get(username="admin").check_password(new_password)
    assert Evaluation.objects.count() == evaluations



def test_load_demo_migrates_only_when_a_migration_is_unapplied(db, monkeypatch):
    """`make run` passes --migrate every time; with nothing to apply, `migrate` (and its post-migrate
    handlers) must not run. Unapplied migrations are still applied."""
    from django.core.management import call_command
    from django.db.migrations.recorder import MigrationRecorder

    from evaluations.management.commands import load_demo

    ran = []
    real = load_demo.call_command
    monkeypatch.setattr(load_demo, "call_command", lambda name, *a, **k: ran.append(name) or real(name, *a, **k))
    call_command("load_demo", "--synthetic", "0", "--quiet", "--migrate")
    assert "migrate" not in ran  # the test database is migrated

    last = MigrationRecorder.Migration.objects.filter(app="evaluations").order_by("-id").first()
    assert load_demo.Command._unapplied_migrations() is False
    last.delete()  # as if the newest migration had not been applied
    assert load_demo.Command._unapplied_migrations() is True
    MigrationRecorder.Migration.objects.create(app=last.app, name=last.name)

def test_dashboard_export_writes_names_as_text(client, org):
    from io import BytesIO

    from openpyxl import load_workbook

    from accounts.models import Department

    hostile = Department.objects.create(name='=HYPERLINK("http://example.invalid","点")', district=org["district"])
    services.create_evaluation(department=hostile, year=2023, framework_id="shenzhen-common", actor=org["filler"],
                               data=seed_raw())
    login(client, org["reviewer"])
    export = client.get(reverse("dashboards:table") + "?year=2023&format=xlsx")
    ws = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == hostile.name]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_a_committed_database_with_history_can_still_be_flushed(transactional_db, org):
    """The flush after this test (of a database that committed history rows) must not be refused."""
    e = services.create_evaluation(department=org["department"], year=2023, framework_id="shenzhen-common",
                                   actor=org["filler"], data=seed_raw())
    services.submit(evaluation=e, actor=org["filler"])
    services.review_indicator(evaluation=e, indicator_id="key_tasks", score="1", reason="复核", actor=org["reviewer"])
    assert HistoryEntry.objects.filter(evaluation=e).count() >= 3


def test_check_inputs_lists_stored_data_the_rules_now_refuse(org, evaluation, capsys):
    from django.core.management import call_command

    Evaluation.objects.filter(pk=evaluation.pk).update(data={**evaluation.data, "satisfaction_pct": "150"})
    with pytest.raises(SystemExit):
        call_command("check_inputs")
    out = capsys.readouterr().out
    assert f"评价 {evaluation.pk}" in out and "satisfaction_pct：" in out and "1 项不符合" in out
