"""Feeds answer conditional requests (kb.conditional): ETag and Last-Modified from the
content generation, 304 when the client has the current feed, new validators after a
write, Cache-Control for anonymous subscribers and for members."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from kb import cache, conditional
from kb.articles import service as article_service
from kb.events import service as event_service
from kb.events.editing import EventInput
from kb.extensions import db
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import Auth, Client

FEEDS = [
    "/articles/feed.atom",
    "/articles/feed.atom?topic=strategie",
    "/cases/feed.atom",
    "/events.ics",
    "/events.ics?when=past",
    "/events/feed.atom",
    "/events/{slug}.ics",
]


def write(app: Flask, author: Any, title: str) -> str:
    """A new entry and a new event; the event's slug."""
    starts = utcnow() + timedelta(days=3)
    with app.app_context():
        user = db.session.get(User, author.id)
        data = article_service.ArticleInput(
            title=title, summary="Kurz.", body="Text.", topics=[], platforms=[]
        )
        article_service.create_article(user, data, publish=True)
        event = event_service.create_event(
            user, EventInput(title=title, starts_at=starts, ends_at=starts + timedelta(hours=1))
        )
        db.session.commit()
        return event.slug


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer a few seconds after the writes (Last-Modified waits for the second's end)."""
    moment = utcnow() + timedelta(seconds=5)
    monkeypatch.setattr(conditional, "utcnow", lambda: moment)


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("page_cache_seconds", [30, 0])
def test_feed_answers_304_to_its_validators_and_changes_with_a_write(
    app: Flask, client: Client, make_user: Any, later: None, feed: str, page_cache_seconds: int
) -> None:
    app.config["KB_PAGE_CACHE_SECONDS"] = page_cache_seconds
    author = make_user(role=Role.ADMIN)
    path = feed.format(slug=write(app, author, "Erster Stand"))

    first = client.get(path)
    assert first.status_code == 200 and first.get_data()
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == f"public, max-age={conditional.FEED_MAX_AGE}"
    assert "Set-Cookie" not in first.headers
    for header in ("Accept-Language", "Cookie"):
        assert header in first.headers["Vary"]

    for conditions in (
        {"If-None-Match": etag},
        {"If-Modified-Since": modified},
        {"If-None-Match": etag, "If-Modified-Since": modified},
    ):
        unchanged = client.get(path, headers=conditions)
        assert unchanged.status_code == 304, conditions
        assert unchanged.get_data() == b""
        assert unchanged.headers["ETag"] == etag

    assert client.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200

    write(app, author, "Zweiter Stand")
    changed = client.get(path, headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert changed.status_code == 200 and changed.get_data()
    assert changed.headers["ETag"] != etag


def test_a_members_feed_is_private(app: Flask, client: Client, make_user: Any) -> None:
    member = make_user()
    Auth(client).login(member.email)
    response = client.get("/events.ics")
    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    assert "private" in cache_control and "no-cache" in cache_control
    assert "public" not in cache_control
    assert (
        client.get("/events.ics", headers={"If-None-Match": response.headers["ETag"]}).status_code
        == 304
    )


def test_the_validators_differ_by_language_and_filter(client: Client) -> None:
    tags = {
        client.get(path, headers={"Accept-Language": language}).headers["ETag"]
        for path in ("/events.ics", "/events.ics?when=past")
        for language in ("de", "en")
    }
    assert len(tags) == 4


def test_an_unknown_event_is_404_whatever_the_client_holds(client: Client) -> None:
    response = client.get("/events/gibt-es-nicht.ics", headers={"If-None-Match": "*"})
    assert response.status_code == 404


def test_event_feeds_change_when_an_event_ends(
    app: Flask, client: Client, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No write, yet the upcoming feed loses the event and the archive gains it."""
    from kb.events import queries, views

    author = make_user(role=Role.ADMIN)
    app.config["KB_PAGE_CACHE_SECONDS"] = 0
    starts = utcnow() + timedelta(hours=1)
    with app.app_context():
        user = db.session.get(User, author.id)
        event_service.create_event(
            user,
            EventInput(title="Bald vorbei", starts_at=starts, ends_at=starts + timedelta(hours=1)),
        )
        db.session.commit()
    before = {path: client.get(path) for path in ("/events.ics", "/events.ics?when=past")}
    assert b"Bald vorbei" in before["/events.ics"].get_data()

    after_the_end = starts + timedelta(hours=2)
    for module in (queries, views, conditional):
        monkeypatch.setattr(module, "utcnow", lambda: after_the_end)
    for path, earlier in before.items():
        response = client.get(path, headers={"If-None-Match": earlier.headers["ETag"]})
        assert response.status_code == 200, path
        assert response.last_modified is not None
        assert response.last_modified >= (starts + timedelta(hours=1)).replace(microsecond=0)
    assert b"Bald vorbei" in client.get("/events.ics?when=past").get_data()


@pytest.mark.parametrize("url", ["/events.ics", "/events/feed.atom"])
def test_the_page_cache_keeps_the_event_feeds(app_factory: Any, url: str) -> None:
    """The feeds read no cursor (they hold every event), so the page cache may keep them."""
    app = app_factory(REDIS_URL=None)  # a store in this process, to look into
    store = app.extensions[cache.EXTENSION_KEY]
    client = app.test_client()
    first = client.get(url)
    assert first.status_code == 200
    assert len(store.pages) == 1
    again = client.get(url)
    assert again.get_data() == first.get_data()
    assert len(store.pages) == 1
