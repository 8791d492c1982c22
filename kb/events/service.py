"""Events: local times, who may do what, saving, series, the list query and attendance.

Every view, feed and calendar file asks `visible_to()` which events it may show, so a held
event stays out of all of them alike.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import joinedload, selectinload

from kb import cursors
from kb.accounts.models import User
from kb.events.models import (
    DEFAULT_TIMEZONE,
    MAX_DURATION,
    Attendance,
    AttendanceMode,
    Event,
    EventDetails,
    EventSeries,
    EventStatus,
    Format,
    Frequency,
    Review,
)
from kb.extensions import db
from kb.markdown import render_markdown
from kb.slugs import free_slug
from kb.taxonomy.models import Topic
from kb.text import slugify
from kb.timeutil import utcnow

PAGE_SIZE = 20
FEED_LIMIT = 500
# How far ahead a series has real occurrences: 12 weeks, but at least 6 of them.
HORIZON = timedelta(weeks=12)
MIN_AHEAD = 6
# A monthly series 6 occurrences ahead reaches about half a year out.
MAX_HORIZON = timedelta(days=400)
# Addresses the app itself uses below /events/; an event must not take them as its slug.
RESERVED_SLUGS = {"new", "mine", "review", "feed", "series", "calendar"}


# --- local time ---------------------------------------------------------------------


class LocalTimeError(ValueError):
    """A wall-clock time that does not exist, or exists twice, in the chosen zone."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "gap" (spring forward) or "ambiguous" (fall back)


def known_timezone(name: str) -> bool:
    if name not in _zone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_ZONES: set[str] = set()


def _zone_names() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """The instant a naive wall-clock time in `zone` means; refuses gaps and overlaps."""
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Two readings: either the clock jumped over this time or passes it twice.
        back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        raise LocalTimeError("gap" if back != local else "ambiguous")
    return first.astimezone(UTC)


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight of `day` as UTC (the first existing instant of that day)."""
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    return midnight.astimezone(UTC).astimezone(zone).astimezone(UTC)


# --- who may do what ------------------------------------------------------------------


def _is_member(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def can_manage(user: Any, event: Event | EventSeries) -> bool:
    """Organisers change and cancel their own events; moderators every event."""
    if not _is_member(user):
        return False
    return bool(user.is_moderator or event.creator_id == user.id)


def can_view(user: Any, event: Event | EventSeries) -> bool:
    return event.review == Review.VISIBLE or can_manage(user, event)


def visible_to(user: Any) -> ColumnElement[bool]:
    """The SQL condition for events `user` may see in lists, feeds and search."""
    if _is_member(user) and user.is_moderator:
        return true()
    if _is_member(user):
        return or_(Event.review == Review.VISIBLE, Event.creator_id == user.id)
    return Event.review == Review.VISIBLE


def needs_review(author: User) -> bool:
    """A member's first event waits for a moderator; once one was approved, no longer."""
    if author.is_moderator:
        return False
    approved = exists().where(Event.creator_id == author.id, Event.review == Review.VISIBLE)
    return not db.session.scalar(select(approved))


# --- slugs ------------------------------------------------------------------------------


def unique_slug(model: type[Event] | type[EventSeries], base: str, own_id: int | None) -> str:
    base = slugify(base, max_length=90) or "veranstaltung"
    if base in RESERVED_SLUGS:
        base = f"{base}-veranstaltung"
    return free_slug(model.slug, base, model.id, own_id)


def occurrence_slug_base(title: str, day: date) -> str:
    return f"{slugify(title, max_length=78)}-{day.isoformat()}"


# --- saving -------------------------------------------------------------------------------


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


def _apply_details(target: EventDetails, data: EventInput) -> None:
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


def _apply_status(event: Event, data: EventInput) -> None:
    event.status = data.status
    event.status_reason = data.status_reason if data.status != EventStatus.SCHEDULED else ""


def _significant_state(event: Event) -> tuple[Any, ...]:
    return tuple(getattr(event, name) for name in SIGNIFICANT)


def create_event(author: User, data: EventInput, recurrence: Recurrence | None = None) -> Event:
    """Store a new event (or a series with its first occurrences); returns the first one."""
    review = Review.HELD if needs_review(author) else Review.VISIBLE
    if recurrence is not None:
        series = create_series(author, data, recurrence, review)
        return series.occurrences[0]
    event = Event(creator_id=author.id, review=review, sequence=0)
    event.creator = author
    _apply_details(event, data)
    event.starts_at, event.ends_at = data.starts_at, data.ends_at
    _apply_status(event, data)
    event.slug = unique_slug(Event, data.title, None)
    event.topics = list(data.topics)
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, data: EventInput) -> bool:
    """Save an edit of one event; returns whether its SEQUENCE was raised."""
    before = _significant_state(event)
    _apply_details(event, data)
    event.starts_at, event.ends_at = data.starts_at, data.ends_at
    _apply_status(event, data)
    event.topics = list(data.topics)
    if event.series_id is not None:
        # Edited on its own: later changes to the series leave it as it is now.
        event.detached = True
    return _touch(event, before)


def _touch(event: Event, before: tuple[Any, ...]) -> bool:
    event.updated_at = utcnow()
    if _significant_state(event) != before:
        event.sequence += 1
        return True
    return False


def cancel_event(event: Event, reason: str) -> None:
    before = _significant_state(event)
    event.status = EventStatus.CANCELLED
    event.status_reason = reason
    if event.series_id is not None:
        event.detached = True
    _touch(event, before)


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


# --- series -------------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, week: int) -> date | None:
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    if week == -1:
        return days[-1]
    return days[week - 1] if week <= len(days) else None


def week_of_month(day: date) -> int:
    """1–4 for the n-th such weekday of its month, -1 when it is the last one (5th)."""
    week = (day.day - 1) // 7 + 1
    return -1 if week >= 5 else week


def slot_dates(series: EventSeries, after: date, until: date) -> Iterator[date]:
    """The dates the rule gives after `after` (exclusive) up to `until` (inclusive)."""
    last = min(until, series.until) if series.until else until
    if series.frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY):
        step = 7 if series.frequency == Frequency.WEEKLY else 14
        day = series.first_date
        if after >= day:
            day += timedelta(days=((after - day).days // step + 1) * step)
        while day <= last:
            yield day
            day += timedelta(days=step)
        return
    year, month = series.first_date.year, series.first_date.month
    while True:
        day = _nth_weekday(year, month, series.weekday, series.week_of_month or 1)
        if day is not None and day > last:
            return
        if day is not None and day >= series.first_date and day > after:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if date(year, month, 1) > last:
            return


def _occurrence_times(series: EventSeries, day: date) -> tuple[datetime, datetime]:
    zone = series.zone
    if series.all_day:
        start = day_start(day, zone)
        # Whole days: a weekend across the spring clock change lasts 47 hours, not 1 day.
        days = max(round(series.duration_minutes / 1440), 1)
        return start, day_start(day + timedelta(days=days), zone)
    local = datetime.combine(day, series.local_start)
    try:
        start = to_utc(local, zone)
    except LocalTimeError:
        # The rule lands in a clock change (e.g. 02:30 on the last Sunday of March):
        # take the earlier reading, which is what calendar programs do.
        start = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    return start, start + timedelta(minutes=series.duration_minutes)


def _new_occurrence(series: EventSeries, day: date) -> Event:
    slug = unique_slug(Event, occurrence_slug_base(series.title, day), None)
    starts_at, ends_at = _occurrence_times(series, day)
    event = Event(
        slug=slug,
        slot_date=day,
        creator_id=series.creator_id,
        review=series.review,
        sequence=0,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    # Complete before it joins the session: loading the series' topics may autoflush.
    _copy_template(series, event)
    event.series = series
    db.session.add(event)
    db.session.flush()
    return event


def _copy_template(series: EventSeries, event: Event) -> None:
    for name in [*DETAIL_FIELDS, "timezone", "all_day", "description_html"]:
        setattr(event, name, getattr(series, name))
    event.topics = list(series.topics)


def create_series(
    author: User, data: EventInput, recurrence: Recurrence, review: Review
) -> EventSeries:
    zone = ZoneInfo(data.timezone)
    local_start = data.starts_at.astimezone(zone)
    first = local_start.date()
    series = EventSeries(
        creator_id=author.id,
        frequency=recurrence.frequency,
        weekday=first.weekday(),
        week_of_month=week_of_month(first) if recurrence.frequency == Frequency.MONTHLY else None,
        local_start=local_start.time().replace(tzinfo=None),
        duration_minutes=int((data.ends_at - data.starts_at).total_seconds() // 60),
        first_date=first,
        until=recurrence.until,
        materialised_until=first - timedelta(days=1),
        review=review,
    )
    series.creator = author
    _apply_details(series, data)
    series.topics = list(data.topics)
    series.slug = unique_slug(EventSeries, data.title, None)
    db.session.add(series)
    db.session.flush()
    materialise(series, today=min(first, utcnow().date()))
    return series


def materialise(series: EventSeries, today: date) -> int:
    """Make the occurrences up to the horizon that were never made; returns how many.

    The horizon is 12 weeks from `today`, but reaches far enough for 6 occurrences
    ahead. Only slots after `materialised_until` are considered, so a deleted or moved
    occurrence is never made again.
    """
    if series.ended_at is not None:
        return 0
    horizon = today + HORIZON
    ahead = (
        db.session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.series_id == series.id, Event.slot_date >= today)
        )
        or 0
    )
    made = 0
    for day in slot_dates(series, series.materialised_until, today + MAX_HORIZON):
        if day > horizon and ahead >= MIN_AHEAD:
            break
        _new_occurrence(series, day)
        series.materialised_until = day
        made += 1
        if day >= today:  # dates caught up after a pause are not "ahead"
            ahead += 1
    db.session.flush()
    return made


def extend_all_series(today: date | None = None) -> int:
    """Run by cron (`flask --app wsgi events extend`): keep every series filled ahead."""
    today = today or utcnow().date()
    total = 0
    for series in db.session.scalars(
        select(EventSeries).where(EventSeries.ended_at.is_(None)).order_by(EventSeries.id)
    ):
        total += materialise(series, today)
    return total


def update_series(series: EventSeries, data: EventInput, now: datetime | None = None) -> int:
    """Change the series and every future occurrence not edited on its own.

    Past occurrences keep what they were; returns how many occurrences changed.
    """
    now = now or utcnow()
    zone = ZoneInfo(data.timezone)
    local_start = data.starts_at.astimezone(zone)
    _apply_details(series, data)
    series.topics = list(data.topics)
    series.local_start = local_start.time().replace(tzinfo=None)
    series.duration_minutes = int((data.ends_at - data.starts_at).total_seconds() // 60)
    series.updated_at = now
    changed = 0
    for event in future_occurrences(series, now):
        if event.detached:
            continue
        before = _significant_state(event)
        _copy_template(series, event)
        day = event.slot_date or event.first_day
        event.starts_at, event.ends_at = _occurrence_times(series, day)
        _touch(event, before)
        changed += 1
    return changed


def end_series(series: EventSeries, reason: str, now: datetime | None = None) -> int:
    """Stop a series: cancel its future occurrences and make no new ones."""
    now = now or utcnow()
    series.ended_at = now
    cancelled = 0
    for event in future_occurrences(series, now):
        if not event.is_cancelled:
            cancel_event(event, reason)
            cancelled += 1
    return cancelled


def future_occurrences(series: EventSeries, now: datetime) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.series_id == series.id, Event.ends_at > now)
            .order_by(Event.starts_at, Event.id)
        )
    )


# --- the list -------------------------------------------------------------------------------


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


def filtered(query: EventQuery, viewer: Any, now: datetime | None = None) -> Select[tuple[Event]]:
    """Every event the list shows for these filters, in list order (no page limit)."""
    now = now or utcnow()
    statement = select(Event).where(visible_to(viewer))
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


def _list_options() -> list[Any]:
    return [selectinload(Event.topics), selectinload(Event.series), selectinload(Event.creator)]


def encode_cursor(event: Event) -> str:
    return cursors.encode(event.starts_at, event.id)


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    return cursors.decode_moment(cursor)


def list_events(
    query: EventQuery, viewer: Any, page_size: int = PAGE_SIZE, now: datetime | None = None
) -> EventPage:
    statement = filtered(query, viewer, now)
    position = decode_cursor(query.after) if query.after else None
    if position is not None:
        moment, event_id = position
        if query.past:
            statement = statement.where(
                or_(Event.starts_at < moment, and_(Event.starts_at == moment, Event.id < event_id))
            )
        else:
            statement = statement.where(
                or_(Event.starts_at > moment, and_(Event.starts_at == moment, Event.id > event_id))
            )
    events = list(db.session.scalars(statement.options(*_list_options()).limit(page_size + 1)))
    next_cursor = None
    if len(events) > page_size:
        events = events[:page_size]
        next_cursor = encode_cursor(events[-1])
    return EventPage(events, next_cursor)


def feed_events(query: EventQuery, viewer: Any, now: datetime | None = None) -> list[Event]:
    """The events of the subscribable feed: exactly the filtered list, up to FEED_LIMIT."""
    statement = filtered(EventQuery(**{**query.__dict__, "after": None}), viewer, now)
    return list(db.session.scalars(statement.options(*_list_options()).limit(FEED_LIMIT)))


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
        visible_to(viewer),
        Event.starts_at < until,
        Event.starts_at > since - MAX_DURATION,
        Event.ends_at > since,
    )
    # The month view shows every time, past and future; the list's other filters apply.
    scoped = EventQuery(**{**query.__dict__, "past": False, "start": None, "end": None})
    statement = _apply_facets(statement, scoped).order_by(Event.starts_at, Event.id)
    events = list(db.session.scalars(statement.options(*_list_options()).limit(MONTH_LIMIT + 1)))
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


def _apply_facets(statement: Select[tuple[Event]], query: EventQuery) -> Select[tuple[Event]]:
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


# --- attendance -----------------------------------------------------------------------------


def is_attending(event: Event, user: Any) -> bool:
    if not _is_member(user):
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
    base = select(Event).options(*_list_options())
    attending = base.where(Event.id.in_(attended), Event.ends_at > now)
    past = base.where(Event.id.in_(attended), Event.ends_at <= now)
    organising = base.where(Event.creator_id == user.id, Event.ends_at > now)
    return MyEvents(
        attending=list(db.session.scalars(attending.order_by(Event.starts_at).limit(limit))),
        organising=list(db.session.scalars(organising.order_by(Event.starts_at).limit(limit))),
        past_attended=list(db.session.scalars(past.order_by(Event.starts_at.desc()).limit(limit))),
    )


# --- a member's data (GDPR export and account deletion) -------------------------------------


def export_of(user: User) -> dict[str, Any]:
    organised = db.session.scalars(
        select(Event).where(Event.creator_id == user.id).order_by(Event.starts_at)
    )
    attending = db.session.execute(
        select(Event.slug, Event.title, Event.starts_at, Attendance.created_at)
        .join(Attendance, Attendance.event_id == Event.id)
        .where(Attendance.user_id == user.id)
        .order_by(Event.starts_at)
    )
    return {
        "organised": [
            {
                "slug": event.slug,
                "title": event.title,
                "starts_at": event.starts_at.isoformat(),
                "ends_at": event.ends_at.isoformat(),
                "timezone": event.timezone,
                "status": event.status.value,
                "created_at": event.created_at.isoformat(),
            }
            for event in organised
        ],
        "taking_part": [
            {
                "slug": row.slug,
                "title": row.title,
                "starts_at": row.starts_at.isoformat(),
                "since": row.created_at.isoformat(),
            }
            for row in attending
        ],
    }


def forget_attendances(user: User) -> None:
    """Before an account goes: take the member off every list of participants."""
    event_ids = list(
        db.session.scalars(select(Attendance.event_id).where(Attendance.user_id == user.id))
    )
    if not event_ids:
        return
    db.session.execute(delete(Attendance).where(Attendance.user_id == user.id))
    counts = (
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.event_id == Event.id)
        .scalar_subquery()
    )
    db.session.execute(update(Event).where(Event.id.in_(event_ids)).values(attendee_count=counts))
