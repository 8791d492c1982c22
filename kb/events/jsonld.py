"""schema.org Event data for search engines, built as a dict for ``|tojson``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import force_locale

from kb.events.models import AttendanceMode, Event, EventSeries, EventStatus
from kb.plaintext import markdown_to_text

SCHEMA = "https://schema.org/"
RESCHEDULED = SCHEMA + "EventRescheduled"
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
CURRENCY = "EUR"  # the form asks for the cost as text; events here are priced in euros

EventUrl = Callable[[Event], str]


def event_jsonld(event: Event, page_url: str, series_url: str | None = None) -> dict[str, Any]:
    """The Event of an event page; `series_url` is its series' page, if it has one."""
    data: dict[str, Any] = {"@context": "https://schema.org", **_event(event, page_url)}
    data["inLanguage"] = LANGUAGES.get(event.language, event.language)
    data["isAccessibleForFree"] = event.is_free
    description = markdown_to_text(event.description, page_url)
    if description:
        data["description"] = description
    data["offers"] = _offer(event, page_url)
    organizer = _organizer(event)
    if organizer:
        data["organizer"] = organizer
    keywords = [topic.name for topic in event.topics]
    if keywords:
        data["keywords"] = ", ".join(keywords)
    if event.series is not None and series_url:
        data["superEvent"] = {"@type": "EventSeries", "name": event.series.title, "url": series_url}
    return data


def series_jsonld(
    series: EventSeries, page_url: str, events: Iterable[Event], url_for_event: EventUrl
) -> dict[str, Any]:
    """The EventSeries of a series page, with the dates it lists as its sub-events."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "name": series.title,
        "url": page_url,
        "eventAttendanceMode": ATTENDANCE_MODE[series.attendance_mode],
        "inLanguage": LANGUAGES.get(series.language, series.language),
        "isAccessibleForFree": series.is_free,
    }
    description = markdown_to_text(series.description, page_url)
    if description:
        data["description"] = description
    if series.organiser_name:
        data["organizer"] = {"@type": "Organization", "name": series.organiser_name}
    data["subEvent"] = [_event(event, url_for_event(event)) for event in events]
    return data


def _event(event: Event, page_url: str) -> dict[str, Any]:
    """What says which event this is, when and where: also each date of a series."""
    data: dict[str, Any] = {
        "@type": "Event",
        "name": event.title,
        "url": page_url,
        "eventStatus": _status(event),
        "eventAttendanceMode": ATTENDANCE_MODE[event.attendance_mode],
    }
    if event.all_day:
        # schema.org dates are inclusive: the last day, not the iCalendar end.
        data["startDate"] = event.first_day.isoformat()
        data["endDate"] = event.last_day.isoformat()
    else:
        data["startDate"] = event.local_start.isoformat()
        data["endDate"] = event.local_end.isoformat()
    if event.previous_starts_at is not None and event.status != EventStatus.POSTPONED:
        data["previousStartDate"] = _previous_start(event, event.previous_starts_at)
    data["location"] = _location(event, page_url)
    return data


def _status(event: Event) -> str:
    """Moved and not cancelled or postponed again: rescheduled (with its previous start)."""
    if event.status == EventStatus.SCHEDULED and event.previous_starts_at is not None:
        return RESCHEDULED
    return EVENT_STATUS[event.status]


def _previous_start(event: Event, previous: datetime) -> str:
    local = previous.astimezone(event.zone)
    return local.date().isoformat() if event.all_day else local.isoformat()


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
    """Where to register and what it costs, as far as the cost text says.

    The form takes the cost as free text ("120 €", "ab 49,00 Euro", "30 € / ermäßigt
    15 €"). Amounts next to a currency sign (or a text that is just a number) become
    `price`; several become an AggregateOffer from the lowest to the highest. A text
    without an amount stays the offer's description.
    """
    url = event.registration_url or page_url
    if event.is_free:
        return {"@type": "Offer", "url": url, "price": 0, "priceCurrency": CURRENCY}
    amounts = price_amounts(event.price)
    offer: dict[str, Any] = {"@type": "Offer", "url": url}
    if len(set(amounts)) > 1:
        offer["@type"] = "AggregateOffer"
        offer["lowPrice"] = _number(min(amounts))
        offer["highPrice"] = _number(max(amounts))
    elif amounts:
        offer["price"] = _number(amounts[0])
    if amounts:
        offer["priceCurrency"] = CURRENCY
    if event.price:
        offer["description"] = event.price
    return offer


_AMOUNT = r"(\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?:,[-–])?"
_CURRENCY = r"(?:€|EUR\b|Euro\b)"
_PRICED = re.compile(rf"{_CURRENCY}\s*{_AMOUNT}|{_AMOUNT}\s*{_CURRENCY}", re.IGNORECASE)
_ONLY_AMOUNT = re.compile(rf"\s*{_AMOUNT}\s*")
_THOUSANDS = re.compile(r"\.\d{3}")


def price_amounts(text: str) -> list[Decimal]:
    """The euro amounts a cost text names, in order ("1.200,50 €" is 1200.50)."""
    whole = _ONLY_AMOUNT.fullmatch(text)
    matches = [whole.group(1)] if whole else [a or b for a, b in _PRICED.findall(text)]
    # A dot before three digits groups thousands ("1.200"); otherwise it is the decimal point.
    return [
        Decimal((m.replace(".", "") if _THOUSANDS.search(m) else m).replace(",", "."))
        for m in matches
    ]


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _organizer(event: Event) -> dict[str, Any] | None:
    if event.organiser_name:
        return {"@type": "Organization", "name": event.organiser_name}
    if event.creator is not None:
        return {"@type": "Person", "name": event.creator.display_name}
    return None
