"""The audit log as admins read it: newest first, filtered, with links to what still exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import url_for
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from kb import cursors, registry
from kb.admin.terms import BY_TARGET_TYPE
from kb.audit import AuditEntry
from kb.extensions import db
from kb.users import User

PAGE_SIZE = 30
LIST_NAME = "admin.audit"
# The filter's choice of actions: far more than the app writes.
MAX_ACTIONS = 200


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    actor_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    target_url: str | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[Row]
    next_cursor: str | None


def known_actions() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action).distinct().order_by(AuditEntry.action).limit(MAX_ACTIONS)
        )
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def entries(chosen: AuditFilter, after: str | None, viewer: Any) -> AuditPage:
    query = (
        select(AuditEntry)
        .options(selectinload(AuditEntry.actor), selectinload(AuditEntry.subject))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(PAGE_SIZE + 1)
    )
    if chosen.action:
        query = query.where(AuditEntry.action == chosen.action)
    if chosen.actor_id is not None:
        query = query.where(AuditEntry.actor_id == chosen.actor_id)
    if chosen.since:
        query = query.where(AuditEntry.created_at >= _start_of(chosen.since))
    if chosen.until:
        query = query.where(AuditEntry.created_at < _start_of(chosen.until + timedelta(days=1)))
    if after:
        moment, last_id = cursors.decode_moment(after, LIST_NAME)
        query = query.where(
            or_(
                AuditEntry.created_at < moment,
                and_(AuditEntry.created_at == moment, AuditEntry.id < last_id),
            )
        )
    found = list(db.session.scalars(query))
    next_cursor = None
    if len(found) > PAGE_SIZE:
        found = found[:PAGE_SIZE]
        last = found[-1]
        next_cursor = cursors.encode(LIST_NAME, last.created_at, last.id)
    links = target_urls(found, viewer)
    return AuditPage(
        [Row(entry, links.get((entry.target_type, entry.target_id))) for entry in found],
        next_cursor,
    )


def target_urls(found: list[AuditEntry], viewer: Any) -> dict[tuple[str, int | None], str]:
    """Where each target is now, for those that still exist: one query per kind of target."""
    wanted: dict[str, set[int]] = {}
    for entry in found:
        if entry.target_id is not None and entry.target_type:
            wanted.setdefault(entry.target_type, set()).add(entry.target_id)
    links: dict[tuple[str, int | None], str] = {}
    for target_type, ids in wanted.items():
        for target_id, url in _urls(target_type, ids, viewer).items():
            links[(target_type, target_id)] = url
    return links


def _urls(target_type: str, ids: set[int], viewer: Any) -> dict[int, str]:
    if target_type == "profile":
        # Admins look at a member on the administration's page of them.
        existing = db.session.scalars(select(User.id).where(User.id.in_(ids)))
        return {user_id: url_for("admin.user", user_id=user_id) for user_id in existing}
    vocabulary = BY_TARGET_TYPE.get(target_type)
    if vocabulary is not None:
        model = vocabulary.model
        existing = db.session.scalars(select(model.id).where(model.id.in_(ids)))
        return {
            term_id: url_for("admin.term", kind=vocabulary.kind, term_id=term_id)
            for term_id in existing
        }
    content_type = registry.current().get(target_type)
    if content_type is None:
        return {}
    # As the admin may see them: hidden and held records too.
    described = content_type.describe(ids, viewer=viewer)
    return {record_id: item.url for record_id, item in described.items()}
