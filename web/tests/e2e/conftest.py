"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

Chromium comes from the system (``/usr/bin/chromium``, or ``JIXIAO_CHROMIUM``); Playwright's own
browser download is never used (it needs the network and a matching build). Without Chromium, or without Playwright, every
test here is skipped with the reason (and fails when CI is set: CI installs Chromium).

Screenshots of the main pages go to ``/tmp/jixiao-screens`` (``JIXIAO_SCREENS`` to change it):
they are for a person to look at, not committed, and no assertion depends on them.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django then refuses ORM calls there
# (the fixtures create users and evaluations) unless told it is safe, which it is: one thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium"))
SCREENS = Path(os.environ.get("JIXIAO_SCREENS", "/tmp/jixiao-screens"))
HERE = Path(__file__).resolve().parent
_MISSING = (
    "Playwright is not installed" if importlib.util.find_spec("playwright") is None
    else f"no Chromium at {CHROMIUM} (apt-get install chromium)" if not CHROMIUM.exists()
    else None
)


@pytest.fixture(autouse=True)
def _browser_present(require):
    require(_MISSING is None, f"浏览器测试所需：{_MISSING}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}, "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def page(page):
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def shot(page):
    """``shot("03-entry-form")`` saves the page as seen to SCREENS/03-entry-form.png, after checking
    that no template syntax or Python ``None`` shows on it."""
    SCREENS.mkdir(parents=True, exist_ok=True)

    def take(name: str, *, full_page: bool = False, locator=None) -> Path:
        text = page.locator("body").inner_text()
        leak = re.search(r"\{[#%{]|[#%}]\}|\bNone\b|\bnan\b", text)
        assert leak is None, f"{name}: the page shows {leak.group(0)!r}"
        path = SCREENS / f"{name}.png"
        (locator or page).screenshot(path=str(path), **({} if locator is not None else {"full_page": full_page}))
        return path

    return take


@pytest.fixture
def site(live_server):
    """The live server's base URL (the database is committed per test: transactional_db)."""
    return live_server.url


def log_in(page, site: str, username: str, password: str, *, next_path: str = "/") -> None:
    """Log in the way a person does: the login form, typed, then the button."""
    page.goto(f"{site}/login/?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
