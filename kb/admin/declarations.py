"""What administration is to the rest of the app: the audit log's personal data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kb.audit import AuditEntry
from kb.extensions import db
from kb.registry import OnDelete, PersonalData, Registry
from kb.timeutil import isoformat
from kb.users import User


def _export_audit(column: Any) -> Any:
    def export(user: User) -> list[dict[str, Any]]:
        entries = db.session.scalars(
            select(AuditEntry).where(column == user.id).order_by(AuditEntry.created_at)
        )
        return [
            {
                "action": entry.action,
                "on": {"type": entry.target_type, "id": entry.target_id},
                "title": entry.target_label,
                "reason": entry.reason,
                "details": entry.details,
                "created_at": isoformat(entry.created_at),
            }
            for entry in entries
        ]

    return export


PERSONAL_DATA = (
    PersonalData(
        "actions_taken", AuditEntry.actor_id, _export_audit(AuditEntry.actor_id), OnDelete.ANONYMISE
    ),
    PersonalData(
        "actions_about_me",
        AuditEntry.subject_id,
        _export_audit(AuditEntry.subject_id),
        OnDelete.ANONYMISE,
    ),
)


def register(registry: Registry) -> None:
    registry.add_personal_data(*PERSONAL_DATA)
