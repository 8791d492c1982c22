"""A few notifications for the demo admin (kb/demo_data/notifications.yaml), so the list
and the header's counter show something.

The data names the content by content type and slug; the registry says which model that
is, so this feature needs none of the others. Kinds nobody declared and content that is
not there are left out. Idempotent: a kind the admin has a notification of already is
left out.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from kb import registry
from kb.extensions import db
from kb.notify import Notification
from kb.timeutil import utcnow
from kb.users import Role, User

DATA = resources.files("kb") / "demo_data" / "notifications.yaml"


def demo_notifications() -> list[dict[str, Any]]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return list(data["notifications"])


def load() -> str:
    admin = db.session.scalar(
        select(User).where(User.is_demo.is_(True), User.role == Role.ADMIN).order_by(User.id)
    )
    if admin is None:
        return "Demo notifications: no demo admin."
    had = set(db.session.scalars(select(Notification.kind).where(Notification.user_id == admin.id)))
    now = utcnow()
    created = 0
    for item in demo_notifications():
        if item["kind"] in had:
            continue
        notification = _notification(admin, item, now)
        if notification is not None:
            db.session.add(notification)
            created += 1
    db.session.commit()
    return f"Demo notifications: {created} created for the demo admin."


def _notification(admin: User, item: dict[str, Any], now: Any) -> Notification | None:
    app_registry = registry.current()
    content_type = app_registry.get(item["type"])
    if item["kind"] not in app_registry.notification_kinds or content_type is None:
        return None
    model = content_type.model
    record = db.session.scalar(select(model).where(model.slug == item["slug"]))
    if record is None:
        return None
    url = item.get("path") or content_type.url(record)
    if item.get("anchor"):
        url = f"{url}#{item['anchor']}"
    data = {"title": getattr(record, content_type.title.key), **item.get("data", {})}
    if item.get("actor"):
        data["actor"] = item["actor"]
    created_at = now - timedelta(days=item["days_ago"])
    return Notification(
        user_id=admin.id,
        kind=item["kind"],
        url=url,
        data=data,
        created_at=created_at,
        read_at=created_at if item.get("read") else None,
    )
