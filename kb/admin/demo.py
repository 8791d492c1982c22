"""The demo's audit log: the demo admin made the demo moderator one (as the demo accounts
say), so the log and its filters show a real entry. Idempotent."""

from __future__ import annotations

from sqlalchemy import select

from kb import audit
from kb.audit import AuditEntry
from kb.extensions import db
from kb.users import Role, User

ACTION = "admin.role"


def _first_demo(role: Role) -> User | None:
    return db.session.scalar(
        select(User).where(User.is_demo.is_(True), User.role == role).order_by(User.id).limit(1)
    )


def load() -> str:
    admin, moderator = _first_demo(Role.ADMIN), _first_demo(Role.MODERATOR)
    if admin is None or moderator is None:
        return "Audit log: no demo admin and moderator."
    known = db.session.scalar(
        select(AuditEntry.id).where(
            AuditEntry.action == ACTION, AuditEntry.subject_id == moderator.id
        )
    )
    if known is not None:
        return "Audit log: 0 entries added."
    audit.record(
        admin,
        ACTION,
        target_type="profile",
        target_id=moderator.id,
        label=moderator.display_name,
        subject_id=moderator.id,
        reason="Betreut ab sofort die Meldungen und die Warteschlange der Moderation.",
        details=f"role: {Role.MEMBER.value} → {Role.MODERATOR.value}",
    )
    return "Audit log: 1 entry added."
