"""Case studies in the browser: the facets and the side-by-side comparison, each with
JavaScript (htmx) and without.

With JavaScript a facet change swaps the facets and the results in place: no page load
(the <h1> is still the same node), the URL is pushed, the counts follow, and focus stays
on the select that was changed. Without JavaScript the same form is sent with its button.
The comparison is reached with the keyboard alone: tick the cases, go back to the button.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import Loads, focused_id, settled
from .pages import DEMO_CASE, DEMO_CASE_OTHER, DEMO_CASE_REAL, DEMO_CASE_THIRD

pytestmark = pytest.mark.browser

JS_MODES = [pytest.param(True, id="js"), pytest.param(False, id="nojs")]
APPLY = re.compile(r"^\s*(Filter anwenden|Apply filters)\s*$")
COMPARE = re.compile(r"^\s*(Ausgewählte Fallstudien vergleichen|Compare chosen case studies)\s*$")
# The one demo case with a WhatsApp channel (kb/demo_data/cases.yaml).
WHATSAPP_CASE = DEMO_CASE_OTHER


def case_slugs(page: Any) -> list[str]:
    hrefs = page.locator("#case-list h3 a").evaluate_all("links => links.map(a => a.pathname)")
    return [href.removeprefix("/cases/") for href in hrefs]


def facet_count(page: Any, select: str, value: str) -> int:
    """The count a facet option offers, e.g. "Kommunen (5)" -> 5."""
    text = page.locator(f"#{select} option[value='{value}']").inner_text()
    match = re.search(r"\((\d+)\)\s*$", text)
    assert match, f"the option {value!r} of #{select} shows no count: {text!r}"
    return int(match.group(1))


def results_heading_count(page: Any) -> int:
    text = page.locator("#results-title").inner_text()
    match = re.match(r"\s*(\d+)\b", text)
    assert match, f"the results heading names no number: {text!r}"
    return int(match.group(1))


def is_htmx_get(response: Any, fragment: str) -> bool:
    request = response.request
    return (
        request.method == "GET"
        and request.headers.get("hx-request") == "true"
        and "/cases/" in response.url
        and fragment in response.url
    )


# --- facets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("js", JS_MODES)
def test_facets_narrow_the_list_and_update_their_counts(
    context_for: Any, base_url: str, js: bool
) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/cases/")
    everything = case_slugs(page)
    assert len(everything) >= 6, everything
    assert results_heading_count(page) == len(everything)
    local_offered = facet_count(page, "level", "kommune")
    facebook_before = facet_count(page, "platform", "facebook")
    assert 0 < local_offered < len(everything)

    loads = Loads(page)
    heading = page.locator("h1").element_handle()
    facets = page.locator("form.case-facets")
    level = page.locator("#level")
    platform = page.locator("#platform")

    if js:
        level.focus()
        with page.expect_response(lambda r: is_htmx_get(r, "level=kommune")) as answer:
            level.select_option("kommune")
        assert answer.value.status == 200
        expect(page).to_have_url(re.compile(r"/cases/\?(.*&)?level=kommune(&|$)"))
        expect(page.locator("#case-list > li")).to_have_count(local_offered)
        settled(page)
        # The facets were swapped with the results; htmx gives focus back by id.
        assert focused_id(page) == "select#level", (
            f"focus after the swap is on {focused_id(page)}, not on the level select"
        )
        assert loads.urls == [], f"choosing a facet loaded the page: {loads.urls}"
        assert heading.evaluate("el => el.isConnected"), "the <h1> was replaced: a page load"
    else:
        level.select_option("kommune")
        assert loads.urls == [], "the list changed before the form was sent"
        facets.get_by_role("button", name=APPLY).click()
        page.wait_for_url(re.compile(r"level=kommune"))
        expect(level).to_have_value("kommune")

    local = case_slugs(page)
    assert len(local) == local_offered, (local, local_offered)
    assert set(local) < set(everything)
    assert results_heading_count(page) == len(local)
    # The counts now describe the narrowed list.
    facebook_local = facet_count(page, "platform", "facebook")
    assert facebook_local < facebook_before, (facebook_local, facebook_before)
    whatsapp_offered = facet_count(page, "platform", "whatsapp")
    assert whatsapp_offered == 1

    if js:
        platform.focus()
        with page.expect_response(lambda r: is_htmx_get(r, "platform=whatsapp")):
            platform.select_option("whatsapp")
        expect(page).to_have_url(re.compile(r"level=kommune.*platform=whatsapp"))
        expect(page.locator("#case-list > li")).to_have_count(1)
        settled(page)
        assert focused_id(page) == "select#platform", focused_id(page)
        assert loads.urls == []
        expect(level).to_have_value("kommune")
    else:
        platform.select_option("whatsapp")
        facets.get_by_role("button", name=APPLY).click()
        page.wait_for_url(re.compile(r"level=kommune.*platform=whatsapp"))

    assert case_slugs(page) == [WHATSAPP_CASE]
    assert results_heading_count(page) == 1
    assert facet_count(page, "level", "kommune") == 1

    # The URL in the address bar gives the same list when opened directly.
    direct = context_for(False).new_page()
    response = direct.goto(page.url)
    assert response is not None and response.status == 200
    assert case_slugs(direct) == [WHATSAPP_CASE]


# --- comparison -----------------------------------------------------------------------------


def _tab_until(page: Any, condition: str, backwards: bool = False, limit: int = 250) -> None:
    """Press Tab (or Shift+Tab) until `condition` (JS, given `el`) holds for the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        script = f"(() => {{ const el = document.activeElement; return !!({condition}); }})()"
        if page.evaluate(script):
            return
    raise AssertionError(f"{key} never reached an element where {condition}")


COMPARISONS = [
    pytest.param([DEMO_CASE, DEMO_CASE_REAL], id="two"),
    pytest.param([DEMO_CASE_THIRD, DEMO_CASE_OTHER, DEMO_CASE], id="three"),
]


@pytest.mark.parametrize("chosen", COMPARISONS)
@pytest.mark.parametrize("js", JS_MODES)
def test_compare_cases_with_the_keyboard(
    context_for: Any, base_url: str, js: bool, chosen: list[str]
) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/cases/")
    listed = case_slugs(page)
    assert set(chosen) <= set(listed), (chosen, listed)
    titles = {
        slug: page.locator(f"#case-list h3 a[href$='/cases/{slug}']").inner_text().strip()
        for slug in chosen
    }

    # Tick each chosen case with the keyboard, walking the page from the top.
    for slug in sorted(chosen, key=listed.index):
        _tab_until(page, f"el.type === 'checkbox' && el.value === {slug!r}")
        page.keyboard.press("Space")
        expect(page.locator(f"input[type=checkbox][value='{slug}']")).to_be_checked()
    # The compare button sits above the list: go back up to it and press it.
    _tab_until(page, "el.closest('#compare-form') && el.type === 'submit'", backwards=True)
    expect(page.get_by_role("button", name=COMPARE)).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/cases/compare\?"))
    in_order = sorted(chosen, key=listed.index)
    assert page.url.split("?", 1)[1] == "&".join(f"c={slug}" for slug in in_order), page.url

    # Case texts may hold tables of their own (Markdown); the comparison is the outer one.
    table = page.locator("main table.compare-table")
    expect(table).to_have_count(1)
    caption = table.locator(":scope > caption").inner_text().strip()
    expect(page.get_by_role("table", name=caption, exact=True)).to_have_count(1)
    # One column per case, after the column of row names; every header has its scope.
    column_headers = table.locator(":scope > thead > tr > th")
    expect(column_headers).to_have_count(len(chosen) + 1)
    assert column_headers.evaluate_all("ths => ths.every(th => th.scope === 'col')")
    header_texts = [text.strip() for text in column_headers.all_inner_texts()[1:]]
    assert header_texts == [titles[slug] for slug in in_order]
    rows = table.locator(":scope > tbody > tr")
    assert rows.count() >= 10
    for index in range(rows.count()):
        row = rows.nth(index)
        row_header = row.locator(":scope > th")
        expect(row_header).to_have_count(1)
        assert row_header.get_attribute("scope") == "row"
        expect(row.locator(":scope > td")).to_have_count(len(chosen))
    # The table's region can be reached and scrolled with the keyboard.
    # The comparison's own region (the cases' tables have their own, inside its cells).
    region = page.locator("main [role=region][aria-labelledby=compare-caption]")
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    expect(region).to_be_focused()


@pytest.mark.parametrize("js", JS_MODES)
def test_comparing_one_case_explains_what_is_missing(
    context_for: Any, base_url: str, js: bool
) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/cases/")
    page.locator(f"input[type=checkbox][value='{DEMO_CASE}']").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=COMPARE).click()
    response = navigation.value
    assert response is not None and response.status == 422
    expect(page.locator("main table")).to_have_count(0)
    # The way back keeps the one case chosen.
    back = page.locator("main a[href*='/cases/?']")
    assert f"c={DEMO_CASE}" in (back.first.get_attribute("href") or "")
    back.first.click()
    page.wait_for_url(re.compile(r"/cases/\?"))
    expect(page.locator(f"input[type=checkbox][value='{DEMO_CASE}']").first).to_be_checked()
