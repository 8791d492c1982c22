"""Reflow (WCAG 2.1 1.4.10, BITV 2.0): no registered page scrolls sideways on a small screen.

Every page of the registry is loaded at 320 × 640 CSS px with mobile emulation (a phone) and at
640 × 400 (1280 × 800 at 200 % zoom), in German and English, as a reader and as the demo
admin (an editor and moderator: restore buttons, review links, longer headers). Pages that
need a login are loaded as the admin only. A page fails when the document is wider than the
window: ``scrollWidth > clientWidth`` of the root element, after the network is idle (the
web fonts change widths). A table that scrolls inside its own region does not widen the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from .helpers import LANGUAGES, new_context
from .pages import REGISTRY, Page

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Screen:
    name: str
    width: int
    height: int
    mobile: bool


PHONE = Screen("phone", 320, 640, mobile=True)
ZOOM_200 = Screen("zoom200", 640, 400, mobile=False)
SCREENS = (PHONE, ZOOM_200)
ROLES = ("reader", "editor")
# Pages that answer a logged-in member otherwise (elsewhere, or the hidden entry itself,
# checked as "article-hidden-moderator"): checked as a reader only.
READER_ONLY = {"login", "register", "article-hidden"}


def _cases() -> list[Any]:
    cases = []
    for page in REGISTRY:
        for role in ROLES:
            if page.login and role == "reader":
                continue  # a reader is sent to the login page, which is checked on its own
            if page.name in READER_ONLY and role == "editor":
                continue
            for screen in SCREENS:
                for lang in LANGUAGES:
                    cases.append(
                        pytest.param(
                            page,
                            role,
                            screen,
                            lang,
                            id=f"{page.name}-{role}-{screen.name}-{lang}",
                        )
                    )
    return cases


# The elements that stick out past the window's right edge, deepest first, to name the culprit.
OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    // Inside a scroll region the overflow is the region's, not the page's.
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const overflowX = getComputedStyle(up).overflowX;
      if (overflowX !== 'visible') {
        clipped = true;
        break;
      }
    }
    if (clipped) continue;
    const wider = (child) => child.getBoundingClientRect().right > width + 0.5;
    if ([...el.children].some(wider)) continue;
    const named = typeof el.className === 'string' && el.className.trim();
    const cls = named ? '.' + named.split(/\\s+/).join('.') : '';
    wide.push(`${el.tagName.toLowerCase()}${cls} right=${Math.round(box.right)}`);
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 8)};
}"""


class Tabs:
    """One tab per (screen, role, language), reused across pages like a reader's browser."""

    def __init__(self, browser: Any, request: pytest.FixtureRequest) -> None:
        self.browser = browser
        self.request = request
        self.tabs: dict[tuple[str, str, str], Any] = {}

    def get(self, screen: Screen, role: str, lang: str) -> Any:
        key = (screen.name, role, lang)
        if key not in self.tabs:
            state = (
                self.request.getfixturevalue("admin_storage_state") if role == "editor" else None
            )
            options: dict[str, Any] = {
                "viewport": {"width": screen.width, "height": screen.height},
                "storage_state": state,
            }
            if screen.mobile:
                options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
            self.tabs[key] = new_context(self.browser, lang, **options).new_page()
        tab = self.tabs[key]
        if role == "reader":
            tab.context.clear_cookies()
        return tab

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.context.close()


@pytest.fixture(scope="module")
def tabs(browser: Any, request: pytest.FixtureRequest) -> Iterator[Tabs]:
    tabs = Tabs(browser, request)
    yield tabs
    tabs.close()


@pytest.mark.parametrize(("page", "role", "screen", "lang"), _cases())
def test_no_horizontal_scrolling(
    tabs: Tabs, base_url: str, page: Page, role: str, screen: Screen, lang: str
) -> None:
    tab = tabs.get(screen, role, lang)
    response = tab.goto(base_url + page.path, wait_until="networkidle")
    assert response is not None and response.status == page.status, (
        f"{page.path} ({lang}, {role}) answered {response and response.status}"
    )
    assert response.request.redirected_from is None, f"{page.path} ({role}) was redirected"
    tab.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    result = tab.evaluate(OVERFLOW)
    excess = result["scrollWidth"] - result["clientWidth"]
    if screen.mobile:
        # Results first: the header (brand and menu button) takes at most a quarter.
        header = tab.evaluate("document.querySelector('header').getBoundingClientRect().height")
        assert header <= screen.height / 4, (
            f"{page.path} ({lang}, {role}): the header is {header} px tall at {screen.height} px"
        )
    assert excess <= 0, (
        f"{page.path} ({lang}, {role}) at {screen.width}×{screen.height} scrolls sideways by "
        f"{excess} px (scrollWidth {result['scrollWidth']} > clientWidth {result['clientWidth']});"
        f" sticking out: {', '.join(result['wide']) or '(none found)'}"
    )


# The smallest label of a chart as rendered: the SVG scales its 13-unit text with its width.
SMALLEST_CHART_TEXT = """() => Math.min(...[...document.querySelectorAll('svg.chart text')].map(
 (t) => {
  const svg = t.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(t).fontSize) * scale;
}))"""


@pytest.mark.parametrize("screen", SCREENS, ids=[screen.name for screen in SCREENS])
def test_census_chart_labels_stay_legible(tabs: Tabs, base_url: str, screen: Screen) -> None:
    tab = tabs.get(screen, "reader", "de")
    tab.goto(f"{base_url}/authorities/census", wait_until="networkidle")
    assert tab.locator("svg.chart text").count() > 0
    smallest = tab.evaluate(SMALLEST_CHART_TEXT)
    assert smallest >= 12, f"a census chart label renders at {smallest:.1f} px at {screen.width} px"


# --- the folding menu and filters ---------------------------------------------------------

WIDE = Screen("wide", 1280, 800, mobile=False)


def _open_page(browser: Any, base_url: str, screen: Screen, path: str, script: bool) -> Any:
    options: dict[str, Any] = {
        "viewport": {"width": screen.width, "height": screen.height},
        "java_script_enabled": script,
    }
    if screen.mobile:
        options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
    tab = new_context(browser, "de", **options).new_page()
    tab.goto(base_url + path, wait_until="networkidle")
    return tab


@pytest.mark.parametrize("script", [True, False], ids=["js", "nojs"])
def test_wide_screens_show_the_menu_and_filters_as_they_are(
    browser: Any, base_url: str, script: bool
) -> None:
    tab = _open_page(browser, base_url, WIDE, "/events/", script)
    try:
        assert tab.get_by_role("navigation", name="Hauptnavigation").is_visible()
        assert tab.get_by_role("search").first.is_visible()
        assert tab.locator(".filter-panel form").is_visible()
        assert not tab.locator(".site-menu__toggle").is_visible()
        assert not tab.locator(".filter-panel__summary").is_visible()
    finally:
        tab.context.close()


def test_phones_fold_the_menu_and_idle_filters_with_javascript(browser: Any, base_url: str) -> None:
    tab = _open_page(browser, base_url, PHONE, "/events/", True)
    try:
        assert not tab.get_by_role("navigation", name="Hauptnavigation").is_visible()
        assert not tab.locator(".filter-panel form").is_visible()
        tab.locator(".site-menu__toggle").click()
        assert tab.get_by_role("navigation", name="Hauptnavigation").is_visible()
        tab.locator(".filter-panel__summary").click()
        assert tab.locator(".filter-panel form").is_visible()
        # An active filter stays in view.
        tab.goto(base_url + "/events/?land=BY", wait_until="networkidle")
        assert tab.locator(".filter-panel form").is_visible()
        # Turned to a wide screen, nothing stays folded.
        tab.goto(base_url + "/events/", wait_until="networkidle")
        tab.set_viewport_size({"width": WIDE.width, "height": WIDE.height})
        assert tab.get_by_role("navigation", name="Hauptnavigation").is_visible()
        assert tab.locator(".filter-panel form").is_visible()
    finally:
        tab.context.close()


def test_phones_without_javascript_hide_nothing(browser: Any, base_url: str) -> None:
    tab = _open_page(browser, base_url, PHONE, "/events/", False)
    try:
        assert tab.get_by_role("navigation", name="Hauptnavigation").is_visible()
        assert tab.locator(".filter-panel form").is_visible()
    finally:
        tab.context.close()
