"""Comments, likes and bookmarks on any kind of content the registry marks `community`.

Views, and the community panel under every detail page, share these functions; who may
do what is decided in kb.community.policy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import bindparam, delete, exists, func, inspect, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, load_only
from sqlalchemy.sql.elements import BindParameter

from kb import registry, screening
from kb.community import policy
from kb.community.models import Bookmark, Comment, Like
from kb.cursors import InvalidCursor
from kb.database import upsert_insert
from kb.extensions import db
from kb.http import MAX_ID
from kb.markdown import render_plain
from kb.notify import Notification, notify
from kb.policy import is_user
from kb.standing import Standing
from kb.templating import Deferred
from kb.timeutil import utcnow
from kb.users import User

BOOKMARKS_PER_PAGE = 20
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


class CommentRefused(ValueError):
    """The comment cannot be stored as asked; str() is a message for the author."""


def _viewer(viewer: Any | None) -> Any:
    return current_user if viewer is None else viewer


# --- what a detail page shows -------------------------------------------------------


@dataclass
class CommentItem:
    comment: Comment
    replies: list[CommentItem] = field(default_factory=list)
    # A hidden top-level comment shown to readers only as a note, so its replies keep
    # their context; its text is not in the page.
    placeholder: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_moderate: bool = False

    @property
    def hidden(self) -> bool:
        return self.comment.moderation != Standing.VISIBLE


@dataclass
class CommunityState:
    target_type: str
    target_id: int
    like_count: int
    liked: bool
    bookmarked: bool
    # Visible comments and replies; hidden ones never count.
    comment_count: int
    threads: list[CommentItem] | Deferred[list[CommentItem]] = field(default_factory=list)
    # The comments look the same to this viewer as to every other reader of their kind
    # (logged in or not): no moderator, no comment of their own here. The list is then
    # kept for all of them (kb.templating.shared_html) and `threads` loaded only when
    # it is rendered afresh.
    shared_comments: bool = False


def community_state(
    target_type: str, target_id: int, viewer: Any | None = None, with_comments: bool = True
) -> CommunityState:
    """Everything the community section of a detail page needs, in three queries.

    Readers do not see hidden comments at all, except a hidden top-level comment with
    visible replies, which stays as a placeholder without its text. Moderators see
    every comment, marked as hidden.
    """
    viewer = _viewer(viewer)
    marks = _counts_and_marks(target_type, target_id, viewer)
    state = CommunityState(
        target_type=target_type,
        target_id=target_id,
        like_count=marks.like_count,
        liked=marks.liked,
        bookmarked=marks.bookmarked,
        comment_count=marks.comment_count,
    )
    if with_comments:
        state.shared_comments = not marks.commented and not policy.can_manage(viewer)
        if state.shared_comments:
            state.threads = Deferred(lambda: _threads(target_type, target_id, viewer))
        else:
            state.threads = _threads(target_type, target_id, viewer)
    return state


def _visible_comment_count(target_type: Any, target_id: Any) -> Any:
    return (
        select(func.count())
        .select_from(Comment)
        .where(
            Comment.target_type == target_type,
            Comment.target_id == target_id,
            Comment.moderation == Standing.VISIBLE,
        )
    )


# The panel's statements, built once with bound parameters (building them cost more
# than running them): the counts with the viewer's own like and bookmark, and the
# comments with their authors, only the columns the panel shows.
_TARGET: dict[str, BindParameter[Any]] = {
    "target_type": bindparam("target_type"),
    "target_id": bindparam("target_id"),
}
_LIKE_COUNT = (
    select(func.count())
    .select_from(Like)
    .where(Like.target_type == _TARGET["target_type"], Like.target_id == _TARGET["target_id"])
    .scalar_subquery()
)
_COMMENT_COUNT = _visible_comment_count(**_TARGET).scalar_subquery()
COUNTS = select(_LIKE_COUNT, _COMMENT_COUNT)
COUNTS_AND_MARKS = select(
    _LIKE_COUNT,
    _COMMENT_COUNT,
    exists().where(
        Like.target_type == _TARGET["target_type"],
        Like.target_id == _TARGET["target_id"],
        Like.user_id == bindparam("viewer"),
    ),
    exists().where(
        Bookmark.target_type == _TARGET["target_type"],
        Bookmark.target_id == _TARGET["target_id"],
        Bookmark.user_id == bindparam("viewer"),
    ),
    # Any comment of the viewer's here, whatever its standing (see shared_comments).
    exists().where(
        Comment.target_type == _TARGET["target_type"],
        Comment.target_id == _TARGET["target_id"],
        Comment.author_id == bindparam("viewer"),
    ),
)
THREADS = (
    select(Comment)
    .where(Comment.target_type == _TARGET["target_type"], Comment.target_id == _TARGET["target_id"])
    .order_by(Comment.created_at, Comment.id)
    .options(
        load_only(
            Comment.target_type,
            Comment.target_id,
            Comment.parent_id,
            Comment.author_id,
            Comment.body_html,
            Comment.created_at,
            Comment.edited_at,
            Comment.moderation,
        ),
        joinedload(Comment.author).load_only(User.name, User.display_name),
    )
)


@dataclass(frozen=True)
class _Marks:
    like_count: int
    comment_count: int
    liked: bool = False
    bookmarked: bool = False
    commented: bool = False


def _counts_and_marks(target_type: str, target_id: int, viewer: Any) -> _Marks:
    target = {"target_type": target_type, "target_id": target_id}
    if viewer.is_authenticated:
        row = db.session.execute(COUNTS_AND_MARKS, {**target, "viewer": viewer.id}).one()
        return _Marks(row[0], row[1], bool(row[2]), bool(row[3]), bool(row[4]))
    row = db.session.execute(COUNTS, target).one()
    return _Marks(row[0], row[1])


def _threads(target_type: str, target_id: int, viewer: Any) -> list[CommentItem]:
    comments = db.session.scalars(
        THREADS, {"target_type": target_type, "target_id": target_id}
    ).all()
    moderating = policy.can_manage(viewer)

    def shown(comment: Comment) -> bool:
        # Authors see their own comment while it waits for review.
        return (
            moderating
            or comment.moderation == Standing.VISIBLE
            or (comment.moderation == Standing.HELD and is_user(viewer, comment.author_id))
        )

    def item(comment: Comment) -> CommentItem:
        return CommentItem(
            comment=comment,
            can_edit=policy.can_edit(viewer, comment),
            can_delete=policy.can_delete(viewer, comment),
            can_moderate=moderating,
        )

    replies: dict[int, list[CommentItem]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id is not None and shown(comment):
            replies[comment.parent_id].append(item(comment))
    threads = []
    for comment in comments:
        if comment.parent_id is not None:
            continue
        thread = item(comment)
        thread.replies = replies.get(comment.id, [])
        if not shown(comment):
            if not thread.replies or comment.moderation != Standing.HIDDEN:
                continue
            thread = CommentItem(comment=comment, replies=thread.replies, placeholder=True)
        threads.append(thread)
    return threads


# --- comments -----------------------------------------------------------------------


def find_comment(author: User, submission_key: str) -> Comment | None:
    return db.session.scalar(
        select(Comment).where(
            Comment.author_id == author.id, Comment.submission_key == submission_key
        )
    )


def create_comment(
    target_type: str,
    target_id: int,
    target: Any,
    author: User,
    body: str,
    submission_key: str,
    parent_id: int | None = None,
) -> tuple[Comment, bool]:
    """Store a comment or reply; (comment, True), or (the earlier one, False) on a resubmit.

    A form sent twice (double click, reload after a lost answer) carries the same key,
    and the unique (author, key) constraint keeps the second one out even when both
    requests race.
    """
    earlier = find_comment(author, submission_key)
    if earlier is not None:
        return earlier, False
    if parent_id is not None:
        _check_parent(target_type, target_id, parent_id)
    _lock_counters(target)
    comment = Comment(
        target_type=target_type,
        target_id=target_id,
        parent_id=parent_id,
        author_id=author.id,
        body=body,
        body_html=render_plain(body),
        submission_key=submission_key,
        created_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(comment)
    except IntegrityError:
        earlier = find_comment(author, submission_key)
        if earlier is None:
            raise
        return earlier, False
    # A new member's first comment, or one with a watched word to hold, waits for review.
    screening.admit("comment", comment, author, [body], new=True)
    update_comment_count(target_type, target_id, target)
    sync_notifications(comment)
    return comment, True


def _check_parent(target_type: str, target_id: int, parent_id: int) -> None:
    parent = db.session.get(Comment, parent_id)
    if (
        parent is None
        or parent.target_type != target_type
        or parent.target_id != target_id
        or parent.moderation != Standing.VISIBLE
    ):
        raise CommentRefused(_l("The comment you are replying to is no longer available."))
    if parent.parent_id is not None:
        raise CommentRefused(_l("Replies can only answer a comment, not another reply."))


def edit_comment(comment: Comment, body: str, editor: User | None = None) -> None:
    """Change the text; with the `editor`, it is screened again (watched words)."""
    comment.body = body
    comment.body_html = render_plain(body)
    comment.edited_at = utcnow()
    if editor is not None:
        screening.admit("comment", comment, editor, [body], new=False)


def delete_comment(comment: Comment, target: Any) -> None:
    """Delete a comment; the database deletes its replies with it (ON DELETE CASCADE)."""
    target_type, target_id = comment.target_type, comment.target_id
    _lock_counters(target)
    withdraw_notifications(comment, with_replies=True)
    db.session.delete(comment)
    update_comment_count(target_type, target_id, target)


def set_standing(comment: Comment, standing: Standing, target: Any) -> None:
    """Hold, hide or show a comment again; the target's comment count follows."""
    _lock_counters(target)
    comment.moderation = standing
    update_comment_count(comment.target_type, comment.target_id, target)
    sync_notifications(comment)


def update_comment_count(target_type: str, target_id: int, target: Any) -> None:
    if hasattr(target, "comment_count"):
        db.session.flush()
        target.comment_count = db.session.scalar(_visible_comment_count(target_type, target_id))


# --- notifications -----------------------------------------------------------------
#
# A visible comment tells the author of the comment it answers ("comment.reply") and the
# owners of the content it is on ("comment.on_content"), never its own author. They hear
# of it while readers can see it: a held comment notifies once a moderator approves it,
# a comment that is held or hidden after all (kb.screening holds it right after it is
# stored; a moderator hides it) takes its notifications back, and one shown again
# notifies again whoever has no notification of it.

REPLY = "comment.reply"
ON_CONTENT = "comment.on_content"
COMMENT_KINDS = (REPLY, ON_CONTENT)


def _recipients(comment: Comment, owners: set[int]) -> dict[str, set[int]]:
    replied_to: set[int] = set()
    if comment.parent_id is not None:
        parent_author = db.session.scalar(
            select(Comment.author_id).where(Comment.id == comment.parent_id)
        )
        if parent_author is not None:
            replied_to.add(parent_author)
    return {REPLY: replied_to, ON_CONTENT: owners - replied_to}


def _owners(content_type: registry.ContentType | None, record: Any) -> set[int]:
    if content_type is None or record is None:
        return set()
    return set(content_type.owner_ids(record))


def _notified(comment_ids: list[int], user_ids: set[int]) -> Any:
    """The notifications about these comments that went to these members."""
    return (
        Notification.user_id.in_(sorted(user_ids)),
        Notification.kind.in_(COMMENT_KINDS),
        Notification.data["comment_id"].as_integer().in_(comment_ids),
    )


def sync_notifications(comment: Comment) -> None:
    """Send the comment's notifications if readers can see it, else take them back."""
    content_type = registry.current().get(comment.target_type)
    record = content_type.load_public(comment.target_id) if content_type else None
    recipients = _recipients(comment, _owners(content_type, record))
    everyone = set().union(*recipients.values()) - {comment.author_id}
    if not everyone:
        return
    if comment.moderation != Standing.VISIBLE or content_type is None or record is None:
        withdraw_notifications(comment, recipients=everyone)
        return
    db.session.flush()
    already = set(
        db.session.scalars(select(Notification.user_id).where(*_notified([comment.id], everyone)))
    )
    described = content_type.describe([comment.target_id]).get(comment.target_id)
    if described is None:
        return
    author = db.session.get(User, comment.author_id) if comment.author_id else None
    data = {
        "actor": author.display_name if author else "",
        "title": described.title,
        "comment_id": comment.id,
    }
    for kind, user_ids in recipients.items():
        notify(
            user_ids - already,
            kind,
            url=f"{described.url}#comment-{comment.id}",
            actor_id=comment.author_id,
            data=data,
        )


def withdraw_notifications(
    comment: Comment, recipients: set[int] | None = None, with_replies: bool = False
) -> None:
    """Delete the notifications about a comment (and its replies) that readers no longer see."""
    comment_ids = [comment.id]
    if with_replies:
        comment_ids += list(
            db.session.scalars(select(Comment.id).where(Comment.parent_id == comment.id))
        )
    if recipients is None:
        content_type = registry.current().get(comment.target_type)
        record = content_type.load_public(comment.target_id) if content_type else None
        recipients = set(_owners(content_type, record))
        # The replies' notifications went to this comment's author.
        recipients |= _recipients(comment, set())[REPLY]
        if comment.author_id is not None:
            recipients.add(comment.author_id)
    if not recipients:
        return
    db.session.execute(
        delete(Notification)
        .where(*_notified(comment_ids, recipients))
        .execution_options(synchronize_session=False)
    )


# --- likes and bookmarks ------------------------------------------------------------


def set_like(
    target_type: str, target_id: int, target: Any, user: User, liked: bool | None = None
) -> bool:
    """Like (True), unlike (False) or toggle (None); returns whether the user likes it now.

    The form says which state it wants, so a double click does not undo itself.
    """
    _lock_counters(target)
    now_liked = _set_mark(Like, target_type, target_id, user, liked)
    if hasattr(target, "like_count"):
        db.session.flush()
        target.like_count = db.session.scalar(
            select(func.count())
            .select_from(Like)
            .where(Like.target_type == target_type, Like.target_id == target_id)
        )
    return now_liked


def set_bookmark(
    target_type: str, target_id: int, user: User, bookmarked: bool | None = None
) -> bool:
    return _set_mark(Bookmark, target_type, target_id, user, bookmarked)


def _set_mark(
    model: type[Like] | type[Bookmark],
    target_type: str,
    target_id: int,
    user: User,
    wanted: bool | None,
) -> bool:
    key = {"target_type": target_type, "target_id": target_id, "user_id": user.id}
    current = db.session.get(model, key)
    if wanted is None:
        wanted = current is None
    if wanted and current is None:
        insert = upsert_insert()
        # A concurrent click may have inserted the same row a moment ago: that is fine.
        db.session.execute(
            insert(model).values(**key, created_at=utcnow()).on_conflict_do_nothing()
        )
    elif not wanted and current is not None:
        db.session.delete(current)
    return wanted


def _lock_counters(target: Any) -> None:
    """Lock the target's row before recounting, so concurrent changes count in turn.

    SQLite write transactions are serialised anyway (BEGIN IMMEDIATE); PostgreSQL takes
    a row lock. Only mapped objects that keep a counter need it.
    """
    if not (hasattr(target, "like_count") or hasattr(target, "comment_count")):
        return
    if inspect(target, raiseerr=False) is not None:
        db.session.refresh(target, with_for_update=True)


# --- "Meine Lesezeichen" ------------------------------------------------------------


@dataclass
class BookmarkItem:
    target_type: str
    target_id: int
    title: str
    url: str
    created_at: datetime


@dataclass
class BookmarkPage:
    items: list[BookmarkItem]
    # Cursor for the next page, None on the last one.
    next_cursor: str | None


def user_bookmarks(
    user: User, cursor: str | None = None, per_page: int | None = None
) -> BookmarkPage:
    """The user's bookmarks, newest first, by keyset: one query plus one per content type.

    Bookmarks of content that is gone or no longer visible are left out.
    """
    per_page = per_page or BOOKMARKS_PER_PAGE
    query = (
        select(Bookmark)
        .where(Bookmark.user_id == user.id)
        .order_by(
            Bookmark.created_at.desc(), Bookmark.target_type.desc(), Bookmark.target_id.desc()
        )
        .limit(per_page + 1)
    )
    position = parse_cursor(cursor)
    if position is not None:
        query = query.where(
            tuple_(Bookmark.created_at, Bookmark.target_type, Bookmark.target_id)
            < tuple_(*position)
        )
    bookmarks = list(db.session.scalars(query))
    more = len(bookmarks) > per_page
    bookmarks = bookmarks[:per_page]
    ids_by_type: dict[str, list[int]] = defaultdict(list)
    for bookmark in bookmarks:
        ids_by_type[bookmark.target_type].append(bookmark.target_id)
    described: dict[tuple[str, int], registry.Described] = {}
    for target_type, ids in ids_by_type.items():
        content_type = registry.current().get(target_type)
        if content_type is None:
            continue
        for target_id, description in content_type.describe(ids).items():
            described[(target_type, target_id)] = description
    items = [
        BookmarkItem(
            target_type=bookmark.target_type,
            target_id=bookmark.target_id,
            title=described[key].title,
            url=described[key].url,
            created_at=bookmark.created_at,
        )
        for bookmark in bookmarks
        if (key := (bookmark.target_type, bookmark.target_id)) in described
    ]
    next_cursor = make_cursor(bookmarks[-1]) if more else None
    return BookmarkPage(items=items, next_cursor=next_cursor)


def make_cursor(bookmark: Bookmark) -> str:
    microseconds = (bookmark.created_at - EPOCH) // MICROSECOND
    return f"{microseconds}.{bookmark.target_type}.{bookmark.target_id}"


def parse_cursor(cursor: str | None) -> tuple[datetime, str, int] | None:
    """The position a cursor names, None for the first page; a malformed one, or one
    beyond what the columns hold, is refused (400, kb.cursors)."""
    if not cursor:
        return None
    parts = cursor.split(".")
    if (
        len(parts) != 3
        or not all(part.isascii() and part.isdigit() for part in (parts[0], parts[2]))
        or len(parts[0]) > 20
        or len(parts[2]) > 10
        or not 0 < int(parts[2]) <= MAX_ID
        or registry.current().get(parts[1]) is None
    ):
        raise InvalidCursor()
    try:
        created_at = EPOCH + int(parts[0]) * MICROSECOND
    except OverflowError:
        raise InvalidCursor() from None
    if created_at.year >= 9999:
        raise InvalidCursor()
    return created_at, parts[1], int(parts[2])
