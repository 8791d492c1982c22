"""Keyset-pagination cursors: the list they belong to, the last row's sort value and id,
packed for a URL.

Every list pages with "rows after (value, id)"; the cursor travels in the query string
and is untrusted. Anything that does not unpack to the expected shape, names another
list (or another order of the same list) or holds a value the database cannot compare
(an id beyond its integers, a date beyond its calendar) is refused with a 400 and a
message (InvalidCursor, kb.errors): starting over from the first page would show a
reader the same rows again as if they were the next ones.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest

from kb.http import MAX_ID

# A cursor this app makes is a few dozen characters; the longest sort value is a name.
MAX_CURSOR = 600
MAX_TEXT = 300
MAX_INTEGER = 2**63 - 1

CURSOR_TEXT = _l(
    "This link to a further page is incomplete or belongs to another list. "
    "Please start again from the first page."
)


class InvalidCursor(BadRequest):
    """A cursor this list did not make: a 400 with CURSOR_TEXT."""


def encode(list_name: str, value: Any, record_id: int) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([list_name, value, record_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, list_name: str) -> tuple[Any, int]:
    """(value, id) as packed for `list_name`; InvalidCursor for anything else. The value
    is a bounded integer or text, or None; callers check its type."""
    if len(cursor) > MAX_CURSOR:
        raise InvalidCursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, value, record_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise InvalidCursor() from None
    if name != list_name or not _is_id(record_id) or not _is_bounded(value):
        raise InvalidCursor()
    return value, record_id


def decode_moment(cursor: str, list_name: str) -> tuple[datetime, int]:
    """A cursor whose value is a timezone-aware datetime the database can compare."""
    value, record_id = decode(cursor, list_name)
    if not isinstance(value, str):
        raise InvalidCursor()
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(value)
        # Stored as UTC (kb.timeutil.UTCDateTime): year 1 or 9999 in another zone is
        # beyond the calendar there.
        in_utc = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise InvalidCursor() from None
    if not 1 < in_utc.year < 9999:
        raise InvalidCursor()
    return moment, record_id


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _is_bounded(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -MAX_INTEGER <= value <= MAX_INTEGER
    if isinstance(value, str):
        # JSON may carry a NUL or a lone surrogate, which no database column takes.
        return len(value) <= MAX_TEXT and "\x00" not in value and _is_utf8(value)
    return False


def _is_utf8(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
