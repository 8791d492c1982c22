"""„Ich nehme teil“: taking part in events, and a member's own events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from kb.events import policy
from kb.events.models import Attendance, Event
from kb.events.queries import list_options
from kb.extensions import db
from kb.policy import is_member
from kb.timeutil import utcnow
from kb.users import User


def is_attending(event: Event, user: Any) -> bool:
    if not is_member(user):
        return False
    return db.session.get(Attendance, (event.id, user.id)) is not None


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
