"""Export files built once per registry version and served like static files.

Building the registry's CSV reads every approved authority and account (about 2 s at
10,000 authorities): done per request, any crawler could tie up the workers. So each
export is written once per registry version (kb.authorities.changes raises it in the
transaction of every write) to a file in the instance folder, and every request for the
same version gets that file: one small query for the version, a stat and the file, with
a strong ETag (304 on If-None-Match), Last-Modified and Content-Length, and no session.

The file's name holds a key made of everything its bytes depend on (the export, its
filters and day, the version and when it changed, the configuration it names, and
FORMAT), so a file is never served for another state: a new version is a new name.
Files are written to a temporary name and renamed (readers never see half a file);
one worker builds while the others wait for it (a lock file), and a build removes the
older versions of its export. Exports with variants (the census per filter and day) keep
at most MAX_VARIANTS files and MAX_VARIANT_BYTES bytes each; the oldest go first.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from flask import Response, current_app, has_request_context, request, send_file
from flask_babel import force_locale

from kb.authorities.service import current_version
from kb.i18n import LOCALE_KEY, TRANSLATIONS_KEY

# Raise when what an export contains or how it is written changes: old files then
# have other names and are never served again.
FORMAT = "2"
MAX_VARIANTS = 64
ATTEMPTS = 3
MAX_VARIANT_BYTES = 16 * 1024 * 1024
# A build that died leaves its temporary file, a database put back from a backup leaves
# files of higher versions: older ones than this are removed.
STALE_PART_SECONDS = 3600

Build = Callable[[IO[bytes]], None]


def folder() -> Path:
    configured = current_app.config.get("KB_EXPORT_FOLDER")
    return Path(configured or os.path.join(current_app.instance_path, "exports"))


def export_key(name: str, variant: str, version: int, changed_at: datetime | None) -> str:
    config = current_app.config
    material = [
        FORMAT,
        name,
        variant,
        version,
        changed_at.isoformat() if changed_at else None,
        config.get("KB_BASE_URL"),
        config.get("KB_SITE_NAME"),
        config.get("BABEL_DEFAULT_LOCALE"),
    ]
    return hashlib.sha256(json.dumps(material).encode()).hexdigest()[:32]


def serve(
    name: str,
    suffix: str,
    build: Build,
    *,
    mimetype: str,
    download_name: str,
    variant: str = "",
    not_before: datetime | None = None,
) -> Response:
    """The export `name` of the current registry version, built if it is not yet.

    `variant` names what else the bytes depend on (the census's filters and day);
    `not_before` is the earliest Last-Modified (the census changes with the day).
    """
    for attempt in range(ATTEMPTS):
        version, changed_at = current_version()
        key = export_key(name, variant, version, changed_at)
        path = folder() / f"{name}.v{version}.{key}{suffix}"
        if not path.is_file():
            # Under READ COMMITTED (PostgreSQL) a commit during the build could mix two
            # versions in one file: such a build is thrown away and made again, named
            # by the newer version (the last attempt keeps it: it is no older than that).
            check = (version, changed_at) if attempt < ATTEMPTS - 1 else None
            if not _build(path, name, suffix, build, limited=bool(variant), unchanged=check):
                continue
        modified = max((t for t in (changed_at, not_before) if t is not None), default=None)
        try:
            response = send_file(
                path,
                mimetype=mimetype,
                etag=key,
                last_modified=modified,
                conditional=True,
                max_age=0,  # no-cache: every use asks again, and gets a 304
            )
        except FileNotFoundError:  # a newer version's build removed it just now
            continue
        response.cache_control.public = True
        response.headers["Content-Disposition"] = f'attachment; filename="{download_name}"'
        return response
    raise RuntimeError(f"export {name} could not be kept on disk")


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def _default_language() -> Iterator[None]:
    """Build in the site's default language whoever asks: one URL, one set of bytes
    (the attribution and the platforms' names are translated)."""

    def forget_request_locale() -> None:
        # kb.i18n keeps the reader's locale for the request; force_locale alone would
        # not reach it.
        if has_request_context():
            request.environ.pop(LOCALE_KEY, None)
            request.environ.pop(TRANSLATIONS_KEY, None)

    forget_request_locale()
    try:
        with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE") or "de"):
            yield
    finally:
        forget_request_locale()


def _build(
    path: Path,
    name: str,
    suffix: str,
    build: Build,
    limited: bool,
    unchanged: tuple[int, datetime | None] | None,
) -> bool:
    """Write the file; False when the registry changed meanwhile (nothing is kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.parent / f".{name}{suffix}.lock"):
        if path.is_file():  # another worker built it while this one waited
            return True
        descriptor, part = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as stream, _default_language():
                build(stream)
            current_app.extensions["kb.export_builds"] = builds() + 1
            if unchanged is not None and current_version() != unchanged:
                os.unlink(part)
                return False
            os.replace(part, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part)
            raise
        _prune(path, name, suffix, _version_of(path, name), limited)
    return True


def builds() -> int:
    """How many exports this app has built (for tests and benchmarks)."""
    return int(current_app.extensions.get("kb.export_builds", 0))


def _version_of(path: Path, name: str) -> int:
    number = path.name.removeprefix(f"{name}.v").split(".", 1)[0]
    return int(number) if number.isdigit() else -1


def _prune(kept: Path, name: str, suffix: str, version: int, limited: bool) -> None:
    """Remove older versions of the export; bound the number and size of variants."""
    others = [
        path
        for path in kept.parent.glob(f"{name}.v*{suffix}")
        if path != kept and path.name.startswith(f"{name}.v")
    ]
    now = time.time()
    for path in kept.parent.glob(f".{name}.*.part"):
        with contextlib.suppress(FileNotFoundError):
            if now - path.stat().st_mtime > STALE_PART_SECONDS:
                path.unlink()
    current = []
    for path in others:
        other = _version_of(path, name)
        with contextlib.suppress(FileNotFoundError):
            # Higher numbers than the current one come from a database put back from a
            # backup: never served again once they are old (a worker still building the
            # previous version must not remove the newest file).
            if other < version or (
                other > version and now - path.stat().st_mtime > STALE_PART_SECONDS
            ):
                path.unlink()
                continue
            current.append(path)
    if not limited:
        return
    sized = []
    for path in current:
        with contextlib.suppress(FileNotFoundError):
            stat = path.stat()
            sized.append((stat.st_mtime, stat.st_size, path))
    sized.sort(reverse=True)  # newest first
    count, total = 1, kept.stat().st_size
    for _mtime, size, path in sized:
        count, total = count + 1, total + size
        if count > MAX_VARIANTS or total > MAX_VARIANT_BYTES:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
