"""What the community is to the rest of the app: comments as a content type, a member's
comments, likes and bookmarks, and the community part under every detail page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from flask import render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, delete, func, select, update

from kb import registry as app_registry
from kb.community import demo, policy, service
from kb.community.models import Bookmark, Comment, Like
from kb.extensions import db
from kb.registry import (
    ContentType,
    DemoStep,
    NotificationKind,
    OnDelete,
    Panel,
    PersonalData,
    Registry,
)
from kb.templating import shared_html
from kb.timeutil import isoformat
from kb.users import User

MarkModel = TypeVar("MarkModel", Like, Bookmark)


def comment_url(comment: Comment) -> str:
    target = app_registry.current().get(comment.target_type)
    record = target.load_public(comment.target_id) if target else None
    if target is None or record is None:
        return ""
    return f"{target.url(record)}#comment-{comment.id}"


def preload(comments: Sequence[Comment]) -> list[Any]:
    """The pages many comments are on, a query per type of page (comment_url reads them
    through the session, which then finds them loaded)."""
    wanted: dict[str, set[int]] = {}
    for comment in comments:
        wanted.setdefault(comment.target_type, set()).add(comment.target_id)
    loaded: list[Any] = []
    for type_name, ids in wanted.items():
        target = app_registry.current().get(type_name)
        if target is not None:
            loaded.extend(db.session.scalars(select(target.model).where(target.model.id.in_(ids))))
    return loaded


def after_standing(comment: Comment) -> None:
    """Moderation held, hid or showed the comment: the target counts only visible
    comments, and the comment's notifications go out (approved) or are taken back."""
    target = app_registry.current().get(comment.target_type)
    record = db.session.get(target.model, comment.target_id) if target else None
    if record is not None:
        service.update_comment_count(comment.target_type, comment.target_id, record)
    service.sync_notifications(comment)


def _actor(data: Mapping[str, Any]) -> str:
    return str(data.get("actor") or gettext("Deleted account"))


def reply_message(data: Mapping[str, Any]) -> str:
    return str(
        gettext(
            "%(name)s replied to your comment on “%(title)s”.",
            name=_actor(data),
            title=data["title"],
        )
    )


def comment_message(data: Mapping[str, Any]) -> str:
    return str(
        gettext("%(name)s commented on “%(title)s”.", name=_actor(data), title=data["title"])
    )


NOTIFICATION_KINDS = (
    NotificationKind(
        service.REPLY,
        _l("Replies to your comments"),
        reply_message,
    ),
    NotificationKind(
        service.ON_CONTENT,
        _l("Comments on your posts"),
        comment_message,
    ),
)


def remove(comment: Comment) -> None:
    """Delete a comment with its replies (the database cascades them) and count the
    target's comments again."""
    target = app_registry.current().get(comment.target_type)
    record = db.session.get(target.model, comment.target_id) if target else None
    service.delete_comment(comment, record)


def owned_by(user_id: int) -> ColumnElement[bool]:
    return Comment.author_id == user_id


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
    after_standing=after_standing,
    remove=remove,
    owned_by=owned_by,
    preload=preload,
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


def forget_community_of(content_type: ContentType, record_id: int) -> None:
    """A deleted entry, case study or event takes the comments, likes and bookmarks on
    it along: nobody could see or reach them any more."""
    if not content_type.community:
        return
    for model in (Comment, Like, Bookmark):
        db.session.execute(
            delete(model).where(
                model.target_type == content_type.name, model.target_id == record_id
            )
        )


def community_panel(name: str, record: Any, **_context: Any) -> str | None:
    """Likes, bookmarks and comments under a public record of a community kind."""
    content_type = app_registry.current().get(name)
    if content_type is None or not content_type.community or not content_type.is_public(record):
        return None
    community = service.community_state(name, record.id)

    def render() -> str:
        return render_template(
            "community/_section.html", community=community, target_type=name, target_id=record.id
        )

    if not community.shared_comments:
        return render()
    # The same for every reader who sees the comments alike and has liked and bookmarked
    # as this one has (service.CommunityState); tokens and keys are holes.
    return shared_html(
        ("community.section", name, record.id, community.liked, community.bookmarked), render
    )


def register(registry: Registry) -> None:
    registry.add_type(COMMENT)
    for kind in NOTIFICATION_KINDS:
        registry.add_notification_kind(kind)
    registry.add_personal_data(*PERSONAL_DATA)
    registry.add_panel("content", Panel("community", community_panel, order=100))
    registry.add_deletion_hook(forget_community_of)
    registry.add_demo_step(DemoStep("community", demo.load, order=90))
