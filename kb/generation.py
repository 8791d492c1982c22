"""The content generation: one counter, raised in the transaction of every write that can
change what a reader sees.

Cached pages (kb.cache) and the feeds' validators (kb.conditional) are only valid for
the generation they were made at. A session event sees every flush and every bulk
statement, so no writer can forget to raise it (the model is kb.authorities.changes, for
the open data). The counter is a row written in the writer's transaction, so a reader
sees the new generation exactly when it sees the new data, on whichever worker or host
it runs, and a rolled-back write raises nothing.

The row is written at the very end of the transaction (before_commit), not at the first
flush: every writer takes its lock last and holds it only while committing, so writers
neither wait on each other for long nor deadlock over it.

What counts is simple on purpose: any insert, update or delete, except in the tables of
PRIVATE_TABLES, which hold only private or technical state that no page shows to a
reader without a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g, has_request_context
from sqlalchemy import Integer, event, select, update
from sqlalchemy import inspect as orm_inspect
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, UOWTransaction, mapped_column
from sqlalchemy.orm.interfaces import MANYTOMANY

from kb.database import upsert_insert
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

_PENDING = "kb.generation.pending"  # a public change was flushed in this transaction
_COMMITTING = "kb.generation.committing"
_RAISED = "kb.generation.raised"
_REQUEST_KEY = "kb_generation"


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

    Read before the data a page shows: the data is then at least as new as the
    generation, so a page is never filed under a newer generation than its content.
    """
    if has_request_context() and _REQUEST_KEY in g:
        known: Generation = g.get(_REQUEST_KEY)
        return known
    from kb.extensions import db

    row = (
        db.session.connection()
        .execute(
            select(ContentGeneration.generation, ContentGeneration.changed_at).where(
                ContentGeneration.id == ROW
            )
        )
        .first()
    )
    generation = Generation(row[0], row[1]) if row else Generation(0, None)
    if has_request_context():
        setattr(g, _REQUEST_KEY, generation)
    return generation


def listen() -> None:
    """Watch every session (idempotent: apps made in tests share the class)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _on_orm_execute)
        event.listen(Session, "before_commit", _before_commit)


def raise_generation(session: Session) -> None:
    """Raise the counter on the session's connection, inside its transaction."""
    connection = session.connection()
    now = utcnow()
    statement = (
        update(ContentGeneration)
        .where(ContentGeneration.id == ROW)
        .values(generation=ContentGeneration.generation + 1, changed_at=now)
    )
    if connection.execute(statement).rowcount == 0:
        # No row yet (a database made without the migration's row): create it; another
        # transaction doing the same at once makes ON CONFLICT let both go on.
        insert = upsert_insert()
        connection.execute(
            insert(ContentGeneration)
            .values(id=ROW, generation=1, changed_at=now)
            .on_conflict_do_nothing()
        )
        connection.execute(statement)


def _root(session: Session) -> Any:
    transaction = session.get_transaction()
    if transaction is None:  # a bulk statement about to begin the transaction
        session.connection()
        transaction = session.get_transaction()
    return transaction


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


def _mark(session: Session) -> None:
    if session.info.get(_COMMITTING) is _root(session):
        _raise_once(session)  # flushed while committing: the end is now
    else:
        session.info[_PENDING] = _root(session)


def _raise_once(session: Session) -> None:
    root = _root(session)
    if session.info.get(_RAISED) is not root:
        raise_generation(session)
        session.info[_RAISED] = root


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    if session.info.get(_RAISED) is _root(session):
        return
    changes = [
        *((obj, False) for obj in session.new),
        *((obj, True) for obj in session.dirty),
        *((obj, False) for obj in session.deleted),
    ]
    if any(_public_change(session, obj, dirty) for obj, dirty in changes):
        _mark(session)


def _on_orm_execute(execute_state: ORMExecuteState) -> None:
    """Bulk statements (session.execute(update(Event)…)) bypass the flush."""
    if not (execute_state.is_update or execute_state.is_delete or execute_state.is_insert):
        return
    table = getattr(execute_state.statement, "table", None)
    if getattr(table, "name", None) not in PRIVATE_TABLES:
        _mark(execute_state.session)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer transaction's commit raises it
    root = _root(session)
    session.info[_COMMITTING] = root
    session.flush()  # what is still pending is part of this commit
    if session.info.get(_PENDING) is root:
        _raise_once(session)
