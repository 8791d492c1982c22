"""Conditional requests for feeds: validators from the content generation, 304 before
anything is rendered.

Feed readers and calendar programs ask for the same feed every few minutes or hours. The
feed's ETag is made of everything its bytes depend on (the feed and its filters, the
address, the language, who asks, the content generation, and for feeds that change with
the clock the moment they last did), so it is known before the feed is built: a matching
If-None-Match costs one primary-key read. Last-Modified is when the generation last moved
(no earlier than anything the feed shows changed) or the clock-driven change, if later.
The open-data exports (kb.authorities.exports) do the same with the registry version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from flask import Response, current_app, request
from flask_login import current_user
from werkzeug.http import is_resource_modified

from kb import generation
from kb.i18n import current_language
from kb.timeutil import utcnow

# Raise when what a feed holds or how it is written changes: old validators then fail.
FORMAT = "1"
# Anonymous subscribers (and shared caches) may keep a feed this long without asking.
FEED_MAX_AGE = 300
SECOND = timedelta(seconds=1)


def feed_response(
    build: Callable[[], bytes],
    mimetype: str,
    *,
    variant: object = None,
    not_before: datetime | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """`build()`'s bytes with an ETag and Last-Modified, or 304 when the client has them.

    `variant` names what else the bytes depend on (the filters); `not_before` is the
    last time the feed changed with the clock alone (an event that ended).
    """
    current = generation.current()
    moments = [moment for moment in (current.changed_at, not_before) if moment is not None]
    last_modified = max(moments) if moments else None
    if last_modified is not None and utcnow() - last_modified < SECOND:
        # HTTP dates count whole seconds: a client holding this second could not tell
        # a second change within it. Until the second is over, the ETag alone decides.
        last_modified = None
    viewer = current_user.get_id() if current_user.is_authenticated else None
    material = [
        FORMAT,
        request.endpoint,
        request.view_args,
        variant,
        request.root_url,
        current_language(),
        viewer,
        current.token,
        not_before.isoformat() if not_before else None,
        current_app.config["KB_SITE_NAME"],
    ]
    etag = hashlib.sha256(json.dumps(material, default=str).encode()).hexdigest()[:32]
    response = Response(mimetype=mimetype, headers=dict(headers or {}))
    # Weak: two builds of one state may differ in bytes that mean nothing (a timestamp).
    response.set_etag(etag, weak=True)
    response.last_modified = last_modified
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
        # A member's feed may hold what only they see.
        response.cache_control.private = True
        response.cache_control.no_cache = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = FEED_MAX_AGE
    response.vary.update(("Accept-Language", "Cookie"))
    if is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response.set_data(build())
    else:
        response.status_code = 304
    return response
