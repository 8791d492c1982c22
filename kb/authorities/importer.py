"""Import and export of the registry (CSV and JSON), and the census as open data.

One row format for both. A row is one account of one authority; an authority without
accounts has one row with empty account columns, an authority with several accounts
repeats its columns on each of their rows.

Authority columns:

=============  ==========================================================================
slug           address below /authorities/ (lower case, digits, hyphens); required when
               the row has no AGS, made from the name otherwise
name           required
short_name     e.g. "BMI"
kind           bundesministerium, bundesbehoerde, landesministerium, landesbehoerde,
               kommune, landkreis, polizei, unternehmen, sonstige (kb.authorities.models.Kind)
level          bund, land, kommune, sonstige
land           ISO 3166-2:DE code without "DE-" (BY, NW, …); required for levels land and
               kommune, empty for federal bodies
parent_slug    slug of the parent authority, in the file or in the registry
ags            Amtlicher Gemeindeschlüssel: 8 digits beginning with the Land's prefix
website        http(s) address
source         where the information on the authority comes from
=============  ==========================================================================

Account columns (all empty for a row without account):

==============  =========================================================================
platform        platform slug (kb.taxonomy: facebook, instagram, x-twitter, mastodon, …)
handle          e.g. "@bmi_bund"
url             https address of the account; must match the platform
since           first day (YYYY-MM-DD), empty when unknown
until           first day the account no longer exists (YYYY-MM-DD), empty while active
last_checked    YYYY-MM-DD
account_source  where the information on the account comes from
==============  =========================================================================

CSV: UTF-8 (a byte-order mark is fine), comma or semicolon separated, the first line names
the columns (line 1); name, kind and level are required columns, the others optional.
JSON: either a list of such rows (objects), or the export's shape
``{"authorities": [{<authority columns>, "accounts": [{<account columns>}]}]}`` where an
account's source may be called ``source``.

An import validates every row first and imports nothing when one is bad. It is
idempotent: an authority is the one with the row's AGS when it has one (else, or when
no authority has that AGS yet, the one with its slug), an account is the authority's
account with the same platform and URL. Columns missing from a file leave the stored
value alone; present but empty columns clear it. Imported records are approved.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from kb.authorities.census import Census, Coverage
from kb.authorities.models import Authority, Kind, Level, Review, SocialAccount
from kb.authorities.service import (
    AuthorityInput,
    account_url_problem,
    authority_problems,
    bump_version,
    period_problem,
    slug_problem,
    unique_slug,
)
from kb.extensions import db
from kb.taxonomy.models import Platform
from kb.text import clean_text
from kb.timeutil import utcnow

AUTHORITY_COLUMNS = (
    "slug",
    "name",
    "short_name",
    "kind",
    "level",
    "land",
    "parent_slug",
    "ags",
    "website",
    "source",
)
ACCOUNT_COLUMNS = (
    "platform",
    "handle",
    "url",
    "since",
    "until",
    "last_checked",
    "account_source",
)
COLUMNS = AUTHORITY_COLUMNS + ACCOUNT_COLUMNS
REQUIRED_COLUMNS = ("name", "kind", "level")
DATE_COLUMNS = ("since", "until", "last_checked")

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


# --- reading files ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of a file: where it is, and the values of the columns the file has."""

    line: int  # CSV: the line it starts on (header = 1); JSON: its position (first = 1)
    values: Mapping[str, str]
    where: str = ""  # JSON: the path to it, e.g. "authorities[3].accounts[1]"


@dataclass(frozen=True)
class Problem:
    line: int  # 1 for the header or the whole file
    column: str  # "" when the row as a whole is at fault
    message: LazyString | str
    where: str = ""

    def __str__(self) -> str:
        place = self.where or _l("line %(line)s", line=self.line)
        if self.column:
            return f"{place}, {self.column}: {self.message}"
        return f"{place}: {self.message}"


@dataclass
class ImportReport:
    dry_run: bool = False
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    authorities_created: int = 0
    authorities_updated: int = 0
    accounts_created: int = 0
    accounts_updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def imported(self) -> bool:
        """True when something may have been written (no problems, not a dry run)."""
        return self.ok and not self.dry_run

    @property
    def problem_lines(self) -> list[int]:
        return sorted({problem.line for problem in self.problems})

    def summary(self) -> str:
        if not self.ok:
            return str(
                _l(
                    "%(count)s problems in %(lines)s rows; nothing was imported.",
                    count=len(self.problems),
                    lines=len(self.problem_lines),
                )
            )
        text = _l(
            "%(rows)s rows: %(authorities_created)s authorities new, %(authorities_updated)s "
            "changed; %(accounts_created)s accounts new, %(accounts_updated)s changed.",
            rows=self.rows,
            authorities_created=self.authorities_created,
            authorities_updated=self.authorities_updated,
            accounts_created=self.accounts_created,
            accounts_updated=self.accounts_updated,
        )
        if self.dry_run:
            note = _l("Dry run: nothing was imported.")
            return f"{text} {note}"
        return str(text)


def _cell(value: Any) -> str | None:
    """A file's value as text; None when it is no text (a list, an object)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, str | int | float):
        return clean_text(str(value)).strip()
    return None


def read_csv(text: str) -> tuple[list[Row], list[Problem]]:
    """The rows of a CSV text, or the problems with its header."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error:
        header = None
    if not header:
        return [], [Problem(1, "", _l("The file is empty or has no header line."))]
    columns = [clean_text(name).strip().lower() for name in header]
    problems = _header_problems(columns)
    if problems:
        return [], problems
    rows: list[Row] = []
    previous_end = reader.line_num
    try:
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(columns):
                problems.append(Problem(start, "", _l("More values than columns in the header.")))
                continue
            values = {
                name: clean_text(cell).strip() for name, cell in zip(columns, record, strict=False)
            }
            rows.append(Row(start, values))
    except csv.Error:
        problems.append(
            Problem(previous_end + 1, "", _l("Broken quoting; check the quotation marks."))
        )
    return rows, problems


def _header_problems(columns: Sequence[str], line: int = 1) -> list[Problem]:
    problems = []
    for name in columns:
        if name not in COLUMNS:
            problems.append(Problem(line, name, _l("Unknown column.")))
    for name in {name for name in columns if columns.count(name) > 1}:
        problems.append(Problem(line, name, _l("The column appears twice.")))
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.append(Problem(line, name, _l("This column is required.")))
    return problems


def read_json(data: Any) -> tuple[list[Row], list[Problem]]:
    """The rows of a parsed JSON document (a list of rows, or the export's shape)."""
    if isinstance(data, dict) and isinstance(data.get("authorities"), list):
        return _read_nested(data["authorities"])
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        data = data["rows"]
    if not isinstance(data, list):
        return [], [Problem(1, "", _l("Expected a list of rows or an export with authorities."))]
    rows: list[Row] = []
    problems: list[Problem] = []
    for position, item in enumerate(data, start=1):
        where = f"rows[{position - 1}]"
        values, item_problems = _json_values(item, COLUMNS, position, where)
        problems.extend(item_problems)
        if values is not None:
            rows.append(Row(position, values, where))
    return rows, problems


def _read_nested(authorities: list[Any]) -> tuple[list[Row], list[Problem]]:
    rows: list[Row] = []
    problems: list[Problem] = []
    position = 0
    for index, item in enumerate(authorities):
        where = f"authorities[{index}]"
        if not isinstance(item, dict):
            position += 1
            problems.append(Problem(position, "", _l("Expected an object."), where))
            continue
        accounts = item.get("accounts") or []
        authority = {key: value for key, value in item.items() if key != "accounts"}
        if not isinstance(accounts, list):
            position += 1
            problems.append(Problem(position, "accounts", _l("Expected a list."), where))
            continue
        for account_index, account in enumerate(accounts or [None]):
            position += 1
            here = where if account is None else f"{where}.accounts[{account_index}]"
            merged = dict(authority)
            if account is not None:
                if not isinstance(account, dict):
                    problems.append(Problem(position, "", _l("Expected an object."), here))
                    continue
                for key, value in account.items():
                    merged["account_source" if key == "source" else key] = value
            values, item_problems = _json_values(merged, COLUMNS, position, here)
            problems.extend(item_problems)
            if values is not None:
                rows.append(Row(position, values, here))
    return rows, problems


def _json_values(
    item: Any, allowed: Sequence[str], position: int, where: str
) -> tuple[dict[str, str] | None, list[Problem]]:
    if not isinstance(item, dict):
        return None, [Problem(position, "", _l("Expected an object."), where)]
    problems = []
    values: dict[str, str] = {}
    for key, value in item.items():
        if key not in allowed:
            problems.append(Problem(position, str(key)[:40], _l("Unknown column."), where))
            continue
        text = _cell(value)
        if text is None:
            problems.append(Problem(position, key, _l("Expected text."), where))
            continue
        values[key] = text
    for name in REQUIRED_COLUMNS:
        if name not in values:
            problems.append(Problem(position, name, _l("This column is required."), where))
    return (None if problems else values), problems


def read_file(path: Path) -> tuple[list[Row], list[Problem]]:
    """Read a .csv or .json file (by its extension)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        return [], [Problem(1, "", _l("Use a .csv or a .json file."))]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(1, "", _l("The file is not UTF-8 text."))]
    if suffix == ".csv":
        return read_csv(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Problem(error.lineno, "", _l("This is not valid JSON."))]
    return read_json(data)


# --- validating rows ---------------------------------------------------------------------------


@dataclass
class _Entry:
    """An authority of the file: its rows' shared values and its accounts."""

    identity: tuple[str, str]  # ("ags", "09162000") or ("slug", "bmi")
    line: int
    values: dict[str, Any]  # parsed authority columns the file has
    accounts: dict[tuple[str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    existing_id: int | None = None
    slug: str = ""


def _parse_authority(
    row: Row, platforms: Mapping[str, Platform], problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The authority and account values of a row, parsed; problems go to `problems`."""

    def problem(column: str, message: LazyString) -> None:
        problems.append(Problem(row.line, column, message, row.where))

    values = row.values
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
        problem("slug", _l("Give a slug, or an AGS, so the authority can be found again."))
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
    for column, message in authority_problems(data, check_database=False).items():
        problem(column, message)

    account_values = {name: values.get(name, "") for name in ACCOUNT_COLUMNS}
    if not account_values["platform"]:
        stray = [name for name, value in account_values.items() if value]
        if stray:
            problem("platform", _l("Name the platform of the account."))
        return authority, None
    account: dict[str, Any] = {
        name: value for name, value in account_values.items() if name in values
    }
    slug = account_values["platform"].lower()
    platform = platforms.get(slug)
    if platform is None:
        problem("platform", _l("Unknown platform."))
    account["platform"] = platform
    if not account_values["url"]:
        problem("url", _l("Enter the address of the account."))
    elif platform is not None:
        url_message = account_url_problem(platform.slug, account_values["url"])
        if url_message:
            problem("url", url_message)
    for name, limit in (("handle", 120), ("account_source", 300)):
        if len(account_values[name]) > limit:
            problem(name, _l("At most %(count)s characters.", count=limit))
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
    return authority, account


def _authority_signature(values: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((key, str(value)) for key, value in values.items()))


@dataclass
class _Registry:
    """What the import needs to know of the stored registry, loaded in one query."""

    by_ags: dict[str, int]
    by_slug: dict[str, int]
    slug_of: dict[int, str]
    ags_of: dict[int, str | None]
    parent_of: dict[int, int | None]

    @classmethod
    def load(cls) -> _Registry:
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


def _plan(rows: Sequence[Row], report: ImportReport) -> list[_Entry]:
    """Validate every row, group the rows by authority and match them with the registry."""
    platforms = {platform.slug: platform for platform in db.session.scalars(select(Platform))}
    problems = report.problems
    entries: dict[tuple[str, str], _Entry] = {}
    slug_owner: dict[str, tuple[tuple[str, str], int]] = {}
    for row in rows:
        before = len(problems)
        authority, account = _parse_authority(row, platforms, problems)
        if len(problems) > before:
            continue
        identity = (
            ("ags", authority["ags"]) if authority.get("ags") else ("slug", authority["slug"])
        )
        entry = entries.get(identity)
        if entry is None:
            entry = entries[identity] = _Entry(identity, row.line, authority)
        elif _authority_signature(entry.values) != _authority_signature(authority):
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
                        _l("Line %(line)s gives this slug to another authority.", line=owner[1]),
                        row.where,
                    )
                )
                continue
        if account is not None:
            key = (account["platform"].slug, account["url"])
            known = entry.accounts.get(key)
            if known is None:
                entry.accounts[key] = (row.line, account)
            elif _authority_signature(known[1]) != _authority_signature(account):
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
    if problems:
        return []
    registry = _Registry.load()
    _match(list(entries.values()), registry, problems, rows)
    if not problems:
        _check_parents(list(entries.values()), registry, problems, rows)
    return list(entries.values())


def _where(rows: Sequence[Row], line: int) -> str:
    return next((row.where for row in rows if row.line == line), "")


def _match(
    entries: list[_Entry], registry: _Registry, problems: list[Problem], rows: Sequence[Row]
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
                        _l("An authority with another AGS already has this slug."),
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
                        _l("Another authority already has this slug."),
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
    entries: list[_Entry], registry: _Registry, problems: list[Problem], rows: Sequence[Row]
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
                    _l("No authority has this slug."),
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


# --- importing -------------------------------------------------------------------------------


def import_rows(rows: Sequence[Row], dry_run: bool = False) -> ImportReport:
    """Validate every row, then import all of them or, when one is bad, none.

    The caller commits. With `dry_run` the import runs in a savepoint that is rolled
    back, so the report counts exactly what a real import would change.
    """
    report = ImportReport(dry_run=dry_run, rows=len(rows))
    entries = _plan(rows, report)
    if report.problems:
        report.problems.sort(key=lambda problem: problem.line)
        return report
    savepoint = db.session.begin_nested()
    try:
        _apply(entries, report)
        if (
            report.authorities_created
            or report.authorities_updated
            or (report.accounts_created or report.accounts_updated)
        ):
            bump_version()
        db.session.flush()
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return report


def _set(record: Any, name: str, value: Any) -> bool:
    if getattr(record, name) == value:
        return False
    setattr(record, name, value)
    return True


AUTHORITY_FIELDS = ("name", "short_name", "kind", "level", "land", "website", "source")


def _apply(entries: list[_Entry], report: ImportReport) -> None:
    existing_ids = [entry.existing_id for entry in entries if entry.existing_id is not None]
    stored: dict[int, Authority] = {}
    for chunk in _chunks(existing_ids, 500):
        for authority in db.session.scalars(
            select(Authority)
            .where(Authority.id.in_(chunk))
            .options(selectinload(Authority.accounts))
        ):
            stored[authority.id] = authority
    now = utcnow()
    records: dict[str, Authority] = {}
    changed: set[str] = set()
    for entry in entries:
        values = entry.values
        if entry.existing_id is None:
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
            report.authorities_created += 1
        else:
            authority = stored[entry.existing_id]
            dirty = _set(authority, "slug", entry.slug)
            dirty |= _set(authority, "review", Review.APPROVED)
            for name in AUTHORITY_FIELDS:
                if name in values:
                    dirty |= _set(authority, name, values[name])
            if "ags" in values:
                dirty |= _set(authority, "ags", values["ags"] or None)
            if dirty:
                changed.add(entry.slug)
        records[entry.slug] = authority
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
        for account_changed in _apply_accounts(authority, entry, report):
            if account_changed and entry.existing_id is not None:
                changed.add(entry.slug)
    for slug in changed:
        records[slug].updated_at = now
    report.authorities_updated = len(changed)


def _parents_by_slug(entries: list[_Entry], records: dict[str, Authority]) -> dict[str, Authority]:
    wanted = {entry.values["parent_slug"] for entry in entries if entry.values.get("parent_slug")}
    found = {slug: records[slug] for slug in wanted if slug in records}
    missing = sorted(wanted - set(found))
    for chunk in _chunks(missing, 500):
        for authority in db.session.scalars(select(Authority).where(Authority.slug.in_(chunk))):
            found[authority.slug] = authority
    return found


ACCOUNT_FIELDS = {
    "handle": "handle",
    "since": "since",
    "until": "until",
    "last_checked": "last_checked",
    "account_source": "source",
}


def _apply_accounts(authority: Authority, entry: _Entry, report: ImportReport) -> Iterable[bool]:
    stored = {(account.platform_id, account.url): account for account in authority.accounts}
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
            yield False
            continue
        dirty = _set(account, "review", Review.APPROVED)
        for column, name in ACCOUNT_FIELDS.items():
            if column in values:
                dirty |= _set(account, name, values[column])
        if dirty:
            report.accounts_updated += 1
        yield dirty


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_file(path: Path, dry_run: bool = False) -> ImportReport:
    """Read and import a .csv or .json file; the caller commits."""
    rows, problems = read_file(path)
    if problems:
        return ImportReport(dry_run=dry_run, rows=len(rows), problems=problems)
    return import_rows(rows, dry_run)


def import_csv(text: str, dry_run: bool = False) -> ImportReport:
    rows, problems = read_csv(text)
    if problems:
        return ImportReport(dry_run=dry_run, rows=len(rows), problems=problems)
    return import_rows(rows, dry_run)


def import_json(data: Any, dry_run: bool = False) -> ImportReport:
    rows, problems = read_json(data)
    if problems:
        return ImportReport(dry_run=dry_run, rows=len(rows), problems=problems)
    return import_rows(rows, dry_run)


# --- exporting -------------------------------------------------------------------------------


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
    writer.writerows(rows)
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


# --- the census as open data -------------------------------------------------------------------

CENSUS_COLUMNS = ("as_of", "land", "kind", "platform", "level", "total", "present", "percent")


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
