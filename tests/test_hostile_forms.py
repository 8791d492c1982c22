"""Every POST form, attacked with an otherwise valid submission (issue 14): none may answer
5xx, and no over-long value may be stored. And pagination cursors: tampered, foreign or
out-of-range ones are a 400 with a message, never a 500 and never another list's page.

The forms are not listed here: the walk opens every page of the URL map (with the demo
content's slugs and ids) as a member, a moderator and a reader without an account, and
takes each form it finds there with the values the page fills in. A field the page
leaves empty (the form for something new) takes the value the same field has in
another form of the feature (its edit form), so the submission is valid but for the one
field under attack. Then one field at a time gets each hostile value its kind calls for.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote_plus, urlsplit

import pytest
from flask import Flask
from sqlalchemy import String, func, or_, select
from werkzeug.exceptions import HTTPException

from kb.extensions import db
from tests.conftest import Auth, Client, make_app, own_database
from tests.test_hostile_routes import DEMO_PASSWORD, real_values

# Over-long values start with this letter, found nowhere in the demo content: the walk
# ends by looking for it in every text column.
MARK = "Ẍ"
LOGINS = {
    "member": "aylin.demir@demo.example.org",
    "moderator": "jonas.weber@demo.example.org",
    "anonymous": None,
}
# Forms that would end the walk's session, and what they do is tested elsewhere.
SKIPPED_ACTIONS = {"/auth/logout", "/account/delete", "/account/password"}


@dataclass(frozen=True)
class Raw:
    """A value sent as it is, already percent-encoded: bytes that are no UTF-8."""

    encoded: str


Value = str | Raw
Pair = tuple[str, Value]
TWICE = Raw("a%00%ED%A0%80%FF")


@dataclass
class Field:
    name: str
    kind: str  # text, number, date, datetime, choice
    values: list[str]
    maxlength: int | None = None


@dataclass
class Form:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)
    button: tuple[str, str] | None = None

    def pairs(self) -> list[Pair]:
        pairs: list[Pair] = [
            (item.name, value) for item in self.fields.values() for value in item.values
        ]
        if self.button:
            pairs.append(self.button)
        return pairs


class FormParser(HTMLParser):
    """The POST forms of a page, with the values the page fills in."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: Field | None = None
        self.select: Field | None = None
        self.first_option: str | None = None

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attributes}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self.form = Form(urlsplit(attrs.get("action") or self.page_path).path)
                self.forms.append(self.form)
            return
        form, name = self.form, attrs.get("name", "")
        if form is None or not name:
            return
        maxlength = int(attrs["maxlength"]) if attrs.get("maxlength", "").isdigit() else None
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and form.button is None:
                    form.button = (name, attrs.get("value", ""))
                return
            entry = form.fields.setdefault(name, Field(name, field_kind(kind, attrs), []))
            entry.maxlength = maxlength
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    entry.values.append(attrs.get("value", "on"))
            else:
                entry.values.append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = form.fields.setdefault(name, Field(name, "text", [], maxlength))
            self.textarea.values.append("")
        elif tag == "select":
            self.select = form.fields.setdefault(name, Field(name, "choice", []))
            self.first_option = None
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                self.select.values.append(value)
        elif tag == "button" and attrs.get("type", "submit") == "submit" and not form.button:
            form.button = (name, attrs.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if not self.select.values and self.first_option is not None:
                self.select.values.append(self.first_option)
            self.select = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            # A browser drops the line break right after <textarea>.
            text = self.textarea.values[-1]
            self.textarea.values[-1] = text + (data if text else data.removeprefix("\n"))


def field_kind(input_type: str, attrs: dict[str, str]) -> str:
    if input_type in ("checkbox", "radio"):
        return "choice"
    if input_type == "date":
        return "date"
    if input_type == "datetime-local":
        return "datetime"
    if input_type == "number" or attrs.get("inputmode") in ("numeric", "decimal"):
        return "number"
    if input_type == "hidden" and attrs.get("value", "").isdigit():
        return "number"
    return "text"


def hostile_values(item: Field, again: bool) -> list[Value]:
    """What the field gets in turn. A text field the walk attacked already in another form
    of the feature (the same form class: new and edit) gets only the over-long value,
    which tests the other form's way of saving; everything else gets all its values."""
    over_long = [MARK + "x" * item.maxlength] if item.maxlength else []
    if item.kind == "text" and again:
        return over_long
    # NUL, a lone surrogate (as UTF-8 bytes) and a byte that is no UTF-8, in one value,
    # sent with the field's own value after it: a duplicated parameter as well.
    values: list[Value] = [TWICE, ""]
    if item.kind == "text":
        values += [MARK + "x" * 100 * 1024, *over_long]
    elif item.kind == "number":
        # 100,000 digits: beyond what int() converts (sys.get_int_max_str_digits()).
        values += [str(2**63), "-" + str(2**63), "-1", "9" * 100_000, "1e309"]
    elif item.kind == "date":
        values += ["0001-01-01", "9999-12-31", "10000-01-01"]
    elif item.kind == "datetime":
        values += ["0001-01-01T00:00", "9999-12-31T23:59", "10000-01-01T00:00"]
    elif item.kind == "choice":
        values += ["not-a-choice"]
    return values


def encode(pairs: list[Pair]) -> str:
    return "&".join(
        f"{quote_plus(name)}={value.encoded if isinstance(value, Raw) else quote_plus(value)}"
        for name, value in pairs
    )


def attacks(form: Form, attacked: set[tuple[str, str]]) -> Iterator[tuple[str, list[Pair]]]:
    base = form.pairs()
    feature = form.action.split("/")[1]
    for name, item in form.fields.items():
        if name == "csrf_token":
            continue
        others = [(key, value) for key, value in base if key != name]
        again = (feature, name) in attacked
        attacked.add((feature, name))
        for value in hostile_values(item, again):
            if value is TWICE:
                own = item.values[0] if item.values else "x"
                yield f"{name} twice", [*others, (name, TWICE), (name, own)]
            else:
                yield f"{name}={str(value)[:40]!r}", [*others, (name, value)]
    yield "unknown parameter", [*base, ("no_such_field", "x")]


# --- the walk ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(database_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One database with the demo content for the module (loading it takes seconds)."""
    with own_database(database_template, tmp_path_factory.mktemp("forms")) as url:
        # Without the per-address limits: the walk sends hundreds of forms from one address.
        app = make_app(url, RATELIMIT_ENABLED=False)
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def page_paths(app: Flask) -> list[str]:
    """Every GET page of the URL map with the demo content's slugs and ids."""
    from kb.cases.sections import SECTION_FORMS

    real = real_values(app)
    real["section"] = list(SECTION_FORMS)
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in (rule.methods or set()) or rule.endpoint == "static":
            continue
        names = sorted(rule.arguments)
        options = []
        for name in names:
            key = name
            if name == "slug":
                key = "series" if "/series/" in rule.rule else rule.rule.split("/")[1]
            options.append(real.get(key, []))
        for combination in itertools.product(*options):
            path = rule.rule
            for name, value in zip(names, combination, strict=True):
                path = re.sub(rf"<(?:[a-z]+(?:\([^)]*\))?:)?{name}>", value, path)
            found.append(path)
    return found


def endpoint(app: Flask, path: str) -> str:
    """The view a form posts to: the same form on every page (a comment form under each
    kind of content) is attacked once."""
    try:
        name, _arguments = app.url_map.bind("localhost").match(path, method="POST")
    except HTTPException:
        return path
    return str(name)


def login(app: Flask, email: str | None) -> Client:
    client: Client = app.test_client()  # type: ignore[assignment]
    if email is not None:
        assert Auth(client).login(email, DEMO_PASSWORD).status_code == 303
    return client


def collect_forms(app: Flask) -> list[tuple[str, Form]]:
    """(role, form) for each distinct form (by action and fields), the first role that
    sees it; the fields a form leaves empty filled from its feature's other forms."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    found: list[tuple[str, Form]] = []
    paths = page_paths(app)
    for role, email in LOGINS.items():
        client = login(app, email)
        for path in paths:
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.content_type:
                continue
            parser = FormParser(path)
            parser.feed(response.get_data(as_text=True))
            for form in parser.forms:
                if form.action in SKIPPED_ACTIONS:
                    continue
                key = (endpoint(app, form.action), tuple(sorted(form.fields)))
                if key not in seen:
                    seen.add(key)
                    found.append((role, form))
    for _role, form in found:
        feature = form.action.split("/")[1]
        for item in form.fields.values():
            if any(item.values):
                continue
            for _other_role, other in found:
                twin = other.fields.get(item.name)
                if other.action.split("/")[1] == feature and twin and any(twin.values):
                    item.values = list(twin.values)
                    break
    # Forms that remove things last, so that the others still find what they edit.
    found.sort(key=lambda pair: any(word in pair[1].action for word in ("delete", "reject")))
    return found


def test_every_form_withstands_hostile_fields(world: Flask) -> None:
    forms = collect_forms(world)
    assert len(forms) >= 20, [form.action for _role, form in forms]
    clients = {role: login(world, email) for role, email in LOGINS.items()}
    # A token stays valid for its session.
    tokens = {role: client.csrf_token() for role, client in clients.items()}
    failures: list[str] = []
    attacked: set[tuple[str, str]] = set()
    jobs = [(role, form, attack) for role, form in forms for attack in attacks(form, attacked)]
    for number, (role, target, (description, pairs)) in enumerate(jobs):
        client = clients[role]
        token = tokens[role]
        pairs = [(name, token if name == "csrf_token" else value) for name, value in pairs]
        headers = {"HX-Request": "true"} if number % 2 else {}
        try:
            response = client.post(
                target.action,
                data=encode(pairs),
                content_type="application/x-www-form-urlencoded",
                headers=headers,
            )
            status = response.status_code
            response.close()
        except Exception as error:  # what a worker would answer 500 to
            failures.append(f"{role} {target.action} {description}: {error!r}")
            continue
        if status >= 500:
            failures.append(f"{role} {target.action} {description}: {status}")
    assert not failures, "\n".join(failures[:40])
    assert not stored_marks(world)


def stored_marks(app: Flask) -> list[str]:
    """Text columns holding an over-long value of the walk."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [column for column in table.c if isinstance(column.type, String)]
            if not columns:
                continue
            condition = or_(*(column.like(f"{MARK}%") for column in columns))
            if db.session.scalar(select(func.count()).select_from(table).where(condition)):
                found.append(table.name)
    return found


# --- pagination cursors ------------------------------------------------------------------

LISTS = {
    "articles by date": "/articles/?sort=newest",
    "articles by likes": "/articles/?sort=liked",
    "articles by update": "/articles/?sort=updated",
    "upcoming events": "/events/",
    "past events": "/events/?when=past",
    "cases": "/cases/",
    "authorities": "/authorities/",
}


def list_cursors(app: Flask) -> dict[str, str]:
    """A cursor of each list, as its own code makes it, after a record of the demo."""
    from kb.articles import service as articles
    from kb.articles.models import Article
    from kb.authorities import queries as authorities
    from kb.cases import service as cases
    from kb.cases.models import CaseStudy
    from kb.directory import Authority
    from kb.events import queries as events
    from kb.events.models import Event

    with app.app_context():
        published = Article.published_at.is_not(None)
        article = db.session.scalars(select(Article).where(published)).first()
        event = db.session.scalars(select(Event)).first()
        shown = CaseStudy.published_at.is_not(None)
        case = db.session.scalars(select(CaseStudy).where(shown)).first()
        authority = db.session.scalars(select(Authority)).first()
        assert article and event and case and authority
        return {
            "articles by date": articles.encode_cursor(article, "newest"),
            "articles by likes": articles.encode_cursor(article, "liked"),
            "articles by update": articles.encode_cursor(article, "updated"),
            "upcoming events": events.encode_cursor(event, past=False),
            "past events": events.encode_cursor(event, past=True),
            "cases": cases.encode_cursor(case),
            "authorities": authorities.encode_cursor(authority),
        }


def crafted(*parts: object) -> str:
    raw = json.dumps(list(parts)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def with_cursor(url: str, cursor: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}after={cursor}"


def test_a_cursor_pages_its_own_list_and_no_other(world: Flask) -> None:
    client = login(world, None)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    cursors = list_cursors(world)
    assert set(cursors) == set(LISTS)
    for name, cursor in cursors.items():
        assert client.get(with_cursor(LISTS[name], cursor)).status_code == 200, name
        for other, url in LISTS.items():
            if other == name:
                continue
            response = client.get(with_cursor(url, cursor))
            assert response.status_code == 400, (name, other)
            assert "start again from the first page" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "cursor",
    [
        "kaputt",
        "%00",
        "A" * 5000,
        crafted("events:upcoming", "2026-01-01T00:00:00+00:00", 2**63),
        crafted("events:upcoming", "2026-01-01T00:00:00+00:00", 2**31),
        crafted("events:upcoming", "2026-01-01T00:00:00+00:00", -1),
        crafted("events:upcoming", "2026-01-01T00:00:00+00:00", True),
        crafted("events:upcoming", "0001-01-01T00:00:00+14:00", 1),
        crafted("events:upcoming", "9999-12-31T23:59:59-14:00", 1),
        crafted("events:upcoming", "2026-01-01T00:00:00", 1),
        crafted("events:upcoming", 2**70, 1),
        crafted("events:upcoming", ["2026-01-01T00:00:00+00:00"], 1),
        crafted("articles:liked", 2**63, 1),
        crafted("articles:liked", 1.5, 1),
        crafted("authorities", "\ud800", 1),
        crafted("authorities", "a\x00b", 1),
        crafted("authorities", "x" * 1000, 1),
        crafted("authorities", "Stadt", 1, "extra"),
        base64.urlsafe_b64encode(b"[" * 5000).decode(),
    ],
)
def test_tampered_cursors_are_a_400_with_a_message(world: Flask, cursor: str) -> None:
    client = login(world, None)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for url in LISTS.values():
        response = client.get(with_cursor(url, cursor))
        assert response.status_code == 400, url
        assert "start again from the first page" in response.get_data(as_text=True)
