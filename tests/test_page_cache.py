"""The page cache for readers without a session is never stale (kb.cache, kb.generation).

Two workers are two app objects on the same database, each with a store of its own (or,
with TEST_REDIS_URL, both with one Redis): a write made through one must show on the
very next anonymous request to either.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import brotli
import pytest
from flask import Flask, make_response, request
from sqlalchemy import select

from kb import cache, generation
from kb.articles import service as article_service
from kb.articles.models import Article
from kb.events import service as event_service
from kb.events.editing import EventInput
from kb.extensions import db
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import Auth, Client

Write = Callable[[Flask, Any, Any], None]


def dispatches(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The requests that reached Flask's dispatch (kb.cache_wsgi answered the others)."""
    reached: list[str] = []
    real = app.full_dispatch_request

    def counting() -> Any:
        reached.append(request.path)
        return real()

    monkeypatch.setattr(app, "full_dispatch_request", counting)
    return reached


def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL is not set in CI")
        pytest.skip("set TEST_REDIS_URL=redis://127.0.0.1:6379/15 to run")
    return url


@pytest.fixture(params=["memory", "redis"])
def workers(request: pytest.FixtureRequest, app_factory: Any) -> tuple[Flask, Flask]:
    """Two workers: per worker stores, or one Redis for both."""
    if request.param == "memory":
        # Own stores even when the run shares state through Redis (TEST_APP_REDIS_URL).
        return app_factory(REDIS_URL=None), app_factory(REDIS_URL=None)
    shared = {"REDIS_URL": redis_url(), "KB_PAGE_CACHE_PREFIX": f"test:{uuid.uuid4().hex}:"}
    first, second = app_factory(**shared), app_factory(**shared)
    assert isinstance(first.extensions[cache.EXTENSION_KEY], cache.RedisStore)
    return first, second


def new_article(app: Flask, author: Any, title: str) -> Article:
    with app.app_context():
        user = db.session.get(User, author.id)
        data = article_service.ArticleInput(
            title=title, summary="Kurz.", body="Text des Eintrags.", topics=[], platforms=[]
        )
        article = article_service.create_article(user, data, publish=True)
        db.session.commit()
        db.session.refresh(article)
        db.session.expunge(article)
        return article


def write_entry(app: Flask, author: Any, client: Client) -> None:
    new_article(app, author, "Neuer Eintrag zur Krisenkommunikation")


def write_comment(app: Flask, author: Any, client: Client) -> None:
    with app.app_context():
        article = db.session.scalars(select(Article)).first()
        assert article is not None
        target = f"/community/article/{article.id}/comments"
    response = client.post_form(target, {"body": "Frischer Kommentar", "submission_key": "k1"})
    assert response.status_code == 303


def write_event(app: Flask, author: Any, client: Client) -> None:
    starts = utcnow() + timedelta(days=3)
    with app.app_context():
        user = db.session.get(User, author.id)
        data = EventInput(
            title="Frische Veranstaltung", starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
        event_service.create_event(user, data)
        db.session.commit()


def write_edit(app: Flask, author: Any, client: Client) -> None:
    with app.app_context():
        article = db.session.scalars(select(Article)).one()
        user = db.session.get(User, author.id)
        data = article_service.ArticleInput(
            title="Geänderter Titel", summary=article.summary, body=article.body
        )
        article_service.update_article(article, user, data, article.version)
        db.session.commit()


# What a write shows, and where an anonymous reader looks for it.
WRITES: dict[str, tuple[Write, str, str]] = {
    "entry": (write_entry, "/articles/", "Neuer Eintrag zur Krisenkommunikation"),
    "comment": (write_comment, "/articles/{slug}", "Frischer Kommentar"),
    "event": (write_event, "/events/", "Frische Veranstaltung"),
    "edit": (write_edit, "/articles/{slug}", "Geänderter Titel"),
}


@pytest.mark.parametrize("kind", list(WRITES))
def test_a_write_shows_on_the_next_anonymous_request_on_every_worker(
    workers: tuple[Flask, Flask], make_user: Any, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = workers
    write, address, shown = WRITES[kind]
    author = make_user(role=Role.ADMIN)
    article = new_article(first, author, "Ein Eintrag über Mastodon")
    path = address.format(slug=article.slug)
    readers = [first.test_client(), second.test_client()]
    for reader in readers:
        for _ in range(2):  # rendered (or, with Redis, found by Flask's hook), then kept
            page = reader.get(path)
            assert page.status_code == 200 and shown not in page.get_data(as_text=True)
    # Now both answer in front of Flask (kb.cache_wsgi): the write must reach those too.
    reached = [dispatches(first, monkeypatch), dispatches(second, monkeypatch)]
    for reader in readers:
        assert shown not in reader.get(path).get_data(as_text=True)
    assert reached == [[], []]

    member = first.test_client()
    Auth(member).login(author.email)  # type: ignore[arg-type]
    write(first, author, member)

    for reader in [*readers, *reversed(readers)]:
        assert shown in reader.get(path).get_data(as_text=True)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from kb.articles import views

    rendered: list[str] = []
    real_render = views.render

    def counting_render(template: str, **context: Any) -> Any:
        rendered.append(template)
        return real_render(template, **context)

    monkeypatch.setattr(views, "render", counting_render)
    return rendered


def test_a_hit_runs_no_view_and_no_other_hook(
    workers: tuple[Flask, Flask], renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = workers
    assert first.before_request_funcs[None][0] is cache.answer_from_cache
    first.test_client().get("/articles/")
    assert len(renders) == 1
    calls: list[str] = []
    monkeypatch.setitem(
        first.before_request_funcs, None, [cache.answer_from_cache, lambda: calls.append("x")]
    )
    assert first.test_client().get("/articles/").status_code == 200
    assert len(renders) == 1 and calls == []
    second.test_client().get("/articles/")
    # One store for both with Redis; one each without.
    expected = 1 if isinstance(second.extensions[cache.EXTENSION_KEY], cache.RedisStore) else 2
    assert len(renders) == expected


def test_only_declared_parameters_make_entries_in_any_order(
    app_factory: Any, renders: list[str]
) -> None:
    app = app_factory(REDIS_URL=None)  # a store in this process, to count its pages
    store = app.extensions[cache.EXTENSION_KEY]
    client = app.test_client()
    client.get("/articles/?sort=liked&topic=strategie")
    client.get("/articles/?topic=strategie&sort=liked")
    assert len(renders) == 1 and len(store.pages) == 1
    # Parameters the list does not read: the page without them, no entry of their own.
    for extra in ("utm_source=newsletter", "x=1", "x=2&y=3"):
        client.get(f"/articles/?sort=liked&topic=strategie&{extra}")
    assert len(renders) == 1 and len(store.pages) == 1
    # With no page stored yet, such an address is rendered but not kept (it could echo).
    client.get("/articles/?sort=updated&x=1")
    client.get("/articles/?sort=updated&x=1")
    assert len(renders) == 3 and len(store.pages) == 1
    client.get("/articles/?sort=updated")
    assert len(renders) == 4 and len(store.pages) == 2


def test_a_view_reading_an_undeclared_parameter_is_not_kept(
    app_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    app = app_factory()
    rendered: list[str] = []

    @app.route("/_test/sneaky")
    @cache.anonymous_page_cache(params=("a",))
    def sneaky() -> Any:
        rendered.append("x")
        return make_response(f"b is {request.args.get('b')}")

    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="kb.cache"):
        client.get("/_test/sneaky")
        assert client.get("/_test/sneaky?b=2").get_data(as_text=True) == "b is 2"
    assert len(rendered) == 2
    assert "reads b" in caplog.text


def test_pages_are_kept_compressed_once(
    app_factory: Any, renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    compressed: list[int] = []
    real_compress = brotli.compress

    def counting_compress(data: bytes, **options: Any) -> bytes:
        compressed.append(len(data))
        return bytes(real_compress(data, **options))

    monkeypatch.setattr(cache.brotli, "compress", counting_compress)
    client = app.test_client()
    plain = client.get("/articles/").get_data()
    for _ in range(3):
        response = client.get("/articles/", headers={"Accept-Encoding": "gzip, br"})
        assert response.headers["Content-Encoding"] == "br"
        assert brotli.decompress(response.get_data()) == plain
        assert "Accept-Encoding" in response.headers["Vary"]
    assert len(renders) == 1 and len(compressed) == 1


def test_a_page_kept_is_no_older_than_the_limit(
    app_factory: Any, renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory(KB_PAGE_CACHE_SECONDS=30)
    client = app.test_client()
    client.get("/articles/")
    client.get("/articles/")
    assert len(renders) == 1
    later = cache.time.time() + 31
    monkeypatch.setattr(cache.time, "time", lambda: later)
    client.get("/articles/")
    assert len(renders) == 2


def test_redis_keys_expire_and_large_pages_stay_out(app_factory: Any) -> None:
    import redis

    prefix = f"test:{uuid.uuid4().hex}:"
    app = app_factory(REDIS_URL=redis_url(), KB_PAGE_CACHE_PREFIX=prefix)

    @app.route("/_test/large")
    @cache.anonymous_page_cache
    def large() -> Any:
        return make_response("x" * (cache.MAX_PAGE_BYTES + 1))

    client = app.test_client()
    client.get("/articles/")
    client.get("/_test/large")
    server = redis.Redis.from_url(redis_url())
    keys = list(server.scan_iter(match=prefix + "*"))
    try:
        assert len(keys) == 1  # the list; the large page is not kept
        assert 0 < server.pttl(keys[0]) <= app.config["KB_PAGE_CACHE_SECONDS"] * 1000
    finally:
        cache.clear(app)
    assert not list(server.scan_iter(match=prefix + "*"))


def test_without_redis_pages_are_rendered(
    app_factory: Any, renders: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    # Nothing listens on port 1.
    app = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="kb.cache"):
        for _ in range(3):
            assert client.get("/articles/").status_code == 200
    assert len(renders) == 3
    assert "Redis does not answer" in caplog.text


def test_private_writes_keep_the_generation(app: Flask, make_user: Any) -> None:
    """Logging in writes only private rows: the pages stay valid."""
    user = make_user()
    with app.app_context():
        before = generation.current().number
    client = app.test_client()
    assert Auth(client).login(user.email).status_code == 303  # type: ignore[arg-type]
    client.get("/")
    with app.app_context():
        assert generation.current().number == before


def test_a_rolled_back_write_keeps_the_generation(app: Flask, make_user: Any) -> None:
    author = make_user()
    with app.app_context():
        before = generation.current().number
        user = db.session.get(User, author.id)
        assert user is not None
        user.display_name = "Nie gespeichert"
        db.session.flush()
        db.session.rollback()
        assert generation.current().number == before
        user = db.session.get(User, author.id)
        assert user is not None
        user.display_name = "Gespeichert"
        db.session.commit()
    with app.app_context():
        assert generation.current().number == before + 1


def test_reading_keeps_the_generation(app: Flask, client: Client, make_user: Any) -> None:
    """Pages and feeds write nothing readers see: reading never empties the cache."""
    author = make_user(role=Role.ADMIN)
    article = new_article(app, author, "Ein Eintrag über Mastodon")
    write_event(app, author, client)
    with app.app_context():
        before = generation.current().number
    paths = [
        "/",
        "/articles/",
        f"/articles/{article.slug}",
        "/articles/feed.atom",
        "/events/",
        "/events/calendar",
        "/events.ics",
        "/events/feed.atom",
        "/cases/",
        "/cases/feed.atom",
        "/authorities/",
        "/authorities/census",
    ]
    for path in paths:
        assert client.get(path).status_code == 200, path
    with app.app_context():
        assert generation.current().number == before
