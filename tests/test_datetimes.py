"""Dates and times read as people write them, in German and in English (kb.datetimes)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask, render_template_string

from kb import datetimes

BERLIN = ZoneInfo("Europe/Berlin")
TEMPLATES = Path(__file__).parent.parent / "templates"
NB = "\u00a0"  # between a time and „Uhr“
NNB = "\u202f"  # CLDR's narrow no-break space before AM/PM
THIN = "\u2009"  # CLDR's thin spaces around the dash of an English time range


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def span(start: datetime, end: datetime, language: str, all_day: bool = False) -> str:
    return datetimes.moment_span(start, end, BERLIN, all_day=all_day, locale=language)


# --- events: each kind of range, in both languages -------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", f"Donnerstag, 1. Juli 2027, 18:30–21:00{NB}Uhr"),
        ("en", f"Thursday, July 1, 2027, 6:30{THIN}–{THIN}9:00{NNB}PM"),
    ],
)
def test_an_evening_reads_as_one_day_with_a_time_range(language: str, expected: str) -> None:
    assert span(local(2027, 7, 1, 18, 30), local(2027, 7, 1, 21, 0), language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", f"Donnerstag, 1. Juli 2027, 9:30–13:00{NB}Uhr"),
        ("en", f"Thursday, July 1, 2027, 9:30{NNB}AM{THIN}–{THIN}1:00{NNB}PM"),
    ],
)
def test_a_range_across_noon(language: str, expected: str) -> None:
    assert span(local(2027, 7, 1, 9, 30), local(2027, 7, 1, 13, 0), language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", f"Donnerstag, 1. Juli 2027, 22:00–24:00{NB}Uhr"),
        ("en", f"Thursday, July 1, 2027, 10:00{NNB}PM{THIN}–{THIN}12:00{NNB}AM"),
    ],
)
def test_an_event_ending_at_midnight_stays_on_its_day(language: str, expected: str) -> None:
    assert span(local(2027, 7, 1, 22, 0), local(2027, 7, 2, 0, 0), language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            f"Dienstag, 19. Januar 2027, 9:30{NB}Uhr, bis Mittwoch, 20. Januar 2027, 16:30{NB}Uhr",
        ),
        (
            "en",
            f"Tuesday, January 19, 2027, 9:30{NNB}AM – Wednesday, January 20, 2027, 4:30{NNB}PM",
        ),
    ],
)
def test_a_timed_event_over_two_days_names_both(language: str, expected: str) -> None:
    assert span(local(2027, 1, 19, 9, 30), local(2027, 1, 20, 16, 30), language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Freitag, 5. Februar 2027"), ("en", "Friday, February 5, 2027")],
)
def test_an_all_day_event_has_no_times(language: str, expected: str) -> None:
    # Stored as local midnight to the next midnight (the exclusive end).
    text = span(local(2027, 2, 5), local(2027, 2, 6), language, all_day=True)
    assert text == expected
    assert not re.search(r"\d:\d\d", text)


@pytest.mark.parametrize(
    ("first", "end", "language", "expected"),
    [
        (
            (2027, 2, 5),
            (2027, 2, 7),
            "de",
            "Freitag, 5., bis Samstag, 6. Februar 2027",
        ),
        (
            (2027, 2, 5),
            (2027, 2, 7),
            "en",
            "Friday, February 5 – Saturday, February 6, 2027",
        ),
        (
            (2027, 1, 30),
            (2027, 2, 2),
            "de",
            "Samstag, 30. Januar, bis Montag, 1. Februar 2027",
        ),
        (
            (2027, 1, 30),
            (2027, 2, 2),
            "en",
            "Saturday, January 30 – Monday, February 1, 2027",
        ),
        (
            (2026, 12, 30),
            (2027, 1, 2),
            "de",
            "Mittwoch, 30. Dezember 2026, bis Freitag, 1. Januar 2027",
        ),
        (
            (2026, 12, 30),
            (2027, 1, 2),
            "en",
            "Wednesday, December 30, 2026 – Friday, January 1, 2027",
        ),
    ],
    ids=[
        "same-month-de",
        "same-month-en",
        "other-month-de",
        "other-month-en",
        "other-year-de",
        "other-year-en",
    ],
)
def test_multi_day_all_day_events_are_written_out(
    first: tuple[int, int, int], end: tuple[int, int, int], language: str, expected: str
) -> None:
    assert span(local(*first), local(*end), language, all_day=True) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", f"Sonntag, 28. März 2027, 1:30–3:30{NB}Uhr"),
        ("en", f"Sunday, March 28, 2027, 1:30{THIN}–{THIN}3:30{NNB}AM"),
    ],
)
def test_the_spring_change_shows_the_wall_clock_on_both_sides(language: str, expected: str) -> None:
    # One hour passes: 00:30 UTC is 1:30 CET, 01:30 UTC is 3:30 CEST.
    start = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    end = datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert span(start, end, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", f"Sonntag, 31. Oktober 2027, 2:30{NB}Uhr MESZ – 2:30{NB}Uhr MEZ"),
        ("en", f"Sunday, October 31, 2027, 2:30{NNB}AM CEST – 2:30{NNB}AM CET"),
    ],
)
def test_the_autumn_change_names_the_zone_where_the_clock_repeats(
    language: str, expected: str
) -> None:
    # 00:30 UTC is 2:30 CEST, 01:30 UTC is 2:30 CET: the hour that happens twice.
    start = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    end = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert span(start, end, language) == expected


def test_summer_and_winter_events_show_the_local_time_of_their_day() -> None:
    summer = datetime(2027, 7, 1, 17, 0, tzinfo=UTC)  # 19:00 CEST
    winter = datetime(2027, 1, 14, 18, 0, tzinfo=UTC)  # 19:00 CET
    assert datetimes.clock(summer, "de", BERLIN) == f"19:00{NB}Uhr"
    assert datetimes.clock(winter, "de", BERLIN) == f"19:00{NB}Uhr"
    assert datetimes.clock(winter, "en", BERLIN) == f"7:00{NNB}PM"


@pytest.mark.parametrize(
    ("all_day", "language", "expected"),
    [
        (False, "de", f"Donnerstag, 1. Juli 2027, 19:00{NB}Uhr"),
        (False, "en", f"Thursday, July 1, 2027, 7:00{NNB}PM"),
        (True, "de", "Donnerstag, 1. Juli 2027"),
    ],
)
def test_a_start_alone(all_day: bool, language: str, expected: str) -> None:
    start = local(2027, 7, 1, 0, 0) if all_day else local(2027, 7, 1, 19, 0)
    assert datetimes.start_moment(start, BERLIN, all_day=all_day, locale=language) == expected


# --- timestamps, dates, years ----------------------------------------------------------

SAVED = datetime(2026, 10, 19, 1, 29, 14, tzinfo=UTC)  # 3:29:14 in Berlin


@pytest.mark.parametrize(
    ("helper", "language", "expected"),
    [
        (datetimes.timestamp, "de", f"19.10.2026, 3:29{NB}Uhr"),
        (datetimes.timestamp, "en", f"10/19/2026, 3:29{NNB}AM"),
        (datetimes.long_timestamp, "de", f"19. Oktober 2026, 3:29{NB}Uhr"),
        (datetimes.long_timestamp, "en", f"October 19, 2026, 3:29{NNB}AM"),
        (datetimes.clock, "de", f"3:29{NB}Uhr"),
        (datetimes.clock, "en", f"3:29{NNB}AM"),
    ],
)
def test_timestamps_show_no_seconds(helper: object, language: str, expected: str) -> None:
    text = helper(SAVED, language, BERLIN)  # type: ignore[operator]
    assert text == expected
    assert ":14" not in text


def test_a_wall_clock_time_from_a_form_is_not_converted() -> None:
    assert datetimes.clock(datetime(2027, 3, 28, 2, 30), "de") == f"2:30{NB}Uhr"


@pytest.mark.parametrize(
    ("helper", "language", "expected"),
    [
        (datetimes.numeric_date, "de", "01.07.2027"),
        (datetimes.numeric_date, "en", "7/1/2027"),
        (datetimes.long_date, "de", "1. Juli 2027"),
        (datetimes.long_date, "en", "July 1, 2027"),
        (datetimes.full_date, "de", "Donnerstag, 1. Juli 2027"),
        (datetimes.full_date, "en", "Thursday, July 1, 2027"),
        (datetimes.month_year, "de", "Juli 2027"),
        (datetimes.day_month, "de", "1. Juli"),
        (datetimes.day_month, "en", "July 1"),
    ],
)
def test_dates_long_in_text_and_numeric_in_tables(
    helper: object, language: str, expected: str
) -> None:
    assert helper(date(2027, 7, 1), locale=language) == expected  # type: ignore[operator]


def test_an_instant_falls_on_the_readers_day() -> None:
    # 23:30 UTC on 30 June is already 1 July in Berlin.
    assert datetimes.numeric_date(datetime(2027, 6, 30, 23, 30, tzinfo=UTC), "de", BERLIN) == (
        "01.07.2027"
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(2024, 2024, "2024"), (2019, 2024, "2019–2024"), (2024, None, "2024"), (None, None, "")],
)
def test_a_one_year_project_reads_as_one_year(
    start: int | None, end: int | None, expected: str
) -> None:
    assert datetimes.year_span(start, end) == expected


# --- the filters, and that templates use them -------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", f"01.07.2027 · 1. Juli 2027 · 19.10.2026, 3:29{NB}Uhr · 3:29{NB}Uhr"),
        ("en", f"7/1/2027 · July 1, 2027 · 10/19/2026, 3:29{NNB}AM · 3:29{NNB}AM"),
    ],
)
def test_the_filters_follow_the_readers_language(app: Flask, language: str, expected: str) -> None:
    template = (
        "{{ day|numeric_date }} · {{ day|long_date }} · {{ saved|timestamp }} · {{ saved|clock }}"
    )
    with app.test_request_context(headers={"Accept-Language": language}):
        text = render_template_string(template, day=date(2027, 7, 1), saved=SAVED)
    assert text == expected


OLD_WAYS = re.compile(r"\|\s*(dateformat|datetimeformat|timeformat)\b|strftime|format_datetime")


def test_no_template_formats_dates_its_own_way() -> None:
    offending = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in OLD_WAYS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offending == []
