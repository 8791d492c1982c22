"""Who may see and change accounts and profiles."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, true

from kb.policy import is_user
from kb.users import Role, User

ROLE_LABELS: dict[Role, LazyString] = {
    Role.ADMIN: _l("Administrator"),
    Role.MODERATOR: _l("Moderator"),
}


def owner_ids(user: User) -> set[int]:
    return {user.id}


def can_view(viewer: Any, user: User) -> bool:
    """Profiles are public: members choose what they say about themselves."""
    return True


def visible(viewer: Any) -> ColumnElement[bool]:
    return true()


def can_edit_profile(viewer: Any, user: User) -> bool:
    return is_user(viewer, user.id)


def role_label(user: User) -> LazyString | None:
    """The badge a profile shows for moderators and admins (members have none)."""
    return ROLE_LABELS.get(user.role)
