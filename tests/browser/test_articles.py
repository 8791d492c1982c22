"""The knowledge base with htmx: live preview, autosave, filters, comments, likes, bookmarks."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, login, new_context
from .pages import DEMO_ARTICLE

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
    page.locator("#autosave-status", has_text=re.compile(r"(Gespeichert um|Saved at) \d")).wait_for(
        timeout=15_000
    )
    slug = page.locator("#draft_slug").input_value()
    assert slug.startswith("browsertest-")
    # Further typing saves into the same draft; publishing does not create a copy.
    page.locator("#body").fill("## Zwischenüberschrift\n\nZweite Fassung.")
    page.wait_for_timeout(2_500)
    page.locator("button[name=action][value=publish]").click()
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


# Playwright's expect() polls without eval(), which the CSP (script-src 'self') forbids.
def wait_pressed(page: Any, kind: str, state: str) -> None:
    expect(page.locator(f"[id^='{kind}-article-']")).to_have_attribute("aria-pressed", state)


def test_comment_like_and_bookmark_with_htmx(admin_page: Any, base_url: str) -> None:
    page = admin_page
    page.goto(f"{base_url}/articles/{DEMO_ARTICLE}")
    page.evaluate("window.__marker = 'no reload'")

    # Like: the button swaps itself, the count moves, focus stays on it.
    like = page.locator("[id^='like-article-']")
    pressed_before = like.get_attribute("aria-pressed")
    label_before = like.inner_text()
    like.focus()
    with page.expect_response(lambda r: r.url.endswith("/like")):
        like.click()
    expected = "false" if pressed_before == "true" else "true"
    wait_pressed(page, "like", expected)
    assert page.locator("[id^='like-article-']").inner_text() != label_before
    expect(page.locator("[id^='like-article-']")).to_be_focused()

    # Bookmark: toggled in place, and listed under "Meine Lesezeichen".
    bookmark = page.locator("[id^='bookmark-article-']")
    if bookmark.get_attribute("aria-pressed") == "true":
        with page.expect_response(lambda r: r.url.endswith("/bookmark")):
            bookmark.click()
        wait_pressed(page, "bookmark", "false")
    with page.expect_response(lambda r: r.url.endswith("/bookmark")):
        page.locator("[id^='bookmark-article-']").click()
    wait_pressed(page, "bookmark", "true")

    # Comment: posted inline, the list grows, the form is empty again, nothing reloaded.
    text = f"Kommentar aus dem Browsertest {uuid.uuid4().hex[:6]}"
    heading = page.locator("#comments-heading").inner_text()
    form = page.locator("#comment-form")
    form.locator("textarea").fill(text)
    with page.expect_response(lambda r: r.url.endswith("/comments")) as answer:
        form.get_by_role("button").click()
    assert answer.value.status == 200
    page.locator("#comments article", has_text=text).wait_for()
    assert page.locator("#comments-heading").inner_text() != heading
    assert page.locator("#comment-form textarea").input_value() == ""
    assert "Kommentar" in page.locator("#live-region").inner_text()
    assert page.evaluate("window.__marker") == "no reload"

    page.goto(f"{base_url}/account/bookmarks")
    assert page.locator("main a", has_text="Facebook-Seite").count() >= 1
