"""Bytes on the wire: every registered page is light on a first visit, and a second visit
costs little more than its HTML (issue 13: readers on slow, filtered networks).

Each page is loaded in a fresh browser context (a cold cache), then once more in the same
context. What counts is what Chromium received: `encodedDataLength` of every finished
request (compressed body and headers), from the DevTools protocol. Bytes, not time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from .helpers import new_context
from .pages import REGISTRY, Page

pytestmark = pytest.mark.browser

FIRST_VISIT_LIMIT = 150 * 1000
SECOND_VISIT_LIMIT_BEYOND_HTML = 20 * 1000


@dataclass(frozen=True)
class Transfer:
    url: str
    resource_type: str
    size: int


class NetworkLog:
    """The requests a tab finished, with the bytes each one took on the wire."""

    def __init__(self, page: Any) -> None:
        self.started: dict[str, tuple[str, str]] = {}
        self.finished: list[Transfer] = []
        session = page.context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", self._request)
        session.on("Network.loadingFinished", self._finished)
        session.send("Network.enable")
        self.session = session

    def _request(self, event: dict[str, Any]) -> None:
        self.started[event["requestId"]] = (event["request"]["url"], event.get("type", ""))

    def _finished(self, event: dict[str, Any]) -> None:
        url, resource_type = self.started.get(event["requestId"], ("?", "?"))
        self.finished.append(Transfer(url, resource_type, int(event["encodedDataLength"])))

    def visit(self, page: Any, url: str) -> list[Transfer]:
        self.finished = []
        page.goto(url, wait_until="networkidle")
        # Fonts are requested once the text is laid out; wait until they are in.
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        return list(self.finished)


def describe(transfers: list[Transfer]) -> str:
    return "\n".join(
        f"  {item.size:>8} {item.resource_type:<10} {item.url}"
        for item in sorted(transfers, key=lambda item: -item.size)
    )


@pytest.fixture
def fresh_tab(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(login: bool) -> Any:
        state = request.getfixturevalue("admin_storage_state") if login else None
        context = new_context(browser, "de", storage_state=state)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("page_spec", [pytest.param(page, id=page.name) for page in REGISTRY])
def test_first_and_second_visit_transfer_few_bytes(
    fresh_tab: Any, base_url: str, page_spec: Page
) -> None:
    page = fresh_tab(page_spec.login)
    log = NetworkLog(page)
    url = base_url + page_spec.path

    first = log.visit(page, url)
    assert [item for item in first if item.resource_type == "Document"], "the page did not load"
    total = sum(item.size for item in first)
    assert total <= FIRST_VISIT_LIMIT, (
        f"{page_spec.path}: a first visit transfers {total} bytes"
        f" (at most {FIRST_VISIT_LIMIT}):\n{describe(first)}"
    )

    second = log.visit(page, url)
    beyond_html = [item for item in second if item.resource_type != "Document"]
    extra = sum(item.size for item in beyond_html)
    assert extra <= SECOND_VISIT_LIMIT_BEYOND_HTML, (
        f"{page_spec.path}: a second visit transfers {extra} bytes besides the HTML"
        f" (at most {SECOND_VISIT_LIMIT_BEYOND_HTML}):\n{describe(second)}"
    )


def test_the_log_counts_what_a_cold_cache_loads(fresh_tab: Any, base_url: str) -> None:
    """The measurement itself: a cold start page loads its stylesheets, script and the
    preloaded font over the network, and a second visit takes them from the cache."""
    page = fresh_tab(False)
    log = NetworkLog(page)
    first = log.visit(page, base_url + "/")
    kinds = {item.resource_type for item in first if item.size > 0}
    assert {"Document", "Stylesheet", "Script", "Font"} <= kinds, describe(first)
    assert sum(item.size for item in first if item.resource_type == "Stylesheet") > 5000
    second = log.visit(page, base_url + "/")
    assert not [item for item in second if item.resource_type == "Font" and item.size > 0]
