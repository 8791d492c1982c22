"""Who may see and change accounts and profiles."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, or_, true

from kb.policy import is_member, is_moderator, is_user
from kb.standing import Standing
from kb.users import Role, User

ROLE_LABELS: dict[Role, LazyString] = {
    Role.ADMIN: _l("Administrator"),
    Role.MODERATOR: _l("Moderator"),
}


def owner_ids(user: User) -> set[int]:
    return {user.id}


def can_view(viewer: Any, user: User) -> bool:
    """Profiles are public (members choose what they say about themselves) unless the
    moderation hid one: then only its member and the moderators see it."""
    return user.moderation == Standing.VISIBLE or is_user(viewer, user.id) or is_moderator(viewer)


def visible(viewer: Any) -> ColumnElement[bool]:
    """can_view() as an SQL condition."""
    if is_moderator(viewer):
        return true()
    shown = User.moderation == Standing.VISIBLE
    if is_member(viewer):
        return or_(shown, User.id == viewer.id)
    return shown


def can_edit_profile(viewer: Any, user: User) -> bool:
    return is_user(viewer, user.id)


def role_label(user: User) -> LazyString | None:
    """The badge a profile shows for moderators and admins (members have none)."""
    return ROLE_LABELS.get(user.role)
