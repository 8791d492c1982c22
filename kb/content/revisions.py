"""Saving published content with its history: versions, revisions, conflicts, restore.

Entries and case studies keep their texts in different columns; a `History` names the
revision table and the texts, and the functions here do the rest the same way for both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kb.content.diff import FieldChanges, compare
from kb.content.models import PublishState
from kb.extensions import db
from kb.http import MAX_ID
from kb.timeutil import utcnow
from kb.users import User


class EditConflict(Exception):
    """Someone saved the record after the editor loaded it."""

    def __init__(self, record: Any) -> None:
        super().__init__(getattr(record, "slug", record))
        self.record = record


@dataclass(frozen=True)
class History:
    """How one kind of content keeps its revisions."""

    revision_model: type[Any]
    content_key: str  # the revision's column naming its content: "article_id"
    fields: tuple[str, ...]  # the texts a revision keeps, in the order a comparison shows

    def texts(self, source: Any) -> dict[str, str]:
        """The kept texts of a record or revision (missing ones as empty text)."""
        return {name: getattr(source, name) or "" for name in self.fields}

    def _of(self, record: Any) -> Any:
        return getattr(self.revision_model, self.content_key) == record.id

    def add(self, record: Any, author: User, note: str) -> Any:
        number = (
            db.session.scalar(select(func.max(self.revision_model.number)).where(self._of(record)))
            or 0
        ) + 1
        revision = self.revision_model(
            number=number,
            author_id=author.id,
            note=note,
            created_at=utcnow(),
            **{self.content_key: record.id},
            **self.texts(record),
        )
        db.session.add(revision)
        return revision

    def revisions(self, record: Any) -> list[Any]:
        """Every revision, newest first, with its author."""
        return list(
            db.session.scalars(
                select(self.revision_model)
                .where(self._of(record))
                .options(selectinload(self.revision_model.author))
                .order_by(self.revision_model.number.desc())
            )
        )

    def revision_or_404(self, record: Any, number: int) -> Any:
        if not 0 < number <= MAX_ID:
            abort(404)
        revision = db.session.scalar(
            select(self.revision_model).where(
                self._of(record), self.revision_model.number == number
            )
        )
        if revision is None:
            abort(404)
        return revision

    def requested_pair(self, record: Any, args: Mapping[str, str]) -> tuple[Any, Any]:
        """The revisions `?from=…&to=…` names: 400 for anything but numbers, 404 if missing."""
        try:
            old_number = int(args.get("from", ""))
            new_number = int(args.get("to", ""))
        except ValueError:
            abort(400)
        return self.revision_or_404(record, old_number), self.revision_or_404(record, new_number)

    def compare(self, old: Any, new: Any) -> list[FieldChanges]:
        return compare(self.texts(old), self.texts(new))


def check_version(record: Any, base_version: int) -> None:
    """Refuse a save that started from another version than the one stored now.

    The version is read again under a row lock (SELECT … FOR UPDATE on PostgreSQL), held
    until the save commits: of two saves from the same version at the same moment, the
    second waits for the first and then sees its version. SQLite needs no lock here, as
    its writing requests begin IMMEDIATE and so run one after the other (kb.database).
    """
    db.session.refresh(record, attribute_names=["version"], with_for_update=True)
    if base_version != record.version:
        raise EditConflict(record)


def saved(history: History, record: Any, author: User, note: str = "") -> None:
    """Count a save: a new version and, once published, a revision."""
    record.version += 1
    record.updated_at = utcnow()
    if record.is_published:
        history.add(record, author, note)


def publish(history: History, record: Any, author: User) -> None:
    if record.is_published:
        return
    now = utcnow()
    record.status = PublishState.PUBLISHED
    record.published_at = record.published_at or now
    record.updated_at = now
    record.version += 1
    history.add(record, author, "")


def unpublish(record: Any) -> None:
    record.status = PublishState.DRAFT
    record.version += 1


def restore(
    history: History,
    record: Any,
    revision: Any,
    author: User,
    note: str,
    apply: Callable[[dict[str, str]], None],
) -> None:
    """Make an old revision's texts the current ones, as a new revision."""
    apply(history.texts(revision))
    saved(history, record, author, note)
