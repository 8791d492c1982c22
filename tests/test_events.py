"""The event directory through its pages: forms, permissions, review, filters, feeds, attend."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import feedparser
import icalendar
import pytest
import sqlalchemy
from flask import Flask
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from kb import taxonomy
from kb.events import editing as event_editing
from kb.events import models, service
from kb.events.models import Attendance, Event, EventStatus, Review
from kb.extensions import db
from kb.taxonomy import seed_taxonomy
from kb.users import Role
from tests.conftest import PASSWORD, Auth, Client

NEXT_YEAR = datetime.now(UTC).year + 1


@pytest.fixture(autouse=True)
def fresh_pages(app: Flask) -> None:
    # Anonymous pages are cached for 30 s; these tests look at changes at once.
    app.config["KB_PAGE_CACHE_SECONDS"] = 0
    with app.app_context():
        seed_taxonomy()
        db.session.commit()


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Social-Media-Stammtisch Leipzig",
        "description": "Wir tauschen uns über **Mastodon** aus.",
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
        "step_free": "yes",
        "topics": ["strategie"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def moderator(make_user: Any) -> Any:
    return make_user(role=Role.MODERATOR)


def login(auth: Auth, user: Any) -> None:
    assert auth.login(user.email).status_code == 303


def create(client: Client, **overrides: Any) -> str:
    response = client.post_form("/events/new", form(**overrides))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[-1]


def load(app: Flask, slug: str) -> Event:
    with app.app_context():
        found = db.session.scalar(select(Event).where(Event.slug == slug))
        assert found is not None
        db.session.expunge(found)
        return found


def event_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Event)) or 0


def listed_slugs(html: str) -> list[str]:
    return re.findall(r'<h3 class="kern-title"><a class="kern-link" href="/events/([^"/]+)"', html)


def feed_slugs(body: bytes) -> list[str]:
    calendar = icalendar.Calendar.from_ical(body)
    return [str(item["URL"]).rsplit("/", 1)[-1] for item in calendar.walk("VEVENT")]


# --- creating ---------------------------------------------------------------------------


def test_moderator_creates_an_event_with_local_times(
    app: Flask, client: Client, auth: Auth, moderator: Any
) -> None:
    login(auth, moderator)
    slug = create(client)
    event = load(app, slug)
    assert event.starts_at == datetime(NEXT_YEAR, 7, 1, 17, 0, tzinfo=UTC)
    assert event.timezone == "Europe/Berlin"
    assert event.review == Review.VISIBLE
    page = client.get(f"/events/{slug}").get_data(as_text=True)
    assert "Social-Media-Stammtisch Leipzig" in page
    assert "<strong>Mastodon</strong>" in page
    assert "19:00" in page


def test_winter_event_means_18_utc(app: Flask, client: Client, auth: Auth, moderator: Any) -> None:
    login(auth, moderator)
    slug = create(client, starts_at=f"{NEXT_YEAR}-01-14T19:00", ends_at=f"{NEXT_YEAR}-01-14T21:00")
    assert load(app, slug).starts_at == datetime(NEXT_YEAR, 1, 14, 18, 0, tzinfo=UTC)


def test_all_day_event_accepts_dates_alone(
    app: Flask, client: Client, auth: Auth, moderator: Any
) -> None:
    login(auth, moderator)
    slug = create(
        client,
        title="Barcamp Verwaltung",
        format="barcamp",
        all_day="y",
        starts_at=f"{NEXT_YEAR}-09-18",
        ends_at=f"{NEXT_YEAR}-09-19",
    )
    event = load(app, slug)
    assert event.all_day
    assert event.first_day.isoformat() == f"{NEXT_YEAR}-09-18"
    assert event.last_day.isoformat() == f"{NEXT_YEAR}-09-19"
    assert event.starts_at == datetime(NEXT_YEAR, 9, 17, 22, 0, tzinfo=UTC)


def test_online_event_needs_no_venue(
    app: Flask, client: Client, auth: Auth, moderator: Any
) -> None:
    login(auth, moderator)
    slug = create(
        client,
        title="Webinar Datenschutz",
        format="webinar",
        attendance_mode="online",
        venue_name="",
        venue_street="",
        venue_postal_code="",
        venue_city="",
        land="",
        online_url="https://konferenz.example/raum/123",
    )
    event = load(app, slug)
    assert event.online_url == "https://konferenz.example/raum/123"
    assert event.venue_city == ""


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"ends_at": f"{NEXT_YEAR}-07-01T18:00"},
            "ends_at",
            "Das Ende muss nach dem Beginn liegen.",
        ),
        ({"timezone": "Europe/Atlantis"}, "timezone", "Unbekannte Zeitzone"),
        # Spring forward: on the last Sunday of March 02:00–03:00 does not exist in Berlin.
        (
            {"starts_at": "2027-03-28T02:30", "ends_at": "2027-03-28T04:00"},
            "starts_at",
            "2:30\u00a0Uhr gibt es am 28. März 2027 in Europe/Berlin nicht",
        ),
        # Fall back: on the last Sunday of October 02:00–03:00 happens twice.
        (
            {"starts_at": "2026-10-25T01:00", "ends_at": "2026-10-25T02:30"},
            "ends_at",
            "2:30\u00a0Uhr gibt es am 25. Oktober 2026 in Europe/Berlin zweimal",
        ),
        ({"online_url": "javascript:alert(1)"}, "online_url", "https://"),
        ({"registration_url": "ftp://example.org/x"}, "registration_url", "https://"),
        ({"registration_url": "/relative/path"}, "registration_url", "https://"),
        (
            {"venue_name": "", "venue_street": ""},
            "venue_name",
            "Bitte geben Sie den Veranstaltungsort an",
        ),
        ({"venue_city": ""}, "venue_city", "Bitte geben Sie den Ort an."),
        ({"land": ""}, "land", "Bitte wählen Sie das Bundesland."),
        ({"venue_postal_code": "1234"}, "venue_postal_code", "fünf Ziffern"),
        ({"starts_at": "morgen"}, "starts_at", "ein gültiges Datum mit Uhrzeit ein"),
        ({"ends_at": ""}, "ends_at", "Bitte geben Sie an, wann die Veranstaltung endet."),
        ({"ends_at": f"{NEXT_YEAR}-08-15T19:00"}, "ends_at", "höchstens 31 Tage"),
        (
            {"is_free": None, "price": ""},
            "price",
            "Bitte geben Sie an, was die Veranstaltung kostet.",
        ),
        ({"title": ""}, "title", "Bitte geben Sie einen Titel ein."),
        ({"format": "party"}, "format", None),
        # Dates beyond what the calendar, a series and the database hold.
        (
            {"starts_at": "9999-12-31T22:00", "ends_at": "9999-12-31T23:00"},
            "starts_at",
            "zwischen den Jahren 1900 und 2999",
        ),
        (
            {"starts_at": "0001-01-01T10:00", "ends_at": "0001-01-01T11:00"},
            "starts_at",
            "zwischen den Jahren 1900 und 2999",
        ),
        (
            {"ends_at": "3000-01-01T10:00"},
            "ends_at",
            "zwischen den Jahren 1900 und 2999",
        ),
        (
            {"repeat": "weekly", "repeat_until": "9999-12-31"},
            "repeat_until",
            "zwischen den Jahren 1900 und 2999",
        ),
        (
            {"starts_at": "9999-12-31", "ends_at": "", "all_day": "y"},
            "starts_at",
            "zwischen den Jahren 1900 und 2999",
        ),
    ],
)
def test_bad_input_is_refused_next_to_the_field(
    app: Flask,
    client: Client,
    auth: Auth,
    moderator: Any,
    overrides: dict[str, Any],
    field: str,
    message: str | None,
) -> None:
    login(auth, moderator)
    response = client.post_form("/events/new", form(**overrides))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(
        rf'id="{field}-error"><span[^>]*></span><span class="kern-body">([^<]*)<', html
    )
    assert error, f"no error next to {field}"
    if message:
        assert message in error.group(1).replace("&#34;", '"')
    assert 'aria-invalid="true"' in html
    # What was typed is still there.
    assert "Social-Media-Stammtisch Leipzig" in html or field == "title"
    assert event_count(app) == 0


def test_messages_follow_the_language(client: Client, auth: Auth, moderator: Any) -> None:
    login(auth, moderator)
    response = client.post_form(
        "/events/new",
        form(starts_at="2027-03-28T02:30", ends_at="2027-03-28T04:00"),
        headers={"Accept-Language": "en"},
    )
    assert "2:30\u202fAM does not exist on March 28, 2027 in Europe/Berlin" in response.get_data(
        as_text=True
    )


def test_csrf_is_required(app: Flask, client: Client, auth: Auth, moderator: Any) -> None:
    login(auth, moderator)
    response = client.post("/events/new", data=form())
    assert response.status_code == 400
    assert event_count(app) == 0


# --- who may do what ----------------------------------------------------------------------


def test_others_get_403_on_edit_cancel_and_delete(
    app: Flask, client: Client, auth: Auth, moderator: Any, make_user: Any
) -> None:
    login(auth, moderator)
    slug = create(client)
    auth.logout()
    other = make_user()
    login(auth, other)
    for url in (f"/events/{slug}/edit", f"/events/{slug}/cancel", f"/events/{slug}/delete"):
        assert client.get(url).status_code == 403
        assert client.post_form(url, form() | {"reason": "x"}).status_code == 403
    assert load(app, slug).status == EventStatus.SCHEDULED
    assert event_count(app) == 1


def test_anonymous_visitors_are_sent_to_log_in(client: Client, auth: Auth, moderator: Any) -> None:
    login(auth, moderator)
    slug = create(client)
    auth.logout()
    for url in ("/events/new", f"/events/{slug}/edit", f"/events/{slug}/cancel"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]


def test_organiser_and_moderator_may_edit(
    app: Flask, client: Client, auth: Auth, make_user: Any, moderator: Any
) -> None:
    organiser = make_user()
    login(auth, organiser)
    slug = create(client)
    assert client.get(f"/events/{slug}/edit").status_code == 200
    assert client.post_form(f"/events/{slug}/edit", form(title="Neuer Titel")).status_code == 303
    auth.logout()
    login(auth, moderator)
    response = client.post_form(f"/events/{slug}/edit", form(title="Vom Moderator"))
    assert response.status_code == 303
    assert load(app, slug).title == "Vom Moderator"


def test_unknown_events_give_404(client: Client) -> None:
    for url in ("/events/gibt-es-nicht", "/events/gibt-es-nicht.ics", "/events/series/nein"):
        assert client.get(url).status_code == 404


# --- held first events ------------------------------------------------------------------------


def test_first_event_of_a_new_member_waits_for_review(
    app: Flask, client: Client, auth: Auth, make_user: Any, moderator: Any
) -> None:
    member = make_user(trusted=False)
    login(auth, member)
    slug = create(client)
    assert load(app, slug).review == Review.HELD
    assert client.get(f"/events/{slug}").status_code == 200  # the author sees it
    assert slug in listed_slugs(client.get("/events/").get_data(as_text=True))
    auth.logout()

    def hidden_from_current_visitor() -> None:
        assert client.get(f"/events/{slug}").status_code == 404
        assert client.get(f"/events/{slug}.ics").status_code == 404
        assert slug not in listed_slugs(client.get("/events/").get_data(as_text=True))
        assert slug not in client.get("/events/calendar?month=" + f"{NEXT_YEAR}-07").get_data(
            as_text=True
        )
        assert slug not in feed_slugs(client.get("/events.ics").data)
        assert slug not in client.get("/events/feed.atom").get_data(as_text=True)

    hidden_from_current_visitor()  # anonymous
    login(auth, make_user())
    hidden_from_current_visitor()  # another member
    auth.logout()

    login(auth, moderator)
    review = client.get("/events/review")
    assert review.status_code == 303
    assert review.headers["Location"].endswith("/moderation/?what=held&type=event")
    event_id = load(app, slug).id
    assert slug in client.get("/moderation/?what=held&type=event").get_data(as_text=True)
    approved = client.post_form(
        f"/moderation/items/event/{event_id}/approve", {"facts": "Ein echtes Treffen."}
    )
    assert approved.status_code == 303
    auth.logout()
    assert client.get(f"/events/{slug}").status_code == 200
    assert slug in feed_slugs(client.get("/events.ics").data)

    # Once approved, the member's next event appears at once.
    login(auth, member)
    second = create(client, title="Zweites Treffen")
    assert load(app, second).review == Review.VISIBLE


def test_only_moderators_approve(client: Client, auth: Auth, make_user: Any) -> None:
    member = make_user(trusted=False)
    login(auth, member)
    slug = create(client)
    event_id = load(client.application, slug).id
    approve = client.post_form(f"/moderation/items/event/{event_id}/approve", {"facts": "Gut."})
    assert approve.status_code == 403
    assert client.get("/events/review").status_code == 403


# --- changes reach calendars ------------------------------------------------------------------


def test_moving_raises_sequence_and_cancelling_keeps_the_uid(
    app: Flask, client: Client, auth: Auth, moderator: Any
) -> None:
    login(auth, moderator)
    slug = create(client)
    before = load(app, slug)
    client.post_form(f"/events/{slug}/edit", form(description="Nur der Text ist neu."))
    assert load(app, slug).sequence == before.sequence
    client.post_form(
        f"/events/{slug}/edit",
        form(starts_at=f"{NEXT_YEAR}-07-02T19:00", ends_at=f"{NEXT_YEAR}-07-02T21:00"),
    )
    moved = load(app, slug)
    assert moved.sequence == before.sequence + 1
    ics = icalendar.Calendar.from_ical(client.get(f"/events/{slug}.ics").data)
    (vevent,) = ics.walk("VEVENT")
    assert int(vevent["SEQUENCE"]) == moved.sequence

    assert client.get(f"/events/{slug}/cancel").status_code == 200
    response = client.post_form(f"/events/{slug}/cancel", {"reason": ""})
    assert response.status_code == 422
    client.post_form(f"/events/{slug}/cancel", {"reason": "Die Referentin ist erkrankt."})
    cancelled = load(app, slug)
    assert cancelled.status == EventStatus.CANCELLED
    assert cancelled.uid == before.uid
    assert cancelled.sequence == moved.sequence + 1
    raw = client.get(f"/events/{slug}.ics").get_data(as_text=True)
    assert "STATUS:CANCELLED" in raw
    assert f"UID:{before.uid}" in raw
    page = client.get(f"/events/{slug}").get_data(as_text=True)
    assert "Die Referentin ist erkrankt." in page


def test_delete_removes_the_event(app: Flask, client: Client, auth: Auth, moderator: Any) -> None:
    login(auth, moderator)
    slug = create(client)
    assert client.get(f"/events/{slug}/delete").status_code == 200
    assert client.post_form(f"/events/{slug}/delete").status_code == 303
    assert client.get(f"/events/{slug}").status_code == 404


def test_deleting_tells_the_attendees_and_takes_the_comments_and_likes_along(
    app: Flask, client: Client, auth: Auth, moderator: Any, make_user: Any
) -> None:
    """Through the registry: the deletion hooks of other features run (comments, likes,
    bookmarks on the event), and whoever attended learns that it is gone."""
    from kb.community.models import Bookmark, Comment, Like
    from kb.notify import Notification

    login(auth, moderator)
    slug = create(client)
    auth.logout()
    attendee = make_user(display_name="Tina Teilnehmerin")
    auth.login(attendee.email)
    assert client.post_form(f"/events/{slug}/attend", {"attend": "1"}).status_code == 303
    event_id = load(app, slug).id
    assert (
        client.post_form(f"/community/event/{event_id}/comments", {"body": "Ich komme!"})
    ).status_code == 303
    client.post_form(f"/community/event/{event_id}/like")
    client.post_form(f"/community/event/{event_id}/bookmark")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
        assert db.session.scalar(select(func.count()).select_from(Like)) == 1
        assert db.session.scalar(select(func.count()).select_from(Bookmark)) == 1
    auth.logout()

    login(auth, moderator)
    assert client.post_form(f"/events/{slug}/delete").status_code == 303
    with app.app_context():
        for model in (Comment, Like, Bookmark, Attendance):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
        (notice,) = db.session.scalars(
            select(Notification).where(Notification.user_id == attendee.id)
        )
        assert notice.url == "/events/"
    auth.logout()
    auth.login(attendee.email)
    page = client.get("/notifications", headers={"Accept-Language": "en"})
    assert "has been deleted by its organiser" in page.get_data(as_text=True)


# --- the list, its filters and the feed -------------------------------------------------------


@pytest.fixture
def varied_events(app: Flask, client: Client, auth: Auth, moderator: Any) -> dict[str, str]:
    login(auth, moderator)
    slugs = {
        "leipzig": create(client),
        "muenchen": create(
            client,
            title="Barcamp München",
            format="barcamp",
            land="BY",
            venue_city="München",
            venue_postal_code="80331",
            starts_at=f"{NEXT_YEAR}-05-10T10:00",
            ends_at=f"{NEXT_YEAR}-05-10T17:00",
            is_free=None,
            price="Teilnahmebeitrag 49 €",
            topics=["krisenkommunikation"],
        ),
        "webinar": create(
            client,
            title="Webinar Bildrechte",
            format="webinar",
            attendance_mode="online",
            land="",
            venue_name="",
            venue_city="",
            starts_at=f"{NEXT_YEAR}-02-03T10:00",
            ends_at=f"{NEXT_YEAR}-02-03T11:00",
            topics=["bild-urheberrecht"],
        ),
        "hybrid": create(
            client,
            title="Konferenz Hamburg",
            format="conference",
            attendance_mode="hybrid",
            land="HH",
            venue_city="Hamburg",
            venue_postal_code="20095",
            starts_at=f"{NEXT_YEAR}-11-12T09:00",
            ends_at=f"{NEXT_YEAR}-11-13T17:00",
        ),
    }
    with app.app_context():
        past = service.create_event(
            db.session.get(type(moderator), moderator.id),
            event_editing.EventInput(
                title="Vergangener Stammtisch",
                starts_at=datetime(2025, 7, 3, 16, 30, tzinfo=UTC),
                ends_at=datetime(2025, 7, 3, 19, 0, tzinfo=UTC),
                land="SN",
                venue_city="Leipzig",
                venue_name="Café",
            ),
        )
        db.session.commit()
        slugs["past"] = past.slug
    auth.logout()
    return slugs


FILTERS = [
    "",
    "land=SN",
    "land=BY",
    "format=webinar",
    "mode=online",
    "mode=hybrid",
    "topic=krisenkommunikation",
    "free=1",
    f"from={NEXT_YEAR}-05-01&to={NEXT_YEAR}-07-31",
    f"from={NEXT_YEAR}-11-13",
    "when=past",
    "when=past&land=SN",
    "land=SN&free=1&format=meetup",
]


@pytest.mark.parametrize("filters", FILTERS)
def test_feed_holds_exactly_what_the_list_shows(
    client: Client, varied_events: dict[str, str], filters: str
) -> None:
    listed = listed_slugs(client.get(f"/events/?{filters}").get_data(as_text=True))
    assert listed == feed_slugs(client.get(f"/events.ics?{filters}").data)
    atom = feedparser.parse(client.get(f"/events/feed.atom?{filters}").data)
    assert atom.bozo == 0
    assert sorted(listed) == sorted(entry.link.rsplit("/", 1)[-1] for entry in atom.entries)


def test_filters_select_the_right_events(client: Client, varied_events: dict[str, str]) -> None:
    def shown(filters: str) -> set[str]:
        html = client.get(f"/events/?{filters}").get_data(as_text=True)
        return {key for key, slug in varied_events.items() if slug in listed_slugs(html)}

    assert shown("") == {"leipzig", "muenchen", "webinar", "hybrid"}
    assert shown("when=past") == {"past"}
    assert shown("land=BY") == {"muenchen"}
    assert shown("format=webinar") == {"webinar"}
    assert shown("mode=online") == {"webinar"}
    assert shown("topic=krisenkommunikation") == {"muenchen"}
    assert shown("free=1") == {"leipzig", "webinar", "hybrid"}
    assert shown(f"from={NEXT_YEAR}-05-01&to={NEXT_YEAR}-07-31") == {"leipzig", "muenchen"}
    # A two-day conference still shows when the range starts on its second day.
    assert shown(f"from={NEXT_YEAR}-11-13") == {"hybrid"}
    # Upcoming events come in order of their start.
    html = client.get("/events/").get_data(as_text=True)
    assert listed_slugs(html) == [
        varied_events[key] for key in ("webinar", "muenchen", "leipzig", "hybrid")
    ]


def test_wrong_filter_values_are_explained_not_fatal(
    client: Client, varied_events: dict[str, str]
) -> None:
    response = client.get("/events/?land=XX&format=party&from=gestern&to=2020-13-01")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Unbekannter Wert" in html
    assert "Bitte geben Sie ein gültiges Datum ein, z.\u00a0B. 01.07.2026." in html
    assert len(listed_slugs(html)) == 4
    assert client.get("/events.ics?from=%ff%fe&land=%00").status_code == 200


def test_htmx_filter_answers_with_the_results_only(
    client: Client, varied_events: dict[str, str]
) -> None:
    response = client.get("/events/?land=BY", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert 'id="event-results"' in html
    assert listed_slugs(html) == [varied_events["muenchen"]]
    # The feed links in the fragment follow the filter.
    assert "webcal://localhost/events.ics?land=BY" in html


def test_list_pages_with_a_cursor(app: Flask, client: Client, make_user: Any) -> None:
    with app.app_context():
        author = db.session.get(type(make_user()), 1)
        start = datetime(NEXT_YEAR, 3, 2, 17, 0, tzinfo=UTC)
        for number in range(25):
            service.create_event(
                author,
                event_editing.EventInput(
                    title=f"Treffen {number}",
                    starts_at=start + timedelta(days=number),
                    ends_at=start + timedelta(days=number, hours=2),
                    attendance_mode=models.AttendanceMode.ONLINE,
                ),
            )
        db.session.execute(db.update(Event).values(review=Review.VISIBLE))
        db.session.commit()
    html = client.get("/events/").get_data(as_text=True)
    first = listed_slugs(html)
    assert len(first) == 20
    next_url = re.search(r'href="(/events/\?after=[^"]+)"', html)
    assert next_url
    rest = listed_slugs(client.get(next_url.group(1).replace("&amp;", "&")).get_data(as_text=True))
    assert len(rest) == 5
    assert not set(first) & set(rest)


def count_queries(app: Flask, client: Client, url: str) -> int:
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    return len(statements)


@pytest.mark.parametrize("as_member", [False, True], ids=["anonymous", "member"])
def test_list_and_month_run_a_constant_number_of_queries(
    app: Flask, client: Client, auth: Any, make_user: Any, as_member: bool
) -> None:
    author_id = make_user().id
    if as_member:
        # A member's pages skip the page cache and show what only members see.
        auth.login(make_user().email)
        client.get("/")  # the welcome notice

    def add(count: int) -> None:
        with app.app_context():
            author = db.session.get(type(make_user()), author_id)
            topics = sqlalchemy.select(taxonomy.Topic).limit(2)
            terms = list(db.session.scalars(topics))
            start = datetime(NEXT_YEAR, 3, 2, 17, 0, tzinfo=UTC)
            for number in range(count):
                created = service.create_event(
                    author,
                    event_editing.EventInput(
                        title=f"Treffen {number}",
                        starts_at=start + timedelta(hours=number),
                        ends_at=start + timedelta(hours=number + 1),
                        attendance_mode=models.AttendanceMode.ONLINE,
                        topics=terms,
                    ),
                )
                created.review = Review.VISIBLE
            db.session.commit()

    urls = ("/events/", month_url(), "/")
    add(5)
    small = [count_queries(app, client, url) for url in urls]
    add(60)
    large = [count_queries(app, client, url) for url in urls]
    assert small == large


def month_url() -> str:
    return f"/events/calendar?month={NEXT_YEAR}-03"


# --- the month view -----------------------------------------------------------------------------


def test_month_view_is_a_table_with_the_events_on_their_days(
    client: Client, varied_events: dict[str, str]
) -> None:
    html = client.get(f"/events/calendar?month={NEXT_YEAR}-11").get_data(as_text=True)
    assert "<table" in html and '<th class="kern-table__header" scope="col">' in html
    grid = html.split("<table", 1)[1].split("</table>", 1)[0]
    # The two-day conference appears on both of its days.
    assert grid.count(f'href="/events/{varied_events["hybrid"]}"') == 2
    assert varied_events["leipzig"] not in html
    july = client.get(f"/events/calendar?month={NEXT_YEAR}-07&land=BY").get_data(as_text=True)
    assert varied_events["leipzig"] not in july  # the Land filter applies
    # Previous and next month keep the filters.
    assert f"month={NEXT_YEAR}-08&amp;land=BY" in july
    assert client.get("/events/calendar?month=kaputt").status_code == 200


def test_month_view_has_an_agenda_of_the_days_with_events_for_small_screens(
    client: Client, varied_events: dict[str, str]
) -> None:
    html = client.get(f"/events/calendar?month={NEXT_YEAR}-11").get_data(as_text=True)
    agenda = html.split('<div class="month-agenda">', 1)[1].split("</div>", 1)[0]
    # Only the two days of the conference, in order, each a heading with its full date.
    days = re.findall(r'<h3[^>]*><time datetime="([0-9-]+)"', agenda)
    assert days == [f"{NEXT_YEAR}-11-12", f"{NEXT_YEAR}-11-13"]
    assert agenda.count(f'href="/events/{varied_events["hybrid"]}"') == 2
    weekday = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
    assert weekday[date(NEXT_YEAR, 11, 12).weekday()] in agenda  # the date is written out
    empty = client.get(f"/events/calendar?month={NEXT_YEAR}-12").get_data(as_text=True)
    agenda = empty.split('<div class="month-agenda">', 1)[1].split("</div>", 1)[0]
    assert "<h3" not in agenda and "keine Veranstaltungen" in agenda


def test_the_filters_fold_away_unless_one_is_active(
    client: Client, varied_events: dict[str, str]
) -> None:
    def panel(url: str) -> str:
        html = client.get(url).get_data(as_text=True)
        return re.search(r'<details class="filter-panel"[^>]*>', html)[0]  # type: ignore[index]

    # Sent open; js/disclosures.js folds on small screens those marked data-fold-small.
    assert "data-fold-small" in panel("/events/")
    assert "data-fold-small" not in panel("/events/?land=BY")
    assert "data-fold-small" in panel(f"/events/calendar?month={NEXT_YEAR}-11")
    assert "data-fold-small" not in panel(f"/events/calendar?month={NEXT_YEAR}-11&format=workshop")


# --- attend -------------------------------------------------------------------------------------


def test_attend_toggle_with_and_without_htmx(
    app: Flask, client: Client, auth: Auth, make_user: Any, varied_events: dict[str, str]
) -> None:
    slug = varied_events["leipzig"]
    anonymous = client.post_form(f"/events/{slug}/attend", {"attend": "1"})
    assert anonymous.status_code == 303 and "/auth/login" in anonymous.headers["Location"]

    login(auth, make_user())
    assert client.post_form(f"/events/{slug}/attend", {"attend": "1"}).status_code == 303
    assert load(app, slug).attendee_count == 1
    # A double click asks for the same state again: still one.
    response = client.htmx_post(f"/events/{slug}/attend", {"attend": "1"})
    html = response.get_data(as_text=True)
    assert 'aria-pressed="true"' in html and "<html" not in html
    assert "1 Person nimmt teil" in html
    assert load(app, slug).attendee_count == 1
    assert slug in client.get("/events/mine").get_data(as_text=True)

    html = client.htmx_post(f"/events/{slug}/attend", {"attend": "0"}).get_data(as_text=True)
    assert 'aria-pressed="false"' in html
    assert load(app, slug).attendee_count == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0


def test_nobody_signs_up_for_a_cancelled_event(
    app: Flask, client: Client, auth: Auth, moderator: Any
) -> None:
    login(auth, moderator)
    slug = create(client)
    client.post_form(f"/events/{slug}/cancel", {"reason": "Ausgefallen."})
    client.post_form(f"/events/{slug}/attend", {"attend": "1"})
    assert load(app, slug).attendee_count == 0


# --- the event page -----------------------------------------------------------------------------


def test_event_page_has_json_ld_and_no_cookie(app: Flask, varied_events: dict[str, str]) -> None:
    client = app.test_client()  # a reader who never logged in
    response = client.get(f"/events/{varied_events['hybrid']}")
    assert "Set-Cookie" not in response.headers
    html = response.get_data(as_text=True)
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    data = json.loads(match.group(1))
    assert data["@type"] == "Event"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert "Set-Cookie" not in client.get("/events/").headers


def test_series_from_the_form(app: Flask, client: Client, auth: Auth, moderator: Any) -> None:
    login(auth, moderator)
    slug = create(
        client,
        title="Stammtisch Dresden",
        starts_at=f"{NEXT_YEAR}-01-07T18:30",
        ends_at=f"{NEXT_YEAR}-01-07T21:00",
        repeat="monthly",
    )
    event = load(app, slug)
    assert event.series_id is not None
    with app.app_context():
        series = db.session.get(models.EventSeries, event.series_id)
        assert series is not None
        series_slug = series.slug
        dates = [occurrence.first_day.isoformat() for occurrence in series.occurrences]
    assert len(dates) >= 6
    assert dates[:3] == [f"{NEXT_YEAR}-01-07", f"{NEXT_YEAR}-02-04", f"{NEXT_YEAR}-03-04"]
    page = client.get(f"/events/series/{series_slug}").get_data(as_text=True)
    assert page.count('href="/events/stammtisch-dresden-') >= 6
    response = client.post_form(
        "/events/new",
        form(repeat="weekly", ends_at=f"{NEXT_YEAR}-07-02T10:00"),
    )
    assert response.status_code == 422
    assert "muss am selben Tag enden" in response.get_data(as_text=True)


# --- the member's data ----------------------------------------------------------------------


def test_export_and_deletion_cover_events(
    app: Flask, client: Client, auth: Auth, make_user: Any, varied_events: dict[str, str]
) -> None:
    member = make_user()
    login(auth, member)
    slug = varied_events["leipzig"]
    client.post_form(f"/events/{slug}/attend", {"attend": "1"})
    own = create(client, title="Mein Treffen")
    data = client.get("/account/export").get_json()
    assert [item["slug"] for item in data["events_taking_part"]] == [slug]
    assert [item["slug"] for item in data["events_organised"]] == [own]
    assert load(app, slug).attendee_count == 1

    response = client.post_form("/account/delete", {"password": PASSWORD, "contributions": "keep"})
    assert response.status_code == 303
    assert load(app, slug).attendee_count == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0


def test_new_events_are_rate_limited_per_account(
    app: Flask, client: Client, auth: Auth, moderator: Any
) -> None:
    app.config["KB_EVENT_LIMIT"] = "2 per day"
    login(auth, moderator)
    create(client, title="Erstes")
    create(client, title="Zweites")
    response = client.post_form("/events/new", form(title="Drittes"))
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert event_count(app) == 2


def test_series_pages_edit_and_end(
    app: Flask, client: Client, auth: Auth, make_user: Any, moderator: Any
) -> None:
    login(auth, moderator)
    slug = create(
        client,
        title="Stammtisch Erfurt",
        starts_at=f"{NEXT_YEAR}-01-07T18:30",
        ends_at=f"{NEXT_YEAR}-01-07T21:00",
        repeat="monthly",
    )
    with app.app_context():
        series = db.session.scalar(
            select(models.EventSeries).where(models.EventSeries.slug == "stammtisch-erfurt")
        )
        assert series is not None
        count = len(series.occurrences)
    # One date moved on its own keeps its own time when the series changes.
    client.post_form(
        f"/events/{slug}/edit",
        form(
            title="Stammtisch Erfurt",
            starts_at=f"{NEXT_YEAR}-01-08T18:30",
            ends_at=f"{NEXT_YEAR}-01-08T21:00",
        ),
    )
    assert load(app, slug).detached
    auth.logout()

    login(auth, make_user())
    assert client.get("/events/series/stammtisch-erfurt/edit").status_code == 403
    assert (
        client.post_form("/events/series/stammtisch-erfurt/end", {"reason": "x"}).status_code == 403
    )
    auth.logout()

    login(auth, moderator)
    assert client.get("/events/series/stammtisch-erfurt/edit").status_code == 200
    response = client.post_form(
        "/events/series/stammtisch-erfurt/edit",
        form(
            title="Stammtisch Erfurt",
            starts_at=f"{NEXT_YEAR}-02-04T19:00",
            ends_at=f"{NEXT_YEAR}-02-04T21:30",
        ),
    )
    assert response.status_code == 303
    with app.app_context():
        occurrences = list(
            db.session.scalars(
                select(Event).where(Event.series_id == series.id).order_by(Event.starts_at)
            )
        )
        local = [event.local_start.strftime("%H:%M") for event in occurrences]
        assert local[0] == "18:30"  # the date edited on its own
        assert set(local[1:]) == {"19:00"}
        assert all(event.sequence == 1 for event in occurrences[1:])

    assert (
        client.post_form("/events/series/stammtisch-erfurt/end", {"reason": ""}).status_code == 422
    )
    response = client.post_form(
        "/events/series/stammtisch-erfurt/end", {"reason": "Der Stammtisch zieht um."}
    )
    assert response.status_code == 303
    with app.app_context():
        statuses = db.session.scalars(
            select(Event.status).where(Event.series_id == series.id)
        ).all()
        assert len(statuses) == count
        assert set(statuses) == {EventStatus.CANCELLED}
