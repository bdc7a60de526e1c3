"""Shared by every test folder: what a test does when the material it needs is missing.

A test that needs something outside the repository (the seed reports in ../shared/seeds, the
real-world samples, LibreOffice, Chromium, Redis) asks for it with the ``require`` fixture:

    def test_x(require):
        require(SEEDS.is_dir(), "种子报告 ../shared/seeds")

Where it is missing the test is skipped with that reason on a developer's machine, and FAILS when
the ``CI`` environment variable is set: CI provides all of it, so a missing piece there is a broken
set-up, never a silent pass. Nothing else in the suite may skip.
"""

from __future__ import annotations

import os

import pytest

IN_CI = bool(os.environ.get("CI"))


def missing(what: str) -> None:
    """Skip (or, under CI, fail) the running test because ``what`` is not available."""
    if IN_CI:
        pytest.fail(f"缺少测试所需的 {what}（CI 环境变量已设置：CI 中必须具备）", pytrace=False)
    pytest.skip(f"缺少 {what}")


@pytest.fixture
def require():
    def check(available: object, what: str) -> None:
        if not available:
            missing(what)

    return check
