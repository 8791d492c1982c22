"""Recurring events: a series makes real occurrences a limited way ahead, never twice."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from kb import screening
from kb.events.attendance import tell_attendees
from kb.events.editing import (
    DETAIL_FIELDS,
    EventInput,
    Recurrence,
    apply_details,
    cancel_event,
    occurrence_slug_base,
    significant_state,
    touch,
    unique_slug,
)
from kb.events.localtime import LocalTimeError, day_start, to_utc
from kb.events.models import Event, EventSeries, Frequency, Review
from kb.extensions import db
from kb.timeutil import utcnow
from kb.users import User

# How far ahead a series has real occurrences: 12 weeks, but at least 6 of them.
HORIZON = timedelta(weeks=12)
MIN_AHEAD = 6
# A monthly series 6 occurrences ahead reaches about half a year out.
MAX_HORIZON = timedelta(days=400)


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
        slot = _nth_weekday(year, month, series.weekday, series.week_of_month or 1)
        if slot is not None and slot > last:
            return
        if slot is not None and slot >= series.first_date and slot > after:
            yield slot
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


def create_series(author: User, data: EventInput, recurrence: Recurrence) -> EventSeries:
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
        review=Review.VISIBLE,
    )
    series.creator = author
    apply_details(series, data)
    series.topics = list(data.topics)
    series.slug = unique_slug(EventSeries, data.title, None)
    db.session.add(series)
    db.session.flush()
    # From its first date on, whether that is past (caught up to today by the next
    # `events extend`) or years ahead (nothing would be in reach of today's horizon).
    materialise(series, today=first)
    return series


def hold(series: EventSeries) -> None:
    """The series waits for review, and every occurrence with it (those made later copy
    the series' standing)."""
    series.review = Review.HELD
    for event in series.occurrences:
        if event.review == Review.VISIBLE:
            event.review = Review.HELD


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


def update_series(
    series: EventSeries,
    data: EventInput,
    now: datetime | None = None,
    editor: User | None = None,
) -> int:
    """Change the series and every future occurrence not edited on its own.

    Past occurrences keep what they were; returns how many occurrences changed. With the
    `editor` (a member changing it in the app), the changed texts are screened again
    (watched words: a series that must wait for review waits as a whole), and the
    attendees of occurrences that moved are told.
    """
    now = now or utcnow()
    zone = ZoneInfo(data.timezone)
    local_start = data.starts_at.astimezone(zone)
    apply_details(series, data)
    series.topics = list(data.topics)
    series.local_start = local_start.time().replace(tzinfo=None)
    series.duration_minutes = int((data.ends_at - data.starts_at).total_seconds() // 60)
    series.updated_at = now
    changed = 0
    moved = []
    for event in future_occurrences(series, now):
        if event.detached:
            continue
        before = significant_state(event)
        _copy_template(series, event)
        day = event.slot_date or event.first_day
        event.starts_at, event.ends_at = _occurrence_times(series, day)
        if touch(event, before):
            moved.append(event)
        changed += 1
        if editor is not None and changed == 1:
            texts = [series.title, series.description]
            if screening.admit("event", event, editor, texts, new=False).held:
                hold(series)
    if editor is not None:
        tell_attendees(moved, editor.id)
    return changed


def end_series(
    series: EventSeries, reason: str, now: datetime | None = None, actor: User | None = None
) -> int:
    """Stop a series: cancel its future occurrences and make no new ones; their attendees
    are told when a member (`actor`) ended it."""
    now = now or utcnow()
    series.ended_at = now
    cancelled = []
    for event in future_occurrences(series, now):
        if not event.is_cancelled:
            cancel_event(event, reason)
            cancelled.append(event)
    if actor is not None:
        tell_attendees(cancelled, actor.id)
    return len(cancelled)


def future_occurrences(series: EventSeries, now: datetime) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.series_id == series.id, Event.ends_at > now)
            .order_by(Event.starts_at, Event.id)
        )
    )
