"""The demo events (`flask --app wsgi demo`) and the synthetic ones (`--events N`)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select

from kb.events.models import (
    Attendance,
    AttendanceMode,
    Event,
    EventSeries,
    EventStatus,
    Format,
    Review,
)
from kb.extensions import db
from kb.timeutil import utcnow


def run_demo(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, f"{result.output} {result.exception!r}"
    return result.output


def counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(  # type: ignore[return-value]
            db.session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Event, EventSeries, Attendance)
        )


def test_demo_events_cover_what_the_directory_shows(app: Flask) -> None:
    output = run_demo(app)
    assert "Demo events: 14 created, 0 already there." in output
    now = utcnow()
    with app.app_context():
        events = list(db.session.scalars(select(Event)))
        assert len(events) >= 12
        assert any(event.ends_at <= now for event in events)
        assert sum(event.starts_at > now for event in events) >= 8
        assert len({event.land for event in events if event.land}) >= 4
        assert {Format.CONFERENCE, Format.BARCAMP, Format.WEBINAR, Format.MEETUP} <= {
            event.format for event in events
        }
        assert {AttendanceMode.ONLINE, AttendanceMode.HYBRID} <= {
            event.attendance_mode for event in events
        }
        by_format = {event.format: event for event in events if event.series_id is None}
        assert by_format[Format.CONFERENCE].is_multi_day
        assert by_format[Format.BARCAMP].all_day

        (cancelled,) = [event for event in events if event.status == EventStatus.CANCELLED]
        assert cancelled.status_reason and cancelled.sequence == 1
        (postponed,) = [event for event in events if event.status == EventStatus.POSTPONED]
        assert postponed.status_reason and postponed.sequence == 1
        (held,) = [event for event in events if event.review == Review.HELD]
        assert held.creator is not None and not held.creator.is_moderator
        assert "Moderationswarteschlange" in held.description

        (series,) = db.session.scalars(select(EventSeries))
        occurrences = series.occurrences
        assert len(occurrences) >= 6
        # Six ahead, counted as the series counts them: by day, today's included (on the
        # evening of a meeting, it has begun but is still one of the six).
        assert sum(event.slot_date >= date.today() for event in occurrences) >= 6
        assert sum(event.starts_at > now for event in occurrences) >= 5
        assert any(event.ends_at <= now for event in occurrences)
        assert {event.local_start.strftime("%H:%M") for event in occurrences} == {"18:30"}
        assert all(
            event.first_day.day <= 7 and event.first_day.weekday() == 3 for event in occurrences
        )

        offsets = {event.local_start.utcoffset() for event in events}
        assert {timedelta(hours=1), timedelta(hours=2)} <= offsets  # winter and summer time

        assert all("(fiktiv)" in event.organiser_name for event in events)
        assert all("Demo-Veranstaltung" in event.description for event in events)
        assert all(
            event.registration_url.startswith("https://beispiel.example/")
            for event in events
            if event.registration_url
        )
        assert any(not event.is_free and "49 €" in event.price for event in events)
        assert any(event.sign_language for event in events)
        assert any(event.live_captions for event in events)
        assert any(event.step_free for event in events)
        assert all(event.topics for event in events)
        assert all("<script" not in event.description_html for event in events)
        attending = db.session.scalars(select(Attendance)).all()
        assert len(attending) >= 5
        assert all(event.attendee_count >= 0 for event in events)
        assert sum(event.attendee_count for event in events) == len(attending)


def test_demo_twice_creates_no_events(app: Flask) -> None:
    run_demo(app)
    before = counts(app)
    output = run_demo(app)
    assert "Demo events: 0 created, 14 already there." in output
    assert counts(app) == before


def test_demo_adds_synthetic_events(app: Flask) -> None:
    run_demo(app)
    events, series, attendances = counts(app)
    output = run_demo(app, "--events", "50")
    assert "Synthetic events: 50 added." in output
    assert counts(app) == (events + 50, series, attendances)
    run_demo(app, "--events", "30")
    now = utcnow()
    with app.app_context():
        synthetic = list(
            db.session.scalars(select(Event).where(Event.title.like("Testveranstaltung %")))
        )
        assert len(synthetic) == 80
        assert len({event.slug for event in synthetic}) == 80
        assert len({event.uid for event in synthetic}) == 80
        past = sum(event.ends_at <= now for event in synthetic)
        assert 15 <= past <= 35  # about a third
        assert max(event.starts_at for event in synthetic) <= now + timedelta(days=367)
        assert len({event.land for event in synthetic if event.land}) >= 10
        assert len({event.format for event in synthetic}) >= 4
        assert {event.attendance_mode for event in synthetic} == set(AttendanceMode)
        assert all(event.ends_at > event.starts_at for event in synthetic)
        assert all(event.topics for event in synthetic)
        assert all(event.description_html.startswith("<p>") for event in synthetic)
