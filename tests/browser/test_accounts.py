"""Registration in a real browser leaves the honeypot alone; a suspended member's login
answer passes axe and the Nu checker in both languages."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from .conftest import AppServer
from .helpers import (
    AXE_TAGS,
    LANGUAGES,
    find_nu_checker,
    format_axe,
    format_vnu,
    run_vnu,
    vnu_errors,
)

pytestmark = pytest.mark.browser

PASSWORD = "ein-langes-passwort-fuer-den-test"


def sqlite_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_register_then_suspended_login_page(
    app_server: AppServer, context_for: Any, lang: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base_url = app_server.base_url
    email = f"gesperrt-{lang}@stadt-beispiel.de"
    page = context_for(lang=lang).new_page()
    page.goto(f"{base_url}/auth/register")
    # The honeypot's wrapper is one pixel, its overflow clipped: nothing to see.
    box = page.locator("div:has(> #website)").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box
    # Tabbing from the password field goes to the button, past the honeypot.
    page.locator("#password").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") != "website"
    page.locator("#email").fill(email)
    page.locator("#display_name").fill(f"Gesperrt {lang.upper()}")
    page.locator("#password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/account/profile" in page.url

    now = datetime.now(UTC)
    with sqlite3.connect(app_server.database) as database:
        database.execute(
            "UPDATE users SET suspended_at = ?, suspended_until = ? WHERE email = ?",
            (sqlite_time(now), sqlite_time(now + timedelta(days=14)), email),
        )
    page.context.clear_cookies()

    page.goto(f"{base_url}/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    with page.expect_response(lambda r: r.url.endswith("/auth/login")) as answer:
        page.locator("main form button[type=submit]").click()
    assert answer.value.status == 403
    page.wait_for_load_state("load")
    alert = page.locator("#suspended")
    assert alert.is_visible()
    assert str((now + timedelta(days=14)).year) in alert.inner_text()

    axe = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    violations = axe.response.get("violations", [])
    assert violations == [], format_axe(violations)
    nu_checker = find_nu_checker()
    if nu_checker:
        errors = vnu_errors(run_vnu(*nu_checker, page.content().encode()))
        assert errors == [], format_vnu(errors)
