"""Keeping the index in step: every flush notes which searchable records changed, and
before the transaction commits their documents are rewritten, in that transaction.

No feature calls the search: what a record's document depends on is declared in its
content type (`Searchable.depends_on` for rows of other tables, such as an authority's
accounts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from kb import registry
from kb.search import index

PENDING = "kb.search.pending"
EXTENSION_KEY = "kb.search.watch"

Watch = dict[type[Any], list[tuple[str, Callable[[Any], Iterable[int]]]]]


def _watch(app: Flask) -> Watch:
    """Model → (content type, the record id a row of it belongs to), built once per app."""
    watch: Watch | None = app.extensions.get(EXTENSION_KEY)
    if watch is None:
        watch = {}
        for content_type in registry.of(app):
            if content_type.search is None:
                continue
            watch.setdefault(content_type.model, []).append((content_type.name, _own_id))
            for model, record_id in content_type.search.depends_on.items():
                watch.setdefault(model, []).append((content_type.name, record_id))
        app.extensions[EXTENSION_KEY] = watch
    return watch


def _own_id(record: Any) -> Iterable[int]:
    record_id = getattr(record, "id", None)
    return () if record_id is None else (record_id,)


def _note(session: Session, _context: Any) -> None:
    if not has_app_context():
        return
    watch = _watch(current_app._get_current_object())  # type: ignore[attr-defined]
    pending: dict[str, set[int]] = session.info.setdefault(PENDING, {})
    with session.no_autoflush:
        for record in (*session.new, *session.dirty, *session.deleted):
            for model in type(record).__mro__:
                for kind, record_ids in watch.get(model, ()):
                    pending.setdefault(kind, set()).update(record_ids(record))


def _write(session: Session) -> None:
    if not has_app_context():
        return
    session.flush()
    # Writing documents flushes nothing of the ORM's, so this ends; the loop only
    # guards against a text loader that changed a record on its way.
    for _round in range(3):
        pending: dict[str, set[int]] = session.info.pop(PENDING, {})
        if not pending:
            return
        for kind, ids in pending.items():
            index.refresh(kind, ids)
        session.flush()


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(PENDING, None)


_installed = False


def install() -> None:
    """Listen to every session of the process (once; apps without search ignore it)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _note)
    event.listen(Session, "before_commit", _write)
    event.listen(Session, "after_rollback", _forget)
    _installed = True
