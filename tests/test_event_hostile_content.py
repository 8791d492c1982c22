"""Hostile input in an event renders inert everywhere the event is shown, calendars included.

The payloads of ``tests.test_hostile_content`` (``CASES``: every Markdown attack of
``tests.test_markdown`` plus the plain-text breakouts) go through the real event forms, as
a moderator, so nothing waits for review:

* a new event (title, description, venue name, street and city, organiser, price with
  "free of charge" off, recording policy), first refused because it ends before it starts,
* the same event edited to "postponed" with the payload as the reason (again refused first),
* and then cancelled with the payload in the cancel reason.

After each change every place showing the event is fetched and checked with the helpers of
``tests.test_hostile_content``: the event page (anonymous and as its organiser; its JSON-LD
block on its own), the list (plain, filtered by the event's Land, htmx fragment), the
month view (page and fragment), "Meine Veranstaltungen", the editor, the forms shown again
with an error, the cancel and delete pages, the event's .ics file and the .ics feed
(icalendar parses them without errors and gives back the stored texts) and the Atom feed.

One app, database and logged-in moderator serve the whole module; each case deletes its
event at the end, so one payload cannot spoil the next case.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from flask import Flask, url_for
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy import select
from werkzeug.test import TestResponse
from wtforms.validators import Length

import tests.test_hostile_content as hostile
from kb.accounts import service as account_service
from kb.events import editing as event_editing
from kb.events import feed, service
from kb.events import queries as event_queries
from kb.events.forms import DESCRIPTION_MAX, STATUS_LABELS, CancelForm, EventForm, one_line
from kb.events.models import DEFAULT_TIMEZONE, Event, EventStatus
from kb.extensions import db, limiter
from kb.forms import clean_filter
from kb.plaintext import markdown_to_text
from kb.taxonomy import seed_taxonomy
from kb.timeutil import utcnow
from kb.users import Role
from tests.conftest import PASSWORD, Client, make_app, own_database

# Known defects of the event pages, left visible: a case whose only problems match these
# patterns ("<kind>: <problem>") is reported as xfail with the reason; any other problem
# fails it. (The articles' KNOWN_DEFECTS marks are theirs: every payload runs here.)
KNOWN_DEFECTS: dict[str, str] = {}
CASES = [pytest.param(*case.values, id=case.id) for case in hostile.CASES]


def known_defect(problem: str) -> str | None:
    return next((why for pattern, why in KNOWN_DEFECTS.items() if re.match(pattern, problem)), None)


LAND, POSTAL_CODE = "BE", "10117"
CALENDAR_STATUS = {EventStatus.POSTPONED: "TENTATIVE", EventStatus.CANCELLED: "CANCELLED"}
SCHEMA_STATUS = {
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}


# --- the texts one payload becomes ----------------------------------------------------------


def max_length(form: type[Any], name: str) -> int:
    """The field's limit as the form enforces it, so a clipped payload is accepted."""
    validators = getattr(form, name).kwargs["validators"]
    return next(validator.max for validator in validators if isinstance(validator, Length))


@dataclass(frozen=True)
class EventTexts:
    title: str
    description: str
    venue_name: str
    venue_street: str
    venue_city: str
    organiser_name: str
    price: str
    recording_policy: str
    status_reason: str
    cancel_reason: str

    @classmethod
    def of(cls, payload: str) -> EventTexts:
        """What the forms get: each field clipped to its limit (longer is refused)."""
        plain = {
            name: hostile.clip(payload, max_length(EventForm, name))
            for name in (
                "title",
                "venue_name",
                "venue_street",
                "venue_city",
                "organiser_name",
                "price",
                "recording_policy",
                "status_reason",
            )
        }
        return cls(
            **plain,
            description=payload[:DESCRIPTION_MAX],
            # Another text than the postponement's, to see which reason a page shows.
            cancel_reason=hostile.clip("Abgesagt " + payload, max_length(CancelForm, "reason")),
        )

    def stored(self) -> EventTexts:
        """What the forms keep: control characters dropped, plain fields on one line."""
        cleaned = {item.name: one_line(getattr(self, item.name)) for item in fields(self)}
        return replace(self, **{**cleaned, "description": clean_filter(self.description)})


# --- the app, its organiser and the control event -----------------------------------------


@dataclass
class EventWorld:
    app: Flask
    organiser: hostile.Actor
    anonymous: hostile.Actor
    day: date  # the day every case's event takes place
    # What each kind of page carries that user text must not change: htmx attributes for
    # pages, property and parameter names for calendars; from the control event.
    control: dict[str, Counter[Any]] = field(default_factory=dict)
    slug: str | None = None  # the event the running case listed

    @property
    def month(self) -> str:
        return f"{self.day.year}-{self.day.month:02d}"


@pytest.fixture(scope="module")
def event_world(
    database_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[EventWorld]:
    with own_database(database_template, tmp_path_factory.mktemp("event-hostile")) as database_url:
        app = make_app(
            database_url,
            # Rate limits guard against people, not against this module's few hundred posts.
            KB_EVENT_LIMIT="100000 per minute",
            KB_POST_LIMIT="100000 per minute",
            # Anonymous pages are cached for a few seconds; each check must see the new event.
            KB_PAGE_CACHE_SECONDS=0,
        )
        limiter.reset()
        day = utcnow().astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date() + timedelta(days=45)
        with app.app_context():
            seed_taxonomy()
            account_service.create_user(
                "moderatorin@stadt-beispiel.de", PASSWORD, "Mona Moderatorin", role=Role.MODERATOR
            )
            add_filler_events(day)
            db.session.commit()
        client: Client = app.test_client()  # type: ignore[assignment]
        login = client.post_form(
            "/auth/login", {"email": "moderatorin@stadt-beispiel.de", "password": PASSWORD}
        )
        assert login.status_code == 303
        client.get(login.headers["Location"])  # shows (and so clears) the welcome message
        world = EventWorld(
            app=app,
            organiser=hostile.Actor(client),
            anonymous=hostile.Actor(app.test_client()),  # type: ignore[arg-type]
            day=day,
        )
        pages = list_and_collect(world, "Harmloser Kontrolltext über Mastodon")
        try:
            for kind, seen in pages:
                problems, signature = check(seen)
                assert not problems, (kind, problems)
                world.control[kind] = signature
        finally:
            pages.close()
            remove_event(world)
        yield world
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def add_filler_events(day: date) -> None:
    """More events than a list page holds, later than the cases' event, by someone else:
    every list has its "load more" link, "my events" shows only the case's event."""
    filler = account_service.create_user(
        "fueller@stadt-beispiel.de", PASSWORD, "Fritz Füller", role=Role.MODERATOR
    )
    zone = ZoneInfo(DEFAULT_TIMEZONE)
    for number in range(event_queries.PAGE_SIZE + 2):
        start = datetime.combine(day + timedelta(days=number + 1), datetime.min.time())
        start = start.replace(hour=18, tzinfo=zone).astimezone(UTC)
        service.create_event(
            filler,
            event_editing.EventInput(
                title=f"Füllveranstaltung {number}",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                description="Ein **harmloser** Text mit [Link](https://example.org).",
                venue_name="Rathaus",
                venue_city="Berlin",
                land=LAND,
            ),
        )


# --- one payload, through every form --------------------------------------------------------


@dataclass
class Expected:
    """The event as stored, and what its calendar entries and feed entry must say."""

    path: str
    url: str
    texts: EventTexts  # as stored
    reason: str
    status: EventStatus
    ics_description: str
    atom_summary: str


@dataclass
class Seen:
    """One response to check: `how` is "page", "event-page", "ics", "atom", or "crash"
    (then `body` is the exception the request raised)."""

    body: str | bytes
    how: str = "page"
    fragment: bool = False
    shows: tuple[str, ...] = ()
    expected: Expected | None = None


def event_form(world: EventWorld, texts: EventTexts, **overrides: str) -> dict[str, Any]:
    """The whole event form, "free of charge" unticked (so the price counts)."""
    return {
        "title": texts.title,
        "description": texts.description,
        "format": "meetup",
        "starts_at": f"{world.day.isoformat()}T18:00",
        "ends_at": f"{world.day.isoformat()}T20:00",
        "timezone": DEFAULT_TIMEZONE,
        "attendance_mode": "in_person",
        "venue_name": texts.venue_name,
        "venue_street": texts.venue_street,
        "venue_postal_code": POSTAL_CODE,
        "venue_city": texts.venue_city,
        "land": LAND,
        "price": texts.price,
        "language": "de",
        "organiser_name": texts.organiser_name,
        "step_free": "yes",
        "recording_policy": texts.recording_policy,
        **overrides,
    }


def expected_event(world: EventWorld, texts: EventTexts, reason: str) -> Expected:
    """Check that the forms stored the texts as they should, and say what shows them."""
    assert world.slug
    with world.app.test_request_context("/"):
        event = db.session.scalar(select(Event).where(Event.slug == world.slug))
        assert event is not None
        wrong = [
            name
            for name in (item.name for item in fields(texts))
            if name not in ("status_reason", "cancel_reason")
            and getattr(event, name) != getattr(texts, name)
        ]
        assert not wrong, f"stored otherwise than the form should keep them: {wrong}"
        assert event.status_reason == reason, "stored reason"
        url = url_for("events.show", slug=event.slug, _external=True)
        label = str(STATUS_LABELS[event.status])
        parts = (f"{label}: {reason}", markdown_to_text(texts.description, url), url)
        summary = feed.summary(event)
        assert reason in summary
        return Expected(
            path=urlsplit(url).path,
            url=url,
            texts=texts,
            reason=reason,
            status=event.status,
            ics_description="\n\n".join(part for part in parts if part),
            atom_summary=summary,
        )


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def list_and_collect(world: EventWorld, payload: str) -> Iterator[tuple[str, Seen]]:
    """Put payload into every field through the real forms; yield everything showing it."""
    submitted = EventTexts.of(payload)
    texts = submitted.stored()
    assert len(texts.title) >= 3, "payload too short for a title"
    organiser = world.organiser
    expect = hostile.expect
    plain_fields = (
        texts.title,
        texts.venue_name,
        texts.venue_street,
        texts.venue_city,
        texts.organiser_name,
        texts.price,
        texts.recording_policy,
    )
    in_form = (*plain_fields, texts.description)
    too_early = {"ends_at": f"{world.day.isoformat()}T17:00"}

    # A new event: first refused (it ends before it starts), then listed.
    refused = organiser.post("/events/new", event_form(world, submitted, **too_early))
    yield (
        "new-refused",
        Seen(text_of(expect(refused, 422, "new event ending too early")), shows=in_form),
    )
    created = expect(organiser.post("/events/new", event_form(world, submitted)), 303, "new event")
    path = urlsplit(created.headers["Location"]).path
    world.slug = path.rsplit("/", 1)[-1]
    assert path == f"/events/{world.slug}", path

    # Postponed, with the payload as the reason: first refused, then saved.
    postponed = event_form(
        world, submitted, status="postponed", status_reason=submitted.status_reason
    )
    refused = organiser.post(f"{path}/edit", {**postponed, **too_early})
    yield (
        "edit-refused",
        Seen(
            text_of(expect(refused, 422, "edit ending too early")),
            shows=(*in_form, texts.status_reason),
        ),
    )
    expect(organiser.post(f"{path}/edit", postponed), 303, "postponing")
    yield (
        "cancel-page",
        Seen(
            text_of(expect(organiser.get(f"{path}/cancel"), 200, "cancel page")),
            shows=(texts.title,),
        ),
    )
    expected = expected_event(world, texts, texts.status_reason)
    for kind, seen in everywhere(world, expected):
        yield f"{kind}@postponed", seen

    # Cancelled, with the payload in the cancel reason.
    cancelled = organiser.post(f"{path}/cancel", {"reason": submitted.cancel_reason})
    expect(cancelled, 303, "cancelling")
    expected = expected_event(world, texts, texts.cancel_reason)
    for kind, seen in everywhere(world, expected):
        yield f"{kind}@cancelled", seen
    yield (
        "delete-page",
        Seen(
            text_of(expect(organiser.get(f"{path}/delete"), 200, "delete page")),
            shows=(texts.title,),
        ),
    )


def everywhere(world: EventWorld, expected: Expected) -> Iterator[tuple[str, Seen]]:
    """Every page, fragment, calendar and feed that shows the event."""
    texts, path = expected.texts, expected.path
    organiser, anonymous = world.organiser, world.anonymous
    on_page = (
        texts.title,
        texts.venue_name,
        texts.venue_street,
        texts.venue_city,
        texts.organiser_name,
        texts.price,
        texts.recording_policy,
        expected.reason,
    )
    in_list = (texts.title, texts.venue_city, texts.price)
    htmx = {"HX-Request": "true"}
    calendar = f"/events/calendar?month={world.month}"
    # The editor first, so the message the last change flashed is always shown there.
    wanted: list[tuple[str, hostile.Actor, str, dict[str, str], Seen]] = [
        ("editor", organiser, f"{path}/edit", {}, Seen("", shows=(*on_page, texts.description))),
        ("event-anonymous", anonymous, path, {}, Seen("", how="event-page", shows=on_page)),
        ("event-organiser", organiser, path, {}, Seen("", how="event-page", shows=on_page)),
        ("list", anonymous, "/events/", {}, Seen("", shows=in_list)),
        ("list-filtered", anonymous, f"/events/?land={LAND}", {}, Seen("", shows=in_list)),
        (
            "list-filtered-fragment",
            anonymous,
            f"/events/?land={LAND}",
            htmx,
            Seen("", fragment=True, shows=in_list),
        ),
        ("calendar", anonymous, calendar, {}, Seen("", shows=(texts.title,))),
        (
            "calendar-fragment",
            anonymous,
            calendar,
            htmx,
            Seen("", fragment=True, shows=in_list[:1]),
        ),
        ("mine", organiser, "/events/mine", {}, Seen("", shows=in_list)),
        # Calendars and the feed, as subscribers fetch them.
        ("ics", anonymous, f"{path}.ics", {}, Seen(b"", how="ics")),
        ("ics-feed", anonymous, "/events.ics", {}, Seen(b"", how="ics")),
        ("atom", anonymous, "/events/feed.atom", {}, Seen("", how="atom")),
    ]
    mimetypes = {"ics": "text/calendar", "atom": "application/atom+xml"}
    for kind, viewer, url, headers, seen in wanted:
        seen.expected = expected
        try:
            response = viewer.get(url, headers=headers)
        except Exception as error:
            # The test client passes on what a reader would get as "500 Internal Server
            # Error": report it as this page's problem and go on with the others.
            yield kind, replace(seen, how="crash", body=f"{type(error).__name__}: {error}")
            continue
        hostile.expect(response, 200, f"{kind} ({url})")
        assert response.mimetype == mimetypes.get(seen.how, "text/html"), (kind, response.mimetype)
        body = response.data if seen.how == "ics" else text_of(response)
        yield kind, replace(seen, body=body)


def remove_event(world: EventWorld) -> None:
    if not world.slug:
        return
    deleted = world.organiser.post(f"/events/{world.slug}/delete", {})
    world.slug = None
    hostile.expect(deleted, 303, "delete")
    # The page after the deletion shows its message, so the next case starts without one.
    world.organiser.get(deleted.headers["Location"])


# --- the checks -------------------------------------------------------------------------------

STRUCTURED_DATA = '<script type="application/ld+json">'
# Where a browser ends a script element, whatever JSON it is in the middle of.
SCRIPT_END = re.compile(r"</script[\s/>]", re.IGNORECASE)


def split_structured_data(html: str) -> tuple[str, str | None, list[str]]:
    """The page without its JSON-LD block, the block as a browser reads it, and problems.

    hostile.page_problems allows no inline script at all, so the block is taken out and
    checked on its own; whatever a payload made of it stays in the page for page_problems.
    """
    count = html.count(STRUCTURED_DATA)
    if count != 1:
        return html, None, [f"{count} JSON-LD blocks instead of exactly one"]
    start = html.index(STRUCTURED_DATA)
    end = SCRIPT_END.search(html, start + len(STRUCTURED_DATA))
    if end is None:
        return html, None, ["the JSON-LD block never ends"]
    close = html.find(">", end.start())
    content = html[start + len(STRUCTURED_DATA) : end.start()]
    problems = []
    if start > html.find("</head>"):
        problems.append("the JSON-LD block is not in <head>")
    return html[:start] + html[close + 1 :], content, problems


def jsonld_problems(content: str, expected: Expected) -> list[str]:
    problems = [
        f"{needle!r} unescaped in the JSON-LD block"
        for needle in ("</script", "<script", "<!--")
        if needle in content.lower()
    ]
    try:
        data = json.loads(content)
    except ValueError as error:
        return [*problems, f"the JSON-LD block is not JSON ({error}): {content[:300]!r}"]
    if not isinstance(data, dict):
        return [*problems, f"the JSON-LD block is no object: {content[:300]!r}"]
    texts = expected.texts
    place = data.get("location") if isinstance(data.get("location"), dict) else {}
    address = place.get("address") if isinstance(place.get("address"), dict) else {}
    wanted = {
        "name": (data.get("name"), texts.title),
        "description": (
            data.get("description"),
            markdown_to_text(texts.description, expected.url) or None,
        ),
        "eventStatus": (data.get("eventStatus"), SCHEMA_STATUS[expected.status]),
        "location name": (place.get("name"), texts.venue_name),
        "streetAddress": (address.get("streetAddress"), texts.venue_street),
        "addressLocality": (address.get("addressLocality"), texts.venue_city),
        "organizer": ((data.get("organizer") or {}).get("name"), texts.organiser_name),
        "price": ((data.get("offers") or {}).get("description"), texts.price),
    }
    for what, (found, stored) in wanted.items():
        if found != stored:
            problems.append(f"JSON-LD {what} is {str(found)[:80]!r}, not {str(stored)[:80]!r}")
    return problems


# A content line as RFC 5545 writes it (after folding): a name, then parameters or a value.
CONTENT_LINE = re.compile(rb"[A-Za-z0-9-]+[;:]")


def ics_problems(body: bytes, expected: Expected) -> tuple[list[str], Counter[Any]]:
    """Problems of a calendar file holding the event, and its shape (component, property
    and parameter names, in order) to compare with the control event's."""
    problems: list[str] = []
    if not body.endswith(b"\r\n"):
        problems.append("the calendar does not end with CRLF")
    for number, line in enumerate(body.split(b"\r\n")[:-1], start=1):
        if b"\r" in line or b"\n" in line:
            problems.append(f"line {number} has a bare line break: {line[:80]!r}")
        if len(line) > 75:
            problems.append(f"line {number} is longer than 75 octets: {line[:80]!r}")
        if not line.startswith((b" ", b"\t")) and not CONTENT_LINE.match(line):
            problems.append(f"line {number} is no content line: {line[:80]!r}")
    try:
        calendar = Calendar.from_ical(body)
    except ValueError as error:
        return [*problems, f"icalendar cannot read it: {error}"], Counter()
    shape: Counter[Any] = Counter()
    for component in calendar.walk():
        if component.errors:
            problems.append(f"{component.name}: {component.errors[:3]}")
        for name, values in component.items():
            for value in values if isinstance(values, list) else [values]:
                shape[(component.name, name, tuple(sorted(getattr(value, "params", {}))))] += 1
    entries = [
        item for item in calendar.walk("VEVENT") if str(item.get("URL", "")).endswith(expected.path)
    ]
    if len(entries) != 1:
        return [*problems, f"the event is in the calendar {len(entries)} times"], shape
    problems += calendar_entry_problems(entries[0], expected)
    return problems, shape


def calendar_entry_problems(entry: CalendarEvent, expected: Expected) -> list[str]:
    texts = expected.texts
    location = f"{texts.venue_name}, {texts.venue_street}, {POSTAL_CODE} {texts.venue_city}"
    organizer = entry.get("ORGANIZER")
    wanted = {
        "SUMMARY": (entry.get("SUMMARY"), texts.title),
        "LOCATION": (entry.get("LOCATION"), location),
        "DESCRIPTION": (entry.get("DESCRIPTION"), expected.ics_description),
        "STATUS": (entry.get("STATUS"), CALENDAR_STATUS[expected.status]),
        "ORGANIZER": (organizer, expected.url),
        "ORGANIZER;CN": (organizer.params.get("CN") if organizer else None, texts.organiser_name),
    }
    return [
        f"{name} is {str(found)[:120]!r}, not {stored[:120]!r}"
        for name, (found, stored) in wanted.items()
        if found is None or str(found) != stored
    ]


def check(seen: Seen) -> tuple[list[str], Counter[Any]]:
    expected = seen.expected
    if seen.how == "crash":
        return [f"the page breaks: {seen.body!s}"[:500]], Counter()
    if seen.how == "ics":
        assert isinstance(seen.body, bytes) and expected
        return ics_problems(seen.body, expected)
    assert isinstance(seen.body, str)
    if seen.how == "atom":
        assert expected
        texts = expected.texts
        problems = hostile.feed_problems(
            seen.body, texts.title, expected.atom_summary, texts.organiser_name, expected.path
        )
        return problems, Counter()
    html, problems = seen.body, []
    if seen.how == "event-page":
        assert expected
        html, content, problems = split_structured_data(seen.body)
        if content is not None:
            problems += jsonld_problems(content, expected)
    page = hostile.Page(html, fragment=seen.fragment, shows=seen.shows)
    page_problems, hx = hostile.check("page", page)
    return problems + page_problems, hx


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "payload"), CASES)
def test_hostile_event_is_inert_everywhere(
    event_world: EventWorld, name: str, payload: str
) -> None:
    problems: list[str] = []
    checked: list[str] = []
    pages = list_and_collect(event_world, payload)
    try:
        # Every place is checked even after one failed, so a case lists all it breaks.
        for kind, seen in pages:
            found, signature = check(seen)
            control = event_world.control[kind]
            if seen.how != "crash" and signature != control:
                # Same templates, same structure: user text must not add or drop any.
                extra, missing = signature - control, control - signature
                found.append(f"differs from the control: extra {extra}, missing {missing}")
            problems += [f"{kind}: {problem}" for problem in found]
            checked.append(kind)
    finally:
        pages.close()
        remove_event(event_world)
    unknown = [problem for problem in problems if not known_defect(problem)]
    assert not unknown, f"{name}:\n" + "\n".join(unknown[:20])
    assert set(checked) == set(event_world.control), set(event_world.control) ^ set(checked)
    if problems:
        pytest.xfail("; ".join(sorted({known_defect(problem) or "" for problem in problems})))


def test_control_pages_have_what_the_comparison_needs(event_world: EventWorld) -> None:
    """The comparisons are not vacuous: the control pages carry the app's own htmx, and the
    control calendars their properties."""
    control = event_world.control
    for kind in ("list@postponed", "list-filtered-fragment@cancelled"):
        assert control[kind][("a", "hx-get", "<url>")] == 1, kind  # "load more"
    assert control["event-organiser@postponed"][("form", "hx-post", "<url>")] >= 1  # attend
    assert control["calendar-fragment@postponed"][("a", "hx-get", "<url>")] == 2
    assert control["ics@cancelled"][("VEVENT", "ORGANIZER", ("CN",))] == 1
    assert control["ics-feed@postponed"][("VEVENT", "SUMMARY", ())] == event_queries.PAGE_SIZE + 3


def harmless_expected() -> Expected:
    texts = EventTexts.of("Stammtisch").stored()
    return Expected(
        path="/events/stammtisch",
        url="http://localhost/events/stammtisch",
        texts=texts,
        reason=texts.status_reason,
        status=EventStatus.POSTPONED,
        ics_description="Verschoben: Stammtisch",
        atom_summary="",
    )


def page_with_jsonld(content: str) -> str:
    return (
        f"<!DOCTYPE html><html><head>{STRUCTURED_DATA}{content}</script></head><body></body></html>"
    )


def harmless_jsonld(**overrides: str) -> str:
    data = {
        "name": "Stammtisch",
        "eventStatus": SCHEMA_STATUS[EventStatus.POSTPONED],
        "location": {
            "name": "Stammtisch",
            "address": {"streetAddress": "Stammtisch", "addressLocality": "Stammtisch"},
        },
        "organizer": {"name": "Stammtisch"},
        "offers": {"description": "Stammtisch"},
        "description": "Stammtisch",
        **overrides,
    }
    return json.dumps(data)


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        (page_with_jsonld(harmless_jsonld(name="</script><script>alert(1)</script>")), "not JSON"),
        (page_with_jsonld(harmless_jsonld(name="<!-- x")), "'<!--' unescaped"),
        (page_with_jsonld(harmless_jsonld(name="<script>x")), "'<script' unescaped"),
        (page_with_jsonld(harmless_jsonld(name="Anderer Titel")), "JSON-LD name"),
        (page_with_jsonld("[1, 2]"), "no object"),
        (page_with_jsonld(harmless_jsonld()) * 2, "2 JSON-LD blocks"),
        ("<!DOCTYPE html><p>x</p>", "0 JSON-LD blocks"),
    ],
)
def test_the_jsonld_checks_catch_what_they_should(html: str, problem: str) -> None:
    _rest, content, problems = split_structured_data(html)
    if content is not None:
        problems += jsonld_problems(content, harmless_expected())
    assert any(problem in found for found in problems), problems


def test_the_jsonld_checks_pass_a_harmless_block() -> None:
    rest, content, problems = split_structured_data(page_with_jsonld(harmless_jsonld()))
    assert content is not None
    assert problems + jsonld_problems(content, harmless_expected()) == []
    assert STRUCTURED_DATA not in rest


def test_a_broken_out_jsonld_block_leaves_a_script_for_page_problems() -> None:
    html = page_with_jsonld('{"name": "</script><script>alert(1)</script>"}')
    rest, _, _ = split_structured_data(html)
    problems, _, _ = hostile.page_problems(rest, fragment=False)
    assert any("script" in found for found in problems), problems


HARMLESS_ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//DE\r\nBEGIN:VEVENT\r\n"
    b"UID:1\r\nDTSTART:20300101T180000Z\r\nSUMMARY:Stammtisch\r\n"
    b"LOCATION:Stammtisch\\, Stammtisch\\, 10117 Stammtisch\r\n"
    b"DESCRIPTION:Verschoben: Stammtisch\r\nSTATUS:TENTATIVE\r\n"
    b"ORGANIZER;CN=Stammtisch:http://localhost/events/stammtisch\r\n"
    b"URL:http://localhost/events/stammtisch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (HARMLESS_ICS.replace(b"SUMMARY:Stammtisch", b"SUMMARY:Stamm\r\n<script>"), "no content"),
        (HARMLESS_ICS.replace(b"SUMMARY:Stammtisch", b"SUMMARY:Stamm\ntisch"), "bare line"),
        (HARMLESS_ICS.replace(b"SUMMARY:Stammtisch", b"SUMMARY:Anders"), "SUMMARY is"),
        (HARMLESS_ICS.replace(b"Verschoben: Stammtisch", b"Verschoben"), "DESCRIPTION is"),
        (HARMLESS_ICS.replace(b"10117 ", b""), "LOCATION is"),
        (HARMLESS_ICS.replace(b"CN=Stammtisch", b"CN=Stamm"), "ORGANIZER;CN is"),
        (HARMLESS_ICS.replace(b"20300101T180000Z", b"kein-datum"), "VEVENT: [('DTSTART'"),
        (HARMLESS_ICS.replace(b"SUMMARY:", b"SUMMARY:" + b"x" * 80), "longer than 75"),
        (HARMLESS_ICS.replace(b"/stammtisch\r\nEND", b"/anders\r\nEND"), "0 times"),
        (HARMLESS_ICS[:-2], "CRLF"),
    ],
)
def test_the_ics_checks_catch_what_they_should(body: bytes, problem: str) -> None:
    problems, _ = ics_problems(body, harmless_expected())
    assert any(problem in found for found in problems), problems


def test_the_ics_checks_pass_a_harmless_calendar() -> None:
    problems, shape = ics_problems(HARMLESS_ICS, harmless_expected())
    assert problems == []
    assert shape[("VEVENT", "ORGANIZER", ("CN",))] == 1
