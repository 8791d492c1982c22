"""What entries and case studies share in the database: publishing state, the version
that detects conflicting saves, and revisions with author and change note."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from kb.standing import Standing, standing_type
from kb.timeutil import UTCDateTime, utcnow
from kb.users import User


class PublishState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


def _state_type() -> Enum:
    return Enum(
        PublishState,
        native_enum=False,
        length=16,
        values_callable=lambda e: [state.value for state in e],
    )


class Publishable:
    """Columns of content that is written as a draft, then published.

    `version` rises with every save: an edit that started from an older version is a
    conflict (kb.content.revisions.EditConflict), never a silent overwrite.
    """

    status: Mapped[PublishState] = mapped_column(_state_type(), default=PublishState.DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    moderation: Mapped[Standing] = mapped_column(standing_type(), default=Standing.VISIBLE)

    @declared_attr
    def creator_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def creator(cls) -> Mapped[User | None]:
        # creator_id is the only key from these tables to users: the join needs no hint.
        return relationship(User)

    @property
    def is_published(self) -> bool:
        return self.status == PublishState.PUBLISHED

    @property
    def is_public(self) -> bool:
        """Published and not held or hidden by moderation."""
        return self.is_published and self.moderation == Standing.VISIBLE


class RevisionRecord:
    """Columns of one saved version of published content: number, author, note, time.

    The content's own texts are columns of each revision table (kb.content.revisions
    copies the names a History lists).
    """

    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")

    @declared_attr
    def author_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def author(cls) -> Mapped[User | None]:
        return relationship(User)
