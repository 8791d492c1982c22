"""Fixtures: one app for the whole run on one migrated database (SQLite by default,
PostgreSQL with TEST_DATABASE_URL), emptied back to its migrated state after every test;
a test client that sends CSRF tokens without fetching a form first; factories.

Why one app: building an app and a database per test was most of the suite's time. The
app's configuration, its registry and its caches are put back after each test, so a
test may change them freely. Tests that need another configuration get their own app
from `app_factory` (on the same database).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from werkzeug.test import TestResponse

from kb import cache, create_app, registry
from kb.accounts import service
from kb.extensions import db, limiter
from kb.timeutil import utcnow
from kb.users import Role, User

PASSWORD = "korrekt-pferd-batterie-heftklammer"
TOKEN_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')


_CSRF_TOKEN = re.compile(
    r'(name="csrf_token" (?:type="hidden" )?value="|X-CSRFToken&#34;: &#34;|"X-CSRFToken": ")[^"&]+'
)


def without_csrf_tokens(html: str) -> str:
    """The page with its CSRF tokens blanked: a token carries the second it was signed in,
    so two renderings of one page differ there when a second boundary falls between them."""
    return _CSRF_TOKEN.sub(r"\1…", html)


def base_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config = {
        "KB_ENV": "testing",
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": None,
        **shared_state(),
    }
    config.update(overrides)
    return config


def shared_state() -> dict[str, Any]:
    """With TEST_APP_REDIS_URL set (CI's PostgreSQL stage: the scale-out set-up), every app
    of the run keeps its page cache and rate limits in Redis, as REDIS_URL does in
    production. Key prefixes of its own keep the app apart from other apps, pytest
    workers and runs on the same Redis."""
    url = os.environ.get("TEST_APP_REDIS_URL")
    if not url:
        return {}
    own = uuid.uuid4().hex[:12]
    return {
        "REDIS_URL": url,
        "RATELIMIT_STORAGE_URI": url,
        "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": f"amtsnetz-test-limits-{own}"},
        "KB_PAGE_CACHE_PREFIX": f"amtsnetz-test-pages-{own}:",
    }


# --- databases ------------------------------------------------------------------------


def postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return url if url and url.startswith("postgresql") else None


def new_database_name() -> str:
    return f"amtsnetz_test_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database: a SQLite file to copy, or a PostgreSQL database this run
    creates and drops (the URL of the test run; it is used, not copied)."""
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


class Baseline:
    """What the migrations leave in the database (the starting topics and platforms),
    to put back after a test emptied it."""

    def __init__(self, database_url: str) -> None:
        engine = create_engine(database_url)
        with engine.connect() as connection:
            self.rows = {
                table.name: [dict(row) for row in connection.execute(select(table)).mappings()]
                for table in db.metadata.sorted_tables
            }
        engine.dispose()
        self.rows = {name: rows for name, rows in self.rows.items() if rows}


_engines: dict[str, Engine] = {}
_baselines: dict[str, Baseline] = {}


def truncate_all(database_url: str) -> None:
    """Put the database back to what the migrations leave: delete every row, then add
    back the seeded ones and start the id sequences over.

    DELETE, not TRUNCATE: on the few rows a test leaves, TRUNCATE's fixed cost per table
    (about 0.45 s for all of them here) would dominate the PostgreSQL run.
    """
    engine = _engines.get(database_url)
    if engine is None:
        engine = _engines[database_url] = create_engine(database_url)
    baseline = _baselines[database_url]
    tables = db.metadata.sorted_tables
    with engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(table.delete())
        for table in tables:
            rows = baseline.rows.get(table.name)
            if rows:
                connection.execute(table.insert(), rows)
        if connection.dialect.name == "postgresql":
            for table in tables:
                if "id" in table.c and table.c.id.primary_key:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                            f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                        )
                    )


@pytest.fixture(scope="session")
def session_database(
    database_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The database the run's tests share, emptied after each of them."""
    if postgres_url():
        url = database_template
    else:
        path = tmp_path_factory.mktemp("session") / "session.db"
        shutil.copyfile(database_template, path)
        url = f"sqlite:///{path}"
    _baselines[url] = Baseline(url)
    yield url
    engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


@pytest.fixture
def database_url(session_database: str) -> Iterator[str]:
    yield session_database
    truncate_all(session_database)


@contextmanager
def own_database(database_template: str, directory: Path) -> Iterator[str]:
    """A migrated database of its own, for a module's world or a second app: a copy of
    the template file on SQLite, a new database on PostgreSQL (dropped afterwards)."""
    if not postgres_url():
        path = directory / "own.db"
        shutil.copyfile(database_template, path)
        yield f"sqlite:///{path}"
        return
    url = make_url(database_template).set(database=new_database_name())
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    database_url = url.render_as_string(hide_password=False)
    try:
        migrate_to_head(database_url)
        yield database_url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A database without tables, of the engine under test."""
    pg_url = postgres_url()
    if not pg_url:
        yield f"sqlite:///{tmp_path}/migrations.db"
        return
    url = make_url(pg_url).set(database=new_database_name())
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


# --- app and clients -----------------------------------------------------------------


class Client(FlaskClient):
    """A test client that makes its CSRF token the way the app does, from the session.

    Flask-WTF keeps a random secret in the session and signs it; a browser gets the signed
    token from a form. Making it here spares a page load before every POST.
    """

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        response = super().open(*args, **kwargs)
        if "attachment" in response.headers.get("Content-Disposition", ""):
            # A download sent from disk (the open-data exports): read it and close its
            # file, also when a test only looks at the status. Other answers stay open, so
            # that a test can tell what happens only once the answer has been sent.
            response.get_data()
            response.close()
        return response

    def csrf_token(self) -> str:
        app = self.application
        with self.session_transaction() as session:
            if "csrf_token" not in session:
                session["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 (as Flask-WTF)
            raw = session["csrf_token"]
        secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        serializer = URLSafeTimedSerializer(secret, salt="wtf-csrf-token")
        return str(serializer.dumps(raw))

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


@pytest.fixture(scope="session")
def session_app(session_database: str) -> Iterator[Flask]:
    app = make_app(session_database)
    _LIMITER_STATE.update(_limiter_state())
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# Flask-Limiter keeps one storage per Limiter object, and the limiter is shared by every app
# of the process: an app of `app_factory` (an unreachable Redis, say) replaces the run app's
# storage and can leave it in its in-memory fallback, which switches back to the real
# storage whenever it next checks, losing counts mid-test. Each test starts on the run
# app's own storage, alive.
_LIMITER_ATTRIBUTES = ("_storage", "_limiter", "_fallback_limiter", "_storage_dead")
_LIMITER_STATE: dict[str, Any] = {}


def _limiter_state() -> dict[str, Any]:
    return {name: getattr(limiter, name) for name in _LIMITER_ATTRIBUTES}


def _restore_limiter() -> None:
    for name, value in _LIMITER_STATE.items():
        setattr(limiter, name, value)


def _registry_state(app: Flask) -> Any:
    state = registry.of(app)
    # Each slot's list too: add_panel() appends to it.
    panels = {slot: list(panels) for slot, panels in state.panels.items()}
    return (dict(state.types), list(state.personal_data), panels)


def _restore_registry(app: Flask, saved: Any) -> None:
    state = registry.of(app)
    types, personal_data, panels = saved
    state.types.clear()
    state.types.update(types)
    state.personal_data[:] = personal_data
    state.panels.clear()
    state.panels.update(panels)


@pytest.fixture
def app(
    session_app: Flask, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """The run's app, as it was before any test: configuration, registry and caches are
    put back afterwards, and the database emptied (by `database_url`)."""
    config = dict(session_app.config)
    # Open-data files of this test only (kb.authorities.exports), not in instance/.
    session_app.config["KB_EXPORT_FOLDER"] = str(tmp_path_factory.mktemp("exports"))
    saved_registry = _registry_state(session_app)
    # The limiter object is shared by every app in this process: start each test on the run
    # app's storage, at zero.
    _restore_limiter()
    limiter.reset()
    yield session_app
    with session_app.app_context():
        db.session.remove()
    session_app.config.clear()
    session_app.config.update(config)
    _restore_registry(session_app, saved_registry)
    session_app.extensions.pop("kb.census_cache", None)
    session_app.extensions.pop("kb.shared_fragments", None)  # kb.templating
    session_app.extensions.pop("kb.census_results", None)
    cache.clear(session_app)


@pytest.fixture
def app_factory(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Apps of their own (another configuration, routes of a test) on the run's database."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        overrides.setdefault("KB_EXPORT_FOLDER", str(tmp_path_factory.mktemp("exports")))
        app = make_app(database_url, **overrides)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


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
        trusted: bool = True,
        **profile: Any,
    ) -> User:
        """An established member by default: their posts appear at once. Tests of what a
        new member's first post does pass `trusted=False`."""
        number = next(counter)
        with app.app_context():
            user = service.create_user(
                email or f"person{number}@stadt-beispiel.de",
                password,
                display_name or f"Person {number}",
                role=role,
                **profile,
            )
            if trusted:
                user.trusted_at = utcnow()
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


@pytest.fixture(scope="session")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The messages extracted from the code now (as `make extract-messages` does), so a new
    string cannot slip through; once per run for every catalogue test."""
    target = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [
            *(str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg"),
            *("-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2"),
            *("-o", str(target), "--no-location", "."),
        ],
        cwd=Path(__file__).parent.parent,
        check=True,
        capture_output=True,
    )
    with target.open("rb") as handle:
        return read_po(handle)
