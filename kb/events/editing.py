"""What changing an event or a series means: the input, slugs, and when calendars must
hear of a change (SEQUENCE)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from kb.events.models import (
    DEFAULT_TIMEZONE,
    AttendanceMode,
    Event,
    EventDetails,
    EventSeries,
    EventStatus,
    Format,
    Frequency,
)
from kb.markdown import render_markdown
from kb.slugs import free_slug, reserved
from kb.taxonomy import Topic
from kb.text import slugify
from kb.timeutil import utcnow

# Words an event never takes as its slug, besides those of the routes below /events/
# (kb.slugs.reserved).
RESERVED_SLUGS = {"new", "mine", "review", "feed", "series", "calendar"}


def unique_slug(model: type[Event] | type[EventSeries], base: str, own_id: int | None) -> str:
    base = slugify(base, max_length=90) or "veranstaltung"
    if base in RESERVED_SLUGS or base in reserved("/events/"):
        base = f"{base}-veranstaltung"
    return free_slug(model.slug, base, model.id, own_id)


def occurrence_slug_base(title: str, day: date) -> str:
    return f"{slugify(title, max_length=78)}-{day.isoformat()}"


@dataclass
class EventInput:
    """A validated event as the form gives it; times are UTC instants."""

    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str = DEFAULT_TIMEZONE
    all_day: bool = False
    description: str = ""
    format: Format = Format.MEETUP
    attendance_mode: AttendanceMode = AttendanceMode.IN_PERSON
    venue_name: str = ""
    venue_street: str = ""
    venue_postal_code: str = ""
    venue_city: str = ""
    land: str = ""
    online_url: str = ""
    registration_url: str = ""
    is_free: bool = True
    price: str = ""
    language: str = "de"
    organiser_name: str = ""
    step_free: bool | None = None
    sign_language: bool = False
    live_captions: bool = False
    recording_policy: str = ""
    topics: list[Topic] = field(default_factory=list)
    status: EventStatus = EventStatus.SCHEDULED
    status_reason: str = ""


@dataclass
class Recurrence:
    frequency: Frequency
    until: date | None = None


# Details shared by events and series (the EventDetails columns the form fills in).
DETAIL_FIELDS = [
    name
    for name in (f.name for f in fields(EventInput))
    if hasattr(EventDetails, name) and name not in ("timezone", "all_day")
]
# A change to any of these moves the event in subscribers' calendars.
SIGNIFICANT = (
    "starts_at",
    "ends_at",
    "timezone",
    "all_day",
    "status",
    "attendance_mode",
    "venue_name",
    "venue_street",
    "venue_postal_code",
    "venue_city",
    "online_url",
)


def apply_details(target: EventDetails, data: EventInput) -> None:
    for name in DETAIL_FIELDS:
        setattr(target, name, getattr(data, name))
    target.timezone = data.timezone
    target.all_day = data.all_day
    target.description_html = render_markdown(data.description)
    if not target.is_online:
        target.online_url = ""
    if not target.has_venue:
        target.venue_name = target.venue_street = target.venue_postal_code = ""
        target.venue_city = target.land = ""
    if target.is_free:
        target.price = ""


def apply_status(event: Event, data: EventInput) -> None:
    event.status = data.status
    event.status_reason = data.status_reason if data.status != EventStatus.SCHEDULED else ""


def significant_state(event: Event) -> tuple[Any, ...]:
    return tuple(getattr(event, name) for name in SIGNIFICANT)


def touch(event: Event, before: tuple[Any, ...]) -> bool:
    event.updated_at = utcnow()
    previous_start = before[SIGNIFICANT.index("starts_at")]
    if event.starts_at != previous_start:
        event.previous_starts_at = previous_start
    if significant_state(event) != before:
        event.sequence += 1
        return True
    return False


def cancel_event(event: Event, reason: str) -> None:
    before = significant_state(event)
    event.status = EventStatus.CANCELLED
    event.status_reason = reason
    if event.series_id is not None:
        event.detached = True
    touch(event, before)
