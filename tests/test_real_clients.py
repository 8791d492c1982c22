"""What link previews and screen readers get from every page of the demo site.

The pages are those the browser suite checks (tests/browser/pages.py), fetched here with
the Flask test client from a database with the demo content, anonymous and as the demo
admin, in German and English:

- link previews: exactly one ``<meta name="description">`` and the Open Graph tags, with
  an absolute og:url on the configured address; content pages describe themselves;
- accessible names: two links with the same accessible name lead to the same address
  (WCAG 2.4.4/2.4.9: "mehr", "Bearbeiten", the dates of a series must say what they are).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from flask import Flask
from lxml.html import HtmlElement
from sqlalchemy import select

from kb.articles.models import Article
from kb.directory import Authority
from kb.events.models import Event
from kb.extensions import db
from tests.browser.helpers import DEMO_ADMIN_EMAIL, DEMO_PASSWORD
from tests.browser.pages import DEMO_ARTICLE, DEMO_CITY, DEMO_EVENT, REGISTRY, Page
from tests.conftest import Auth, Client, make_app, own_database

BASE_URL = "http://localhost"  # KB_BASE_URL in tests (kb.addresses.TESTING_BASE_URL)
OG_PROPERTIES = ("og:title", "og:description", "og:type", "og:url", "og:site_name", "og:locale")
LANGUAGES = ("de", "en")
_SPACE = re.compile(r"\s+")
# Besides the browser suite's pages: search results that list the dates of a series.
EXTRA_PAGES = [Page(path="/search?q=Stammtisch&type=event", name="search-series-dates")]


@dataclass(frozen=True)
class Fetched:
    page: Page
    language: str
    html: str

    @property
    def label(self) -> str:
        return f"{self.page.name} ({self.language}{', logged in' if self.page.login else ''})"


@pytest.fixture(scope="module")
def demo_app(database_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    with own_database(database_template, tmp_path_factory.mktemp("clients")) as url:
        app = make_app(url, KB_PAGE_CACHE_SECONDS=0, RATELIMIT_ENABLED=False)
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def pages(demo_app: Flask) -> list[Fetched]:
    """Every registry page in both languages, fetched once for all the checks here."""
    anonymous: Client = demo_app.test_client()  # type: ignore[assignment]
    admin: Client = demo_app.test_client()  # type: ignore[assignment]
    assert Auth(admin).login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD).status_code == 303
    fetched = []
    for page in [*REGISTRY, *EXTRA_PAGES]:
        client = admin if page.login else anonymous
        for language in LANGUAGES:
            response = client.get(page.path, headers={"Accept-Language": language})
            assert response.status_code == page.status, f"{page.name}: {response.status_code}"
            fetched.append(Fetched(page, language, response.get_data(as_text=True)))
    return fetched


def document(html: str) -> HtmlElement:
    return lxml.html.fromstring(html)


# --- link previews ------------------------------------------------------------------------------


def meta_values(tree: HtmlElement, attribute: str, name: str) -> list[str]:
    return [str(value) for value in tree.xpath(f'//head/meta[@{attribute}="{name}"]/@content')]


def preview_problems(fetched: Fetched) -> list[str]:
    tree = document(fetched.html)
    problems = []
    descriptions = meta_values(tree, "name", "description")
    if len(descriptions) != 1 or not descriptions[0].strip():
        problems.append(f"meta description: {descriptions!r}")
    for name in OG_PROPERTIES:
        values = meta_values(tree, "property", name)
        if len(values) != 1 or not values[0].strip():
            problems.append(f"{name}: {values!r}")
    (url, *_) = [*meta_values(tree, "property", "og:url"), ""]
    expected = BASE_URL + urlsplit(fetched.page.path).path
    if url != expected:
        problems.append(f"og:url is {url!r}, not the absolute address {expected!r}")
    if meta_values(tree, "property", "og:description") != descriptions:
        problems.append("og:description differs from the meta description")
    locale = {"de": "de_DE", "en": "en_GB"}[fetched.language]
    if meta_values(tree, "property", "og:locale") != [locale]:
        problems.append(f"og:locale is not {locale}")
    return [f"{fetched.label}: {problem}" for problem in problems]


def test_every_page_has_a_description_and_open_graph_tags(pages: list[Fetched]) -> None:
    problems = [problem for fetched in pages for problem in preview_problems(fetched)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_missing_and_relative_tags() -> None:
    page = Fetched(Page(path="/x", name="x"), "de", "")
    broken = (
        '<html><head><meta name="description" content="a"><meta name="description" content="b">'
        '<meta property="og:url" content="/x"></head><body></body></html>'
    )
    problems = preview_problems(Fetched(page.page, "de", broken))
    assert any("meta description" in problem for problem in problems)
    assert any("og:title" in problem for problem in problems)
    assert any("not the absolute address" in problem for problem in problems)


def description_of(pages: list[Fetched], name: str, language: str = "de") -> str:
    (fetched,) = [item for item in pages if item.page.name == name and item.language == language]
    (description,) = meta_values(document(fetched.html), "name", "description")
    return description


def test_content_pages_describe_themselves(demo_app: Flask, pages: list[Fetched]) -> None:
    neutral = description_of(pages, "start")
    assert neutral == description_of(pages, "articles")  # list pages: the site's own text
    for name in ("article", "event", "event-series", "authority-city", "case", "public-profile"):
        assert description_of(pages, name) != neutral, name
        assert len(description_of(pages, name)) <= 200, name

    with demo_app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == DEMO_ARTICLE))
        event = db.session.scalar(select(Event).where(Event.slug == DEMO_EVENT))
        city = db.session.scalar(select(Authority).where(Authority.slug == DEMO_CITY))
        assert article is not None and event is not None and city is not None
        summary, venue, city_name = article.summary, event.venue_city, city.name
        event_year = str(event.local_start.year)
    assert description_of(pages, "article").startswith(summary[:100])
    event_description = description_of(pages, "event")
    assert venue in event_description and event_year in event_description  # place and date
    assert description_of(pages, "authority-city").startswith(city_name)


def test_titles_are_escaped_once(demo_app: Flask) -> None:
    """A title with "&" becomes &amp; in the attribute, not &amp;amp;."""
    client: Client = demo_app.test_client()  # type: ignore[assignment]
    html = client.get("/impressum").get_data(as_text=True)
    (title,) = re.findall(r'<meta property="og:title" content="([^"]*)"', html)
    assert "&amp;amp;" not in title and "&lt;" not in title


# --- times ----------------------------------------------------------------------------------------

# What HTML accepts in <time datetime> for what we show: a date, or an instant with its zone.
_VALID_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VALID_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})"
)
_SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")


def time_problems(fetched: Fetched) -> list[str]:
    problems = []
    for node in document(fetched.html).iter("time"):
        value, text = node.get("datetime"), _SPACE.sub(" ", node.text_content()).strip()
        if value is None or not (_VALID_DATE.fullmatch(value) or _VALID_INSTANT.fullmatch(value)):
            problems.append(f"<time datetime={value!r}> ({text!r})")
        if _SECONDS.search(text):
            problems.append(f"<time> shows seconds: {text!r}")
    return [f"{fetched.label}: {problem}" for problem in problems]


def test_times_carry_valid_values_and_read_without_seconds(pages: list[Fetched]) -> None:
    problems = [problem for fetched in pages for problem in time_problems(fetched)]
    assert not problems, "\n".join(problems)


# --- accessible names of links ------------------------------------------------------------------


def _hidden(element: HtmlElement) -> bool:
    """Hidden from everyone, or from assistive technology."""
    for node in (element, *element.iterancestors()):
        if node.get("aria-hidden") == "true" or node.get("hidden") is not None:
            return True
    return False


def _text(element: HtmlElement) -> str:
    """The text an element contributes to a name: its text and its visible children's."""
    if element.get("aria-hidden") == "true" or element.get("hidden") is not None:
        return ""
    if element.tag == "img":
        return element.get("alt") or ""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def accessible_name(link: HtmlElement, tree: HtmlElement) -> str:
    """The link's name as the accessible-name computation gives it for the markup we write:
    aria-labelledby, else aria-label, else its content (hidden parts left out), else title."""
    labelledby = (link.get("aria-labelledby") or "").split()
    if labelledby:
        parts = [tree.get_element_by_id(ref, None) for ref in labelledby]
        name = " ".join(_text(part) for part in parts if part is not None)
    else:
        name = link.get("aria-label") or _text(link) or link.get("title") or ""
    return _SPACE.sub(" ", name).strip()


def ambiguous_links(html: str, page_url: str) -> dict[str, set[str]]:
    """Accessible names shared by links to different addresses, with those addresses."""
    tree = document(html)
    addresses: dict[str, set[str]] = {}
    for link in tree.iter("a"):
        href = link.get("href")
        if href is None or _hidden(link):
            continue
        name = accessible_name(link, tree)
        addresses.setdefault(name.casefold(), set()).add(urljoin(page_url, href))
    return {name: urls for name, urls in addresses.items() if len(urls) > 1}


def test_links_with_one_name_lead_to_one_address(pages: list[Fetched]) -> None:
    problems = []
    for fetched in pages:
        if fetched.page.status != 200:
            continue
        for name, urls in sorted(
            ambiguous_links(fetched.html, BASE_URL + fetched.page.path).items()
        ):
            problems.append(f"{fetched.label}: {name!r} leads to {sorted(urls)}")
    assert not problems, "\n".join(problems)


def test_the_name_check_reads_hidden_text_and_labels() -> None:
    html = """<html><body>
      <a href="/a/1">mehr<span class="kern-sr-only"> über A</span></a>
      <a href="/a/2">mehr<span class="kern-sr-only"> über B</span></a>
      <a href="/b/1" aria-label="Bearbeiten: A">Bearbeiten</a>
      <a href="/b/2" aria-label="Bearbeiten: B">Bearbeiten</a>
      <a href="/c/1">Melden<span aria-hidden="true"> ⚑</span></a>
      <a href="/c/1">Melden</a>
      <a href="/d/1">Antworten</a>
      <a href="/d/2">Antworten <img alt="" src="/x.png"></a>
    </body></html>"""
    assert ambiguous_links(html, BASE_URL + "/") == {
        "antworten": {BASE_URL + "/d/1", BASE_URL + "/d/2"}
    }
