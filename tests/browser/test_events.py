"""The event directory in the browser: filters, the month calendar, "Ich nehme teil" and
the event form's time-zone checks; each with JavaScript (htmx) and without.

With JavaScript the filters, the month navigation and the attend button swap part of the
page; the tests check that no page load happened (no 'load' event, the <h1> element is
still the same node), that the pushed URL opens the same page directly, and where focus
is afterwards.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from kb.text import slugify

from .helpers import (
    AXE_TAGS,
    DEMO_ADMIN_EMAIL,
    DEMO_PASSWORD,
    Loads,
    format_axe,
    format_vnu,
    login,
    nu_checker_or_skip,
    run_vnu,
    settled,
    vnu_errors,
)
from .pages import DEMO_EVENT, DEMO_EVENT_MONTH

pytestmark = pytest.mark.browser

JS_MODES = [pytest.param(True, id="js"), pytest.param(False, id="nojs")]

# The one demo event in Bayern is a workshop (kb/demo_data/events.yaml); webinars are online.
BAVARIAN_WORKSHOP = "Workshop Bildrechte: Fotos, Grafiken und Lizenzen im Social Web"
CONFERENCE = "Fachtagung Behörden im Social Web (fiktiv)"
# An upcoming demo webinar nobody attends in the demo data.
ATTEND_EVENT_TITLE = "Webinar: Netiquette schreiben und durchsetzen"
ATTEND_EVENT = slugify(ATTEND_EVENT_TITLE, max_length=90)
# Demo members (kb/demo_data/accounts.yaml), one per mode, so the two runs do not share attendance.
ATTENDEE = {True: "lena.schulz@demo.example.org", False: "thomas.krueger@demo.example.org"}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return results.response["violations"]


# The heading's text: the title, then the date that the link names for screen readers.
TITLED_WORKSHOP = re.compile("^" + re.escape(BAVARIAN_WORKSHOP) + ",")


def event_titles(page: Any) -> list[str]:
    # The visible title only: each link also names its date for screen readers.
    titles: list[str] = page.locator("#event-list h3 a").evaluate_all(
        "links => links.map(link => link.firstChild.textContent.trim())"
    )
    return titles


def is_htmx_get(response: Any, fragment: str) -> bool:
    request = response.request
    return (
        request.method == "GET"
        and request.headers.get("hx-request") == "true"
        and fragment in response.url
    )


def unfolded(ics: str) -> str:
    """An iCalendar text with its folded lines joined (RFC 5545, 3.1)."""
    return re.sub(r"\r?\n[ \t]", "", ics)


def focused_element(page: Any) -> str:
    return page.evaluate(
        "(() => { const el = document.activeElement;"
        " return el ? el.tagName + '#' + el.id + ' ' + el.outerHTML.slice(0, 100) : 'none'; })()"
    )


# --- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize("js", JS_MODES)
def test_filters_narrow_the_list_and_its_feeds(context_for: Any, base_url: str, js: bool) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/events/")
    assert CONFERENCE in event_titles(page)
    loads = Loads(page)
    heading = page.locator("h1").element_handle()
    filters = page.locator("form.event-filters")
    land = filters.get_by_label("Bundesland", exact=True)
    event_format = filters.get_by_label("Format", exact=True)

    if js:
        # Each change asks for the results only, swaps them and pushes the filter URL.
        with page.expect_response(lambda r: is_htmx_get(r, "land=BY")) as answer:
            land.select_option("BY")
        assert answer.value.status == 200
        expect(page).to_have_url(re.compile(r"/events/\?(.*&)?land=BY(&|$)"))
        settled(page)
        with page.expect_response(lambda r: is_htmx_get(r, "format=workshop")):
            event_format.select_option("workshop")
        expect(page).to_have_url(re.compile(r"/events/\?(.*&)?format=workshop(&|$)"))
        expect(page.locator("#event-list h3")).to_have_text([TITLED_WORKSHOP])
        settled(page)
        assert loads.urls == [], f"changing a filter loaded the page: {loads.urls}"
        assert heading.evaluate("el => el.isConnected"), "the <h1> was replaced: a page load"
        expect(land).to_have_value("BY")
        expect(event_format).to_have_value("workshop")
    else:
        land.select_option("BY")
        event_format.select_option("workshop")
        # Nothing happens until the form is sent.
        assert loads.urls == []
        filters.get_by_role("button", name="Filter anwenden").click()
        page.wait_for_url(re.compile(r"land=BY.*format=workshop"))
        expect(page.locator("#event-list h3")).to_have_text([TITLED_WORKSHOP])

    titles = event_titles(page)
    assert titles == [BAVARIAN_WORKSHOP]
    meta = page.locator("#event-list .entry-meta").inner_text()
    assert "Workshop" in meta and "Bayern" in meta, meta

    # The URL in the address bar gives the same results when opened directly.
    direct = context_for(False).new_page()
    response = direct.goto(page.url)
    assert response is not None and response.status == 200
    assert event_titles(direct) == titles

    # The subscription links follow the filters and hold exactly these events.
    feeds = page.locator("#feed-links")
    webcal = feeds.locator("a[href^='webcal://']").get_attribute("href") or ""
    ics = feeds.get_by_role("link", name=re.compile(r"\.ics")).get_attribute("href") or ""
    atom = feeds.get_by_role("link", name="Atom-Feed").get_attribute("href") or ""
    for link in (webcal, ics, atom):
        assert "land=BY" in link and "format=workshop" in link, link
    assert ics.startswith("http") and webcal == "webcal://" + ics.split("://", 1)[1]
    calendar = page.request.get(ics)
    assert calendar.status == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    text = unfolded(calendar.text())
    assert text.count("BEGIN:VEVENT") == 1, text
    assert "Workshop Bildrechte" in text
    assert "Fachtagung" not in text


# --- the month calendar -------------------------------------------------------------------


def _tab_to_calendar_links(page: Any) -> list[str]:
    """Tab from the top of the page; returns what each stop was, until the event link."""
    stops: list[str] = []
    for _ in range(150):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            "(() => { const el = document.activeElement;"
            " if (el.rel === 'prev' || el.rel === 'next') return el.rel;"
            " if (el.closest('table')) return 'table:' + el.textContent.trim();"
            " return el.tagName; })()"
        )
        stops.append(stop)
        if stop.startswith("table:") and "Fachtagung" in stop:
            break
    return stops


@pytest.mark.parametrize("js", JS_MODES)
def test_month_calendar_table_and_keyboard(context_for: Any, base_url: str, js: bool) -> None:
    page = context_for(js).new_page()
    page.goto(f"{base_url}/events/calendar?month={DEMO_EVENT_MONTH}")
    table = page.get_by_role("table", name=re.compile(r"^Veranstaltungen im"))
    expect(table).to_have_count(1)
    headers = table.get_by_role("columnheader")
    expect(headers).to_have_count(7)
    assert headers.first.locator("abbr").get_attribute("title") == "Montag"
    assert table.get_by_role("link", name=re.compile(r"Fachtagung Behörden")).count() == 2, (
        "the two-day conference should appear on both of its days"
    )

    # Keyboard: the previous and next month links, then the events in the table.
    stops = _tab_to_calendar_links(page)
    assert "prev" in stops and "next" in stops, stops
    assert stops[-1].startswith("table:") and "Fachtagung" in stops[-1], stops
    assert stops.index("prev") < stops.index("next") < len(stops) - 1

    heading = page.locator("#results-title")
    month_heading = heading.inner_text().strip()
    next_link = page.locator("a[rel=next]")
    next_month = re.sub(r"\s*→\s*$", "", next_link.inner_text()).strip()
    year, month = (int(part) for part in DEMO_EVENT_MONTH.split("-"))
    next_key = f"{year + month // 12:04d}-{month % 12 + 1:02d}"
    loads = Loads(page)
    h1 = page.locator("h1").element_handle()
    next_link.focus()
    if js:
        with page.expect_response(lambda r: is_htmx_get(r, f"month={next_key}")):
            page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(rf"/events/calendar\?(.*&)?month={next_key}"))
        expect(heading).to_have_text(next_month)
        settled(page)
        assert loads.urls == [], f"the month link loaded the page: {loads.urls}"
        assert h1.evaluate("el => el.isConnected")
        # Focus stays on the (new) next-month link, ready to go on; not on <body>.
        assert page.evaluate("document.activeElement !== document.body"), focused_element(page)
        expect(page.locator("a[rel=next]")).to_be_focused()
        # Back again with the previous-month link.
        with page.expect_response(lambda r: is_htmx_get(r, f"month={DEMO_EVENT_MONTH}")):
            page.locator("a[rel=prev]").press("Enter")
        expect(heading).to_have_text(month_heading)
        settled(page)
        expect(page).to_have_url(re.compile(rf"month={DEMO_EVENT_MONTH}"))
        expect(page.locator("a[rel=prev]")).to_be_focused()
        page.go_back()
        expect(page).to_have_url(re.compile(rf"month={next_key}"))
        expect(heading).to_have_text(next_month)
    else:
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"/events/calendar\?(.*&)?month={next_key}"))
        expect(heading).to_have_text(next_month)
        assert len(loads.urls) == 1
    expect(page.get_by_role("table").get_by_role("columnheader")).to_have_count(7)


# --- "Ich nehme teil" ----------------------------------------------------------------------


def _count(page: Any) -> int:
    said = page.locator("#attend-count").inner_text()
    if said == "Noch keine Teilnahme angegeben.":  # zero is said in words
        return 0
    match = re.search(r"\d+", said)
    assert match, said
    return int(match.group())


def _press_attend(page: Any, js: bool) -> None:
    button = page.locator("#attend-button")
    button.focus()
    if js:
        with page.expect_response(
            lambda r: r.request.method == "POST" and r.url.endswith("/attend")
        ) as answer:
            page.keyboard.press("Enter")
        assert answer.value.status == 200
        settled(page)
    else:
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(f"/events/{ATTEND_EVENT}#attend"), page.url


@pytest.mark.parametrize("js", JS_MODES)
def test_attend_toggle(context_for: Any, base_url: str, js: bool) -> None:
    page = context_for(js).new_page()
    login(page, base_url, ATTENDEE[js], DEMO_PASSWORD)
    page.goto(f"{base_url}/events/{ATTEND_EVENT}")
    button = page.locator("#attend-button")
    expect(button).to_have_accessible_name(re.compile(r"Ich nehme teil"))
    if button.get_attribute("aria-pressed") == "true":  # left over from an earlier run
        _press_attend(page, js)
    expect(button).to_have_attribute("aria-pressed", "false")
    before = _count(page)
    loads = Loads(page)
    h1 = page.locator("h1").element_handle()

    _press_attend(page, js)
    expect(page.locator("#attend-button")).to_have_attribute("aria-pressed", "true")
    assert _count(page) == before + 1
    expect(page.locator("#live-region")).to_contain_text("Sie nehmen teil.")
    if js:
        expect(page.locator("#attend-button")).to_be_focused()
        assert loads.urls == [] and h1.evaluate("el => el.isConnected")
        # The message is announced, not shown a second time as a box.
        assert page.locator("#live-region .kern-alert").count() == 0
    else:
        assert len(loads.urls) == 1
        expect(page.locator("#live-region .kern-alert--success")).to_be_visible()

    # Pressed again: no longer taking part.
    _press_attend(page, js)
    expect(page.locator("#attend-button")).to_have_attribute("aria-pressed", "false")
    assert _count(page) == before
    expect(page.locator("#live-region")).to_contain_text("Sie nehmen nicht mehr teil.")
    if js:
        expect(page.locator("#attend-button")).to_be_focused()
        assert loads.urls == []

    _press_attend(page, js)
    expect(page.locator("#attend-button")).to_have_attribute("aria-pressed", "true")
    page.goto(f"{base_url}/events/mine")
    attending = page.locator("section[aria-labelledby=attending-title]")
    expect(attending.get_by_role("link", name=ATTEND_EVENT_TITLE)).to_be_visible()


def test_attend_button_asks_anonymous_readers_to_log_in(context_for: Any, base_url: str) -> None:
    page = context_for(False).new_page()
    page.goto(f"{base_url}/events/{DEMO_EVENT}")
    assert page.locator("#attend-button").count() == 0
    page.locator("#attend").get_by_role("link").click()
    page.wait_for_url(re.compile(r"/auth/login\?next="))


# --- the event form: a start time in the spring-forward gap ------------------------------


@pytest.mark.parametrize("js", JS_MODES)
def test_new_event_in_dst_gap_shows_the_error_at_the_field(
    context_for: Any, base_url: str, js: bool
) -> None:
    page = context_for(js).new_page()
    login(page, base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    page.goto(f"{base_url}/events/new")
    title = "Frühjahrstreffen zur Zeitumstellung"
    page.locator("#title").fill(title)
    page.locator("#starts_at").fill("2027-03-28T02:30")
    page.locator("#ends_at").fill("2027-03-28T04:00")
    page.locator("#timezone").fill("Europe/Berlin")
    page.locator("#venue_name").fill("Rathaus Musterstadt (fiktiv)")
    page.locator("#venue_city").fill("Musterstadt")
    page.locator("#land").select_option("NW")
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url == f"{base_url}/events/new"
    ) as answer:
        page.get_by_role("button", name="Veranstaltung veröffentlichen").click()
    response = answer.value
    assert response.status == 422
    page.wait_for_load_state()

    start = page.locator("#starts_at")
    expect(start).to_have_value("2027-03-28T02:30")  # what was typed is kept
    expect(start).to_have_attribute("aria-invalid", "true")
    message = "2:30 Uhr gibt es am 28. März 2027 in Europe/Berlin nicht"
    error = page.locator("#starts_at-field #starts_at-error")
    expect(error).to_contain_text(message)
    assert "starts_at-error" in (start.get_attribute("aria-describedby") or "").split()
    # The time may be joined to „Uhr“ by a non-breaking space.
    spaced = r"[\s\u00a0]".join(re.escape(word) for word in message.split(" "))
    expect(start).to_have_accessible_description(re.compile(spaced))
    expect(page.locator("#title")).to_have_value(title)
    expect(page.locator("#ends_at")).to_have_value("2027-03-28T04:00")
    summary = page.locator("#error-summary")
    # (A regex with "/" in a role name breaks Playwright's selector parser: use has_text.)
    expect(summary.locator("a", has_text=message)).to_have_attribute("href", "#starts_at")
    if js:
        # axe runs inside the page; the same state without JS is the same HTML.
        violations = axe_violations(page)
        assert not violations, format_axe(violations)
        expect(summary).to_be_focused()
    java, jar = nu_checker_or_skip()
    errors = vnu_errors(run_vnu(java, jar, response.body()))
    assert not errors, format_vnu(errors)
