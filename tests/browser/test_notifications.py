"""Notifications with htmx: marking one as read swaps the item and the header's counter
in place; without JavaScript the same forms post and come back."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .helpers import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, login

pytestmark = pytest.mark.browser

COUNTER = "#header-notifications .kern-badge"


def unread_count(page: Any) -> int:
    badge = page.locator(COUNTER)
    if badge.count() == 0:
        return 0
    return int(re.sub(r"\D", "", badge.inner_text()))


@pytest.mark.parametrize("js", [True, False])
def test_mark_one_read(context_for: Any, base_url: str, js: bool) -> None:
    page = context_for(js=js).new_page()
    login(page, base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    page.goto(f"{base_url}/notifications")
    before = unread_count(page)
    if before == 0:
        pytest.skip("the demo admin has no unread notification left")
    unread = page.locator("li.notification--unread").first
    item_id = unread.get_attribute("id")
    page.evaluate("window.__marker = 'no reload'")
    # The button of the form that marks it read (the other one opens it).
    unread.locator("form[action$='/read'] button").click()
    page.locator(f"#{item_id}:not(.notification--unread)").wait_for(timeout=5_000)
    assert page.locator(f"#{item_id} .kern-badge").count() == 0
    page.locator(COUNTER if before > 1 else "#header-notifications").wait_for(timeout=5_000)
    assert unread_count(page) == before - 1
    if js:
        assert page.evaluate("window.__marker") == "no reload"
        assert page.locator("#live-region").inner_text().strip()
