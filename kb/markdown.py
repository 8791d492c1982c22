"""User Markdown to safe HTML, and the plain text behind it.

Content (best practices, comments, case studies, events) is rendered once when it is
saved and the HTML is stored, so everything here is a pure, deterministic function of
its input: same text, same library versions, same bytes out.

Two layers, on purpose:

1. markdown-it-py with the ``js-default`` preset and the raw-HTML rules switched off, so
   anything a user types that looks like HTML is escaped and shown as text. (The
   library's ``default`` preset passes raw HTML straight through.) The token stream is
   then adjusted: headings are moved down so the page keeps its single ``<h1>``, images
   become links, links with a scheme other than http(s)/mailto become plain text.
2. nh3 (ammonia) with an explicit allow-list of tags, attributes and URL schemes. If a
   future markdown-it change or a renderer bug ever emitted something unexpected, the
   sanitiser still removes it. It also adds ``rel="nofollow ugc noopener"`` to links.

Choices that are policy rather than mechanics:

- Relative links (``/veranstaltungen``, ``../x``, ``?q=1``) and fragments (``#top``) are
  kept: they point into this site, which is useful for cross references, and a link is
  only followed when someone clicks it. Scheme-relative ``//host`` links count as
  external links and get the same ``rel`` as any other link.
- There are no images in the output. An image from another host would load for every
  reader and tell that host who reads what, and the product has no uploads. A Markdown
  image becomes a link to its URL with the alt text as link text (the URL itself when
  the alt text is empty), or just the alt text when it sits inside another link or its
  URL is not allowed.
- Bidi embedding/override/isolate controls (U+202A-U+202E, U+2066-U+2069) are removed:
  they exist to make text display in a different order than it is stored, which is the
  trick behind disguised link texts; right-to-left scripts display correctly without.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "LINK_REL",
    "is_safe_url",
    "markdown_tokens",
    "plain_text",
    "reading_minutes",
    "render_markdown",
    "render_plain",
]

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "del",
        "blockquote",
        "code",
        "pre",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
"""Every tag that may appear in rendered output."""

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"scope"}),
}
"""Every attribute that may appear, per tag (``rel`` is set by the sanitiser, not users)."""

ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Tags whose content is dropped together with the tag should one ever reach the
# sanitiser. Markdown-it never emits them (raw HTML is off); this is the second wall.
_CLEAN_CONTENT_TAGS = frozenset(
    {
        "script",
        "style",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "noscript",
        "noembed",
        "noframes",
        "textarea",
        "title",
        "xmp",
    }
)

_TOP_HEADING_LEVEL = 2  # the page template owns <h1>
_BOTTOM_HEADING_LEVEL = 4

# Browsers drop leading/trailing C0 controls and spaces and any tab or newline inside a
# URL before they look for the scheme; the check goes further and drops them everywhere.
# A backslash ends the scheme-less head too, as browsers read it as "/" in http(s) URLs.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_URL_PATH_START = re.compile(r"[/?#\\]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"\s+")
_START_VALUE = re.compile(r"^[0-9]{1,9}$")

WORDS_PER_MINUTE = 200
ELLIPSIS = "…"

# Bounds for pathological input. markdown-it's time grows with the nesting depth and
# with the delimiters in the text ("[" * 20,000 took 1.1 s, "[a](" * 40,000 1.2 s): deeper
# nesting is rendered as text, and a text with more delimiters than real writing has (in
# all, or in one paragraph) is shown as typed, in plain paragraphs, without Markdown.
MAX_NESTING = 20
MAX_DELIMITERS = 20_000
MAX_DELIMITERS_PER_BLOCK = 8_000
_BLOCKS = re.compile(r"\n[ \t]*\n")
_DELIMITERS = re.compile(r"[\[\]()*_~`<>!|]")


def _make_parser(*, tables: bool) -> MarkdownIt:
    """A CommonMark parser without raw HTML; with or without GFM tables."""
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # With html=False these rules already do nothing; disabling them makes it explicit
    # and keeps it so even if someone flips the option later.
    md.disable(["html_block", "html_inline"])
    if not tables:
        md.disable("table")
    md.options["maxNesting"] = MAX_NESTING
    return md


_MD_FULL = _make_parser(tables=True)
_MD_PLAIN = _make_parser(tables=False)
# An image's alt text as CommonMark wants it, markup stripped. The parsers' renderer is
# only known as a RendererProtocol; this method of the HTML renderer keeps no state.
_ALT_TEXT = RendererHTML()


def is_safe_url(url: str) -> bool:
    """True for http(s)/mailto URLs and for relative URLs and fragments.

    Stricter than a browser on purpose: percent-escapes are decoded and controls and
    whitespace removed before looking for a scheme, and any colon before the first
    ``/``, ``?`` or ``#`` counts as one (a relative path may not have a colon there
    anyway). So ``JaVaScRiPt:``, `` javascript:``, ``java\\tscript:`` and markdown-it's
    percent-encoded ``java%09script:`` are all treated as ``javascript:``.
    """
    cleaned = _URL_IGNORED.sub("", unquote(url))
    head = _URL_PATH_START.split(cleaned, maxsplit=1)[0]
    scheme, colon, _ = head.partition(":")
    return not colon or scheme.lower() in ALLOWED_URL_SCHEMES


def _relative_url_filter(url: str) -> str | None:
    """nh3 lets every relative URL through; apply :func:`is_safe_url` to them as well."""
    return url if is_safe_url(url) else None


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Only keep a plain number in ``<ol start>``; everything else is already allow-listed."""
    if tag == "ol" and attribute == "start":
        return value if _START_VALUE.match(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_CLEAN_CONTENT_TAGS),
    # "*" must be given: ammonia otherwise keeps its generic defaults (lang, title).
    attributes={"*": set(), "a": {"href"}, "ol": {"start"}},
    tag_attribute_values={"th": {"scope": {"col", "row"}}},
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    url_relative=_relative_url_filter,
)


def _normalise_input(text: str) -> str:
    """NFC (so "ü" is one code point for search and storage), no NULs, no bidi controls."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\x00", "\ufffd")
    return _BIDI_CONTROLS.sub("", text)


def _too_many_delimiters(text: str) -> bool:
    total = len(_DELIMITERS.findall(text))
    if total <= MAX_DELIMITERS_PER_BLOCK:
        return False  # the common case: no block can have too many
    if total > MAX_DELIMITERS:
        return True
    return any(
        len(_DELIMITERS.findall(block)) > MAX_DELIMITERS_PER_BLOCK for block in _BLOCKS.split(text)
    )


def _as_typed(text: str) -> str:
    """The text in escaped paragraphs, one per block: what Markdown would not bound."""
    blocks = (block.strip() for block in _BLOCKS.split(text))
    return "\n".join(f"<p>{html.escape(block)}</p>" for block in blocks if block)


def _rewrite_inline(children: list[Token]) -> list[Token]:
    """Turn images into links or text and unsafe links into text, keeping the link text."""
    result: list[Token] = []
    kept_links: list[bool] = []  # for each open link: did we keep its <a>?
    for token in children:
        if token.type == "link_open":
            keep = is_safe_url(str(token.attrGet("href") or "")) and not any(kept_links)
            kept_links.append(keep)
            if keep:
                token.attrs = {"href": token.attrs["href"]}  # no title attribute
                result.append(token)
        elif token.type == "link_close":
            if kept_links.pop() if kept_links else False:
                result.append(token)
        elif token.type == "image":
            result.extend(_image_replacement(token, inside_link=any(kept_links)))
        elif token.type in ("s_open", "s_close"):
            token.tag = "del"  # markdown-it writes <s> for ~~; the allow-list has <del>
            result.append(token)
        else:
            result.append(token)
    return result


def _image_replacement(image: Token, *, inside_link: bool) -> list[Token]:
    """A link to the image URL (alt text as label), or only the alt text."""
    src = str(image.attrGet("src") or "")
    alt = _ALT_TEXT.renderInlineAsText(image.children or [], _MD_FULL.options, {})
    if inside_link or not src or not is_safe_url(src):
        return [Token("text", "", 0, content=alt)] if alt else []
    return [
        Token("link_open", "a", 1, attrs={"href": src}),
        Token("text", "", 0, content=alt or src),
        Token("link_close", "a", -1),
    ]


def _rewrite_tokens(tokens: Sequence[Token], *, headings: bool) -> None:
    """Adjust the parsed token stream in place before rendering.

    Headings: the document's highest heading becomes ``<h2>`` and the others keep their
    distance to it, capped at ``<h4>``, so ``# A / ## B`` and ``## A / ### B`` both give
    h2/h3 and the outline never skips a level below the page's ``<h1>``. With
    ``headings=False`` headings become paragraphs.
    """
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = _TOP_HEADING_LEVEL - min(levels) if levels else 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            if headings:
                level = min(int(token.tag[1]) + shift, _BOTTOM_HEADING_LEVEL)
                token.tag = f"h{level}"
            else:
                token.tag = "p"
        elif token.type == "th_open":
            token.attrs = {"scope": "col"}  # drops style="text-align:…"
        elif token.type == "td_open":
            token.attrs = {}
        elif token.type == "fence":
            token.info = ""  # no class="language-…"
        elif token.type == "inline" and token.children:
            token.children = _rewrite_inline(token.children)


_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_TABLE_HEAD_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
TABLE_LABEL_LENGTH = 120


TABLE_REGION_CLASS = "kern-table-responsive"


def is_table_region(tag: str, attributes: Sequence[tuple[str, str | None]]) -> bool:
    """Whether an element is the wrapper _scrollable_tables puts around a table: the one
    element outside ALLOWED_TAGS in rendered output, added after the sanitiser, so the
    writer can never make one (their <div> is text, and the sanitiser drops any)."""
    names = [name for name, _ in attributes]
    values = dict(attributes)
    return (
        tag == "div"
        and names == ["class", "tabindex", "role", "aria-label"]
        and values["class"] == TABLE_REGION_CLASS
        and values["tabindex"] == "0"
        and values["role"] == "region"
    )


def _scrollable_tables(clean_html: str) -> str:
    """Each table in a scroll region of its own, focusable and named by its column heads,
    so a wide table scrolls on a phone instead of the page (WCAG 1.4.10). Applied to the
    sanitiser's output: the wrapper is ours, never the writer's."""

    def wrap(match: re.Match[str]) -> str:
        heads = [
            " ".join(html.unescape(_TAG.sub("", cell)).split())
            for cell in _TABLE_HEAD_CELL.findall(match.group(1))
        ]
        label = ", ".join(head for head in heads if head)[:TABLE_LABEL_LENGTH] or "—"
        return (
            f'<div class="{TABLE_REGION_CLASS}" tabindex="0" role="region" '
            f'aria-label="{html.escape(label, quote=True)}">{match.group(0)}</div>'
        )

    return _TABLE.sub(wrap, clean_html)


def _render(md: MarkdownIt, text: str, *, headings: bool) -> str:
    text = _normalise_input(text)
    if _too_many_delimiters(text):
        return _CLEANER.clean(_as_typed(text)).strip()
    env: dict[str, object] = {}
    tokens = md.parse(text, env)
    _rewrite_tokens(tokens, headings=headings)
    html_text = md.renderer.render(tokens, md.options, env)
    return _scrollable_tables(_CLEANER.clean(html_text).strip())


def markdown_tokens(text: str) -> list[Token] | str:
    """The token stream :func:`render_markdown` renders: links and images rewritten as
    there, unsafe links already text. For input beyond the bounds (see ``MAX_DELIMITERS``)
    the normalised text itself, which ``render_markdown`` shows as typed."""
    text = _normalise_input(text)
    if _too_many_delimiters(text):
        return text
    tokens = _MD_FULL.parse(text, {})
    _rewrite_tokens(tokens, headings=True)
    return tokens


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML for long content (entries, case studies, events).

    Raw HTML in the input is shown as text. The result is safe to mark as ``Markup`` and
    store; see the module docstring for what is allowed and why.
    """
    return _render(_MD_FULL, text, headings=True)


def render_plain(text: str) -> str:
    """Like :func:`render_markdown` for short texts such as comments: no headings, no tables.

    A heading line becomes an ordinary paragraph (without the ``#``); table syntax stays
    as the text that was typed. Everything else renders as in ``render_markdown``.
    """
    return _render(_MD_PLAIN, text, headings=False)


class _TextExtractor(HTMLParser):
    """Collects character data; character references are decoded once by the parser."""

    # Block-level tags end a word even when no whitespace separates them in the HTML.
    _BREAKS = frozenset(
        {"p", "br", "hr", "h2", "h3", "h4", "li", "blockquote", "pre", "tr", "th", "td"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _truncate(text: str, limit: int) -> str:
    """Cut at the last word boundary so that the result plus "…" fits in ``limit``."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    head = text[: limit - len(ELLIPSIS) + 1]  # +1: a space right after the cut is fine
    cut = head.rfind(" ")
    head = head[:cut] if cut > 0 else head[: limit - len(ELLIPSIS)]
    return head.rstrip(" ,;:–-") + ELLIPSIS


def plain_text(text: str, limit: int | None = None) -> str:
    """The visible text of the rendered Markdown, for summaries, meta tags and search.

    No tags, entities decoded exactly once, whitespace collapsed to single spaces. With
    ``limit`` the result is at most ``limit`` characters, cut at a word boundary and
    ending in "…". The result is plain text, not HTML: ``<script>`` typed by a user comes
    back as ``<script>``, so let the template engine escape it.
    """
    return text_of_html(render_markdown(text), limit)


def text_of_html(html: str, limit: int | None = None) -> str:
    """plain_text() of Markdown already rendered by render_markdown() (a stored
    ``*_html`` column): the same result without rendering again on every request."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    result = _WHITESPACE.sub(" ", "".join(parser.parts)).strip()
    return _truncate(result, limit) if limit is not None else result


def reading_minutes(text: str) -> int:
    """Estimated reading time in whole minutes (200 words a minute, rounded up, at least 1)."""
    words = len(plain_text(text).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
