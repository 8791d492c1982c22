"""The vocabulary every feature's policy.py speaks: who is a member, a moderator, an admin.

Each feature decides in its own `policy.py` who may see (`can_view`, with `visible` as
the same rule in SQL), change (`can_edit`) and moderate (`can_manage`) its content,
built from these words only. Views and services ask those functions; templates get
the answers as flags and never look at roles themselves.
"""

from __future__ import annotations

from typing import Any

from flask_login import AnonymousUserMixin

# A reader who is not logged in, for rules asked outside a request ("is this public?").
ANONYMOUS: Any = AnonymousUserMixin()


def is_member(viewer: Any) -> bool:
    return bool(viewer is not None and viewer.is_authenticated)


def is_moderator(viewer: Any) -> bool:
    return is_member(viewer) and bool(viewer.is_moderator)


def is_admin(viewer: Any) -> bool:
    return is_member(viewer) and bool(viewer.is_admin)


def is_user(viewer: Any, user_id: int | None) -> bool:
    """Whether `viewer` is the member with this id (a deleted author's id is None)."""
    return user_id is not None and is_member(viewer) and viewer.id == user_id


def can_moderate(viewer: Any) -> bool:
    """Review queues, approving and hiding are for moderators (and admins)."""
    return is_moderator(viewer)
