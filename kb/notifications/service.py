"""A member's notifications: the list, the unread counter, read marks, and how long read
ones are kept.

Each notification's line is made when it is shown, by the kind that sent it
(`NotificationKind.message`), so it reads in the reader's language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import g
from flask_babel import gettext
from sqlalchemy import and_, bindparam, delete, func, or_, select, update

from kb import cursors, registry
from kb.extensions import db
from kb.notify import Notification
from kb.security import safe_next_url
from kb.timeutil import utcnow

PAGE_SIZE = 25
# Read notifications are deleted this long after they were sent (`flask notifications
# prune`, and a member's own whenever they mark all as read); unread ones stay until
# they are read or the account is deleted.
RETENTION = timedelta(days=180)

log = logging.getLogger(__name__)
_UNREAD = "kb_unread_notifications"


@dataclass(frozen=True)
class NotificationItem:
    id: int
    line: str
    url: str  # a path of this site, or "" when there is nothing to open
    created_at: datetime
    unread: bool


@dataclass(frozen=True)
class NotificationPage:
    items: list[NotificationItem]
    next_cursor: str | None  # None on the last page


def kind_choices() -> list[tuple[str, str]]:
    """(name, label) of every declared kind, for the list's filter."""
    kinds = registry.current().notification_kinds.values()
    return sorted(((kind.name, str(kind.label)) for kind in kinds), key=lambda pair: pair[1])


def is_kind(name: str) -> bool:
    return name in registry.current().notification_kinds


def line(notification: Notification) -> str:
    """What the notification says, in the reader's language."""
    kind = registry.current().notification_kinds.get(notification.kind)
    if kind is not None:
        try:
            return kind.message(notification.data or {})
        except (KeyError, TypeError, ValueError):
            # Data stored by an older version of the kind: one bad row must not take
            # the whole list down.
            log.warning("notification %s: data unfit for kind %s", notification.id, kind.name)
    return str(gettext("You have a notification."))


def _list_name(kind: str | None) -> str:
    return f"notifications:{kind or ''}"


def notifications_page(
    user_id: int, kind: str | None = None, after: str | None = None, per_page: int = PAGE_SIZE
) -> NotificationPage:
    """The member's notifications, newest first, by keyset (one query)."""
    statement = select(Notification).where(Notification.user_id == user_id)
    if kind:
        statement = statement.where(Notification.kind == kind)
    if after:
        created_at, notification_id = cursors.decode_moment(after, _list_name(kind))
        statement = statement.where(
            or_(
                Notification.created_at < created_at,
                and_(Notification.created_at == created_at, Notification.id < notification_id),
            )
        )
    statement = statement.order_by(Notification.created_at.desc(), Notification.id.desc())
    rows = list(db.session.scalars(statement.limit(per_page + 1)))
    next_cursor = None
    if len(rows) > per_page:
        rows = rows[:per_page]
        next_cursor = cursors.encode(_list_name(kind), rows[-1].created_at, rows[-1].id)
    return NotificationPage([item(row) for row in rows], next_cursor)


def item(notification: Notification) -> NotificationItem:
    return NotificationItem(
        id=notification.id,
        line=line(notification),
        url=safe_next_url(notification.url) or "",
        created_at=notification.created_at,
        unread=notification.read_at is None,
    )


def unread_count(user_id: int) -> int:
    """For the header on every page a member sees: one query on (user_id, read_at) per
    request, which the list page shares."""
    counts: dict[int, int] = g.setdefault(_UNREAD, {})
    if user_id not in counts:
        counts[user_id] = _count_unread(user_id)
    return counts[user_id]


def unread_of_kind(user_id: int, kind: str | None) -> int:
    """What the list's "mark all as read" would mark: of one kind when it is filtered."""
    return unread_count(user_id) if kind is None else _count_unread(user_id, kind)


# Built once with bound parameters: the header asks on every page a member sees, and
# building the statement cost more than running it.
UNREAD = (
    select(func.count())
    .select_from(Notification)
    .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))
)
UNREAD_OF_KIND = UNREAD.where(Notification.kind == bindparam("kind"))


def _count_unread(user_id: int, kind: str | None = None) -> int:
    if kind is None:
        return db.session.scalar(UNREAD, {"user_id": user_id}) or 0
    return db.session.scalar(UNREAD_OF_KIND, {"user_id": user_id, "kind": kind}) or 0


def _forget_count() -> None:
    g.pop(_UNREAD, None)


def own_notification(user_id: int, notification_id: int) -> Notification | None:
    """The member's notification; None for an unknown id and for another member's."""
    return db.session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user_id
        )
    )


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        _forget_count()


def mark_all_read(user_id: int, kind: str | None = None) -> int:
    """Mark every unread notification of the member (of one kind) as read; returns how
    many. Their own read notifications past the retention go at the same time."""
    now = utcnow()
    statement = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if kind is not None:
        statement = statement.where(Notification.kind == kind)
    result = db.session.execute(
        statement.values(read_at=now).execution_options(synchronize_session=False)
    )
    prune(now, user_id=user_id)
    _forget_count()
    return int(getattr(result, "rowcount", 0) or 0)


def prune(now: datetime | None = None, user_id: int | None = None) -> int:
    """Delete read notifications older than RETENTION (of one member, or of everyone)."""
    cutoff = (now or utcnow()) - RETENTION
    statement = delete(Notification).where(
        Notification.read_at.is_not(None), Notification.created_at < cutoff
    )
    if user_id is not None:
        statement = statement.where(Notification.user_id == user_id)
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
