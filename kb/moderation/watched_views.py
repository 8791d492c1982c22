"""/admin/watched-words: admins keep the list of words to block, hold or flag."""

from __future__ import annotations

from flask import Response, abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kb import audit, policy
from kb.extensions import db
from kb.htmx import render
from kb.http import INVALID_FORM, permission_required, see_other
from kb.moderation import blueprint, watched
from kb.moderation.models import WatchedWord, WordAction
from kb.moderation.watched_forms import (
    ACTION_LABELS,
    WatchedWordForm,
    WordActionForm,
)
from kb.users import User

TEMPLATE = "moderation/watched_words.html"
AUDIT_TYPE = "watched_word"


def _mode(whole_word: bool) -> str:
    # For the audit log, which keeps one language.
    return "whole word" if whole_word else "part of a word"


def _words() -> list[WatchedWord]:
    return list(
        db.session.scalars(
            select(WatchedWord)
            .order_by(WatchedWord.pattern, WatchedWord.id)
            .limit(watched.MAX_WORDS)
        )
    )


def _creators(words: list[WatchedWord]) -> dict[int, User]:
    """Who added the words, in one query."""
    ids = {word.created_by_id for word in words if word.created_by_id is not None}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def _page(
    form: WatchedWordForm | None = None,
    row_errors: dict[int, str] | None = None,
    status: int = 200,
) -> Response:
    words = _words()
    return render(
        TEMPLATE,
        form=form or WatchedWordForm(formdata=None),
        words=words,
        creators=_creators(words),
        row_errors=row_errors or {},
        action_labels=ACTION_LABELS,
        max_words=watched.MAX_WORDS,
        status=status,
    )


def _load(word_id: int) -> WatchedWord:
    word = db.session.get(WatchedWord, word_id)
    if word is None:
        abort(404)
    return word


@blueprint.route("/admin/watched-words")
@permission_required(policy.is_admin)
def watched_words_index() -> Response:
    return _page()


@blueprint.route("/admin/watched-words", methods=["POST"])
@permission_required(policy.is_admin)
def watched_words_create() -> Response:
    form = WatchedWordForm()
    if not form.validate():
        return _page(form, status=INVALID_FORM)
    word = WatchedWord(
        pattern=form.pattern.data,
        action=WordAction(form.action.data),
        whole_word=bool(form.whole_word.data),
        created_by_id=current_user.id,
    )
    db.session.add(word)
    try:
        db.session.flush()
    except IntegrityError:
        # Another admin added the same word a moment ago.
        db.session.rollback()
        form.pattern.errors = [_("“%(pattern)s” is on the list already.", pattern=word.pattern)]
        return _page(form, status=INVALID_FORM)
    audit.record(
        current_user,
        "watched_word.add",
        target_type=AUDIT_TYPE,
        target_id=word.id,
        label=word.pattern,
        details=f"action: {word.action.value}, {_mode(word.whole_word)}",
    )
    db.session.commit()
    flash(_("“%(pattern)s” is now watched.", pattern=word.pattern), "success")
    return see_other(url_for("moderation.watched_words_index"))


@blueprint.route("/admin/watched-words/<int:word_id>", methods=["POST"])
@permission_required(policy.is_admin)
def watched_words_update(word_id: int) -> Response:
    word = _load(word_id)
    form = WordActionForm()
    if not form.validate():
        return _page(row_errors={word.id: form.action.errors[0]}, status=INVALID_FORM)
    action = WordAction(form.action.data)
    if action != word.action:
        details = f"action: {word.action.value} → {action.value}"
        word.action = action
        audit.record(
            current_user,
            "watched_word.change",
            target_type=AUDIT_TYPE,
            target_id=word.id,
            label=word.pattern,
            details=details,
        )
        db.session.commit()
    flash(
        _("“%(pattern)s”: %(action)s.", pattern=word.pattern, action=ACTION_LABELS[action.value]),
        "success",
    )
    return see_other(url_for("moderation.watched_words_index"))


@blueprint.route("/admin/watched-words/<int:word_id>/delete", methods=["POST"])
@permission_required(policy.is_admin)
def watched_words_delete(word_id: int) -> Response:
    word = _load(word_id)
    audit.record(
        current_user,
        "watched_word.delete",
        target_type=AUDIT_TYPE,
        target_id=word.id,
        label=word.pattern,
        details=f"action: {word.action.value}, {_mode(word.whole_word)}",
    )
    db.session.delete(word)
    db.session.commit()
    flash(_("“%(pattern)s” is no longer watched.", pattern=word.pattern), "success")
    return see_other(url_for("moderation.watched_words_index"))
