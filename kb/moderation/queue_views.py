"""The moderation queue, one item with its actions, and an account's suspension."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import Form, SelectField

from kb import registry
from kb.extensions import db
from kb.forms import choices, with_all
from kb.htmx import render
from kb.http import INVALID_FORM, permission_required, require, see_other
from kb.moderation import actions, blueprint, decisions, queue
from kb.moderation.grounds import ACTION_BUTTONS, GROUND_LABELS, RESTRICTIONS, action_label
from kb.moderation.models import Action, Reason
from kb.moderation.queue_forms import ActionForm, SuspendForm, UnsuspendForm
from kb.policy import can_moderate
from kb.timeutil import utcnow
from kb.users import User

WHAT_LABELS = {
    queue.What.REPORTED: _l("Reported"),
    queue.What.HELD: _l("Held for review"),
    queue.What.APPEALS: _l("Appeals"),
    queue.What.PROPOSALS: _l("Registry proposals"),
}


class QueueFilterForm(Form):
    """The queue's filters, from the query string (no CSRF: it changes nothing)."""

    what = SelectField(_l("What"), default="")
    type = SelectField(_l("Content type"), default="")
    reason = SelectField(_l("Reason"), default="")


def filter_form() -> tuple[QueueFilterForm, queue.QueueFilter]:
    form = QueueFilterForm(request.args)
    form.what.choices = with_all(
        _l("Everything"), choices({what.value: label for what, label in WHAT_LABELS.items()})
    )
    form.type.choices = with_all(
        _l("All types"),
        choices({item.name: item.label for item in queue.moderated_types()}),
    )
    form.reason.choices = with_all(
        _l("All reasons"),
        choices({reason.value: label for reason, label in GROUND_LABELS.items()}),
    )
    limit = request.args.get("limit", str(queue.PAGE))
    if not form.validate() or not limit.isdigit() or not 0 < int(limit) <= queue.MAX_LIMIT:
        abort(400)
    return form, queue.QueueFilter(
        what=queue.What(form.what.data) if form.what.data else None,
        type=form.type.data or None,
        reason=Reason(form.reason.data) if form.reason.data else None,
        limit=int(limit),
    )


@blueprint.route("/moderation/")
@permission_required(can_moderate)
def queue_index() -> Response:
    form, queue_filter = filter_form()
    waiting = queue.load(queue_filter)
    more_url = None
    if waiting.more:
        arguments: dict[str, Any] = {
            key: value for key, value in request.args.items() if key != "limit"
        }
        more_url = url_for(
            "moderation.queue_index",
            **arguments,
            limit=min(queue_filter.limit + queue.PAGE, queue.MAX_LIMIT),
        )
    return render(
        "moderation/queue.html",
        block="results",
        form=form,
        queue=waiting,
        queue_filter=queue_filter,
        more_url=more_url if queue_filter.limit < queue.MAX_LIMIT else None,
        filtered=bool(queue_filter.what or queue_filter.type or queue_filter.reason),
        ground_labels=GROUND_LABELS,
        action_label=action_label,
    )


def item_page(target: actions.Target, form: ActionForm, status: int = 200) -> Response:
    item = queue.QueueItem(
        since=getattr(target.record, "created_at", None) or utcnow(),
        content_type=target.content_type,
        record_id=target.record_id,
        record=target.record,
    )
    queue.complete([item])
    available = actions.available_actions(target, bool(item.reports))
    author = item.author
    return render(
        "moderation/item.html",
        status=status,
        item=item,
        target=target,
        form=form,
        actions=available,
        buttons=ACTION_BUTTONS,
        restrictions=RESTRICTIONS,
        can_act=actions.can_act(current_user, target),
        author=author,
        can_suspend=author is not None and actions.can_suspend(current_user, author),
        history=decisions.history(target.content_type.name, target.record_id),
        action_label=action_label,
        ground_labels=GROUND_LABELS,
    )


@blueprint.route("/moderation/items/<type_name>/<int:record_id>")
@permission_required(can_moderate)
def item(type_name: str, record_id: int) -> Response:
    target = actions.load_target(type_name, record_id)
    return item_page(target, ActionForm(formdata=None))


@blueprint.route("/moderation/items/<type_name>/<int:record_id>/<action_name>", methods=["POST"])
@permission_required(can_moderate)
def act(type_name: str, record_id: int, action_name: str) -> Response:
    try:
        action = Action(action_name)
    except ValueError:
        abort(404)
    if action not in actions.CONTENT_ACTIONS:
        abort(404)
    target = actions.load_target(type_name, record_id)
    require(actions.can_act(current_user, target))
    has_reports = actions.has_open_reports(type_name, record_id)
    if action not in actions.available_actions(target, has_reports):
        abort(409)
    form = ActionForm()
    valid = form.validate_on_submit()
    if action in RESTRICTIONS:
        valid = form.require_ground() and valid
    if not valid:
        return item_page(target, form, INVALID_FORM)
    decision = actions.act(
        current_user, target, action, form.reason or Reason.OTHER, form.facts.data or ""
    )
    db.session.commit()
    flash(
        _(
            "Decided: %(decision)s (“%(title)s”).",
            decision=action_label(action),
            title=decision.target_label,
        ),
        "success",
    )
    return see_other(url_for("moderation.queue_index"))


# --- accounts ------------------------------------------------------------------------------


def load_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def profile_url(user: User) -> str:
    profile = registry.current().get("profile")
    return profile.url(user) if profile is not None else ""


def account_page(
    user: User,
    suspend_form: SuspendForm | None = None,
    unsuspend_form: UnsuspendForm | None = None,
    status: int = 200,
) -> Response:
    return render(
        "moderation/account.html",
        status=status,
        account=user,
        suspend_form=suspend_form or SuspendForm(formdata=None),
        unsuspend_form=unsuspend_form or UnsuspendForm(formdata=None),
        can_suspend=actions.can_suspend(current_user, user),
        history=decisions.history("profile", user.id),
        action_label=action_label,
        profile_url=profile_url(user),
    )


@blueprint.route("/moderation/users/<int:user_id>")
@permission_required(can_moderate)
def account(user_id: int) -> Response:
    return account_page(load_user(user_id))


@blueprint.route("/moderation/users/<int:user_id>/suspend", methods=["POST"])
@permission_required(can_moderate)
def suspend(user_id: int) -> Response:
    user = load_user(user_id)
    require(actions.can_suspend(current_user, user))
    form = SuspendForm()
    if not form.validate_on_submit():
        return account_page(user, suspend_form=form, status=INVALID_FORM)
    actions.suspend(current_user, user, Reason(form.ground.data), form.facts.data or "", form.days)
    db.session.commit()
    flash(_("%(name)s is suspended.", name=user.display_name), "success")
    return see_other(url_for("moderation.account", user_id=user.id))


@blueprint.route("/moderation/users/<int:user_id>/unsuspend", methods=["POST"])
@permission_required(can_moderate)
def unsuspend(user_id: int) -> Response:
    user = load_user(user_id)
    require(actions.can_suspend(current_user, user))
    if not user.is_suspended:
        abort(409)
    form = UnsuspendForm()
    if not form.validate_on_submit():
        return account_page(user, unsuspend_form=form, status=INVALID_FORM)
    actions.unsuspend(current_user, user, form.facts.data or "")
    db.session.commit()
    flash(_("The suspension of %(name)s has ended.", name=user.display_name), "success")
    return see_other(url_for("moderation.account", user_id=user.id))
