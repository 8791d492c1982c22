"""The report form: why, and a note for the moderators."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, TextAreaField
from wtforms.validators import Length, StopValidation, ValidationError

from kb.forms import at_most_characters, choices, strip_filter
from kb.moderation.models import Reason
from kb.moderation.reports import REASON_LABELS

NOTE_MAX_LENGTH = 2000
# Reasons a report must explain: which law (DSA Art. 16 asks for the legal ground), or
# what else is wrong.
NOTE_REQUIRED = {
    Reason.ILLEGAL: _l("Please name the law the content breaks, e.g. § 130 StGB."),
    Reason.OTHER: _l("Please tell the moderators what is wrong with it."),
}


def known_reason(form: Any, field: Field) -> None:
    if field.data not in {reason.value for reason in Reason}:
        raise StopValidation(str(_l("Please choose a reason.")))


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("Why do you report this?"),
        choices=choices({reason.value: label for reason, label in REASON_LABELS.items()}),
        validate_choice=False,
        validators=[known_reason],
    )
    note = TextAreaField(
        _l("Note for the moderators"),
        filters=[strip_filter],
        validators=[
            Length(
                max=NOTE_MAX_LENGTH,
                message=at_most_characters(NOTE_MAX_LENGTH),
            )
        ],
    )

    def validate_note(self, field: Field) -> None:
        if self.reason.data in NOTE_REQUIRED and not field.data:
            raise ValidationError(str(NOTE_REQUIRED[Reason(self.reason.data)]))

    @property
    def chosen_reason(self) -> Reason:
        return Reason(self.reason.data)
