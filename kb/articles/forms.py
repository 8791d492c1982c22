from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from kb.articles.models import Article, ArticleRevision
from kb.extensions import db
from kb.forms import CheckboxList, clean_filter, fits, not_blocked, strip_filter
from kb.taxonomy import offered_platforms, offered_topics
from kb.users import User

BODY_MAX = 100_000


class ArticleForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Please enter a title.")),
            fits(Article.title, minimum=3),
            not_blocked,
        ],
    )
    summary = TextAreaField(
        _l("Summary"),
        filters=[strip_filter],
        validators=[Optional(), fits(Article.summary), not_blocked],
    )
    body = TextAreaField(
        _l("Text (Markdown)"),
        filters=[clean_filter],
        validators=[
            DataRequired(_l("Please write the text of the entry.")),
            Length(max=BODY_MAX, message=_l("The text is too long (at most 100,000 characters).")),
            not_blocked,
        ],
    )
    topics = CheckboxList(_l("Topics"), coerce=str, validate_choice=True)
    platforms = CheckboxList(_l("Platforms"), coerce=str, validate_choice=True)
    coauthors = StringField(
        _l("Co-authors"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=500)],
    )
    note = StringField(
        _l("What did you change?"),
        filters=[strip_filter],
        validators=[Optional(), fits(ArticleRevision.note), not_blocked],
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    # Looked up as it comes: a NUL would reach PostgreSQL, which refuses it with an error.
    draft_slug = HiddenField(filters=[strip_filter])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_terms(None)
        self.coauthor_users: list[User] = []

    def offer_terms(self, article: Any) -> None:
        """Offer the active topics and platforms, and the retired ones the entry has."""
        self.topic_terms = offered_topics(article.topics if article is not None else ())
        self.platform_terms = offered_platforms(article.platforms if article is not None else ())
        self.topics.choices = [(term.slug, term.name) for term in self.topic_terms]
        self.platforms.choices = [(term.slug, term.name) for term in self.platform_terms]

    def validate_coauthors(self, field: StringField) -> None:
        names = [name.strip().lstrip("@") for name in (field.data or "").split(",")]
        names = [name for name in names if name]
        if not names:
            self.coauthor_users = []
            return
        users = list(db.session.scalars(select(User).where(User.name.in_(names))))
        unknown = sorted(set(names) - {user.name for user in users})
        if unknown:
            raise ValidationError(
                str(_l("No member with the profile name %(names)s.", names=", ".join(unknown)))
            )
        self.coauthor_users = users

    def selected_topics(self) -> list[Any]:
        chosen = set(self.topics.data or [])
        return [term for term in self.topic_terms if term.slug in chosen]

    def selected_platforms(self) -> list[Any]:
        chosen = set(self.platforms.data or [])
        return [term for term in self.platform_terms if term.slug in chosen]
