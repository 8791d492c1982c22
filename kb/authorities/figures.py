"""The census as charts: each an inline SVG drawn on the server, with a text alternative."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from kb.authorities import charts
from kb.authorities.census import CACHE_SIZE, Census, Coverage, Timeline
from kb.authorities.forms import KIND_GROUP_LABELS, LEVEL_GROUP_LABELS, census_params
from kb.directory import LEVEL_LABELS


@dataclass(frozen=True)
class TimelineView:
    title: str
    chart: Markup
    rows: list[tuple[int, Coverage]]


def coverage_chart(census: Census) -> Markup:
    bars = [
        charts.Bar(
            str(LEVEL_LABELS[level]),
            coverage.percent or 0,
            charts.format_share(coverage.percent),
        )
        for level, coverage in census.by_level.items()
    ]
    description = "; ".join(
        ngettext(
            "%(level)s: %(present)s of %(total)s authority (%(share)s)",
            "%(level)s: %(present)s of %(total)s authorities (%(share)s)",
            coverage.total,
            level=LEVEL_LABELS[level],
            present=charts.format_number(coverage.present),
            total=charts.format_number(coverage.total),
            share=charts.format_share(coverage.percent),
        )
        for level, coverage in census.by_level.items()
    )
    return charts.column_chart(
        "chart-levels",
        _("Share of authorities with at least one active social-media account, per level"),
        bars,
        100,
        charts.format_share,
        description=description + ".",
    )


def platform_chart(census: Census) -> Markup:
    bars = [
        charts.Bar(
            row.platform_name,
            row.overall.percent or 0,
            _(
                "%(present)s (%(share)s)",
                present=charts.format_number(row.overall.present),
                share=charts.format_share(row.overall.percent),
            ),
        )
        for row in census.platforms
    ]
    description = "; ".join(
        ngettext(
            "%(platform)s: %(present)s of %(total)s authority (%(share)s)",
            "%(platform)s: %(present)s of %(total)s authorities (%(share)s)",
            row.overall.total,
            platform=row.platform_name,
            present=charts.format_number(row.overall.present),
            total=charts.format_number(row.overall.total),
            share=charts.format_share(row.overall.percent),
        )
        for row in census.platforms
    )
    return charts.bar_chart(
        "chart-platforms",
        _("Share of authorities with an active social-media account, per platform"),
        bars,
        100,
        description=description + "." if description else _("No accounts yet."),
    )


def timeline_title(timeline: Timeline) -> str:
    if timeline.kind:
        group = KIND_GROUP_LABELS[timeline.kind]
    elif timeline.level:
        group = LEVEL_GROUP_LABELS[timeline.level]
    else:
        group = _("All authorities")
    return str(
        _("%(group)s on %(platform)s, year by year", group=group, platform=timeline.platform_name)
    )


def timeline_chart(timeline: Timeline, index: int) -> Markup:
    total = max((point.total for point in timeline.points), default=0)
    points = [
        charts.Point(
            point.year,
            point.present,
            _(
                "%(present)s of %(total)s",
                present=charts.format_number(point.present),
                total=charts.format_number(point.total),
            ),
        )
        for point in timeline.points
    ]
    return charts.line_chart(f"chart-timeline-{index}", timeline_title(timeline), points, total)


RESULTS_KEY = "kb.census_results"


def census_results(census: Census) -> Markup:
    """The census's figures, charts and downloads as HTML, rendered once per figures
    object and worker.

    census() keeps one figures object per registry version, filters, day and language,
    and everything in this part of the page follows from it; a write to the registry
    raises the version and so brings new figures and a new rendering. Drawing the charts
    and formatting some 450 numbers was nearly all of the census page's time. The entry
    holds the figures object itself, so its id cannot be reused while the entry lives.
    """
    cache: dict[int, tuple[Census, Markup]] = current_app.extensions.setdefault(RESULTS_KEY, {})
    found = cache.get(id(census))
    if found is not None and found[0] is census:
        return found[1]
    # An autoescaping template's output: every value in it is escaped already.
    html = Markup(  # noqa: S704
        render_template(
            "authorities/_census_results.html",
            census=census,
            levels=list(census.by_level),
            coverage_chart=coverage_chart(census),
            platform_chart=platform_chart(census),
            timelines=timeline_views(census),
            params=census_params(census.filters),
        )
    )
    if len(cache) >= CACHE_SIZE:
        cache.pop(next(iter(cache)), None)
    cache[id(census)] = (census, html)
    return html


def timeline_views(census: Census) -> list[TimelineView]:
    return [
        TimelineView(
            title=timeline_title(timeline),
            chart=timeline_chart(timeline, index),
            rows=[(point.year, Coverage(point.total, point.present)) for point in timeline.points],
        )
        for index, timeline in enumerate(census.timelines, start=1)
    ]
