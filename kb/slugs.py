"""Free addresses ("slugs") for new records: "stadt-koeln", then "stadt-koeln-2", …."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import or_, select

from kb.extensions import db


def first_free(base: str, taken: Collection[str]) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is not in `taken`."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def taken_like(
    column: Any, base: str, id_column: Any = None, own_id: int | None = None
) -> set[str]:
    """The values of `column` that are `base` or `base-…`, leaving out the record `own_id`."""
    query = select(column).where(or_(column == base, column.like(f"{base}-%")))
    if own_id is not None:
        query = query.where(id_column != own_id)
    return set(db.session.scalars(query))


def free_slug(column: Any, base: str, id_column: Any = None, own_id: int | None = None) -> str:
    """The first free slug from `base` in `column` (a record keeps its own)."""
    return first_free(base, taken_like(column, base, id_column, own_id))
