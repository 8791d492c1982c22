"""What notifications are to the rest of the app: a member's own data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kb.extensions import db
from kb.notify import Notification
from kb.registry import OnDelete, PersonalData, Registry
from kb.timeutil import isoformat
from kb.users import User


def export_notifications(user: User) -> list[dict[str, Any]]:
    notifications = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at, Notification.id)
    )
    return [
        {
            "kind": notification.kind,
            "url": notification.url,
            "data": notification.data,
            "created_at": isoformat(notification.created_at),
            "read_at": isoformat(notification.read_at),
        }
        for notification in notifications
    ]


PERSONAL_DATA = (
    PersonalData("notifications", Notification.user_id, export_notifications, OnDelete.REMOVE),
)


def register(registry: Registry) -> None:
    registry.add_personal_data(*PERSONAL_DATA)
