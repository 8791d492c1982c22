from __future__ import annotations

import re
import secrets
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from kb.forms import at_most_characters, not_blocked, strip_filter

COMMENT_MAX_LENGTH = 5000
SUBMISSION_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")

COMMENT_BODY_VALIDATORS = [
    DataRequired(_l("Please write a comment.")),
    Length(
        max=COMMENT_MAX_LENGTH,
        message=at_most_characters(COMMENT_MAX_LENGTH),
    ),
    not_blocked,
]


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def valid_submission_key(value: Any) -> str:
    # A form without a usable key still saves; it just loses the double-submit guard.
    if isinstance(value, str) and SUBMISSION_KEY_PATTERN.fullmatch(value):
        return value
    return new_submission_key()


class CommentForm(FlaskForm):
    """A new comment or, with parent_id, a reply.

    Several of these stand on one page (one per thread), so each names its textarea
    after the comment it answers; hidden inputs are written without ids.
    """

    class Meta:
        # CSRFProtect checks every POST already (form field or X-CSRFToken header).
        csrf = False

    body = TextAreaField(
        _l("Your comment"), filters=[strip_filter], validators=COMMENT_BODY_VALIDATORS
    )
    parent_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    # Generated when the form is rendered; a second POST with the same key stores nothing.
    submission_key = HiddenField(default=new_submission_key, filters=[valid_submission_key])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.reply_to is not None:
            self.body.id = f"reply-{self.reply_to}-body"
            self.body.label.text = _l("Your reply")
        else:
            self.body.id = "comment-body"

    @property
    def reply_to(self) -> int | None:
        return self.parent_id.data if isinstance(self.parent_id.data, int) else None


class CommentEditForm(FlaskForm):
    class Meta:
        csrf = False

    body = TextAreaField(
        _l("Your comment"), filters=[strip_filter], validators=COMMENT_BODY_VALIDATORS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body.id = "comment-body"


def blank_comment_form(parent_id: int | None = None) -> CommentForm:
    """An empty form with a fresh submission key, never bound to the current request."""
    return CommentForm(formdata=None, parent_id=parent_id)
