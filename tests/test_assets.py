"""Static files: hashed addresses, compressed once, cached for a year, no cookies; and
the reduced KERN stylesheet still has every KERN class the templates use."""

from __future__ import annotations

import gzip
import hashlib
import os
import posixpath
import re
from pathlib import Path
from typing import Any

import brotli
import pytest
from flask import Flask
from flask.testing import FlaskClient

from kb import assets
from tests.conftest import Auth

REPO = Path(__file__).resolve().parent.parent
KERN_CSS = REPO / "static" / "vendor" / "kern-ux-2.7.2" / "kern.used.css"
IMMUTABLE = "public, max-age=31536000, immutable"
# The page's own stylesheet, script and preloaded fonts, as base.html names them.
PAGE_ASSETS = (
    "css/page.css",
    "vendor/htmx-2.0.11.min.js",
    "vendor/kern-ux-2.7.2/fonts/FiraSans-Regular-latin.woff2",
    "vendor/kern-ux-2.7.2/fonts/FiraSans-SemiBold-latin.woff2",
    "vendor/kern-ux-2.7.2/fonts/FiraSans-Medium-latin.woff2",
)
# What css/page.css imports, in its order, each with one of its rules.
STYLESHEETS = {
    "vendor/kern-ux-2.7.2/kern.used.css": ".kern-sr-only{",
    "vendor/kern-ux-2.7.2/fira-sans.css": "@font-face {",
    "css/site.css": ".skip-link {",
}
ASSET_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')
STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
FONT_PRELOAD = re.compile(
    r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>'
)


def page_assets(client: FlaskClient, path: str = "/") -> list[str]:
    html = client.get(path).get_data(as_text=True)
    return ASSET_LINK.findall(html)


def get(client: FlaskClient, url: str, encoding: str | None = None) -> Any:
    headers = {"Accept-Encoding": encoding} if encoding else {}
    response = client.get(url, headers=headers)
    body = response.data
    response.close()
    return response, body


# --- addresses ------------------------------------------------------------------------


def test_pages_link_every_asset_under_its_content_hash(app: Flask, client: FlaskClient) -> None:
    links = page_assets(client)
    hashed = app.extensions["kb_assets"].hashed
    for name in PAGE_ASSETS:
        assert f"/static/{hashed[name]}" in links, name
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", hashed[name])
    assert not [link for link in links if not assets.HASHED_NAME.search(link)]


def the_stylesheet(client: FlaskClient) -> tuple[str, str]:
    """(address, text) of the one stylesheet the start page links."""
    html = client.get("/").get_data(as_text=True)
    links = STYLESHEET_LINK.findall(html)
    assert len(links) == 1, links
    return links[0], get(client, links[0])[1].decode()


def font_addresses(stylesheet: str, css: str) -> list[str]:
    """The fonts `css` names, as absolute paths (resolved against the stylesheet's)."""
    directory = stylesheet.rsplit("/", 1)[0]
    return [
        posixpath.normpath(f"{directory}/{url}")
        for url in re.findall(r'url\("([^"]+\.woff2)"\)', css)
    ]


def test_a_page_waits_for_one_stylesheet_that_holds_all_of_them(
    app: Flask, client: FlaskClient
) -> None:
    # One render-blocking request instead of three (Lighthouse, slow networks).
    address, css = the_stylesheet(client)
    assert address == f"/static/{app.extensions['kb_assets'].hashed['css/page.css']}"
    assert "@import" not in css
    assert "@charset" not in css  # only allowed as a file's first rule
    positions = []
    for name, rule in STYLESHEETS.items():
        assert rule in (REPO / "static" / name).read_text() and rule in css, name
        positions.append(css.index(rule))
    assert positions == sorted(positions)


def test_every_font_the_page_preloads_is_one_the_stylesheet_names(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    preloads = FONT_PRELOAD.findall(html)
    # Regular (text), SemiBold (brand, headings) and Medium (page titles) are on every page;
    # fetched with the stylesheet, they are there before the first paint (no layout shift).
    assert [p.split("/")[-1].split("-")[1] for p in preloads] == ["Regular", "SemiBold", "Medium"]
    stylesheet, css = the_stylesheet(client)
    # The browser reuses a preload only for exactly the address the CSS asks for.
    assert set(preloads) <= set(font_addresses(stylesheet, css))


def test_stylesheets_point_at_hashed_fonts_that_are_served(client: FlaskClient) -> None:
    stylesheet, css = the_stylesheet(client)
    fonts = font_addresses(stylesheet, css)
    assert len(fonts) == 4
    for font in fonts:
        assert assets.HASHED_NAME.search(font), font
        response, body = get(client, font)
        assert response.status_code == 200, font
        assert response.headers["Content-Type"] == "font/woff2"
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert body[:4] == b"wOF2"


def test_a_hashed_address_changes_with_the_content(tmp_path: Path) -> None:
    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "a.css").write_text("a { color: red; }")
    first = assets.build(source, tmp_path / "one").hashed["css/a.css"]
    (source / "css" / "a.css").write_text("a { color: blue; }")
    second = assets.build(source, tmp_path / "two").hashed["css/a.css"]
    assert first != second
    assert first.startswith("css/a.") and first.endswith(".css")


def test_css_urls_are_rewritten_to_hashed_names(tmp_path: Path) -> None:
    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "fonts").mkdir()
    (source / "fonts" / "f.woff2").write_bytes(b"wOF2 font")
    (source / "css" / "a.css").write_text(
        '@font-face { src: url("../fonts/f.woff2") format("woff2"); }\n'
        ".i { background: url(data:image/svg+xml,x); }\n"
        ".m { background: url('../missing.png'); }\n"
    )
    built = assets.build(source, tmp_path / "build")
    css = (built.root / built.hashed["css/a.css"]).read_text()
    assert f'url("../{built.hashed["fonts/f.woff2"]}")' in css
    assert "url(data:image/svg+xml,x)" in css
    assert "url('../missing.png')" in css  # not ours to rename
    # The unhashed copy says the same, so both addresses give the same page.
    assert (built.root / "css" / "a.css").read_text() == css


def test_imported_stylesheets_are_put_in_place_with_their_urls_rebased(tmp_path: Path) -> None:
    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "vendor" / "fonts").mkdir(parents=True)
    (source / "vendor" / "fonts" / "f.woff2").write_bytes(b"wOF2 font")
    (source / "vendor" / "v.css").write_text(
        '@charset "UTF-8";.v{content:"ä"}\n@font-face { src: url("fonts/f.woff2"); }\n'
    )
    (source / "css" / "own.css").write_text(".own { color: red; }\n")
    (source / "css" / "page.css").write_text(
        '@import url("../vendor/v.css");\n@import "own.css";\n.page { color: blue; }\n'
    )
    built = assets.build(source, tmp_path / "build")
    css = (built.root / built.hashed["css/page.css"]).read_text()
    assert "@import" not in css and "@charset" not in css
    assert css.index('.v{content:"ä"}') < css.index(".own { color: red; }") < css.index(".page")
    # Relative to css/, where the bundle lives, and hashed.
    assert f'url("../{built.hashed["vendor/fonts/f.woff2"]}")' in css
    # The files themselves stay as they are.
    assert "@import" not in (built.root / built.hashed["css/own.css"]).read_text()


def test_a_change_in_an_imported_stylesheet_changes_the_bundles_address(tmp_path: Path) -> None:
    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "page.css").write_text('@import url("own.css");')
    (source / "css" / "own.css").write_text("a { color: red; }")
    first = assets.build(source, tmp_path / "one").hashed["css/page.css"]
    (source / "css" / "own.css").write_text("a { color: blue; }")
    assert assets.build(source, tmp_path / "two").hashed["css/page.css"] != first


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"css/page.css": '@import url("gone.css");'}, "missing file static/css/gone.css"),
        ({"css/page.css": '@import url("../../etc/x.css");'}, "missing file"),
        (
            {"css/page.css": '@import url("a.css");', "css/a.css": '@import url("page.css");'},
            "@import cycle",
        ),
    ],
)
def test_an_import_that_cannot_be_put_in_place_stops_the_build(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    for name, text in files.items():
        (source / name).write_text(text)
    with pytest.raises(RuntimeError, match=message):
        assets.build(source, tmp_path / "build")


def test_a_second_build_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "static"
    source.mkdir()
    (source / "a.js").write_text("console.log('a');" * 100)
    target = tmp_path / "build"
    built = assets.build(source, target)
    files = sorted(path for path in target.rglob("*") if path.is_file())
    assert [path.name for path in files] == sorted(
        name + suffix for name in ("a.js", built.hashed["a.js"]) for suffix in ("", ".br", ".gz")
    )
    stamps = {path: path.stat().st_mtime_ns for path in files}
    assets.build(source, target)
    assert {path: path.stat().st_mtime_ns for path in files} == stamps


def test_a_source_file_that_looks_built_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "static"
    source.mkdir()
    (source / "site.0123456789ab.css").write_text("a {}")
    with pytest.raises(RuntimeError, match="must not look like a built one"):
        assets.build(source, tmp_path / "build")


# --- answers ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGE_ASSETS)
def test_static_answers_are_compressed_immutable_and_cookie_free(
    app: Flask, client: FlaskClient, name: str
) -> None:
    url = f"/static/{app.extensions['kb_assets'].hashed[name]}"
    plain, plain_body = get(client, url)
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain.headers
    for encoding in ("br", "gzip"):
        response, body = get(client, url, encoding)
        assert response.status_code == 200
        if name.endswith(".woff2"):
            # woff2 is brotli inside already: sent as it is.
            assert "Content-Encoding" not in response.headers
            assert body == plain_body
        else:
            assert response.headers["Content-Encoding"] == encoding
            assert len(body) < len(plain_body) / 2
            assert "Accept-Encoding" in response.headers["Vary"]
        for answer in (plain, response):
            assert answer.headers["Cache-Control"] == IMMUTABLE
            assert "Set-Cookie" not in answer.headers
            assert "Cookie" not in answer.headers.get("Vary", "")
            assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_static_answers_ignore_a_logged_in_session(
    app: Flask, client: FlaskClient, auth: Any, make_user: Any
) -> None:
    make_user(email="reader@example.org")
    auth.login("reader@example.org")
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is not None
    url = f"/static/{app.extensions['kb_assets'].hashed['css/site.css']}"
    response, _ = get(client, url, "br")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")
    # The page itself does depend on the session.
    page = client.get("/")
    assert "Cookie" in page.headers["Vary"]


def test_an_unhashed_address_still_answers_but_is_not_immutable(client: FlaskClient) -> None:
    response, _ = get(client, "/static/css/site.css", "gzip")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "max-age=3600, public"
    assert "Set-Cookie" not in response.headers


def test_a_conditional_request_gets_304(app: Flask, client: FlaskClient) -> None:
    url = f"/static/{app.extensions['kb_assets'].hashed['css/site.css']}"
    response, _ = get(client, url)
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    again.close()
    assert again.status_code == 304


def test_an_unknown_static_file_is_a_404(client: FlaskClient) -> None:
    response, _ = get(client, "/static/css/nothing.0123456789ab.css")
    assert response.status_code == 404


def test_static_files_are_served_under_the_base_url_path(app_factory: Any) -> None:
    app = app_factory(KB_BASE_URL="https://www.stadt.example/amtsnetz/")
    client = app.test_client()
    hashed = app.extensions["kb_assets"].hashed["css/page.css"]
    html = client.get("/amtsnetz/").get_data(as_text=True)
    assert f'href="/amtsnetz/static/{hashed}"' in html
    for path in (f"/amtsnetz/static/{hashed}", f"/static/{hashed}"):
        response, _ = get(client, path, "br")
        assert response.status_code == 200, path
        assert response.headers["Content-Encoding"] == "br"


# --- only what we use -------------------------------------------------------------------

# A class name in a template or in Python code; `--kern-…` custom properties are not.
KERN_CLASS = re.compile(r"(?<![\w-])kern-[A-Za-z0-9_-]*[A-Za-z0-9_-]")
CSS_CLASS = re.compile(r"\.(kern-[A-Za-z0-9_-]+)")


def used_kern_classes() -> dict[str, set[str]]:
    """Each KERN class name found in templates/ and kb/, with the files that use it."""
    found: dict[str, set[str]] = {}
    files = [*(REPO / "templates").rglob("*.html"), *(REPO / "kb").rglob("*.py")]
    for path in files:
        for name in KERN_CLASS.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(path.relative_to(REPO)))
    return found


# Used in templates, with no rule of their own in KERN 2.7.2: nothing to keep.
NO_RULE_OF_THEIR_OWN = {
    # Styled only inside .kern-table--striped, which no page uses.
    "kern-table__row",
    "kern-table__body",
    # Not KERN classes (a size KERN has for other components, a name it does not have).
    "kern-btn--small",
    "kern-table__head",
}


def missing_kern_classes(used: dict[str, set[str]], css: str) -> dict[str, set[str]]:
    defined = set(CSS_CLASS.findall(css))
    missing = {}
    for name, files in used.items():
        if name in NO_RULE_OF_THEIR_OWN or name.startswith("kern-ux-"):  # the vendor folder
            continue
        if name.endswith("-"):
            # A name completed at render time (kern-btn--{{ kind }}): some variant must exist.
            present = any(candidate.startswith(name) for candidate in defined)
        else:
            present = name in defined
        if not present:
            missing[name] = files
    return missing


def test_the_reduced_kern_stylesheet_has_every_class_the_templates_use() -> None:
    used = used_kern_classes()
    assert len(used) > 50  # the scan found the templates
    missing = missing_kern_classes(used, KERN_CSS.read_text(encoding="utf-8"))
    assert not missing, (
        f"KERN classes used but missing from {KERN_CSS.name}: {missing}; run `make css`"
        " (or add a runtime-built class to the safelist in tools/purge-kern.mjs)"
    )


def test_classes_without_a_rule_of_their_own_have_none_in_kern() -> None:
    original = REPO / "node_modules" / "@kern-ux" / "native" / "dist" / "kern.min.css"
    if not original.is_file():
        if os.environ.get("CI"):
            pytest.fail("KERN's own stylesheet is missing: CI runs `make node-tools` first")
        pytest.skip("KERN's own stylesheet is not installed (make node-tools)")
    css = original.read_text(encoding="utf-8")
    for name in NO_RULE_OF_THEIR_OWN:
        # Where KERN names the class at all, another class must come first in the selector.
        pattern = r"(?:^|[{},])([^{},]*\.NAME(?![\w-])[^{},]*)".replace("NAME", name)
        for selector in re.findall(pattern, css):
            assert not selector.strip().startswith(f".{name}"), selector


def test_the_class_check_notices_a_missing_class() -> None:
    css = ".kern-btn{}.kern-btn--primary{}"
    used = {"kern-btn": {"a"}, "kern-btn--": {"b"}, "kern-alert": {"c"}, "kern-icon--": {"d"}}
    assert missing_kern_classes(used, css) == {"kern-alert": {"c"}, "kern-icon--": {"d"}}


@pytest.mark.parametrize(
    "classes",
    [
        # The kinds the templates build class names from (kern-alert--{{ kind }} and so on).
        [
            f"kern-{part}--{kind}"
            for part in ("alert", "icon")
            for kind in ("success", "info", "warning", "danger")
        ],
        [f"kern-btn--{kind}" for kind in ("primary", "secondary", "tertiary")],
    ],
)
def test_classes_built_at_render_time_are_kept(classes: list[str]) -> None:
    defined = set(CSS_CLASS.findall(KERN_CSS.read_text(encoding="utf-8")))
    assert not [name for name in classes if name not in defined]


def test_the_stylesheet_is_far_smaller_than_kerns() -> None:
    # KERN's whole dist/kern.min.css is 340,042 bytes.
    assert KERN_CSS.stat().st_size < 120_000


def test_vendored_files_match_their_recorded_sha256() -> None:
    vendor = REPO / "static" / "vendor"
    entries = [
        line.split("\t")
        for line in (vendor / "VERSIONS").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert {"kern-ux-2.7.2/kern.used.css", "htmx-2.0.11.min.js"} <= {e[0] for e in entries}
    for name, *_, recorded in entries:
        actual = hashlib.sha256((vendor / name).read_bytes()).hexdigest()
        assert recorded == f"sha256:{actual}", name


# --- pages ------------------------------------------------------------------------------


def test_pages_are_compressed_for_browsers_that_accept_it(client: FlaskClient) -> None:
    plain = client.get("/articles/")
    for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = client.get("/articles/", headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding
        assert len(response.data) < len(plain.data) / 2
        assert decompress(response.data) == plain.data
        assert {"Accept-Encoding", "Cookie"} <= set(response.headers["Vary"].split(", "))
    assert "Content-Encoding" not in plain.headers


def test_pages_with_a_session_are_not_compressed(client: Any, make_user: Any) -> None:
    # BREACH: a compressed page with the session's CSRF token beside text the request
    # chose would leak the token through its length.
    login_page = client.get("/auth/login", headers={"Accept-Encoding": "br, gzip"})
    assert 'name="csrf_token"' in login_page.get_data(as_text=True)
    assert "Content-Encoding" not in login_page.headers
    Auth(client).login(make_user().email)
    search = client.get("/search?q=Facebook", headers={"Accept-Encoding": "br, gzip"})
    assert search.status_code == 200
    assert "Content-Encoding" not in search.headers


def test_page_compression_can_be_left_to_a_proxy(app_factory: Any) -> None:
    client = app_factory(KB_COMPRESS_PAGES=False).test_client()
    response = client.get("/articles/", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
