"""Members as admins see them: a bounded search, and role changes with their reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from kb import audit, cursors
from kb.extensions import db
from kb.users import Role, User

PAGE_SIZE = 25
LIST_NAME = "admin.users"
# The longest search text: a whole e-mail address.
MAX_SEARCH = 254


class LastAdmin(Exception):
    """Taking the admin role from the last admin would leave nobody to administer."""


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    next_cursor: str | None


def search_users(text: str, role: Role | None, after: str | None) -> UserPage:
    """Members whose name, profile name or address contains `text`, newest first.

    A substring search cannot use an index; the member list is small next to the content
    and the text is bounded, so a scan of one page's worth of rows at a time is cheap.
    """
    query = select(User).order_by(User.id.desc()).limit(PAGE_SIZE + 1)
    if text:
        query = query.where(
            or_(
                User.display_name.icontains(text, autoescape=True),
                User.name.icontains(text, autoescape=True),
                User.email.icontains(text.lower(), autoescape=True),
            )
        )
    if role is not None:
        query = query.where(User.role == role)
    if after:
        _value, last_id = cursors.decode(after, LIST_NAME)
        query = query.where(User.id < last_id)
    users = list(db.session.scalars(query))
    next_cursor = None
    if len(users) > PAGE_SIZE:
        users = users[:PAGE_SIZE]
        next_cursor = cursors.encode(LIST_NAME, None, users[-1].id)
    return UserPage(users, next_cursor)


def admin_count() -> int:
    # Locks the admins' rows on PostgreSQL: two admins demoting each other at once
    # cannot both see the other one still there. SQLite writes one at a time anyway.
    ids = db.session.scalars(select(User.id).where(User.role == Role.ADMIN).with_for_update())
    return len(list(ids))


def change_role(actor: Any, user: User, role: Role, reason: str) -> bool:
    """Give `user` this role (False if they have it already); LastAdmin if it would leave
    no admin. The last admin cannot step down either: someone must be able to appoint
    the next one, and the command line (`users role`) is for the operator only."""
    if user.role == role:
        return False
    if user.role == Role.ADMIN and admin_count() <= 1:
        raise LastAdmin()
    before = user.role
    user.role = role
    audit.record(
        actor,
        "admin.role",
        target_type="profile",
        target_id=user.id,
        label=user.display_name,
        subject_id=user.id,
        reason=reason,
        details=f"role: {before.value} → {role.value}",
    )
    return True


def count_by_role() -> dict[Role, int]:
    rows = db.session.execute(select(User.role, func.count()).group_by(User.role))
    counts = {role: 0 for role in Role}
    for role, count in rows:
        counts[Role(role)] = count
    return counts
