"""Saving events: creating (a member's first one waits for a moderator), editing,
cancelling, deleting, approving."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from kb.events import editing
from kb.events import series as series_service
from kb.events.attendance import tell_attendees
from kb.events.editing import (
    EventInput,
    Recurrence,
    apply_details,
    apply_status,
    significant_state,
    touch,
    unique_slug,
)
from kb.events.models import Event, Review
from kb.extensions import db
from kb.users import User


def needs_review(author: User) -> bool:
    """A member's first event waits for a moderator; once one was approved, no longer."""
    if author.is_moderator:
        return False
    approved = exists().where(Event.creator_id == author.id, Event.review == Review.VISIBLE)
    return not db.session.scalar(select(approved))


def create_event(author: User, data: EventInput, recurrence: Recurrence | None = None) -> Event:
    """Store a new event (or a series with its first occurrences); returns the first one."""
    review = Review.HELD if needs_review(author) else Review.VISIBLE
    if recurrence is not None:
        series = series_service.create_series(author, data, recurrence, review)
        return series.occurrences[0]
    event = Event(creator_id=author.id, review=review, sequence=0)
    event.creator = author
    apply_details(event, data)
    event.starts_at, event.ends_at = data.starts_at, data.ends_at
    apply_status(event, data)
    event.slug = unique_slug(Event, data.title, None)
    event.topics = list(data.topics)
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, data: EventInput, actor: User | None = None) -> bool:
    """Save an edit of one event; returns whether its SEQUENCE was raised.

    When a member (`actor`) moved it, changed its place or status, its attendees are
    told (not the actor); a change nobody made in the app (the demo) tells nobody.
    """
    before = significant_state(event)
    apply_details(event, data)
    event.starts_at, event.ends_at = data.starts_at, data.ends_at
    apply_status(event, data)
    event.topics = list(data.topics)
    if event.series_id is not None:
        # Edited on its own: later changes to the series leave it as it is now.
        event.detached = True
    moved = touch(event, before)
    if moved and actor is not None:
        tell_attendees([event], actor.id)
    return moved


def cancel_event(event: Event, reason: str, actor: User) -> None:
    """The organiser cancels the event; its attendees are told."""
    editing.cancel_event(event, reason)
    tell_attendees([event], actor.id)


def delete_event(event: Event) -> None:
    db.session.delete(event)


def approve(event: Event) -> None:
    """A moderator lets a held event (and the rest of its series) appear."""
    event.review = Review.VISIBLE
    if event.series is not None:
        event.series.review = Review.VISIBLE
        for occurrence in event.series.occurrences:
            occurrence.review = Review.VISIBLE


def held_events(limit: int = 100) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.review == Review.HELD)
            .options(joinedload(Event.creator))
            .order_by(Event.created_at, Event.id)
            .limit(limit)
        )
    )
