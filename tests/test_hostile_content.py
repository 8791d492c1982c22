"""Hostile input renders inert everywhere it is shown, feeds included.

Every payload of ``tests.test_markdown.HOSTILE_INPUTS`` (script tags, event handlers,
javascript:/data: URLs, malformed HTML, Markdown link tricks, SVG, CSS, htmx attributes,
pathological nesting), plus payloads aimed at plain-text fields (attribute and element
breakouts, template injection), goes through the real forms as real users:

* the entry's title, summary, body and change note (a member writes, publishes and edits it),
* a comment (by a member who registered with the payload as display name) and a reply,
* the author's profile (display name, authority, job title, about text).

Then every page that shows one of them is fetched and parsed: the entry (anonymous and
as the author, as a draft and published), the list (plain, filtered, htmx fragment), the
drafts, the editor (values inside input and textarea), the conflict page, the version
history and a diff, both previews, the comment fragment and the comment editor, the
registration form shown again with an error, "Meine Lesezeichen", both profiles, the
profile editor and the Atom feed (raw XML and feedparser).

One app, database and logged-in author serve the whole module, so the run stays fast
while each payload is its own test case: each test publishes its own entry and takes it
off the lists and the feed again at the end, so one payload cannot spoil the next case.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote

import feedparser
import pytest
from flask import Flask
from werkzeug.test import TestResponse

import tests.test_markdown as markdown_tests
from kb.accounts import service as account_service
from kb.accounts.forms import INVISIBLE_CATEGORIES
from kb.articles import service as article_service
from kb.articles.forms import BODY_MAX
from kb.community.forms import COMMENT_MAX_LENGTH
from kb.extensions import db, limiter
from kb.forms import one_line
from kb.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LINK_REL,
    is_safe_url,
    is_table_region,
)
from kb.taxonomy import Platform, Topic, seed_taxonomy
from tests.conftest import PASSWORD, Client, make_app, own_database

# --- the payloads -------------------------------------------------------------------------

# Aimed at fields that are shown as plain text (title, summary, names, notes) and end up
# in attributes, <title>, <textarea>, JSON and XML.
PLAIN_TEXT_CASES: list[tuple[str, str]] = [
    ("attr-breakout-double", '"><script>alert(1)</script>'),
    ("attr-breakout-single", "'><script>alert(1)</script>"),
    ("attr-breakout-handler", '" onmouseover="alert(1)" x="'),
    ("attr-breakout-unquoted", "x onmouseover=alert(1) autofocus onfocus=alert(1)"),
    ("attr-breakout-backtick", "`` onmouseover=alert(1) ``"),
    ("title-breakout", "</title><script>alert(1)</script>"),
    ("textarea-close-breakout", "</textarea><script>alert(1)</script>"),
    ("script-breakout", "</script><script>alert(1)</script>"),
    ("jinja-expression", "{{7*7}} {{ config.SECRET_KEY }} {{ self.__init__ }}"),
    ("jinja-statement", "{% for x in range(3) %}X{% endfor %}{# c #}{% raw %}"),
    ("bare-javascript-url", "javascript:alert(1)"),
    ("bare-data-url", "data:text/html,<script>alert(1)</script>"),
    ("xml-cdata-breakout", "]]><script>alert(1)</script><![CDATA["),
    ("xml-entity-declaration", '<!DOCTYPE x [<!ENTITY e "boom">]>&e;'),
    ("json-breakout", '"}</script><script>alert(1)</script>{"'),
    ("hx-attributes-as-text", 'hx-get="/admin" hx-trigger="load" hx-on:click="alert(1)"'),
    ("css-as-text", 'x{background:url("javascript:alert(1)")} </style><style>'),
    ("line-separators", "A\u2028B\u2029C <script>alert(1)</script>"),
    ("html-comment-open", "Titel <!-- offen"),
    ("entity-soup", "&amp;lt;&#x3C;&#60;&lt &LT script&gt;alert(1)"),
    ("percent-encoded", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("xml-incompatible-chars", "Titel\x01\x08\x0b\x0c\x1b[31m <script>alert(1)</script>\ufffe"),
]

_names = getattr(markdown_tests, "_HOSTILE_IDS", None)
if not _names or len(_names) != len(markdown_tests.HOSTILE_INPUTS):
    _names = [f"markdown-{number}" for number in range(len(markdown_tests.HOSTILE_INPUTS))]
# Known defects, left visible: strict, so the suite says when they are fixed.
# Inputs the app cannot yet render safely everywhere (none now): name -> pytest.mark.xfail.
KNOWN_DEFECTS: dict[str, Any] = {}
CASES = [
    pytest.param(name, payload, id=name, marks=KNOWN_DEFECTS.get(name, ()))
    for name, payload in [
        *zip(_names, markdown_tests.HOSTILE_INPUTS, strict=True),
        *PLAIN_TEXT_CASES,
    ]
]

# --- what may appear in a page ---------------------------------------------------------------

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr", "keygen"}
)
# Elements whose children are rendered user content (Markdown run through kb.markdown).
USER_CONTENT_CLASSES = frozenset({"user-content", "comment__body"})
# Never in a page of this app, whoever wrote it.
BANNED_TAGS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base"}
    | {"style", "template", "noscript", "noembed", "noframes", "xmp", "plaintext", "portal"}
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite"}
    | {"data", "srcset", "ping", "manifest", "codebase", "longdesc", "lowsrc", "dynsrc"}
    | {"icon", "profile", "srcdoc"}
)
HX_URL_ATTRIBUTES = frozenset({"hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# The payloads' markup, as it would look had it survived unescaped.
RAW_TELLTALES = (
    "<script>alert",
    '<script src="https://evil',
    "<scr<script>",
    "<img",
    "<svg",
    "<math",
    "<iframe",
    "<object",
    "<embed",
    "<style",
    "<base",
    "<template",
    "<noscript",
    "<foreignobject",
    "<animate",
    "<mglyph",
    "<meta http-equiv",
    "<body onload",
    "<details open ontoggle",
    "<b onmouseover",
    "<button formaction",
    '<link rel="stylesheet" href="https://evil',
    '<form action="https://evil',
    "<![cdata[",
    "<?xml",
    "<!doctype x",
)
SECRET = "test-secret"  # conftest's SECRET_KEY: "{{ config.SECRET_KEY }}" must stay text


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    in_head: bool
    depth: int  # 0 outside user content, 1 for its top-level elements, and so on

    @property
    def in_user_content(self) -> bool:
        return self.depth > 0


class PageParser(HTMLParser):
    """Every start tag with its attributes and whether it sits in <head> or user content.

    html.parser decodes character references in attribute values and text, so the checks
    see what a browser would act on.
    """

    def __init__(self, user_content: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.root_is_user_content = user_content
        self.stack: list[tuple[str, int]] = []  # (tag, the user-content depth of its children)
        self.elements: list[Element] = []
        self.text: list[str] = []
        self.script_text: list[str] = []
        self.declarations: list[str] = []
        self.other: list[str] = []  # comments, processing instructions, CDATA
        self.in_script = False
        self.in_head = False

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> int:
        depth = self.stack[-1][1] if self.stack else int(self.root_is_user_content)
        self.elements.append(Element(tag, attrs, self.in_head, depth))
        if tag in ("head", "body"):
            self.in_head = tag == "head"
        if depth:
            return depth + 1
        classes = set((dict(attrs).get("class") or "").split())
        return 1 if classes & USER_CONTENT_CLASSES else 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        child_depth = self._add(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, child_depth))
        if tag == "script":
            self.in_script = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
        if tag == "head":
            self.in_head = False
        if any(name == tag for name, _ in reversed(self.stack)):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        (self.script_text if self.in_script else self.text).append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment {data[:80]!r}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"processing instruction {data[:80]!r}")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"declaration {data[:80]!r}")

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def parse(html: str, user_content: bool = False) -> PageParser:
    parser = PageParser(user_content)
    parser.feed(html)
    parser.close()
    return parser


def bad_scheme(value: str) -> str | None:
    """The dangerous scheme a browser could read in this URL, if any.

    The parser has already decoded character references; browsers drop ASCII whitespace
    and controls around and inside the scheme. Percent-decoding is stricter than a browser
    and costs nothing here.
    """
    for candidate in (value, unquote(value)):
        squeezed = re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200d\ufeff]+", "", candidate).lower()
        for scheme in BAD_SCHEMES:
            if squeezed.startswith(scheme):
                return scheme
    return None


def is_site_path(value: str) -> bool:
    return (
        value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and not re.search(r"[\x00-\x20\x7f\\]", value)
    )


# The editor's preview box holds this note until there is something to preview. The
# sanitiser drops every class attribute, so user text cannot produce it.
PREVIEW_PLACEHOLDER = ("p", [("class", "kern-body kern-body--muted")])


def check_user_content(element: Element, problems: list[str]) -> None:
    """Inside rendered user content only what kb.markdown's allow-list lets through."""
    tag, attrs = element.tag, element.attrs
    if element.depth == 1 and (tag, attrs) == PREVIEW_PLACEHOLDER:
        return
    if is_table_region(tag, attrs):
        return  # our scroll region around a table (kb.markdown), never the writer's
    if tag not in ALLOWED_TAGS:
        problems.append(f"<{tag}> in user content")
    allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset())
    for name, value in attrs:
        if name not in allowed:
            problems.append(f"attribute {name}={value!r} on <{tag}> in user content")
        if name == "href" and not is_safe_url(value or ""):
            problems.append(f"unsafe link {value!r} in user content")
    if tag == "a" and dict(attrs).get("rel") != LINK_REL:
        problems.append(f"link without rel={LINK_REL!r} in user content: {attrs!r}")


# htmx attributes make the browser send requests (carrying the CSRF header from <body>)
# and swap HTML in, so user text must never create, change or remove one. The rule:
# * inside user content there are none at all (the allow-list of kb.markdown);
# * everywhere else a page carries exactly the same multiset of (tag, attribute, value)
#   as the same kind of page rendered for the control entry, whose texts are harmless
#   (same templates, same viewer, same structure: one comment with one reply, lists
#   always longer than a page). URLs and the CSRF header differ per entry and session,
#   so they are checked on their own (a path on this site; a JSON object with only the
#   token) and compared by name; every other value (hx-target, hx-swap, hx-trigger, ...)
#   is compared as it is, so a smuggled hx-target="body" would show as well.


def hx_signature(name: str, value: str | None, problems: list[str]) -> tuple[str, str | None]:
    """An htmx attribute as compared with the control page.

    URLs and the CSRF header differ per entry and session: they are checked here (a path
    on this site; a JSON object with only the token) and compared by name only.
    """
    value = value or ""
    plain = name.removeprefix("data-")
    if plain in HX_URL_ATTRIBUTES:
        if not is_site_path(value):
            problems.append(f"{name}={value!r} is not a path on this site")
        return name, "<url>"
    if plain == "hx-headers":
        try:
            headers = json.loads(value)
        except ValueError:
            headers = None
        if not isinstance(headers, dict) or set(headers) != {"X-CSRFToken"}:
            problems.append(f"{name}={value!r} is not the CSRF header")
        return name, "<headers>"
    return name, value


def page_problems(
    html: str, *, fragment: bool, user_content: bool = False
) -> tuple[list[str], Counter[tuple[str, str, str | None]], PageParser]:
    """Everything wrong with a page or fragment, its htmx attributes, and the parse."""
    problems: list[str] = []
    lowered = html.lower()
    for needle in RAW_TELLTALES:
        if needle in lowered:
            at = lowered.index(needle)
            problems.append(f"raw {needle!r}: …{html[max(0, at - 80) : at + 120]!r}…")
    if SECRET in html:
        problems.append("the secret key is in the page")
    parsed = parse(html, user_content)
    if parsed.other:
        problems.append(f"comments or processing instructions: {parsed.other[:3]}")
    expected_declarations = [] if fragment else ["DOCTYPE html"]
    if parsed.declarations != expected_declarations:
        problems.append(f"declarations {parsed.declarations[:3]}")
    if any(text.strip() for text in parsed.script_text):
        problems.append(f"inline script: {parsed.script_text[:2]}")
    hx: Counter[tuple[str, str, str | None]] = Counter()
    scripts = 0
    for element in parsed.elements:
        tag, attrs = element.tag, element.attrs
        values = dict(attrs)
        where = f"<{tag} {' '.join(f'{n}={v!r}' for n, v in attrs)}>"[:200]
        if tag == "script":
            scripts += 1
            if (
                fragment
                or not element.in_head
                or not (values.get("src") or "").startswith("/static/")
            ):
                problems.append(f"script that is not the app's own: {where}")
        if tag in BANNED_TAGS:
            problems.append(f"banned element {where}")
        if tag == "meta" and ("http-equiv" in values or not element.in_head):
            problems.append(f"meta element {where}")
        if tag == "link" and not element.in_head:
            problems.append(f"link outside <head>: {where}")
        if tag == "img" and (element.in_user_content or not is_site_path(values.get("src") or "")):
            problems.append(f"image {where}")
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"event handler {where}")
            if name == "style":
                # The CSP (style-src 'self') forbids inline styles: the app never uses them.
                problems.append(f"style attribute {where}")
            if name in URL_ATTRIBUTES or name.removeprefix("data-") in HX_URL_ATTRIBUTES:
                scheme = bad_scheme(value or "")
                if scheme:
                    problems.append(f"{scheme} URL in {where}")
            if name in ("action", "formaction") and not is_site_path(value or ""):
                problems.append(f"form sends elsewhere: {where}")
            plain = name.removeprefix("data-")
            if plain.startswith("hx-"):
                if plain.startswith("hx-on"):
                    problems.append(f"htmx event handler {where}")
                if element.in_user_content:
                    problems.append(f"htmx attribute in user content: {where}")
                hx[(tag, *hx_signature(name, value, problems))] += 1
        if element.in_user_content:
            check_user_content(element, problems)
    if lowered.count("<script") != scripts:
        problems.append("'<script' in the raw HTML outside a script element")
    return problems, hx, parsed


# --- the app, its users and the control entry -----------------------------------------------


class Actor:
    """A test client that keeps its CSRF token (fetching it for every POST doubles them)."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self._token: str | None = None

    @property
    def token(self) -> str:
        if self._token is None:
            self._token = self.client.csrf_token()
        return self._token

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any], **kwargs: Any) -> TestResponse:
        return self.client.post(url, data={"csrf_token": self.token, **data}, **kwargs)

    def htmx_post(self, url: str, data: dict[str, Any]) -> TestResponse:
        headers = {"HX-Request": "true", "X-CSRFToken": self.token}
        return self.client.post(url, data=data, headers=headers)


@dataclass
class World:
    app: Flask
    author: Actor
    author_name: str
    anonymous: Actor
    # htmx attributes per kind of page, from the control entry with harmless text.
    control: dict[str, Counter[tuple[str, str, str | None]]] = field(default_factory=dict)
    registrations: int = 0
    entry_url: str | None = None  # the entry the running test published


TOPIC, PLATFORM = "strategie", "mastodon"
LIST_URLS = {
    "list": "/articles/",
    "list-filtered": f"/articles/?topic={TOPIC}&platform={PLATFORM}",
    "list-sorted": "/articles/?sort=updated",
}


@pytest.fixture(scope="module")
def world(database_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_database(database_template, tmp_path_factory.mktemp("hostile")) as database_url:
        # Rate limits guard against people, not against this module's few hundred posts.
        high = "100000 per minute"
        app = make_app(
            database_url,
            KB_COMMENT_LIMIT=high,
            KB_LOGIN_IP_LIMIT=high,
            KB_REGISTER_IP_LIMIT=high,
            KB_VALIDATE_IP_LIMIT=high,
            # Anonymous pages are cached for a few seconds; each check must see the new entry.
            KB_PAGE_CACHE_SECONDS=0,
        )
        limiter.reset()
        with app.app_context():
            seed_taxonomy()
            author = account_service.create_user(
                "autorin@stadt-beispiel.de", PASSWORD, "Anna Autorin"
            )
            db.session.commit()
            author_name = author.name
            add_filler_entries(author)
            db.session.commit()
        client: Client = app.test_client()  # type: ignore[assignment]
        login = client.post_form(
            "/auth/login", {"email": "autorin@stadt-beispiel.de", "password": PASSWORD}
        )
        assert login.status_code == 303
        world = World(
            app=app,
            author=Actor(client),
            author_name=author_name,
            anonymous=Actor(app.test_client()),  # type: ignore[arg-type]
        )
        for kind, page in publish_and_collect(world, "Harmloser Kontrolltext über Mastodon"):
            problems, hx = check(kind, page)
            assert not problems, (kind, problems)
            world.control[kind] = hx
        yield world
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def add_filler_entries(author: Any) -> None:
    """More entries than a list page holds, so every list has its "load more" link from
    the start and the control list pages have the same htmx attributes as later ones."""
    from sqlalchemy import select

    topic = db.session.scalar(select(Topic).where(Topic.slug == TOPIC))
    platform = db.session.scalar(select(Platform).where(Platform.slug == PLATFORM))
    for number in range(article_service.PAGE_SIZE + 2):
        article_service.create_article(
            author,
            article_service.ArticleInput(
                title=f"Füllbeitrag {number}",
                summary="Harmlos.",
                body="Ein **harmloser** Text mit [Link](https://example.org).",
                topics=[topic],
                platforms=[platform],
            ),
            publish=True,
        )


# --- one payload, through every form -------------------------------------------------------


def clip(text: str, limit: int) -> str:
    """What a field stores: the form strips, and the payload is cut to the field's limit
    first (a longer one is refused, which would test nothing)."""
    return text[:limit].strip()


def as_name(text: str, limit: int) -> str:
    """A display name as the forms accept it: one line, and without the invisible and
    direction-changing characters they refuse (tested below with the raw payload)."""
    visible = "".join(
        char
        for char in one_line(text[:limit])
        if unicodedata.category(char) not in INVISIBLE_CATEGORIES
    )
    return " ".join(visible.split())


@dataclass
class Texts:
    title: str
    summary: str
    body: str
    note: str
    comment: str
    reply: str
    display_name: str
    commenter_name: str
    authority: str
    job_title: str
    bio: str
    title_2: str = ""
    summary_2: str = ""
    body_2: str = ""

    @classmethod
    def of(cls, payload: str) -> Texts:
        texts = cls(
            title=clip(payload, 160),
            summary=clip(payload, 400),
            body=payload[:BODY_MAX],
            note=clip(payload, 200),
            comment=clip(payload, COMMENT_MAX_LENGTH),
            reply=clip("Antwort: " + payload, COMMENT_MAX_LENGTH),
            display_name=as_name(payload, 80),
            commenter_name=as_name("K " + payload, 80),
            authority=clip(payload, 200),
            job_title=clip(payload, 120),
            bio=clip(payload, 1000),
        )
        texts.title_2 = clip("Neu " + payload, 160)
        texts.summary_2 = clip("Neu " + payload, 400)
        texts.body_2 = payload[: BODY_MAX - 20] + "\n\nZweite Fassung\n"
        assert len(texts.title) >= 3 and len(texts.display_name) >= 2, "payload too short"
        return texts


@dataclass
class Page:
    html: str
    fragment: bool = False
    user: bool = False  # the whole fragment is user content (the preview)
    shows: tuple[str, ...] = ()  # texts that must be on it, as text or attribute value


def expect(response: TestResponse, status: int, what: str) -> TestResponse:
    assert response.status_code == status, (
        f"{what}: {response.status_code} instead of {status}: "
        f"{response.get_data(as_text=True)[:1500]}"
    )
    return response


def publish_and_collect(world: World, payload: str) -> Iterator[tuple[str, Page]]:
    """Put payload into every field through the real forms; yield every page showing it."""
    texts = Texts.of(payload)
    author, anonymous = world.author, world.anonymous

    # A name with invisible or direction-changing characters is refused.
    raw_name = clip(payload, 80)
    if as_name(raw_name, 80) != one_line(raw_name):
        expect(author.post("/account/profile", {"display_name": raw_name}), 422, "invisible name")

    # The author's profile, through the profile form.
    expect(
        author.post(
            "/account/profile",
            {
                "display_name": texts.display_name,
                "authority_text": texts.authority,
                "job_title": texts.job_title,
                "bio": texts.bio,
            },
        ),
        303,
        "profile form",
    )

    # A member registers with the payload as display name (first with a refused password,
    # so the form comes back with the values in it).
    world.registrations += 1
    # Numbered: payloads that differ only in case would be names that look alike, which
    # registration refuses (they are all registered in one database).
    texts.commenter_name = as_name(f"K{world.registrations} " + payload, 80)
    commenter = Actor(world.app.test_client())  # type: ignore[arg-type]
    email = f"mitglied{world.registrations}@stadt-beispiel.de"
    refused = expect(
        commenter.post(
            "/auth/register",
            {"email": email, "display_name": texts.commenter_name, "password": "kurz"},
        ),
        422,
        "registration with a short password",
    )
    yield "register-refused", Page(refused.get_data(as_text=True), shows=(texts.commenter_name,))
    expect(
        commenter.post(
            "/auth/register",
            {"email": email, "display_name": texts.commenter_name, "password": PASSWORD},
        ),
        303,
        "registration",
    )
    with world.app.app_context():
        from sqlalchemy import select

        from kb.users import User

        commenter_name = db.session.scalar(select(User.name).where(User.email == email))

    # The entry, first as a draft.
    entry_fields = {
        "title": texts.title,
        "summary": texts.summary,
        "body": texts.body,
        "topics": [TOPIC],
        "platforms": [PLATFORM],
    }
    created = expect(
        author.post("/articles/new", {**entry_fields, "action": "draft"}), 303, "new entry"
    )
    url = world.entry_url = created.headers["Location"]
    yield (
        "drafts",
        Page(author.get("/articles/drafts").get_data(as_text=True), shows=(texts.title,)),
    )
    draft = expect(author.get(url), 200, "draft page").get_data(as_text=True)
    yield "draft-author", Page(draft, shows=(texts.title, texts.summary, texts.display_name))
    expect(author.post(f"{url}/publish", {}), 303, "publish")
    article_id = int(
        re.search(r'id="bookmark-article-(\d+)"', author.get(url).get_data(as_text=True))[1]
    )

    # A comment (htmx) by the new member and the author's reply (without JavaScript).
    comments_url = f"/community/article/{article_id}/comments"
    fragment = expect(
        commenter.htmx_post(
            comments_url, {"body": texts.comment, "submission_key": uuid.uuid4().hex}
        ),
        200,
        "comment",
    ).get_data(as_text=True)
    yield "comments-fragment", Page(fragment, fragment=True, shows=(texts.commenter_name,))
    comment_id = int(re.search(r'<article[^>]* id="comment-(\d+)"', fragment)[1])
    expect(
        author.post(
            comments_url,
            {"body": texts.reply, "parent_id": comment_id, "submission_key": uuid.uuid4().hex},
        ),
        303,
        "reply",
    )
    expect(
        author.post(f"/community/article/{article_id}/bookmark", {"bookmarked": "1"}),
        303,
        "bookmark",
    )

    # The editor with the saved values, a second version, and a conflicting save.
    editor = expect(author.get(f"{url}/edit"), 200, "editor").get_data(as_text=True)
    yield "editor", Page(editor, shows=(texts.title, texts.summary, texts.body))
    version = int(re.search(r'name="version"[^>]* value="(\d+)"', editor)[1])
    second = {**entry_fields, "title": texts.title_2, "summary": texts.summary_2}
    second["body"] = texts.body_2
    expect(
        author.post(f"{url}/edit", {**second, "note": texts.note, "version": version}),
        303,
        "second version",
    )
    conflict = expect(
        author.post(f"{url}/edit", {**entry_fields, "action": "save", "version": version}),
        409,
        "conflicting save",
    ).get_data(as_text=True)
    yield "conflict", Page(conflict, shows=(texts.title_2, texts.title))

    # The entry as readers and as the author see it, the lists, history and diff.
    shown = (texts.title_2, texts.summary_2, texts.display_name, texts.commenter_name)
    yield "entry-anonymous", Page(anonymous.get(url).get_data(as_text=True), shows=shown)
    yield "entry-author", Page(author.get(url).get_data(as_text=True), shows=shown)
    for kind, list_url in LIST_URLS.items():
        yield (
            kind,
            Page(
                anonymous.get(list_url).get_data(as_text=True),
                shows=(texts.title_2, texts.summary_2, texts.display_name),
            ),
        )
    htmx_list = anonymous.get(LIST_URLS["list-filtered"], headers={"HX-Request": "true"})
    yield "list-fragment", Page(htmx_list.get_data(as_text=True), fragment=True, shows=shown[:3])
    yield (
        "history",
        Page(
            anonymous.get(f"{url}/history").get_data(as_text=True),
            shows=(texts.title_2, texts.display_name, texts.note),
        ),
    )
    yield (
        "diff",
        Page(
            expect(anonymous.get(f"{url}/diff?from=1&to=2"), 200, "diff").get_data(as_text=True),
            shows=(texts.title_2,),
        ),
    )

    # Both previews: the live one (htmx) and the one without JavaScript.
    preview = expect(
        author.htmx_post("/articles/preview", {"body": texts.body}), 200, "preview"
    ).get_data(as_text=True)
    yield "preview-fragment", Page(preview, fragment=True, user=True)
    no_js_preview = expect(
        author.post("/articles/new", {**entry_fields, "action": "preview"}), 200, "preview page"
    ).get_data(as_text=True)
    yield "preview-page", Page(no_js_preview, shows=(texts.title, texts.summary, texts.body))

    # The comment editor, bookmarks and profiles.
    yield (
        "comment-editor",
        Page(
            expect(commenter.get(f"/comments/{comment_id}/edit"), 200, "comment editor").get_data(
                as_text=True
            ),
            shows=(texts.comment, texts.title_2, texts.commenter_name),
        ),
    )
    yield (
        "bookmarks",
        Page(author.get("/account/bookmarks").get_data(as_text=True), shows=(texts.title_2,)),
    )
    yield (
        "profile-author",
        Page(
            anonymous.get(f"/users/{world.author_name}").get_data(as_text=True),
            shows=(texts.display_name, texts.authority, texts.job_title, texts.bio),
        ),
    )
    yield (
        "profile-commenter",
        Page(
            anonymous.get(f"/users/{commenter_name}").get_data(as_text=True),
            shows=(texts.commenter_name,),
        ),
    )
    yield (
        "profile-editor",
        Page(
            author.get("/account/profile").get_data(as_text=True),
            shows=(texts.display_name, texts.authority, texts.job_title, texts.bio),
        ),
    )

    # The feed is checked as XML, not as a page.
    try:
        feed = anonymous.get("/articles/feed.atom")
    except ValueError as error:  # testing propagates exceptions; readers would get a 500
        pytest.fail(f"the Atom feed breaks: {error}")
    assert feed.mimetype == "application/atom+xml"
    yield (
        "feed",
        Page(
            expect(feed, 200, "feed").get_data(as_text=True),
            shows=(texts.title_2, texts.summary_2, texts.display_name, url),
        ),
    )


# --- the feed --------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_ELEMENTS = frozenset(
    {"feed", "id", "title", "subtitle", "updated", "published", "link", "generator"}
    | {"author", "name", "email", "uri", "summary", "content", "entry", "category"}
    | {"contributor", "rights", "icon", "logo"}
)


def feed_problems(xml: str, title: str, summary: str, author: str, url: str) -> list[str]:
    problems: list[str] = []
    # Raw XML: every "<" opens an Atom element; everything else is escaped character data.
    tokens = re.findall(r"<([^\s>]*)", xml)
    if tokens and tokens[0] == "?xml":
        tokens = tokens[1:]
    for token in tokens:
        if token.removeprefix("/").rstrip("/") not in ATOM_ELEMENTS:
            problems.append(f"raw XML has <{token[:60]}")
    # The app's own output, checked above to hold nothing but Atom elements.
    root = ElementTree.fromstring(xml)  # noqa: S314
    for element in root.iter():
        if element.tag.removeprefix(ATOM) not in ATOM_ELEMENTS:
            problems.append(f"foreign element {element.tag!r}")
    entries = [
        item
        for item in root.iter(f"{ATOM}entry")
        if any(link.get("href", "").endswith(url) for link in item.iter(f"{ATOM}link"))
    ]
    if len(entries) != 1:
        return [*problems, f"the entry is in the feed {len(entries)} times"]
    entry = entries[0]
    for name in ("title", "summary", "content", "author/{ATOM}name"):
        for element in entry.findall(f"{ATOM}{name}"):
            if len(element):
                problems.append(f"markup inside <{name}>")
            kind = element.get("type", "text")
            if kind == "html":
                problems += [f"feed {name}: {p}" for p in fragment_problems(element.text)]
            elif kind != "text":
                problems.append(f"<{name} type={kind!r}>")
    if comparable(entry.findtext(f"{ATOM}title") or "") != comparable(title):
        problems.append(f"feed title {entry.findtext(f'{ATOM}title')!r} is not {title!r}")
    if comparable(entry.findtext(f"{ATOM}summary") or "") != comparable(summary):
        problems.append("feed summary is not the summary")
    if comparable(author) not in [comparable(n.text or "") for n in entry.iter(f"{ATOM}name")]:
        problems.append("feed author is not the display name")

    parsed = feedparser.parse(xml)
    if parsed.bozo:
        problems.append(f"feedparser: {parsed.bozo_exception}")
    items = [item for item in parsed.entries if item.get("link", "").endswith(url)]
    if len(items) != 1:
        return [*problems, "feedparser does not find the entry"]
    item = items[0]
    if comparable(item.title) != comparable(title):
        problems.append(f"feedparser title {item.title!r} is not {title!r}")
    for content in item.get("content", []):
        problems += [f"feedparser content: {p}" for p in fragment_problems(content.value)]
    if item.get("summary_detail", {}).get("type") == "text/html":
        problems += [f"feedparser summary: {p}" for p in fragment_problems(item.summary)]
    return problems


def fragment_problems(html: str | None) -> list[str]:
    problems, _, _ = page_problems(html or "", fragment=True, user_content=True)
    return problems


# --- the tests -------------------------------------------------------------------------------


def comparable(text: str) -> str:
    """Text as the app may fairly normalise it (controls dropped, whitespace collapsed):
    only for checking that a payload reached the page, never for the safety checks."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(
        "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
        "\u2066-\u2069\ufeff\ufffd\ufffe\uffff]",
        "",
        text,
    )
    return " ".join(text.split())


def shows(parsed: PageParser, text: str) -> bool:
    wanted = comparable(text)
    if wanted in comparable(parsed.all_text):
        return True
    return any(
        wanted in comparable(value or "")
        for element in parsed.elements
        for _, value in element.attrs
    )


def check(kind: str, page: Page) -> tuple[list[str], Counter[tuple[str, str, str | None]]]:
    if kind == "feed":
        title, summary, author, url = page.shows
        return feed_problems(page.html, title, summary, author, url), Counter()
    problems, hx, parsed = page_problems(page.html, fragment=page.fragment, user_content=page.user)
    problems += [f"not shown: {text[:80]!r}" for text in page.shows if not shows(parsed, text)]
    return problems, hx


@pytest.mark.parametrize(("name", "payload"), CASES)
def test_hostile_input_is_inert_everywhere(world: World, name: str, payload: str) -> None:
    checked: list[str] = []
    pages = publish_and_collect(world, payload)
    try:
        for kind, page in pages:
            problems, hx = check(kind, page)
            if hx != world.control[kind]:
                # Same templates, same structure: user text must not add or drop htmx.
                extra, missing = hx - world.control[kind], world.control[kind] - hx
                problems.append(f"htmx attributes differ: extra {extra}, missing {missing}")
            assert not problems, f"{name} on {kind}:\n" + "\n".join(problems[:20])
            checked.append(kind)
    finally:
        pages.close()
        # Readers (lists, feed) see only the filler, the control and the next test's entry:
        # one payload's failure cannot spill into the next case, and pages stay small.
        if world.entry_url:
            world.author.post(f"{world.entry_url}/unpublish", {})
            world.entry_url = None
    assert set(checked) == set(world.control), set(world.control) ^ set(checked)


def test_control_pages_have_app_htmx_attributes(world: World) -> None:
    """The comparison is not vacuous: the control pages carry the app's own htmx."""
    assert world.control["entry-author"][("form", "hx-post", "<url>")] >= 3
    assert world.control["editor"][("textarea", "hx-post", "<url>")] == 1
    assert world.control["list"][("a", "hx-get", "<url>")] == 1  # "load more"


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<p>x</p><script>alert(1)</script>", "script"),
        ('<p onclick="x()">x</p>', "event handler"),
        ('<a href=" java&#x09;script:alert(1)">x</a>', "javascript: URL"),
        ('<a href="DATA:text/html,x">x</a>', "data: URL"),
        ('<div class="user-content"><img src="/static/x.png"></div>', "image"),
        ('<div class="user-content"><p style="color:red">x</p></div>', "style attribute"),
        ('<div class="user-content"><div hx-get="/admin">x</div></div>', "htmx attribute"),
        ('<div class="comment__body"><a href="https://a.example">x</a></div>', "rel="),
        ('<div data-hx-on:click="x()"></div>', "htmx event handler"),
        ('<form action="https://evil.example"></form>', "form sends elsewhere"),
        ('<meta http-equiv="refresh" content="0">', "meta element"),
        ("<svg><circle/></svg>", "banned element"),
        ("<!-- x -->", "comments"),
        ("&lt;b&gt; <b onmouseover=x>", "event handler"),
    ],
)
def test_the_checks_catch_what_they_should(html: str, problem: str) -> None:
    problems, _, _ = page_problems(html, fragment=True)
    assert any(problem in found for found in problems), problems
