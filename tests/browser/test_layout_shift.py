"""Nothing moves when the page's script arrives late (Lighthouse's cumulative layout shift).

On a phone js/disclosures.js folds the header's menu and idle filter panels. It is deferred,
so on a slow line the page is painted before it runs; site.css shows those disclosures
folded from the first paint, so folding them moves nothing. Here the script is held back
for a moment, as a slow network would, and the layout shifts the browser reports are
summed as Lighthouse sums them.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from .helpers import new_context
from .pages import DEMO_ARTICLE, DEMO_EVENT

pytestmark = pytest.mark.browser

PAGES = ["/", "/articles/", "/events/", f"/articles/{DEMO_ARTICLE}", f"/events/{DEMO_EVENT}"]
PHONE = {"width": 360, "height": 640}
SCRIPT_DELAY_S = 0.6
# Lighthouse counts 0.1 as poor; a page whose menu unfolds then folds moves by 0.3 to 0.7.
MAX_SHIFT = 0.01

SHIFTS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
    }
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 300);
})"""


@pytest.mark.parametrize("path", PAGES)
def test_folding_on_a_phone_moves_nothing(browser: Any, base_url: str, path: str) -> None:
    context = new_context(browser, "de", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()

    def late(route: Any) -> None:
        time.sleep(SCRIPT_DELAY_S)
        route.continue_()

    page.route("**/js/disclosures*.js", late)
    try:
        page.goto(base_url + path, wait_until="load")
        # The script ran: the menu is folded and marked as fitted.
        menu = page.locator("details.site-menu")
        assert menu.get_attribute("data-fitted") is not None
        assert menu.evaluate("(element) => element.open") is False
        shift = page.evaluate(SHIFTS)
        assert shift <= MAX_SHIFT, f"{path}: cumulative layout shift {shift:.3f}"
    finally:
        context.close()
