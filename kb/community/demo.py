"""Comments and likes on the demo content (kb/demo_data/community.yaml).

The data names each entry or case study by its content type and slug; the registry says
which model that is, so this feature needs none of the others. It runs after the steps
that create the content, and counts likes and comments through kb.community.service, as
a reader's click would.

Idempotent: content that has any comment or like already (the demo's, or a reader's) is
left alone, as the other steps leave alone content that exists.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import exists, or_, select

from kb import registry
from kb.community import service
from kb.community.models import Comment, Like
from kb.extensions import db
from kb.notify import Notification
from kb.timeutil import utcnow
from kb.users import User

DATA = resources.files("kb") / "demo_data" / "community.yaml"
READ_AFTER = timedelta(days=14)


@dataclass(frozen=True)
class DemoComment:
    author: str  # display name of a demo user
    body: str
    days_ago: int
    hours_ago: int = 0
    replies: tuple[DemoComment, ...] = ()


@dataclass(frozen=True)
class DemoTarget:
    type: str  # a content type in the registry: "article", "case"
    slug: str
    likes: tuple[str, ...] = ()
    comments: tuple[DemoComment, ...] = field(default_factory=tuple)


def _comment(item: dict[str, Any]) -> DemoComment:
    replies = tuple(_comment(reply) for reply in item.get("replies", ()))
    return DemoComment(**{**item, "replies": replies})


def demo_targets() -> tuple[DemoTarget, ...]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(
        DemoTarget(
            type=item["type"],
            slug=item["slug"],
            likes=tuple(item.get("likes", ())),
            comments=tuple(_comment(comment) for comment in item.get("comments", ())),
        )
        for item in data["targets"]
    )


def load() -> str:
    users = {
        user.display_name: user for user in db.session.scalars(select(User).where(User.is_demo))
    }
    now = utcnow()
    comments = likes = 0
    for target in demo_targets():
        record = _find(target)
        if record is None or _has_community(target.type, record.id):
            continue
        for name in target.likes:
            if name in users:
                service.set_like(target.type, record.id, record, users[name], True)
                likes += 1
        for spec in target.comments:
            parent = _add_comment(target.type, record, spec, users, now, None)
            if parent is None:
                continue
            comments += 1
            for reply in spec.replies:
                if _add_comment(target.type, record, reply, users, now, parent.id):
                    comments += 1
    db.session.flush()
    return f"Demo comments and likes: {comments} comments and {likes} likes created."


def _find(target: DemoTarget) -> Any | None:
    content_type = registry.current().get(target.type)
    if content_type is None or not content_type.community:
        raise ValueError(f"{target.type!r} is no content type that takes comments and likes")
    model = content_type.model
    return db.session.scalar(select(model).where(model.slug == target.slug))


def _has_community(target_type: str, target_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(
                or_(
                    exists().where(Like.target_type == target_type, Like.target_id == target_id),
                    exists().where(
                        Comment.target_type == target_type, Comment.target_id == target_id
                    ),
                )
            )
        )
    )


def _add_comment(
    target_type: str,
    record: Any,
    spec: DemoComment,
    users: dict[str, User],
    now: datetime,
    parent_id: int | None,
) -> Comment | None:
    author = users.get(spec.author)
    if author is None:
        return None
    comment, _ = service.create_comment(
        target_type, record.id, record, author, spec.body, secrets.token_hex(16), parent_id
    )
    # Dated back, so the thread reads in order and after the content was published.
    comment.created_at = now - timedelta(days=spec.days_ago, hours=spec.hours_ago)
    _date_notifications(comment, now)
    return comment


def _date_notifications(comment: Comment, now: datetime) -> None:
    """The notifications the comment just sent (still pending in the session) get its
    date; those older than a fortnight were read long ago."""
    for pending in db.session.new:
        if isinstance(pending, Notification) and pending.data.get("comment_id") == comment.id:
            pending.created_at = comment.created_at
            if now - comment.created_at > READ_AFTER:
                pending.read_at = comment.created_at
