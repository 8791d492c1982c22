"""What administration is to the rest of the app: the audit log's personal data, the
header's link for admins, and the demo's audit entries."""

from __future__ import annotations

from typing import Any

from flask import render_template
from sqlalchemy import select

from kb.admin import demo
from kb.audit import AuditEntry
from kb.extensions import db
from kb.policy import is_admin
from kb.registry import DemoStep, OnDelete, Panel, PersonalData, Registry
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


def header_link(user: Any = None, **_context: Any) -> str | None:
    """The "Administration" link in the header's member menu, for admins."""
    if not is_admin(user):
        return None
    return render_template("admin/_header_link.html")


def register(registry: Registry) -> None:
    registry.add_personal_data(*PERSONAL_DATA)
    registry.add_panel("header.member", Panel("admin", header_link, order=900))
    registry.add_demo_step(DemoStep("admin", demo.load, order=95))
