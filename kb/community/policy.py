"""Who may see, change and moderate comments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from kb import registry
from kb.community.models import Comment
from kb.policy import ANONYMOUS, can_moderate, is_member, is_moderator, is_user
from kb.standing import Standing


def owner_ids(comment: Comment) -> set[int]:
    return {comment.author_id} if comment.author_id is not None else set()


def can_edit(viewer: Any, comment: Comment) -> bool:
    """Authors edit their own comments (moderators hide, they do not rewrite)."""
    return is_user(viewer, comment.author_id)


def can_delete(viewer: Any, comment: Comment) -> bool:
    return can_edit(viewer, comment) or can_manage(viewer)


def can_manage(viewer: Any) -> bool:
    """Hiding and showing comments again is for moderators."""
    return can_moderate(viewer)


def can_view(viewer: Any, comment: Comment) -> bool:
    """Moderators see every comment; others the visible ones on public content."""
    if is_moderator(viewer):
        return True
    if comment.moderation != Standing.VISIBLE:
        return is_user(viewer, comment.author_id) and comment.moderation == Standing.HELD
    target_type = registry.current().get(comment.target_type)
    return target_type is not None and target_type.load_public(comment.target_id) is not None


def visible(viewer: Any) -> ColumnElement[bool]:
    """can_view() as an SQL condition, over every kind of content readers comment on."""
    if is_moderator(viewer):
        return true()
    on_public_content = [
        and_(
            Comment.target_type == content_type.name,
            # EXISTS looks each target up by its key; IN (SELECT …) would list every
            # public record of the type first.
            select(content_type.model.id)
            .where(content_type.model.id == Comment.target_id, content_type.visible(ANONYMOUS))
            .exists(),
        )
        for content_type in registry.current()
        if content_type.community
    ]
    shown = Comment.moderation == Standing.VISIBLE
    if is_member(viewer):
        # Authors see their own comment while it waits for review.
        shown = or_(
            shown, and_(Comment.moderation == Standing.HELD, Comment.author_id == viewer.id)
        )
    return and_(shown, or_(false(), *on_public_content))
