"""Saving events: creating (a member's first one waits for a moderator), editing,
cancelling, deleting, approving."""

from __future__ import annotations

from sqlalchemy import exists, select

from kb.events import series as series_service
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


def update_event(event: Event, data: EventInput) -> bool:
    """Save an edit of one event; returns whether its SEQUENCE was raised."""
    before = significant_state(event)
    apply_details(event, data)
    event.starts_at, event.ends_at = data.starts_at, data.ends_at
    apply_status(event, data)
    event.topics = list(data.topics)
    if event.series_id is not None:
        # Edited on its own: later changes to the series leave it as it is now.
        event.detached = True
    return touch(event, before)


def delete_event(event: Event) -> None:
    db.session.delete(event)


def approve(event: Event) -> None:
    """A moderator lets a held event (and the rest of its series) appear."""
    event.review = Review.VISIBLE
    series_follows(event)


def series_follows(event: Event) -> None:
    """After moderation set an event's standing (`ContentType.after_standing`): a series
    still held follows its first event, approved or rejected, with its held dates."""
    series = event.series
    if series is None or series.review != Review.HELD:
        return
    series.review = event.review
    for occurrence in series.occurrences:
        if occurrence.review == Review.HELD:
            occurrence.review = event.review
