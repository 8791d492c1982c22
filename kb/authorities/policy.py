"""Who may see, propose and review authorities and their accounts.

Members propose; a moderator's own entries and everything a moderator approves count at
once. A proposal is visible to the member who made it and to moderators only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, true

from kb.directory import Authority, Review, SocialAccount
from kb.policy import can_moderate, is_member, is_moderator, is_user


def owner_ids(record: Authority | SocialAccount) -> set[int]:
    """Who proposed it; the directory belongs to everyone once approved."""
    return {record.proposed_by_id} if record.proposed_by_id is not None else set()


def can_view(viewer: Any, record: Authority | SocialAccount) -> bool:
    return (
        record.review == Review.APPROVED
        or is_moderator(viewer)
        or is_user(viewer, record.proposed_by_id)
    )


def can_propose(viewer: Any) -> bool:
    return is_member(viewer)


def can_manage(viewer: Any) -> bool:
    """Approving and rejecting proposals is for moderators."""
    return can_moderate(viewer)


def counts_at_once(viewer: Any) -> bool:
    """A moderator's own entries need no review."""
    return is_moderator(viewer)


def _visible(model: type[Authority] | type[SocialAccount], viewer: Any) -> ColumnElement[bool]:
    if is_moderator(viewer):
        return true()
    if is_member(viewer):
        return or_(model.review == Review.APPROVED, model.proposed_by_id == viewer.id)
    return model.review == Review.APPROVED


def visible(viewer: Any) -> ColumnElement[bool]:
    """can_view() of authorities as an SQL condition."""
    return _visible(Authority, viewer)


def visible_accounts(viewer: Any) -> ColumnElement[bool]:
    """can_view() of social-media accounts as an SQL condition."""
    return _visible(SocialAccount, viewer)
