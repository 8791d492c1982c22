"""Events as real clients read them: times on the pages, and .ics files in calendar tools.

Calendar files are parsed with ``icalendar`` and expanded with ``recurring-ical-events``,
the libraries calendar tools in Python use.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import Any

import feedparser
import icalendar
import lxml.html
import pytest
import recurring_ical_events
from flask import Flask

from kb.extensions import db
from kb.taxonomy import seed_taxonomy
from kb.users import Role
from tests.conftest import Auth, Client

NEXT_YEAR = datetime.now(UTC).year + 1
SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
DESCRIPTION = (
    "Wir tauschen uns über **Mastodon** aus.\n\n"
    "Themen:\n\n- Erfahrungen\n- Fragen\n\n"
    "1. Begrüßung\n2. Runde\n\n"
    "Programm: [unsere Seite](https://netzwerk.example/programm)."
)


def event_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Barcamp Verwaltungskommunikation",
        "description": DESCRIPTION,
        "format": "barcamp",
        "starts_at": f"{NEXT_YEAR}-07-01T09:00",
        "ends_at": f"{NEXT_YEAR}-07-02T17:00",
        "timezone": "Europe/Berlin",
        "attendance_mode": "in_person",
        "venue_name": "Stadtbibliothek",
        "venue_street": "Wilhelm-Leuschner-Platz 10",
        "venue_postal_code": "04107",
        "venue_city": "Leipzig",
        "land": "SN",
        "is_free": "y",
        "language": "de",
        "registration_url": "https://netzwerk.example/anmeldung",
        "step_free": "yes",
        "topics": ["strategie"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def organiser(app: Flask, client: Client, auth: Auth, make_user: Any) -> Client:
    app.config["KB_PAGE_CACHE_SECONDS"] = 0
    with app.app_context():
        seed_taxonomy()
        db.session.commit()
    user = make_user(role=Role.MODERATOR)
    assert auth.login(user.email).status_code == 303
    return client


def create(client: Client, **overrides: Any) -> str:
    response = client.post_form("/events/new", event_form(**overrides))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[-1]


def times(client: Client, path: str, language: str = "de") -> list[tuple[str, str]]:
    """Every <time>'s datetime attribute and text on the page."""
    html = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
    tree = lxml.html.fromstring(html)
    return [(str(node.get("datetime")), node.text_content()) for node in tree.iter("time")]


def event_times(client: Client, path: str, slug: str, language: str = "de") -> list[str]:
    """The datetime values of the <time> next to the event's link or heading."""
    html = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
    tree = lxml.html.fromstring(html)
    found = []
    for node in tree.iter("time"):
        container = next(node.iterancestors("li", "article"), None)
        if container is not None and f"/events/{slug}" in lxml.html.tostring(container).decode():
            found.append(str(node.get("datetime")))
    if path == f"/events/{slug}":
        found = [
            str(node.get("datetime")) for node in tree.find_class("event__when")[0].iter("time")
        ]
    return found


# --- times ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
def test_timed_event_over_days_shows_no_seconds(organiser: Client, language: str) -> None:
    slug = create(organiser)
    for path in (f"/events/{slug}", "/events/"):
        shown = [text for _value, text in times(organiser, path, language)]
        assert shown and not any(SECONDS.search(text) for text in shown), (path, shown)
    html = organiser.get(f"/events/{slug}", headers={"Accept-Language": language})
    when = lxml.html.fromstring(html.get_data(as_text=True)).find_class("event__when")[0]
    assert "09:00" in when.text_content() or "9:00" in when.text_content()
    feed = feedparser.parse(organiser.get("/events/feed.atom").data)
    (entry,) = [entry for entry in feed.entries if slug in entry.link]
    assert not SECONDS.search(entry.summary), entry.summary


def test_timed_event_carries_its_instant(organiser: Client) -> None:
    slug = create(
        organiser, starts_at=f"{NEXT_YEAR}-01-01T00:30", ends_at=f"{NEXT_YEAR}-01-01T02:00"
    )
    # 00:30 in Berlin is 23:30 UTC the day before: an instant, with its zone.
    for path in (f"/events/{slug}", "/events/"):
        assert event_times(organiser, path, slug) == [f"{NEXT_YEAR - 1}-12-31T23:30:00Z"], path


def test_all_day_event_carries_its_date(organiser: Client) -> None:
    slug = create(
        organiser, all_day="y", starts_at=f"{NEXT_YEAR}-07-01", ends_at=f"{NEXT_YEAR}-07-02"
    )
    # Local midnight is 22:00 UTC the day before: the date is the local first day.
    for path in (f"/events/{slug}", "/events/"):
        assert event_times(organiser, path, slug) == [f"{NEXT_YEAR}-07-01"], path


# --- calendar files ------------------------------------------------------------------------------


def parse(body: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(body)
    for component in calendar.walk():
        assert not component.errors, component.errors
    return calendar


def test_ics_description_is_readable_text_with_an_html_alternative(organiser: Client) -> None:
    slug = create(organiser)
    (event,) = parse(organiser.get(f"/events/{slug}.ics").data).walk("VEVENT")

    description = str(event["DESCRIPTION"])
    assert description.startswith(
        "Wir tauschen uns über Mastodon aus.\n\n"
        "Themen:\n\n- Erfahrungen\n- Fragen\n\n"
        "1. Begrüßung\n2. Runde\n\n"
        "Programm: unsere Seite (https://netzwerk.example/programm)."
    )
    assert "https://netzwerk.example/anmeldung" in description
    assert not re.search(r"\*\*|\]\(|<[a-z/]", description)

    html = event["X-ALT-DESC"]
    assert html.params["FMTTYPE"] == "text/html"
    tree = lxml.html.fromstring(str(html))
    assert [item.text_content() for item in tree.iter("li")] == [
        "Erfahrungen",
        "Fragen",
        "Begrüßung",
        "Runde",
    ]
    links = [str(href) for href in tree.xpath("//a/@href")]
    assert "https://netzwerk.example/programm" in links
    assert f"http://localhost/events/{slug}" in links


def test_ics_html_alternative_is_sanitised(organiser: Client) -> None:
    slug = create(
        organiser,
        description=(
            '<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror="alert(3)">'
        ),
    )
    (event,) = parse(organiser.get(f"/events/{slug}.ics").data).walk("VEVENT")
    html = str(event["X-ALT-DESC"])
    tree = lxml.html.fromstring(html)
    assert not tree.xpath("//script | //img | //*[@onerror]")
    assert "javascript:" not in "".join(tree.xpath("//a/@href"))


def test_feed_of_a_series_expands_in_recurring_ical_events(organiser: Client) -> None:
    slug = create(
        organiser,
        title="Stammtisch",
        starts_at=f"{NEXT_YEAR}-01-07T19:00",
        ends_at=f"{NEXT_YEAR}-01-07T21:00",
        repeat="weekly",
    )
    calendar = parse(organiser.get("/events.ics").data)
    occurrences = recurring_ical_events.of(calendar).between(
        date(NEXT_YEAR, 1, 1), date(NEXT_YEAR, 12, 31)
    )
    dates = sorted(
        item["DTSTART"].dt for item in occurrences if str(item["SUMMARY"]) == "Stammtisch"
    )
    assert len(dates) >= 6  # the occurrences made ahead, each its own VEVENT
    assert dates[0].isoformat() == f"{NEXT_YEAR}-01-07T19:00:00+01:00"
    assert {(later - earlier).days for earlier, later in pairwise(dates)} == {7}
    assert len({str(item["UID"]) for item in occurrences}) == len(occurrences)
    for item in occurrences:
        assert "- Erfahrungen\n- Fragen" in str(item["DESCRIPTION"])
        assert item["X-ALT-DESC"].params["FMTTYPE"] == "text/html"
    assert slug in {str(item["URL"]).rsplit("/", 1)[-1] for item in occurrences}


def test_all_day_event_spans_its_days_in_recurring_ical_events(organiser: Client) -> None:
    create(organiser, all_day="y", starts_at=f"{NEXT_YEAR}-07-01", ends_at=f"{NEXT_YEAR}-07-02")
    calendar = parse(organiser.get("/events.ics").data)
    events = recurring_ical_events.of(calendar)
    assert len(events.at(date(NEXT_YEAR, 7, 2))) == 1
    assert events.at(date(NEXT_YEAR, 7, 3)) == []
