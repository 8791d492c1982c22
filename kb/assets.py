"""Static files: content-hashed names, compressed once, served before the app.

At start-up every file under static/ is written to the build directory twice: under its
own name and under a name that holds its content hash (css/site.0123456789ab.css), with a
gzip and a brotli copy where compression pays. `url_for('static', filename=...)` returns
the hashed address, and CSS `url()`s point at hashed names too, so a changed file gets a
new address and every address can be cached for a year.

WhiteNoise answers /static/ in front of Flask: no session is opened, no cookie is read or
set, no `after_request` hook runs, so static answers carry no `Vary: Cookie` and shared
caches may keep them. Hashed files are never overwritten, so pages rendered by a worker
of the previous release still find theirs; the directory can be served by a reverse proxy
instead (README, "Static files").
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.datastructures import Headers
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from kb.security import SECURITY_HEADERS

HASH_LENGTH = 12
HASHED_NAME = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[A-Za-z0-9]+$")
# url(...) in CSS, quoted or not; group 2 is the address.
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")
# A plain `@import url("x.css");` or `@import "x.css";` (no media query, layer or supports()):
# the build puts the file's rules in its place. Group 2 or 4 is the address.
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*(['"]?)([^'")\s]+)\1\s*\)|(['"])([^'"]+)\3)\s*;""")
CSS_CHARSET = re.compile(r"""@charset\s+"[^"]*"\s*;""")
COMPRESSED_SUFFIXES = (".gz", ".br")
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Built:
    root: Path
    # static/ name -> hashed name, both relative to the static folder ("css/site.css").
    hashed: dict[str, str]


def init_app(app: Flask) -> None:
    """Build the static files and serve them with WhiteNoise.

    Call before any other middleware wraps `app.wsgi_app`: WhiteNoise must see the path
    after the prefix middleware has taken KB_BASE_URL's path off.
    """
    assert app.static_folder and app.static_url_path
    source = Path(app.static_folder)
    # build/static beside static/ unless the operator names another (writable) place.
    target = app.config.get("KB_STATIC_BUILD_DIR") or source.parent / "build" / "static"
    built = build(source, Path(target))
    app.extensions["kb_assets"] = built

    @app.url_defaults
    def hashed_static_address(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = built.hashed.get(values["filename"], values["filename"])

    app.cli.add_command(build_static)
    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=str(built.root),
        prefix=app.static_url_path,
        # Unhashed names (an old page, a feed reader's favicon) may change: an hour.
        max_age=app.config["SEND_FILE_MAX_AGE_DEFAULT"],
        immutable_file_test=_is_hashed,
        add_headers_function=_add_headers,
        autorefresh=False,
    )


@click.command("build-static")
@with_appcontext
def build_static() -> None:
    """Write the hashed and compressed static files (done whenever the app starts)."""
    built: Built = current_app.extensions["kb_assets"]
    click.echo(f"{len(built.hashed)} static files in {built.root}")


def _is_hashed(path: str, url: str) -> bool:
    return HASHED_NAME.search(url) is not None


def _add_headers(headers: Headers, path: str, url: str) -> None:
    # What every answer of the app carries (an SVG opened on its own is a document).
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if _is_hashed(path, url):
        # A year, the longest lifetime HTTP/1.1 told servers to send (RFC 2616, 14.21);
        # WhiteNoise's own is ten years.
        headers["Cache-Control"] = IMMUTABLE


def build(source: Path, target: Path) -> Built:
    """Write every file of `source` to `target` under its name and its hashed name.

    Idempotent and safe for several processes at once (gunicorn workers, test workers):
    each file is written to a temporary name and renamed into place, and a file whose
    content is already there is left alone.
    """
    target.mkdir(parents=True, exist_ok=True)
    # Beside the target, not in it: WhiteNoise lists the target when a process starts, and
    # another process's half-written file must not be among what it finds.
    temporary = target.with_name(target.name + ".tmp")
    temporary.mkdir(exist_ok=True)
    compressor = Compressor(quiet=True)
    hashed: dict[str, str] = {}
    names = sorted(_source_files(source))
    # CSS last: its url()s name the hashed files, so their names must be known first.
    # (A stylesheet that points at another stylesheet may keep its unhashed address.)
    for name in sorted(names, key=lambda name: name.endswith(".css")):
        content = (source / name).read_bytes()
        if name.endswith(".css"):
            content = _inline_imports(source, name, content.decode("utf-8")).encode("utf-8")
            content = _rewrite_css_urls(name, content, hashed)
        digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
        stem, suffix = posixpath.splitext(name)
        hashed[name] = f"{stem}.{digest}{suffix}"
        for built_name in (hashed[name], name):
            _write_if_changed(target / built_name, content, compressor, temporary)
    return Built(target, hashed)


def _source_files(source: Path) -> Iterator[str]:
    for path in source.rglob("*"):
        relative = path.relative_to(source).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in relative.split("/")):
            continue
        if HASHED_NAME.search(relative) or relative.endswith(COMPRESSED_SUFFIXES):
            raise RuntimeError(
                f"static/{relative}: a source file must not look like a built one"
                " (a content hash or .gz/.br in its name)"
            )
        yield relative


def _inline_imports(source: Path, name: str, css: str, seen: tuple[str, ...] = ()) -> str:
    """`css` with each plain @import of a local stylesheet replaced by that stylesheet.

    A page then waits for one stylesheet instead of one round trip per file (Lighthouse:
    render-blocking resources); the files stay apart in static/ and work unbuilt. The
    imported file's url()s are rebased onto the importing file's directory.
    """
    directory = posixpath.dirname(name)

    def replace(match: re.Match[str]) -> str:
        address = match.group(2) or match.group(4)
        if address.startswith(("data:", "/")) or "://" in address:
            return match.group(0)
        imported = posixpath.normpath(posixpath.join(directory, address))
        if imported in seen or imported == name:
            raise RuntimeError(f"static/{name}: @import cycle through static/{imported}")
        if imported.startswith("../") or not (source / imported).is_file():
            raise RuntimeError(f"static/{name}: @import of a missing file static/{imported}")
        text = (source / imported).read_text(encoding="utf-8")
        text = _inline_imports(source, imported, text, (*seen, name))
        # @charset counts only as a file's first rule; the static files are all UTF-8.
        text = CSS_CHARSET.sub("", text)
        return _rebase_css_urls(text, posixpath.dirname(imported), directory)

    return CSS_IMPORT.sub(replace, css)


def _rebase_css_urls(css: str, from_directory: str, to_directory: str) -> str:
    def replace(match: re.Match[str]) -> str:
        address = match.group(2)
        if address.startswith(("data:", "#", "/")) or "://" in address:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(from_directory, address))
        return f'url("{posixpath.relpath(target, to_directory or ".")}")'

    return CSS_URL.sub(replace, css)


def _rewrite_css_urls(name: str, content: bytes, hashed: dict[str, str]) -> bytes:
    directory = posixpath.dirname(name)

    def replace(match: re.Match[str]) -> str:
        address = match.group(2)
        if address.startswith(("data:", "#", "/")) or "://" in address:
            return match.group(0)
        path = address.split("?", 1)[0]
        path, _, fragment = path.partition("#")
        referenced = posixpath.normpath(posixpath.join(directory, path))
        if referenced not in hashed:
            return match.group(0)
        new_path = posixpath.relpath(hashed[referenced], directory or ".")
        return f'url("{new_path}{"#" + fragment if fragment else ""}")'

    return CSS_URL.sub(replace, content.decode("utf-8")).encode("utf-8")


def _write_if_changed(path: Path, content: bytes, compressor: Any, temporary: Path) -> None:
    if path.is_file() and path.read_bytes() == content:
        return
    variants: list[tuple[str, bytes]] = []
    if compressor.should_compress(path.name):
        for suffix, compress in (
            (".br", compressor.compress_brotli),
            (".gz", compressor.compress_gzip),
        ):
            data = compress(content)
            if compressor.is_compressed_effectively(suffix, str(path), len(content), data):
                variants.append((suffix, data))
    # The compressed copies first: WhiteNoise offers them whenever the main file exists.
    for suffix, data in variants:
        _atomic_write(path.with_name(path.name + suffix), data, temporary)
    for suffix in COMPRESSED_SUFFIXES:
        if suffix not in dict(variants):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    _atomic_write(path, content, temporary)


def _atomic_write(path: Path, content: bytes, temporary_directory: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=temporary_directory)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
