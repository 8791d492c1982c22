from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kb import registry
from kb.community import blueprint, policy, service
from kb.community.forms import (
    COMMENT_MAX_LENGTH,
    CommentEditForm,
    CommentForm,
    blank_comment_form,
    new_submission_key,
)
from kb.community.models import Comment
from kb.content.pages import WAITS_FOR_REVIEW
from kb.extensions import db, limiter, per_member, post_limit
from kb.htmx import render, wants_fragment
from kb.http import INVALID_FORM, ask_to_log_in, login_required, require, see_other
from kb.registry import ContentType
from kb.standing import Standing
from kb.templating import hole_filler

COMMENTS_TEMPLATE = "community/_comments.html"


@blueprint.app_template_global("new_comment_form")
def new_comment_form(parent_id: int | None = None) -> CommentForm:
    """A fresh comment or reply form for the community section, wherever it is included."""
    return blank_comment_form(parent_id)


@hole_filler("comment_key")
def comment_submission_key() -> str:
    """A fresh key for a blank comment or reply form, which the section writes out as
    plain markup (building a CommentForm per thread cost more than the rest of it):
    `{{ hole("comment_key") }}`."""
    return new_submission_key()


@blueprint.app_template_global("comment_max_length")
def comment_max_length() -> int:
    return COMMENT_MAX_LENGTH


def comment_limit() -> str:
    return str(current_app.config.get("KB_COMMENT_LIMIT", "10 per minute"))


def load_target(target_type: str, target_id: int) -> tuple[ContentType, Any]:
    """The content a comment, like or bookmark is about: a kind readers may comment on,
    and public; else 404."""
    target = registry.current().get(target_type)
    if target is None or not target.community:
        abort(404)
    obj = target.load_public(target_id)
    if obj is None:
        abort(404)
    return target, obj


def load_comment(comment_id: int) -> tuple[Comment, ContentType, Any]:
    comment = db.get_or_404(Comment, comment_id)
    target, obj = load_target(comment.target_type, comment.target_id)
    return comment, target, obj


def render_comments(
    target_type: str, target_id: int, status: int = 200, **context: Any
) -> Response:
    """The comment list of a target as a fragment, for htmx."""
    return render(
        COMMENTS_TEMPLATE,
        block="comments",
        community=service.community_state(target_type, target_id),
        target_type=target_type,
        target_id=target_id,
        status=status,
        **context,
    )


def render_comment_page(
    form: CommentForm | CommentEditForm,
    target: ContentType,
    obj: Any,
    target_id: int,
    status: int,
    **context: Any,
) -> Response:
    """The comment form as a page of its own (editing, or an error without JavaScript)."""
    return render(
        "community/comment_form.html",
        form=form,
        target_title=getattr(obj, target.title.key),
        target_url=target.url(obj),
        status=status,
        **context,
    )


# --- comments -----------------------------------------------------------------------


@blueprint.route("/community/<target_type>/<int:target_id>/comments", methods=["POST"])
@limiter.limit(comment_limit, key_func=per_member)
@post_limit
def create_comment(target_type: str, target_id: int) -> Response:
    target, obj = load_target(target_type, target_id)
    if not current_user.is_authenticated:
        return ask_to_log_in(target.url(obj))
    form = CommentForm()
    if form.validate_on_submit():
        if form.parent_id.errors:
            abort(400)
        try:
            comment, _created = service.create_comment(
                target_type,
                target_id,
                obj,
                current_user._get_current_object(),
                form.body.data or "",
                form.submission_key.data or "",
                parent_id=form.reply_to,
            )
        except service.CommentRefused as refusal:
            form.body.errors = [str(refusal)]
        else:
            db.session.commit()
            if comment.moderation == Standing.HELD:
                flash(str(WAITS_FOR_REVIEW), "info")
            elif comment.parent_id is None:
                flash(_("Your comment has been published."), "success")
            else:
                flash(_("Your reply has been published."), "success")
            if wants_fragment():
                return render_comments(target_type, target_id, open_reply=comment.parent_id)
            return see_other(f"{target.url(obj)}#comment-{comment.id}")
    if form.parent_id.errors:
        abort(400)
    if wants_fragment():
        # Shown next to the field; the live region only announces it.
        flash(f"{form.body.label.text}: {form.body.errors[0]}", "field")
        return render_comments(
            target_type,
            target_id,
            status=INVALID_FORM,
            failed_form=form,
            open_reply=form.reply_to,
        )
    return render_comment_page(
        form,
        target,
        obj,
        target_id,
        INVALID_FORM,
        action=url_for(".create_comment", target_type=target_type, target_id=target_id),
        heading=_("Reply to a comment") if form.reply_to else _("Write a comment"),
        submit_label=_("Publish reply") if form.reply_to else _("Publish comment"),
    )


@blueprint.route("/comments/<int:comment_id>/edit", methods=["GET"])
@login_required
def edit_comment(comment_id: int) -> Response:
    comment, target, obj = load_comment(comment_id)
    require(policy.can_edit(current_user, comment))
    form = CommentEditForm(obj=comment)
    return render_edit_form(form, comment, target, obj)


@blueprint.route("/comments/<int:comment_id>/edit", methods=["POST"])
def update_comment(comment_id: int) -> Response:
    comment, target, obj = load_comment(comment_id)
    if not current_user.is_authenticated:
        return ask_to_log_in(target.url(obj))
    require(policy.can_edit(current_user, comment))
    form = CommentEditForm()
    if form.validate_on_submit():
        service.edit_comment(comment, form.body.data or "", current_user._get_current_object())
        db.session.commit()
        if comment.moderation == Standing.HELD:
            flash(str(WAITS_FOR_REVIEW), "info")
        else:
            flash(_("Your comment has been saved."), "success")
        return see_other(f"{target.url(obj)}#comment-{comment.id}")
    return render_edit_form(form, comment, target, obj, status=INVALID_FORM)


def render_edit_form(
    form: CommentEditForm, comment: Comment, target: ContentType, obj: Any, status: int = 200
) -> Response:
    return render_comment_page(
        form,
        target,
        obj,
        comment.target_id,
        status,
        comment=comment,
        action=url_for(".update_comment", comment_id=comment.id),
        heading=_("Edit comment"),
        submit_label=_("Save comment"),
    )


@blueprint.route("/comments/<int:comment_id>/delete", methods=["POST"])
def delete_comment(comment_id: int) -> Response:
    comment, target, obj = load_comment(comment_id)
    if not current_user.is_authenticated:
        return ask_to_log_in(target.url(obj))
    require(policy.can_delete(current_user, comment))
    target_type, target_id = comment.target_type, comment.target_id
    comment_id = comment.id
    service.delete_comment(comment, obj)
    # The registry's deletion hooks take what other features keep of the comment along.
    registry.current().deleted(registry.current().types["comment"], comment_id)
    db.session.commit()
    flash(_("The comment has been deleted."), "success")
    if wants_fragment():
        # The button that was pressed is gone: move focus to the comments heading.
        return render_comments(target_type, target_id, focus_heading=True)
    return see_other(f"{target.url(obj)}#comments")


@blueprint.route("/comments/<int:comment_id>/hide", methods=["POST"])
def hide_comment(comment_id: int) -> Response:
    return change_visibility(comment_id, hide=True)


@blueprint.route("/comments/<int:comment_id>/unhide", methods=["POST"])
def unhide_comment(comment_id: int) -> Response:
    return change_visibility(comment_id, hide=False)


def change_visibility(comment_id: int, hide: bool) -> Response:
    comment, target, obj = load_comment(comment_id)
    if not current_user.is_authenticated:
        return ask_to_log_in(target.url(obj))
    require(policy.can_manage(current_user))
    if hide:
        service.set_standing(comment, Standing.HIDDEN, obj)
        flash(_("The comment is now hidden from readers."), "success")
    else:
        service.set_standing(comment, Standing.VISIBLE, obj)
        flash(_("The comment is visible again."), "success")
    db.session.commit()
    if wants_fragment():
        return render_comments(comment.target_type, comment.target_id)
    return see_other(f"{target.url(obj)}#comment-{comment.id}")


# --- likes and bookmarks ------------------------------------------------------------


def wanted_state(name: str) -> bool | None:
    """The state the button asks for ("1" or "0"); anything else toggles."""
    value = request.form.get(name)
    return {"1": True, "0": False}.get(value or "")


@blueprint.route("/community/<target_type>/<int:target_id>/like", methods=["POST"])
def like(target_type: str, target_id: int) -> Response:
    target, obj = load_target(target_type, target_id)
    if not current_user.is_authenticated:
        return ask_to_log_in(target.url(obj))
    liked = service.set_like(
        target_type, target_id, obj, current_user._get_current_object(), wanted_state("liked")
    )
    db.session.commit()
    message = _("You like this.") if liked else _("You no longer like this.")
    return answer_toggle(
        "community/_like_button.html", "like_button", message, target, obj, target_id
    )


@blueprint.route("/community/<target_type>/<int:target_id>/bookmark", methods=["POST"])
def bookmark(target_type: str, target_id: int) -> Response:
    target, obj = load_target(target_type, target_id)
    if not current_user.is_authenticated:
        return ask_to_log_in(target.url(obj))
    bookmarked = service.set_bookmark(
        target_type, target_id, current_user._get_current_object(), wanted_state("bookmarked")
    )
    db.session.commit()
    message = _("Added to your bookmarks.") if bookmarked else _("Removed from your bookmarks.")
    return answer_toggle(
        "community/_bookmark_button.html", "bookmark_button", message, target, obj, target_id
    )


def answer_toggle(
    template: str, block: str, message: str, target: ContentType, obj: Any, target_id: int
) -> Response:
    if wants_fragment():
        # The button shows the new state; the live region only announces it.
        flash(message, "field")
        return render(
            template,
            block=block,
            community=service.community_state(target.name, target_id, with_comments=False),
            target_type=target.name,
            target_id=target_id,
        )
    flash(message, "success")
    return see_other(f"{target.url(obj)}#community")


# --- "Meine Lesezeichen" ------------------------------------------------------------


@blueprint.route("/account/bookmarks")
@login_required
def bookmarks() -> Response:
    page = service.user_bookmarks(current_user, request.args.get("after"))
    return render("community/bookmarks.html", page=page)
