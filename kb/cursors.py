"""Keyset-pagination cursors: the last row's sort value and id, packed for a URL.

Every list pages with "rows after (value, id)"; the cursor travels in the query string
and is untrusted, so anything that does not unpack to the expected shape is None.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any


def encode(value: Any, record_id: int) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([value, record_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[Any, int] | None:
    """(value, id) as packed; None for anything else a visitor may have typed."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, record_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error):
        return None
    if not isinstance(record_id, int) or isinstance(record_id, bool):
        return None
    return value, record_id


def decode_moment(cursor: str) -> tuple[datetime, int] | None:
    """A cursor whose value is a timezone-aware datetime."""
    position = decode(cursor)
    if position is None or not isinstance(position[0], str):
        return None
    try:
        moment = datetime.fromisoformat(position[0])
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment, position[1]
