"""The report page of every reportable record, and the reporter's list of reports."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, g, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from kb.errors import render_error
from kb.extensions import client_address, limiter
from kb.htmx import render, wants_fragment
from kb.http import CONFLICT, INVALID_FORM, ask_to_log_in, login_required, see_other
from kb.moderation import blueprint, reports
from kb.moderation.report_forms import NOTE_MAX_LENGTH, ReportForm

REPORT_TEMPLATE = "moderation/report.html"
LIMIT_TEXT = _l(
    "You have sent many reports in a short time. Thank you: the moderators will look at "
    "each of them. Please wait a while before you send the next one."
)


def report_limit() -> str:
    return str(current_app.config["KB_REPORT_LIMIT"])


def per_member() -> str:
    # Per account: colleagues in one authority often share one address.
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return client_address()


def report_stored(response: Response) -> bool:
    """Only reports that were stored count against the limit, not a form sent back for
    a missing note or a second report of the same thing."""
    return bool(g.get("report_stored"))


@blueprint.route("/moderation/report/<target_type>/<int:target_id>", methods=["GET", "POST"])
@limiter.limit(report_limit, key_func=per_member, methods=["POST"], deduct_when=report_stored)
def report(target_type: str, target_id: int) -> Response:
    reportable = reports.find_reportable(target_type, target_id, current_user)
    if reportable is None:
        abort(404)
    here = url_for("moderation.report", target_type=target_type, target_id=target_id)
    if not current_user.is_authenticated:
        return ask_to_log_in(here)
    context: dict[str, Any] = {
        "reportable": reportable,
        "reasons": reports.REASON_LABELS,
        "note_max": NOTE_MAX_LENGTH,
    }
    if reports.is_own(reportable, current_user):
        return render(REPORT_TEMPLATE, block="report", own=True, status=403, **context)
    earlier = reports.earlier_report(current_user, target_type, target_id)
    form = ReportForm()
    if earlier is None and form.validate_on_submit():
        try:
            earlier = reports.send_report(
                reportable, current_user, form.chosen_reason, form.note.data or ""
            )
        except reports.AlreadyReported as refusal:
            earlier = refusal.report
        else:
            g.report_stored = True
            flash(
                _(
                    "Thank you. Your report has been sent to the moderators. You will find "
                    "their decision under “My reports”."
                ),
                "success",
            )
            if not wants_fragment():
                return see_other(here)
            return render(REPORT_TEMPLATE, block="report", earlier=earlier, **context)
    status = 200
    if request.method == "POST":
        status = CONFLICT if earlier is not None else INVALID_FORM
    return render(
        REPORT_TEMPLATE, block="report", form=form, earlier=earlier, status=status, **context
    )


@blueprint.route("/moderation/my-reports")
@login_required
def my_reports() -> Response:
    page = reports.my_reports(current_user, request.args.get("after"))
    return render("moderation/reports_mine.html", page=page)


@blueprint.errorhandler(429)
def too_many_reports(error: HTTPException) -> Response:
    """The limit's page says why: reports are limited, not reading."""
    detail = str(LIMIT_TEXT) if request.endpoint == "moderation.report" else None
    response = render_error(429, detail)
    retry_after = error.get_response().headers.get("Retry-After")
    if retry_after:
        response.headers["Retry-After"] = retry_after
    return response
