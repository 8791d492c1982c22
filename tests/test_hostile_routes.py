"""Every route of the URL map, with hostile values in every place a request can put one:
path converters, query parameters and form fields. None may answer 5xx.

The walk takes the rules from the app itself, the query parameters the views read and
the fields of every form class, so a new route, parameter or field is walked without
being listed here. It runs as a reader without cookies, a member and a moderator, on
the demo content (so that real slugs and ids lead into the views, not only to 404).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, PathConverter, Rule
from wtforms.fields.core import UnboundField

from kb.extensions import db
from kb.users import User
from tests.conftest import Auth, Client, make_app, own_database

# What a request can carry where a number, a date, a word or a cursor is expected.
HOSTILE = [
    "-1",
    "0",
    str(2**31),
    str(2**63),
    str(2**64),
    "9" * 40,
    "1e309",
    "NaN",
    "9999-12-31",
    "0001-01-01T00:00",
    "2026-02-30",
    "\x00",
    "%",
    "[]",
    "ä" * 5000,
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "",
]
INTEGERS = ["0", str(2**31), str(2**63), "9" * 40]
WORDS = ["x", "a" * 600, "%FF", "..", "feed.atom"]
# The query parameters the views read (request.args and the query parsers).
PARAMETERS = [
    "after",
    "authority",
    "c",
    "check",
    "format",
    "free",
    "from",
    "kind",
    "land",
    "level",
    "mode",
    "month",
    "next",
    "page",
    "platform",
    "q",
    "sort",
    "to",
    "topic",
    "type",
    "upcoming",
    "view",
]
# Routes that would end the walk's session.
SKIPPED_WHEN_LOGGED_IN = {"/auth/logout", "/account/delete", "/account/password"}


def form_fields() -> list[str]:
    """The names of the fields of every form class of the app."""
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm

    import kb

    for module in pkgutil.walk_packages(kb.__path__, "kb."):
        if module.name.endswith(("forms", "section_forms")):
            importlib.import_module(module.name)
    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        for klass in form.__mro__:
            names.update(
                name for name, value in vars(klass).items() if isinstance(value, UnboundField)
            )
    return sorted(names)


def real_values(app: Flask) -> dict[str, list[str]]:
    """A slug or id that exists, per argument name, from the demo content."""
    from kb.articles.models import Article
    from kb.cases.models import CaseStudy
    from kb.community.models import Comment
    from kb.directory import Authority, SocialAccount
    from kb.events.models import Event, EventSeries

    with app.app_context():
        found = {
            "articles": db.session.scalar(select(Article.slug).limit(1)),
            "cases": db.session.scalar(select(CaseStudy.slug).limit(1)),
            "events": db.session.scalar(select(Event.slug).limit(1)),
            "series": db.session.scalar(select(EventSeries.slug).limit(1)),
            "authorities": db.session.scalar(select(Authority.slug).limit(1)),
            "name": db.session.scalar(select(User.name).limit(1)),
            "comment_id": db.session.scalar(select(Comment.id).limit(1)),
            "account_id": db.session.scalar(select(SocialAccount.id).limit(1)),
        }
    return {key: [str(value)] for key, value in found.items() if value is not None}


def argument_values(rule: Rule, name: str, real: dict[str, list[str]]) -> list[str]:
    converter = rule._converters[name]
    if isinstance(converter, IntegerConverter):
        return real.get(name, []) + INTEGERS
    if isinstance(converter, PathConverter):
        return ["x.css", "../../etc/passwd", "%00", "a/" * 300]
    if name == "slug":
        section = rule.rule.split("/")[1]
        return real.get("series" if "/series/" in rule.rule else section, []) + WORDS
    if name == "target_type":
        return ["article", "case", "event", "comment", "x"]
    if name == "code":
        return ["de", "en", "xx"]
    return real.get(name, []) + WORDS


def paths(rule: Rule, real: dict[str, list[str]]) -> Iterator[str]:
    names = sorted(rule.arguments)
    choices = [argument_values(rule, name, real) for name in names]
    for number, combination in enumerate(itertools.zip_longest(*choices)):
        values = {
            name: value if value is not None else choices[index][number % len(choices[index])]
            for index, (name, value) in enumerate(zip(names, combination, strict=True))
        }
        path = rule.rule
        for name, value in values.items():
            path = path.replace(f"<{name}>", value)
            for kind in ("int", "path", "int(min=1)"):
                path = path.replace(f"<{kind}:{name}>", value)
        yield path


def hostile_query(number: int) -> list[tuple[str, str]]:
    value = HOSTILE[number % len(HOSTILE)]
    pairs = [(name, value) for name in PARAMETERS]
    # The same parameter twice, with a second value.
    pairs.append(("page", HOSTILE[(number + 1) % len(HOSTILE)]))
    return pairs


def walk(app: Flask, client: Client, logged_in: bool) -> list[str]:
    real = real_values(app)
    fields = form_fields()
    failures: list[str] = []
    requests = itertools.count()
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if logged_in and rule.rule in SKIPPED_WHEN_LOGGED_IN:
            continue
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        for path in paths(rule, real):
            for method in methods:
                number = next(requests)
                value = HOSTILE[number % len(HOSTILE)]
                try:
                    if method == "GET":
                        response = client.get(path, query_string=hostile_query(number))
                    else:
                        data = {name: value for name in fields}
                        data["csrf_token"] = client.csrf_token()
                        headers = {"HX-Request": "true"} if number % 2 else {}
                        response = client.open(path, method=method, data=data, headers=headers)
                    status = response.status_code
                    response.close()
                except Exception as error:  # what a worker would answer 500 to
                    failures.append(f"{method} {path!r} value {value!r}: {error!r}")
                    continue
                if status >= 500:
                    failures.append(f"{method} {path!r} value {value!r}: {status}")
    return failures


DEMO_PASSWORD = "demo-passwort-amtsnetz"
# Demo accounts (kb/demo_data): a member and a moderator.
LOGINS = {
    "anonymous": None,
    "member": "aylin.demir@demo.example.org",
    "moderator": "jonas.weber@demo.example.org",
}


@pytest.fixture(scope="module")
def demo_app(database_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One database with the demo content for the whole walk (loading it takes seconds)."""
    with own_database(database_template, tmp_path_factory.mktemp("hostile")) as url:
        app = make_app(url)
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("login", sorted(LOGINS))
def test_no_route_answers_5xx_to_hostile_values(demo_app: Flask, login: str) -> None:
    client: Client = demo_app.test_client()  # type: ignore[assignment]
    email = LOGINS[login]
    if email is not None:
        assert Auth(client).login(email, DEMO_PASSWORD).status_code == 303
    failures = walk(demo_app, client, logged_in=email is not None)
    assert not failures, "\n".join(failures[:40])
