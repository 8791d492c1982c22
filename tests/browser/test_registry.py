"""The authority registry and the census in the browser.

The census charts are server-drawn SVG: each must be an image with a name and a
description, and sit next to a data table with the same numbers. The census filters and
the registry list's filters work in place with htmx (URL pushed, no page load, focus kept)
and, without JavaScript, through their submit button.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import AXE_TAGS, Loads, focused_id, format_axe, settled
from .pages import DEMO_CITY, DEMO_MINISTRY

pytestmark = pytest.mark.browser

JS_MODES = [pytest.param(True, id="js"), pytest.param(False, id="nojs")]
APPLY = re.compile(r"^\s*(Filter anwenden|Apply filters)\s*$")


def is_htmx_get(response: Any, path: str, fragment: str) -> bool:
    request = response.request
    return (
        request.method == "GET"
        and request.headers.get("hx-request") == "true"
        and path in response.url
        and fragment in response.url
    )


def text_of(locator: Any) -> str:
    """The text, with <br> as a space; from the DOM, since the timeline tables sit in
    closed <details> where innerText sees nothing."""
    text = locator.evaluate(
        "el => { const copy = el.cloneNode(true);"
        " copy.querySelectorAll('br').forEach(br => br.replaceWith(' '));"
        " return copy.textContent; }"
    )
    return " ".join((text or "").split())


# --- the census charts ----------------------------------------------------------------------


def test_census_charts_have_text_alternatives_and_data_tables(
    context_for: Any, base_url: str
) -> None:
    page = context_for(True, "en").new_page()
    page.goto(f"{base_url}/authorities/census")
    charts = page.locator("#census-results svg")
    count = charts.count()
    # Levels, platforms, and at least one timeline.
    assert count >= 3, f"only {count} charts on the census page"

    for index in range(count):
        chart = charts.nth(index)
        chart_id = chart.get_attribute("id")
        assert chart.get_attribute("role") == "img", f"#{chart_id} is not role=img"
        labelled_by = (chart.get_attribute("aria-labelledby") or "").split()
        assert labelled_by == [f"{chart_id}-title", f"{chart_id}-desc"], labelled_by
        title = text_of(chart.locator(":scope > title"))
        description = text_of(chart.locator(":scope > desc"))
        assert title and description, f"#{chart_id} lacks a title or a description"
        assert chart.locator(f":scope > title#{chart_id}-title").count() == 1
        assert chart.locator(f":scope > desc#{chart_id}-desc").count() == 1
        # What assistive technology gets: an image named by the title and description.
        image = page.get_by_role("img", name=title)
        expect(image).to_have_count(1)
        expect(image).to_have_attribute("id", chart_id)
        # Everything drawn inside is either hidden or part of the image.
        assert chart.locator("a, [tabindex], [role]:not([role=presentation])").count() == 0

        # The chart's section (or timeline block) holds exactly one table, with a caption.
        holder = chart.locator(
            "xpath=ancestor::*[contains(@class,'census__timeline') or self::section][1]"
        )
        table = holder.locator("table")
        expect(table).to_have_count(1)
        # Its title stands outside the scroll region and names the table (aria-labelledby).
        title_id = table.get_attribute("aria-labelledby")
        assert title_id, f"the table next to #{chart_id} is not labelled by a title"
        assert text_of(page.locator(f"[id='{title_id}']")), f"#{title_id} has no text"
        check_numbers_agree(chart_id, description, table)


def check_numbers_agree(chart_id: str, description: str, table: Any) -> None:
    """The figures the description reads out are the figures in the table."""
    parts = [part.strip(" .") for part in description.split(";")]
    rows = table.locator(":scope > tbody > tr")
    cells = [
        [text_of(cell) for cell in row.locator(":scope > th, :scope > td").all()]
        for row in rows.all()
    ]
    assert len(parts) == len(cells), (chart_id, parts, cells)
    for part, row in zip(parts, cells, strict=True):
        label, *numbers = row
        assert part.startswith(f"{label}:"), (chart_id, part, label)
        if chart_id == "chart-platforms":
            # The per-platform matrix: the last column holds "present of total share".
            numbers = re.findall(r"[\d.,]+\s?%|[\d.,]+", numbers[-1])
        elif chart_id.startswith("chart-timeline-"):
            # A year's point reads "present of total"; the share is the table's extra.
            numbers = numbers[:2]
        for number in numbers:
            if number in ("–", ""):
                continue
            assert re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d.,])", part), (
                f"{chart_id}: {number!r} from the table is not in the description {part!r}"
            )


def test_census_tables_pass_axe_when_opened(context_for: Any, base_url: str) -> None:
    """axe skips what is hidden: open the timelines' tables and check them too."""
    page = context_for(True, "de").new_page()
    page.goto(f"{base_url}/authorities/census")
    summaries = page.locator("details.census__numbers > summary")
    assert summaries.count() >= 1
    for summary in summaries.all():
        summary.focus()
        page.keyboard.press("Enter")
    expect(page.locator("details.census__numbers:not([open])")).to_have_count(0)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    assert not violations, format_axe(violations)


# --- the census filters ---------------------------------------------------------------------


def footer_figures(page: Any) -> tuple[str, str]:
    """(authorities, with an active account) from the per-level table's total row."""
    cells = page.locator("#census-results table").first.locator("tfoot td")
    return text_of(cells.nth(0)), text_of(cells.nth(1))


@pytest.mark.parametrize("js", JS_MODES)
def test_census_filter_by_land(context_for: Any, base_url: str, js: bool) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/authorities/census")
    everywhere = footer_figures(page)
    expected = page.request.get(f"{base_url}/authorities/census.json?land=BY").json()["overall"]
    assert str(expected["total"]) != everywhere[0]

    loads = Loads(page)
    heading = page.locator("h1").element_handle()
    land = page.locator("#land")
    if js:
        land.focus()
        with page.expect_response(lambda r: is_htmx_get(r, "/census", "land=BY")) as answer:
            land.select_option("BY")
        assert answer.value.status == 200
        expect(page).to_have_url(re.compile(r"/authorities/census\?(.*&)?land=BY(&|$)"))
        expect(page.locator("#census-results table").first.locator("tfoot td").first).to_have_text(
            str(expected["total"])
        )
        settled(page)
        assert loads.urls == [], f"the filter loaded the page: {loads.urls}"
        assert heading.evaluate("el => el.isConnected"), "the <h1> was replaced: a page load"
        assert focused_id(page) == "select#land", f"focus is on {focused_id(page)}"
    else:
        land.select_option("BY")
        assert loads.urls == []
        page.locator("form.census-filters").get_by_role("button", name=APPLY).click()
        page.wait_for_url(re.compile(r"/authorities/census\?land=BY"))
        expect(land).to_have_value("BY")

    assert footer_figures(page) == (str(expected["total"]), str(expected["present"]))
    # The downloads follow the filter.
    for name in ("census.csv", "census.json"):
        link = page.locator(f"#census-results a[href*='/{name}']")
        assert "land=BY" in (link.get_attribute("href") or ""), name
    # Every chart is still an image with a name after the swap.
    for chart in page.locator("#census-results svg").all():
        assert chart.get_attribute("role") == "img"

    direct = context_for(False).new_page()
    response = direct.goto(page.url)
    assert response is not None and response.status == 200
    assert footer_figures(direct) == footer_figures(page)


# --- the registry list ----------------------------------------------------------------------


def listed_slugs(page: Any) -> list[str]:
    hrefs = page.locator("#authority-list h3 a").evaluate_all("links => links.map(a => a.pathname)")
    return [href.removeprefix("/authorities/") for href in hrefs]


@pytest.mark.parametrize("js", JS_MODES)
def test_registry_filters(context_for: Any, base_url: str, js: bool) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/authorities/")
    everything = listed_slugs(page)
    assert len(everything) >= 10

    loads = Loads(page)
    heading = page.locator("h1").element_handle()
    form = page.locator("form.registry-filters")
    if js:
        page.locator("#level").focus()
        with page.expect_response(lambda r: is_htmx_get(r, "/authorities/", "level=bund")):
            page.locator("#level").select_option("bund")
        settled(page)
        with page.expect_response(lambda r: is_htmx_get(r, "/authorities/", "platform=facebook")):
            page.locator("#platform").select_option("facebook")
        expect(page).to_have_url(re.compile(r"level=bund.*platform=facebook"))
        settled(page)
        assert focused_id(page) != "body#", "focus fell to <body> after the swap"
    else:
        page.locator("#level").select_option("bund")
        page.locator("#platform").select_option("facebook")
        form.get_by_role("button", name=APPLY).click()
        page.wait_for_url(re.compile(r"level=bund.*platform=facebook"))

    federal_on_facebook = listed_slugs(page)
    assert DEMO_MINISTRY in federal_on_facebook
    assert DEMO_CITY not in federal_on_facebook
    assert 0 < len(federal_on_facebook) < len(everything)
    for card in page.locator("#authority-list > li").all():
        assert "Facebook" in text_of(card.locator("ul.tag-list")), text_of(card)

    # The name search narrows further: typing (JS) or sending the form.
    search = page.locator("#q")
    if js:
        with page.expect_response(lambda r: is_htmx_get(r, "/authorities/", "q=Verteidigung")):
            search.press_sequentially("Verteidigung", delay=20)
        expect(page).to_have_url(re.compile(r"q=Verteidigung"))
        expect(page.locator("#authority-list > li")).to_have_count(1)
        settled(page)
        assert focused_id(page) == "input#q", f"focus is on {focused_id(page)}"
        expect(search).to_have_value("Verteidigung")
        assert loads.urls == [], f"filtering loaded the page: {loads.urls}"
        assert heading.evaluate("el => el.isConnected"), "the <h1> was replaced: a page load"
    else:
        search.fill("Verteidigung")
        form.get_by_role("button", name=APPLY).click()
        page.wait_for_url(re.compile(r"q=Verteidigung"))

    assert listed_slugs(page) == [DEMO_MINISTRY]
    direct = context_for(False).new_page()
    response = direct.goto(page.url)
    assert response is not None and response.status == 200
    assert listed_slugs(direct) == [DEMO_MINISTRY]
