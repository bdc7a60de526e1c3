"""Web fixtures: a district with two departments, users by role, an evaluation built from seed 000."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Department, District, Profile, Role
from jixiao.io.inputs import load_input

CASES = Path(__file__).resolve().parents[2] / "cases"
PASSWORD = "demo-password-123"


def make_user(username: str, role: str, **scope):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Profile.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def org(db):
    longgang = District.objects.create(name="深圳市龙岗区")
    other = District.objects.create(name="深圳市罗湖区")
    own = Department.objects.create(name="中共深圳市龙岗区委政法委员会", district=longgang)
    neighbour = Department.objects.create(name="深圳市罗湖区东晓街道办事处", district=other)
    return {
        "district": longgang, "other_district": other, "department": own, "other_department": neighbour,
        "filler": make_user("filler", Role.FILLER, department=own),
        "stranger": make_user("stranger", Role.FILLER, department=neighbour),
        "reviewer": make_user("reviewer", Role.REVIEWER, district=longgang),
        "other_reviewer": make_user("other_reviewer", Role.REVIEWER, district=other),
        "admin": make_user("admin", Role.ADMIN),
    }


def seed_raw(name: str = "seed-000") -> dict:
    return load_input(CASES / name / "input.yaml").data.model_dump(mode="python", exclude_none=True)


@pytest.fixture
def evaluation(org):
    from evaluations import services

    return services.create_evaluation(department=org["department"], year=2023, framework_id="shenzhen-common",
                                      actor=org["filler"], data=seed_raw())


@pytest.fixture
def other_evaluation(org):
    from evaluations import services

    raw = seed_raw("seed-004")
    return services.create_evaluation(department=org["other_department"], year=2024, framework_id=raw["framework"],
                                      actor=org["stranger"], data=raw)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create several users each; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _append_only_rows_before_flush(request):
    """Tests on a committed database (live server) end with Django's flush, which on SQLite deletes
    table by table in no fixed order; the append-only triggers (migration 0003) refuse to delete a
    history or review row while its evaluation exists. Empty the evaluations first, in one transaction
    with the rows that refer to them, so the flush finds nothing the triggers guard."""
    marker = request.node.get_closest_marker("django_db")
    by_marker = marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if not by_marker and not {"transactional_db", "live_server"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so torn down (flushed) after this
    yield
    from django.db import connection, transaction

    if connection.vendor != "sqlite":
        return  # PostgreSQL's flush is TRUNCATE, which row triggers do not see
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM evaluations_evaluation")
        for table in ("evaluations_historyentry", "evaluations_review", "evaluations_indicatorscore",
                      "evaluations_evidence", "evaluations_reviewnote", "evaluations_auditrun"):
            cursor.execute(f"DELETE FROM {table}")


@pytest.fixture(autouse=True)
def _demo_accounts_elsewhere(settings, tmp_path):
    """load_demo keeps its accounts in a file: in tests, never the developer's web/.instance one."""
    settings.DEMO_ACCOUNTS_FILE = tmp_path / "demo-accounts.txt"


@pytest.fixture(scope="session", autouse=True)
def _flush_evaluations_first():
    """The same for tests marked ``django_db(transaction=True)`` without the fixture: SQLite's flush
    deletes tables in set order (it varies between runs); deleting the evaluations first lets the
    guarded rows go after them (foreign keys are checked at commit)."""
    from django.conf import settings as django_settings

    if not django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        yield  # PostgreSQL's flush is TRUNCATE, which row triggers do not see
        return
    from django.db.backends.sqlite3.base import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def ordered(self, style, tables, **kwargs):
        sql = original(self, style, tables, **kwargs)
        first = [s for s in sql if '"evaluations_evaluation"' in s and s.startswith("DELETE")]
        return first + [s for s in sql if s not in first]

    DatabaseOperations.sql_flush = ordered
    yield
    DatabaseOperations.sql_flush = original
