"""A new person's first visit: register, log out, log in, log out; with and without JavaScript.

With JavaScript the register form also validates fields as they are left (htmx): the
person first types an address without its "@", sees the message next to the field without
a page load, corrects it, and registers. (The live check tells nothing about whether an
address is registered: an address that is taken passes it.)
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from .helpers import DEMO_ADMIN_EMAIL, LOGOUT_NAME, login, logout, new_context

pytestmark = pytest.mark.browser

SESSION_COOKIE = "amtsnetz_session"
PASSWORD = "Fichtenzapfen-Laterne-Quarzsand-73"
JS_MODES = [pytest.param(True, id="js"), pytest.param(False, id="nojs")]

EMAIL_LABEL = "E-Mail-Adresse"
NAME_LABEL = "Öffentlich angezeigter Name"
PASSWORD_LABEL = "Passwort"


def _register_form(page: Any) -> Any:
    return page.get_by_role("main").locator("form", has=page.get_by_label(NAME_LABEL, exact=True))


def _without_values(cookies: list[Any]) -> list[dict[str, Any]]:
    """Cookies for messages, without their (secret) values."""
    return [{k: v for k, v in c.items() if k != "value"} for c in cookies]


def _described_text(page: Any, field: Any) -> str:
    """Text of the elements a form field names in aria-describedby."""
    ids = (field.get_attribute("aria-describedby") or "").split()
    return " ".join(page.locator(f'[id="{i}"]').inner_text() for i in ids).strip()


@pytest.mark.parametrize("js", JS_MODES)
def test_anonymous_visit_sets_no_cookie(browser: Any, base_url: str, js: bool) -> None:
    context = new_context(browser, "de", java_script_enabled=js)
    try:
        page = context.new_page()
        response = page.goto(f"{base_url}/")
        assert response is not None and response.status == 200
        page.wait_for_load_state("networkidle")
        cookies = context.cookies()
        assert cookies == [], f"an anonymous visit to / set cookies: {_without_values(cookies)}"
    finally:
        context.close()


def _check_inline_validation(page: Any, new_email: str) -> None:
    """Leaving a field validates it in place (htmx) and never reloads the page."""
    form = _register_form(page)
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.evaluate("window.__noReloadMarker = 'still-here'")

    # A malformed address: the message appears in the e-mail field's block.
    email = form.get_by_label(EMAIL_LABEL, exact=True)
    email.fill("name.stadt-beispiel.de")
    email.press("Tab")
    field_block = form.locator("div", has=page.locator('input[name="email"]')).last
    field_block.get_by_text(re.compile("gültige E-Mail-Adresse")).wait_for(
        state="visible", timeout=10_000
    )
    email = form.get_by_label(EMAIL_LABEL, exact=True)
    assert email.get_attribute("aria-invalid") == "true", (
        "the e-mail field with the format error lacks aria-invalid=true"
    )
    assert "gültige E-Mail-Adresse" in _described_text(page, email), (
        "the format message is not tied to the e-mail field by aria-describedby"
    )

    # Corrected: the error goes away.
    email.fill(new_email)
    email.press("Tab")
    field_block.get_by_text(re.compile("gültige E-Mail-Adresse")).wait_for(
        state="detached", timeout=10_000
    )
    email = form.get_by_label(EMAIL_LABEL, exact=True)
    assert email.input_value() == new_email
    assert email.get_attribute("aria-invalid") != "true"

    # An address that is registered passes the live check like any other.
    with page.expect_response(lambda r: "/auth/register/check/email" in r.url) as answer:
        email.fill(DEMO_ADMIN_EMAIL)
        email.press("Tab")
    assert answer.value.status == 200
    email = form.get_by_label(EMAIL_LABEL, exact=True)
    assert email.get_attribute("aria-invalid") != "true"
    assert "bereits registriert" not in field_block.inner_text()
    email.fill(new_email)

    # The password field tells how strong the password is.
    form.get_by_label(NAME_LABEL, exact=True).fill("Testperson")
    password = form.get_by_label(PASSWORD_LABEL, exact=True)
    password.fill(PASSWORD)
    password.press("Tab")
    strength_message = form.locator("div", has=page.locator('input[name="password"]')).last
    strength_message.get_by_text(re.compile(r"Passwortstärke: \w")).wait_for(
        state="visible", timeout=10_000
    )
    password = form.get_by_label(PASSWORD_LABEL, exact=True)
    strength = _described_text(page, password)
    assert re.search(r"Passwortstärke: \w", strength), (
        f"the password strength message is not tied to the password field: {strength!r}"
    )

    assert page.evaluate("window.__noReloadMarker") == "still-here", (
        "inline validation reloaded the page"
    )
    assert navigations == [], f"inline validation navigated: {navigations}"


@pytest.mark.parametrize("js", JS_MODES)
def test_register_login_logout(browser: Any, base_url: str, js: bool) -> None:
    context = new_context(browser, "de", java_script_enabled=js)
    try:
        page = context.new_page()
        tag = uuid.uuid4().hex[:10]
        email = f"browser-{tag}@stadt-beispiel.de"
        display_name = f"Testperson {tag}"

        # Register; the new account is logged in right away.
        page.goto(f"{base_url}/auth/register")
        if js:
            _check_inline_validation(page, email)
        form = _register_form(page)
        form.get_by_label(EMAIL_LABEL, exact=True).fill(email)
        form.get_by_label(NAME_LABEL, exact=True).fill(display_name)
        form.get_by_label(PASSWORD_LABEL, exact=True).fill(PASSWORD)
        form.get_by_role("button", name="Registrieren", exact=True).click()
        page.get_by_role("button", name=LOGOUT_NAME).wait_for(state="visible", timeout=10_000)

        cookies = _without_values(context.cookies())
        session = [c for c in cookies if c["name"] == SESSION_COOKIE]
        assert session, f"no {SESSION_COOKIE} cookie after registration: {cookies}"
        assert session[0]["httpOnly"] is True, f"session cookie is not HttpOnly: {session[0]}"
        assert session[0]["sameSite"] == "Lax", f"session cookie is not SameSite=Lax: {session[0]}"

        # Log out: the header offers the login link again.
        logout(page)

        # Log in: the header names the person and links to the public profile.
        login(page, base_url, email, PASSWORD)
        header = page.locator("header")
        profile_link = header.get_by_role("link", name=display_name, exact=True)
        profile_link.wait_for(state="visible")
        href = profile_link.get_attribute("href") or ""
        assert href.startswith("/users/"), f"the name in the header links to {href!r}"
        response = page.request.get(base_url + href)
        assert response.status == 200, f"{href} answered {response.status}"

        logout(page)
        assert header.get_by_role("link", name=display_name, exact=True).count() == 0
    finally:
        context.close()
