"""The search in the browser: the /search page, the header's search box, the suggestion.

With JavaScript the search page's form works in place with htmx: typing or changing the
type swaps #search-results (no page load, the <h1> and the persistent #search-count live
region are the same nodes), the URL is pushed, the count is announced through
#search-count (an out-of-band swap), and focus stays where it was. Without JavaScript the
same GET form is sent with its button and gives the same results. The header's search box
(on every page but /search) is a plain GET form to /search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from kb.search.service import PER_PAGE

from .helpers import (
    AXE_TAGS,
    FOCUS_VISIBLE,
    Loads,
    focused_id,
    format_axe,
    new_context,
    settled,
)
from .pages import DEMO_ARTICLE, DEMO_EVENT

pytestmark = pytest.mark.browser

JS_MODES = [pytest.param(True, id="js"), pytest.param(False, id="nojs")]
QUERY = "Datenschutz"
# One typo away from a word of the demo content; the suggestion is the indexed form.
TYPO = "Datenshutz"
SUGGESTED = "datenschutz"
# Matches nothing in the demo content.
NOTHING = "xyzzyqqq"
# A topic many demo results on QUERY carry (kb/demo_data).
TOPIC = "datenschutz-recht"
COUNT = re.compile(r"^(\d+) (Treffer|results?)\.$")
NO_RESULTS = re.compile(r"^(Keine Treffer|No results)\.$")
SEARCH_FOR = re.compile(r"^(Suchen nach|Search for)$")
HEADER_LABEL = re.compile(r"^(Suche|Search)$")
PAGE_SIZE = PER_PAGE  # hits on one page of results


def is_search_get(response: Any, value: str) -> bool:
    """An htmx GET of /search whose query string holds ``value`` (e.g. "q=Datenschutz")."""
    request = response.request
    parts = urlsplit(response.url)
    params = parse_qs(parts.query, keep_blank_values=True)
    name, _, wanted = value.partition("=")
    return (
        request.method == "GET"
        and request.headers.get("hx-request") == "true"
        and parts.path == "/search"
        and params.get(name) == [wanted]
    )


def url_has(name: str, value: str) -> re.Pattern[str]:
    return re.compile(rf"/search\?(.*&)?{re.escape(name)}={re.escape(value)}(&|$)")


def hit_paths(page: Any) -> list[str]:
    return page.locator("#search-results .search-hit h3 a").evaluate_all(
        "links => links.map(a => a.pathname)"
    )


def count_text(page: Any) -> str:
    return " ".join(page.locator("#search-count").inner_text().split())


def announced_total(page: Any) -> int:
    """The number #search-count announces; fails when it announces no number."""
    text = count_text(page)
    match = COUNT.match(text)
    assert match, f"#search-count says {text!r}, not a number of results"
    return int(match.group(1))


def check_results(page: Any) -> list[str]:
    """The hits and the count agree; returns the hits' paths."""
    paths = hit_paths(page)
    assert paths, f"no results on {page.url}"
    total = announced_total(page)
    listed = min(total, PAGE_SIZE)
    assert len(paths) == listed, f"#search-count says {total}, the page lists {len(paths)}"
    return paths


def search_field(page: Any) -> Any:
    return page.locator("form.search-form").get_by_label(SEARCH_FOR)


def check_axe(page: Any) -> None:
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    assert not violations, f"axe on {page.url}:\n{format_axe(violations)}"


@pytest.fixture(scope="module")
def direct(browser: Any, base_url: str) -> Iterator[Any]:
    """What /search answers without JavaScript for a URL, loaded directly: (count, hits)."""
    context = new_context(browser, "de", java_script_enabled=False)
    page = context.new_page()
    seen: dict[str, tuple[str, list[str]]] = {}

    def load(url: str) -> tuple[str, list[str]]:
        if url not in seen:
            response = page.goto(url if url.startswith("http") else base_url + url)
            assert response is not None and response.status == 200, url
            seen[url] = (count_text(page), hit_paths(page))
        return seen[url]

    yield load
    context.close()


# --- the search page's form -------------------------------------------------------------------


def type_query(page: Any, js: bool, text: str) -> None:
    """Enter ``text`` into the search page's field: typed slowly with JavaScript (the
    results follow, through htmx), sent with the button without."""
    field = search_field(page)
    if js:
        field.fill("")
        with page.expect_response(lambda r: is_search_get(r, f"q={text}")) as answer:
            field.press_sequentially(text, delay=30)
        assert answer.value.status == 200, answer.value.status
        expect(page).to_have_url(url_has("q", text))
        settled(page)
    else:
        field.fill(text)
        page.locator("form.search-form").locator("button[type=submit]").click()
        page.wait_for_url(url_has("q", text))


@pytest.mark.parametrize("js", JS_MODES)
def test_search_form(context_for: Any, base_url: str, direct: Any, js: bool) -> None:
    page = context_for(js).new_page()
    response = page.goto(f"{base_url}/search")
    assert response is not None and response.status == 200
    live = page.locator("#search-count")
    expect(live).to_have_attribute("role", "status")
    expect(live).to_have_text("")
    expect(page.locator("#search-results .search-hit")).to_have_count(0)

    loads = Loads(page)
    heading = page.locator("h1").element_handle()
    live_node = live.element_handle()

    # A query: the results and the announced count.
    type_query(page, js, QUERY)
    everything = check_results(page)
    everything_total = announced_total(page)
    expect(search_field(page)).to_have_value(QUERY)
    assert (count_text(page), everything) == direct(f"/search?q={QUERY}"), (
        "the results differ from those of the same search loaded without JavaScript"
    )
    if js:
        assert loads.urls == [], f"typing loaded the page: {loads.urls}"
        assert heading.evaluate("el => el.isConnected"), "the <h1> was replaced: a page load"
        assert live_node.evaluate("el => el.isConnected"), (
            "#search-count was replaced: a new live region is not announced"
        )
        assert focused_id(page) == "input#search-q", f"focus is on {focused_id(page)}"
        # The pushed URL loads the same results.
        assert (count_text(page), everything) == direct(page.url)

    # The type narrows.
    select = page.locator("form.search-form #search-type")
    article_label = " ".join(select.locator("option[value=article]").inner_text().split())
    if js:
        select.focus()
        with page.expect_response(lambda r: is_search_get(r, "type=article")) as answer:
            select.select_option("article")
        assert answer.value.status == 200
        settled(page)
    else:
        select.select_option("article")
        page.locator("form.search-form").locator("button[type=submit]").click()
    expect(page).to_have_url(url_has("type", "article"))
    expect(page).to_have_url(url_has("q", QUERY))
    articles = check_results(page)
    # Fewer results in all (the hits are paged, so compare the totals, not the pages).
    assert 0 < announced_total(page) < everything_total, (count_text(page), everything_total)
    for meta in page.locator("#search-results .search-hit__meta").all():
        assert meta.inner_text().startswith(article_label), meta.inner_text()
    assert (count_text(page), articles) == direct(f"/search?q={QUERY}&type=article")
    expect(select).to_have_value("article")
    if js:
        assert loads.urls == [], f"the type select loaded the page: {loads.urls}"
        assert live_node.evaluate("el => el.isConnected")
        assert focused_id(page) == "select#search-type", f"focus is on {focused_id(page)}"

    # Nothing found: the count says so, topics and the newest entries are offered.
    select.select_option("")
    type_query(page, js, NOTHING)
    expect(live).to_have_text(NO_RESULTS)
    hits = page.locator("#search-results .search-hits")
    expect(hits.locator(".search-hit")).to_have_count(0)
    expect(hits.locator("ul.tag-list a[href*='topic=']").first).to_be_visible()
    expect(hits.get_by_role("heading", name=re.compile("Neueste Einträge"))).to_be_visible()
    if js:
        assert loads.urls == []
        assert live_node.evaluate("el => el.isConnected")

    # Back to results.
    type_query(page, js, QUERY)
    assert hit_paths(page) == everything
    if js:
        # axe on the page as the swaps left it. (axe needs JavaScript; the pages as
        # served are checked by test_pages.py, see pages.py.)
        check_axe(page)


@pytest.mark.parametrize("js", JS_MODES)
def test_facet_links(context_for: Any, base_url: str, direct: Any, js: bool) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/search")
    # With JavaScript the facets come with the swapped results.
    type_query(page, js, QUERY)
    everything = hit_paths(page)
    everything_total = announced_total(page)

    facets = page.get_by_role("navigation", name=re.compile("Treffer eingrenzen"))
    link = facets.locator(f"a[href*='topic={TOPIC}']")
    expect(link).to_have_count(1)
    expect(link).not_to_have_attribute("aria-current", "true")
    label = " ".join(link.inner_text().split())
    counted = int(link.locator("xpath=following-sibling::span[1]").inner_text().strip("() "))
    link.click()
    page.wait_for_url(url_has("topic", TOPIC))
    expect(page).to_have_url(url_has("q", QUERY))

    narrowed = check_results(page)
    assert announced_total(page) == counted, (
        f"the facet promised {counted} results, the page announces {count_text(page)!r}"
    )
    narrowed_total = announced_total(page)
    assert 0 < narrowed_total <= everything_total
    assert (count_text(page), narrowed) == direct(f"/search?q={QUERY}&topic={TOPIC}")
    # The chosen value is marked and takes the filter off again; the form keeps it.
    chosen = facets.locator(f"a[aria-current=true][href*='q={QUERY}']")
    expect(chosen).to_have_count(1)
    expect(chosen).to_have_text(re.compile(rf"^{re.escape(label)} \((Filter entfernen)\)$"))
    expect(
        page.locator(f"form.search-form input[type=hidden][name=topic][value={TOPIC}]")
    ).to_have_count(1)

    if js:
        # Changing the type keeps the topic (the form's hidden field).
        with page.expect_response(lambda r: is_search_get(r, "type=article")):
            page.locator("#search-type").select_option("article")
        settled(page)
        expect(page).to_have_url(url_has("topic", TOPIC))
        expect(page).to_have_url(url_has("type", "article"))
        assert 0 < announced_total(page) <= narrowed_total
        page.locator("#search-type").select_option("")
        settled(page)
        expect(page).not_to_have_url(url_has("type", "article"))

    facets.locator("a[aria-current=true]").first.click()
    page.wait_for_url(lambda url: f"topic={TOPIC}" not in url)
    assert hit_paths(page) == everything


# --- the spelling suggestion --------------------------------------------------------------------


@pytest.mark.parametrize("js", JS_MODES)
def test_spelling_suggestion(context_for: Any, base_url: str, js: bool) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/search")
    type_query(page, js, TYPO)
    suggestion = page.locator("#search-results .search-suggestion")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_text(re.compile(rf"^\s*Meinten Sie\s+{SUGGESTED}\s*\?\s*$"))
    link = suggestion.get_by_role("link", name=SUGGESTED, exact=True)
    link.click()
    page.wait_for_url(url_has("q", SUGGESTED))
    expect(search_field(page)).to_have_value(SUGGESTED)
    expect(page.locator("#search-results .search-suggestion")).to_have_count(0)
    check_results(page)


# --- the header's search box --------------------------------------------------------------------


HEADER_PAGES = [
    pytest.param("/", id="start"),
    pytest.param("/articles/", id="articles"),
    pytest.param("/events/", id="events"),
    pytest.param(f"/articles/{DEMO_ARTICLE}", id="article"),
    pytest.param(f"/events/{DEMO_EVENT}", id="event"),
]


@pytest.mark.parametrize("js", JS_MODES)
@pytest.mark.parametrize("path", HEADER_PAGES)
def test_header_search_box(
    context_for: Any, base_url: str, direct: Any, path: str, js: bool
) -> None:
    page = context_for(js).new_page()
    response = page.goto(base_url + path)
    assert response is not None and response.status == 200
    # Every page names the OpenSearch description.
    opensearch = page.locator("head link[rel=search]")
    expect(opensearch).to_have_attribute("type", "application/opensearchdescription+xml")
    expect(opensearch).to_have_attribute("href", "/opensearch.xml")

    box = page.locator("header .site-search").get_by_role("search")
    expect(box).to_have_count(1)
    field = box.get_by_label(HEADER_LABEL)
    expect(field).to_have_attribute("type", "search")
    field.fill(QUERY)
    box.get_by_role("button").click()
    page.wait_for_url(url_has("q", QUERY))
    assert urlsplit(page.url).path == "/search"
    expect(search_field(page)).to_have_value(QUERY)
    assert (count_text(page), check_results(page)) == direct(f"/search?q={QUERY}")
    # No second search box on the search page itself.
    expect(page.locator(".site-search")).to_have_count(0)
    expect(page.locator("#site-search-q")).to_have_count(0)


def test_header_search_box_submits_with_enter(context_for: Any, base_url: str) -> None:
    page = context_for(True, "en").new_page()
    page.goto(f"{base_url}/articles/")
    field = page.locator("header").get_by_role("searchbox", name=HEADER_LABEL)
    field.fill(TYPO)
    field.press("Enter")
    page.wait_for_url(url_has("q", TYPO))
    expect(page.locator("#search-results .search-suggestion a")).to_have_text(SUGGESTED)


@pytest.mark.parametrize("path", ["/search", f"/search?q={QUERY}", "/search?type=nope"])
def test_no_header_search_box_on_search_page(context_for: Any, base_url: str, path: str) -> None:
    page = context_for(False).new_page()
    page.goto(base_url + path)
    expect(page.locator("form.search-form")).to_have_count(1)
    expect(page.locator(".site-search")).to_have_count(0)
    expect(page.get_by_role("search")).to_have_count(1)


def test_opensearch_description(context_for: Any, base_url: str) -> None:
    page = context_for(False).new_page()
    response = page.request.get(f"{base_url}/opensearch.xml")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/opensearchdescription+xml")
    assert f'template="{base_url}/search?q={{searchTerms}}"' in response.text()


# --- the keyboard -------------------------------------------------------------------------------


def tab_until(page: Any, wanted: str, limit: int) -> list[str]:
    """Press Tab until the focused element matches the CSS selector ``wanted``; every
    stop on the way must show its focus. Returns the stops."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            "(() => { const el = document.activeElement;"
            " return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')"
            " + ' ' + (el.textContent || '').trim().slice(0, 40); })()"
        )
        assert not stop.startswith("body"), f"focus fell to <body> after {stops}"
        assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {stop}"
        stops.append(stop)
        if page.evaluate("sel => document.activeElement.matches(sel)", wanted):
            return stops
    raise AssertionError(f"{wanted} not reached in {limit} Tab presses: {stops}")


@pytest.mark.parametrize("js", JS_MODES)
def test_keyboard(context_for: Any, base_url: str, js: bool) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/search")
    # The search field is reachable from the top of the page.
    tab_until(page, "#search-q", 20)
    if js:
        with page.expect_response(lambda r: is_search_get(r, f"q={QUERY}")):
            page.keyboard.type(QUERY, delay=30)
        settled(page)
        assert focused_id(page) == "input#search-q"
    else:
        page.keyboard.type(QUERY)
        page.keyboard.press("Enter")
        page.wait_for_url(url_has("q", QUERY))
        tab_until(page, "#search-q", 20)
    # Onwards: the type, the button, then the (new) facets and results.
    stops = tab_until(page, "#search-results .search-hit a", 60)
    assert stops[0].startswith("select#search-type"), stops
    assert stops[1].startswith("button"), stops
    first_hit = hit_paths(page)[0]
    assert page.evaluate("document.activeElement.pathname") == first_hit
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}{first_hit}")
