"""Cache hits answered in front of Flask (kb.cache_wsgi): the same answer as Flask's,
for only the requests the middleware can decide, never stale."""

from __future__ import annotations

from typing import Any

import brotli
import pytest
from flask import Flask, make_response
from werkzeug.test import EnvironBuilder

from kb import cache
from kb.i18n import select_locale
from tests.conftest import Auth
from tests.test_page_cache import dispatches, new_article, write_entry

# Headers the server or the moment adds; everything else must match between a hit and
# a render.
MOMENT_HEADERS = {"date", "age", "server"}


def comparable(headers: Any) -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in headers if name.lower() not in MOMENT_HEADERS)


@pytest.fixture
def cached_app(app_factory: Any, make_user: Any) -> tuple[Flask, str]:
    app = app_factory()
    article = new_article(app, make_user(), "Ein Eintrag über Mastodon")
    return app, f"/articles/{article.slug}"


PAGES = ["/", "/articles/", "/events/", "/articles/feed.atom", "ENTRY"]
CODINGS = [None, "gzip", "br", "gzip, deflate, br, zstd"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("accept_encoding", CODINGS)
def test_a_hit_answers_as_a_render_does_without_flask(
    cached_app: tuple[Flask, str],
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    accept_encoding: str | None,
) -> None:
    app, entry = cached_app
    path = entry if path == "ENTRY" else path
    reached = dispatches(app, monkeypatch)
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    client = app.test_client()
    rendered = client.get(path, headers=headers)
    hits = [client.get(path, headers=headers) for _ in range(2)]
    assert rendered.status_code == 200
    assert reached == [path]  # the render; both hits answered in front of Flask
    for hit in hits:
        assert hit.status_code == 200
        assert comparable(hit.headers) == comparable(rendered.headers)
        assert hit.get_data() == rendered.get_data()
    assert "Content-Security-Policy" in hits[0].headers
    assert "Accept-Encoding" in hits[0].headers["Vary"]


def test_a_page_stored_in_one_coding_is_compressed_once_for_another(
    cached_app: tuple[Flask, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = cached_app
    reached = dispatches(app, monkeypatch)
    client = app.test_client()
    plain = client.get("/articles/")
    compressed = [client.get("/articles/", headers={"Accept-Encoding": "br"}) for _ in range(2)]
    assert reached == ["/articles/"]
    for answer in compressed:
        assert answer.headers["Content-Encoding"] == "br"
        assert brotli.decompress(answer.get_data()) == plain.get_data()
    assert "Content-Encoding" not in plain.headers
    # A fresh render in br carries the same headers as the hits.
    rendered = (
        app_with_new_store(app).test_client().get("/articles/", headers={"Accept-Encoding": "br"})
    )
    assert comparable(rendered.headers) == comparable(compressed[1].headers)


def app_with_new_store(app: Flask) -> Flask:
    cache.clear(app)
    return app


def test_head_gets_the_headers_without_the_body(
    cached_app: tuple[Flask, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = cached_app
    client = app.test_client()
    full = client.get("/articles/")
    reached = dispatches(app, monkeypatch)
    head = client.head("/articles/")
    assert reached == []
    assert head.status_code == 200 and head.get_data() == b""
    assert comparable(head.headers) == comparable(full.headers)


def test_conditional_requests_get_304_from_the_middleware(
    cached_app: tuple[Flask, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = cached_app
    client = app.test_client()
    feed = client.get("/articles/feed.atom")
    etag = feed.headers["ETag"]
    reached = dispatches(app, monkeypatch)
    again = client.get("/articles/feed.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    other = client.get("/articles/feed.atom", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.get_data() == feed.get_data()
    assert reached == []


def test_a_strong_etag_names_each_coding(app_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_factory()

    @app.route("/_test/tagged")
    @cache.anonymous_page_cache
    def tagged() -> Any:
        response = make_response("<p>" + "Verwaltung " * 100 + "</p>")
        response.set_etag("v1")
        return response

    client = app.test_client()
    rendered = client.get("/_test/tagged", headers={"Accept-Encoding": "br"})
    reached = dispatches(app, monkeypatch)
    hit = client.get("/_test/tagged", headers={"Accept-Encoding": "br"})
    plain = client.get("/_test/tagged")
    assert rendered.headers["ETag"] == hit.headers["ETag"] == '"v1:br"'
    assert plain.headers["ETag"] == '"v1"'
    matched = client.get(
        "/_test/tagged", headers={"Accept-Encoding": "br", "If-None-Match": '"v1:br"'}
    )
    assert matched.status_code == 304
    assert reached == []


@pytest.mark.parametrize(
    ("headers", "cookies"),
    [
        ({"HX-Request": "true"}, {}),
        ({"HX-Request": "false"}, {}),
        ({}, {"amtsnetz_session": "abc"}),
        ({}, {"other": "1", "amtsnetz_session": "abc"}),
    ],
)
def test_htmx_and_session_requests_go_to_flask(
    cached_app: tuple[Flask, str],
    monkeypatch: pytest.MonkeyPatch,
    headers: dict[str, str],
    cookies: dict[str, str],
) -> None:
    app, _ = cached_app
    app.test_client().get("/articles/")
    reached = dispatches(app, monkeypatch)
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    client.get("/articles/", headers=headers)
    assert reached == ["/articles/"]


def test_other_methods_and_unseen_addresses_go_to_flask(
    cached_app: tuple[Flask, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = cached_app
    client = app.test_client()
    client.get("/articles/")
    reached = dispatches(app, monkeypatch)
    client.post("/articles/")
    client.get("/events/")  # not seen yet: Flask renders it (and teaches the address)
    client.get("/events/")
    assert reached == ["/articles/", "/events/"]


def test_a_logged_in_member_never_gets_the_cached_page(
    cached_app: tuple[Flask, str], make_user: Any
) -> None:
    app, _ = cached_app
    app.test_client().get("/")
    member = app.test_client()
    user = make_user()
    Auth(member).login(user.email)  # type: ignore[arg-type]
    page = member.get("/").get_data(as_text=True)
    assert 'action="/auth/logout"' in page


def test_parameters_the_view_does_not_read_share_the_page(
    cached_app: tuple[Flask, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = cached_app
    client = app.test_client()
    client.get("/articles/?sort=liked&topic=strategie")
    reached = dispatches(app, monkeypatch)
    client.get("/articles/?topic=strategie&sort=liked")
    client.get("/articles/?sort=liked&topic=strategie&utm_source=newsletter")
    assert reached == []
    client.get("/articles/?sort=updated&x=1")  # nothing stored for it: rendered, not kept
    client.get("/articles/?sort=updated&x=1")
    assert reached == ["/articles/", "/articles/"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Accept-Language": "en"},
        {"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"},
        {"Accept-Language": "fr, de;q=0.1, en;q=0.2"},
        {"Accept-Language": "*"},
        {"Accept-Language": "de-AT"},
        {"Accept-Language": "en;q=0"},
        {"Cookie": "amtsnetz_lang=en", "Accept-Language": "de"},
        {"Cookie": "amtsnetz_lang=xx", "Accept-Language": "en"},
        {"Cookie": "amtsnetz_lang=de; other=1", "Accept-Language": "en"},
        {"Cookie": 'amtsnetz_lang="en"'},
    ],
)
def test_the_key_chooses_the_language_as_the_app_does(app: Flask, headers: dict[str, str]) -> None:
    environ = EnvironBuilder(path="/", headers=headers).get_environ()
    with app.request_context(environ):
        assert cache.language(environ, app.config) == select_locale()


def test_each_language_gets_its_own_page(
    cached_app: tuple[Flask, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = cached_app
    client = app.test_client()
    german = client.get("/articles/", headers={"Accept-Language": "de"})
    english = client.get("/articles/", headers={"Accept-Language": "en"})
    reached = dispatches(app, monkeypatch)
    assert client.get("/articles/", headers={"Accept-Language": "en"}).get_data() == (
        english.get_data()
    )
    assert client.get("/articles/", headers={"Accept-Language": "de"}).get_data() == (
        german.get_data()
    )
    assert german.get_data() != english.get_data()
    chosen = app.test_client()
    chosen.set_cookie("amtsnetz_lang", "en")
    assert chosen.get("/articles/", headers={"Accept-Language": "de"}).get_data() == (
        english.get_data()
    )
    assert reached == []


def test_an_unknown_host_is_refused_before_the_cache(app_factory: Any) -> None:
    app = app_factory(KB_ANSWERED_HOSTS=["localhost"])
    client = app.test_client()
    assert client.get("/articles/").status_code == 200
    assert client.get("/articles/").status_code == 200
    assert client.get("/articles/", headers={"Host": "evil.example"}).status_code == 400


def test_the_prefix_is_part_of_the_key(app_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_factory(KB_BASE_URL="http://localhost/amtsnetz")
    client = app.test_client()
    rendered = client.get("/amtsnetz/articles/")
    assert rendered.status_code == 200
    assert 'href="/amtsnetz/articles/' in rendered.get_data(as_text=True)
    reached = dispatches(app, monkeypatch)
    hit = client.get("/amtsnetz/articles/")
    assert reached == [] and hit.get_data() == rendered.get_data()


def test_without_a_generation_read_the_request_goes_to_flask(
    cached_app: tuple[Flask, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = cached_app
    client = app.test_client()
    client.get("/articles/")
    reader = app.extensions[cache.READER_KEY]
    monkeypatch.setattr(reader, "token", lambda: None)
    reached = dispatches(app, monkeypatch)
    assert client.get("/articles/").status_code == 200
    assert reached == ["/articles/"]


def test_a_write_through_another_app_shows_on_the_next_hit(
    app_factory: Any, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader_app, writer_app = app_factory(), app_factory()
    author = make_user()
    client = reader_app.test_client()
    client.get("/articles/")
    reached = dispatches(reader_app, monkeypatch)
    assert "Neuer Eintrag" not in client.get("/articles/").get_data(as_text=True)
    assert reached == []
    write_entry(writer_app, author, writer_app.test_client())
    assert "Neuer Eintrag zur Krisenkommunikation" in client.get("/articles/").get_data(
        as_text=True
    )
    assert reached == ["/articles/"]  # the generation moved: rendered afresh
    client.get("/articles/")
    assert reached == ["/articles/"]
