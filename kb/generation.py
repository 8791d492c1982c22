"""The content generation: one counter (kb.counters), raised in the transaction of every
write that can change what a reader sees.

Cached pages (kb.cache) and the feeds' validators (kb.conditional) are only valid for
the generation they were made at. How the counter follows every write, in the writer's
transaction and at its very end, is kb.counters'.

What counts is simple on purpose: any insert, update or delete, except in the tables of
PRIVATE_TABLES, which hold only private or technical state that no page shows to a
reader without a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import g, has_request_context
from sqlalchemy import Integer, select
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
