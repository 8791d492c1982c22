"""Reports, moderators' decisions with their statements of reasons, appeals, and the
watched words."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import Model
from kb.timeutil import UTCDateTime, utcnow
from kb.users import User


def _enum(kind: type[enum.StrEnum]) -> Enum:
    return Enum(
        kind, native_enum=False, length=20, values_callable=lambda e: [item.value for item in e]
    )


class Reason(enum.StrEnum):
    """Why something is reported, and the ground a decision names (DSA Art. 16, 17)."""

    SPAM = "spam"
    HATE = "hate"  # hate speech
    INSULT = "insult"  # insult or harassment
    MISINFORMATION = "misinformation"
    PERSONAL_DATA = "personal_data"  # personal data exposed
    ILLEGAL = "illegal"  # illegal content: which law, in the note
    OTHER = "other"


class Action(enum.StrEnum):
    APPROVE = "approve"  # a held post is published
    DISMISS = "dismiss"  # the reports are unfounded; nothing changes
    HIDE = "hide"
    RESTORE = "restore"  # shown again (after an appeal, or a hide undone)
    DELETE = "delete"
    REJECT = "reject"  # a held post is not published (it stays hidden)
    WARN = "warn"
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"


class ReportSource(enum.StrEnum):
    MEMBER = "member"  # a logged-in reader reported it
    WATCHED_WORD = "watched_word"  # a watched word to flag matched


class Report(Model):
    __tablename__ = "reports"
    __table_args__ = (
        # One person reports one thing once.
        UniqueConstraint("reporter_id", "target_type", "target_id", name="uq_reports_once"),
        Index("ix_reports_open", "resolved_at", "target_type", "target_id"),
        Index("ix_reports_target", "target_type", "target_id"),
        Index("ix_reports_reporter", "reporter_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[ReportSource] = mapped_column(_enum(ReportSource), default=ReportSource.MEMBER)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    # The title of what was reported, as it was (the reporter's list keeps it after a delete).
    target_label: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[Reason] = mapped_column(_enum(Reason))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_decisions.id", ondelete="SET NULL"), index=True
    )

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    decision: Mapped[Decision | None] = relationship()


class Decision(Model):
    """A moderator's action on a post or an account, with the statement of reasons the
    member concerned receives (DSA Art. 17): what, on which ground, the facts, how to
    contest."""

    __tablename__ = "moderation_decisions"
    __table_args__ = (
        Index("ix_moderation_decisions_target", "target_type", "target_id"),
        Index("ix_moderation_decisions_subject", "subject_id", "created_at"),
        Index("ix_moderation_decisions_moderator", "moderator_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[Action] = mapped_column(_enum(Action))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int | None] = mapped_column(Integer)
    target_label: Mapped[str] = mapped_column(String(200), default="")
    # The member concerned: the author of the content, or the account acted on.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ground: Mapped[Reason] = mapped_column(_enum(Reason))
    facts: Mapped[str] = mapped_column(Text, default="")  # the moderator's reason
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The decision this one revises (an appeal's outcome).
    revises_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_decisions.id", ondelete="SET NULL")
    )

    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])
    moderator: Mapped[User | None] = relationship(foreign_keys=[moderator_id])


class AppealOutcome(enum.StrEnum):
    UPHELD = "upheld"  # the decision stands
    REVERSED = "reversed"  # the decision is undone


class Appeal(Model):
    """The member's one complaint against a decision (DSA Art. 20), decided by another
    moderator where there is one."""

    __tablename__ = "appeals"
    __table_args__ = (
        UniqueConstraint("decision_id", name="uq_appeals_decision"),  # one appeal each
        Index("ix_appeals_open", "decided_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_decisions.id", ondelete="CASCADE")
    )
    appellant_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    statement: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[AppealOutcome | None] = mapped_column(_enum(AppealOutcome))
    outcome_note: Mapped[str] = mapped_column(Text, default="")

    decision: Mapped[Decision] = relationship()
    appellant: Mapped[User | None] = relationship(foreign_keys=[appellant_id])


class WordAction(enum.StrEnum):
    BLOCK = "block"  # refused with a message, nothing stored
    HOLD = "hold"  # stored, waits for a moderator
    FLAG = "flag"  # published, a report opened


class WatchedWord(Model):
    __tablename__ = "watched_words"
    __table_args__ = (UniqueConstraint("pattern", name="uq_watched_words_pattern"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # As the admin typed it; matching folds case, umlauts, ß and their transliterations.
    pattern: Mapped[str] = mapped_column(String(100))
    action: Mapped[WordAction] = mapped_column(_enum(WordAction))
    # True: only the whole word; False: also as part of a word ("idiot" in "Vollidiot").
    whole_word: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
