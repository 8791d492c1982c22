"""Every registered page, in German and English: axe-core, Nu HTML checker, origins, lang.

Each (page, language) is loaded once; the checks below read the recorded result.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest

from .helpers import (
    AXE_TAGS,
    LANGUAGES,
    find_nu_checker,
    format_axe,
    format_vnu,
    is_same_origin,
    new_context,
    nu_checker_or_skip,
    origin_of,
    run_vnu,
    vnu_errors,
)
from .pages import REGISTRY, Page

pytestmark = pytest.mark.browser

CASES = [
    pytest.param(page, lang, id=f"{page.name}-{lang}") for page in REGISTRY for lang in LANGUAGES
]


@dataclass
class Loaded:
    url: str
    status: int
    redirected_from: str | None
    body: bytes
    content_type: str
    html_lang: str | None
    requests: list[str] = field(default_factory=list)
    axe_violations: list[dict[str, Any]] = field(default_factory=list)
    # The Nu checker runs in the background while the next page loads.
    nu_messages: Future[list[dict[str, Any]]] | None = None


class PageLoader:
    """Loads each (page, language) once and keeps what the checks need.

    One browser tab per language and login serves every page, as a reader's browser
    would: its HTTP cache keeps the stylesheet, fonts and script after the first page,
    so each page costs its own HTML and checks, not a new tab and a cold download of
    every asset. Anonymous tabs start each page without cookies.
    """

    def __init__(
        self,
        browser: Any,
        base_url: str,
        request: pytest.FixtureRequest,
        executor: ThreadPoolExecutor,
    ) -> None:
        self.browser = browser
        self.base_url = base_url
        self.request = request
        self.executor = executor
        self.nu_checker = find_nu_checker()
        self.cache: dict[tuple[str, str, bool], Loaded | BaseException] = {}
        self.tabs: dict[tuple[str, bool], tuple[Any, list[str]]] = {}

    def tab(self, lang: str, login: bool) -> tuple[Any, list[str]]:
        """The tab for this language and login, and the list it records requests in."""
        key = (lang, login)
        if key not in self.tabs:
            state = self.request.getfixturevalue("admin_storage_state") if login else None
            tab = new_context(self.browser, lang, storage_state=state).new_page()
            requests: list[str] = []
            tab.on("request", lambda request: requests.append(request.url))
            self.tabs[key] = (tab, requests)
        tab, requests = self.tabs[key]
        if not login:
            tab.context.clear_cookies()
        requests.clear()
        return tab, requests

    def close(self) -> None:
        for tab, _requests in self.tabs.values():
            tab.context.close()

    def get(self, page: Page, lang: str) -> Loaded:
        key = (page.path, lang, page.login)
        if key not in self.cache:
            try:
                self.cache[key] = self._load(page, lang)
            except Exception as exc:
                self.cache[key] = exc
        result = self.cache[key]
        if isinstance(result, BaseException):
            raise AssertionError(f"loading {page.path} ({lang}) failed: {result}") from result
        return result

    def _load(self, page: Page, lang: str) -> Loaded:
        from axe_playwright_python.sync_playwright import Axe

        tab, requests = self.tab(lang, page.login)
        url = self.base_url + page.path
        response = tab.goto(url, wait_until="load")
        assert response is not None, f"no response for {url}"
        # No page starts a request after "load" (no htmx trigger fires on load), so
        # instead of Playwright's "networkidle" (half a second of silence per page)
        # wait for the web fonts, the last thing a page fetches. Requests made while
        # axe runs below are still recorded.
        tab.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        redirected = response.request.redirected_from
        html_lang = tab.evaluate("document.documentElement.getAttribute('lang')")
        axe = Axe().run(
            tab,
            options={
                "runOnly": {"type": "tag", "values": AXE_TAGS},
                "resultTypes": ["violations"],
            },
        )
        body = response.body()
        return Loaded(
            url=response.url,
            status=response.status,
            redirected_from=redirected.url if redirected else None,
            body=body,
            content_type=response.headers.get("content-type", ""),
            html_lang=html_lang,
            requests=list(requests),
            axe_violations=list(axe.response.get("violations", [])),
            nu_messages=(
                self.executor.submit(run_vnu, *self.nu_checker, body) if self.nu_checker else None
            ),
        )


@pytest.fixture(scope="module")
def loader(browser: Any, base_url: str, request: pytest.FixtureRequest) -> Iterator[PageLoader]:
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vnu") as executor:
        loader = PageLoader(browser, base_url, request, executor)
        yield loader
        loader.close()


@pytest.fixture(scope="module")
def nu_checker() -> tuple[str, str]:
    return nu_checker_or_skip()


@pytest.mark.parametrize(("page", "lang"), CASES)
def test_status(loader: PageLoader, page: Page, lang: str) -> None:
    loaded = loader.get(page, lang)
    assert loaded.redirected_from is None, (
        f"{page.path} ({lang}) was redirected: {loaded.redirected_from} -> {loaded.url}"
        + (" (did the demo admin login fail?)" if page.login else "")
    )
    assert loaded.status == page.status, (
        f"{page.path} ({lang}) answered {loaded.status}, expected {page.status}"
    )
    assert loaded.content_type.startswith("text/html"), (
        f"{page.path} ({lang}) has content type {loaded.content_type!r}"
    )


@pytest.mark.parametrize(("page", "lang"), CASES)
def test_axe(loader: PageLoader, page: Page, lang: str) -> None:
    violations = loader.get(page, lang).axe_violations
    if violations:
        pytest.fail(
            f"axe-core ({', '.join(AXE_TAGS)}) found {len(violations)} violation(s) "
            f"on {page.path} ({lang}):\n{format_axe(violations)}",
            pytrace=False,
        )


@pytest.mark.parametrize(("page", "lang"), CASES)
def test_html_valid(loader: PageLoader, nu_checker: tuple[str, str], page: Page, lang: str) -> None:
    loaded = loader.get(page, lang)
    if loaded.nu_messages is not None:
        messages = loaded.nu_messages.result()
    else:
        messages = run_vnu(*nu_checker, loaded.body)
    errors = vnu_errors(messages)
    if errors:
        pytest.fail(
            f"Nu HTML checker found {len(errors)} error(s) in the HTML served for "
            f"{page.path} ({lang}):\n{format_vnu(errors)}",
            pytrace=False,
        )


@pytest.mark.parametrize(("page", "lang"), CASES)
def test_only_own_origin(loader: PageLoader, base_url: str, page: Page, lang: str) -> None:
    loaded = loader.get(page, lang)
    origin = origin_of(base_url)
    foreign = [url for url in loaded.requests if not is_same_origin(url, origin)]
    if foreign:
        pytest.fail(
            f"{page.path} ({lang}) made requests outside {origin}:\n"
            + "\n".join(f"  {url}" for url in foreign),
            pytrace=False,
        )
    assert loaded.requests, f"no request recorded for {page.path} ({lang})"


@pytest.mark.parametrize(("page", "lang"), CASES)
def test_html_lang(loader: PageLoader, page: Page, lang: str) -> None:
    html_lang = loader.get(page, lang).html_lang
    assert html_lang is not None, f"{page.path} ({lang}): <html> has no lang attribute"
    primary = html_lang.strip().split("-")[0].lower()
    assert primary == lang, f"{page.path}: requested {lang!r}, but <html lang={html_lang!r}>"
