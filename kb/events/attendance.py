"""„Ich nehme teil“: taking part in events, and a member's own events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import bindparam, exists, func, select

from kb.events import policy
from kb.events.models import Attendance, Event, Review
from kb.events.queries import list_options
from kb.extensions import db
from kb.notify import notify
from kb.policy import is_member
from kb.timeutil import utcnow
from kb.users import User

# Built once: an event's page asks it for every member who reads it.
ATTENDING = select(
    exists().where(
        Attendance.event_id == bindparam("event_id"), Attendance.user_id == bindparam("user_id")
    )
)


def is_attending(event: Event, user: Any) -> bool:
    if not is_member(user):
        return False
    return bool(db.session.scalar(ATTENDING, {"event_id": event.id, "user_id": user.id}))


def set_attendance(event: Event, user: User, wanted: bool | None) -> bool:
    """Attend (True), stop attending (False) or toggle (None); returns the new state.

    Nobody newly signs up for a cancelled or past event; leaving is always possible.
    """
    db.session.refresh(event, with_for_update=True)
    current = db.session.get(Attendance, (event.id, user.id))
    if wanted is None:
        wanted = current is None
    if wanted and current is None:
        if event.is_cancelled or event.is_past():
            return False
        db.session.add(Attendance(event_id=event.id, user_id=user.id))
    elif not wanted and current is not None:
        db.session.delete(current)
    db.session.flush()
    event.attendee_count = (
        db.session.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.event_id == event.id)
        )
        or 0
    )
    return wanted


# The notification attendees get when the time, the place or the status of an event
# they attend changes (kb.events.editing.SIGNIFICANT), a cancellation included.
CHANGED = "event.changed"


def tell_attendees(events: Iterable[Event], actor_id: int | None, deleted: bool = False) -> int:
    """Notify the attendees of these (changed, or about to be deleted) events, in one
    query, except the member who made the change; past and held events tell nobody.
    Returns how many were told."""
    now = utcnow()
    by_id = {
        event.id: event
        for event in events
        if event.id is not None and event.review == Review.VISIBLE and not event.is_past(now)
    }
    if not by_id:
        return 0
    attendees: dict[int, list[int]] = defaultdict(list)
    for event_id, user_id in db.session.execute(
        select(Attendance.event_id, Attendance.user_id)
        .where(Attendance.event_id.in_(sorted(by_id)))
        .order_by(Attendance.event_id, Attendance.user_id)
    ):
        attendees[event_id].append(user_id)
    told = 0
    for event_id, user_ids in attendees.items():
        event = by_id[event_id]
        told += notify(
            user_ids,
            CHANGED,
            url=url_for("events.index") if deleted else url_for("events.show", slug=event.slug),
            actor_id=actor_id,
            data={"title": event.title, "cancelled": event.is_cancelled, "deleted": deleted},
        )
    return told


@dataclass
class MyEvents:
    attending: list[Event]
    organising: list[Event]
    past_attended: list[Event]


def my_events(user: User, now: datetime | None = None, limit: int = 100) -> MyEvents:
    now = now or utcnow()
    attended = select(Attendance.event_id).where(Attendance.user_id == user.id)
    base = select(Event).options(*list_options())
    # Events moderation hid or holds leave the attendees' lists too.
    shown = policy.visible(user)
    attending = base.where(Event.id.in_(attended), Event.ends_at > now, shown)
    past = base.where(Event.id.in_(attended), Event.ends_at <= now, shown)
    organising = base.where(Event.creator_id == user.id, Event.ends_at > now)
    return MyEvents(
        attending=list(db.session.scalars(attending.order_by(Event.starts_at).limit(limit))),
        organising=list(db.session.scalars(organising.order_by(Event.starts_at).limit(limit))),
        past_attended=list(db.session.scalars(past.order_by(Event.starts_at.desc()).limit(limit))),
    )
