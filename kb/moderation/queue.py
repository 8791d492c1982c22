"""The one moderation queue: reported content with its open reports, held posts with
why they wait, open appeals, and what other features wait for (registry proposals,
`ReviewSource`), oldest first.

Each part is loaded in a fixed number of queries (one per content type at most), and
the list is bounded: `limit` items, with a "more" link that asks for more.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import joinedload

from kb import registry
from kb.extensions import db
from kb.moderation.actions import Target, shorten
from kb.moderation.models import Appeal, Decision, Reason, Report
from kb.registry import ContentType, ReviewItem, ReviewSource
from kb.standing import Standing
from kb.timeutil import utcnow
from kb.users import User

PAGE = 25
MAX_LIMIT = 200
EXCERPT_LENGTH = 240


class What(enum.StrEnum):
    REPORTED = "reported"
    HELD = "held"
    APPEALS = "appeals"
    PROPOSALS = "proposals"


@dataclass(frozen=True)
class QueueFilter:
    what: What | None = None
    type: str | None = None
    reason: Reason | None = None
    limit: int = PAGE

    def shows(self, what: What) -> bool:
        return self.what is None or self.what == what


@dataclass
class QueueItem:
    """One line of the queue: content (reported and/or held), an appeal, or a proposal."""

    since: datetime
    content_type: ContentType | None = None
    record_id: int | None = None
    record: Any | None = None
    title: str = ""
    excerpt: str = ""
    url: str = ""  # the content's own page
    author: User | None = None
    reports: list[Report] = field(default_factory=list)
    held: bool = False
    held_because: list[str] = field(default_factory=list)
    appeal: Appeal | None = None
    proposal: ReviewItem | None = None
    source: ReviewSource | None = None

    @property
    def key(self) -> tuple[str, int] | None:
        if self.content_type is None or self.record_id is None:
            return None
        return (self.content_type.name, self.record_id)

    @property
    def review_url(self) -> str:
        """Where the moderator decides."""
        if self.appeal is not None:
            return url_for("moderation.decision", decision_id=self.appeal.decision_id)
        if self.proposal is not None:
            return self.proposal.url
        if self.key is None:
            return ""
        return url_for("moderation.item", type_name=self.key[0], record_id=self.key[1])


@dataclass
class Queue:
    items: list[QueueItem]
    more: bool


def moderated_types() -> list[ContentType]:
    return [content_type for content_type in registry.current() if content_type.moderated]


def is_held(content_type: ContentType) -> ColumnElement[bool]:
    column: Any = content_type.standing
    condition: ColumnElement[bool] = column == Standing.HELD
    return condition


def _created(content_type: ContentType) -> Any:
    return getattr(content_type.model, "created_at", content_type.model.id)


def _since(record: Any) -> datetime:
    value = getattr(record, "created_at", None)
    return value if isinstance(value, datetime) else utcnow()


def _open(condition: Any = None) -> Any:
    statement = select(Report).where(Report.resolved_at.is_(None))
    return statement if condition is None else statement.where(condition)


def open_reports(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], list[Report]]:
    """The open reports on these records, oldest first, with their reporters."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    condition = or_(
        *[
            and_(Report.target_type == type_name, Report.target_id == record_id)
            for type_name, record_id in wanted
        ]
    )
    found: dict[tuple[str, int], list[Report]] = {}
    for report in db.session.scalars(
        _open(condition).options(joinedload(Report.reporter)).order_by(Report.created_at, Report.id)
    ):
        found.setdefault((report.target_type, report.target_id), []).append(report)
    return found


def _reported(queue_filter: QueueFilter, limit: int) -> list[QueueItem]:
    """Reported records, the longest waiting first."""
    since = func.min(Report.created_at).label("since")
    statement = (
        select(Report.target_type, Report.target_id, since)
        .where(Report.resolved_at.is_(None))
        .group_by(Report.target_type, Report.target_id)
        .order_by(since, Report.target_type, Report.target_id)
        .limit(limit)
    )
    if queue_filter.type:
        statement = statement.where(Report.target_type == queue_filter.type)
    if queue_filter.reason:
        statement = statement.where(Report.reason == queue_filter.reason)
    items = []
    for type_name, record_id, first in db.session.execute(statement):
        content_type = registry.current().get(type_name)
        if content_type is not None:
            items.append(QueueItem(since=first, content_type=content_type, record_id=record_id))
    return items


def _held(queue_filter: QueueFilter, limit: int) -> list[QueueItem]:
    """Held posts of every moderated type, the longest waiting first (a query a type)."""
    items: list[QueueItem] = []
    for content_type in moderated_types():
        if queue_filter.type and content_type.name != queue_filter.type:
            continue
        records = db.session.scalars(
            select(content_type.model)
            .where(is_held(content_type))
            .order_by(_created(content_type), content_type.model.id)
            .limit(limit)
        )
        items.extend(
            QueueItem(
                since=_since(record),
                content_type=content_type,
                record_id=record.id,
                record=record,
                held=True,
            )
            for record in records
        )
    return items


def _appeals(queue_filter: QueueFilter, limit: int) -> list[QueueItem]:
    statement = (
        select(Appeal)
        .join(Decision, Appeal.decision_id == Decision.id)
        .where(Appeal.decided_at.is_(None))
        .options(
            joinedload(Appeal.decision).joinedload(Decision.moderator),
            joinedload(Appeal.appellant),
        )
        .order_by(Appeal.created_at, Appeal.id)
        .limit(limit)
    )
    if queue_filter.type:
        statement = statement.where(Decision.target_type == queue_filter.type)
    if queue_filter.reason:
        statement = statement.where(Decision.ground == queue_filter.reason)
    return [
        QueueItem(since=appeal.created_at, title=appeal.decision.target_label, appeal=appeal)
        for appeal in db.session.scalars(statement)
    ]


def _proposals(limit: int) -> list[QueueItem]:
    items = []
    for source in registry.current().review_sources:
        for proposal in source.pending(limit):
            items.append(
                QueueItem(
                    since=proposal.created_at or utcnow(),
                    title=proposal.title,
                    proposal=proposal,
                    source=source,
                )
            )
    return items


def _why_held(item: QueueItem, author: User | None) -> list[str]:
    """Why a post waits: a new member's first post, or what a screen (watched words)
    says of its texts now."""
    reasons = []
    if author is not None and not author.is_trusted:
        reasons.append(_("first post of a new member"))
    content_type, record = item.content_type, item.record
    if content_type is not None and record is not None:
        texts = [getattr(record, column.key, "") for column in (content_type.title,)]
        if content_type.summary is not None:
            texts.append(getattr(record, content_type.summary.key, ""))
        for screen in registry.current().screens:
            for text in texts:
                if isinstance(text, str) and text:
                    verdict = screen.check(text)
                    if verdict.hold:
                        reasons.append(verdict.hold)
    return list(dict.fromkeys(reasons))


def complete(items: list[QueueItem]) -> None:
    """Records, open reports and authors of the content items, a query a type each."""
    content = [item for item in items if item.key is not None]
    wanted: dict[str, set[int]] = {}
    for item in content:
        if item.record is None and item.content_type is not None and item.record_id is not None:
            wanted.setdefault(item.content_type.name, set()).add(item.record_id)
    loaded: dict[tuple[str, int], Any] = {}
    for type_name, ids in wanted.items():
        content_type = registry.current().get(type_name)
        if content_type is None:
            continue
        for record in db.session.scalars(
            select(content_type.model).where(content_type.model.id.in_(ids))
        ):
            loaded[(type_name, record.id)] = record
    by_type: dict[str, list[Any]] = {}
    for item in content:
        record = item.record if item.record is not None else loaded.get(item.key or ("", 0))
        if record is not None and item.content_type is not None:
            by_type.setdefault(item.content_type.name, []).append(record)
    kept: list[Any] = []  # what the preloads loaded, alive while the items are completed
    for type_name, records in by_type.items():
        content_type = registry.current().get(type_name)
        if content_type is not None and content_type.preload is not None:
            kept.extend(content_type.preload(records))
    reports = open_reports(item.key for item in content if item.key is not None)
    owners: dict[tuple[str, int], int | None] = {}
    for item in content:
        assert item.key is not None and item.content_type is not None
        if item.record is None:
            item.record = loaded.get(item.key)
        item.reports = reports.get(item.key, [])
        if item.record is None:
            item.title = item.reports[0].target_label if item.reports else ""
            continue
        if item.content_type.standing_of(item.record) == Standing.HELD:
            item.held = True
        item.title = shorten(str(getattr(item.record, item.content_type.title.key) or ""))
        summary = item.content_type.summary
        text = getattr(item.record, summary.key, "") if summary is not None else ""
        item.excerpt = shorten(str(text or ""), EXCERPT_LENGTH)
        item.url = item.content_type.url(item.record)
        owners[item.key] = _subject(item)
    authors = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_({owner for owner in owners.values() if owner}))
        )
    }
    for item in content:
        owner = owners.get(item.key) if item.key else None
        item.author = authors.get(owner) if owner else None
        if item.held:
            item.held_because = _why_held(item, item.author)


def _subject(item: QueueItem) -> int | None:
    assert item.content_type is not None and item.record_id is not None
    return Target(item.content_type, item.record_id, item.record).subject_id()


def load(queue_filter: QueueFilter) -> Queue:
    """The queue as filtered: at most `limit` items, oldest first."""
    fetch = queue_filter.limit + 1
    items: list[QueueItem] = []
    by_key: dict[tuple[str, int], QueueItem] = {}
    if queue_filter.shows(What.REPORTED):
        for item in _reported(queue_filter, fetch):
            if item.key is not None:
                by_key[item.key] = item
            items.append(item)
    if queue_filter.shows(What.HELD) and not (queue_filter.reason and queue_filter.what is None):
        for item in _held(queue_filter, fetch):
            known = by_key.get(item.key) if item.key else None
            if known is not None:
                known.record, known.held = item.record, True
                known.since = min(known.since, item.since)
                continue
            items.append(item)
    if queue_filter.shows(What.APPEALS):
        items.extend(_appeals(queue_filter, fetch))
    if queue_filter.shows(What.PROPOSALS) and not queue_filter.type and not queue_filter.reason:
        items.extend(_proposals(fetch))
    items.sort(key=lambda item: item.since)
    more = len(items) > queue_filter.limit
    items = items[: queue_filter.limit]
    complete(items)
    return Queue(items, more)


def waiting() -> int:
    """How many items wait: reported records, held posts, open appeals, proposals."""
    reported_records = (
        select(Report.target_type, Report.target_id)
        .where(Report.resolved_at.is_(None))
        .group_by(Report.target_type, Report.target_id)
        .subquery()
    )
    count = db.session.scalar(select(func.count()).select_from(reported_records)) or 0
    for content_type in moderated_types():
        # Held records with open reports are counted once, with the reported ones.
        reported = select(Report.target_id).where(
            Report.target_type == content_type.name, Report.resolved_at.is_(None)
        )
        held: Any = select(func.count()).select_from(content_type.model)
        held = held.where(is_held(content_type), content_type.model.id.not_in(reported))
        count += db.session.scalar(held) or 0
    count += (
        db.session.scalar(
            select(func.count()).select_from(Appeal).where(Appeal.decided_at.is_(None))
        )
        or 0
    )
    count += sum(source.count() for source in registry.current().review_sources)
    return count
