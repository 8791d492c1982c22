from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask, abort, make_response, request
from flask_babel import get_locale

from kb.http import permission_required
from kb.policy import can_moderate
from kb.security import CONTENT_SECURITY_POLICY, safe_next_url
from kb.users import Role
from tests.conftest import Auth, Client, make_app

PUBLIC_PAGES = [
    "/",
    "/auth/login",
    "/auth/register",
    "/auth/forgot",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/healthz",
    "/does-not-exist",
]


def test_start_page(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="de">' in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and 'id="main"' in html
    assert '<div id="live-region" class="live-region" role="status">' in html


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_security_headers_on_every_response(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_csp_is_the_agreed_policy() -> None:
    assert CONTENT_SECURITY_POLICY == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def test_security_headers_on_static_files_and_errors(client: Client) -> None:
    for path in ("/static/css/site.css", "/auth/logout"):
        response = client.get(path)
        response.close()
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


READING_PAGES = [path for path in PUBLIC_PAGES if not path.startswith("/auth/")]


@pytest.mark.parametrize(
    "path",
    [*READING_PAGES, "/static/css/site.css", "/static/vendor/htmx-2.0.11.min.js", "/users/x"],
)
def test_anonymous_reader_gets_no_cookie(client: Client, path: str) -> None:
    # Forms (login, registration) need the CSRF secret in the session; reading does not.
    response = client.get(path)
    response.close()
    assert "Set-Cookie" not in response.headers


def test_anonymous_profile_view_sets_no_cookie(client: Client, make_user: Any) -> None:
    user = make_user()
    assert "Set-Cookie" not in client.get(f"/users/{user.name}").headers


def test_session_cookie_flags(app_factory: Any, make_user: Any) -> None:
    user = make_user()
    for env, secure in (("production", True), ("development", False)):
        app = app_factory(
            KB_ENV=env,
            KB_BASE_URL="http://localhost",
            SECRET_KEY="9c4e1a7f3b5d8e2a6c0f4b8d1e5a9c3f",
        )
        client = app.test_client()
        response = Auth(client).login(user.email)
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is secure


# --- language -----------------------------------------------------------------------


def test_german_is_the_default(client: Client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in html and "Zum Inhalt springen" in html


def test_accept_language_english(client: Client) -> None:
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html and "Skip to content" in html


def test_switcher_remembers_choice(client: Client) -> None:
    response = client.get("/language/en", query_string={"next": "/impressum"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/impressum"
    assert "amtsnetz_lang=en" in response.headers["Set-Cookie"]
    html = client.get("/impressum", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en">' in html and "Imprint" in html
    client.get("/language/de")
    assert '<html lang="de">' in client.get("/").get_data(as_text=True)


def test_switcher_refuses_foreign_targets_and_unknown_languages(client: Client) -> None:
    response = client.get("/language/en", query_string={"next": "//evil.example"})
    assert response.headers["Location"] == "/"
    assert client.get("/language/fr").status_code == 404


def test_switcher_links_keep_the_page(client: Client) -> None:
    html = client.get("/impressum").get_data(as_text=True)
    assert 'href="/language/en?next=/impressum?"' in html


# --- error pages --------------------------------------------------------------------


def error_app(app_factory: Any) -> Flask:
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.route("/_test/<int:code>", methods=["GET", "POST"])
    def fail(code: int) -> str:
        if code == 500:
            raise RuntimeError("boom")
        abort(code)

    @app.route("/_test/moderators")
    @permission_required(can_moderate)
    def moderators_only() -> str:
        return "moderators only"

    return app


@pytest.mark.parametrize(
    ("code", "german", "english"),
    [
        (400, "Ungültige Anfrage", "Bad request"),
        (403, "Kein Zugriff", "Access denied"),
        (404, "Seite nicht gefunden", "Page not found"),
        (409, "Inzwischen geändert", "Changed in the meantime"),
        (422, "Bitte prüfen Sie Ihre Eingaben", "Please check your input"),
        (429, "Zu viele Anfragen", "Too many requests"),
        (500, "Serverfehler", "Server error"),
    ],
)
def test_error_pages_in_layout_and_both_languages(
    app_factory: Any, code: int, german: str, english: str
) -> None:
    app = error_app(app_factory)
    client = app.test_client()
    for language, title in (("de", german), ("en", english)):
        response = client.get(f"/_test/{code}", headers={"Accept-Language": language})
        assert response.status_code == code
        html = response.get_data(as_text=True)
        assert f'<html lang="{language}">' in html
        assert title in html
        assert 'id="main"' in html  # in the layout
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_permission_required(app_factory: Any, make_user: Any) -> None:
    app = error_app(app_factory)
    member = make_user()
    moderator = make_user(role=Role.MODERATOR)
    admin = make_user(role=Role.ADMIN)
    assert app.test_client().get("/_test/moderators").status_code == 302
    for user, status in ((member, 403), (moderator, 200), (admin, 200)):
        client = app.test_client()
        Auth(client).login(user.email)
        assert client.get("/_test/moderators").status_code == status


# --- health ---------------------------------------------------------------------------


def test_healthz(app: Flask, client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    # Redis only when the run shares state through it (TEST_APP_REDIS_URL).
    redis = {"redis": "ok"} if app.config.get("REDIS_URL") else {}
    assert response.get_json() == {"status": "ok", "database": "ok", **redis}


def test_healthz_reports_unreachable_database(tmp_path: Any) -> None:
    app = make_app(f"sqlite:///{tmp_path}/missing-dir/sub/none.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"


# --- CSRF ---------------------------------------------------------------------------


def post_rules(app: Flask) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or set()):
            url = (
                rule.rule.replace("<field>", "email")
                .replace("<token>", "t")
                .replace("<code>", "x")
                .replace("<target_type>", "article")
                .replace("<slug>", "gibt-es")
            )
            # Every id is 1; of a choice of words the first.
            url = re.sub(r"<int:\w+>", "1", url)
            urls.append(re.sub(r"<any\(\s*([^,)\s]+)[^>]*>", r"\1", url))
    return urls


def test_every_post_route_is_covered(app: Flask) -> None:
    assert set(post_rules(app)) >= {
        "/auth/register",
        "/auth/login",
        "/auth/logout",
        "/auth/forgot",
        "/auth/reset/t",
        "/auth/register/check/email",
        "/account/profile",
        "/account/password",
        "/account/delete",
    }


def test_every_post_without_token_is_refused(app: Flask, client: Client, make_user: Any) -> None:
    user = make_user(job_title="Referentin")
    Auth(client).login(user.email)
    for url in post_rules(app):
        for headers in ({}, {"HX-Request": "true"}, {"X-CSRFToken": "gefaelscht"}):
            response = client.post(
                url,
                data={"display_name": "Geändert", "job_title": "Gehackt", "password": "x"},
                headers=headers,
            )
            assert response.status_code == 400, url
            assert "Sicherheitstoken" in response.get_data(as_text=True)
    # Nothing changed: still logged in, profile untouched.
    page = client.get(f"/users/{user.name}").get_data(as_text=True)
    assert "Referentin" in page and "Gehackt" not in page
    assert client.get("/account/profile").status_code == 200


def test_anonymous_post_without_token_stores_nothing(app: Flask, client: Client) -> None:
    from sqlalchemy import func, select

    from kb.extensions import db
    from kb.users import User

    response = client.post(
        "/auth/register",
        data={"email": "a@b.de", "password": "lange-passphrase-hier", "display_name": "A B"},
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_htmx_token_in_header_is_accepted(client: Client, make_user: Any) -> None:
    user = make_user()
    Auth(client).login(user.email)
    page = client.get("/account/profile").get_data(as_text=True)
    assert "hx-headers=" in page and "X-CSRFToken" in page
    response = client.htmx_post("/account/profile", {"display_name": "Per Header"})
    assert response.status_code == 200


def test_form_left_open_for_two_hours_still_saves(
    client: Client, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    import itsdangerous.timed

    user = make_user()
    Auth(client).login(user.email)
    token = client.csrf_token()

    class TwoHoursLater:
        @staticmethod
        def time() -> float:
            return time.time() + 2 * 60 * 60 + 5

    monkeypatch.setattr(itsdangerous.timed, "time", TwoHoursLater)
    response = client.post(
        "/account/profile", data={"csrf_token": token, "display_name": "Spät gespeichert"}
    )
    assert response.status_code == 303


# --- redirects ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://evil.example",
        "/%09/evil.example",
        "/\t/evil.example",
        "%2f%2fevil.example",
        "/%5Cevil.example",
        "",
        None,
        "evil.example",
        "/\n/evil.example",
    ],
)
def test_safe_next_url_refuses(target: str | None) -> None:
    assert safe_next_url(target) is None


@pytest.mark.parametrize("target", ["/", "/users/anna", "/search?q=Datenschutz%20Facebook"])
def test_safe_next_url_accepts_paths(target: str) -> None:
    assert safe_next_url(target) == target


# --- page cache -----------------------------------------------------------------------


def test_start_page_is_cached_for_cookieless_readers_only(
    client: Client, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb.site import views

    renders: list[str] = []
    real_render = views.render

    def counting_render(template: str, **context: Any) -> Any:
        renders.append(template)
        return real_render(template, **context)

    monkeypatch.setattr(views, "render", counting_render)
    first = client.get("/").get_data(as_text=True)
    second = client.get("/").get_data(as_text=True)
    assert first == second and len(renders) == 1
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in english and len(renders) == 2
    # A parameter the start page does not read: its page, no entry of its own.
    assert client.get("/?ref=x").get_data(as_text=True) == first and len(renders) == 2
    client.get("/?ref=y")
    assert len(renders) == 2

    user = make_user(display_name="Frisch Gerendert")
    Auth(client).login(user.email)
    html = client.get("/").get_data(as_text=True)
    assert "Frisch Gerendert" in html and len(renders) == 3
    client.get("/")
    assert len(renders) == 4


def test_page_cache_key_holds_all_that_changes_the_answer(app_factory: Any) -> None:
    from kb.cache import anonymous_page_cache

    app = app_factory()

    @app.route("/_test/echo")
    @anonymous_page_cache(params=("a",))
    def echo() -> Any:
        # What a page may take from the request: absolute addresses, the language.
        response = make_response(f"{request.host_url} {request.full_path} {get_locale()}")
        response.headers["X-Echo"] = "kept"
        return response

    client = app.test_client()
    for base in ("http://lokal.example", "https://lokal.example", "http://127.0.0.1"):
        for language in ("de", "en"):
            for query in ("", "?a=1"):
                headers = {"Accept-Language": language}
                path = "/_test/echo" + query
                for _ in range(2):  # the second answer comes from the cache
                    response = client.get(path, base_url=base, headers=headers)
                    text = response.get_data(as_text=True)
                    assert text.startswith(base + "/ ")
                    assert text.endswith(" " + language)
                    assert query in text
                    assert response.headers["X-Echo"] == "kept"


def test_page_cache_is_bounded_in_bytes_and_entries(
    app_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb import cache as page_cache
    from kb import cache_store

    app = app_factory()
    client = app.test_client()

    @app.route("/_test/numbered")
    @page_cache.anonymous_page_cache(params=("n",))
    def numbered() -> Any:
        return make_response(f"page {request.args.get('n')} " + "x" * 1000)

    store = app.extensions[page_cache.EXTENSION_KEY] = page_cache.PageStore()
    client.get("/_test/numbered?n=" + "x" * page_cache.MAX_KEY_BYTES)
    assert store.pages == {}  # too long an address to keep

    monkeypatch.setattr(
        cache_store, "MAX_STORE_BYTES", 3 * len(client.get("/_test/numbered?n=0").get_data())
    )
    for number in range(1, 12):
        client.get(f"/_test/numbered?n={number}")
        assert store.size <= cache_store.MAX_STORE_BYTES
        assert 1 <= len(store.pages) <= 3
    assert store.size == sum(cache_store._cost(key, page) for key, page in store.pages.items())


def test_html_varies_on_language_cookie_and_htmx(client: Client) -> None:
    vary = client.get("/").headers["Vary"]
    for header in ("HX-Request", "Accept-Language", "Cookie"):
        assert header in vary


def test_oversized_body_gets_413_in_the_layout(client: Client) -> None:
    response = client.post("/auth/login", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Zu viele Daten" in response.get_data(as_text=True) or "zu groß" in response.get_data(
        as_text=True
    )


def test_broken_utf8_in_a_form_is_answered_not_crashed(client: Client) -> None:
    token = client.csrf_token()
    response = client.post(
        "/auth/login",
        data=f"csrf_token={token}&email=%FF%FE%C3&password=x".encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 422


def test_htmx_errors_are_announced_without_replacing_the_page(app_factory: Any) -> None:
    app = error_app(app_factory)
    client = app.test_client()
    for code in (403, 404, 429, 500):
        response = client.get(f"/_test/{code}", headers={"HX-Request": "true"})
        assert response.status_code == code
        assert response.headers["HX-Reswap"] == "none"
        html = response.get_data(as_text=True)
        assert "<html" not in html
        assert 'id="live-region"' in html and 'hx-swap-oob="innerHTML"' in html
        assert "kern-alert--danger" in html


def test_dates_follow_the_language_and_berlin_time(app: Flask) -> None:
    from datetime import UTC, date, datetime

    from kb.datetimes import long_date, timestamp

    late_evening = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # already 2 July in Berlin
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert long_date(late_evening) == "2. Juli 2026"
        assert timestamp(late_evening).startswith("02.07.2026, 0:30")
        assert long_date(date(2026, 11, 25)) == "25. November 2026"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert long_date(late_evening) == "July 2, 2026"


# --- small screens -------------------------------------------------------------------------------


def test_the_header_folds_its_navigation_search_and_tools_into_a_menu(client: Client) -> None:
    # On a phone only the brand and the menu button take the first screen (js/disclosures.js
    # folds the menu); site.css shows its content as a row on wide screens. The server sends
    # it open: without JavaScript, and where a browser cannot lay out a closed <details> as a
    # row, nothing is hidden.
    html = client.get("/").get_data(as_text=True)
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    menu = header.split('<details class="site-menu" open data-fold-small>', 1)[1]
    menu = menu.split("</details>", 1)[0]
    assert '<summary class="site-menu__toggle">Menü</summary>' in menu
    for part in ('aria-label="Hauptnavigation"', 'role="search"', 'aria-label="Sprache"'):
        assert part in menu, part


@pytest.mark.parametrize(
    ("path", "filtered"),
    [
        ("/authorities/", "/authorities/?level=bund"),
        ("/authorities/census", "/authorities/census?land=BY"),
        ("/cases/", "/cases/?level=kommune"),
    ],
)
def test_filters_start_folded_unless_one_is_active(
    client: Client, path: str, filtered: str
) -> None:
    def panel(url: str) -> str:
        html = client.get(url).get_data(as_text=True)
        found = re.search(r'<details class="filter-panel"[^>]*>', html)
        assert found, f"no filter panel on {url}"
        return found[0]

    # Sent open (nothing hidden without JavaScript); js/disclosures.js folds on small
    # screens the panels marked for it: those without an active filter.
    assert " open" in panel(path) and "data-fold-small" in panel(path)
    assert " open" in panel(filtered) and "data-fold-small" not in panel(filtered)
