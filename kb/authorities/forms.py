"""The registry's forms: proposing an authority or an account, and the filters of the
list and the census."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select
from wtforms import Form, SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from kb.authorities.census import CensusFilter
from kb.authorities.queries import AuthorityQuery
from kb.authorities.validation import (
    AccountInput,
    AuthorityInput,
    account_url_problem,
    validate_ags,
)
from kb.directory import LEVEL_LABELS, Authority, Kind, Level, Review, SocialAccount
from kb.extensions import db
from kb.forms import (
    DayField,
    SelectChoice,
    add_error,
    at_most_characters,
    choices,
    fits,
    http_url,
    land_choices,
    offered_values,
    one_line,
    with_all,
)
from kb.taxonomy import Platform, all_platforms, offered_platforms
from kb.timeutil import utcnow

KIND_LABELS: dict[str, LazyString] = {
    Kind.FEDERAL_MINISTRY: _l("Federal ministry"),
    Kind.FEDERAL_AGENCY: _l("Federal agency"),
    Kind.STATE_MINISTRY: _l("Land ministry"),
    Kind.STATE_AGENCY: _l("Land agency"),
    Kind.MUNICIPALITY: _l("City or municipality"),
    Kind.DISTRICT: _l("District (Landkreis)"),
    Kind.POLICE: _l("Police"),
    Kind.PUBLIC_COMPANY: _l("Public company (utilities, transport)"),
    Kind.OTHER: _l("Other public body"),
}
# Groups of authorities, as the census's development charts name them.
KIND_GROUP_LABELS: dict[str, LazyString] = {
    Kind.FEDERAL_MINISTRY: _l("Federal ministries"),
    Kind.FEDERAL_AGENCY: _l("Federal agencies"),
    Kind.STATE_MINISTRY: _l("Land ministries"),
    Kind.STATE_AGENCY: _l("Land agencies"),
    Kind.MUNICIPALITY: _l("Cities and municipalities"),
    Kind.DISTRICT: _l("Districts"),
    Kind.POLICE: _l("Police authorities"),
    Kind.PUBLIC_COMPANY: _l("Public companies"),
    Kind.OTHER: _l("Other public bodies"),
}
LEVEL_GROUP_LABELS: dict[str, LazyString] = {
    Level.FEDERAL: _l("Federal authorities"),
    Level.STATE: _l("Land authorities"),
    Level.LOCAL: _l("Local authorities"),
    Level.OTHER: _l("Other public bodies"),
}
# Which levels a kind of authority can sit on; absent kinds may sit on any.
KIND_LEVELS: dict[Kind, frozenset[Level]] = {
    Kind.FEDERAL_MINISTRY: frozenset({Level.FEDERAL}),
    Kind.FEDERAL_AGENCY: frozenset({Level.FEDERAL}),
    Kind.STATE_MINISTRY: frozenset({Level.STATE}),
    Kind.STATE_AGENCY: frozenset({Level.STATE}),
    Kind.MUNICIPALITY: frozenset({Level.LOCAL}),
    Kind.DISTRICT: frozenset({Level.LOCAL}),
    Kind.POLICE: frozenset({Level.FEDERAL, Level.STATE}),
}
# Land and local bodies belong to a Land; federal bodies to none.
LEVELS_WITH_LAND = frozenset({Level.STATE, Level.LOCAL})
# The service names problems by model field; the form's field for the parent differs.
FIELD_OF_PROBLEM = {"parent_id": "parent"}


def platform_choices(platforms: list[Platform]) -> list[SelectChoice]:
    return [SelectChoice(platform.slug, platform.name) for platform in platforms]


def _pick(field: SelectField) -> str | None:
    """The field's value if it is one of its choices; a wrong value is dropped and marked."""
    valid = offered_values(field)
    if field.data and field.data in valid:
        return str(field.data)
    if field.data:
        field.errors = [str(_l("Unknown value; showing all."))]
    return None


class RegistryFilterForm(Form):
    """The registry list's filters, read from the query string (no CSRF: it changes nothing)."""

    q = SearchField(_l("Name"), filters=[one_line], validators=[Optional(), Length(max=100)])
    level = SelectField(_l("Level"), validate_choice=False, default="")
    land = SelectField(_l("Land"), validate_choice=False, default="")
    kind = SelectField(_l("Kind"), validate_choice=False, default="")
    platform = SelectField(_l("Platform"), validate_choice=False, default="")

    def __init__(self, formdata: Any) -> None:
        super().__init__(formdata)
        self.level.choices = with_all(_l("All levels"), choices(LEVEL_LABELS))
        self.land.choices = with_all(_l("All Länder"), land_choices())
        self.kind.choices = with_all(_l("All kinds"), choices(KIND_LABELS))
        self.platform.choices = with_all(
            _l("Any or no platform"), platform_choices(all_platforms())
        )

    def query(self) -> AuthorityQuery:
        """The filters that are valid; a wrong value is dropped (and marked)."""
        self.validate()
        level, kind = _pick(self.level), _pick(self.kind)
        text = (self.q.data or "")[:100] if not self.q.errors else ""
        return AuthorityQuery(
            q=text,
            level=Level(level) if level else None,
            land=_pick(self.land),
            kind=Kind(kind) if kind else None,
            platform=_pick(self.platform),
        )


class CensusFilterForm(Form):
    land = SelectField(_l("Land"), validate_choice=False, default="")
    kind = SelectField(_l("Kind"), validate_choice=False, default="")

    def __init__(self, formdata: Any) -> None:
        super().__init__(formdata)
        self.land.choices = with_all(_l("All Länder"), land_choices())
        self.kind.choices = with_all(_l("All kinds"), choices(KIND_LABELS))

    def census_filter(self) -> CensusFilter:
        self.validate()
        kind = _pick(self.kind)
        return CensusFilter(land=_pick(self.land), kind=Kind(kind) if kind else None)


def census_params(filters: CensusFilter) -> dict[str, str]:
    """The census filters as a query string, for links and the downloads."""
    values = {"land": filters.land, "kind": filters.kind.value if filters.kind else None}
    return {key: value for key, value in values.items() if value}


@dataclass
class ParentChoice:
    id: int
    name: str


class AuthorityForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Please enter the authority's official name.")),
            fits(Authority.name, minimum=3),
        ],
    )
    short_name = StringField(
        _l("Short name"),
        filters=[one_line],
        validators=[Optional(), fits(Authority.short_name)],
    )
    kind = SelectField(
        _l("Kind"),
        choices=with_all(_l("Choose a kind"), choices(KIND_LABELS)),
        default="",
        validators=[DataRequired(_l("Please choose the kind of authority."))],
    )
    level = SelectField(
        _l("Level"),
        choices=with_all(_l("Choose a level"), choices(LEVEL_LABELS)),
        default="",
        validators=[DataRequired(_l("Please choose the level."))],
    )
    land = SelectField(
        _l("Federal state (Land)"),
        choices=with_all(_l("None (federal body)"), land_choices()),
        default="",
    )
    parent = StringField(
        _l("Parent authority"),
        filters=[one_line],
        validators=[Optional(), fits(Authority.name)],
    )
    ags = StringField(
        _l("Official municipality key (AGS)"),
        filters=[one_line],
        validators=[Optional(), Length(max=20, message=at_most_characters(20))],
    )
    website = StringField(
        _l("Website"),
        filters=[one_line],
        validators=[Optional(), fits(Authority.website), http_url],
    )
    source = StringField(
        _l("Source of the information"),
        filters=[one_line],
        validators=[Optional(), fits(Authority.source)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parent_authority: ParentChoice | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        # Every check runs, so the member sees every problem at once.
        checks = [self._check_place(), self._check_ags(), self._check_parent()]
        return all(checks) and valid

    def _check_place(self) -> bool:
        if self.kind.errors or self.level.errors or not self.kind.data or not self.level.data:
            return False
        kind, level, land = Kind(self.kind.data), Level(self.level.data), self.land.data
        allowed = KIND_LEVELS.get(kind)
        if allowed is not None and level not in allowed:
            names = ", ".join(str(LEVEL_LABELS[item]) for item in Level if item in allowed)
            add_error(
                self.level,
                _l(
                    "This kind of authority (%(kind)s) belongs to this level: %(levels)s.",
                    kind=KIND_LABELS[kind],
                    levels=names,
                ),
            )
            return False
        if level in LEVELS_WITH_LAND and not land:
            add_error(self.land, _l("Please choose the Land this authority belongs to."))
            return False
        if level == Level.FEDERAL and land:
            add_error(self.land, _l("A federal body belongs to no Land; choose “None”."))
            return False
        return True

    def _check_ags(self) -> bool:
        if not self.ags.data or self.ags.errors:
            return not self.ags.errors
        problem = validate_ags(self.ags.data, self.land.data or "")
        if problem:
            add_error(self.ags, problem)
            return False
        return True

    def _check_parent(self) -> bool:
        if not self.parent.data or self.parent.errors:
            return not self.parent.errors
        found = parent_named(self.parent.data)
        if found is None:
            add_error(
                self.parent,
                _l("No approved authority has this name or short name; leave it empty if unsure."),
            )
            return False
        self.parent_authority = ParentChoice(found.id, found.name)
        return True

    def authority_input(self) -> AuthorityInput:
        return AuthorityInput(
            name=self.name.data or "",
            short_name=self.short_name.data or "",
            kind=Kind(self.kind.data),
            level=Level(self.level.data),
            land=self.land.data or "",
            parent_id=self.parent_authority.id if self.parent_authority else None,
            ags=self.ags.data or "",
            website=self.website.data or "",
            source=self.source.data or "",
        )

    def show_problems(self, problems: Mapping[str, Any]) -> None:
        """Put the service's messages (by model field) next to the form's fields."""
        for name, message in problems.items():
            add_error(getattr(self, FIELD_OF_PROBLEM.get(name, name), self.name), message)


class AccountForm(FlaskForm):
    platform = SelectField(
        _l("Platform"), default="", validators=[DataRequired(_l("Please choose the platform."))]
    )
    handle = StringField(
        _l("Handle or page name"),
        filters=[one_line],
        validators=[Optional(), fits(SocialAccount.handle)],
    )
    url = StringField(
        _l("Address of the account"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Please enter the account's web address.")),
            fits(SocialAccount.url),
            http_url,
        ],
    )
    since = DayField(_l("Active since"), validators=[Optional()])
    until = DayField(_l("Ended on"), validators=[Optional()])
    last_checked = DayField(_l("Last checked on"), validators=[Optional()])
    source = StringField(
        _l("Source of the information"),
        filters=[one_line],
        validators=[Optional(), fits(SocialAccount.source)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.platforms = offered_platforms()
        self.platform.choices = with_all(_l("Choose a platform"), platform_choices(self.platforms))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        checks = [self._check_url(), self._check_dates()]
        return all(checks) and valid

    def _check_url(self) -> bool:
        if self.platform.errors or self.url.errors or not self.platform.data:
            return False
        problem = account_url_problem(self.platform.data, self.url.data or "")
        if problem:
            add_error(self.url, problem)
            return False
        return True

    def _check_dates(self) -> bool:
        if self.since.errors or self.until.errors or self.last_checked.errors:
            return False
        since, until = self.since.data, self.until.data
        if since and until and until < since:
            add_error(self.until, _l("The end must not be before the start."))
            return False
        if self.last_checked.data and self.last_checked.data > utcnow().date():
            add_error(self.last_checked, _l("This date lies in the future."))
            return False
        return True

    def account_input(self) -> AccountInput:
        platform = next(p for p in self.platforms if p.slug == self.platform.data)
        return AccountInput(
            platform=platform,
            url=self.url.data or "",
            handle=self.handle.data or "",
            since=self.since.data,
            until=self.until.data,
            last_checked=self.last_checked.data,
            source=self.source.data or "",
        )

    def show_problems(self, problems: Mapping[str, Any]) -> None:
        for name, message in problems.items():
            add_error(getattr(self, name, self.url), message)


def parent_named(text: str) -> Authority | None:
    """The approved authority a member means by name, short name or slug."""
    lowered = text.strip().lower()
    return db.session.scalar(
        select(Authority)
        .where(
            Authority.review == Review.APPROVED,
            or_(
                func.lower(Authority.name) == lowered,
                func.lower(Authority.short_name) == lowered,
                Authority.slug == lowered,
            ),
        )
        .order_by(Authority.id)
        .limit(1)
    )
