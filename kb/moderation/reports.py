"""Reports: a logged-in reader tells the moderators what is wrong with an entry, a case
study, an event, a comment or a profile (DSA Art. 16), and follows what became of it.

One person reports one thing once (the unique constraint of `Report`); what the
moderators decide comes back on the report as `resolved_at` and its `Decision`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from flask import render_template, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from kb import cursors, registry
from kb.extensions import db
from kb.moderation import demo_reports
from kb.moderation.grounds import GROUND_LABELS
from kb.moderation.models import Action, Reason, Report, ReportSource
from kb.policy import is_member
from kb.registry import ContentType, Described, Panel, Registry
from kb.templating import shared_html
from kb.users import User

# The reasons a reader chooses are the grounds a decision names.
REASON_LABELS = GROUND_LABELS

# What the reporter reads once the moderators decided (without the author's private data).
OUTCOMES: dict[Action, LazyString] = {
    Action.APPROVE: _l("Checked: the content stays online."),
    Action.DISMISS: _l("Checked: no breach of the rules found, the content stays online."),
    Action.HIDE: _l("The content was hidden."),
    Action.RESTORE: _l("The content is shown again."),
    Action.DELETE: _l("The content was deleted."),
    Action.REJECT: _l("The content was not published."),
    Action.WARN: _l("The author was warned."),
    Action.SUSPEND: _l("The author's account was suspended."),
    Action.UNSUSPEND: _l("The author's account was reinstated."),
}
HANDLED = _l("Handled by the moderators.")

# The longest report title kept with the report (the column's length).
LABEL_LENGTH = 200
REPORTS_PER_PAGE = 20
LIST_NAME = "my-reports"


@dataclass(frozen=True)
class Reportable:
    """A record a reader may report, with what the report page shows of it."""

    content_type: ContentType
    record: Any
    title: str
    url: str  # its page ("" when it has none the reader can open)

    @property
    def type_name(self) -> str:
        return self.content_type.name

    @property
    def record_id(self) -> int:
        return int(self.record.id)


class AlreadyReported(Exception):
    def __init__(self, report: Report) -> None:
        super().__init__(report.id)
        self.report = report


def excerpt(text: str, length: int = LABEL_LENGTH) -> str:
    """One line of at most `length` characters (a comment's body stands for its title)."""
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def find_reportable(type_name: str, record_id: int, viewer: Any) -> Reportable | None:
    """The record, if it is of a moderated type and `viewer` may see it; else None (404)."""
    content_type = registry.current().get(type_name)
    if content_type is None or not content_type.moderated:
        return None
    record = db.session.get(content_type.model, record_id)
    if record is None or not content_type.can_view(viewer, record):
        return None
    return Reportable(
        content_type=content_type,
        record=record,
        title=excerpt(str(getattr(record, content_type.title.key) or "")),
        url=content_type.url(record),
    )


def is_own(reportable: Reportable, viewer: Any) -> bool:
    return is_member(viewer) and viewer.id in reportable.content_type.owner_ids(reportable.record)


def earlier_report(reporter: User, type_name: str, record_id: int) -> Report | None:
    return db.session.scalar(
        select(Report).where(
            Report.reporter_id == reporter.id,
            Report.target_type == type_name,
            Report.target_id == record_id,
        )
    )


def send_report(reportable: Reportable, reporter: User, reason: Reason, note: str) -> Report:
    """Store and commit the report; AlreadyReported if this member reported it before
    (also when a second request got there first: the unique constraint decides)."""
    report = Report(
        reporter_id=reporter.id,
        source=ReportSource.MEMBER,
        target_type=reportable.type_name,
        target_id=reportable.record_id,
        target_label=reportable.title,
        reason=reason,
        note=note,
    )
    db.session.add(report)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        earlier = earlier_report(reporter, reportable.type_name, reportable.record_id)
        if earlier is None:
            raise
        raise AlreadyReported(earlier) from None
    return report


# --- the reporter's list -------------------------------------------------------------------


@dataclass(frozen=True)
class ReportItem:
    report: Report
    type_label: str
    url: str  # the content's page while the reporter may still see it, else ""

    @property
    def reason(self) -> LazyString:
        return REASON_LABELS[self.report.reason]

    @property
    def is_open(self) -> bool:
        return self.report.resolved_at is None

    @property
    def outcome(self) -> LazyString | None:
        if self.is_open:
            return None
        decision = self.report.decision
        return OUTCOMES.get(decision.action, HANDLED) if decision else HANDLED


@dataclass(frozen=True)
class ReportPage:
    items: list[ReportItem]
    next_cursor: str | None


def my_reports(
    reporter: User, cursor: str | None = None, per_page: int = REPORTS_PER_PAGE
) -> ReportPage:
    """The member's reports, newest first: one query for the reports with their
    decisions, one per content type for where the content is now."""
    query = (
        select(Report)
        .where(Report.reporter_id == reporter.id)
        .options(selectinload(Report.decision))
        .order_by(Report.created_at.desc(), Report.id.desc())
        .limit(per_page + 1)
    )
    if cursor:
        created_at, report_id = cursors.decode_moment(cursor, LIST_NAME)
        query = query.where(tuple_(Report.created_at, Report.id) < tuple_(created_at, report_id))
    reports = list(db.session.scalars(query))
    more = len(reports) > per_page
    reports = reports[:per_page]
    places = _where_they_are(reports, reporter)
    items = []
    for report in reports:
        content_type = registry.current().get(report.target_type)
        place = places.get((report.target_type, report.target_id))
        items.append(
            ReportItem(
                report=report,
                type_label=str(content_type.label) if content_type else report.target_type,
                url=place.url if place else "",
            )
        )
    last = reports[-1] if reports else None
    next_cursor = cursors.encode(LIST_NAME, last.created_at, last.id) if more and last else None
    return ReportPage(items=items, next_cursor=next_cursor)


def _where_they_are(reports: list[Report], viewer: User) -> dict[tuple[str, int], Described]:
    ids_by_type: dict[str, list[int]] = defaultdict(list)
    for report in reports:
        ids_by_type[report.target_type].append(report.target_id)
    places: dict[tuple[str, int], Described] = {}
    for type_name, ids in ids_by_type.items():
        content_type = registry.current().get(type_name)
        if content_type is None:
            continue
        for record_id, described in content_type.describe(ids, viewer).items():
            places[(type_name, record_id)] = described
    return places


# --- the report link on every page ---------------------------------------------------------


def report_url(type_name: str, record_id: int) -> str:
    return url_for("moderation.report", target_type=type_name, target_id=record_id)


def report_link(name: str, record: Any, **_context: Any) -> str | None:
    """The "Report" link under an entry, a case study, an event or a profile (the panel
    slot "content"), for everyone but its authors: readers who are not logged in are
    asked to log in first."""
    content_type = registry.current().get(name)
    if content_type is None or not content_type.moderated:
        return None
    if is_member(current_user) and current_user.id in content_type.owner_ids(record):
        return None
    # The same link for every reader (kb.templating.shared_html).
    return shared_html(
        ("moderation.report_link", name, record.id),
        lambda: render_template(
            "moderation/_report_link.html",
            url=report_url(name, record.id),
            label=content_type.label,
        ),
    )


def register(registry: Registry) -> None:
    registry.report_url = report_url
    registry.add_panel("content", Panel("report", report_link, order=50))
    registry.add_demo_step(demo_reports.STEP)
