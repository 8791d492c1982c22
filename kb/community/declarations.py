"""What the community is to the rest of the app: comments as a content type, a member's
comments, likes and bookmarks, and the community part under every detail page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from kb import registry as app_registry
from kb.community import demo, policy, service
from kb.community.models import Bookmark, Comment, Like
from kb.extensions import db
from kb.registry import ContentType, DemoStep, OnDelete, Panel, PersonalData, Registry
from kb.timeutil import isoformat
from kb.users import User

MarkModel = TypeVar("MarkModel", Like, Bookmark)


def comment_url(comment: Comment) -> str:
    target = app_registry.current().get(comment.target_type)
    record = target.load_public(comment.target_id) if target else None
    if target is None or record is None:
        return ""
    return f"{target.url(record)}#comment-{comment.id}"


def recount(comment: Comment) -> None:
    """The target counts only visible comments: count again after moderation acted."""
    target = app_registry.current().get(comment.target_type)
    record = db.session.get(target.model, comment.target_id) if target else None
    if record is not None:
        service.update_comment_count(comment.target_type, comment.target_id, record)


def remove(comment: Comment) -> None:
    """A moderator deletes a comment (and its replies): the target counts again."""
    target = app_registry.current().get(comment.target_type)
    record = db.session.get(target.model, comment.target_id) if target else None
    service.delete_comment(comment, record)


COMMENT = ContentType(
    name="comment",
    model=Comment,
    label=_l("Comment"),
    title=Comment.body,
    summary=None,
    url=comment_url,
    url_columns=(Comment.target_type, Comment.target_id),
    visible=policy.visible,
    can_view=policy.can_view,
    owner_ids=policy.owner_ids,
    standing=Comment.moderation,
    is_post=True,
    after_standing=recount,
    remove=remove,
)


def _target(target_type: str, target_id: int) -> dict[str, Any]:
    return {"type": target_type, "id": target_id}


def export_comments(user: User) -> list[dict[str, Any]]:
    comments = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id).order_by(Comment.created_at)
    )
    return [
        {
            "on": _target(comment.target_type, comment.target_id),
            "reply_to": comment.parent_id,
            "body": comment.body,
            "created_at": isoformat(comment.created_at),
            "edited_at": isoformat(comment.edited_at),
            "moderation": comment.moderation.value,
        }
        for comment in comments
    ]


def _export_marks(model: type[MarkModel]) -> Callable[[User], list[dict[str, Any]]]:
    def export(user: User) -> list[dict[str, Any]]:
        marks = db.session.scalars(
            select(model).where(model.user_id == user.id).order_by(model.created_at)
        )
        return [
            {
                "on": _target(mark.target_type, mark.target_id),
                "created_at": isoformat(mark.created_at),
            }
            for mark in marks
        ]

    return export


def forget_likes(user: User) -> None:
    """Take the member's likes back, and count again what they liked."""
    liked = list(
        db.session.execute(select(Like.target_type, Like.target_id).where(Like.user_id == user.id))
    )
    db.session.execute(delete(Like).where(Like.user_id == user.id))
    for target_type, target_id in liked:
        content_type = app_registry.current().get(target_type)
        if content_type is None or not hasattr(content_type.model, "like_count"):
            continue
        count = (
            select(func.count())
            .select_from(Like)
            .where(Like.target_type == target_type, Like.target_id == target_id)
            .scalar_subquery()
        )
        db.session.execute(
            update(content_type.model)
            .where(content_type.model.id == target_id)
            .values(like_count=count)
        )


PERSONAL_DATA = (
    PersonalData("comments", Comment.author_id, export_comments, OnDelete.ANONYMISE),
    PersonalData(
        "likes", Like.user_id, _export_marks(Like), OnDelete.REMOVE, before_delete=forget_likes
    ),
    PersonalData("bookmarks", Bookmark.user_id, _export_marks(Bookmark), OnDelete.REMOVE),
)


def community_panel(name: str, record: Any, **_context: Any) -> str | None:
    """Likes, bookmarks and comments under a public record of a community kind."""
    content_type = app_registry.current().get(name)
    if content_type is None or not content_type.community or not content_type.is_public(record):
        return None
    return render_template(
        "community/_section.html",
        community=service.community_state(name, record.id),
        target_type=name,
        target_id=record.id,
    )


def register(registry: Registry) -> None:
    registry.add_type(COMMENT)
    registry.add_personal_data(*PERSONAL_DATA)
    registry.add_panel("content", Panel("community", community_panel, order=100))
    registry.add_demo_step(DemoStep("community", demo.load, order=90))
