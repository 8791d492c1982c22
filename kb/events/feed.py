"""The Atom feed of the filtered event list (the same events as the .ics feed)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from babel import dates
from feedgen.feed import FeedGenerator
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from kb.events.display import event_when
from kb.events.forms import MODE_LABELS, STATUS_LABELS
from kb.events.ical import EventUrl, event_url, location_text, organiser_name
from kb.events.models import DEFAULT_TIMEZONE, Event, EventStatus
from kb.extensions import db
from kb.i18n import current_language, request_locale


def last_ended(now: datetime) -> datetime | None:
    """When an event last ended: the feeds change then (the upcoming one loses it, the
    archive gains it) without any write. Any event, in any state: a later answer only
    costs a feed reader one download more."""
    return db.session.scalar(
        select(Event.ends_at).where(Event.ends_at <= now).order_by(Event.ends_at.desc()).limit(1)
    )


def atom(
    events: Iterable[Event], feed_url: str, page_url: str, url_for_event: EventUrl = event_url
) -> bytes:
    events = list(events)
    generator = FeedGenerator()
    generator.id(page_url)
    generator.title(f"{current_app.config['KB_SITE_NAME']} – {_('Events')}")
    generator.link(href=feed_url, rel="self")
    generator.link(href=page_url, rel="alternate")
    generator.language(current_language())
    if events:
        generator.updated(max(event.updated_at for event in events))
    for event in reversed(events):  # feedgen prepends: add the last first
        link = url_for_event(event)
        entry = generator.add_entry()
        entry.id(link)
        entry.title(event.title)
        entry.link(href=link)
        entry.published(event.created_at)
        entry.updated(event.updated_at)
        entry.author(name=organiser_name(event))
        entry.summary(summary(event))
        if event.description_html:
            # Sanitised on save; feed readers get the same safe HTML as the page.
            entry.content(event.description_html, type="html")
    # feedgen is untyped; atom_str() returns the encoded XML.
    return cast(bytes, generator.atom_str(pretty=False))


def summary(event: Event) -> str:
    """When (in the event's zone, with its abbreviation), where, and any change of plan."""
    when = event_when(event)
    if not event.all_day and event.timezone == DEFAULT_TIMEZONE:
        # event_when names the zone only when it is not Berlin; a feed reader may not be.
        when = f"{when} {zone_abbreviation(event.local_start)}"
    parts = [when]
    address = location_text(event) if event.has_venue else ""
    if address:
        parts.append(address)
    if event.is_online:
        parts.append(str(MODE_LABELS[event.attendance_mode]))
    if event.status != EventStatus.SCHEDULED:
        label = str(STATUS_LABELS[event.status])
        parts.append(f"{label}: {event.status_reason}" if event.status_reason else label)
    return " · ".join(parts)


def zone_abbreviation(local: datetime) -> str:
    """The zone's short name: MESZ in German, CEST in English, EST for "-0500"."""
    name = dates.get_timezone_name(local, "short", locale=request_locale()[0])
    if not name[:1].isalpha():
        name = local.tzname() or name
    return name if name[:1].isalpha() else f"UTC{name}"
