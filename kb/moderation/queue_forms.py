"""The forms of the moderation queue: an action with its reason, a suspension, an appeal
and its decision."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from kb.forms import SelectChoice, add_error, at_most_characters, choices, strip_filter
from kb.moderation.grounds import GROUND_LABELS
from kb.moderation.models import AppealOutcome, Reason

FACTS_MAX_LENGTH = 2000
STATEMENT_MAX_LENGTH = 5000

# How long a suspension lasts, in days; "permanent": until a moderator ends it.
PERMANENT = "permanent"
OUTCOMES = [outcome.value for outcome in AppealOutcome]
DURATION_DAYS = (1, 3, 7, 14, 30, 90, 365)


def _ground_field(required: bool) -> SelectField:
    options = choices({reason.value: label for reason, label in GROUND_LABELS.items()})
    validators = [DataRequired(_l("Please choose the ground."))] if required else []
    return SelectField(
        _l("Ground"),
        choices=[SelectChoice("", _l("Choose …")), *options],
        default="",
        validators=validators,
    )


def _facts_field(label: Any = None) -> TextAreaField:
    return TextAreaField(
        label or _l("Facts and reasons"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Please say why: the member concerned reads it.")),
            Length(
                max=FACTS_MAX_LENGTH,
                message=at_most_characters(FACTS_MAX_LENGTH),
            ),
        ],
    )


class ActionForm(FlaskForm):
    """One form for every action on an item: its buttons post to the actions' URLs.

    The facts are always required; the ground only for decisions that restrict the
    member (the view asks `require_ground()` for those).
    """

    ground = _ground_field(required=False)
    facts = _facts_field()

    @property
    def reason(self) -> Reason | None:
        return Reason(self.ground.data) if self.ground.data else None

    def require_ground(self) -> bool:
        if self.ground.data:
            return True
        add_error(self.ground, _l("Please choose the ground."))
        return False


class SuspendForm(FlaskForm):
    ground = _ground_field(required=True)
    facts = _facts_field()
    duration = SelectField(
        _l("Duration"),
        choices=[
            *[
                SelectChoice(str(days), lazy_ngettext("%(num)s day", "%(num)s days", days))
                for days in DURATION_DAYS
            ],
            SelectChoice(PERMANENT, _l("For good (until a moderator ends it)")),
        ],
        # Any value not offered is refused by the field itself.
        default="7",
    )

    @property
    def days(self) -> int | None:
        """None: for good."""
        return None if self.duration.data == PERMANENT else int(self.duration.data)


class UnsuspendForm(FlaskForm):
    facts = _facts_field()


class AppealForm(FlaskForm):
    statement = TextAreaField(
        _l("Why should the decision be changed?"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Please say why you contest the decision.")),
            Length(
                max=STATEMENT_MAX_LENGTH,
                message=at_most_characters(STATEMENT_MAX_LENGTH),
            ),
        ],
    )


class SuspensionAppealForm(AppealForm):
    """The appeal of a suspended member, sent from the login page: the token stands in for
    the session they cannot have (see kb.moderation.suspension_appeals)."""

    token = HiddenField(validators=[Length(max=512)])


class AppealDecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=[
            SelectChoice(AppealOutcome.UPHELD.value, _l("Upheld: the decision stands")),
            SelectChoice(AppealOutcome.REVERSED.value, _l("Reversed: the decision is undone")),
        ],
        # The own message below, not WTForms' "Not a valid choice" for an empty answer.
        validate_choice=False,
        validators=[AnyOf(OUTCOMES, message=_l("Please choose the outcome."))],
    )
    note = _facts_field(_l("Reasons for the outcome"))
