"""Planning an import: every row is checked, the rows are grouped by authority and
matched with the stored registry before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kb.authorities.importing.read import ACCOUNT_COLUMNS, AUTHORITY_COLUMNS, DATE_COLUMNS, Row
from kb.authorities.importing.report import Problem
from kb.authorities.validation import (
    AuthorityInput,
    account_url_problem,
    authority_problems,
    period_problem,
    slug_problem,
    too_long,
    unique_slug,
)
from kb.directory import Authority, Kind, Level
from kb.extensions import db
from kb.taxonomy import Platform


@dataclass
class PlannedAuthority:
    """An authority of the file: its rows' shared values and its accounts."""

    identity: tuple[str, str]  # ("ags", "09162000") or ("slug", "bmi")
    line: int
    values: dict[str, Any]  # parsed authority columns the file has
    accounts: dict[tuple[str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    # Decided by matching with the stored registry:
    existing_id: int | None = None
    slug: str = ""


def plan(rows: Sequence[Row]) -> tuple[list[PlannedAuthority], list[Problem]]:
    """Validate every row, group the rows by authority and match them with the registry.

    Returns the plan, or no plan and the problems by line.
    """
    platforms = {platform.slug: platform for platform in db.session.scalars(select(Platform))}
    problems: list[Problem] = []
    entries: dict[tuple[str, str], PlannedAuthority] = {}
    slug_owner: dict[str, tuple[tuple[str, str], int]] = {}
    for row in rows:
        before = len(problems)
        authority, account = _parse_row(row, platforms, problems)
        if len(problems) > before:
            continue
        identity = (
            ("ags", authority["ags"]) if authority.get("ags") else ("slug", authority["slug"])
        )
        entry = entries.get(identity)
        if entry is None:
            entry = entries[identity] = PlannedAuthority(identity, row.line, authority)
        elif _signature(entry.values) != _signature(authority):
            problems.append(
                Problem(
                    row.line,
                    "",
                    _l(
                        "Other values for the same authority than on line %(line)s.",
                        line=entry.line,
                    ),
                    row.where,
                )
            )
            continue
        slug = authority.get("slug")
        if slug:
            owner = slug_owner.setdefault(slug, (identity, row.line))
            if owner[0] != identity:
                problems.append(
                    Problem(
                        row.line,
                        "slug",
                        _l(
                            "Line %(line)s gives this short address to another authority.",
                            line=owner[1],
                        ),
                        row.where,
                    )
                )
                continue
        if account is not None:
            key = (account["platform"].slug, account["url"])
            known = entry.accounts.get(key)
            if known is None:
                entry.accounts[key] = (row.line, account)
            elif _signature(known[1]) != _signature(account):
                problems.append(
                    Problem(
                        row.line,
                        "url",
                        _l(
                            "Other values for the same account than on line %(line)s.",
                            line=known[0],
                        ),
                        row.where,
                    )
                )
    planned = list(entries.values())
    if not problems:
        registry = _StoredRegistry.load()
        _match(planned, registry, problems, rows)
        if not problems:
            _check_parents(planned, registry, problems, rows)
    if problems:
        return [], sorted(problems, key=lambda problem: problem.line)
    return planned, []


# Reports a problem with a column of the row being parsed.
ReportProblem = Callable[[str, LazyString], None]


def _parse_row(
    row: Row, platforms: Mapping[str, Platform], problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The authority and account values of a row, parsed; problems go to `problems`."""

    def problem(column: str, message: LazyString) -> None:
        problems.append(Problem(row.line, column, message, row.where))

    authority = _parse_authority(row.values, problem)
    return authority, _parse_account(row.values, platforms, problem)


def _parse_authority(values: Mapping[str, str], problem: ReportProblem) -> dict[str, Any]:
    authority: dict[str, Any] = {name: values[name] for name in AUTHORITY_COLUMNS if name in values}
    for name, enum_type, message in (
        ("kind", Kind, _l("Unknown kind of authority.")),
        ("level", Level, _l("Unknown level; use bund, land, kommune or sonstige.")),
    ):
        try:
            authority[name] = enum_type(values.get(name, "").lower())
        except ValueError:
            problem(name, message)
    if "land" in authority:
        authority["land"] = authority["land"].upper().removeprefix("DE-")
    slug = authority.get("slug", "")
    if slug:
        slug_message = slug_problem(slug)
        if slug_message:
            problem("slug", slug_message)
    elif not authority.get("ags"):
        problem("slug", _l("Give a short address or an AGS, so the authority can be found again."))
    # Check the other columns even when kind or level is wrong, to report them all.
    level = authority.get("level")
    data = AuthorityInput(
        name=authority.get("name", ""),
        kind=Kind.OTHER,
        level=level if isinstance(level, Level) else Level.OTHER,
        land=authority.get("land", ""),
        short_name=authority.get("short_name", ""),
        ags=authority.get("ags", ""),
        website=authority.get("website", ""),
        source=authority.get("source", ""),
    )
    for column, column_message in authority_problems(data, check_database=False).items():
        problem(column, column_message)
    return authority


def _parse_account(
    values: Mapping[str, str], platforms: Mapping[str, Platform], problem: ReportProblem
) -> dict[str, Any] | None:
    """The row's account, or None when the row has none."""
    account_values = {name: values.get(name, "") for name in ACCOUNT_COLUMNS}
    if not account_values["platform"]:
        stray = [name for name, value in account_values.items() if value]
        if stray:
            problem("platform", _l("Name the platform of the account."))
        return None
    account: dict[str, Any] = {
        name: value for name, value in account_values.items() if name in values
    }
    platform = platforms.get(account_values["platform"].lower())
    if platform is None:
        problem("platform", _l("Unknown platform."))
    account["platform"] = platform
    if not account_values["url"]:
        problem("url", _l("Enter the address of the account."))
    elif platform is not None:
        url_message = account_url_problem(platform.slug, account_values["url"])
        if url_message:
            problem("url", url_message)
    for name, field_name in (("handle", "handle"), ("account_source", "source")):
        length_message = too_long(field_name, account_values[name])
        if length_message is not None:
            problem(name, length_message)
    for name in DATE_COLUMNS:
        if name not in values:
            continue
        text = account_values[name]
        try:
            account[name] = date.fromisoformat(text) if text else None
            if text and len(text) != 10:
                raise ValueError(text)
        except ValueError:
            problem(name, _l("Use a date like 2024-03-31."))
            account[name] = None
    period = period_problem(account.get("since"), account.get("until"))
    if period:
        problem("until", period)
    return account


def _signature(values: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((key, str(value)) for key, value in values.items()))


@dataclass
class _StoredRegistry:
    """What the import needs to know of the stored registry, loaded in one query."""

    by_ags: dict[str, int]
    by_slug: dict[str, int]
    slug_of: dict[int, str]
    ags_of: dict[int, str | None]
    parent_of: dict[int, int | None]

    @classmethod
    def load(cls) -> _StoredRegistry:
        rows = db.session.execute(
            select(Authority.id, Authority.slug, Authority.ags, Authority.parent_id)
        ).all()
        return cls(
            by_ags={ags: id_ for id_, _, ags, _ in rows if ags},
            by_slug={slug: id_ for id_, slug, _, _ in rows},
            slug_of={id_: slug for id_, slug, _, _ in rows},
            ags_of={id_: ags for id_, _, ags, _ in rows},
            parent_of={id_: parent for id_, _, _, parent in rows},
        )


def _where(rows: Sequence[Row], line: int) -> str:
    return next((row.where for row in rows if row.line == line), "")


def _match(
    entries: list[PlannedAuthority],
    registry: _StoredRegistry,
    problems: list[Problem],
    rows: Sequence[Row],
) -> None:
    """Find each authority in the registry and decide its slug."""
    claimed: dict[int, int] = {}
    for entry in entries:
        kind, key = entry.identity
        slug = entry.values.get("slug", "")
        existing = registry.by_ags.get(key) if kind == "ags" else None
        if existing is None and slug:
            candidate = registry.by_slug.get(slug)
            # An AGS row finds an authority by slug only when that one has no other key.
            if candidate is not None and (kind == "slug" or not registry.ags_of[candidate]):
                existing = candidate
            elif candidate is not None:
                problems.append(
                    Problem(
                        entry.line,
                        "slug",
                        _l("An authority with another AGS already has this short address."),
                        _where(rows, entry.line),
                    )
                )
                continue
        if existing is not None:
            first = claimed.setdefault(existing, entry.line)
            if first != entry.line:
                problems.append(
                    Problem(
                        entry.line,
                        "",
                        _l("Line %(line)s describes the same authority.", line=first),
                        _where(rows, entry.line),
                    )
                )
                continue
            owner = registry.by_slug.get(slug) if slug else None
            if owner is not None and owner != existing:
                problems.append(
                    Problem(
                        entry.line,
                        "slug",
                        _l("Another authority already has this short address."),
                        _where(rows, entry.line),
                    )
                )
                continue
        entry.existing_id = existing
    if problems:
        return
    # Slugs: the file's own, the stored one, or a new one made from the name.
    taken = set(registry.by_slug) | {e.values["slug"] for e in entries if e.values.get("slug")}
    for entry in entries:
        if entry.values.get("slug"):
            entry.slug = entry.values["slug"]
        elif entry.existing_id is not None:
            entry.slug = registry.slug_of[entry.existing_id]
        else:
            entry.slug = unique_slug(entry.values["name"], taken=taken)
            taken.add(entry.slug)


def _check_parents(
    entries: list[PlannedAuthority],
    registry: _StoredRegistry,
    problems: list[Problem],
    rows: Sequence[Row],
) -> None:
    """Every parent exists (in the file or the registry) and no authority is its own
    ancestor."""
    file_slugs = {entry.slug: entry for entry in entries}
    renamed = {entry.existing_id for entry in entries if entry.existing_id is not None}
    stored_slugs = {slug: id_ for slug, id_ in registry.by_slug.items() if id_ not in renamed}

    def parent_slug_of(slug: str) -> str | None:
        entry = file_slugs.get(slug)
        if entry is not None and "parent_slug" in entry.values:
            return entry.values["parent_slug"] or None
        id_ = entry.existing_id if entry is not None else stored_slugs.get(slug)
        parent = registry.parent_of.get(id_) if id_ is not None else None
        return registry.slug_of.get(parent) if parent is not None else None

    for entry in entries:
        parent = entry.values.get("parent_slug")
        if not parent:
            continue
        if parent not in file_slugs and parent not in stored_slugs:
            problems.append(
                Problem(
                    entry.line,
                    "parent_slug",
                    _l("No authority has this short address. Please check its spelling."),
                    _where(rows, entry.line),
                )
            )
            continue
        seen = {entry.slug}
        current: str | None = parent
        while current is not None:
            if current in seen:
                problems.append(
                    Problem(
                        entry.line,
                        "parent_slug",
                        _l("An authority cannot be its own parent."),
                        _where(rows, entry.line),
                    )
                )
                break
            seen.add(current)
            current = parent_slug_of(current)
