"""Forms in their error states: axe and the Nu checker on what a user sees after a
mistake, both as a full page and after an htmx swap.

(axe runs inside the page, so every context here has JavaScript on; the registration
form itself submits as a plain form either way.)"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import (
    AXE_TAGS,
    DEMO_ADMIN_EMAIL,
    DEMO_PASSWORD,
    format_axe,
    format_vnu,
    login,
    new_context,
    nu_checker_or_skip,
    run_vnu,
    vnu_errors,
)

pytestmark = pytest.mark.browser


def axe_violations(page: Any) -> list[dict[str, Any]]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return results.response["violations"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_registration_errors_full_page(browser: Any, base_url: str, lang: str) -> None:
    java, jar = nu_checker_or_skip()
    context = new_context(browser, lang)
    page = context.new_page()
    page.goto(f"{base_url}/auth/register")
    # "Already registered" is said only for an otherwise valid form: a malformed address.
    page.locator("#email").fill("name.stadt-beispiel.de")
    page.locator("#password").fill("passwort")
    submitted = f"{base_url}/auth/register"
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url == submitted
    ) as answer:
        page.locator("main form button[type=submit]").click()
    response = answer.value
    body = response.body()
    assert response.status == 422
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert page.locator("#email").input_value() == "name.stadt-beispiel.de"
    violations = axe_violations(page)
    assert not violations, format_axe(violations)
    errors = vnu_errors(run_vnu(java, jar, body))
    assert not errors, format_vnu(errors)
    context.close()


def _press_register(page: Any, base_url: str, while_held: Any = None) -> Any:
    """Press the form's button for 150 ms, as a person does, and return the form's answer."""
    button = page.locator("main form button[type=submit]")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    submitted = f"{base_url}/auth/register"
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url == submitted, timeout=10_000
    ) as answer:
        page.mouse.down()
        if while_held is not None:
            while_held()
        page.wait_for_timeout(150)
        page.mouse.up()
    return answer.value


def test_a_press_on_register_is_not_lost_to_the_password_check(browser: Any, base_url: str) -> None:
    """Pressing the button leaves the password field, whose check would answer while the
    button is held down: the message it adds would move the button, and the release would
    land beside it. The check steps aside and the press submits the form."""
    context = new_context(browser, "de")
    page = context.new_page()
    page.goto(f"{base_url}/auth/register")
    page.locator("#email").fill("name.stadt-beispiel.de")
    page.locator("#display_name").fill("Testperson")
    page.locator("#email-error").wait_for(state="visible")
    page.locator("#password").fill("passwort")
    assert _press_register(page, base_url).status == 422
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#password")).to_have_attribute("aria-invalid", "true")
    context.close()


def test_a_check_that_answers_during_a_press_is_not_swapped_in(browser: Any, base_url: str) -> None:
    """The address's check was sent before the press and answers while the button is held
    down: its message would move the button, so it is not swapped in. (The window is tall
    enough for the whole form: when the page has been scrolled, the browser's scroll
    anchoring keeps the button in place for changes above it.)"""
    context = new_context(browser, "de", viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    held: list[Any] = []
    page.route("**/auth/register/check/email", lambda route: held.append(route))
    page.goto(f"{base_url}/auth/register")
    page.locator("#email").fill("name.stadt-beispiel.de")
    page.locator("#display_name").fill("Testperson")
    page.locator("#password").fill("passwort")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert len(held) == 1, "the address's check was not sent"

    def answer_the_check() -> None:
        with page.expect_response("**/auth/register/check/email"):
            held[0].continue_()

    assert _press_register(page, base_url, while_held=answer_the_check).status == 422
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    context.close()


def test_inline_validation_state_is_accessible(browser: Any, base_url: str) -> None:
    context = new_context(browser, "de")
    page = context.new_page()
    page.goto(f"{base_url}/auth/register")
    page.locator("#email").fill("name.stadt-beispiel.de")
    page.locator("#display_name").focus()
    page.locator("#email-error").wait_for(state="visible")
    # Focus stayed where the user went; the message was announced, not shown twice.
    assert page.evaluate("document.activeElement.id") == "display_name"
    assert "gültige E-Mail-Adresse" in page.locator("#live-region").inner_text()
    assert page.locator("#live-region .kern-alert").count() == 0
    violations = axe_violations(page)
    assert not violations, format_axe(violations)
    context.close()


def test_profile_errors_after_htmx_swap(browser: Any, base_url: str) -> None:
    context = new_context(browser, "de")
    page = context.new_page()
    login(page, base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    page.goto(f"{base_url}/account/profile")
    url_before = page.url
    page.locator("#display_name").fill("K")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("#profile-submit").click()
    assert answer.value.status == 422
    assert answer.value.request.headers.get("x-csrftoken")
    page.locator("#display_name-error").wait_for(state="visible")
    assert page.url == url_before  # swapped in place, no page load
    # Focus moves to the error summary that came with the swap (htmx settles it).
    expect(page.locator("#error-summary")).to_be_focused(timeout=5_000)
    violations = axe_violations(page)
    assert not violations, format_axe(violations)

    page.locator("#display_name").fill("Katrin Hoffmann")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("#profile-submit").click()
    assert answer.value.status == 200
    page.locator("#live-region .kern-alert").wait_for(state="visible")
    assert "gespeichert" in page.locator("#live-region").inner_text()
    expect(page.locator("#profile-submit")).to_be_focused(timeout=5_000)
    context.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_suspended_login_and_appeal_errors(browser: Any, base_url: str, lang: str) -> None:
    """The demo's suspended member (kai.brenner) logs in: the statement of reasons and the
    appeal form; an empty appeal comes back with its message next to the field. Nothing is
    stored, so the demo keeps its open appeal form for the next run."""
    java, jar = nu_checker_or_skip()
    context = new_context(browser, lang)
    page = context.new_page()
    page.goto(f"{base_url}/auth/login")
    page.locator("#email").fill("kai.brenner@demo.example.org")
    page.locator("#password").fill(DEMO_PASSWORD)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("main form[action$='/auth/login'] button[type=submit]").click()
    assert answer.value.status == 403
    expect(page.locator("form[action$='/moderation/suspension-appeal']")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, format_axe(violations)
    errors = vnu_errors(run_vnu(java, jar, answer.value.body()))
    assert not errors, format_vnu(errors)

    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.locator("form[action$='/moderation/suspension-appeal'] button[type=submit]").click()
    assert sent.value.status == 422
    assert page.locator("#statement").get_attribute("aria-invalid") == "true"
    violations = axe_violations(page)
    assert not violations, format_axe(violations)
    errors = vnu_errors(run_vnu(java, jar, sent.value.body()))
    assert not errors, format_vnu(errors)
    context.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_database_unavailable_page(browser: Any, base_url: str, lang: str, tmp_path: Any) -> None:
    """The 503 page (kb.unavailable), made by an app whose database cannot be opened and
    shown at the test server's origin, so that its stylesheet loads."""
    from tests.conftest import make_app

    java, jar = nu_checker_or_skip()
    app = make_app(f"sqlite:///{tmp_path}/missing-dir/sub/none.db")
    answer = app.test_client().get("/articles/", headers={"Accept-Language": lang})
    assert answer.status_code == 503
    body = answer.get_data()
    errors = vnu_errors(run_vnu(java, jar, body))
    assert not errors, format_vnu(errors)
    context = new_context(browser, lang)
    page = context.new_page()
    page.route(
        f"{base_url}/unavailable-page",
        lambda route: route.fulfill(status=503, body=body, content_type="text/html"),
    )
    page.goto(f"{base_url}/unavailable-page")
    expect(page.locator("h1")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, format_axe(violations)
    context.close()
