"""The appeal of a suspended member (DSA Art. 20), who cannot log in to file it.

The login page shows a suspended member, once the password is right, the statement of
reasons of their suspension (the `accounts.suspended` panel). The panel carries the appeal
form, and the form a signed token that stands in for the session: it names the member and
the decision, lives an hour and dies with a password change. Only whoever knew the password
holds one, as only they could read the reasons.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, flash, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from kb.extensions import db
from kb.htmx import render
from kb.http import INVALID_FORM, see_other
from kb.moderation import appeals, blueprint
from kb.moderation.grounds import GROUND_LABELS, GROUND_RULES
from kb.moderation.models import Action, Decision
from kb.moderation.queue_forms import SuspensionAppealForm
from kb.users import User

TOKEN_MAX_AGE = 3600  # seconds: the time to write an appeal after logging in
_SALT = "kb.moderation.suspension-appeal"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=_SALT)


def _fingerprint(user: User) -> str:
    """Changes with the password, so that a new password ends old tokens."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def make_token(user: User, decision: Decision) -> str:
    return _serializer().dumps([user.id, decision.id, _fingerprint(user)])


@dataclass(frozen=True)
class Appellant:
    user: User
    decision: Decision


def read_token(token: str) -> Appellant | None:
    """The member and the suspension the token names, or None when it is forged, expired,
    from before a password change, or the suspension is over."""
    try:
        user_id, decision_id, fingerprint = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except (BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(user_id, int) and isinstance(decision_id, int)):
        return None
    user = db.session.get(User, user_id)
    decision = db.session.get(Decision, decision_id)
    if user is None or decision is None or fingerprint != _fingerprint(user):
        return None
    if decision.subject_id != user.id or decision.action != Action.SUSPEND:
        return None
    if not user.is_suspended:
        return None
    return Appellant(user, decision)


def latest_suspension(user: User) -> Decision | None:
    return db.session.scalar(
        select(Decision)
        .where(Decision.subject_id == user.id, Decision.action == Action.SUSPEND)
        .order_by(Decision.created_at.desc(), Decision.id.desc())
        .limit(1)
    )


def _context(user: User, decision: Decision, form: SuspensionAppealForm | None) -> dict[str, Any]:
    appeal = appeals.appeal_of(decision)
    can_appeal = appeals.can_appeal(user, decision, appeal)
    if form is None and can_appeal:
        form = SuspensionAppealForm(formdata=None, token=make_token(user, decision))
    return {
        "decision": decision,
        "ground": GROUND_LABELS[decision.ground],
        "rule": GROUND_RULES[decision.ground],
        "appeal": appeal,
        "appeal_form": form if can_appeal else None,
    }


def suspension_reasons(user: Any = None, **_context_args: Any) -> str | None:
    """The `accounts.suspended` panel: the statement of reasons of the member's latest
    suspension, with its appeal (the form, or where the appeal stands)."""
    if user is None:
        return None
    decision = latest_suspension(user)
    if decision is None:
        return None
    return render_template("moderation/_suspension_reasons.html", **_context(user, decision, None))


@blueprint.route("/moderation/suspension-appeal", methods=["POST"])
def suspension_appeal() -> Response:
    form = SuspensionAppealForm()
    appellant = read_token(form.token.data or "")
    if appellant is None:
        return render(
            "moderation/suspension_appeal.html", expired=True, status=400, form=None, decision=None
        )
    user, decision = appellant.user, appellant.decision
    if not form.validate_on_submit():
        return render(
            "moderation/suspension_appeal.html",
            status=INVALID_FORM,
            expired=False,
            form=form,
            **_context(user, decision, form),
        )
    if not appeals.can_appeal(user, decision, appeals.appeal_of(decision)):
        flash(_("This decision has been appealed already; an appeal is possible once."), "error")
        return see_other(url_for("accounts.login"))
    if appeals.file_appeal(user, decision, form.statement.data or "") is None:
        db.session.rollback()
        flash(_("This decision has been appealed already; an appeal is possible once."), "error")
    else:
        db.session.commit()
        flash(
            _(
                "Your appeal is sent. A moderator who did not take the decision looks at it; "
                "when you log in again, the login page says how it was decided."
            ),
            "success",
        )
    return see_other(url_for("accounts.login"))
