"""The statement of reasons, the appeal against it, and the appeal's decision."""

from __future__ import annotations

from flask import Response, abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from kb.extensions import db
from kb.htmx import render
from kb.http import INVALID_FORM, login_required, permission_required, require, see_other
from kb.moderation import appeals, blueprint, decisions
from kb.moderation.grounds import GROUND_LABELS, GROUND_RULES, action_label
from kb.moderation.models import Appeal, AppealOutcome, Decision
from kb.moderation.queue_forms import AppealDecisionForm, AppealForm
from kb.policy import can_moderate


def decision_page(
    decision: Decision,
    appeal_form: AppealForm | None = None,
    outcome_form: AppealDecisionForm | None = None,
    status: int = 200,
) -> Response:
    appeal = appeals.appeal_of(decision)
    return render(
        "moderation/decision.html",
        status=status,
        decision=decision,
        action=action_label(decision.action),
        ground=GROUND_LABELS[decision.ground],
        rule=GROUND_RULES[decision.ground],
        appeal=appeal,
        appealable=appeals.is_appealable(decision),
        can_appeal=appeals.can_appeal(current_user, decision, appeal),
        appeal_form=appeal_form or AppealForm(formdata=None),
        can_decide=appeal is not None and appeals.can_decide(current_user, appeal),
        deciding_own=appeal is not None and appeals.is_own_decision(current_user, appeal),
        outcome_form=outcome_form or AppealDecisionForm(formdata=None),
        is_moderator=can_moderate(current_user),
        revisions=decisions.revisions(decision),
        revised=decisions.load_decision(decision.revises_id) if decision.revises_id else None,
        action_label=action_label,
    )


def visible_decision(decision_id: int) -> Decision:
    decision = decisions.load_decision(decision_id)
    if not decisions.can_view(current_user, decision):
        abort(404)
    return decision


@blueprint.route("/moderation/decisions/<int:decision_id>")
@login_required
def decision(decision_id: int) -> Response:
    return decision_page(visible_decision(decision_id))


@blueprint.route("/moderation/decisions/<int:decision_id>/appeal", methods=["POST"])
@login_required
def appeal(decision_id: int) -> Response:
    decision = visible_decision(decision_id)
    existing = appeals.appeal_of(decision)
    if existing is not None:
        flash(_("This decision has been appealed already; an appeal is possible once."), "error")
        return see_other(url_for("moderation.decision", decision_id=decision.id))
    require(appeals.can_appeal(current_user, decision, existing))
    form = AppealForm()
    if not form.validate_on_submit():
        return decision_page(decision, appeal_form=form, status=INVALID_FORM)
    if appeals.file_appeal(current_user, decision, form.statement.data or "") is None:
        db.session.rollback()
        flash(_("This decision has been appealed already; an appeal is possible once."), "error")
    else:
        db.session.commit()
        flash(_("Your appeal is sent. Another moderator will look at it."), "success")
    return see_other(url_for("moderation.decision", decision_id=decision.id))


@blueprint.route("/moderation/appeals/<int:appeal_id>/decide", methods=["POST"])
@permission_required(can_moderate)
def decide_appeal(appeal_id: int) -> Response:
    appeal = db.session.scalar(
        select(Appeal).where(Appeal.id == appeal_id).options(joinedload(Appeal.decision))
    )
    if appeal is None:
        abort(404)
    if appeal.decided_at is not None:
        abort(409)
    require(appeals.can_decide(current_user, appeal))
    form = AppealDecisionForm()
    if not form.validate_on_submit():
        return decision_page(appeal.decision, outcome_form=form, status=INVALID_FORM)
    outcome = AppealOutcome(form.outcome.data)
    appeals.decide(current_user, appeal, outcome, form.note.data or "")
    db.session.commit()
    flash(_("The appeal is decided; the member is told."), "success")
    return see_other(url_for("moderation.decision", decision_id=appeal.decision_id))
