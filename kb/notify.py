"""Notifications in the app: a reply to your comment, a decision about your report, a
change to an event you attend. Features send them with `notify()`, each kind declared
once in the registry (`NotificationKind`); the notifications feature lists them.

What a notification says is stored as data (titles as they were), and its line is made
in the reader's language when it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kb import registry
from kb.extensions import Model, db
from kb.timeutil import UTCDateTime, utcnow

URL_LENGTH = 500


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # The list (newest first) and the unread counter in the header.
        Index("ix_notifications_user_created", "user_id", "created_at", "id"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    # Where the notification leads (a path of this site).
    url: Mapped[str] = mapped_column(String(URL_LENGTH), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def notify(
    user_ids: Iterable[int | None],
    kind: str,
    *,
    url: str = "",
    actor_id: int | None = None,
    data: Mapping[str, Any] | None = None,
) -> int:
    """Notify these members (in the caller's transaction); never the actor themself.
    Returns how many notifications were added."""
    if kind not in registry.current().notification_kinds:
        raise ValueError(f"notification kind {kind!r} is not declared")
    recipients = {user_id for user_id in user_ids if user_id is not None and user_id != actor_id}
    path = site_path(url)
    for user_id in sorted(recipients):
        db.session.add(Notification(user_id=user_id, kind=kind, url=path, data=dict(data or {})))
    return len(recipients)


def site_path(url: str) -> str:
    """The path (with query and fragment) of an address of this site: url_for() outside
    a request (commands, the demo) makes absolute addresses, which the list would refuse
    to open; a notification is opened on whichever host the member uses."""
    parts = urlsplit(url)
    path = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return path if len(path) <= URL_LENGTH else ""
