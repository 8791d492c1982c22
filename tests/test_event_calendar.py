"""Calendar files, the Atom feed and schema.org data of events.

The functions are called directly (the views are tested in test_events.py), with a
request context for the reader's language and a lambda for the event page URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import pytest
from flask import Flask, render_template_string
from icalendar import Calendar, Component
from sqlalchemy import select

from kb.events import editing as event_editing
from kb.events import feed, ical, jsonld, localtime, service
from kb.events.forms import FORMAT_LABELS, STATUS_LABELS
from kb.events.models import AttendanceMode, Event, EventStatus, Format
from kb.extensions import db
from kb.taxonomy import Topic, seed_taxonomy
from kb.users import User

BERLIN = ZoneInfo("Europe/Berlin")
HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    '&amp; "quotes" ü',
    "Komma, Semikolon; Doppelpunkt:",
    # Only a crafted request gets a line break into a title; it must stay text.
    "Zeile eins\nMETHOD:REQUEST\nX-INJECTED:1",
]


def page_url(event: Event) -> str:
    return f"https://amtsnetz.example/events/{event.slug}"


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    """A German request (labels and dates are localised) with the topics seeded."""
    with app.test_request_context("/", headers={"Accept-Language": "de"}):
        seed_taxonomy()
        db.session.commit()
        yield


@pytest.fixture
def author(context: None, make_user: Any) -> User:
    user = make_user(display_name="Erika Mustermann")
    return db.session.get(User, user.id)


def local(year: int, month: int, day: int, hour: int, zone: str = "Europe/Berlin") -> datetime:
    """The UTC instant of a wall-clock time, as the form hands it to the service."""
    return localtime.to_utc(datetime(year, month, day, hour), ZoneInfo(zone))


def event_input(**overrides: Any) -> event_editing.EventInput:
    values: dict[str, Any] = {
        "title": "Social-Media-Stammtisch",
        "starts_at": local(2026, 7, 2, 19),
        "ends_at": local(2026, 7, 2, 21),
        "description": "Wir sprechen über **Mastodon** & Co.\n\n- Erfahrungen\n- Fragen",
        "format": Format.MEETUP,
        "venue_name": "Stadthaus",
        "venue_street": "Marktplatz 1",
        "venue_postal_code": "50667",
        "venue_city": "Köln",
        "land": "NW",
        "organiser_name": "Presseamt der Stadt Köln",
        "registration_url": "https://stadt.example/anmeldung",
        "topics": list(db.session.scalars(select(Topic).where(Topic.slug == "strategie"))),
    }
    values.update(overrides)
    return event_editing.EventInput(**values)


def make_event(author: User, **overrides: Any) -> Event:
    event = service.create_event(author, event_input(**overrides))
    db.session.commit()
    return event


def all_day_input(first: date, last: date, **overrides: Any) -> event_editing.EventInput:
    return event_input(
        all_day=True,
        starts_at=localtime.day_start(first, BERLIN),
        ends_at=localtime.day_start(last + timedelta(days=1), BERLIN),
        **overrides,
    )


def parse(ics: bytes) -> Calendar:
    """Parse like a client would, and insist icalendar found nothing wrong anywhere."""
    calendar = Calendar.from_ical(ics)
    for component in calendar.walk():
        assert component.errors == [], (component.name, component.errors)
    return calendar


def only_event(calendar: Calendar) -> Component:
    (event,) = calendar.walk("VEVENT")
    return event


# --- one event --------------------------------------------------------------------------


@pytest.mark.parametrize(("month", "utc_hour", "offset"), [(7, 17, "+0200"), (1, 18, "+0100")])
def test_local_time_with_its_zone(author: User, month: int, utc_hour: int, offset: str) -> None:
    event = make_event(
        author, starts_at=local(2026, month, 2, 19), ends_at=local(2026, month, 2, 21)
    )
    ics = ical.event_calendar(event, page_url)
    raw = ics.decode()

    assert f"DTSTART;TZID=Europe/Berlin:2026{month:02d}02T190000\r\n" in raw
    assert f"DTEND;TZID=Europe/Berlin:2026{month:02d}02T210000\r\n" in raw
    calendar = parse(ics)
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Berlin"
    assert "RDATE" not in raw and "RRULE:FREQ=YEARLY" in raw  # Outlook's style
    assert raw.index("BEGIN:VTIMEZONE") < raw.index("BEGIN:VEVENT")
    start = only_event(calendar).decoded("DTSTART")
    assert start.astimezone(UTC) == datetime(2026, month, 2, utc_hour, tzinfo=UTC)
    assert start.strftime("%z") == offset


def test_event_properties(author: User) -> None:
    event = make_event(author)
    raw = ical.event_calendar(event, page_url).decode()
    calendar = parse(raw.encode())
    component = only_event(calendar)

    assert "METHOD:PUBLISH\r\n" in raw
    assert "VERSION:2.0\r\n" in raw and "CALSCALE:GREGORIAN\r\n" in raw
    assert "PRODID:-//Amtsnetz//Veranstaltungen//DE\r\n" in raw
    assert "X-WR-CALNAME:Social-Media-Stammtisch\r\n" in raw
    assert "REFRESH-INTERVAL" not in raw  # only the feed is refreshed
    assert str(component["UID"]) == event.uid
    assert component["SEQUENCE"] == 0
    assert component["STATUS"] == "CONFIRMED"
    assert component["URL"] == page_url(event)
    assert component["SUMMARY"] == "Social-Media-Stammtisch"
    assert component["LOCATION"] == "Stadthaus, Marktplatz 1, 50667 Köln"
    assert re.search(r"^DTSTAMP:\d{8}T\d{6}Z\r$", raw, re.MULTILINE)
    assert component.decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)
    assert component.decoded("CREATED") == event.created_at.replace(microsecond=0)
    assert component.decoded("LAST-MODIFIED") == event.updated_at.replace(microsecond=0)
    assert component.categories == [str(FORMAT_LABELS[Format.MEETUP]), "Strategie"]
    description = str(component["DESCRIPTION"])
    # Plain text of the Markdown (its list kept), then the registration and the page.
    assert description.startswith("Wir sprechen über Mastodon & Co.\n\n- Erfahrungen\n- Fragen")
    assert "**" not in description and "<" not in description
    assert "https://stadt.example/anmeldung" in description
    assert description.endswith(page_url(event))


def test_organizer_is_a_name_without_mailto(author: User) -> None:
    event = make_event(author)
    raw = ical.event_calendar(event, page_url).decode()
    organizer = only_event(parse(raw.encode()))["ORGANIZER"]

    assert organizer.params["CN"] == "Presseamt der Stadt Köln"
    assert str(organizer) == page_url(event)
    assert "mailto:" not in raw.lower()
    assert 'ORGANIZER;CN="Presseamt der Stadt Köln":https://' in raw


def test_organizer_falls_back_to_the_creator(author: User) -> None:
    event = make_event(author, organiser_name="")
    organizer = only_event(parse(ical.event_calendar(event, page_url)))["ORGANIZER"]
    assert organizer.params["CN"] == "Erika Mustermann"


def test_moving_raises_sequence_and_keeps_uid(author: User) -> None:
    event = make_event(author)
    before = only_event(parse(ical.event_calendar(event, page_url)))

    service.update_event(
        event, event_input(starts_at=local(2026, 7, 9, 18), ends_at=local(2026, 7, 9, 20))
    )
    db.session.commit()
    raw = ical.event_calendar(event, page_url).decode()
    after = only_event(parse(raw.encode()))

    assert after["UID"] == before["UID"] == event.uid
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert "SEQUENCE:1\r\n" in raw
    assert "DTSTART;TZID=Europe/Berlin:20260709T180000\r\n" in raw


def test_cancelling_keeps_uid_and_says_why(author: User) -> None:
    event = make_event(author)
    uid = event.uid
    event_editing.cancel_event(event, "Die Referentin ist erkrankt.")
    db.session.commit()
    component = only_event(parse(ical.event_calendar(event, page_url)))

    assert component["UID"] == uid
    assert component["STATUS"] == "CANCELLED"
    assert component["SEQUENCE"] == 1
    assert component["SUMMARY"] == "Social-Media-Stammtisch"  # no prefix
    label = str(STATUS_LABELS[EventStatus.CANCELLED])
    assert str(component["DESCRIPTION"]).startswith(f"{label}: Die Referentin ist erkrankt.")


def test_postponed_is_tentative(author: User) -> None:
    event = make_event(author)
    service.update_event(
        event, event_input(status=EventStatus.POSTPONED, status_reason="Neuer Termin folgt")
    )
    db.session.commit()
    component = only_event(parse(ical.event_calendar(event, page_url)))
    assert component["STATUS"] == "TENTATIVE"
    assert "Neuer Termin folgt" in component["DESCRIPTION"]


@pytest.mark.parametrize(
    ("first", "last", "end"),
    [
        (date(2026, 7, 2), date(2026, 7, 2), "20260703"),
        (date(2026, 7, 2), date(2026, 7, 3), "20260704"),
    ],
)
def test_all_day_events_are_dates_with_exclusive_end(
    author: User, first: date, last: date, end: str
) -> None:
    event = service.create_event(author, all_day_input(first, last))
    db.session.commit()
    raw = ical.event_calendar(event, page_url).decode()
    component = only_event(parse(raw.encode()))

    assert f"DTSTART;VALUE=DATE:{first:%Y%m%d}\r\n" in raw
    assert f"DTEND;VALUE=DATE:{end}\r\n" in raw
    assert component.decoded("DTEND") == last + timedelta(days=1)
    assert "VTIMEZONE" not in raw  # dates have no zone


def test_online_event_is_located_at_its_link(author: User) -> None:
    event = make_event(
        author,
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://meet.example/raum",
        format=Format.WEBINAR,
    )
    component = only_event(parse(ical.event_calendar(event, page_url)))
    assert component["LOCATION"] == "https://meet.example/raum"
    assert component.categories[0] == str(FORMAT_LABELS[Format.WEBINAR])


def unescape_text(value: str) -> str:
    """RFC 5545 TEXT unescaping (backslash before \\ ; , and n/N)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_survive_the_calendar(author: User, title: str) -> None:
    event = make_event(author, title=title, organiser_name=title)
    calendar = parse(ical.event_calendar(event, page_url))
    component = only_event(calendar)
    assert component["SUMMARY"] == title
    assert component["ORGANIZER"].params["CN"] == title
    # NAME and X-WR-CALNAME are TEXT, escaped on the way out (a line break in a title
    # must not start a calendar line); icalendar reads them back raw, so unescape here.
    raw = ical.event_calendar(event, page_url).decode()
    assert not any(line.startswith("METHOD:REQUEST") for line in raw.split("\r\n"))
    assert calendar["METHOD"] == "PUBLISH"
    for name in ("NAME", "X-WR-CALNAME"):
        assert unescape_text(calendar[name].to_ical().decode()) == title


# --- the feed ---------------------------------------------------------------------------------


def test_feed_has_one_vtimezone_per_zone(author: User) -> None:
    events = [
        make_event(author, title="Berlin im Sommer"),
        make_event(
            author,
            title="Berlin im Winter",
            starts_at=local(2027, 1, 14, 10),
            ends_at=local(2027, 1, 14, 12),
        ),
        make_event(
            author,
            title="New York",
            timezone="America/New_York",
            starts_at=local(2026, 9, 1, 9, zone="America/New_York"),
            ends_at=local(2026, 9, 1, 10, zone="America/New_York"),
        ),
        make_event(
            author,
            title="UTC",
            timezone="UTC",
            attendance_mode=AttendanceMode.ONLINE,
            online_url="https://meet.example/utc",
        ),
        service.create_event(
            author, all_day_input(date(2026, 8, 1), date(2026, 8, 2), title="Ganztägig")
        ),
    ]
    db.session.commit()
    url = "https://amtsnetz.example/events.ics?land=NW"
    raw = ical.feed_calendar(events, "Amtsnetz – Veranstaltungen", url, page_url).decode()
    calendar = parse(raw.encode())

    assert sorted(timezone["TZID"] for timezone in calendar.walk("VTIMEZONE")) == [
        "America/New_York",
        "Europe/Berlin",
    ]
    assert raw.rindex("END:VTIMEZONE") < raw.index("BEGIN:VEVENT")
    assert [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")] == [
        "Berlin im Sommer",
        "Berlin im Winter",
        "New York",
        "UTC",
        "Ganztägig",
    ]
    assert "DTSTART;TZID=America/New_York:20260901T090000\r\n" in raw
    assert "DTSTART:20260702T170000Z\r\n" in raw  # UTC needs no VTIMEZONE
    new_york = calendar.walk("VEVENT")[2].decoded("DTSTART")
    assert new_york.astimezone(UTC) == datetime(2026, 9, 1, 13, tzinfo=UTC)
    assert "METHOD:PUBLISH\r\n" in raw
    assert "X-WR-CALNAME:Amtsnetz – Veranstaltungen\r\n" in raw
    assert "X-WR-TIMEZONE:Europe/Berlin\r\n" in raw
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in raw
    assert "X-PUBLISHED-TTL:PT12H\r\n" in raw
    assert calendar.refresh_interval == timedelta(hours=12)
    assert len(set(re.findall(r"^UID:(.+)\r$", raw, re.MULTILINE))) == len(events)


def test_empty_feed_is_a_valid_calendar(context: None) -> None:
    calendar = parse(
        ical.feed_calendar([], "Leer", "https://amtsnetz.example/events.ics", page_url)
    )
    assert calendar.walk("VEVENT") == [] and calendar.walk("VTIMEZONE") == []


# --- VTIMEZONE --------------------------------------------------------------------------------


def observances(zone: str, years: range) -> dict[str, Component]:
    timezone = ical.vtimezone(zone, years)
    calendar = Calendar()
    calendar.add_component(timezone)
    parse(calendar.to_ical())
    blocks = {component.name: component for component in timezone.subcomponents}
    assert len(blocks) == len(timezone.subcomponents)
    return blocks


def test_vtimezone_berlin_is_rrule_style() -> None:
    blocks = observances("Europe/Berlin", range(2025, 2028))
    daylight, standard = blocks["DAYLIGHT"], blocks["STANDARD"]

    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert daylight.decoded("DTSTART") == datetime(2025, 3, 30, 2, 0)
    assert daylight["TZOFFSETFROM"].td == timedelta(hours=1)
    assert daylight["TZOFFSETTO"].td == timedelta(hours=2)
    assert daylight["TZNAME"] == "CEST"
    assert standard["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert standard.decoded("DTSTART") == datetime(2025, 10, 26, 3, 0)
    assert standard["TZOFFSETFROM"].td == timedelta(hours=2)
    assert standard["TZOFFSETTO"].td == timedelta(hours=1)
    assert "RDATE" not in daylight and "RDATE" not in standard


def test_vtimezone_new_york_second_and_first_sunday() -> None:
    blocks = observances("America/New_York", range(2025, 2028))
    assert blocks["DAYLIGHT"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"
    assert blocks["DAYLIGHT"].decoded("DTSTART") == datetime(2025, 3, 9, 2, 0)
    assert blocks["DAYLIGHT"]["TZOFFSETTO"].td == timedelta(hours=-4)
    assert blocks["STANDARD"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"
    assert blocks["STANDARD"].decoded("DTSTART") == datetime(2025, 11, 2, 2, 0)
    assert blocks["STANDARD"]["TZOFFSETTO"].td == timedelta(hours=-5)


@pytest.mark.parametrize(
    ("zone", "offset"), [("Asia/Tokyo", timedelta(hours=9)), ("UTC", timedelta(0))]
)
def test_vtimezone_without_dst_is_one_standard_block(zone: str, offset: timedelta) -> None:
    blocks = observances(zone, range(2025, 2028))
    assert list(blocks) == ["STANDARD"]
    assert blocks["STANDARD"]["TZOFFSETFROM"].td == offset
    assert blocks["STANDARD"]["TZOFFSETTO"].td == offset
    assert "RRULE" not in blocks["STANDARD"]


@pytest.mark.parametrize(
    ("zone", "years"),
    [
        ("Europe/Berlin", range(2025, 2028)),
        ("America/New_York", range(2025, 2028)),
        ("Australia/Sydney", range(2025, 2028)),  # summer time across New Year
        ("Asia/Tokyo", range(2025, 2028)),
        ("America/Mexico_City", range(2021, 2024)),  # gave up summer time in 2022
        ("Africa/Casablanca", range(2025, 2028)),  # a few weeks back an hour for Ramadan
    ],
)
def test_vtimezone_agrees_with_zoneinfo(zone: str, years: range) -> None:
    """Read the block back as a zone and compare every hour of the years it covers (from
    the second year on: the first is the year before the first event). These zones change
    on the hour, so a change dated an hour off shows."""
    timezone = ical.vtimezone(zone, years).to_tz(lookup_tzid=False)
    expected = ZoneInfo(zone)
    moment = datetime(years.start + 1, 1, 1, tzinfo=UTC)
    wrong = []
    while moment < datetime(years.stop, 1, 1, tzinfo=UTC):
        if moment.astimezone(timezone).utcoffset() != moment.astimezone(expected).utcoffset():
            wrong.append(moment)
        moment += timedelta(hours=1)
    assert wrong == []


def test_irregular_zone_lists_its_changes() -> None:
    raw = ical.vtimezone("America/Mexico_City", range(2021, 2024)).to_ical().decode()
    assert "RRULE" not in raw
    assert "RDATE:20220403T020000\r\n" in raw  # the last spring change, in local time before it


# --- Atom -------------------------------------------------------------------------------------


def test_atom_feed(author: User) -> None:
    events = [make_event(author, title=title) for title in HOSTILE_TITLES]
    event_editing.cancel_event(events[0], "Raum nicht verfügbar")
    db.session.commit()
    body = feed.atom(
        events,
        "https://amtsnetz.example/events/feed.atom",
        "https://amtsnetz.example/events/",
        page_url,
    )
    parsed = feedparser.parse(body)

    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == HOSTILE_TITLES
    assert [entry.id for entry in parsed.entries] == [page_url(event) for event in events]
    first = parsed.entries[0]
    assert first.link == page_url(events[0])
    assert first.author == "Presseamt der Stadt Köln"
    assert "19:00" in first.summary and "MESZ" in first.summary
    assert "Stadthaus, Marktplatz 1, 50667 Köln" in first.summary
    assert f"{STATUS_LABELS[EventStatus.CANCELLED]}: Raum nicht verfügbar" in first.summary
    assert str(STATUS_LABELS[EventStatus.CANCELLED]) not in parsed.entries[1].summary
    content = first.content[0].value
    assert "<strong>Mastodon</strong>" in content and "<script" not in content
    assert first.updated_parsed is not None and first.published_parsed is not None
    # The title travels as escaped text, never as markup.
    assert b"<script>alert" not in body and b"&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_atom_summary_names_other_zones(author: User) -> None:
    event = make_event(
        author,
        timezone="America/New_York",
        starts_at=local(2026, 1, 15, 9, zone="America/New_York"),
        ends_at=local(2026, 1, 15, 10, zone="America/New_York"),
    )
    assert "9:00" in feed.summary(event) and "EST" in feed.summary(event)


# --- JSON-LD ----------------------------------------------------------------------------------


def round_trip(data: dict[str, Any]) -> dict[str, Any]:
    result = json.loads(json.dumps(data))
    assert result == data
    return result


def test_jsonld_in_person_free(author: User) -> None:
    event = make_event(author)
    data = round_trip(jsonld.event_jsonld(event, page_url(event)))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Social-Media-Stammtisch"
    assert data["description"] == "Wir sprechen über Mastodon & Co.\n\n- Erfahrungen\n- Fragen"
    assert data["startDate"] == "2026-07-02T19:00:00+02:00"
    assert data["endDate"] == "2026-07-02T21:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Stadthaus",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Marktplatz 1",
            "postalCode": "50667",
            "addressLocality": "Köln",
            "addressRegion": event.land_name,
            "addressCountry": "DE",
        },
    }
    assert data["location"]["address"]["addressRegion"]  # the Land's name
    assert data["offers"] == {
        "@type": "Offer",
        "price": 0,
        "priceCurrency": "EUR",
        "url": "https://stadt.example/anmeldung",
    }
    assert data["organizer"] == {"@type": "Organization", "name": "Presseamt der Stadt Köln"}
    assert data["url"] == page_url(event)
    assert data["inLanguage"] == "de"
    assert data["isAccessibleForFree"] is True
    assert data["keywords"] == "Strategie"


def test_jsonld_online_paid(author: User) -> None:
    event = make_event(
        author,
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://meet.example/raum",
        is_free=False,
        price="49 € (Behörden 25 €)",
        organiser_name="",
        language="en",
        starts_at=local(2026, 1, 15, 10),
        ends_at=local(2026, 1, 15, 12),
    )
    data = round_trip(jsonld.event_jsonld(event, page_url(event)))

    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example/raum"}
    # Two amounts in the cost text: the range of prices.
    assert data["offers"] == {
        "@type": "AggregateOffer",
        "lowPrice": 25,
        "highPrice": 49,
        "priceCurrency": "EUR",
        "description": "49 € (Behörden 25 €)",
        "url": "https://stadt.example/anmeldung",
    }
    assert data["isAccessibleForFree"] is False
    assert data["organizer"] == {"@type": "Person", "name": "Erika Mustermann"}
    assert data["startDate"] == "2026-01-15T10:00:00+01:00"
    assert data["inLanguage"] == "en"


def test_jsonld_hybrid_is_both_places(author: User) -> None:
    event = make_event(
        author,
        attendance_mode=AttendanceMode.HYBRID,
        online_url="https://meet.example/raum",
        registration_url="",
        language="de-en",
    )
    data = round_trip(jsonld.event_jsonld(event, page_url(event)))

    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = data["location"]
    assert place["@type"] == "Place" and place["address"]["postalCode"] == "50667"
    assert online == {"@type": "VirtualLocation", "url": "https://meet.example/raum"}
    assert data["offers"]["url"] == page_url(event)  # no registration page: the event page
    assert data["inLanguage"] == ["de", "en"]


def test_jsonld_cancelled_and_all_day(author: User) -> None:
    event = service.create_event(author, all_day_input(date(2026, 7, 2), date(2026, 7, 3)))
    event_editing.cancel_event(event, "Abgesagt")
    db.session.commit()
    data = round_trip(jsonld.event_jsonld(event, page_url(event)))

    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    # schema.org end dates are inclusive, unlike DTEND.
    assert (data["startDate"], data["endDate"]) == ("2026-07-02", "2026-07-03")


def test_jsonld_postponed(author: User) -> None:
    event = make_event(author)
    service.update_event(event, event_input(status=EventStatus.POSTPONED))
    data = jsonld.event_jsonld(event, page_url(event))
    assert data["eventStatus"] == "https://schema.org/EventPostponed"


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_jsonld_cannot_close_its_script(author: User, title: str) -> None:
    event = make_event(author, title=f"{title}</script><script>alert(2)</script>")
    html = render_template_string(
        '<script type="application/ld+json">{{ data|tojson }}</script>',
        data=jsonld.event_jsonld(event, page_url(event)),
    )
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body
    assert json.loads(body)["name"] == event.title
