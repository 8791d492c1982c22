"""The moderation queue in the browser: its filters swap the list with htmx (and work as a
plain form without), and an action's form answers an incomplete reason next to the field.

Nothing is decided here: the demo's queue stays as the page registry expects it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, Loads, login, settled

pytestmark = pytest.mark.browser

JS_MODES = [pytest.param(True, id="js"), pytest.param(False, id="nojs")]

# kb/moderation/demo_queue.py: a new member's held comment and an appealed decision.
HELD_COMMENT = "Danke für die Checkliste!"


def card_titles(page: Any) -> list[str]:
    titles: list[str] = page.locator(".moderation-item h3").all_inner_texts()
    return titles


@pytest.mark.parametrize("js", JS_MODES)
def test_filters_narrow_the_queue(context_for: Any, base_url: str, js: bool) -> None:
    page = context_for(js).new_page()
    login(page, base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    page.goto(f"{base_url}/moderation/")
    assert any(HELD_COMMENT in title for title in card_titles(page))
    loads = Loads(page)
    heading = page.locator("h1").element_handle()
    what = page.locator("#what")
    if js:
        with page.expect_response(
            lambda r: r.request.headers.get("hx-request") == "true" and "what=held" in r.url
        ) as answer:
            what.select_option("held")
        assert answer.value.status == 200
        expect(page).to_have_url(re.compile(r"/moderation/\?(.*&)?what=held(&|$)"))
        settled(page)
        assert loads.urls == [], f"changing a filter loaded the page: {loads.urls}"
        assert heading.evaluate("el => el.isConnected"), "the <h1> was replaced: a page load"
    else:
        what.select_option("held")
        assert loads.urls == []
        page.locator("form.filters button[type=submit]").click()
        page.wait_for_url(re.compile(r"what=held"))
    titles = card_titles(page)
    assert titles and any(HELD_COMMENT in title for title in titles)
    # Only held posts: the appeal is not among them.
    expect(page.locator(".moderation-item", has_text="Appeal")).to_have_count(0)
    expect(page.locator(".moderation-item", has_text="Einspruch")).to_have_count(0)


@pytest.mark.parametrize("js", JS_MODES)
def test_an_action_without_facts_is_refused_next_to_the_field(
    context_for: Any, base_url: str, js: bool
) -> None:
    page = context_for(js).new_page()
    login(page, base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    page.goto(f"{base_url}/moderation/?what=held&type=comment")
    page.locator(".moderation-item", has_text=HELD_COMMENT).locator("a.kern-btn").click()
    page.wait_for_url(re.compile(r"/moderation/items/comment/\d+$"))
    # The first button approves; without facts nothing is decided.
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("form button[formaction$='/approve']").click()
    assert answer.value.status == 422
    assert answer.value.url.endswith("/approve")
    expect(page.locator("#facts-error")).to_be_visible()
    expect(page.locator("#facts")).to_have_attribute("aria-invalid", "true")
    page.goto(f"{base_url}/moderation/?what=held&type=comment")
    assert any(HELD_COMMENT in title for title in card_titles(page))
