"""Saving events: creating (a new member's first one waits for a moderator), editing,
cancelling, deleting, approving."""

from __future__ import annotations

from kb import registry, screening
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
from kb.timeutil import utcnow
from kb.users import User


def screen(event: Event, author: User, new: bool) -> screening.Admission:
    """Hold the event for review if it must wait (kb.screening): a new member's first
    post, a watched word in its texts."""
    return screening.admit(
        "event",
        event,
        author,
        [event.title, event.description, event.status_reason or ""],
        new=new,
    )


def create_event(author: User, data: EventInput, recurrence: Recurrence | None = None) -> Event:
    """Store a new event (or a series with its first occurrences); returns the first one.

    A new member's first event, and one with a watched word to hold, waits for review;
    a series waits as a whole, its occurrences with it.
    """
    if recurrence is not None:
        series = series_service.create_series(author, data, recurrence)
        first = series.occurrences[0]
        if screen(first, author, new=True).held:
            series_service.hold(series)
        return first
    event = Event(creator_id=author.id, review=Review.VISIBLE, sequence=0)
    event.creator = author
    apply_details(event, data)
    event.starts_at, event.ends_at = data.starts_at, data.ends_at
    apply_status(event, data)
    event.slug = unique_slug(Event, data.title, None)
    event.topics = list(data.topics)
    db.session.add(event)
    db.session.flush()
    screen(event, author, new=True)
    return event


def update_event(event: Event, data: EventInput, editor: User | None = None) -> bool:
    """Save an edit of one event; returns whether its SEQUENCE was raised.

    With the `editor` (a member changing it in the app), the changed texts are screened
    again (watched words), and when it moved, or its place or status changed, its
    attendees are told (not the editor); a change nobody made in the app (the demo)
    tells nobody.
    """
    before = significant_state(event)
    apply_details(event, data)
    event.starts_at, event.ends_at = data.starts_at, data.ends_at
    apply_status(event, data)
    event.topics = list(data.topics)
    if event.series_id is not None:
        # Edited on its own: later changes to the series leave it as it is now.
        event.detached = True
    if editor is not None:
        screen(event, editor, new=False)
    moved = touch(event, before)
    if moved and editor is not None:
        tell_attendees([event], editor.id)
    return moved


def cancel_event(event: Event, reason: str, actor: User) -> None:
    """The organiser cancels the event; its attendees are told."""
    editing.cancel_event(event, reason)
    tell_attendees([event], actor.id)


def delete_event(event: Event, actor: User) -> None:
    """The organiser (or a moderator) deletes an event: its attendees are told, and the
    registry's deletion hooks take what other features keep of it (comments, likes,
    bookmarks, reports) with it."""
    tell_attendees([event], actor.id, deleted=True)
    registry.current().types["event"].delete(event)


def approve(event: Event) -> None:
    """A moderator lets a held event (and the rest of its series) appear; its organiser
    is an established member from now on (kb.screening: their posts appear at once)."""
    event.review = Review.VISIBLE
    if event.creator is not None and event.creator.trusted_at is None:
        event.creator.trusted_at = utcnow()
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
