"""The census charts as inline SVG, drawn on the server.

No chart script from anywhere: a chart is a handful of rectangles, lines and texts with
our own CSS classes (the CSP allows no inline style, so there are no style attributes).
Every chart is an image with a title and a description as its text alternative; the
page puts a data table with the same numbers next to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup, escape

from kb.i18n import request_locale

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
WIDTH = 640
FONT_WIDTH = 7.5  # average width of a label character, for cutting long labels


def _locale(locale: Locale | str | None) -> str:
    return str(locale if locale is not None else request_locale()[0])


# The census page writes about 450 numbers; Babel's formatting of each was a third of
# the page's time. The same few hundred numbers come back on every request, so each is
# formatted once per worker and language (the caches are bounded).
def format_number(value: float, locale: Locale | str | None = None) -> str:
    return _format_number(value, _locale(locale))


def format_share(percent: float | None, locale: Locale | str | None = None) -> str:
    """A share given in percent (33.3) as the locale writes it ("33,3 %"); "–" for none."""
    if percent is None:
        return "–"
    return _format_share(percent, _locale(locale))


@lru_cache(maxsize=4096)
def _format_number(value: float, locale: str) -> str:
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=4096)
def _format_share(percent: float, locale: str) -> str:
    # Decimal, so 33.3 stays 33.3 and is not printed as 33.299999…
    fraction = Decimal(str(percent)) / 100
    return format_percent(fraction, locale=locale, decimal_quantization=False)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # what the bar's length shows
    text: str  # the value as the reader sees it, e.g. "12 of 40 (30 %)"


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    text: str


def scaled(value: float, maximum: float, length: float) -> float:
    """`value` of `maximum` as a part of `length`; nothing to show when the maximum is 0."""
    if maximum <= 0 or value <= 0:
        return 0.0
    return min(length, length * value / maximum)


def _n(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _cut(label: str, room: float) -> str:
    most = max(3, int(room / FONT_WIDTH))
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _safe_id(chart_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", chart_id) or "chart"


def _svg(chart_id: str, title: str, description: str, height: float, body: list[str]) -> Markup:
    chart_id = _safe_id(chart_id)
    head = (
        f'<svg xmlns="{SVG_NAMESPACE}" class="chart" id="{chart_id}" role="img" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" height="{_n(height)}" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704  (every text is escaped above)


def _describe(items: Sequence[Bar | Point]) -> str:
    parts = [f"{item.label if isinstance(item, Bar) else item.year}: {item.text}" for item in items]
    return "; ".join(parts) + "." if parts else ""


def _labelled(count: int, room: int) -> list[int]:
    """Which of `count` points on an axis get a label: as many as there is room for,
    evenly spaced, the first and the last always."""
    every = max(1, -(-count // max(1, room)))
    chosen = list(range(0, count, every))
    if count and chosen[-1] != count - 1:
        if count - 1 - chosen[-1] < every and len(chosen) > 1:
            chosen.pop()
        chosen.append(count - 1)
    return chosen


def _text(x: float, y: float, content: str, css: str, anchor: str = "start") -> str:
    return (
        f'<text class="{css}" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">'
        f"{escape(content)}</text>"
    )


def column_chart(
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    maximum: float,
    tick_format: Callable[[float], str],
    description: str | None = None,
) -> Markup:
    """Vertical bars side by side, e.g. the share of authorities present per level."""
    left, top, plot_height, bottom = 56.0, 24.0, 200.0, 40.0
    plot_width = WIDTH - left - 8
    height = top + plot_height + bottom
    baseline = top + plot_height
    body = ['<g class="chart__grid" aria-hidden="true">']
    for step in range(5):
        tick = maximum * step / 4
        y = baseline - scaled(tick, maximum, plot_height) if maximum > 0 else baseline
        body.append(
            f'<line class="chart__gridline" x1="{_n(left)}" x2="{_n(left + plot_width)}" '
            f'y1="{_n(y)}" y2="{_n(y)}"/>'
        )
        body.append(_text(left - 6, y + 4, tick_format(tick), "chart__tick", "end"))
        if maximum <= 0:
            break
    body.append("</g>")
    slot = plot_width / max(1, len(bars))
    bar_width = slot * 0.6
    for index, bar in enumerate(bars):
        bar_height = scaled(bar.value, maximum, plot_height)
        x = left + slot * index + (slot - bar_width) / 2
        centre = x + bar_width / 2
        body.append(
            f'<rect class="chart__bar chart__bar--{index % 4}" x="{_n(x)}" '
            f'y="{_n(baseline - bar_height)}" width="{_n(bar_width)}" height="{_n(bar_height)}"/>'
        )
        body.append(_text(centre, baseline - bar_height - 6, bar.text, "chart__value", "middle"))
        body.append(_text(centre, baseline + 20, _cut(bar.label, slot), "chart__label", "middle"))
    body.append(
        f'<line class="chart__axis" x1="{_n(left)}" x2="{_n(left + plot_width)}" '
        f'y1="{_n(baseline)}" y2="{_n(baseline)}"/>'
    )
    return _svg(chart_id, title, description or _describe(bars), height, body)


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    maximum: float,
    description: str | None = None,
) -> Markup:
    """Horizontal bars, one row each, e.g. the share of authorities present per platform."""
    label_width, row, top = 150.0, 28.0, 8.0
    value_room = 150.0
    plot_width = WIDTH - label_width - value_room
    height = top * 2 + row * max(1, len(bars))
    body: list[str] = []
    for index, bar in enumerate(bars):
        y = top + row * index
        length = scaled(bar.value, maximum, plot_width)
        body.append(
            _text(label_width - 8, y + 18, _cut(bar.label, label_width - 8), "chart__label", "end")
        )
        body.append(
            f'<rect class="chart__bar chart__bar--{index % 4}" x="{_n(label_width)}" '
            f'y="{_n(y + 5)}" width="{_n(length)}" height="{_n(row - 10)}"/>'
        )
        body.append(_text(label_width + length + 6, y + 18, bar.text, "chart__value"))
    body.append(
        f'<line class="chart__axis" x1="{_n(label_width)}" x2="{_n(label_width)}" '
        f'y1="{_n(top)}" y2="{_n(height - top)}"/>'
    )
    return _svg(chart_id, title, description or _describe(bars), height, body)


def line_chart(
    chart_id: str,
    title: str,
    points: Sequence[Point],
    maximum: float,
    description: str | None = None,
) -> Markup:
    """A value year by year, e.g. how many federal ministries were on Facebook each year."""
    left, top, plot_height, bottom, right = 56.0, 16.0, 160.0, 36.0, 24.0
    plot_width = WIDTH - left - right
    height = top + plot_height + bottom
    baseline = top + plot_height
    body = ['<g class="chart__grid" aria-hidden="true">']
    ticks = sorted({0, round(maximum / 2), round(maximum)}) if maximum > 0 else [0]
    for tick in ticks:
        y = baseline - scaled(tick, maximum, plot_height)
        body.append(
            f'<line class="chart__gridline" x1="{_n(left)}" x2="{_n(left + plot_width)}" '
            f'y1="{_n(y)}" y2="{_n(y)}"/>'
        )
        body.append(_text(left - 6, y + 4, format_number(tick), "chart__tick", "end"))
    body.append("</g>")
    if points:
        first, last = points[0].year, points[-1].year
        span = max(1, last - first)

        def x_of(year: int) -> float:
            if last == first:
                return left + plot_width / 2
            return left + plot_width * (year - first) / span

        coordinates = [
            (x_of(p.year), baseline - scaled(p.value, maximum, plot_height)) for p in points
        ]
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in coordinates)
        body.append(f'<polyline class="chart__line" fill="none" points="{path}"/>')
        for x, y in coordinates:
            body.append(f'<circle class="chart__point" cx="{_n(x)}" cy="{_n(y)}" r="3.5"/>')
        for index in _labelled(len(points), int(plot_width // 48)):
            x = coordinates[index][0]
            body.append(_text(x, baseline + 20, str(points[index].year), "chart__label", "middle"))
    body.append(
        f'<line class="chart__axis" x1="{_n(left)}" x2="{_n(left + plot_width)}" '
        f'y1="{_n(baseline)}" y2="{_n(baseline)}"/>'
    )
    return _svg(chart_id, title, description or _describe(points), height, body)
