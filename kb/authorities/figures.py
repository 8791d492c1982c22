"""The census as charts: each an inline SVG drawn on the server, with a text alternative."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from kb.authorities import charts
from kb.authorities.census import Census, Coverage, Timeline
from kb.authorities.forms import KIND_GROUP_LABELS, LEVEL_GROUP_LABELS
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
        _(
            "%(level)s: %(present)s of %(total)s authorities (%(share)s)",
            level=LEVEL_LABELS[level],
            present=charts.format_number(coverage.present),
            total=charts.format_number(coverage.total),
            share=charts.format_share(coverage.percent),
        )
        for level, coverage in census.by_level.items()
    )
    return charts.column_chart(
        "chart-levels",
        _("Share of authorities with at least one active account, per level"),
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
        _(
            "%(platform)s: %(present)s of %(total)s authorities (%(share)s)",
            platform=row.platform_name,
            present=charts.format_number(row.overall.present),
            total=charts.format_number(row.overall.total),
            share=charts.format_share(row.overall.percent),
        )
        for row in census.platforms
    )
    return charts.bar_chart(
        "chart-platforms",
        _("Share of authorities with an active account, per platform"),
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
