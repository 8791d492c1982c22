"""A short-lived, per-worker cache of whole pages for readers without any cookie.

Most visitors are anonymous readers who carry no cookie at all, so they all see the same
HTML per address and language. Rendering it once per worker every few seconds instead of
on every request makes public pages nearly as cheap as a static file; a new comment or
entry reaches anonymous readers at most KB_PAGE_CACHE_SECONDS later. Anyone with a
session (logged in, or with a message waiting) always gets a fresh render.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, make_response, request
from flask_babel import get_locale

from kb.htmx import is_htmx

MAX_ENTRIES = 512
EXTENSION_KEY = "kb.page_cache"

PageStore = dict[tuple[str, str, str], tuple[float, bytes]]


def _cacheable() -> bool:
    return (
        current_app.config["KB_PAGE_CACHE_SECONDS"] > 0
        and request.method == "GET"
        and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
        and not is_htmx()
    )


def _store(app: Flask) -> PageStore:
    store: PageStore = app.extensions.setdefault(EXTENSION_KEY, {})
    return store


def clear(app: Flask) -> None:
    """Forget every cached page of this app."""
    _store(app).clear()


def anonymous_page_cache(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not _cacheable():
            return view(*args, **kwargs)
        store = _store(current_app._get_current_object())  # type: ignore[attr-defined]
        key = (view.__qualname__ + view.__module__, request.full_path, str(get_locale()))
        now = time.monotonic()
        hit = store.get(key)
        if hit and hit[0] > now:
            return Response(hit[1], mimetype="text/html")
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and "Set-Cookie" not in response.headers:
            # Bounded: a crawler walking every filter combination empties it rather than
            # growing it.
            if len(store) >= MAX_ENTRIES:
                store.clear()
            store[key] = (now + current_app.config["KB_PAGE_CACHE_SECONDS"], response.get_data())
        return response

    return wrapped
