"""What notifications are to the rest of the app: a member's own data, the header's link
with the unread counter, and the demo admin's notifications."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from sqlalchemy import select

from kb.extensions import db
from kb.notifications import demo, service
from kb.notify import Notification
from kb.policy import is_member
from kb.registry import DemoStep, OnDelete, Panel, PersonalData, Registry
from kb.templating import shared_html
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


def header_link(user: User | None = None, **_context: Any) -> str | None:
    """The link to the notifications in the header's account menu, with the number of
    unread ones."""
    if user is None or not is_member(user):
        return None
    unread = service.unread_count(user.id)
    # The same link for every member with as many unread, on the list (where it is the
    # current page) and elsewhere (kb.templating.shared_html).
    on_the_list = request.endpoint == "notifications.index"
    return shared_html(
        ("notifications.header", unread, on_the_list),
        lambda: render_template("notifications/_header_panel.html", unread=unread),
    )


def register(registry: Registry) -> None:
    registry.add_personal_data(*PERSONAL_DATA)
    registry.add_panel("header.member", Panel("notifications", header_link, order=10))
    # After every step that makes content the notifications point to.
    registry.add_demo_step(DemoStep("notifications", demo.load, order=200))
