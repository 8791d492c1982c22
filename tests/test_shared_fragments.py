"""Parts of pages kept for every reader (kb.templating.shared_html): a member never sees
another member's state in them, and a write shows on the very next request."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from kb import templating
from kb.articles import service as article_service
from kb.articles.models import Article
from kb.events import service as event_service
from kb.events.editing import EventInput
from kb.events.models import Event, Review
from kb.extensions import db
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import Auth, Client
from tests.test_page_cache import new_article as make_article

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def new_article(app: Flask, author: Any, title: str) -> str:
    return make_article(app, author, title).slug


def new_event(app: Flask, author: Any, title: str) -> str:
    starts = utcnow() + timedelta(days=3)
    with app.app_context():
        user = db.session.get(User, author.id)
        data = EventInput(title=title, starts_at=starts, ends_at=starts + timedelta(hours=2))
        event = event_service.create_event(user, data)
        db.session.commit()
        return event.slug


def member_client(app: Flask, user: Any) -> Client:
    client: Client = app.test_client()  # type: ignore[assignment]
    assert Auth(client).login(user.email).status_code == 303
    client.get("/")  # the welcome notice is shown and gone
    return client


def kept(app: Flask) -> int:
    return len(templating.shared_store(app).entries)


def test_a_second_member_sees_their_own_attendance_name_and_token(
    app: Flask, make_user: Any
) -> None:
    author = make_user(role=Role.ADMIN)
    slug = new_event(app, author, "Treffen der Social-Media-Teams")
    anna, bernd = make_user(display_name="Anna Auer"), make_user(display_name="Bernd Bauer")
    first, second = member_client(app, anna), member_client(app, bernd)
    assert first.post_form(f"/events/{slug}/attend", {"attend": "1"}).status_code == 303

    page_a = first.get(f"/events/{slug}").get_data(as_text=True)
    parts = kept(app)
    assert parts > 0
    page_b = second.get(f"/events/{slug}").get_data(as_text=True)
    # The same parts, kept for the first, served to the second; only the attend button
    # is kept once for those who attend and once for those who do not.
    assert kept(app) == parts + 1

    assert 'aria-pressed="true"' in page_a and 'aria-pressed="false"' in page_b
    assert "Anna Auer" in page_a and "Anna Auer" not in page_b
    assert "Bernd Bauer" in page_b and "Bernd Bauer" not in page_a
    tokens_a, tokens_b = set(TOKEN.findall(page_a)), set(TOKEN.findall(page_b))
    assert tokens_a and tokens_b and not tokens_a & tokens_b
    # Both pages show the shared part with the one attendee.
    assert "1 Person nimmt teil" in page_a and "1 Person nimmt teil" in page_b


def test_likes_and_bookmarks_stay_each_members_own(app: Flask, make_user: Any) -> None:
    author = make_user(role=Role.ADMIN)
    slug = new_article(app, author, "Ein Eintrag über Mastodon")
    anna, bernd = make_user(), make_user()
    first, second = member_client(app, anna), member_client(app, bernd)
    with app.app_context():
        article_id = db.session.scalars(select(Article.id).where(Article.slug == slug)).one()
    assert first.post_form(f"/community/article/{article_id}/like", {"liked": "1"}).status_code in (
        200,
        303,
    )
    assert first.post_form(
        f"/community/article/{article_id}/bookmark", {"bookmarked": "1"}
    ).status_code in (200, 303)

    page_a = first.get(f"/articles/{slug}").get_data(as_text=True)
    page_b = second.get(f"/articles/{slug}").get_data(as_text=True)
    assert page_a.count('aria-pressed="true"') == 2
    assert 'aria-pressed="true"' not in page_b


def test_a_write_shows_on_the_next_member_request(app: Flask, make_user: Any) -> None:
    author = make_user(role=Role.ADMIN)
    slug = new_article(app, author, "Ein Eintrag über Mastodon")
    new_event(app, author, "Erstes Treffen")
    reader = member_client(app, make_user())
    pages = ("/", "/articles/", f"/articles/{slug}", "/events/")
    for path in pages:  # kept
        assert reader.get(path).status_code == 200
    assert kept(app) > 0

    new_article(app, author, "Neuer Eintrag zur Krisenkommunikation")
    new_event(app, author, "Frische Veranstaltung")
    with app.app_context():
        article = db.session.scalars(select(Article).where(Article.slug == slug)).one()
        user = db.session.get(User, author.id)
        data = article_service.ArticleInput(
            title="Geänderter Titel", summary=article.summary, body="Neuer Text."
        )
        article_service.update_article(article, user, data, article.version)
        db.session.commit()

    start = reader.get("/").get_data(as_text=True)
    assert "Neuer Eintrag zur Krisenkommunikation" in start and "Frische Veranstaltung" in start
    assert "Neuer Eintrag zur Krisenkommunikation" in reader.get("/articles/").get_data(
        as_text=True
    )
    entry = reader.get(f"/articles/{slug}").get_data(as_text=True)
    assert "Geänderter Titel" in entry and "Neuer Text." in entry
    assert "Frische Veranstaltung" in reader.get("/events/").get_data(as_text=True)


def test_held_events_only_for_their_organiser_and_moderators(app: Flask, make_user: Any) -> None:
    trusted = make_user(role=Role.ADMIN)
    new_event(app, trusted, "Öffentliches Treffen")
    newcomer = make_user(trusted=False)
    held = new_event(app, newcomer, "Wartendes Treffen")
    with app.app_context():
        assert db.session.scalars(select(Event.review).where(Event.slug == held)).one() == (
            Review.HELD
        )
    other = member_client(app, make_user())
    own = member_client(app, newcomer)
    moderator = member_client(app, make_user(role=Role.MODERATOR))
    anonymous: Client = app.test_client()  # type: ignore[assignment]

    for _ in range(2):  # the second round from kept parts
        for path in ("/", "/events/"):
            assert "Wartendes Treffen" not in other.get(path).get_data(as_text=True)
            assert "Wartendes Treffen" not in anonymous.get(path).get_data(as_text=True)
            assert "Wartendes Treffen" in own.get(path).get_data(as_text=True)
            assert "Wartendes Treffen" in moderator.get(path).get_data(as_text=True)
            assert "Öffentliches Treffen" in other.get(path).get_data(as_text=True)


def test_members_and_anonymous_readers_get_their_own_page_header(
    app: Flask, make_user: Any
) -> None:
    author = make_user(role=Role.ADMIN)
    new_article(app, author, "Ein Eintrag über Mastodon")
    member = member_client(app, make_user())
    anonymous: Client = app.test_client()  # type: ignore[assignment]
    for _ in range(2):
        for path in ("/articles/", "/events/", "/cases/"):
            link = f'href="{path}new"'
            assert link in member.get(path).get_data(as_text=True)
            assert link not in anonymous.get(path).get_data(as_text=True)


def test_each_language_has_its_own_parts(app: Flask, make_user: Any) -> None:
    author = make_user(role=Role.ADMIN)
    new_article(app, author, "Ein Eintrag über Mastodon")
    member = member_client(app, make_user())
    german = member.get("/articles/").get_data(as_text=True)
    member.set_cookie(app.config["KB_LANGUAGE_COOKIE"], "en")
    english = member.get("/articles/").get_data(as_text=True)
    assert "Alle Themen" in german and "All topics" in english
    assert "All topics" not in german and "Alle Themen" not in english


def test_a_part_is_kept_only_as_long_as_allowed(app: Flask) -> None:
    store = templating.SharedFragments(max_bytes=100)
    html = templating.Markup("x" * 40)
    store.put("a", html)
    store.put("b", html)
    assert store.get("a", max_age=60) == html
    store.put("c", html)  # over 100 bytes: the least recently used ("b") goes
    assert store.get("b", max_age=60) is None
    assert store.get("a", max_age=60) == html and store.get("c", max_age=60) == html
    assert store.size == 80
    assert store.get("a", max_age=-1) is None  # too old
    assert store.size == 40


def test_requests_that_write_never_use_kept_parts(app: Flask) -> None:
    with app.test_request_context("/", method="POST"):
        calls: list[int] = []

        def render() -> str:
            calls.append(1)
            return "<p>x</p>"

        templating.shared_html(("test",), render)
        templating.shared_html(("test",), render)
    assert len(calls) == 2
