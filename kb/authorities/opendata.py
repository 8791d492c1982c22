"""Open data: the approved registry and the census figures as CSV and JSON, under
CC BY 4.0.

The registry's CSV is the import's row format (kb.authorities.importing.read), so an
export imported into an empty registry recreates it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from kb.authorities.census import Census, Coverage
from kb.authorities.importing.read import ACCOUNT_COLUMNS, COLUMNS
from kb.authorities.spreadsheet import safe_cell
from kb.directory import Authority, Review, SocialAccount
from kb.extensions import db
from kb.timeutil import utcnow

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CENSUS_COLUMNS = ("as_of", "land", "kind", "platform", "level", "total", "present", "percent")


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _approved_registry() -> list[Authority]:
    """Approved authorities by name with their approved accounts (open data only)."""
    return list(
        db.session.scalars(
            select(Authority)
            .where(Authority.review == Review.APPROVED)
            .options(
                selectinload(
                    Authority.accounts.and_(SocialAccount.review == Review.APPROVED)
                ).joinedload(SocialAccount.platform),
                joinedload(Authority.parent),
            )
            .order_by(Authority.name, Authority.slug)
        )
    )


def _authority_values(authority: Authority) -> dict[str, str]:
    parent = authority.parent
    return {
        "slug": authority.slug,
        "name": authority.name,
        "short_name": authority.short_name,
        "kind": authority.kind.value,
        "level": authority.level.value,
        "land": authority.land,
        "parent_slug": parent.slug if parent is not None and parent.is_approved else "",
        "ags": authority.ags or "",
        "website": authority.website,
        "source": authority.source,
    }


def _sorted_accounts(authority: Authority) -> list[SocialAccount]:
    return sorted(
        authority.accounts,
        key=lambda a: (a.platform.position, a.platform.slug, a.since or date.min, a.url, a.id),
    )


def export_rows() -> list[dict[str, str]]:
    """The approved registry as rows of the import format (every column, in order)."""
    rows = []
    for authority in _approved_registry():
        base = _authority_values(authority)
        accounts = _sorted_accounts(authority)
        if not accounts:
            rows.append(base | dict.fromkeys(ACCOUNT_COLUMNS, ""))
        for account in accounts:
            rows.append(
                base
                | {
                    "platform": account.platform.slug,
                    "handle": account.handle,
                    "url": account.url,
                    "since": _iso(account.since),
                    "until": _iso(account.until),
                    "last_checked": _iso(account.last_checked),
                    "account_source": account.source,
                }
            )
    return rows


def _csv(header: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    writer.writerows({name: safe_cell(value) for name, value in row.items()} for row in rows)
    return buffer.getvalue()


def export_csv() -> str:
    """The approved registry as CSV; importing it into an empty registry recreates it."""
    return _csv(COLUMNS, export_rows())


def licence_note() -> dict[str, str]:
    """The licence block every JSON export starts with."""
    site = current_app.config.get("KB_SITE_NAME") or "Amtsnetz"
    return {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": str(
            _l(
                "%(site)s, registry of authorities and their social-media accounts, %(licence)s",
                site=site,
                licence=LICENCE,
            )
        ),
        "generated_at": utcnow().isoformat(timespec="seconds"),
    }


def export_json() -> dict[str, Any]:
    """The approved registry, authorities with their accounts nested, and the licence."""
    authorities = []
    for authority in _approved_registry():
        values: dict[str, Any] = _authority_values(authority)
        values["ags"] = values["ags"] or None
        values["parent_slug"] = values["parent_slug"] or None
        values["accounts"] = [
            {
                "platform": account.platform.slug,
                "handle": account.handle,
                "url": account.url,
                "since": _iso(account.since) or None,
                "until": _iso(account.until) or None,
                "last_checked": _iso(account.last_checked) or None,
                "source": account.source,
            }
            for account in _sorted_accounts(authority)
        ]
        authorities.append(values)
    return licence_note() | {"authorities": authorities}


def _coverage(coverage: Coverage) -> dict[str, Any]:
    return {"total": coverage.total, "present": coverage.present, "percent": coverage.percent}


def census_rows(census: Census) -> list[dict[str, Any]]:
    """One row per platform ("" = any platform) and level ("" = all levels)."""
    scope = {
        "as_of": census.as_of.isoformat(),
        "land": census.filters.land or "",
        "kind": census.filters.kind.value if census.filters.kind else "",
    }
    rows = []
    groups = [("", census.by_level, census.overall)] + [
        (row.platform_slug, row.by_level, row.overall) for row in census.platforms
    ]
    for platform, by_level, overall in groups:
        for level, coverage in [*by_level.items(), ("", overall)]:
            rows.append(
                scope
                | {"platform": platform, "level": getattr(level, "value", level)}
                | _coverage(coverage)
            )
    for row in rows:
        row["percent"] = "" if row["percent"] is None else row["percent"]
    return rows


def census_csv(census: Census) -> str:
    """The census figures as CSV (the licence is in census_json and licence_note())."""
    return _csv(CENSUS_COLUMNS, census_rows(census))


def census_json(census: Census) -> dict[str, Any]:
    return licence_note() | {
        "as_of": census.as_of.isoformat(),
        "filters": {
            "land": census.filters.land,
            "kind": census.filters.kind.value if census.filters.kind else None,
        },
        "overall": _coverage(census.overall),
        "by_level": {level.value: _coverage(c) for level, c in census.by_level.items()},
        "active_accounts": census.active_accounts,
        "platforms": [
            {
                "platform": row.platform_slug,
                "name": row.platform_name,
                "overall": _coverage(row.overall),
                "by_level": {level.value: _coverage(c) for level, c in row.by_level.items()},
            }
            for row in census.platforms
        ],
        "timelines": [
            {
                "level": timeline.level.value if timeline.level else None,
                "kind": timeline.kind.value if timeline.kind else None,
                "platform": timeline.platform_slug,
                "name": timeline.platform_name,
                "points": [
                    {"year": point.year, "present": point.present, "total": point.total}
                    for point in timeline.points
                ],
            }
            for timeline in census.timelines
        ],
    }
