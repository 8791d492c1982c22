"""The forms of the watched-words page: add a word, change what one does."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, StopValidation

from kb.forms import choices, fits, one_line
from kb.moderation import watched
from kb.moderation.models import WatchedWord, WordAction
from kb.numbers import number

# What each action does, as the add form explains it.
ACTION_CHOICES = {
    WordAction.BLOCK.value: _l("Block: the post is refused with a message naming the word"),
    WordAction.HOLD.value: _l("Hold: the post is stored and waits for a moderator"),
    WordAction.FLAG.value: _l("Flag: the post is published and reported to the moderators"),
}
# What the list calls them.
ACTION_LABELS = {
    WordAction.BLOCK.value: _l("Block"),
    WordAction.HOLD.value: _l("Hold for review"),
    WordAction.FLAG.value: _l("Flag for moderators"),
}
ACTION_INVALID = _l("Please choose block, hold or flag.")


class WatchedWordForm(FlaskForm):
    pattern = StringField(
        _l("Word or phrase"),
        filters=[one_line],
        validators=[DataRequired(_l("Please enter a word.")), fits(WatchedWord.pattern)],
    )
    action = RadioField(
        _l("What happens to a post with it"),
        choices=choices(ACTION_CHOICES),
        default=WordAction.BLOCK.value,
        validate_choice=False,
    )
    whole_word = BooleanField(_l("Only as a whole word"), default=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key = ""

    def validate_pattern(self, field: StringField) -> None:
        self.key = watched.folded_key(field.data or "")
        if not self.key:
            raise StopValidation(
                _("Please enter a word with at least one letter or digit: “*” alone finds nothing.")
            )
        if watched.too_many_wildcards(field.data or "", bool(self.whole_word.data)):
            raise StopValidation(
                _(
                    "Use “*” at most twice in a word, and as part of words at most once "
                    "inside it: more would slow down every post."
                )
            )
        known = watched.matcher().keys.get(self.key)
        if known is not None:
            raise StopValidation(
                _(
                    "“%(pattern)s” is on the list already (as “%(known)s”).",
                    pattern=field.data,
                    known=known.pattern,
                )
            )
        if len(watched.matcher().rules) >= watched.MAX_WORDS:
            raise StopValidation(
                ngettext(
                    "The list is full: it holds at most %(count)s word. Delete one first.",
                    "The list is full: it holds at most %(count)s words. Delete one first.",
                    watched.MAX_WORDS,
                    count=number(watched.MAX_WORDS),
                )
            )

    def validate_action(self, field: RadioField) -> None:
        if field.data not in ACTION_CHOICES:
            raise StopValidation(str(ACTION_INVALID))


class WordActionForm(FlaskForm):
    """A change to one word's action, from its row in the list."""

    action = SelectField(_l("Action"), choices=choices(ACTION_LABELS), validate_choice=False)

    def validate_action(self, field: SelectField) -> None:
        if field.data not in ACTION_LABELS:
            raise StopValidation(str(ACTION_INVALID))
