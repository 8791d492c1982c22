"""The audit log: every action of a moderator or an admin, with who, what, when and why.

Features write to it through `record()`; admins read and filter it (kb.admin). Entries
are never changed; the actor's link goes when their account is deleted (the entry stays).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import Model, db
from kb.timeutil import UTCDateTime, utcnow
from kb.users import User

LABEL_LENGTH = 200


class AuditEntry(Model):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_created", "created_at", "id"),
        Index("ix_audit_log_action", "action", "created_at"),
        Index("ix_audit_log_actor", "actor_id", "created_at"),
        Index("ix_audit_log_subject", "subject_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "moderation.hide", "admin.role", "events.approve", …
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(20), default="")
    target_id: Mapped[int | None] = mapped_column(Integer)
    # The target's title as it was: the record may be gone since.
    target_label: Mapped[str] = mapped_column(String(LABEL_LENGTH), default="")
    # The member the action was about (author of the content, the account changed).
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    # Anything else worth keeping: "role: member → moderator", "until 2027-01-01".
    details: Mapped[str] = mapped_column(String(300), default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])


def record(
    actor: Any,
    action: str,
    *,
    target_type: str = "",
    target_id: int | None = None,
    label: str = "",
    subject_id: int | None = None,
    reason: str = "",
    details: str = "",
) -> AuditEntry:
    """Add an entry in the caller's transaction: it is kept exactly when the action is."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=label[:LABEL_LENGTH],
        subject_id=subject_id,
        reason=reason,
        details=details[:300],
    )
    db.session.add(entry)
    return entry
