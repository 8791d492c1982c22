"""Fixtures: an app per test on a migrated database (SQLite by default, PostgreSQL with
TEST_DATABASE_URL), a test client that knows how to send CSRF tokens, and factories."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.test import TestResponse

from kb import create_app
from kb.accounts import service
from kb.accounts.models import Role, User
from kb.extensions import db, limiter

PASSWORD = "korrekt-pferd-batterie-heftklammer"
TOKEN_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')


def base_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config = {
        "KB_ENV": "testing",
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": None,
    }
    config.update(overrides)
    return config


# --- databases ------------------------------------------------------------------------


def postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return url if url and url.startswith("postgresql") else None


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database: a SQLite file to copy per test, or a PostgreSQL database
    this run creates and drops."""
    pg_url = postgres_url()
    if pg_url:
        # The URL names the server and the account; the run always creates a database of
        # its own (a fresh name), so it can never drop one that someone else uses.
        url = make_url(pg_url)
        own = url.set(database=f"{url.database or 'amtsnetz_test'}_{uuid.uuid4().hex[:8]}")
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{own.database}"'))
        own_url = own.render_as_string(hide_password=False)
        try:
            migrate_to_head(own_url)
            yield own_url
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
            admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        migrate_to_head(f"sqlite:///{path}")
        yield str(path)


def migrate_to_head(database_url: str) -> None:
    app = create_app(base_config(database_url))
    with app.app_context():
        upgrade(directory=str(Path(__file__).parent.parent / "migrations"))
        db.engine.dispose()


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> Iterator[str]:
    if postgres_url():
        yield database_template
        truncate_all(database_template)
    else:
        path = tmp_path / "test.db"
        shutil.copyfile(database_template, path)
        yield f"sqlite:///{path}"


def truncate_all(database_url: str) -> None:
    engine = create_engine(database_url)
    # TRUNCATE … CASCADE needs no order (users and authorities refer to each other).
    tables = ", ".join(f'"{name}"' for name in db.metadata.tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


# --- app and clients -----------------------------------------------------------------


class Client(FlaskClient):
    """A test client that fetches a CSRF token the way a browser gets one: from a form."""

    def csrf_token(self) -> str:
        page = self.get("/auth/forgot")
        match = TOKEN_PATTERN.search(page.get_data(as_text=True))
        assert match, "no CSRF token on /auth/forgot"
        return match.group(1)

    def post_form(
        self, url: str, data: dict[str, Any] | None = None, **kwargs: Any
    ) -> TestResponse:
        return self.post(url, data={"csrf_token": self.csrf_token(), **(data or {})}, **kwargs)

    def htmx_post(
        self, url: str, data: dict[str, Any] | None = None, **kwargs: Any
    ) -> TestResponse:
        """Post as htmx does: token in the X-CSRFToken header, HX-Request set."""
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf_token()}
        headers.update(kwargs.pop("headers", {}))
        return self.post(url, data=data or {}, headers=headers, **kwargs)


def make_app(database_url: str, **overrides: Any) -> Flask:
    app = create_app(base_config(database_url, **overrides))
    app.test_client_class = Client
    return app


@pytest.fixture
def app_factory(database_url: str) -> Iterator[Any]:
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = make_app(database_url, **overrides)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(app_factory: Any) -> Flask:
    app = app_factory()
    # The limiter object is shared by every app in this process: start each test at zero.
    limiter.reset()
    return app


@pytest.fixture
def client(app: Flask) -> Client:
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def make_user(app: Flask) -> Any:
    counter = iter(range(1, 10_000))

    def factory(
        email: str | None = None,
        password: str = PASSWORD,
        display_name: str | None = None,
        role: Role = Role.MEMBER,
        **profile: Any,
    ) -> User:
        number = next(counter)
        with app.app_context():
            user = service.create_user(
                email or f"person{number}@stadt-beispiel.de",
                password,
                display_name or f"Person {number}",
                role=role,
                **profile,
            )
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        return user

    return factory


class Auth:
    def __init__(self, client: Client) -> None:
        self.client = client

    def login(self, email: str, password: str = PASSWORD, **kwargs: Any) -> TestResponse:
        return self.client.post_form(
            "/auth/login", {"email": email, "password": password}, **kwargs
        )

    def logout(self) -> TestResponse:
        return self.client.post_form("/auth/logout")


@pytest.fixture
def auth(client: Client) -> Auth:
    return Auth(client)


@pytest.fixture
def sent_mail(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    outbox: list[dict[str, str]] = []

    def fake_send(to: str, subject: str, body: str) -> None:
        outbox.append({"to": to, "subject": subject, "body": body})

    monkeypatch.setattr("kb.accounts.views.send_mail", fake_send)
    return outbox


def new_database_name() -> str:
    return f"amtsnetz_test_{uuid.uuid4().hex[:8]}"
