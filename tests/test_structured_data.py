"""schema.org JSON-LD on event and series pages, checked against the schema.org vocabulary.

The vocabulary is the official release file, vendored (tests/data/README.md): every @type
must be a schema.org class, every property defined for that class or a supertype, and
every value must fit the property's range (a class, an enumeration member, or a data type
such as Date, DateTime, Number, Boolean, Text or URL).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from flask import Flask
from sqlalchemy import select

from kb.events.models import Event
from kb.extensions import db
from kb.taxonomy import seed_taxonomy
from kb.users import Role
from tests.conftest import Auth, Client

VOCABULARY_FILE = Path(__file__).parent / "data" / "schemaorg-current-https.jsonld.gz"
# Release 30.0; see tests/data/README.md.
VOCABULARY_GRAPH_SHA256 = "21331b9baa07d76266d8225d01e8a65ff50c43674b2b4fea4011e2af9009087c"
SCHEMA = "https://schema.org/"
NEXT_YEAR = datetime.now(UTC).year + 1


# --- the vocabulary and the check -------------------------------------------------------------


def _ids(value: Any) -> set[str]:
    """{"@id": "schema:X"} or a list of them, or "schema:X" strings: the names X."""
    items = value if isinstance(value, list) else [value] if value is not None else []
    names = (item["@id"] if isinstance(item, dict) else item for item in items)
    return {name.removeprefix("schema:") for name in names if name.startswith("schema:")}


@dataclass
class Vocabulary:
    parents: dict[str, set[str]] = field(default_factory=dict)  # class -> superclasses
    members: dict[str, set[str]] = field(default_factory=dict)  # enumeration member -> types
    domains: dict[str, set[str]] = field(default_factory=dict)  # property -> classes
    ranges: dict[str, set[str]] = field(default_factory=dict)  # property -> classes

    def ancestors(self, name: str) -> set[str]:
        found, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.parents.get(current, ()))
        return found

    def fits(self, name: str, wanted: set[str]) -> bool:
        return bool(self.ancestors(name) & wanted)


def _canonical(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _canonical(value) for key, value in sorted(node.items())}
    if isinstance(node, list):
        items = [_canonical(value) for value in node]
        return sorted(items, key=lambda value: json.dumps(value, sort_keys=True))
    return node


@cache
def vocabulary_document() -> dict[str, Any]:
    with gzip.open(VOCABULARY_FILE, "rt", encoding="utf-8") as file:
        document: dict[str, Any] = json.load(file)
    return document


@cache
def vocabulary() -> Vocabulary:
    result = Vocabulary()
    for term in vocabulary_document()["@graph"]:
        name = term["@id"].removeprefix("schema:")
        kinds = term["@type"] if isinstance(term["@type"], list) else [term["@type"]]
        if "rdfs:Class" in kinds:
            result.parents[name] = _ids(term.get("rdfs:subClassOf"))
        elif "rdf:Property" in kinds:
            result.domains[name] = _ids(term.get("schema:domainIncludes"))
            result.ranges[name] = _ids(term.get("schema:rangeIncludes"))
        else:  # an enumeration member: typed by its enumeration
            result.members[name] = _ids(kinds)
    return result


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _is_datetime(text: str) -> bool:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text and moment.tzinfo is not None  # a zone, or it is no instant


def _text_fits(text: str, ranges: set[str], words: Vocabulary) -> bool:
    if text.startswith(SCHEMA) and text.removeprefix(SCHEMA) in words.members:
        member = text.removeprefix(SCHEMA)
        return any(words.fits(kind, ranges) for kind in words.members[member])
    if "Text" in ranges:
        return True
    if "URL" in ranges and text.startswith(("https://", "http://")):
        return True
    if "Date" in ranges and _is_date(text):
        return True
    return "DateTime" in ranges and _is_datetime(text)


def _value_problems(value: Any, ranges: set[str], path: str, words: Vocabulary) -> list[str]:
    if isinstance(value, dict):
        return node_problems(value, words, ranges, path)
    if isinstance(value, bool):
        fits = "Boolean" in ranges
    elif isinstance(value, int | float):
        fits = bool(
            ranges
            & {"Number", "Float", "Integer"} - ({"Integer"} if isinstance(value, float) else set())
        )
    elif isinstance(value, str):
        fits = _text_fits(value, ranges, words)
    else:
        fits = False
    return [] if fits else [f"{path}: {value!r} is none of {sorted(ranges)}"]


def node_problems(
    node: dict[str, Any], words: Vocabulary, ranges: set[str] | None = None, path: str = "$"
) -> list[str]:
    """What in this JSON-LD node the schema.org vocabulary does not allow."""
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    problems = [
        f"{path}: @type {kind!r} is no schema.org class"
        for kind in types
        if kind not in words.parents
    ]
    types = [kind for kind in types if kind in words.parents]
    if not types:
        return problems or [f"{path}: no @type"]
    if ranges is not None and not any(words.fits(kind, ranges) for kind in types):
        problems.append(f"{path}: {types} is none of {sorted(ranges)}")
    for name, value in node.items():
        if name.startswith("@"):
            continue
        where = f"{path}.{name}"
        if name not in words.domains:
            problems.append(f"{where}: no schema.org property")
            continue
        if not any(words.fits(kind, words.domains[name]) for kind in types):
            problems.append(f"{where}: not a property of {types}")
            continue
        for item in value if isinstance(value, list) else [value]:
            problems += _value_problems(item, words.ranges[name], where, words)
    return problems


def jsonld_blocks(html: str) -> list[dict[str, Any]]:
    scripts = lxml.html.fromstring(html).xpath('//script[@type="application/ld+json"]')
    return [json.loads(script.text) for script in scripts]


def assert_valid(data: dict[str, Any]) -> None:
    assert data.get("@context") == "https://schema.org"
    problems = node_problems(data, vocabulary())
    assert not problems, "\n".join(problems)


# --- the check itself ---------------------------------------------------------------------------


def test_vocabulary_is_the_vendored_release() -> None:
    graph = json.dumps(_canonical(vocabulary_document()["@graph"]), separators=(",", ":"))
    assert hashlib.sha256(graph.encode()).hexdigest() == VOCABULARY_GRAPH_SHA256
    words = vocabulary()
    assert words.fits("EventSeries", {"Event"}) and words.fits("AggregateOffer", {"Offer"})
    assert words.members["EventRescheduled"] == {"EventStatusType"}


@pytest.mark.parametrize(
    ("node", "problem"),
    [
        ({"@type": "Happening", "name": "x"}, "no schema.org class"),
        ({"@type": "Event", "colour": "red"}, "no schema.org property"),
        ({"@type": "Event", "price": 5}, "not a property of"),  # Offer's, not Event's
        ({"@type": "Event", "isAccessibleForFree": "yes"}, "is none of ['Boolean']"),
        ({"@type": "Event", "startDate": "2. Juli 2026"}, "is none of"),
        ({"@type": "Event", "startDate": "2026-07-02T19:00:00"}, "is none of"),  # no zone
        ({"@type": "Event", "eventStatus": SCHEMA + "OnlineEventAttendanceMode"}, "is none of"),
        ({"@type": "Event", "organizer": {"@type": "Place", "name": "x"}}, "is none of"),
        ({"@type": "Event", "offers": {"@type": "Offer", "price": True}}, "is none of"),
        ({"@type": "Event", "url": "/relative"}, "is none of ['URL']"),
    ],
)
def test_the_check_finds_what_schema_org_does_not_allow(node: dict[str, Any], problem: str) -> None:
    problems = node_problems(node, vocabulary())
    assert any(problem in found for found in problems), problems


def test_the_check_accepts_a_correct_event() -> None:
    node = {
        "@type": "Event",
        "name": "Stammtisch",
        "startDate": "2026-07-02T19:00:00+02:00",
        "endDate": "2026-07-03",
        "eventStatus": SCHEMA + "EventScheduled",
        "location": {"@type": "VirtualLocation", "url": "https://meet.example/"},
        "offers": {"@type": "AggregateOffer", "lowPrice": 15, "highPrice": 30.5},
        "superEvent": {"@type": "EventSeries", "name": "Reihe"},
    }
    assert node_problems(node, vocabulary()) == []


# --- the pages ----------------------------------------------------------------------------------


def event_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Social-Media-Stammtisch Leipzig",
        "description": (
            "Wir tauschen uns über **Mastodon** aus.\n\n"
            "- Erfahrungen\n- Fragen\n\n"
            "Mehr auf [unserer Seite](https://netzwerk.example/stammtisch)."
        ),
        "format": "meetup",
        "starts_at": f"{NEXT_YEAR}-07-01T19:00",
        "ends_at": f"{NEXT_YEAR}-07-01T21:00",
        "timezone": "Europe/Berlin",
        "attendance_mode": "in_person",
        "venue_name": "Stadtbibliothek",
        "venue_street": "Wilhelm-Leuschner-Platz 10",
        "venue_postal_code": "04107",
        "venue_city": "Leipzig",
        "land": "SN",
        "is_free": "y",
        "language": "de",
        "organiser_name": "Netzwerk Social Media (fiktiv)",
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
    user = make_user(role=Role.MODERATOR)  # no review: the event shows at once
    assert auth.login(user.email).status_code == 303
    return client


def create(client: Client, **overrides: Any) -> str:
    response = client.post_form("/events/new", event_form(**overrides))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[-1]


def page_jsonld(client: Client, path: str) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == 200
    (data,) = jsonld_blocks(response.get_data(as_text=True))
    assert_valid(data)
    return data


def test_free_event(organiser: Client) -> None:
    slug = create(organiser)
    data = page_jsonld(organiser, f"/events/{slug}")

    assert data["@type"] == "Event"
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["url"] == "https://netzwerk.example/anmeldung"
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert "previousStartDate" not in data
    # The Markdown's structure as plain text: paragraphs, the list, the link's address.
    assert data["description"] == (
        "Wir tauschen uns über Mastodon aus.\n\n- Erfahrungen\n- Fragen\n\n"
        "Mehr auf unserer Seite (https://netzwerk.example/stammtisch)."
    )


@pytest.mark.parametrize(
    ("price", "offer"),
    [
        ("49 €", {"@type": "Offer", "price": 49, "priceCurrency": "EUR"}),
        ("1.200,50 EUR", {"@type": "Offer", "price": 1200.5, "priceCurrency": "EUR"}),
        (
            "30 Euro, ermäßigt 15 Euro",
            {"@type": "AggregateOffer", "lowPrice": 15, "highPrice": 30, "priceCurrency": "EUR"},
        ),
        ("Spende erbeten", {"@type": "Offer"}),  # no amount: only the text
    ],
)
def test_paid_event_gives_its_price(organiser: Client, price: str, offer: dict[str, Any]) -> None:
    slug = create(organiser, is_free=None, price=price)
    data = page_jsonld(organiser, f"/events/{slug}")

    assert data["isAccessibleForFree"] is False
    assert data["offers"] == {
        **offer,
        "description": price,
        "url": "https://netzwerk.example/anmeldung",
    }


def test_online_all_day_event(organiser: Client) -> None:
    slug = create(
        organiser,
        attendance_mode="online",
        online_url="https://meet.example/raum",
        registration_url="",
        all_day="y",
        starts_at=f"{NEXT_YEAR}-07-01",
        ends_at=f"{NEXT_YEAR}-07-02",
    )
    data = page_jsonld(organiser, f"/events/{slug}")

    assert data["startDate"] == f"{NEXT_YEAR}-07-01"
    assert data["endDate"] == f"{NEXT_YEAR}-07-02"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example/raum"}
    assert data["offers"]["url"] == f"http://localhost/events/{slug}"  # no registration page


def test_moved_event_is_rescheduled(app: Flask, organiser: Client) -> None:
    slug = create(organiser)
    edit = event_form(starts_at=f"{NEXT_YEAR}-07-08T19:00", ends_at=f"{NEXT_YEAR}-07-08T21:00")
    assert organiser.post_form(f"/events/{slug}/edit", edit).status_code == 303
    data = page_jsonld(organiser, f"/events/{slug}")

    assert data["eventStatus"] == SCHEMA + "EventRescheduled"
    assert data["previousStartDate"] == f"{NEXT_YEAR}-07-01T19:00:00+02:00"
    assert data["startDate"] == f"{NEXT_YEAR}-07-08T19:00:00+02:00"
    # The page says so too, as structured data should only say what the page shows.
    page = organiser.get(f"/events/{slug}").get_data(as_text=True)
    (moved,) = lxml.html.fromstring(page).find_class("event__moved")
    assert f"1. Juli {NEXT_YEAR}, 19:00\u00a0Uhr" in moved.text_content()

    # A change that does not move the start keeps what the start was before.
    edit["title"] = "Stammtisch Leipzig"
    assert organiser.post_form(f"/events/{slug}/edit", edit).status_code == 303
    assert page_jsonld(organiser, f"/events/{slug}")["previousStartDate"] == (
        f"{NEXT_YEAR}-07-01T19:00:00+02:00"
    )
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        assert event is not None and event.previous_starts_at is not None


def test_cancelled_event(organiser: Client) -> None:
    slug = create(organiser)
    response = organiser.post_form(f"/events/{slug}/cancel", {"reason": "Krankheit"})
    assert response.status_code == 303
    data = page_jsonld(organiser, f"/events/{slug}")

    assert data["eventStatus"] == SCHEMA + "EventCancelled"


def test_series_page_is_an_event_series(organiser: Client) -> None:
    slug = create(organiser, repeat="monthly")
    event_page = organiser.get(f"/events/{slug}").get_data(as_text=True)
    series_path = lxml.html.fromstring(event_page).xpath(
        '//a[starts-with(@href, "/events/series/")]/@href'
    )[0]
    data = page_jsonld(organiser, series_path)

    assert data["@type"] == "EventSeries"
    assert data["url"] == f"http://localhost{series_path}"
    dates = data["subEvent"]
    assert len(dates) >= 6  # the occurrences made ahead
    assert all(item["@type"] == "Event" and item["url"].startswith("http") for item in dates)
    assert dates[0]["url"] == f"http://localhost/events/{slug}"

    occurrence = page_jsonld(organiser, f"/events/{slug}")
    assert occurrence["superEvent"] == {
        "@type": "EventSeries",
        "name": data["name"],
        "url": data["url"],
    }
