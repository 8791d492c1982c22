"""Dates and times as people write them, in the reader's language: the one place that
decides how a date, a time, a timestamp or a range reads on a page.

German follows DIN 5008 and press style: „18:30–21:00 Uhr“, „Donnerstag, 1. Juli 2027“,
„Freitag, 5., bis Samstag, 6. Februar 2027“, numeric „01.07.2027“ in tables. English
follows Babel's locale data ("6:30 – 9:00 PM"). Nobody reads seconds, so none are shown.
Machine formats (ISO 8601 in feeds, .ics, JSON-LD, `<time datetime>`) stay elsewhere.

A core module: it imports no feature.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from babel import Locale, dates
from flask import Flask

from kb.i18n import request_locale

# Between the parts of a range; CLDR's own interval patterns use the en dash too.
EN_DASH = "–"


def _locale(locale: Locale | str | None) -> Locale:
    if locale is None:
        return request_locale()[0]
    return locale if isinstance(locale, Locale) else Locale.parse(locale)


def _zone(zone: tzinfo | None) -> tzinfo:
    return zone if zone is not None else request_locale()[1]


def _local(value: datetime, zone: tzinfo | None) -> datetime:
    """An instant in `zone` (the reader's by default); a naive value is already a
    wall-clock time (a form's input) and stays as it is."""
    if value.tzinfo is None:
        return value
    return value.astimezone(_zone(zone))


def _german(locale: Locale) -> bool:
    return locale.language == "de"


# Dates ---------------------------------------------------------------------------------


def _day(value: date | datetime, zone: tzinfo | None) -> date:
    """The calendar day a date or an instant falls on (in `zone`, the reader's by default)."""
    if isinstance(value, datetime):
        return _local(value, zone).date()
    return value


def long_date(
    value: date | datetime, locale: Locale | str | None = None, zone: tzinfo | None = None
) -> str:
    """For running text: „1. Juli 2027“, "July 1, 2027"."""
    return dates.format_date(_day(value, zone), "long", locale=_locale(locale))


def full_date(
    value: date | datetime, locale: Locale | str | None = None, zone: tzinfo | None = None
) -> str:
    """With the weekday, for headings and events: „Donnerstag, 1. Juli 2027“."""
    return dates.format_date(_day(value, zone), "full", locale=_locale(locale))


def numeric_date(
    value: date | datetime, locale: Locale | str | None = None, zone: tzinfo | None = None
) -> str:
    """For tables and lists: „01.07.2027“, "7/1/2027" (the locale's short date, full year)."""
    loc = _locale(locale)
    pattern = str(dates.get_date_format("short", locale=loc).pattern)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "y")
    return dates.format_date(_day(value, zone), pattern, locale=loc)


def month_year(value: date, locale: Locale | str | None = None) -> str:
    """A calendar month's title: „Juli 2027“, "July 2027"."""
    loc = _locale(locale)
    return dates.format_skeleton("yMMMM", value, locale=loc)


def weekday(value: date, short: bool = False, locale: Locale | str | None = None) -> str:
    """„Donnerstag“ or „Do.“; "Thursday" or "Thu"."""
    return dates.format_date(value, "EEE" if short else "EEEE", locale=_locale(locale))


def day_month(value: date, locale: Locale | str | None = None) -> str:
    """A short day for calendar lists: „1. Juli“, "July 1"."""
    return dates.format_skeleton("MMMMd", value, locale=_locale(locale))


def day_span(first: date, last: date, locale: Locale | str | None = None) -> str:
    """Days from `first` to `last` (both included), written out.

    „Freitag, 5., bis Samstag, 6. Februar 2027“; across months „Samstag, 30. Januar, bis
    Samstag, 6. Februar 2027“; across years both dates in full. English:
    "Friday, February 5 – Saturday, February 6, 2027".
    """
    loc = _locale(locale)
    if first == last:
        return full_date(first, loc)
    if _german(loc):
        if first.year != last.year:
            start_pattern = "EEEE, d. MMMM y"
        elif first.month != last.month:
            start_pattern = "EEEE, d. MMMM"
        else:
            start_pattern = "EEEE, d."
        start = dates.format_date(first, start_pattern, locale=loc)
        return f"{start}, bis {full_date(last, loc)}"
    if first.year != last.year:
        start = full_date(first, loc)
    else:
        start = dates.format_date(first, "EEEE, MMMM d", locale=loc)
    return f"{start} {EN_DASH} {full_date(last, loc)}"


def year_span(start: int | None, end: int | None) -> str:
    """A project's years: "2024" for one year (not "2024–2024"), "2019–2024"."""
    if start is None:
        return ""
    if end is None or end == start:
        return str(start)
    return f"{start}{EN_DASH}{end}"


def _join(day: str, time_of_day: str, locale: Locale) -> str:
    """A date and a time as the locale joins them (CLDR: "{1}, {0}" in German and English)."""
    pattern = str(dates.get_datetime_format("medium", locale=locale)).replace("'", "")
    return pattern.replace("{1}", day).replace("{0}", time_of_day)


# Times ---------------------------------------------------------------------------------


def _clock_pattern(locale: Locale) -> str:
    if _german(locale):
        # DIN 5008: hours without a leading zero, „Uhr“ after the time (or the range).
        return "H:mm"
    return str(dates.get_time_format("short", locale=locale).pattern)


def _with_uhr(text: str, locale: Locale) -> str:
    return f"{text}\u00a0Uhr" if _german(locale) else text


def clock(value: datetime, locale: Locale | str | None = None, zone: tzinfo | None = None) -> str:
    """A time of day: „9:30 Uhr“, "9:30 AM"."""
    loc = _locale(locale)
    local = _local(value, zone)
    return _with_uhr(dates.format_time(local, _clock_pattern(loc), locale=loc), loc)


def _zoned_clock(value: datetime, locale: Locale) -> str:
    """„2:30 Uhr MESZ“, "2:30 AM CEST": a time with its zone's short name."""
    if _german(locale):
        zone_name = dates.format_time(value, "z", tzinfo=value.tzinfo, locale=locale)
    else:  # CLDR's English has no short names for Europe's zones ("+0200")
        zone_name = value.tzname() or ""
    return f"{clock(value, locale, value.tzinfo)} {zone_name}"


def _ends_at_midnight(start: datetime, end: datetime) -> bool:
    return end.time() == time(0) and end.date() == start.date() + timedelta(days=1)


def time_span(
    start: datetime, end: datetime, locale: Locale | str | None = None, zone: tzinfo | None = None
) -> str:
    """Two times of one day: „18:30–21:00 Uhr“ (up to „24:00 Uhr“), "6:30 – 9:00 PM"."""
    loc = _locale(locale)
    start, end = _local(start, zone), _local(end, zone)
    if start.utcoffset() != end.utcoffset() and end.time() <= start.time():
        # Across the autumn change („2:30–2:30 Uhr“) the wall clock alone misleads.
        return f"{_zoned_clock(start, loc)} {EN_DASH} {_zoned_clock(end, loc)}"
    if start == end:
        return clock(start, loc, start.tzinfo)
    if _german(loc):
        pattern = _clock_pattern(loc)
        first = dates.format_time(start, pattern, locale=loc)
        last = (
            "24:00"
            if _ends_at_midnight(start, end)
            else dates.format_time(end, pattern, locale=loc)
        )
        return _with_uhr(f"{first}{EN_DASH}{last}", loc)
    if start.date() != end.date():
        # Babel's interval wants both ends on one day to give just the times.
        end = end.replace(year=start.year, month=start.month, day=start.day)
    return dates.format_interval(
        start.replace(tzinfo=None), end.replace(tzinfo=None), "hm", locale=loc
    )


def timestamp(
    value: datetime, locale: Locale | str | None = None, zone: tzinfo | None = None
) -> str:
    """When something happened, for lists and tables: „19.10.2026, 3:29 Uhr“,
    "10/19/2026, 3:29 AM"."""
    loc = _locale(locale)
    return _join(numeric_date(value, loc, zone), clock(value, loc, zone), loc)


def long_timestamp(
    value: datetime, locale: Locale | str | None = None, zone: tzinfo | None = None
) -> str:
    """For running text: „19. Oktober 2026, 3:29 Uhr“, "October 19, 2026, 3:29 AM"."""
    loc = _locale(locale)
    return _join(long_date(value, loc, zone), clock(value, loc, zone), loc)


def moment_span(
    start: datetime,
    end: datetime,
    zone: tzinfo,
    all_day: bool = False,
    locale: Locale | str | None = None,
) -> str:
    """An event's time, in `zone`.

    All-day: the day(s) only („Freitag, 5., bis Samstag, 6. Februar 2027“; `end` is the
    exclusive midnight after the last day). Within one day (an end at midnight counts as
    that day): „Donnerstag, 1. Juli 2027, 19:00–21:00 Uhr“. Over several days: „Dienstag,
    19. Januar 2027, 9:30 Uhr, bis Mittwoch, 20. Januar 2027, 16:30 Uhr“.
    """
    loc = _locale(locale)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    first = local_start.date()
    if all_day:
        last = local_end.date()
        if local_end.time() == time(0) and last > first:
            last -= timedelta(days=1)
        return day_span(first, last, loc)
    if local_start.date() == local_end.date() or _ends_at_midnight(local_start, local_end):
        return _join(full_date(first, loc), time_span(local_start, local_end, loc, zone), loc)
    opening = _join(full_date(first, loc), clock(local_start, loc, zone), loc)
    closing = _join(full_date(local_end.date(), loc), clock(local_end, loc, zone), loc)
    if _german(loc):
        return f"{opening}, bis {closing}"
    return f"{opening} {EN_DASH} {closing}"


def start_moment(
    start: datetime, zone: tzinfo, all_day: bool = False, locale: Locale | str | None = None
) -> str:
    """When something starts: „Donnerstag, 1. Juli 2027, 19:00 Uhr“ (the day alone when
    all-day)."""
    loc = _locale(locale)
    local = start.astimezone(zone)
    if all_day:
        return full_date(local.date(), loc)
    return _join(full_date(local.date(), loc), clock(local, loc, zone), loc)


# Jinja ---------------------------------------------------------------------------------


def init_app(app: Flask) -> None:
    """The filters every template uses for dates and times (see each helper)."""
    for name, helper in (
        ("long_date", long_date),
        ("full_date", full_date),
        ("numeric_date", numeric_date),
        ("month_year", month_year),
        ("weekday", weekday),
        ("day_month", day_month),
        ("clock", clock),
        ("timestamp", timestamp),
        ("long_timestamp", long_timestamp),
    ):
        app.add_template_filter(helper, name)
    app.add_template_global(year_span, "year_span")
    app.add_template_global(day_span, "day_span")
