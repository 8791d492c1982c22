from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import Model
from kb.standing import Standing, standing_type
from kb.timeutil import UTCDateTime, utcnow
from kb.users import User

# target_type names the kind of content ("article", "case", "event"); target_id its id.


class Comment(Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_target", "target_type", "target_id", "created_at", "id"),
        # A double-submitted form carries the same key and is stored once.
        UniqueConstraint("author_id", "submission_key", name="uq_comments_author_submission"),
        Index("ix_comments_moderation", "moderation"),  # the moderation queue
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    submission_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Held (a new member's first comment, a watched word) or hidden by a moderator; who
    # decided and why is in the moderation decisions and the audit log.
    moderation: Mapped[Standing] = mapped_column(standing_type(), default=Standing.VISIBLE)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])


class Mark:
    """One user's mark on one piece of content; at most one per user and target."""

    target_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    target_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Like(Mark, Model):
    __tablename__ = "likes"
    __table_args__ = (Index("ix_likes_user", "user_id", "created_at"),)


class Bookmark(Mark, Model):
    __tablename__ = "bookmarks"
    __table_args__ = (Index("ix_bookmarks_user", "user_id", "created_at"),)
