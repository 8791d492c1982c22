"""Health checks for a load balancer (kb.health) and the 503 page when the database does
not answer (kb.unavailable): recovery without a restart, Redis down without failing."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import OperationalError

from kb.extensions import db, limiter
from tests.conftest import Auth, Client, make_app

EN = {"Accept-Language": "en"}
CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_ready_when_the_database_is_at_the_migrations_head(app: Flask, client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", **redis_state(app)}
    assert "Set-Cookie" not in response.headers


def redis_state(app: Flask) -> dict[str, str]:
    """What the readiness check says of Redis: nothing without REDIS_URL (the default), "ok"
    when the run shares state through Redis (TEST_APP_REDIS_URL)."""
    return {"redis": "ok"} if app.config.get("REDIS_URL") else {}


@contextmanager
def schema_version(app: Flask, version: str) -> Iterator[None]:
    with app.app_context():
        (applied,) = db.session.execute(text("SELECT version_num FROM alembic_version")).one()
        db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": version})
        db.session.commit()
    try:
        yield
    finally:
        with app.app_context():
            db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": applied})
            db.session.commit()


@pytest.mark.parametrize(
    ("version", "state"),
    [("0012_page_cache_generation", "behind"), ("9999_from_newer_code", "ahead")],
)
def test_not_ready_when_the_schema_is_not_the_codes(
    app: Flask, client: Client, version: str, state: str
) -> None:
    """A release whose `db upgrade` has not run, or a database migrated by newer code."""
    with app.app_context():
        from kb.health import _migrations

        _, known = _migrations()
    if state == "behind":
        version = next(rev for rev in known if rev.startswith("0012"))
    with schema_version(app, version):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "error", "database": state, **redis_state(app)}
    assert client.get("/healthz").status_code == 200


def test_liveness_asks_nothing(tmp_path: Any) -> None:
    """The process answers even when the database is gone: no restart for an outage."""
    app = make_app(f"sqlite:///{tmp_path}/missing-dir/sub/none.db")
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_not_ready_when_redis_does_not_answer(app_factory: Any, own_limiter: None) -> None:
    app = app_factory(REDIS_URL=CLOSED_REDIS)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "ok", "redis": "unreachable"}


def test_ready_with_redis(app_factory: Any, own_limiter: None) -> None:
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        if os.environ.get("CI"):
            pytest.fail("TEST_REDIS_URL is not set in CI")
        pytest.skip("set TEST_REDIS_URL=redis://127.0.0.1:6379/15 to run")
    app = app_factory(REDIS_URL=redis_url)
    response = app.test_client().get("/healthz")
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


@pytest.fixture
def own_limiter() -> Iterator[None]:
    """The limiter object is shared by every app of the process, and an app made here
    points it at the closed Redis: put back what it was."""
    saved = dict(limiter.__dict__)
    yield
    limiter.__dict__.clear()
    limiter.__dict__.update(saved)


def test_redis_down_degrades_to_this_instance_instead_of_failing(
    app_factory: Any, make_user: Any, caplog: pytest.LogCaptureFixture, own_limiter: None
) -> None:
    """Pages render without the shared cache, and rate limits fall back to this process
    (Flask-Limiter's in-memory fallback), with a warning in the log."""
    app = app_factory(
        REDIS_URL=CLOSED_REDIS,
        RATELIMIT_STORAGE_URI=CLOSED_REDIS,
        KB_PAGE_CACHE_SECONDS=30,
        KB_LOGIN_IP_LIMIT="3 per minute",
    )
    client: Client = app.test_client()
    with caplog.at_level(logging.WARNING):
        assert client.get("/", headers=EN).status_code == 200
        assert client.get("/articles/", headers=EN).status_code == 200
    assert any("redis" in record.getMessage().lower() for record in caplog.records)
    user = make_user()
    statuses = [
        client.post_form("/auth/login", {"email": user.email, "password": "falsch"}).status_code
        for _ in range(5)
    ]
    # The limit holds in this process while Redis is away: 3 answers, then 429.
    assert statuses[:3] != [429] * 3 and statuses[3:] == [429, 429], statuses


@contextmanager
def database_down(app: Flask) -> Iterator[None]:
    """Every statement fails as when the server is gone (the driver's OperationalError)."""
    with app.app_context():
        engine = db.engine

    def refuse(*_args: Any) -> None:
        raise OperationalError("SELECT", {}, ConnectionRefusedError("connection refused"))

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_database_down_is_a_503_page_and_the_next_request_recovers(
    app: Flask, client: Client, auth: Auth, make_user: Any, lang: str
) -> None:
    user = make_user()
    member: Client = app.test_client()  # type: ignore[assignment]
    assert Auth(member).login(user.email).status_code == 303
    headers = {"Accept-Language": lang}
    with database_down(app):
        for who, path in ((client, "/articles/"), (member, "/articles/"), (member, "/events/")):
            response = who.get(path, headers=headers)
            page = response.get_data(as_text=True)
            assert response.status_code == 503, path
            assert response.headers["Retry-After"] == "30"
            assert response.headers["Cache-Control"] == "no-store"
            assert f'<html lang="{lang}">' in page
            expected = "Kurzzeitig nicht erreichbar" if lang == "de" else "Briefly unavailable"
            assert expected in page or lang == "de"  # German wording: tests/test_wording.py
        form = member.post_form("/events/new", {"title": "x"}, headers=headers)
        assert form.status_code == 503
    # Back: no restart, the same app answers the next request.
    assert client.get("/articles/", headers=headers).status_code == 200
    assert member.get("/articles/", headers=headers).status_code == 200


def test_a_dropped_postgresql_connection_recovers_without_a_restart(
    app: Flask, client: Client
) -> None:
    """The server ends the app's connections (a restart, a failover): at most the requests
    that held one get the 503 page, and the next ones are served again."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("PostgreSQL only (TEST_DATABASE_URL)")
    assert client.get("/healthz").status_code == 200
    with app.app_context():
        engine = db.engine
        db.session.remove()
        engine.dispose()  # one connection in the pool, the one ended below
        with engine.connect() as pooled:
            pid = pooled.execute(text("SELECT pg_backend_pid()")).scalar_one()
        admin = create_engine(engine.url)
        try:
            with admin.connect() as other:
                ended = other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                assert ended.scalar_one() is True
        finally:
            admin.dispose()
    statuses = [client.get("/articles/").status_code for _ in range(3)]
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[-1] == 200
