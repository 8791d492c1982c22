"""How an event's time reads: in the event's own zone, in the reader's language."""

from __future__ import annotations

from babel import dates
from flask import Flask

from kb.events.models import DEFAULT_TIMEZONE, Event
from kb.i18n import date_and_time, machine_time, request_locale


def event_when(event: Event) -> str:
    """E.g. "Donnerstag, 2. Juli 2026, 19:00–21:00" (plus the zone when not Berlin)."""
    locale = request_locale()[0]
    start, end = event.local_start, event.local_end
    if event.all_day:
        if event.is_multi_day:
            text = dates.format_interval(
                event.first_day, event.last_day, "yMMMMEEEEd", locale=locale
            )
        else:
            text = dates.format_date(event.first_day, "full", locale=locale)
        return text
    if start.date() == end.date() or not event.is_multi_day:
        text = "{}, {}–{}".format(
            dates.format_date(start.date(), "full", locale=locale),
            dates.format_time(start, "short", tzinfo=event.zone, locale=locale),
            dates.format_time(end, "short", tzinfo=event.zone, locale=locale),
        )
    else:
        first, last = (date_and_time(moment, event.zone, locale) for moment in (start, end))
        text = f"{first} – {last}"
    if event.timezone != DEFAULT_TIMEZONE:
        text += f" ({event.timezone}, {start.tzname()})"
    return text


def event_previous_start(event: Event) -> str:
    """When a moved event was to start before, as `event_when` would have said it."""
    if event.previous_starts_at is None:
        return ""
    locale = request_locale()[0]
    previous = event.previous_starts_at.astimezone(event.zone)
    if event.all_day:
        return dates.format_date(previous.date(), "full", locale=locale)
    return date_and_time(previous, event.zone, locale)


def event_datetime(event: Event) -> str:
    """The `<time datetime>` value: the first day of an all-day event, else the instant.

    An all-day event has no instant: its UTC midnight would name the day before.
    """
    if event.all_day:
        return event.first_day.isoformat()
    return machine_time(event.starts_at)


def event_day(event: Event) -> str:
    """The short date for lists and calendar cells, e.g. "2. Juli"."""
    return dates.format_date(event.first_day, "d. MMM", locale=request_locale()[0])


def event_start_time(event: Event) -> str:
    if event.all_day:
        return ""
    return dates.format_time(
        event.local_start, "short", tzinfo=event.zone, locale=request_locale()[0]
    )


def init_app(app: Flask) -> None:
    app.add_template_filter(event_when, "event_when")
    app.add_template_filter(event_start_time, "event_start_time")
    app.add_template_filter(event_datetime, "event_datetime")
    app.add_template_filter(event_previous_start, "event_previous_start")
