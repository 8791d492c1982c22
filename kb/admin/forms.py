"""The administration's forms: member search and roles, terms, the audit log's filters."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from kb.forms import (
    DayField,
    SelectChoice,
    add_error,
    at_most_characters,
    choices,
    fits,
    one_line,
    strip_filter,
    with_all,
)
from kb.taxonomy import Topic
from kb.users import Role, User

# Topics and platforms have the same columns (kb.taxonomy.NamedTerm).
TERM_NAME = Topic.name_de
REASON_MAX = 2000

ROLE_LABELS = {
    Role.MEMBER.value: _l("Member"),
    Role.MODERATOR.value: _l("Moderator"),
    Role.ADMIN.value: _l("Admin"),
}


def _reason(required: bool) -> TextAreaField:
    validators: list[Any] = [Length(max=REASON_MAX, message=at_most_characters(REASON_MAX))]
    if required:
        validators.insert(0, DataRequired(_l("Please give the reason.")))
    else:
        validators.insert(0, Optional())
    return TextAreaField(_l("Reason"), filters=[strip_filter], validators=validators)


class UserSearchForm(Form):
    """The member list's filters (GET: no CSRF, the URL can be shared between admins)."""

    q = StringField(
        _l("Name or e-mail address"),
        filters=[one_line],
        validators=[Optional(), fits(User.email)],
    )
    role = SelectField(_l("Role"), default="")

    def __init__(self, formdata: Any) -> None:
        super().__init__(formdata)
        self.role.choices = with_all(_l("All roles"), choices(ROLE_LABELS))

    def chosen_role(self) -> Role | None:
        return Role(self.role.data) if self.role.data in ROLE_LABELS else None


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS))
    reason = _reason(required=True)


class TermForm(FlaskForm):
    name_de = StringField(
        _l("German name"),
        filters=[one_line],
        validators=[DataRequired(_l("Please enter the German name.")), fits(TERM_NAME)],
    )
    name_en = StringField(
        _l("English name"),
        filters=[one_line],
        validators=[DataRequired(_l("Please enter the English name.")), fits(TERM_NAME)],
    )


class MergeForm(FlaskForm):
    into = SelectField(_l("Merge into"), coerce=str)
    reason = _reason(required=False)

    def offer(self, terms: list[Any]) -> None:
        self.into.choices = [
            SelectChoice("", _l("Choose a term")),
            *(SelectChoice(str(term.id), term.name) for term in terms),
        ]

    def validate_into(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError(str(_l("Please choose the term to merge into.")))


class RetireForm(FlaskForm):
    reason = _reason(required=False)


class AuditFilterForm(Form):
    """The audit log's filters: an action, who acted (profile name), a span of days."""

    action = SelectField(_l("Action"), default="", validate_choice=False)
    actor = StringField(
        _l("By (profile name)"), filters=[one_line], validators=[Optional(), fits(User.name)]
    )
    since = DayField(_l("From"), validators=[Optional()])
    until = DayField(_l("To"), validators=[Optional()])

    def __init__(self, formdata: Any, actions: list[str]) -> None:
        super().__init__(formdata)
        self.action.choices = with_all(
            _l("All actions"), [SelectChoice(action, action) for action in actions]
        )
        self.known_actions = set(actions)
        self.actor_user: User | None = None

    def validate_action(self, field: SelectField) -> None:
        if field.data and field.data not in self.known_actions:
            raise ValidationError(str(_l("There is no entry with this action.")))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.since.data and self.until.data and self.until.data < self.since.data:
            add_error(self.until, _l("The end of the span is before its start."))
            valid = False
        return valid
