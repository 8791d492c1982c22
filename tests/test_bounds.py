"""Every input bounded on every path (issue 14): one maximum per field, the column's length,
checked the same by the forms, autosave, preview, the comment form (htmx) and the import;
and the limits of a request's body (413, not a 500 or a reset connection)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from sqlalchemy import String, Text, func, select
from werkzeug.test import encode_multipart
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

import kb
from kb.articles.forms import BODY_MAX
from kb.articles.models import Article, ArticleDraft, ArticleRevision
from kb.audit import AuditEntry
from kb.authorities import importing
from kb.authorities.validation import AGS_PATTERN, MAX_LENGTHS
from kb.cases.models import CaseRevision, CaseStudy
from kb.community.forms import SUBMISSION_KEY_PATTERN
from kb.community.models import Comment
from kb.content.models import PublishState
from kb.directory import Authority, Kind, Level, SocialAccount
from kb.events.models import Event
from kb.extensions import db
from kb.limits import MAX_CONTENT_LENGTH, MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS
from kb.moderation.models import Appeal, Decision, Report, WatchedWord
from kb.taxonomy import Topic, seed_taxonomy
from kb.users import User
from tests.conftest import Auth, Client
from tests.test_authorities_import import BMI, csv_text, row

# --- one maximum per field -------------------------------------------------------------

# The models a form's fields are stored in, found by the field's name.
FORM_MODELS: dict[str, tuple[Any, ...]] = {
    "ArticleForm": (Article, ArticleRevision),
    "EventForm": (Event,),
    "AuthorityForm": (Authority,),
    "AccountForm": (SocialAccount,),
    "ProfileForm": (User,),
    "RegisterForm": (User,),
    "SectionForm": (CaseStudy, CaseRevision),
    "CommentForm": (Comment,),
    "CommentEditForm": (Comment,),
    "TermForm": (Topic,),
    "ReportForm": (Report,),
    "WatchedWordForm": (WatchedWord,),
    "ActionForm": (Decision,),
    "SuspendForm": (Decision,),
    "UnsuspendForm": (Decision,),
    "AppealForm": (Appeal,),
}
# Fields stored under another name.
STORED_AS: dict[tuple[str, str], Any] = {
    ("CancelForm", "reason"): Event.status_reason,
    ("AuthorityForm", "parent"): Authority.name,  # the parent's name, looked up
    ("OverviewForm", "authority"): Authority.name,  # the authority's name, looked up
    # The administration's reasons go into the audit log.
    ("RoleForm", "reason"): AuditEntry.reason,
    ("MergeForm", "reason"): AuditEntry.reason,
    ("RetireForm", "reason"): AuditEntry.reason,
    ("AppealForm", "statement"): Appeal.statement,
    ("AppealDecisionForm", "note"): Appeal.outcome_note,
}
# Text fields no column stores: each still has a maximum.
NOT_STORED = {
    ("ArticleForm", "coauthors"),  # profile names, looked up
    ("ProfileForm", "authority"),  # a registry name, looked up
    ("SuspensionAppealForm", "token"),  # a signed token, only checked (512 characters)
}
# Stored, but only in the shape of a pattern no longer than the column (tested below).
BY_PATTERN = {
    ("AuthorityForm", "ags"): (AGS_PATTERN, "0" * 8),
    ("CommentForm", "submission_key"): (SUBMISSION_KEY_PATTERN, "k" * 64),
}
# Fields only looked up, never stored; the request body limit bounds them.
UNBOUNDED_LOOKUPS = {
    ("LoginForm", "email"),
    ("ForgotPasswordForm", "email"),
    ("ArticleForm", "draft_slug"),
    ("LoginForm", "next"),
    ("RegisterForm", "website"),  # the honeypot: only asked whether it is empty
}
TEXT_FIELDS = {"StringField", "TextAreaField", "EmailField", "SearchField", "HiddenField"}


def form_classes() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(kb.__path__, "kb."):
        if module.name.endswith(("forms", "section_forms", "fields")):
            importlib.import_module(module.name)
    found: list[type[FlaskForm]] = []
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        found.append(form)
    return found


def text_fields(form: type[FlaskForm]) -> Iterator[tuple[str, UnboundField]]:
    for klass in reversed(form.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, UnboundField) and value.field_class.__name__ in TEXT_FIELDS:
                yield name, value


def form_maximum(field: UnboundField) -> int | None:
    maxima = [
        validator.max
        for validator in field.kwargs.get("validators") or []
        if isinstance(validator, Length) and validator.max != -1
    ]
    return min(maxima) if maxima else None


def stored_in(form: type[FlaskForm], name: str) -> Any:
    for klass in form.__mro__:
        if (klass.__name__, name) in STORED_AS:
            return STORED_AS[(klass.__name__, name)]
        for model in FORM_MODELS.get(klass.__name__, ()):
            if name in model.__table__.c:
                return getattr(model, name)
    return None


def test_every_text_field_has_the_length_of_its_column() -> None:
    problems = []
    for form in form_classes():
        for name, field in text_fields(form):
            key = (form.__name__, name)
            maximum = form_maximum(field)
            attribute = stored_in(form, name)
            column_type = attribute.property.columns[0].type if attribute is not None else None
            if key in BY_PATTERN:
                pattern, longest = BY_PATTERN[key]
                assert len(longest) == column_type.length
                assert pattern.fullmatch(longest) and not pattern.fullmatch(longest + longest[0])
            elif isinstance(column_type, String) and not isinstance(column_type, Text):
                if maximum != column_type.length:
                    problems.append(f"{key}: form {maximum}, column {column_type.length}")
            elif isinstance(column_type, Text):
                # Markdown bodies: a documented maximum in characters.
                if maximum is None:
                    problems.append(f"{key}: a Text column without a maximum in the form")
            elif key in UNBOUNDED_LOOKUPS:
                continue
            elif key not in NOT_STORED:
                problems.append(f"{key}: stored where? (add it to a table above)")
            elif maximum is None:
                problems.append(f"{key}: no maximum")
    assert not problems, "\n".join(problems)


def test_the_import_checks_the_lengths_of_the_columns() -> None:
    assert {
        "slug": Authority.__table__.c.slug.type.length,
        "name": Authority.__table__.c.name.type.length,
        "short_name": Authority.__table__.c.short_name.type.length,
        "website": Authority.__table__.c.website.type.length,
        "source": Authority.__table__.c.source.type.length,
        "handle": SocialAccount.__table__.c.handle.type.length,
        "url": SocialAccount.__table__.c.url.type.length,
    } == MAX_LENGTHS
    assert SocialAccount.__table__.c.source.type.length == MAX_LENGTHS["source"]


# --- over-long values on every path: refused with a message, nothing stored ------------


@pytest.fixture
def writer(app: Flask, make_user: Any, client: Client) -> User:
    with app.app_context():
        seed_taxonomy()
        db.session.commit()
    user = make_user()
    assert Auth(client).login(user.email).status_code == 303
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


def article_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Article)) or 0


TITLE_MAX = Article.__table__.c.title.type.length
SUMMARY_MAX = Article.__table__.c.summary.type.length


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "T" * (TITLE_MAX + 1)),
        ("summary", "S" * (SUMMARY_MAX + 1)),
        ("body", "B" * (BODY_MAX + 1)),
    ],
)
def test_autosave_of_a_new_entry_refuses_an_over_long_text(
    app: Flask, client: Client, writer: User, field: str, value: str
) -> None:
    data = {"title": "Ein neuer Eintrag", "summary": "", "body": "Text"} | {field: value}
    response = client.htmx_post("/articles/autosave", data)
    assert response.status_code == 422
    assert "Not saved automatically" in response.get_data(as_text=True)
    assert article_count(app) == 0


def test_autosave_of_a_draft_keeps_the_stored_text_when_one_is_over_long(
    app: Flask, client: Client, writer: User
) -> None:
    first = client.htmx_post("/articles/autosave", {"title": "Mein Entwurf", "body": "Eins"})
    assert first.status_code == 200
    data = {"title": "Mein Entwurf", "body": "Zwei", "draft_slug": "mein-entwurf", "version": 1}
    refused = client.htmx_post("/articles/autosave", data | {"summary": "S" * (SUMMARY_MAX + 1)})
    assert refused.status_code == 422
    assert f"at most {SUMMARY_MAX} characters" in refused.get_data(as_text=True)
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article is not None and (article.summary, article.body) == ("", "Eins")
        assert db.session.scalar(select(func.count()).select_from(ArticleDraft)) == 0


def test_autosave_of_a_published_entry_stores_no_over_long_working_copy(
    app: Flask, client: Client, writer: User
) -> None:
    saved = client.post_form(
        "/articles/new",
        {"title": "Veröffentlicht", "body": "Text", "action": "publish"},
    )
    assert saved.status_code == 303
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article is not None and article.status == PublishState.PUBLISHED
        slug, version = article.slug, article.version
    data = {"title": "T" * (TITLE_MAX + 1), "body": "x", "draft_slug": slug, "version": version}
    assert client.htmx_post("/articles/autosave", data).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ArticleDraft)) == 0


def test_live_preview_refuses_a_text_longer_than_saving_accepts(
    client: Client, writer: User
) -> None:
    fits = client.htmx_post("/articles/preview", {"body": "*" + "a" * (BODY_MAX - 2) + "*"})
    assert fits.status_code == 200 and "<em>" in fits.get_data(as_text=True)
    refused = client.htmx_post("/articles/preview", {"body": "a" * (BODY_MAX + 1)})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "at most 100,000 characters" in html and "aaaa" not in html


def test_preview_button_refuses_a_text_longer_than_saving_accepts(
    app: Flask, client: Client, writer: User
) -> None:
    data = {"title": "Vorschau", "body": "a" * (BODY_MAX + 1), "action": "preview"}
    response = client.post_form("/articles/new", data)
    assert response.status_code == 422
    assert "at most 100,000 characters" in response.get_data(as_text=True)
    assert article_count(app) == 0


def test_an_over_long_comment_with_htmx_is_refused_and_not_stored(
    app: Flask, client: Client, writer: User
) -> None:
    assert (
        client.post_form(
            "/articles/new", {"title": "Kommentiert", "body": "Text", "action": "publish"}
        ).status_code
        == 303
    )
    with app.app_context():
        article_id = db.session.scalar(select(Article.id))
    url = f"/community/article/{article_id}/comments"
    response = client.htmx_post(url, {"body": "k" * 5001, "submission_key": "k" * 20})
    assert response.status_code == 422
    assert "at most 5,000 characters" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


IMPORT_FIELDS = [
    ("slug", "s" * (MAX_LENGTHS["slug"] + 1)),
    ("name", "N" * (MAX_LENGTHS["name"] + 1)),
    ("short_name", "K" * (MAX_LENGTHS["short_name"] + 1)),
    ("website", "https://example.org/" + "w" * MAX_LENGTHS["website"]),
    ("source", "Q" * (MAX_LENGTHS["source"] + 1)),
    ("handle", "@" + "h" * MAX_LENGTHS["handle"]),
    ("url", "https://www.facebook.com/" + "u" * MAX_LENGTHS["url"]),
    ("account_source", "Q" * (MAX_LENGTHS["source"] + 1)),
]


@pytest.mark.parametrize(("column", "value"), IMPORT_FIELDS)
def test_an_over_long_import_value_is_a_row_problem_and_nothing_is_stored(
    app: Flask, column: str, value: str
) -> None:
    with app.test_request_context():
        seed_taxonomy()
        db.session.commit()
        good = row(**BMI, platform="facebook", url="https://www.facebook.com/bmi.bund")
        report = importing.import_csv(csv_text(row(**good | {column: value})))
        db.session.commit()
        assert [(problem.line, problem.column) for problem in report.problems] == [(2, column)]
        assert db.session.scalar(select(func.count()).select_from(Authority)) == 0


# --- the limits of a request's body --------------------------------------------------


def htmx_post(client: Client, url: str, fields: dict[str, str], content_type: str) -> Any:
    """Post as htmx, urlencoded or as multipart (encoded here in memory: the test client
    would spool a large one to a file it leaves open when the app refuses to read it)."""
    if content_type == "multipart/form-data":
        boundary, body = encode_multipart(fields)
        content_type = f"multipart/form-data; boundary={boundary}"
        return client.htmx_post(url, data=body, content_type=content_type)  # type: ignore[arg-type]
    return client.htmx_post(url, fields)


def test_a_body_beyond_max_content_length_is_answered_with_the_413_page(
    client: Client,
) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = {"email": "x@example.org", "password": "p" * (MAX_CONTENT_LENGTH + 1)}
    page = client.post_form("/auth/login", data)
    assert page.status_code == 413
    assert "Too much data" in page.get_data(as_text=True)
    fragment = client.htmx_post("/auth/login", data)
    assert fragment.status_code == 413
    assert fragment.headers["HX-Reswap"] == "none"
    assert "<html" not in fragment.get_data(as_text=True)


def test_the_longest_text_with_umlauts_fits_in_the_body(client: Client, writer: User) -> None:
    # 100,000 umlauts are 600,000 bytes urlencoded and 200,000 as multipart.
    body = "ä" * BODY_MAX
    assert client.htmx_post("/articles/preview", {"body": body}).status_code == 200
    multipart = htmx_post(
        client, "/articles/preview", {"body": "😀" * BODY_MAX}, "multipart/form-data"
    )
    assert multipart.status_code == 200


def test_a_multipart_field_beyond_max_form_memory_size_is_413(client: Client, writer: User) -> None:
    body = "a" * (MAX_FORM_MEMORY_SIZE + 1)
    response = htmx_post(client, "/articles/preview", {"body": body}, "multipart/form-data")
    assert response.status_code == 413


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_form_with_more_fields_than_max_form_parts_is_413(
    client: Client, writer: User, content_type: str
) -> None:
    def fields(count: int) -> dict[str, str]:
        return {"body": "Text"} | {f"extra{number}": "" for number in range(count - 1)}

    # The CSRF token travels in a header; the fields are the body and the extras.
    fits = htmx_post(client, "/articles/preview", fields(MAX_FORM_PARTS), content_type)
    assert fits.status_code == 200
    beyond = htmx_post(client, "/articles/preview", fields(MAX_FORM_PARTS + 1), content_type)
    assert beyond.status_code == 413


def test_the_limits_are_the_configuration(app: Flask) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] == MAX_CONTENT_LENGTH
    assert app.config["MAX_FORM_MEMORY_SIZE"] == MAX_FORM_MEMORY_SIZE
    assert app.config["MAX_FORM_PARTS"] == MAX_FORM_PARTS


# --- found by the hostile walk (tests/test_hostile_forms.py) ---------------------------


def test_a_nul_in_the_draft_field_is_no_server_error(client: Client, writer: User) -> None:
    # PostgreSQL refuses a NUL in a query's text with an error (a 500 before).
    data = {"title": "Mit Entwurf", "body": "Text", "draft_slug": "a\x00b"}
    assert client.post_form("/articles/new", data).status_code == 404
    assert client.htmx_post("/articles/autosave", data).status_code == 404


def test_a_100_kb_authority_name_in_a_case_is_refused_with_a_message(
    app: Flask, client: Client, writer: User
) -> None:
    # The page with the message suggests authorities like the typed name: SQLite refused
    # a LIKE pattern that long with an error (a 500 before).
    with app.app_context():
        db.session.add(
            Authority(slug="stadt-a", name="Stadt A", kind=Kind.MUNICIPALITY, level=Level.LOCAL)
        )
        db.session.commit()
    data = {"title": "Ein Fall", "summary": "Kurz.", "authority": "Amt " * 25_000}
    response = client.post_form("/cases/new", data)
    assert response.status_code == 422
    assert "Use at most 200 characters." in response.get_data(as_text=True)
