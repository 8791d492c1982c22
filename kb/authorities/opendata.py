"""Open data: the approved registry and the census figures as CSV and JSON, under
CC BY 4.0 (the Frictionless data package that describes them: kb.authorities.datapackage).

The registry's CSV (export.csv) is the import's row format (kb.authorities.importing.read),
so an export imported into an empty registry recreates it. For the data package the same
records also come as two tables, authorities and accounts, joined by the authority's slug.

Every CSV comes plain (UTF-8, comma, no byte-order mark: what other programs expect) and
for Excel (a byte-order mark, so Excel reads UTF-8; semicolons and a decimal comma, as
Excel reads CSV in a German locale; CRLF). Missing values are empty cells in CSV and
`null` in JSON, never "". The census's totals (any platform, all levels) are in their own
table, so that summing a column of the figures counts nothing twice.

The writers take a binary stream: kb.authorities.exports writes them to files once per
registry version. Their output depends only on the registry and the configuration, never
on the time of the build, so equal versions give equal bytes (the ETag promises it).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import IO, Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased

from kb.authorities.census import Census, Coverage
from kb.authorities.importing.read import ACCOUNT_COLUMNS, AUTHORITY_COLUMNS, COLUMNS
from kb.authorities.service import current_version
from kb.authorities.spreadsheet import safe_cell
from kb.directory import Authority, Review, SocialAccount
from kb.extensions import db
from kb.taxonomy import Platform

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CENSUS_COLUMNS = ("as_of", "land", "kind", "platform", "level", "total", "present", "percent")
# The two tables of the data package: an account names its authority by slug.
AUTHORITY_TABLE_COLUMNS = AUTHORITY_COLUMNS
ACCOUNT_TABLE_COLUMNS = (
    "authority_slug",
    "platform",
    "handle",
    "url",
    "since",
    "until",
    "last_checked",
    "source",
)

Record = dict[str, Any]


# --- reading the registry --------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _approved_authorities() -> Iterator[Record]:
    """Approved authorities by name, as plain values (no ORM objects: at 50,000
    authorities building objects costs most of an export's time)."""
    parent = aliased(Authority)
    statement = (
        select(
            Authority.id,
            Authority.slug,
            Authority.name,
            Authority.short_name,
            Authority.kind,
            Authority.level,
            Authority.land,
            parent.slug.label("parent_slug"),
            parent.review.label("parent_review"),
            Authority.ags,
            Authority.website,
            Authority.source,
        )
        .outerjoin(parent, Authority.parent_id == parent.id)
        .where(Authority.review == Review.APPROVED)
        .order_by(Authority.name, Authority.slug)
    )
    for row in db.session.execute(statement).mappings():
        yield {
            "id": row["id"],
            "slug": row["slug"],
            "name": row["name"],
            "short_name": row["short_name"] or None,
            "kind": row["kind"].value,
            "level": row["level"].value,
            "land": row["land"] or None,
            # A parent that is only proposed is not public.
            "parent_slug": row["parent_slug"] if row["parent_review"] == Review.APPROVED else None,
            "ags": row["ags"] or None,
            "website": row["website"] or None,
            "source": row["source"] or None,
        }


def _approved_accounts() -> dict[int, list[Record]]:
    """Approved accounts of approved authorities, per authority id, in platform order."""
    statement = (
        select(
            SocialAccount.id,
            SocialAccount.authority_id,
            Platform.slug,
            Platform.position,
            SocialAccount.handle,
            SocialAccount.url,
            SocialAccount.since,
            SocialAccount.until,
            SocialAccount.last_checked,
            SocialAccount.source,
        )
        .join(Platform, SocialAccount.platform_id == Platform.id)
        .join(Authority, SocialAccount.authority_id == Authority.id)
        .where(SocialAccount.review == Review.APPROVED, Authority.review == Review.APPROVED)
    )
    accounts: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in db.session.execute(statement):
        accounts[row.authority_id].append(
            (row.position, row.slug, row.since or date.min, row.url, row.id, row)
        )
    return {
        authority_id: [
            {
                "platform": row.slug,
                "handle": row.handle or None,
                "url": row.url,
                "since": _iso(row.since),
                "until": _iso(row.until),
                "last_checked": _iso(row.last_checked),
                "source": row.source or None,
            }
            for *_order, row in sorted(rows, key=lambda item: item[:5])
        ]
        for authority_id, rows in accounts.items()
    }


def _registry() -> Iterator[tuple[Record, list[Record]]]:
    accounts = _approved_accounts()
    for authority in _approved_authorities():
        yield authority, accounts.get(authority.pop("id"), [])


def export_rows() -> Iterator[Record]:
    """The approved registry as rows of the import format (every column, in order)."""
    for authority, accounts in _registry():
        if not accounts:
            yield authority | dict.fromkeys(ACCOUNT_COLUMNS)
        for account in accounts:
            values = dict(account)
            values["account_source"] = values.pop("source")
            yield authority | values


def authority_rows() -> Iterator[Record]:
    for authority, _accounts in _registry():
        yield authority


def account_rows() -> Iterator[Record]:
    for authority, accounts in _registry():
        for account in accounts:
            yield {"authority_slug": authority["slug"]} | account


# --- CSV and JSON ----------------------------------------------------------------------------


def _csv_value(value: Any, excel: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and excel:
        return str(value).replace(".", ",")
    return safe_cell(value)


def write_csv(
    stream: IO[bytes], header: Sequence[str], rows: Iterable[Mapping[str, Any]], excel: bool
) -> None:
    """Rows as CSV into a binary stream, plain or for Excel (see the module's docstring)."""
    text = io.TextIOWrapper(
        stream, encoding="utf-8-sig" if excel else "utf-8", newline="", write_through=False
    )
    writer = csv.writer(
        text, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
    )
    writer.writerow(header)
    writer.writerows([_csv_value(row.get(name), excel) for name in header] for row in rows)
    text.flush()
    text.detach()  # the caller closes the stream


def write_json(stream: IO[bytes], data: Any) -> None:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    json.dump(data, text, ensure_ascii=False, indent=2, default=_json_default)
    text.write("\n")
    text.flush()
    text.detach()


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _as_text(write: Any, *args: Any) -> str:
    buffer = io.BytesIO()
    write(buffer, *args)
    return buffer.getvalue().decode("utf-8-sig")


def export_csv() -> str:
    """The approved registry as CSV; importing it into an empty registry recreates it."""
    return _as_text(write_csv, COLUMNS, export_rows(), False)


def licence_note() -> dict[str, Any]:
    """The licence block every JSON export starts with. `modified` is the time of the
    registry's last change (not of the build, so that equal data gives equal bytes)."""
    modified = current_version()[1]
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
        "modified": modified.isoformat(timespec="seconds") if modified else None,
    }


def export_json() -> dict[str, Any]:
    """The approved registry, authorities with their accounts nested, and the licence."""
    authorities = [authority | {"accounts": accounts} for authority, accounts in _registry()]
    return licence_note() | {"authorities": authorities}


# --- the census ------------------------------------------------------------------------------


def _coverage(coverage: Coverage) -> dict[str, Any]:
    return {"total": coverage.total, "present": coverage.present, "percent": coverage.percent}


def _census_scope(census: Census) -> Record:
    return {
        "as_of": census.as_of,
        "land": census.filters.land or None,
        "kind": census.filters.kind.value if census.filters.kind else None,
    }


def census_rows(census: Census) -> list[Record]:
    """One row per platform and level: the figures, without any total."""
    scope = _census_scope(census)
    return [
        scope | {"platform": row.platform_slug, "level": level.value} | _coverage(coverage)
        for row in census.platforms
        for level, coverage in row.by_level.items()
    ]


def census_total_rows(census: Census) -> list[Record]:
    """The totals: any platform per level and over all levels, and each platform over
    all levels. An empty platform means any platform, an empty level all levels."""
    scope = _census_scope(census)
    rows = [
        scope | {"platform": None, "level": level.value} | _coverage(coverage)
        for level, coverage in census.by_level.items()
    ]
    rows.append(scope | {"platform": None, "level": None} | _coverage(census.overall))
    rows.extend(
        scope | {"platform": row.platform_slug, "level": None} | _coverage(row.overall)
        for row in census.platforms
    )
    return rows


def census_csv(census: Census) -> str:
    """The census figures as CSV (the licence is in census_json and licence_note())."""
    return _as_text(write_csv, CENSUS_COLUMNS, census_rows(census), False)


def census_totals_csv(census: Census) -> str:
    return _as_text(write_csv, CENSUS_COLUMNS, census_total_rows(census), False)


def census_json(census: Census) -> dict[str, Any]:
    return licence_note() | {
        "as_of": census.as_of.isoformat(),
        "filters": {
            "land": census.filters.land or None,
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
