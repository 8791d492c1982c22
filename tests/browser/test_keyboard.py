"""Keyboard use: the skip link comes first and works, focus is always visible."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import FOCUS_VISIBLE, new_context

pytestmark = pytest.mark.browser


def test_skip_link_is_first_and_moves_to_main(browser: Any, base_url: str) -> None:
    context = new_context(browser, "de")
    page = context.new_page()
    page.goto(f"{base_url}/impressum")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )
    assert focused == ["Zum Inhalt springen", "#main"]
    box = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert box >= 0, "the focused skip link must be on screen"
    assert page.evaluate(FOCUS_VISIBLE)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


@pytest.mark.parametrize("path", ["/", "/auth/register"])
def test_every_focus_stop_is_visible(browser: Any, base_url: str, path: str) -> None:
    context = new_context(browser, "de")
    page = context.new_page()
    page.goto(f"{base_url}{path}")
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement.tagName")
        if tag == "BODY":
            break
        description = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {description}"
        seen += 1
    assert seen >= 5
    context.close()
