"""Wall-clock times in a time zone: checked for the gaps and overlaps of daylight saving."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class LocalTimeError(ValueError):
    """A wall-clock time that does not exist, or exists twice, in the chosen zone."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "gap" (spring forward) or "ambiguous" (fall back)


def known_timezone(name: str) -> bool:
    if name not in _zone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_ZONES: set[str] = set()


def _zone_names() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """The instant a naive wall-clock time in `zone` means; refuses gaps and overlaps."""
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Two readings: either the clock jumped over this time or passes it twice.
        back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        raise LocalTimeError("gap" if back != local else "ambiguous")
    return first.astimezone(UTC)


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight of `day` as UTC (the first existing instant of that day)."""
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    return midnight.astimezone(UTC).astimezone(zone).astimezone(UTC)
