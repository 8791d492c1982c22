"""The member's notifications: the list, opening one, marking one or all as read.

Every change is a POST form that answers with a redirect; htmx swaps the item or the
list instead, with the header's counter out of band.
"""

from __future__ import annotations

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from kb.extensions import db
from kb.htmx import render, wants_fragment
from kb.http import login_required, see_other
from kb.notifications import blueprint, service
from kb.notify import Notification
from kb.numbers import number

INDEX_TEMPLATE = "notifications/index.html"


def chosen_kind(value: str | None) -> str | None:
    """The kind the list is filtered by; one that is not declared is a bad request."""
    if not value:
        return None
    if not service.is_kind(value):
        abort(400)
    return value


def list_url(kind: str | None) -> str:
    return url_for("notifications.index", kind=kind)


def own_or_404(notification_id: int) -> Notification:
    notification = service.own_notification(current_user.id, notification_id)
    if notification is None:
        abort(404)
    return notification


@blueprint.route("/notifications")
@login_required
def index() -> Response:
    kind = chosen_kind(request.args.get("kind"))
    return render_list(kind, request.args.get("after") or None)


def render_list(kind: str | None, after: str | None = None) -> Response:
    # A fragment brings the header's counter along (out of band); a page has it already.
    counter = {"header_unread": service.unread_count(current_user.id)} if wants_fragment() else {}
    return render(
        INDEX_TEMPLATE,
        block="notifications",
        page=service.notifications_page(current_user.id, kind, after),
        unread=service.unread_of_kind(current_user.id, kind),
        kind=kind,
        kinds=service.kind_choices(),
        **counter,
    )


@blueprint.route("/notifications/<int:notification_id>/open", methods=["POST"])
@login_required
def open_notification(notification_id: int) -> Response:
    """Mark the notification read and go where it leads."""
    notification = own_or_404(notification_id)
    target = service.item(notification).url
    service.mark_read(notification)
    db.session.commit()
    return see_other(target or url_for("notifications.index"))


@blueprint.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int) -> Response:
    notification = own_or_404(notification_id)
    service.mark_read(notification)
    db.session.commit()
    kind = chosen_kind(request.form.get("kind"))
    if wants_fragment():
        # The item loses its button: the live region says what happened.
        flash(_("Marked as read."), "field")
        return render(
            "notifications/_item.html",
            block="item",
            item=service.item(notification),
            kind=kind,
            header_unread=service.unread_count(current_user.id),
        )
    flash(_("Marked as read."), "success")
    return see_other(f"{list_url(kind)}#notification-{notification.id}")


@blueprint.route("/notifications/read", methods=["POST"])
@login_required
def mark_all_read() -> Response:
    kind = chosen_kind(request.form.get("kind"))
    count = service.mark_all_read(current_user.id, kind)
    db.session.commit()
    message = ngettext(
        "%(count)s notification marked as read.",
        "%(count)s notifications marked as read.",
        count,
        count=number(count),
    )
    if wants_fragment():
        flash(message, "field")
        return render_list(kind)
    flash(message, "success")
    return see_other(list_url(kind))
