"""Events (Veranstaltungen), recurring series and attendance.

Times are stored as UTC instants plus the IANA zone the organiser gave; local times are
always computed from the instant and the zone (never from today's offset). An all-day
event runs from local midnight of its first day to local midnight after its last day.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import Model, db
from kb.regions import land_name
from kb.standing import Standing
from kb.taxonomy import Topic
from kb.timeutil import UTCDateTime, utcnow
from kb.users import User

DEFAULT_TIMEZONE = "Europe/Berlin"
# Longer things are not events; the bound keeps "upcoming" an index range.
MAX_DURATION = timedelta(days=31)


def _enum(cls: type[enum.Enum], length: int = 16) -> Enum:
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class Format(enum.StrEnum):
    MEETUP = "meetup"
    CONFERENCE = "conference"
    BARCAMP = "barcamp"
    WEBINAR = "webinar"
    WORKSHOP = "workshop"
    OTHER = "other"


class EventStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class AttendanceMode(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class Frequency(enum.StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"  # on the n-th (or last) weekday of the month


# An event's standing in moderation: a member's first event is held for a moderator;
# a moderator may hide one. The column keeps its older name, `review`.
Review = Standing


event_topics = Table(
    "event_topics",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)

series_topics = Table(
    "event_series_topics",
    db.metadata,
    Column("series_id", ForeignKey("event_series.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class EventDetails:
    """What an event says about itself; a series keeps the same as its template."""

    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    # Rendered and sanitised once on save, never on view.
    description_html: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[Format] = mapped_column(_enum(Format), default=Format.MEETUP)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    attendance_mode: Mapped[AttendanceMode] = mapped_column(
        _enum(AttendanceMode), default=AttendanceMode.IN_PERSON
    )
    venue_name: Mapped[str] = mapped_column(String(160), default="")
    venue_street: Mapped[str] = mapped_column(String(160), default="")
    venue_postal_code: Mapped[str] = mapped_column(String(10), default="")
    venue_city: Mapped[str] = mapped_column(String(100), default="")
    # ISO 3166-2:DE code without "DE-" (kb.regions); empty for online-only events.
    land: Mapped[str] = mapped_column(String(2), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    registration_url: Mapped[str] = mapped_column(String(500), default="")
    is_free: Mapped[bool] = mapped_column(Boolean, default=True)
    price: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(8), default="de")
    organiser_name: Mapped[str] = mapped_column(String(160), default="")
    # None: not known. Organisers are asked; readers with needs plan with these.
    step_free: Mapped[bool | None] = mapped_column(Boolean)
    sign_language: Mapped[bool] = mapped_column(Boolean, default=False)
    live_captions: Mapped[bool] = mapped_column(Boolean, default=False)
    recording_policy: Mapped[str] = mapped_column(String(300), default="")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def land_name(self) -> str:
        return land_name(self.land)

    @property
    def is_online(self) -> bool:
        return self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.HYBRID)

    @property
    def has_venue(self) -> bool:
        return self.attendance_mode in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID)


class EventSeries(EventDetails, Model):
    """A recurring event; its occurrences are real Event rows, made a limited way ahead."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    creator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency))
    # Monday = 0 … Sunday = 6, and for monthly series the week: 1–4, or -1 for the last.
    weekday: Mapped[int] = mapped_column(SmallInteger)
    week_of_month: Mapped[int | None] = mapped_column(SmallInteger)
    local_start: Mapped[time] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    first_date: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    # The last date occurrences have been made up to. Slots are only ever made once, so
    # an occurrence that was deleted or moved is never recreated.
    materialised_until: Mapped[date] = mapped_column(Date)
    review: Mapped[Review] = mapped_column(_enum(Review), default=Review.VISIBLE)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    creator: Mapped[User | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=series_topics, order_by=Topic.position)
    occurrences: Mapped[list[Event]] = relationship(
        back_populates="series", order_by="Event.starts_at", passive_deletes=True
    )


class Event(EventDetails, Model):
    __tablename__ = "events"
    __table_args__ = (
        # The list, the archive, the month view and the feeds all walk events by start,
        # ending in id for keyset pagination. Events last at most MAX_DURATION, so
        # "not over yet" is a bounded range of this index too.
        Index("ix_events_starts", "starts_at", "id"),
        # When an event last ended: the feeds change then (kb.events.feed.last_ended).
        Index("ix_events_ends", "ends_at"),
        Index("ix_events_series_slot", "series_id", "slot_date", unique=True),
        Index("ix_events_review", "review"),  # the moderation queue
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    # The iCalendar UID: made once, never changed, so calendars recognise the event.
    uid: Mapped[str] = mapped_column(String(80), unique=True, default=lambda: new_uid())
    # Raised when time, place or status change, so subscribed calendars take the update.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The start before the last move, so the event reads as rescheduled (schema.org).
    previous_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[EventStatus] = mapped_column(_enum(EventStatus), default=EventStatus.SCHEDULED)
    status_reason: Mapped[str] = mapped_column(String(300), default="")
    review: Mapped[Review] = mapped_column(_enum(Review), default=Review.VISIBLE)
    creator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    series_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id", ondelete="CASCADE"))
    # The date the series rule gave this occurrence (kept when it is moved).
    slot_date: Mapped[date | None] = mapped_column(Date)
    # Edited on its own: changes to the series no longer overwrite it.
    detached: Mapped[bool] = mapped_column(Boolean, default=False)
    attendee_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    creator: Mapped[User | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=event_topics, order_by=Topic.position)
    series: Mapped[EventSeries | None] = relationship(back_populates="occurrences")

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_held(self) -> bool:
        return self.review == Review.HELD

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def first_day(self) -> date:
        return self.local_start.date()

    @property
    def last_day(self) -> date:
        """The last day the event runs on (all-day events end at the next midnight)."""
        end = self.local_end
        if self.all_day or (end.time() == time(0) and end.date() > self.first_day):
            return end.date() - timedelta(days=1)
        return end.date()

    @property
    def is_multi_day(self) -> bool:
        return self.last_day > self.first_day

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or utcnow())


class Attendance(Model):
    """ "Ich nehme teil": one row per member and event."""

    __tablename__ = "event_attendances"
    __table_args__ = (Index("ix_event_attendances_user", "user_id", "event_id"),)

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def new_uid() -> str:
    return f"{uuid.uuid4()}@amtsnetz"
