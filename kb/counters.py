"""Counters raised in the transaction of every write they watch: the content generation
(kb.generation) and the registry version (kb.authorities.changes).

Each counter is one row. A session event sees every flush and every bulk statement, so
no writer can forget to raise it; because the row is written in the writer's
transaction, a reader sees the new number exactly when it sees the new data, on
whichever worker or host it runs, and a rolled-back write raises nothing.

By default the row is written once, at the very end of the transaction (before_commit),
not at the first flush: every writer takes the row's lock last and holds it only while
committing, so writers neither wait on each other for long nor deadlock over it. A write
inside a savepoint that is rolled back may then still raise it: one needless cache miss,
never a stale answer. An `immediate` counter is raised at the first flush that counts,
inside the savepoint if there is one, so a rolled-back savepoint (a dry run) takes its
raise with it, and the transaction itself reads the new number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from kb.database import upsert_insert
from kb.timeutil import utcnow


@dataclass(frozen=True)
class Counter:
    """A one-row counter and the writes that raise it.

    `model` has the columns id, `column` (the number) and changed_at. `counts(session,
    obj, dirty)` says whether a flushed object (new, deleted, or changed when `dirty`)
    counts; `counts_statement(state)` the same for a bulk INSERT, UPDATE or DELETE.
    """

    name: str
    model: type[Any]
    column: Any
    counts: Callable[[Session, object, bool], bool]
    counts_statement: Callable[[ORMExecuteState], bool]
    row: int = 1
    immediate: bool = False

    @property
    def _pending(self) -> str:
        return f"kb.counters.{self.name}.pending"

    @property
    def _raised(self) -> str:
        return f"kb.counters.{self.name}.raised"

    def raise_on(self, connection: Connection) -> int:
        """Raise the counter now, on this connection (inside its transaction); the new
        number. Writers that bypass the session call this themselves."""
        now = utcnow()
        statement = (
            update(self.model)
            .where(self.model.id == self.row)
            .values({self.column: self.column + 1, "changed_at": now})
            .returning(self.column)
        )
        number = connection.execute(statement).scalar()
        if number is None:
            # No row yet (a database made without the migration's row): create it; another
            # transaction doing the same at once makes ON CONFLICT let both go on.
            insert = upsert_insert()
            connection.execute(
                insert(self.model)
                .values({"id": self.row, self.column.key: 0, "changed_at": now})
                .on_conflict_do_nothing()
            )
            number = connection.execute(statement).scalar()
        return int(number or 1)


_COUNTERS: dict[str, Counter] = {}
_COMMITTING = "kb.counters.committing"


def watch(counter: Counter) -> None:
    """Raise `counter` with the writes it counts, in every session (idempotent: apps
    made in tests share the Session class)."""
    _COUNTERS[counter.name] = counter
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _on_orm_execute)
        event.listen(Session, "before_commit", _before_commit)


def _root(session: Session) -> Any:
    transaction = session.get_transaction()
    if transaction is None:  # a bulk statement about to begin the transaction
        session.connection()
        transaction = session.get_transaction()
    return transaction


def _mark(session: Session, counter: Counter) -> None:
    if counter.immediate:
        _raise_now(session, counter)
        return
    root = _root(session)
    if session.info.get(_COMMITTING) is root:
        _raise_once(session, counter)  # flushed while committing: the end is now
    else:
        session.info[counter._pending] = root


def _raise_now(session: Session, counter: Counter) -> None:
    """Once per transaction; a raise made in a savepoint that was rolled back is gone with
    it: its marker is then no longer in the chain of open transactions."""
    marker = session.info.get(counter._raised)
    transaction = session.get_nested_transaction() or session.get_transaction()
    while transaction is not None:
        if transaction is marker:
            return
        transaction = transaction.parent
    counter.raise_on(session.connection())
    session.info[counter._raised] = session.get_nested_transaction() or session.get_transaction()


def _raise_once(session: Session, counter: Counter) -> None:
    root = _root(session)
    if session.info.get(counter._raised) is not root:
        # The connection, not the session: SQL through the session here would flush again.
        counter.raise_on(session.connection())
        session.info[counter._raised] = root


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    root = _root(session)
    changes = [
        *((obj, False) for obj in session.new),
        *((obj, True) for obj in session.dirty),
        *((obj, False) for obj in session.deleted),
    ]
    for counter in _COUNTERS.values():
        if not counter.immediate and root in (
            session.info.get(counter._raised),
            session.info.get(counter._pending),
        ):
            continue
        if any(counter.counts(session, obj, dirty) for obj, dirty in changes):
            _mark(session, counter)


def _on_orm_execute(execute_state: ORMExecuteState) -> None:
    """Bulk statements (session.execute(update(Event)…)) bypass the flush."""
    if not (execute_state.is_update or execute_state.is_delete or execute_state.is_insert):
        return
    for counter in _COUNTERS.values():
        if counter.counts_statement(execute_state):
            _mark(execute_state.session, counter)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer transaction's commit raises them
    root = _root(session)
    session.info[_COMMITTING] = root
    session.flush()  # what is still pending is part of this commit
    for counter in _COUNTERS.values():
        if session.info.get(counter._pending) is root:
            _raise_once(session, counter)
