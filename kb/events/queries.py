"""Which events a list, the month view and the feeds show: filters, pages, months."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import defer, selectinload

from kb import cursors
from kb.events import policy
from kb.events.localtime import day_start
from kb.events.models import DEFAULT_TIMEZONE, MAX_DURATION, AttendanceMode, Event, Format
from kb.extensions import db
from kb.taxonomy import Topic
from kb.timeutil import utcnow

PAGE_SIZE = 20
FEED_LIMIT = 500


@dataclass
class EventQuery:
    """The list's filters; the list page, the month view and the .ics feed share them."""

    past: bool = False
    start: date | None = None
    end: date | None = None
    land: str | None = None
    format: Format | None = None
    mode: AttendanceMode | None = None
    topic: str | None = None
    free: bool = False
    after: str | None = None

    def params(self) -> dict[str, str]:
        """The query string for links and feeds (without the page cursor)."""
        values = {
            "when": "past" if self.past else None,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "land": self.land,
            "format": self.format.value if self.format else None,
            "mode": self.mode.value if self.mode else None,
            "topic": self.topic,
            "free": "1" if self.free else None,
        }
        return {key: value for key, value in values.items() if value}

    @property
    def is_filtered(self) -> bool:
        return bool(set(self.params()) - {"when"})


@dataclass
class EventPage:
    events: list[Event]
    next_cursor: str | None


def _site_zone() -> ZoneInfo:
    return ZoneInfo(DEFAULT_TIMEZONE)


def filtered(query: EventQuery, viewer: Any, now: datetime | None = None) -> Select[Event]:
    """Every event the list shows for these filters, in list order (no page limit)."""
    now = now or utcnow()
    statement = select(Event).where(policy.visible(viewer))
    if query.past:
        statement = statement.where(Event.ends_at <= now, Event.starts_at <= now)
    else:
        # Not over yet; events last at most MAX_DURATION, so this is an index range.
        statement = statement.where(Event.starts_at > now - MAX_DURATION, Event.ends_at > now)
    zone = _site_zone()
    if query.start:
        since = day_start(query.start, zone)
        statement = statement.where(Event.starts_at > since - MAX_DURATION, Event.ends_at > since)
    if query.end:
        until = day_start(query.end + timedelta(days=1), zone)
        statement = statement.where(Event.starts_at < until)
    statement = _apply_facets(statement, query)
    if query.past:
        return statement.order_by(Event.starts_at.desc(), Event.id.desc())
    return statement.order_by(Event.starts_at, Event.id)


def list_options() -> list[Any]:
    return [selectinload(Event.topics), selectinload(Event.series), selectinload(Event.creator)]


def _list_name(past: bool) -> str:
    # The past runs backwards: a cursor of the upcoming list would page it wrongly.
    return "events:past" if past else "events:upcoming"


def encode_cursor(event: Event, past: bool = False) -> str:
    return cursors.encode(_list_name(past), event.starts_at, event.id)


def decode_cursor(cursor: str, past: bool = False) -> tuple[datetime, int]:
    return cursors.decode_moment(cursor, _list_name(past))


def list_events(
    query: EventQuery, viewer: Any, page_size: int = PAGE_SIZE, now: datetime | None = None
) -> EventPage:
    statement = filtered(query, viewer, now)
    if query.after:
        moment, event_id = decode_cursor(query.after, query.past)
        if query.past:
            statement = statement.where(
                or_(Event.starts_at < moment, and_(Event.starts_at == moment, Event.id < event_id))
            )
        else:
            statement = statement.where(
                or_(Event.starts_at > moment, and_(Event.starts_at == moment, Event.id > event_id))
            )
    # The cards (list, start page) show the event's own columns only: no topics, series
    # or organiser to load, and not the long description.
    card = (defer(Event.description), defer(Event.description_html))
    events = list(db.session.scalars(statement.options(*card).limit(page_size + 1)))
    next_cursor = None
    if len(events) > page_size:
        events = events[:page_size]
        next_cursor = encode_cursor(events[-1], query.past)
    return EventPage(events, next_cursor)


def feed_events(query: EventQuery, viewer: Any, now: datetime | None = None) -> list[Event]:
    """The events of the subscribable feed: exactly the filtered list, up to FEED_LIMIT."""
    statement = filtered(EventQuery(**{**query.__dict__, "after": None}), viewer, now)
    return list(db.session.scalars(statement.options(*list_options()).limit(FEED_LIMIT)))


@dataclass
class Month:
    year: int
    month: int

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    @property
    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def weeks(self) -> list[list[date]]:
        return calendar.Calendar().monthdatescalendar(self.year, self.month)


MONTH_LIMIT = 300  # a month view shows at most this many events


def month_events(
    month: Month, query: EventQuery, viewer: Any
) -> tuple[dict[date, list[Event]], bool]:
    """The month's events by local day (an event appears on each day it runs)."""
    zone = _site_zone()
    weeks = month.weeks()
    first, last = weeks[0][0], weeks[-1][-1]
    since, until = day_start(first, zone), day_start(last + timedelta(days=1), zone)
    statement = select(Event).where(
        policy.visible(viewer),
        Event.starts_at < until,
        Event.starts_at > since - MAX_DURATION,
        Event.ends_at > since,
    )
    # The month view shows every time, past and future; the list's other filters apply.
    scoped = EventQuery(**{**query.__dict__, "past": False, "start": None, "end": None})
    statement = _apply_facets(statement, scoped).order_by(Event.starts_at, Event.id)
    events = list(db.session.scalars(statement.options(*list_options()).limit(MONTH_LIMIT + 1)))
    truncated = len(events) > MONTH_LIMIT
    days: dict[date, list[Event]] = {}
    for event in events[:MONTH_LIMIT]:
        day = max(event.starts_at.astimezone(zone).date(), first)
        end = min(_last_local_day(event, zone), last)
        while day <= end:
            days.setdefault(day, []).append(event)
            day += timedelta(days=1)
    return days, truncated


def _last_local_day(event: Event, zone: ZoneInfo) -> date:
    end = event.ends_at.astimezone(zone)
    start_day = event.starts_at.astimezone(zone).date()
    if end.time() == time(0) and end.date() > start_day:
        return end.date() - timedelta(days=1)
    return end.date()


def _apply_facets(statement: Select[Event], query: EventQuery) -> Select[Event]:
    if query.land:
        statement = statement.where(Event.land == query.land)
    if query.format:
        statement = statement.where(Event.format == query.format)
    if query.mode:
        statement = statement.where(Event.attendance_mode == query.mode)
    if query.topic:
        statement = statement.where(Event.topics.any(Topic.slug == query.topic))
    if query.free:
        statement = statement.where(Event.is_free.is_(True))
    return statement
