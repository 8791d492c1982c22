"""How an event's time reads: in the event's own zone, in the reader's language."""

from __future__ import annotations

from flask import Flask

from kb.datetimes import clock, day_month, moment_span, start_moment
from kb.events.models import DEFAULT_TIMEZONE, Event
from kb.i18n import machine_time


def event_when(event: Event) -> str:
    """E.g. „Donnerstag, 2. Juli 2026, 19:00–21:00 Uhr“ (plus the zone when not Berlin)."""
    text = moment_span(event.starts_at, event.ends_at, event.zone, all_day=event.all_day)
    if event.timezone != DEFAULT_TIMEZONE and not event.all_day:
        text += f" ({event.timezone}, {event.local_start.tzname()})"
    return text


def event_previous_start(event: Event) -> str:
    """When a moved event was to start before, as `event_when` would have said it."""
    if event.previous_starts_at is None:
        return ""
    return start_moment(event.previous_starts_at, event.zone, all_day=event.all_day)


def event_datetime(event: Event) -> str:
    """The `<time datetime>` value: the first day of an all-day event, else the instant.

    An all-day event has no instant: its UTC midnight would name the day before.
    """
    if event.all_day:
        return event.first_day.isoformat()
    return machine_time(event.starts_at)


def event_day(event: Event) -> str:
    """The short date for lists and calendar cells, e.g. „2. Juli“."""
    return day_month(event.first_day)


def event_start_time(event: Event) -> str:
    """„19:00 Uhr“ in the event's zone; nothing for an all-day event."""
    if event.all_day:
        return ""
    return clock(event.starts_at, zone=event.zone)


def init_app(app: Flask) -> None:
    app.add_template_filter(event_when, "event_when")
    app.add_template_filter(event_start_time, "event_start_time")
    app.add_template_filter(event_datetime, "event_datetime")
    app.add_template_filter(event_previous_start, "event_previous_start")
