"""schema.org Event data for search engines, built as a dict for ``|tojson``."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale

from kb.events.models import AttendanceMode, Event, EventStatus
from kb.markdown import text_of_html

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    EventStatus.SCHEDULED: SCHEMA + "EventScheduled",
    EventStatus.POSTPONED: SCHEMA + "EventPostponed",
    EventStatus.CANCELLED: SCHEMA + "EventCancelled",
}
ATTENDANCE_MODE = {
    AttendanceMode.IN_PERSON: SCHEMA + "OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: SCHEMA + "OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: SCHEMA + "MixedEventAttendanceMode",
}
# The form offers "de-en" for events held in both; that is not a language tag.
LANGUAGES: dict[str, str | list[str]] = {"de-en": ["de", "en"]}


def event_jsonld(event: Event, page_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": page_url,
        "eventStatus": EVENT_STATUS[event.status],
        "eventAttendanceMode": ATTENDANCE_MODE[event.attendance_mode],
        "inLanguage": LANGUAGES.get(event.language, event.language),
        "isAccessibleForFree": event.is_free,
    }
    description = text_of_html(event.description_html)
    if description:
        data["description"] = description
    if event.all_day:
        # schema.org dates are inclusive: the last day, not the iCalendar end.
        data["startDate"] = event.first_day.isoformat()
        data["endDate"] = event.last_day.isoformat()
    else:
        data["startDate"] = event.local_start.isoformat()
        data["endDate"] = event.local_end.isoformat()
    data["location"] = _location(event, page_url)
    data["offers"] = _offer(event, page_url)
    organizer = _organizer(event)
    if organizer:
        data["organizer"] = organizer
    keywords = [topic.name for topic in event.topics]
    if keywords:
        data["keywords"] = ", ".join(keywords)
    return data


def _location(event: Event, page_url: str) -> dict[str, Any] | list[dict[str, Any]]:
    online = {"@type": "VirtualLocation", "url": event.online_url or page_url}
    if event.attendance_mode == AttendanceMode.ONLINE:
        return online
    address = {
        "@type": "PostalAddress",
        "streetAddress": event.venue_street,
        "postalCode": event.venue_postal_code,
        "addressLocality": event.venue_city,
        # The form only takes venues in a German Land; postal addresses name it in German.
        "addressRegion": _german_land_name(event),
        "addressCountry": "DE",
    }
    place = {
        "@type": "Place",
        "name": event.venue_name or event.venue_city,
        "address": {key: value for key, value in address.items() if value},
    }
    if event.attendance_mode == AttendanceMode.HYBRID:
        return [place, online]
    return place


def _german_land_name(event: Event) -> str:
    with force_locale("de"):
        return event.land_name


def _offer(event: Event, page_url: str) -> dict[str, Any]:
    offer: dict[str, Any] = {"@type": "Offer", "url": event.registration_url or page_url}
    if event.is_free:
        offer.update(price=0, priceCurrency="EUR")
    elif event.price:
        offer["description"] = event.price
    return offer


def _organizer(event: Event) -> dict[str, Any] | None:
    if event.organiser_name:
        return {"@type": "Organization", "name": event.organiser_name}
    if event.creator is not None:
        return {"@type": "Person", "name": event.creator.display_name}
    return None
