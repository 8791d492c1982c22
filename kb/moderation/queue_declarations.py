"""What the queue is to the rest of the app: the notification kinds it sends, the
moderation link in the header, the suspension forms on an admin's user page, and the
queue's demo content."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from kb.moderation import actions, demo_queue, queue, suspension_appeals
from kb.moderation.grounds import action_label
from kb.moderation.models import Action, AppealOutcome
from kb.moderation.queue_forms import SuspendForm, UnsuspendForm
from kb.policy import can_moderate
from kb.registry import DemoStep, NotificationKind, Panel, Registry


def _action(data: Mapping[str, Any]) -> str:
    try:
        return action_label(Action(data.get("action", "")))
    except ValueError:
        return ""


def _title(data: Mapping[str, Any]) -> str:
    return str(data.get("title", ""))


def decision_message(data: Mapping[str, Any]) -> str:
    return str(
        _(
            "A moderator decided on “%(title)s”: %(decision)s. Read the statement of reasons "
            "and how to contest it.",
            title=_title(data),
            decision=_action(data),
        )
    )


def report_message(data: Mapping[str, Any]) -> str:
    return str(
        _(
            "Your report on “%(title)s” is decided: %(decision)s.",
            title=_title(data),
            decision=_action(data),
        )
    )


def appeal_message(data: Mapping[str, Any]) -> str:
    if data.get("outcome") == AppealOutcome.REVERSED.value:
        return str(
            _("Your appeal on “%(title)s” succeeded: the decision is reversed.", title=_title(data))
        )
    return str(_("Your appeal on “%(title)s” is decided: the decision stands.", title=_title(data)))


def approved_message(data: Mapping[str, Any]) -> str:
    return str(_("Your post “%(title)s” is approved and now published.", title=_title(data)))


NOTIFICATION_KINDS = (
    NotificationKind(
        "moderation.decision", _l("Moderation decisions on your content"), decision_message
    ),
    NotificationKind("report.decided", _l("Decisions on your reports"), report_message),
    NotificationKind("appeal.decided", _l("Decisions on your appeals"), appeal_message),
    NotificationKind("post.approved", _l("Your posts approved"), approved_message),
)


def header_link(user: Any = None, **_context: Any) -> str | None:
    """For moderators: the queue, with how many items wait."""
    if not can_moderate(user):
        return None
    return render_template("moderation/_header_link.html", waiting=queue.waiting())


def suspension_panel(user: Any = None, **_context: Any) -> str | None:
    """On an admin's page of a member: suspend, or end the suspension."""
    if user is None or not actions.can_suspend(current_user, user):
        return None
    return render_template(
        "moderation/_suspension.html",
        account=user,
        suspend_form=SuspendForm(formdata=None),
        unsuspend_form=UnsuspendForm(formdata=None),
    )


def register(registry: Registry) -> None:
    for kind in NOTIFICATION_KINDS:
        registry.add_notification_kind(kind)
    registry.add_panel("header.member", Panel("moderation", header_link, order=20))
    registry.add_panel("admin.user", Panel("suspension", suspension_panel, order=50))
    registry.add_panel(
        "accounts.suspended", Panel("reasons", suspension_appeals.suspension_reasons, order=10)
    )
    registry.add_demo_step(DemoStep("moderation-queue", demo_queue.load, order=95))
