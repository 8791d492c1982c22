"""Every write that can change the open data raises the registry version (kb.counters),
in the same transaction as the write.

The census figures and the export files are kept per registry version
(kb.authorities.census, kb.authorities.exports). Calling bump_version() by hand from
each writer missed writes (an admin renaming a platform, a script, a future form); a
session event sees every flush, so no path can forget it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect as orm_inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstanceState, ORMExecuteState, Session

from kb import counters
from kb.authorities.models import RegistryVersion
from kb.counters import Counter
from kb.directory import Authority, Review, SocialAccount
from kb.taxonomy import Platform

VERSION_ROW = 1
# What the open data is made of: the approved authorities, their approved accounts, and
# the platforms' slugs, names and order.
TRACKED = (Authority, SocialAccount, Platform)


def _may_be_open_data(state: InstanceState[Any]) -> bool:
    """False only for what is certainly a proposal (not exported, not counted)."""
    if isinstance(state.obj(), Platform):
        return True
    history = state.attrs.review.history
    values = [*history.added, *history.unchanged, *history.deleted]
    if not values:  # not loaded, or a default not applied yet: assume it counts
        return True
    return any(value != Review.PROPOSED for value in values)


def _counts(session: Session, obj: object, dirty: bool) -> bool:
    if not isinstance(obj, TRACKED):
        return False
    if dirty and not session.is_modified(obj, include_collections=False):
        return False
    return _may_be_open_data(orm_inspect(obj))


def _counts_statement(execute_state: ORMExecuteState) -> bool:
    """Bulk statements (session.execute(update(Authority)…)) bypass the flush."""
    mapper = execute_state.bind_mapper
    return mapper is not None and issubclass(mapper.class_, TRACKED)


COUNTER = Counter(
    "registry_version",
    RegistryVersion,
    RegistryVersion.version,
    counts=_counts,
    counts_statement=_counts_statement,
    row=VERSION_ROW,
    # Raised at the first flush, in the savepoint if any: a dry-run import (a savepoint
    # rolled back) raises nothing, and the writer reads the version it made.
    immediate=True,
)


def listen() -> None:
    counters.watch(COUNTER)


def bump(connection: Connection) -> int:
    """Raise the version now, on this connection (inside the caller's transaction)."""
    return COUNTER.raise_on(connection)
