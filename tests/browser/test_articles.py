"""The knowledge base with htmx: live preview, autosave, filters, comments, likes, bookmarks."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from .helpers import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, login, new_context

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_page(browser: Any, base_url: str) -> Any:
    context = new_context(browser, "de")
    page = context.new_page()
    login(page, base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    yield page
    context.close()


def test_live_preview_and_autosave(admin_page: Any, base_url: str) -> None:
    page = admin_page
    page.goto(f"{base_url}/articles/new")
    title = f"Browsertest {uuid.uuid4().hex[:6]}"
    page.locator("#title").fill(title)
    page.locator("#body").fill("## Zwischenüberschrift\n\nText mit **Betonung** <script>x</script>")
    preview = page.locator("#preview")
    preview.locator("h2", has_text="Zwischenüberschrift").wait_for(timeout=5_000)
    assert preview.locator("strong", has_text="Betonung").count() == 1
    assert preview.locator("script").count() == 0
    # Autosave: a few seconds after typing stops, the status says when it saved.
    page.locator("#autosave-status", has_text=re.compile(r"Gespeichert um \d")).wait_for(
        timeout=15_000
    )
    slug = page.locator("#draft_slug").input_value()
    assert slug.startswith("browsertest-")
    # Further typing saves into the same draft; publishing does not create a copy.
    page.locator("#body").fill("## Zwischenüberschrift\n\nZweite Fassung.")
    page.wait_for_timeout(2_500)
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url(f"{base_url}/articles/{slug}")
    assert "Zweite Fassung." in page.locator("article").inner_text()
    page.goto(f"{base_url}/articles/drafts")
    assert title not in page.locator("main").inner_text()


def test_filters_update_in_place_and_push_the_url(browser: Any, base_url: str) -> None:
    context = new_context(browser, "de")
    page = context.new_page()
    page.goto(f"{base_url}/articles/")
    page.evaluate("window.__marker = 'no reload'")
    with page.expect_response(lambda r: "/articles/?" in r.url):
        page.locator("#filter-topic").select_option("datenschutz-recht")
    page.wait_for_url(re.compile(r"topic=datenschutz-recht"))
    assert page.evaluate("window.__marker") == "no reload"  # swapped, not reloaded
    items = page.locator("#article-list h3")
    assert items.count() >= 1
    assert "Facebook-Seite" in page.locator("#article-list").inner_text()
    context.close()
