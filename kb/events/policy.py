"""Who may see, change and approve events and series.

Every list, feed, calendar file and search asks `visible()`, so a held event stays out
of all of them alike.
"""

from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import ColumnElement, bindparam, or_, select, true

from kb.events.models import Event, EventSeries, Review
from kb.extensions import db
from kb.policy import can_moderate, is_member, is_moderator, is_user


def owner_ids(event: Event | EventSeries) -> set[int]:
    return {event.creator_id} if event.creator_id is not None else set()


def can_edit(viewer: Any, event: Event | EventSeries) -> bool:
    """Organisers change, cancel and delete their own events; moderators every event."""
    return is_moderator(viewer) or is_user(viewer, event.creator_id)


def can_view(viewer: Any, event: Event | EventSeries) -> bool:
    """Held events (a member's first) only for their organiser and the moderators."""
    return event.review == Review.VISIBLE or can_edit(viewer, event)


def can_manage(viewer: Any) -> bool:
    """Approving held events is for moderators."""
    return can_moderate(viewer)


def _visible(model: type[Event] | type[EventSeries], viewer: Any) -> ColumnElement[bool]:
    if is_moderator(viewer):
        return true()
    if is_member(viewer):
        return or_(model.review == Review.VISIBLE, model.creator_id == viewer.id)
    return model.review == Review.VISIBLE


# Built once: making the statement cost more than running it.
OWN_HELD = (
    select(Event.id)
    .where(Event.creator_id == bindparam("viewer"), Event.review != Review.VISIBLE)
    .limit(1)
)


def audience(viewer: Any) -> tuple[str, int] | tuple[str]:
    """Who sees the same events as `viewer`, for keeping a rendered list of them
    (kb.templating.shared_html): moderators all; a member with a held event of their own
    only themselves; everyone else what anonymous readers see. Asked once per request."""
    if is_moderator(viewer):
        return ("all",)
    if not is_member(viewer):
        return ("public",)
    known: dict[int, bool] = g.setdefault("kb_events_own_held", {})
    if viewer.id not in known:
        known[viewer.id] = db.session.scalar(OWN_HELD, {"viewer": viewer.id}) is not None
    return ("own", viewer.id) if known[viewer.id] else ("public",)


def visible(viewer: Any) -> ColumnElement[bool]:
    """can_view() of events as an SQL condition."""
    return _visible(Event, viewer)


def visible_series(viewer: Any) -> ColumnElement[bool]:
    """can_view() of series as an SQL condition."""
    return _visible(EventSeries, viewer)
