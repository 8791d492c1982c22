from __future__ import annotations

import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from kb.accounts import passwords
from kb.accounts.auth import normalise_email
from kb.accounts.service import Contributions
from kb.directory import find_authority
from kb.extensions import db
from kb.forms import (
    SelectChoice,
    at_least_characters,
    at_most_characters,
    not_blocked,
    one_line,
    strip_filter,
)
from kb.users import User, name_is_confusable

POLICY_MESSAGES = {
    "too_short": at_least_characters(passwords.MIN_LENGTH),
    "too_long": at_most_characters(passwords.MAX_LENGTH),
    "common": _l("This password is among the most common ones. Please choose another."),
    "personal": _l("Do not use your e-mail address or your name as the password."),
    "guessable": _l("This password is too easy to guess. A few unusual words work well."),
}

STRENGTH_LABELS = {
    0: _l("very weak"),
    1: _l("weak"),
    2: _l("fair"),
    3: _l("strong"),
    4: _l("very strong"),
}


class PasswordPolicy:
    """Validates a new password against the policy; other fields name the personal inputs."""

    def __init__(self, *personal_fields: str) -> None:
        self.personal_fields = personal_fields

    def __call__(self, form: FlaskForm, field: Any) -> None:
        personal = [getattr(form, name).data or "" for name in self.personal_fields]
        # Views set personal_inputs where the form has no such fields (change, reset).
        personal += getattr(form, "personal_inputs", [])
        problem = passwords.policy_problem(field.data or "", personal)
        if problem:
            raise ValidationError(str(POLICY_MESSAGES[problem]))


def email_is_registered(email: str) -> bool:
    """Asked only by the registration's POST, after every other check (see the view)."""
    count = select(func.count()).select_from(User).where(User.email == normalise_email(email))
    return db.session.execute(count).scalar_one() > 0


# Characters a name shown to others must not hold: controls, format characters (the bidi
# overrides and isolates that make "Anna" display as another name, zero-width spaces and
# joiners), private-use and unassigned code points, line and paragraph separators.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def visible_name(form: Any, field: Any) -> None:
    """A display name is read by others: only characters that show as themselves."""
    if any(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in field.data or ""):
        raise ValidationError(
            str(
                _l(
                    "Use letters, digits, spaces and punctuation only: no invisible or "
                    "direction-changing characters."
                )
            )
        )


CONFUSABLE_NAME = _l(
    "This name looks too much like the name of another member. Please add something that "
    "tells you apart, such as a second first name or an initial."
)


def distinct_name(form: Any, field: Any) -> None:
    """Nobody may take a name that readers could mistake for another member's: same
    letters in another case, a Cyrillic "а" for a Latin "a", "rn" for "m" (TR39
    skeletons). The member's own name does not count. Which member is not said."""
    if field.errors or not field.data:
        return
    own_id = current_user.id if current_user.is_authenticated else None
    if name_is_confusable(field.data, except_user_id=own_id):
        raise ValidationError(str(CONFUSABLE_NAME))


EMAIL_REQUIRED = _l("Please enter your e-mail address.")
EMAIL_INVALID = _l("Please enter a valid e-mail address, like name@stadt-beispiel.de.")
PASSWORD_REQUIRED = _l("Please enter your password.")


class RegisterForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip_filter],
        validators=[
            DataRequired(EMAIL_REQUIRED),
            Length(max=254),
            Email(EMAIL_INVALID, check_deliverability=False),
        ],
    )
    display_name = StringField(
        _l("Name shown to others"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Please enter the name others will see.")),
            Length(min=2, max=80, message=_l("Use between 2 and 80 characters.")),
            visible_name,
            not_blocked,
            distinct_name,
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Please choose a password.")),
            PasswordPolicy("email", "display_name"),
        ],
    )
    # The honeypot: hidden from sight and from the tab order, and labelled for
    # screen-reader users, so that only a program filling in every field fills it in.
    website = StringField(
        _l("Leave this field empty: it is here to catch programs that sign up by themselves.")
    )

    @property
    def caught_a_program(self) -> bool:
        return bool(self.website.data)


class LoginForm(FlaskForm):
    # No format check here: a login form should not say more than "wrong address or password".
    email = EmailField(
        _l("E-mail address"), filters=[strip_filter], validators=[DataRequired(EMAIL_REQUIRED)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(PASSWORD_REQUIRED)])
    next = HiddenField()


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Name shown to others"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Please enter the name others will see.")),
            Length(min=2, max=80, message=_l("Use between 2 and 80 characters.")),
            visible_name,
            not_blocked,
            distinct_name,
        ],
    )
    authority_text = StringField(
        _l("Authority or organisation"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=200, message=_l("Use at most 200 characters.")),
            not_blocked,
        ],
    )
    job_title = StringField(
        _l("Job title"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=120, message=_l("Use at most 120 characters.")),
            not_blocked,
        ],
    )
    bio = TextAreaField(
        _l("About you"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=1000, message=_l("Use at most 1000 characters.")),
            not_blocked,
        ],
    )
    authority = StringField(
        _l("Authority from the registry"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=220, message=_l("Use at most 220 characters."))],
    )
    show_on_authority = BooleanField(
        _l("Show me on the authority's page as someone who works there")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority_record: Any = None

    def validate_authority(self, field: StringField) -> None:
        """An approved authority, by its name, short name, address name, or
        "Name (address-name)" as the suggestions write it."""
        text = field.data or ""
        if not text:
            self.authority_record = None
            return
        found, ambiguous = find_authority(text)
        if ambiguous:
            raise ValidationError(
                str(_l("Several authorities have this name: please pick one from the list."))
            )
        if found is None:
            raise ValidationError(
                str(
                    _l(
                        "No authority of that name in the registry. Pick one from the list, "
                        "or leave the field empty and use the free text above."
                    )
                )
            )
        self.authority_record = found

    def apply_to(self, user: User) -> None:
        user.display_name = self.display_name.data or ""
        user.authority_text = self.authority_text.data or ""
        user.job_title = self.job_title.data or ""
        user.bio = self.bio.data or ""
        user.authority_id = self.authority_record.id if self.authority_record else None
        user.show_on_authority = bool(self.show_on_authority.data) and user.authority_id is not None


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(PASSWORD_REQUIRED)]
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Please choose a password.")), PasswordPolicy()],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Please repeat the new password.")),
            EqualTo("new_password", message=_l("The two passwords do not match.")),
        ],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[strip_filter],
        validators=[DataRequired(EMAIL_REQUIRED), Email(EMAIL_INVALID, check_deliverability=False)],
    )


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Please choose a password.")), PasswordPolicy()],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Please repeat the new password.")),
            EqualTo("new_password", message=_l("The two passwords do not match.")),
        ],
    )


CONTRIBUTIONS_REQUIRED = _l("Please choose what happens to your contributions.")


class DeleteAccountForm(FlaskForm):
    # No default: the member decides; neither answer is assumed.
    contributions = RadioField(
        _l("Your public contributions"),
        choices=[
            SelectChoice(
                Contributions.KEEP.value,
                _l('Keep them: they stay readable, shown as by "deleted account"'),
            ),
            SelectChoice(Contributions.DELETE.value, _l("Delete them with my account")),
        ],
        validate_choice=False,
        validators=[
            InputRequired(CONTRIBUTIONS_REQUIRED),
            AnyOf([choice.value for choice in Contributions], message=CONTRIBUTIONS_REQUIRED),
        ],
    )
    password = PasswordField(_l("Your password"), validators=[DataRequired(PASSWORD_REQUIRED)])
