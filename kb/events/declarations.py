"""What events are to the rest of the app: a content type, a member's data, the start
page's next events, an authority's events, the calendar maintenance command."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import ColumnElement, delete, func, select, update

from kb.events import attendance, demo, policy, queries, search, service
from kb.events.models import Attendance, Event, EventSeries, Review
from kb.extensions import db
from kb.registry import (
    ContentType,
    DemoStep,
    NotificationKind,
    OnDelete,
    Panel,
    PersonalData,
    Registry,
)
from kb.templating import shared_html
from kb.timeutil import isoformat, utcnow
from kb.users import User

START_PAGE_EVENTS = 3
AUTHORITY_PAGE_EVENTS = 10


def event_url(event: Event) -> str:
    return url_for("events.show", slug=event.slug)


def owned_by(user_id: int) -> ColumnElement[bool]:
    """The events the member organised, the occurrences of their series among them."""
    return Event.creator_id == user_id


EVENT = ContentType(
    name="event",
    model=Event,
    label=_l("Event"),
    title=Event.title,
    summary=Event.description,
    url=event_url,
    url_columns=(Event.slug,),
    visible=policy.visible,
    can_view=policy.can_view,
    owner_ids=policy.owner_ids,
    community=True,
    lastmod=Event.updated_at,
    search=search.SEARCH,
    standing=Event.review,
    is_post=True,
    owned_by=owned_by,
    after_standing=service.series_follows,
)


def export_organised(user: User) -> list[dict[str, Any]]:
    events = db.session.scalars(
        select(Event).where(Event.creator_id == user.id).order_by(Event.starts_at)
    )
    return [
        {
            "slug": event.slug,
            "title": event.title,
            "description": event.description,
            "starts_at": isoformat(event.starts_at),
            "ends_at": isoformat(event.ends_at),
            "timezone": event.timezone,
            "status": event.status.value,
            "organiser": event.organiser_name,
            "created_at": isoformat(event.created_at),
        }
        for event in events
    ]


def export_series(user: User) -> list[dict[str, Any]]:
    series = db.session.scalars(
        select(EventSeries).where(EventSeries.creator_id == user.id).order_by(EventSeries.id)
    )
    return [
        {
            "slug": item.slug,
            "title": item.title,
            "frequency": item.frequency.value,
            "first_date": isoformat(item.first_date),
            "until": isoformat(item.until),
            "ended_at": isoformat(item.ended_at),
            "created_at": isoformat(item.created_at),
        }
        for item in series
    ]


def export_attendance(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(Event.slug, Event.title, Event.starts_at, Attendance.created_at)
        .join(Attendance, Attendance.event_id == Event.id)
        .where(Attendance.user_id == user.id)
        .order_by(Event.starts_at)
    )
    return [
        {
            "slug": row.slug,
            "title": row.title,
            "starts_at": isoformat(row.starts_at),
            "since": isoformat(row.created_at),
        }
        for row in rows
    ]


def forget_held_events(user: User) -> None:
    """Events and series still waiting for review were never public: they go."""
    db.session.execute(
        delete(Event).where(Event.creator_id == user.id, Event.review == Review.HELD)
    )
    db.session.execute(
        delete(EventSeries).where(
            EventSeries.creator_id == user.id, EventSeries.review == Review.HELD
        )
    )


def forget_attendances(user: User) -> None:
    """Take the member off every list of participants, and count again."""
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


def delete_series(user: User) -> None:
    """With the member's events deleted, their series go too: otherwise the calendar
    would make new occurrences of them (kb.events.series.extend_all_series)."""
    for series in db.session.scalars(select(EventSeries).where(EventSeries.creator_id == user.id)):
        db.session.delete(series)


PERSONAL_DATA = (
    PersonalData(
        "events_organised",
        Event.creator_id,
        export_organised,
        OnDelete.ANONYMISE,
        before_delete=forget_held_events,
    ),
    PersonalData(
        "series_organised",
        EventSeries.creator_id,
        export_series,
        OnDelete.ANONYMISE,
        delete_contributions=delete_series,
    ),
    PersonalData(
        "events_taking_part",
        Attendance.user_id,
        export_attendance,
        OnDelete.REMOVE,
        before_delete=forget_attendances,
    ),
)


def start_panel(**_context: Any) -> str | None:
    """The next events, kept for every reader who sees the same events (policy.audience)."""

    def render() -> str:
        upcoming = queries.list_events(
            queries.EventQuery(), current_user, page_size=START_PAGE_EVENTS
        ).events
        if not upcoming:
            return ""
        return render_template("events/_start_panel.html", upcoming=upcoming)

    return shared_html(("events.start", policy.audience(current_user)), render) or None


def authority_panel(authority: Any, **_context: Any) -> str | None:
    """Events by members of the authority that the reader may see and that are not over.

    Only members who chose to be shown on the authority's page: listing the events of
    the others here would reveal where they work.
    """
    events = list(
        db.session.scalars(
            select(Event)
            .join(User, Event.creator_id == User.id)
            .where(
                User.authority_id == authority.id,
                User.show_on_authority.is_(True),
                Event.ends_at >= utcnow(),
                policy.visible(current_user),
            )
            .order_by(Event.starts_at, Event.id)
            .limit(AUTHORITY_PAGE_EVENTS)
        )
    )
    if not events:
        return None
    return render_template("events/_authority_panel.html", events=events)


def changed_message(data: Mapping[str, Any]) -> str:
    if data.get("deleted"):
        return str(
            gettext(
                "“%(title)s”, an event you attended, has been deleted by its organiser.",
                title=data["title"],
            )
        )
    if data.get("cancelled"):
        return str(
            gettext("“%(title)s”, an event you attend, has been cancelled.", title=data["title"])
        )
    return str(
        gettext(
            "“%(title)s”, an event you attend, has changed: please check its time and place.",
            title=data["title"],
        )
    )


EVENT_CHANGED = NotificationKind(
    attendance.CHANGED, _l("Changes to events you attend"), changed_message
)


def register(registry: Registry) -> None:
    registry.add_type(EVENT)
    registry.add_notification_kind(EVENT_CHANGED)
    registry.add_personal_data(*PERSONAL_DATA)
    registry.add_panel("start", Panel("next-events", start_panel, order=20))
    registry.add_panel("authority", Panel("events", authority_panel, order=20))
    registry.add_demo_step(DemoStep("events", demo.load, order=40))
