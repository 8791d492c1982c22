"""Applying a planned import: authorities and accounts are created or brought up to
date, and counted; everything imported is approved."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.authorities.importing.plan import PlannedAuthority
from kb.authorities.importing.report import ImportReport
from kb.directory import Authority, Review, SocialAccount
from kb.extensions import db
from kb.taxonomy import Platform
from kb.timeutil import utcnow

# Authority columns of the file that are model fields of the same name.
AUTHORITY_FIELDS = ("name", "short_name", "kind", "level", "land", "website", "source")
# Account column of the file -> model field.
ACCOUNT_FIELDS = {
    "handle": "handle",
    "since": "since",
    "until": "until",
    "last_checked": "last_checked",
    "account_source": "source",
}
# Ids or slugs per IN (...) query, well below every engine's limit of parameters.
CHUNK_SIZE = 500

T = TypeVar("T")


def apply(entries: list[PlannedAuthority], report: ImportReport) -> None:
    """Write the plan and count in `report` what it creates and changes; the caller commits."""
    stored = _stored_authorities(entries)
    now = utcnow()
    records: dict[str, Authority] = {}
    changed: set[str] = set()
    for entry in entries:
        if entry.existing_id is None:
            records[entry.slug] = _create(entry, now)
            report.authorities_created += 1
        else:
            authority = records[entry.slug] = stored[entry.existing_id]
            if _update(authority, entry):
                changed.add(entry.slug)
    # Stored slugs change before new ones take them (the column is unique).
    db.session.flush()
    parents = _parents_by_slug(entries, records)
    for entry in entries:
        authority = records[entry.slug]
        if "parent_slug" in entry.values:
            parent_slug = entry.values["parent_slug"]
            parent_id = parents[parent_slug].id if parent_slug else None
            if _set(authority, "parent_id", parent_id) and entry.existing_id is not None:
                changed.add(entry.slug)
        if _apply_accounts(authority, entry, report) and entry.existing_id is not None:
            changed.add(entry.slug)
    for slug in changed:
        records[slug].updated_at = now
    report.authorities_updated = len(changed)


def _stored_authorities(entries: list[PlannedAuthority]) -> dict[int, Authority]:
    """The stored authorities the plan changes, with their accounts, by id."""
    existing_ids = [entry.existing_id for entry in entries if entry.existing_id is not None]
    stored: dict[int, Authority] = {}
    for chunk in _chunks(existing_ids):
        for authority in db.session.scalars(
            select(Authority)
            .where(Authority.id.in_(chunk))
            .options(selectinload(Authority.accounts))
        ):
            stored[authority.id] = authority
    return stored


def _create(entry: PlannedAuthority, now: datetime) -> Authority:
    values = entry.values
    authority = Authority(
        slug=entry.slug,
        name=values["name"],
        short_name=values.get("short_name", ""),
        kind=values["kind"],
        level=values["level"],
        land=values.get("land", ""),
        ags=values.get("ags") or None,
        website=values.get("website", ""),
        source=values.get("source", ""),
        review=Review.APPROVED,
        created_at=now,
        updated_at=now,
        accounts=[],
    )
    db.session.add(authority)
    return authority


def _update(authority: Authority, entry: PlannedAuthority) -> bool:
    """Bring a stored authority up to the file's columns; True when something changed."""
    values = entry.values
    dirty = _set(authority, "slug", entry.slug)
    dirty |= _set(authority, "review", Review.APPROVED)
    for name in AUTHORITY_FIELDS:
        if name in values:
            dirty |= _set(authority, name, values[name])
    if "ags" in values:
        dirty |= _set(authority, "ags", values["ags"] or None)
    return dirty


def _parents_by_slug(
    entries: list[PlannedAuthority], records: dict[str, Authority]
) -> dict[str, Authority]:
    wanted = {entry.values["parent_slug"] for entry in entries if entry.values.get("parent_slug")}
    found = {slug: records[slug] for slug in wanted if slug in records}
    missing = sorted(wanted - set(found))
    for chunk in _chunks(missing):
        for authority in db.session.scalars(select(Authority).where(Authority.slug.in_(chunk))):
            found[authority.slug] = authority
    return found


def _apply_accounts(authority: Authority, entry: PlannedAuthority, report: ImportReport) -> bool:
    """Create or update the entry's accounts; True when a stored account changed."""
    stored = {(account.platform_id, account.url): account for account in authority.accounts}
    changed = False
    for (_, url), (_, values) in entry.accounts.items():
        platform: Platform = values["platform"]
        account = stored.get((platform.id, url))
        if account is None:
            account = SocialAccount(
                platform_id=platform.id,
                url=url,
                review=Review.APPROVED,
                handle="",
                source="",
            )
            account.platform = platform
            for column, name in ACCOUNT_FIELDS.items():
                if column in values:
                    setattr(account, name, values[column])
            authority.accounts.append(account)
            stored[(platform.id, url)] = account
            report.accounts_created += 1
            continue
        dirty = _set(account, "review", Review.APPROVED)
        for column, name in ACCOUNT_FIELDS.items():
            if column in values:
                dirty |= _set(account, name, values[column])
        if dirty:
            report.accounts_updated += 1
            changed = True
    return changed


def _set(record: Authority | SocialAccount, name: str, value: Any) -> bool:
    """Set a field unless it already has the value; True when it changed."""
    if getattr(record, name) == value:
        return False
    setattr(record, name, value)
    return True


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK_SIZE):
        yield items[start : start + CHUNK_SIZE]
