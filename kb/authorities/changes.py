"""Every write that can change the open data raises the registry version, in the same
transaction as the write.

The census figures and the export files are kept per registry version
(kb.authorities.census, kb.authorities.exports). Calling bump_version() by hand from
each writer missed writes (an admin renaming a platform, a script, a future form); a
session event sees every flush, so no path can forget it. Because the counter is a row
updated in the writer's transaction, a reader sees the new version exactly when it sees
the new data, whichever worker or host it runs on, and a rolled-back write raises
nothing. Concurrent writers queue on the row's lock, so no two commits share a number.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, update
from sqlalchemy import inspect as orm_inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstanceState, ORMExecuteState, Session, UOWTransaction

from kb.authorities.models import RegistryVersion
from kb.database import upsert_insert
from kb.directory import Authority, Review, SocialAccount
from kb.taxonomy import Platform
from kb.timeutil import utcnow

VERSION_ROW = 1
MARKER = "kb.registry_version_raised_in"
# What the open data is made of: the approved authorities, their approved accounts, and
# the platforms' slugs, names and order.
TRACKED = (Authority, SocialAccount, Platform)


def listen() -> None:
    """Watch every session (idempotent: apps made in tests share the class)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _on_orm_execute)


def bump(connection: Connection) -> int:
    """Raise the version on this connection (inside the caller's transaction)."""
    now = utcnow()
    raise_version = (
        update(RegistryVersion)
        .where(RegistryVersion.id == VERSION_ROW)
        .values(version=RegistryVersion.version + 1, changed_at=now)
        .returning(RegistryVersion.version)
    )
    version = connection.execute(raise_version).scalar()
    if version is None:
        # The first change ever: create the row (another transaction may do so at the
        # same time; ON CONFLICT lets both go on and raise it).
        insert = upsert_insert()
        connection.execute(
            insert(RegistryVersion)
            .values(id=VERSION_ROW, version=0, changed_at=now)
            .on_conflict_do_nothing()
        )
        version = connection.execute(raise_version).scalar()
    return int(version or 1)


def _may_be_open_data(state: InstanceState[Any]) -> bool:
    """False only for what is certainly a proposal (not exported, not counted)."""
    if isinstance(state.obj(), Platform):
        return True
    history = state.attrs.review.history
    values = [*history.added, *history.unchanged, *history.deleted]
    if not values:  # not loaded, or a default not applied yet: assume it counts
        return True
    return any(value != Review.PROPOSED for value in values)


def _bumped_in_this_transaction(session: Session) -> bool:
    """Once per transaction is enough. A bump made in a savepoint that was rolled back
    is gone with it: the marker is then no longer in the chain of open transactions."""
    marker = session.info.get(MARKER)
    transaction = session.get_nested_transaction() or session.get_transaction()
    while transaction is not None:
        if transaction is marker:
            return True
        transaction = transaction.parent
    return False


def _bump_once(session: Session) -> None:
    if _bumped_in_this_transaction(session):
        return
    # The connection, not the session: SQL through the session here would flush again.
    bump(session.connection())
    session.info[MARKER] = session.get_nested_transaction() or session.get_transaction()


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    changed = [
        *session.new,
        *(obj for obj in session.dirty if session.is_modified(obj, include_collections=False)),
        *session.deleted,
    ]
    if any(isinstance(obj, TRACKED) and _may_be_open_data(orm_inspect(obj)) for obj in changed):
        _bump_once(session)


def _on_orm_execute(execute_state: ORMExecuteState) -> None:
    """Bulk statements (session.execute(update(Authority)…)) bypass the flush."""
    if not (execute_state.is_update or execute_state.is_delete or execute_state.is_insert):
        return
    mapper = execute_state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, TRACKED):
        _bump_once(execute_state.session)
