"""iCalendar files: one event to download, and the subscribable feed of the filtered list.

What calendar programs need, as the bugs other calendar projects met show:

- Local times with ``TZID`` in the event's own zone, and a ``VTIMEZONE`` for every TZID
  used, or Outlook shifts the event by an hour. Outlook wants those blocks in the RRULE
  style its own files use, not the long RDATE lists ``add_missing_timezones()`` writes.
- A stable ``UID`` and the ``SEQUENCE`` the service raises, so moves and cancellations
  reach subscribers; cancelled events stay in the feed with ``STATUS:CANCELLED``.
- All-day events as ``VALUE=DATE`` with the exclusive end date.
- ``ORGANIZER`` with a name but no ``mailto:`` (see :func:`organizer`).
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import cast
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask_babel import gettext as _
from icalendar import (
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vText,
)
from icalendar import Event as CalendarEvent
from markupsafe import Markup

from kb.events.forms import FORMAT_LABELS, STATUS_LABELS
from kb.events.models import DEFAULT_TIMEZONE, Event, EventStatus
from kb.plaintext import markdown_to_text

PRODID = "-//Amtsnetz//Veranstaltungen//DE"
# How often subscribers should fetch the feed again. Google keeps its own 12–24 h.
REFRESH_INTERVAL = timedelta(hours=12)

CALENDAR_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

EventUrl = Callable[[Event], str]


def event_url(event: Event) -> str:
    return url_for("events.show", slug=event.slug, _external=True)


def event_calendar(event: Event, url_for_event: EventUrl = event_url) -> bytes:
    """The .ics file of one event, named after it."""
    calendar = _new_calendar(event.title)
    calendar.add_component(_calendar_event(event, url_for_event(event)))
    _add_timezones(calendar, [event])
    return cast(bytes, calendar.to_ical())  # to_ical() is not annotated


def feed_calendar(
    events: Iterable[Event], name: str, feed_url: str, url_for_event: EventUrl = event_url
) -> bytes:
    """The subscribable calendar: `events` as they are, cancelled ones included."""
    events = list(events)
    calendar = _new_calendar(name)
    calendar.add("X-WR-TIMEZONE", DEFAULT_TIMEZONE)
    # RFC 7986 requires the VALUE parameter here; icalendar does not add it by itself.
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    # An X- property is text to icalendar, which would write a timedelta as "12:00:00".
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    calendar.add("SOURCE", feed_url)
    for event in events:
        calendar.add_component(_calendar_event(event, url_for_event(event)))
    _add_timezones(calendar, events)
    return cast(bytes, calendar.to_ical())  # to_ical() is not annotated


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("METHOD", "PUBLISH")
    calendar.add("CALSCALE", "GREGORIAN")
    # NAME (RFC 7986) and X-WR-CALNAME as escaped TEXT: icalendar's calendar_name
    # setter writes the value raw, so a line break in a title would add calendar lines.
    calendar.add("NAME", vText(name))
    calendar.add("X-WR-CALNAME", vText(name))
    return calendar


def _calendar_event(event: Event, page_url: str) -> CalendarEvent:
    component = CalendarEvent()
    component.add("UID", event.uid)
    component.add("SEQUENCE", event.sequence)
    component.add("DTSTAMP", event.updated_at.astimezone(UTC))
    component.add("CREATED", event.created_at.astimezone(UTC))
    component.add("LAST-MODIFIED", event.updated_at.astimezone(UTC))
    component.add("SUMMARY", event.title)
    component.add("DESCRIPTION", _description(event, page_url))
    # Outlook and some others show this HTML instead of DESCRIPTION where they can.
    html_description = vText(_html_description(event, page_url))
    html_description.params["FMTTYPE"] = "text/html"
    component.add("X-ALT-DESC", html_description)
    component.add("URL", page_url)
    component.add("STATUS", CALENDAR_STATUS[event.status])
    if event.all_day:
        component.add("DTSTART", event.first_day)
        component.add("DTEND", event.last_day + timedelta(days=1))
    else:
        component.add("DTSTART", event.local_start)
        component.add("DTEND", event.local_end)
    location = location_text(event)
    if location:
        component.add("LOCATION", location)
    component.add("CATEGORIES", categories(event))
    component.add("ORGANIZER", organizer(event, page_url))
    return component


def _status_text(event: Event) -> str:
    if event.status == EventStatus.SCHEDULED:
        return ""
    label = str(STATUS_LABELS[event.status])
    return f"{label}: {event.status_reason}" if event.status_reason else label


def _links(event: Event, page_url: str) -> list[tuple[str, str]]:
    links = []
    if event.is_online and event.online_url:
        links.append((_("Link to join online"), event.online_url))
    if event.registration_url:
        links.append((_("Registration page"), event.registration_url))
    return links


def _description(event: Event, page_url: str) -> str:
    """Plain text: status, the description's paragraphs, lists and links, then links."""
    parts = [
        _status_text(event),
        markdown_to_text(event.description, page_url),
        *(f"{label}: {url}" for label, url in _links(event, page_url)),
        page_url,
    ]
    return "\n\n".join(part for part in parts if part)


def _html_description(event: Event, page_url: str) -> str:
    """The same as HTML: the stored, sanitised description and escaped additions."""
    status = _status_text(event)
    parts = [Markup("<p>{}</p>").format(status) if status else Markup()]
    parts.append(Markup(event.description_html))  # noqa: S704  (sanitised when saved)
    parts.extend(
        Markup('<p>{}: <a href="{}">{}</a></p>').format(label, url, url)
        for label, url in [*_links(event, page_url), (_("Event page"), page_url)]
    )
    body = Markup("").join(part for part in parts if part)
    return str(Markup("<!DOCTYPE html><html><body>{}</body></html>").format(body))


def location_text(event: Event) -> str:
    """Venue, street, postal code and city; for online-only events the link to join."""
    if event.has_venue:
        city = " ".join(part for part in (event.venue_postal_code, event.venue_city) if part)
        address = ", ".join(part for part in (event.venue_name, event.venue_street, city) if part)
        if address:
            return address
    return event.online_url if event.is_online else ""


def categories(event: Event) -> list[str]:
    return [str(FORMAT_LABELS[event.format]), *(topic.name for topic in event.topics)]


def organiser_name(event: Event) -> str:
    """The organiser the event names, else its creator, else the site."""
    if event.organiser_name:
        return event.organiser_name
    if event.creator is not None:
        return event.creator.display_name
    return str(current_app.config["KB_SITE_NAME"])


def organizer(event: Event, page_url: str) -> vCalAddress:
    """``ORGANIZER;CN="<name>":<event page URL>``.

    RFC 5545 wants a cal-address, which is any URI; ``mailto:`` is only the usual one.
    With a mailto address, clients offer "accept" and mail the organiser each time
    someone adds the event (pretix #2419), and organisers never gave us an address to
    publish anyway. The event page is a real, resolvable URI that says who organises
    and how to reach them: clients show the CN, have nothing to send mail to, and
    METHOD:PUBLISH without ATTENDEEs keeps Outlook and Google from treating the event
    as an invitation. (An invented ``urn:`` would be as valid but lead nowhere.)
    """
    address = vCalAddress(page_url)
    address.params["CN"] = organiser_name(event)
    return address


# --- time zones ---------------------------------------------------------------------------


def _add_timezones(calendar: Calendar, events: Sequence[Event]) -> None:
    """A VTIMEZONE for each TZID the events use, covering the years they span."""
    first_year: dict[str, int] = {}
    last_year: dict[str, int] = {}
    for event in events:
        if not event.all_day:
            zone = event.timezone
            first_year[zone] = min(event.local_start.year, first_year.get(zone, 9999))
            last_year[zone] = max(event.local_end.year, last_year.get(zone, 0))
    # icalendar writes UTC as "Z" times; only the TZIDs it actually wrote need a block.
    # The year before the first event is included so its DTSTART has an observance.
    calendar.subcomponents[0:0] = [
        vtimezone(zone, range(first_year[zone] - 1, last_year[zone] + 1))
        for zone in sorted(calendar.get_missing_tzids())
    ]


@dataclass(frozen=True)
class _Transition:
    """A clock change; the first observance of a zone is written as one too."""

    onset: datetime  # naive wall-clock time just before the change (RFC 5545 DTSTART)
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def vtimezone(zone_name: str, years: range) -> Timezone:
    """The VTIMEZONE for `zone_name`, exact from its first clock change in `years` on.

    Pass the year before the first event, so that an observance has begun by then.
    When the zone changes its clocks twice a year on a fixed rule ("last Sunday of
    March at 02:00"), this is one STANDARD and one DAYLIGHT block with a yearly RRULE,
    as Outlook writes them. Otherwise (no clock changes, or changes that follow no such
    rule in these years) it is the offset on 1 January of the first year and every
    change in the years listed as RDATEs.

    icalendar's ``Timezone.from_tzid(first_date=..., last_date=...)`` would do for the
    second case, but it steps through time 64 days at a time and missed Casablanca's
    five-week Ramadan change in 2027 when asked for 2025–2027, and it dates a change by
    the wall-clock time after it where RFC 5545 wants the time before it.
    """
    if not years:
        raise ValueError("no years given")
    changes = _transitions(zone_name, years.start, years.stop - 1)
    standard = [change for change in changes if not change.daylight]
    daylight = [change for change in changes if change.daylight]
    rules = [_yearly_rule(kind, years) for kind in (standard, daylight)]
    timezone = Timezone()
    timezone.add("TZID", zone_name)
    if daylight and None not in rules:
        for kind, rule in zip((standard, daylight), rules, strict=True):
            component = _observance(kind[0])
            component.add("RRULE", rule)
            timezone.add_component(component)
        return timezone
    # The offset in force on 1 January, then every change, grouped by what it changes to.
    start = datetime(years.start, 1, 1)
    local = start.replace(tzinfo=ZoneInfo(zone_name))
    offset = local.utcoffset() or timedelta(0)
    summer = (local.dst() or timedelta(0)) > timedelta(0)
    timezone.add_component(
        _observance(_Transition(start, offset, offset, local.tzname() or "", summer))
    )
    listed: dict[tuple[object, ...], list[_Transition]] = {}
    for change in changes:
        key = (change.daylight, change.offset_from, change.offset_to, change.name)
        listed.setdefault(key, []).append(change)
    for group in listed.values():
        component = _observance(group[0])
        if len(group) > 1:
            component.add("RDATE", [change.onset for change in group[1:]])
        timezone.add_component(component)
    return timezone


def _observance(change: _Transition) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if change.daylight else TimezoneStandard()
    component.add("DTSTART", change.onset)
    component.add("TZOFFSETFROM", change.offset_from)
    component.add("TZOFFSETTO", change.offset_to)
    component.add("TZNAME", change.name)
    return component


def _yearly_rule(changes: list[_Transition], years: range) -> dict[str, object] | None:
    """FREQ=YEARLY;BYMONTH=m;BYDAY=nXX when it gives exactly `changes`, one a year."""
    if [change.onset.year for change in changes] != list(years):
        return None
    first = changes[0]

    def shape(change: _Transition) -> tuple[object, ...]:
        onset = change.onset
        return (onset.month, onset.weekday(), onset.time(), change.offset_from, change.offset_to)

    if any(shape(change) != shape(first) or change.name != first.name for change in changes):
        return None
    weekday = WEEKDAYS[first.onset.weekday()]
    if all(_is_last_in_month(change.onset) for change in changes):
        return {"FREQ": "YEARLY", "BYMONTH": first.onset.month, "BYDAY": f"-1{weekday}"}
    weeks = {(change.onset.day - 1) // 7 + 1 for change in changes}
    if len(weeks) == 1:
        return {"FREQ": "YEARLY", "BYMONTH": first.onset.month, "BYDAY": f"{weeks.pop()}{weekday}"}
    return None


def _is_last_in_month(day: datetime) -> bool:
    return day.day + 7 > gregorian.monthrange(day.year, day.month)[1]


@lru_cache(maxsize=64)
def _transitions(zone_name: str, first_year: int, last_year: int) -> tuple[_Transition, ...]:
    """The zone's clock changes whose onset falls in these years, to the second.

    zoneinfo has no public list of transitions: walk the years a day at a time and
    bisect each day in which the offset, DST flag or abbreviation differs.
    """
    zone = ZoneInfo(zone_name)

    def state(moment: datetime) -> tuple[timedelta | None, timedelta | None, str | None]:
        local = moment.astimezone(zone)
        return local.utcoffset(), local.dst(), local.tzname()

    day = timedelta(days=1)
    moment = datetime(first_year, 1, 1, tzinfo=UTC) - day
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC) + day
    found: list[_Transition] = []
    while moment < end:
        before = state(moment)
        if state(moment + day) == before:
            moment += day
            continue
        low, high = 0, int(day.total_seconds())
        while high - low > 1:
            middle = (low + high) // 2
            if state(moment + timedelta(seconds=middle)) == before:
                low = middle
            else:
                high = middle
        moment += timedelta(seconds=high)
        offset_from = before[0] or timedelta(0)
        offset_to = state(moment)[0] or timedelta(0)
        onset = (moment + offset_from).replace(tzinfo=None)
        if first_year <= onset.year <= last_year:
            # "Daylight" for clocks going forward: Dublin's tzdata calls its winter
            # time the DST one, calendar programs expect summer time there.
            name = state(moment)[2] or ""
            found.append(_Transition(onset, offset_from, offset_to, name, offset_to > offset_from))
    return tuple(found)
