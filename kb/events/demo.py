"""The demo events (kb/demo_data/events.yaml).

The demo events are invented (organisers marked "fiktiv", sign-up pages on
beispiel.example) and dated relative to the day they are loaded, so a fresh demo always
has past and upcoming events: each names its day by one of the DAY_RULES. Idempotent: an
event (or series) whose slug exists is left alone with everything attached to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select

from kb.events import attendance, editing, localtime, series, service
from kb.events.editing import EventInput, Recurrence
from kb.events.models import (
    DEFAULT_TIMEZONE,
    AttendanceMode,
    Event,
    EventSeries,
    EventStatus,
    Format,
    Frequency,
)
from kb.extensions import db
from kb.taxonomy import Topic
from kb.text import slugify
from kb.timeutil import utcnow
from kb.users import User

DATA = resources.files("kb") / "demo_data" / "events.yaml"
BERLIN = ZoneInfo(DEFAULT_TIMEZONE)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)


@dataclass
class DemoEvent:
    author: str  # display name of a demo user (kb/demo_data/accounts.yaml)
    event: EventInput
    topics: tuple[str, ...] = ()
    recurrence: Recurrence | None = None
    cancelled_because: str = ""
    postponed_because: str = ""
    # Demo users who attend the event (or the next occurrence of a series).
    attendees: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The slug create_event gives it, which is how a second run finds it."""
        return slugify(self.event.title, max_length=90)


# --- dates relative to the day the demo is loaded -----------------------------------------


def on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def after_holidays(day: date) -> date:
    """The same weekday a week later while `day` falls between Christmas and New Year."""
    while (day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 2):
        day += timedelta(weeks=1)
    return day


def upcoming(today: date, days: int, weekday: int) -> date:
    return after_holidays(on_or_after(today + timedelta(days=days), weekday))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    return on_or_after(date(year, month, 1), weekday) + timedelta(weeks=n - 1)


def months_before(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Berlin as the UTC instant it means on that day."""
    return localtime.to_utc(datetime.combine(day, time(hour, minute)), BERLIN)


def last_july(today: date) -> date:
    """The second Wednesday of the latest July that is fully over (summer time)."""
    year = today.year if today >= date(today.year, 8, 1) else today.year - 1
    return nth_weekday(year, 7, WEDNESDAY, 2)


def next_february(today: date) -> date:
    """The second Tuesday of the next February at least a week ahead (winter time)."""
    day = nth_weekday(today.year, 2, TUESDAY, 2)
    return day if day > today + timedelta(days=7) else nth_weekday(today.year + 1, 2, TUESDAY, 2)


def first_weekday(today: date, months_ago: int, weekday: int) -> date:
    return nth_weekday(*months_before(today, months_ago), weekday, 1)


def on_or_after_days(today: date, days: int, weekday: int) -> date:
    return on_or_after(today + timedelta(days=days), weekday)


# The `rule` of an event's `day` in the data file, called with today and its other keys.
DAY_RULES: dict[str, Callable[..., date]] = {
    "upcoming": upcoming,
    "on_or_after": on_or_after_days,
    "first_weekday": first_weekday,
    "last_july": last_july,
    "next_february": next_february,
}


def day_of(rule: dict[str, Any], today: date) -> date:
    arguments = {key: value for key, value in rule.items() if key != "rule"}
    if "weekday" in arguments:
        arguments["weekday"] = WEEKDAYS.index(arguments["weekday"])
    return DAY_RULES[rule["rule"]](today, **arguments)


# --- the data file --------------------------------------------------------------------------

# Keys of an event in the data file that are not fields of the event form.
SCHEDULE_KEYS = ("day", "starts", "ends", "ends_days_later", "days")
DEMO_KEYS = ("author", "topics", "recurrence", "cancelled_because", "postponed_because")


def read_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


def _clock(value: str) -> tuple[int, int]:
    hour, minute = value.split(":")
    return int(hour), int(minute)


def _demo_event(item: dict[str, Any], today: date) -> DemoEvent:
    day = day_of(item["day"], today)
    if item.get("all_day"):
        starts_at = localtime.day_start(day, BERLIN)
        ends_at = localtime.day_start(day + timedelta(days=item["days"]), BERLIN)
    else:
        starts_at = at(day, *_clock(item["starts"]))
        end_day = day + timedelta(days=item.get("ends_days_later", 0))
        ends_at = at(end_day, *_clock(item["ends"]))
    form = {
        key: value
        for key, value in item.items()
        if key not in (*SCHEDULE_KEYS, *DEMO_KEYS, "attendees")
    }
    if "format" in form:
        form["format"] = Format(form["format"])
    if "attendance_mode" in form:
        form["attendance_mode"] = AttendanceMode(form["attendance_mode"])
    recurrence = item.get("recurrence")
    return DemoEvent(
        author=item["author"],
        event=EventInput(starts_at=starts_at, ends_at=ends_at, **form),
        topics=tuple(item.get("topics", ())),
        recurrence=Recurrence(Frequency(recurrence)) if recurrence else None,
        cancelled_because=item.get("cancelled_because", ""),
        postponed_because=item.get("postponed_because", ""),
        attendees=tuple(item.get("attendees", ())),
    )


def demo_events(today: date, data: dict[str, Any] | None = None) -> list[DemoEvent]:
    data = data or read_data()
    return [_demo_event(item, today) for item in data["events"]]


def demo_event_count() -> int:
    return len(read_data()["events"])


# --- loading --------------------------------------------------------------------------------


def load() -> str:
    total = demo_event_count()
    created = load_events()
    return f"Demo events: {created} created, {total - created} already there."


def load_events(today: date | None = None) -> int:
    """Create the demo events that are missing; returns how many were created."""
    today = today or date.today()
    data = read_data()
    note = "\n\n" + data["note"]
    users = {
        user.display_name: user for user in db.session.scalars(select(User).where(User.is_demo))
    }
    topics = {topic.slug: topic for topic in db.session.scalars(select(Topic))}
    created = 0
    for spec in demo_events(today, data):
        author = users.get(spec.author)
        if author is None or _exists(spec):
            continue
        event_data = replace(
            spec.event,
            description=spec.event.description + note,
            topics=[topics[slug] for slug in spec.topics if slug in topics],
        )
        event = service.create_event(author, event_data, spec.recurrence)
        if spec.recurrence is not None and event.series is not None:
            # The series began months ago: fill it up to the horizon from today, too.
            series.materialise(event.series, today)
            event = _next_occurrence(event.series) or event
        if spec.cancelled_because:
            editing.cancel_event(event, spec.cancelled_because)
        if spec.postponed_because:
            service.update_event(
                event,
                replace(
                    event_data,
                    status=EventStatus.POSTPONED,
                    status_reason=spec.postponed_because,
                ),
            )
        for name in spec.attendees:
            if name in users:
                attendance.set_attendance(event, users[name], True)
        created += 1
    db.session.flush()
    return created


def _exists(spec: DemoEvent) -> bool:
    model = EventSeries if spec.recurrence is not None else Event
    return db.session.scalar(select(model.id).where(model.slug == spec.slug)) is not None


def _next_occurrence(event_series: EventSeries) -> Event | None:
    now = utcnow()
    return next((event for event in event_series.occurrences if event.ends_at > now), None)
