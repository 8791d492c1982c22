"""Moderation's standing of posts, comments and profiles, seen from outside.

Hidden and held content appears nowhere readers look: its page (a 410 notice for hidden
content, 404 for held), the lists, feeds and calendars, the search, the sitemap, comment
counts, and pages the cache kept from before. Every moderated content type of the
registry is checked. Then the gate posts go through (a new member's first post waits),
what authors and moderators see, and the shared posting limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kb import registry
from kb.articles.models import Article
from kb.community import service as community_service
from kb.community.models import Comment
from kb.directory import Level
from kb.events import service as event_service
from kb.events.editing import EventInput, Recurrence
from kb.events.models import Event, EventSeries, Frequency
from kb.extensions import db
from kb.standing import Standing
from kb.taxonomy import seed_taxonomy
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import Auth, Client
from tests.test_registry import STATES
from tests.test_search import new_article, new_authority, new_case, new_event

ENGLISH = {"Accept-Language": "en"}
# A word nothing else on the site contains: finding it in a page means the record shows.
MARKER = "Leuchtturmwort"


@dataclass
class Subject:
    """A public record with MARKER in its text, and where readers find it."""

    record_id: int
    page: str  # where the record (or, for a comment, what it is on) is shown
    lists: tuple[str, ...]  # other pages that show the marker while the record is public
    searched: bool  # the search finds it by the marker
    in_sitemap: str | None  # the address the sitemap lists while it is public


def _article(author: User) -> Subject:
    article = new_article(author, f"{MARKER} im Amt", True, body=f"Ein Text zum {MARKER}.")
    db.session.flush()
    return Subject(
        article.id,
        f"/articles/{article.slug}",
        ("/articles/", "/articles/feed.atom", "/"),
        searched=True,
        in_sitemap=f"/articles/{article.slug}",
    )


def _case(author: User) -> Subject:
    town = new_authority(author, "Stadt Leuchtenburg", Level.LOCAL, "TH")
    case = new_case(author, f"{MARKER} im Rathaus", True, town)
    db.session.flush()
    return Subject(
        case.id,
        f"/cases/{case.slug}",
        ("/cases/", "/cases/feed.atom"),
        searched=True,
        in_sitemap=f"/cases/{case.slug}",
    )


def _event(author: User) -> Subject:
    event = new_event(author, f"{MARKER} Stammtisch")
    db.session.flush()
    return Subject(
        event.id,
        f"/events/{event.slug}",
        # The event's own calendar file, the lists and feeds (its JSON-LD is in its page).
        (f"/events/{event.slug}.ics", "/events/", "/events.ics", "/events/feed.atom", "/"),
        searched=True,
        in_sitemap=f"/events/{event.slug}",
    )


def _comment(author: User) -> Subject:
    target = new_article(author, "Ein Eintrag mit Kommentar", True)
    db.session.flush()
    comment, _created = community_service.create_comment(
        "article", target.id, target, author, f"Mein {MARKER} dazu.", "k" * 32
    )
    db.session.flush()
    return Subject(comment.id, f"/articles/{target.slug}", (), searched=False, in_sitemap=None)


def _profile(author: User) -> Subject:
    author.bio = f"Ich schreibe über {MARKER}."
    db.session.flush()
    return Subject(author.id, f"/users/{author.name}", (), searched=False, in_sitemap=None)


SUBJECTS: dict[str, Callable[[User], Subject]] = {
    "article": _article,
    "case": _case,
    "event": _event,
    "comment": _comment,
    "profile": _profile,
}


def test_every_moderated_content_type_is_checked(app: Flask) -> None:
    moderated = {content_type.name for content_type in registry.of(app) if content_type.moderated}
    assert moderated == set(SUBJECTS)


def reader_pages(client: Client, subject: Subject) -> dict[str, str]:
    """What a reader without cookies gets at every address that may show the record."""
    addresses = [subject.page, *subject.lists]
    pages = {}
    for address in addresses:
        response = client.get(address, headers=ENGLISH)
        pages[address] = response.get_data(as_text=True)
    return pages


def found_by_search(client: Client, subject: Subject) -> bool:
    """Whether a search for the marker links to the record (the page repeats the query)."""
    html = client.get(f"/search?q={MARKER}", headers=ENGLISH).get_data(as_text=True)
    return f'href="{subject.page}"' in html


def comment_count(app: Flask, subject: Subject) -> int | None:
    with app.app_context():
        comment = db.session.get(Comment, subject.record_id)
        if comment is None:
            return None
        return db.session.scalar(
            select(Article.comment_count).where(Article.id == comment.target_id)
        )


@pytest.mark.parametrize("standing", [Standing.HIDDEN, Standing.HELD])
@pytest.mark.parametrize("type_name", sorted(SUBJECTS))
def test_hidden_and_held_content_appears_nowhere(
    app: Flask, make_user: Any, auth: Auth, type_name: str, standing: Standing
) -> None:
    app.config["KB_PAGE_CACHE_SECONDS"] = 300  # the cache must not keep serving it
    author = make_user(role=Role.MODERATOR) if type_name != "profile" else make_user()
    with app.app_context():
        seed_taxonomy()
        subject = SUBJECTS[type_name](db.session.get(User, author.id))
        db.session.commit()
    # A reader who never logs in carries no cookie: the page cache answers them.
    reader: Client = app.test_client()  # type: ignore[assignment]

    # Public: every address shows it (so the checks below can fail), twice, so the
    # page cache holds each page.
    for _round in range(2):
        for address, html in reader_pages(reader, subject).items():
            assert MARKER in html, (address, "not shown while public")
    if subject.in_sitemap:
        assert subject.in_sitemap in reader.get("/sitemap.xml").get_data(as_text=True)
    if subject.searched:
        assert found_by_search(reader, subject)
    assert comment_count(app, subject) in (None, 1)

    with app.app_context():
        content_type = registry.current().types[type_name]
        record = db.session.get(content_type.model, subject.record_id)
        content_type.set_standing(record, standing)
        db.session.commit()

    for address, html in reader_pages(reader, subject).items():
        assert MARKER not in html, (address, "shown after moderation")
    if subject.in_sitemap:
        assert subject.in_sitemap not in reader.get("/sitemap.xml").get_data(as_text=True)
    # The index dropped it in the transaction that hid it.
    if subject.searched:
        assert not found_by_search(reader, subject)
    assert comment_count(app, subject) in (None, 0)

    own_page = reader.get(subject.page, headers=ENGLISH)
    if type_name == "comment":
        assert own_page.status_code == 200  # the entry stays, without the comment
    elif standing == Standing.HIDDEN:
        assert own_page.status_code == 410
        html = own_page.get_data(as_text=True)
        assert "hidden by the moderation" in html
        assert '<meta name="robots" content="noindex">' in html
    else:
        assert own_page.status_code == 404  # not public yet, like a draft

    # Another member sees what any reader sees.
    other = make_user()
    assert auth.login(other.email).status_code == 303
    logged_in = auth.client.get(subject.page, headers=ENGLISH)
    assert logged_in.status_code == own_page.status_code
    assert MARKER not in logged_in.get_data(as_text=True)


def test_registry_states_cover_held_and_hidden() -> None:
    """test_registry checks visible() against can_view() for these states."""
    for name in ("article", "case", "event", "comment", "profile"):
        _make, states = STATES[name]
        assert {"held", "hidden"} <= set(states), name


# --- what authors and moderators see ---------------------------------------------------------


def notice_of(html: str) -> str:
    found = re.search(r'<div class="standing-notice".*?</div>\s*</div>\s*</div>', html, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize("standing", [Standing.HIDDEN, Standing.HELD])
def test_authors_and_moderators_see_the_record_with_a_notice(
    app: Flask, make_user: Any, auth: Auth, standing: Standing
) -> None:
    author = make_user()
    moderator = make_user(role=Role.MODERATOR)
    with app.app_context():
        seed_taxonomy()
        article = new_article(db.session.get(User, author.id), f"{MARKER} Eintrag", True)
        article.moderation = standing
        db.session.commit()
        address = f"/articles/{article.slug}"
    assert auth.login(author.email).status_code == 303
    html = auth.client.get(address, headers=ENGLISH).get_data(as_text=True)
    assert MARKER in html
    if standing == Standing.HIDDEN:
        assert "Hidden by the moderation" in notice_of(html)
        assert "statement of reasons in your notifications" in notice_of(html)
    else:
        assert "Waits for review" in notice_of(html)
    auth.logout()
    assert auth.login(moderator.email).status_code == 303
    html = auth.client.get(address, headers=ENGLISH).get_data(as_text=True)
    assert MARKER in html and notice_of(html)
    assert "your notifications" not in notice_of(html)


def test_a_visible_record_has_no_notice(app: Flask, make_user: Any, auth: Auth) -> None:
    author = make_user()
    with app.app_context():
        seed_taxonomy()
        article = new_article(db.session.get(User, author.id), f"{MARKER} Eintrag", True)
        db.session.commit()
        address = f"/articles/{article.slug}"
    assert auth.login(author.email).status_code == 303
    html = auth.client.get(address, headers=ENGLISH).get_data(as_text=True)
    assert MARKER in html and 'class="standing-notice"' not in html


def test_hidden_drafts_and_unknown_records_stay_404(app: Flask, make_user: Any) -> None:
    author = make_user()
    with app.app_context():
        seed_taxonomy()
        article = new_article(db.session.get(User, author.id), f"{MARKER} Entwurf", False)
        article.moderation = Standing.HIDDEN
        db.session.commit()
        address = f"/articles/{article.slug}"
    client: Client = app.test_client()  # type: ignore[assignment]
    # Never public: readers do not learn that it exists.
    assert client.get(address).status_code == 404
    assert client.get("/articles/gibt-es-nicht").status_code == 404


def test_a_hidden_series_answers_with_the_notice(app: Flask, make_user: Any) -> None:
    organiser = make_user()
    with app.app_context():
        series = EventSeries(
            slug="verborgene-reihe",
            title=f"{MARKER} Reihe",
            creator_id=organiser.id,
            frequency=Frequency.WEEKLY,
            weekday=0,
            local_start=time(18, 0),
            duration_minutes=60,
            first_date=date(2030, 1, 7),
            materialised_until=date(2030, 1, 6),
            review=Standing.HIDDEN,
        )
        db.session.add(series)
        db.session.commit()
    client: Client = app.test_client()  # type: ignore[assignment]
    response = client.get("/events/series/verborgene-reihe", headers=ENGLISH)
    assert response.status_code == 410
    assert MARKER not in response.get_data(as_text=True)


# --- the gate: a new member's first post waits --------------------------------------------


def held_comment_test_setup(app: Flask, make_user: Any) -> tuple[User, str, int]:
    author = make_user()
    with app.app_context():
        seed_taxonomy()
        article = new_article(db.session.get(User, author.id), "Ein Eintrag", True)
        db.session.commit()
        return author, f"/articles/{article.slug}", article.id


def post_comment(client: Client, article_id: int, body: str) -> Any:
    return client.post_form(
        f"/community/article/{article_id}/comments",
        {"body": body, "submission_key": body.ljust(32, "x")[:32]},
        headers=ENGLISH,
    )


def test_a_new_members_first_comment_waits_and_only_they_see_it(
    app: Flask, make_user: Any, auth: Auth, client: Client
) -> None:
    _owner, address, article_id = held_comment_test_setup(app, make_user)
    newcomer = make_user(trusted=False)
    assert auth.login(newcomer.email).status_code == 303
    response = post_comment(client, article_id, f"Mein erster {MARKER}")
    assert response.status_code == 303
    page = client.get(address, headers=ENGLISH)
    html = page.get_data(as_text=True)
    assert "waits for a moderator" in html  # the flash message
    assert MARKER in html and "Waits for review" in html
    with app.app_context():
        comment = db.session.scalar(select(Comment).where(Comment.author_id == newcomer.id))
        assert comment is not None and comment.moderation == Standing.HELD
        article = db.session.get(Article, article_id)
        assert article is not None and article.comment_count == 0
    auth.logout()
    assert MARKER not in client.get(address, headers=ENGLISH).get_data(as_text=True)
    assert auth.login(make_user().email).status_code == 303
    assert MARKER not in client.get(address, headers=ENGLISH).get_data(as_text=True)


def test_an_established_members_comment_appears_at_once(
    app: Flask, make_user: Any, auth: Auth, client: Client
) -> None:
    _owner, address, article_id = held_comment_test_setup(app, make_user)
    member = make_user()
    assert auth.login(member.email).status_code == 303
    assert post_comment(client, article_id, f"Ein {MARKER}").status_code == 303
    auth.logout()
    assert MARKER in client.get(address, headers=ENGLISH).get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
def test_moderators_and_admins_posts_never_wait(
    app: Flask, make_user: Any, auth: Auth, client: Client, role: Role
) -> None:
    _owner, address, article_id = held_comment_test_setup(app, make_user)
    staff = make_user(role=role, trusted=False)
    assert auth.login(staff.email).status_code == 303
    assert post_comment(client, article_id, f"Ein {MARKER}").status_code == 303
    auth.logout()
    assert MARKER in client.get(address, headers=ENGLISH).get_data(as_text=True)


def test_a_new_members_first_entry_waits_when_published(
    app: Flask, make_user: Any, auth: Auth, client: Client
) -> None:
    with app.app_context():
        seed_taxonomy()
        db.session.commit()
    newcomer = make_user(trusted=False)
    assert auth.login(newcomer.email).status_code == 303
    response = client.post_form(
        "/articles/new",
        {
            "title": f"{MARKER} zum Start",
            "summary": "Kurz gesagt.",
            "body": "Ein Text.",
            "action": "publish",
        },
        headers=ENGLISH,
    )
    assert response.status_code == 303
    address = response.headers["Location"]
    html = client.get(address, headers=ENGLISH).get_data(as_text=True)
    assert "waits for a moderator" in html and "Waits for review" in html
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.creator_id == newcomer.id))
        assert article is not None
        assert article.is_published and article.moderation == Standing.HELD
    auth.logout()
    assert client.get(address).status_code == 404
    assert MARKER not in client.get("/articles/", headers=ENGLISH).get_data(as_text=True)


def test_a_new_members_series_waits_with_every_occurrence(app: Flask, make_user: Any) -> None:
    newcomer = make_user(trusted=False)
    with app.app_context():
        starts = (utcnow() + timedelta(days=10)).replace(microsecond=0)
        first = event_service.create_event(
            db.session.get(User, newcomer.id),
            EventInput(
                title=f"{MARKER} Reihe",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                description="Jede Woche.",
                venue_name="Rathaus",
                venue_city="Jena",
                land="TH",
                organiser_name="Netzwerk (fiktiv)",
            ),
            Recurrence(Frequency.WEEKLY, None),
        )
        db.session.commit()
        series = db.session.get(EventSeries, first.series_id)
        assert series is not None and series.review == Standing.HELD
        occurrences = db.session.scalars(select(Event).where(Event.series_id == series.id))
        assert {event.review for event in occurrences} == {Standing.HELD}


# --- the posting limit -------------------------------------------------------------------------


def test_posts_share_one_limit_per_member(
    app: Flask, make_user: Any, auth: Auth, client: Client
) -> None:
    _owner, _address, article_id = held_comment_test_setup(app, make_user)
    app.config["KB_POST_LIMIT"] = "2 per hour"
    member = make_user()
    assert auth.login(member.email).status_code == 303
    assert post_comment(client, article_id, "Eins").status_code == 303
    # A refused form does not count.
    refused = client.post_form(
        "/articles/new", {"title": "", "summary": "", "body": "", "action": "publish"}
    )
    assert refused.status_code == 422
    created = client.post_form(
        "/articles/new",
        {"title": "Zwei Einträge", "summary": "Kurz.", "body": "Text.", "action": "draft"},
    )
    assert created.status_code == 303
    # The third post, of whatever kind, is one too many.
    limited = post_comment(client, article_id, "Drei")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    html = limited.get_data(as_text=True)
    assert "You can try again at" in html
    assert client.get("/events/new").status_code == 200  # the forms themselves still open
    # Another member has a budget of their own.
    auth.logout()
    assert auth.login(make_user().email).status_code == 303
    assert post_comment(client, article_id, "Vier").status_code == 303


def test_a_hidden_event_leaves_its_attendees_list(
    app: Flask, make_user: Any, auth: Auth, client: Client
) -> None:
    organiser, attendee = make_user(role=Role.MODERATOR), make_user()
    with app.app_context():
        seed_taxonomy()
        event = new_event(db.session.get(User, organiser.id), f"{MARKER} Treffen")
        db.session.commit()
        address = f"/events/{event.slug}"
    assert auth.login(attendee.email).status_code == 303
    assert client.post_form(f"{address}/attend", {"attend": "1"}).status_code == 303
    assert MARKER in client.get("/events/mine").get_data(as_text=True)
    with app.app_context():
        hidden = db.session.scalar(select(Event).where(Event.slug == address.rsplit("/", 1)[1]))
        registry.current().types["event"].set_standing(hidden, Standing.HIDDEN)
        db.session.commit()
    assert MARKER not in client.get("/events/mine").get_data(as_text=True)
    assert client.get(address).status_code == 410
