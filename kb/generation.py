"""The content generation: one counter (kb.counters), raised in the transaction of every
write that can change what a reader sees.

Cached pages (kb.cache) and the feeds' validators (kb.conditional) are only valid for
the generation they were made at. How the counter follows every write, in the writer's
transaction and at its very end, is kb.counters'.

What counts is simple on purpose: any insert, update or delete, except in the tables of
PRIVATE_TABLES, which hold only private or technical state that no page shows to a
reader without a session.

Two ways to read it, giving the same token for the same row: current() on the request's
own database connection, consistent with the data a page is rendered from (what a page
is filed under), and a Reader with a raw connection of its own per thread, kept open, in
autocommit (what a cache hit in kb.cache_wsgi compares with: no request context, no
pool checkout, no ORM). An autocommit read sees every committed write (SQLite in WAL
mode, PostgreSQL's READ COMMITTED), so a hit is never older than the last commit.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import g, has_request_context
from sqlalchemy import Engine, Integer
from sqlalchemy import inspect as orm_inspect
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column
from sqlalchemy.orm.interfaces import MANYTOMANY

from kb import counters
from kb.counters import Counter
from kb.extensions import Model
from kb.timeutil import UTCDateTime, utcnow

ROW = 1

# Writes to these tables change nothing an anonymous reader can see. Everything else
# counts, tables added later included: forgetting to list a private table costs a few
# cache misses, forgetting a public one would serve stale pages.
PRIVATE_TABLES = frozenset(
    {
        "user_sessions",  # who is logged in where
        "login_throttles",  # failed logins per account
        "password_reset_tokens",
        "article_drafts",  # autosaved drafts, seen by their writers only
        "bookmarks",  # a member's own reading list
        "registry_version",  # counters (raised through the connection anyway)
        "content_generation",
        "notifications",  # a member's own
        "audit_log",  # for admins
        "reports",  # for moderators and the reporter
        "moderation_decisions",  # for moderators and the member concerned
        "appeals",
        "watched_words",  # they change what may be posted, not what is shown
    }
)

_REQUEST_KEY = "kb_generation"
# Raw SQL, the same on both engines and both ways of reading: the driver's own values,
# normalised by _generation(), so a token never depends on which way it was read.
READ_SQL = f"SELECT generation, changed_at FROM content_generation WHERE id = {ROW}"  # noqa: S608


class ContentGeneration(Model):
    """One row: the generation of everything readers see, and when it last moved."""

    __tablename__ = "content_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Generation:
    number: int
    changed_at: datetime | None

    @property
    def token(self) -> str:
        # The time too: a database put back from a backup counts the same numbers again,
        # but not at the same moments.
        moment = self.changed_at.isoformat() if self.changed_at else ""
        return f"{self.number}@{moment}"


def current() -> Generation:
    """The generation this request reads (one primary-key lookup, once per request).

    Read before the data a page shows, on the same connection: the data is then at least
    as new as the generation, so a page is never filed under a newer generation than its
    content.
    """
    if has_request_context() and _REQUEST_KEY in g:
        known: Generation = g.get(_REQUEST_KEY)
        return known
    from kb.extensions import db

    row = db.session.connection().exec_driver_sql(READ_SQL).first()
    generation = _generation(row)
    if has_request_context():
        setattr(g, _REQUEST_KEY, generation)
    return generation


def _generation(row: Any) -> Generation:
    if row is None:
        return Generation(0, None)
    number, changed_at = row
    if isinstance(changed_at, str):  # SQLite keeps naive UTC text
        changed_at = datetime.fromisoformat(changed_at)
    if isinstance(changed_at, datetime):
        if changed_at.tzinfo is None:
            changed_at = changed_at.replace(tzinfo=UTC)
        changed_at = changed_at.astimezone(UTC)
    else:
        changed_at = None
    return Generation(int(number), changed_at)


class Reader:
    """The current generation's token, read on a raw connection of its own per thread.

    For SQLite a few microseconds; for PostgreSQL one short round trip on a connection
    that stays open (one per worker thread, besides the pool). A failed read drops the
    connection and answers None (the caller then leaves the request to the app); the
    next read connects again. Connections are made in the process and thread that read,
    so a server that forks after loading the app shares none.
    """

    def __init__(self, engine: Engine) -> None:
        self.dialect = engine.dialect
        self.sqlite = engine.dialect.name == "sqlite"
        self.connect_args = engine.dialect.create_connect_args(engine.url)
        database = engine.url.database
        # A memory database is another database on every connection: nothing to read.
        self.usable = not (self.sqlite and (not database or database == ":memory:"))
        self.local = threading.local()
        self.connections: list[Any] = []
        self.lock = threading.Lock()
        # The last row read and its token: the row rarely changes between two reads.
        self.last: tuple[Any, str] | None = None
        # Closed with the reader (apps made in tests come and go).
        weakref.finalize(self, _close_all, self.connections)

    def token(self) -> str | None:
        if not self.usable:
            return None
        connection = self._connection()
        try:
            if self.sqlite:
                row = connection.execute(READ_SQL).fetchone()
            else:
                with connection.cursor() as cursor:
                    cursor.execute(READ_SQL)
                    row = cursor.fetchone()
        except Exception:  # any driver error: this request goes to the app
            self._drop(connection)
            return None
        last = self.last
        if last is not None and last[0] == row:
            return last[1]
        token = _generation(row).token
        self.last = (row, token)
        return token

    def _connection(self) -> Any:
        local = self.local
        connection = getattr(local, "connection", None)
        if connection is not None and local.pid == os.getpid():
            return connection
        cargs, cparams = self.connect_args
        connection = self.dialect.loaded_dbapi.connect(*cargs, **cparams)
        if self.sqlite:
            connection.isolation_level = None  # autocommit: each read sees the last commit
            connection.execute("PRAGMA busy_timeout=1000")
        else:
            connection.autocommit = True
        local.connection, local.pid = connection, os.getpid()
        with self.lock:
            self.connections.append(connection)
        return connection

    def _drop(self, connection: Any) -> None:
        self.local.connection = None
        with self.lock:
            if connection in self.connections:
                self.connections.remove(connection)
        with contextlib.suppress(Exception):  # already broken
            connection.close()


def _close_all(connections: list[Any]) -> None:
    for connection in connections:
        with contextlib.suppress(Exception):  # already broken
            connection.close()
    connections.clear()


def _public_change(session: Session, obj: object, dirty: bool) -> bool:
    state = orm_inspect(obj)
    if state.mapper.local_table.name in PRIVATE_TABLES:
        return False
    if not dirty:
        return True
    # A parent is "dirty" when a private child joins its collection (a new login session
    # joins user.sessions): its own columns, its many-to-one links and its many-to-many
    # collections are its change; one-to-many collections are the children's.
    if session.is_modified(obj, include_collections=False):
        return True
    return any(
        relationship.direction is MANYTOMANY and state.attrs[relationship.key].history.has_changes()
        for relationship in state.mapper.relationships
    )


def _public_statement(execute_state: ORMExecuteState) -> bool:
    table = getattr(execute_state.statement, "table", None)
    return getattr(table, "name", None) not in PRIVATE_TABLES


COUNTER = Counter(
    "generation",
    ContentGeneration,
    ContentGeneration.generation,
    counts=_public_change,
    counts_statement=_public_statement,
    row=ROW,
)


def listen() -> None:
    counters.watch(COUNTER)


def raise_generation(session: Session) -> None:
    """Raise the counter now, on the session's connection, inside its transaction."""
    COUNTER.raise_on(session.connection())
