"""Reading a registry file: the row format that the import reads and the export writes.

A row is one account of one authority; an authority without
accounts has one row with empty account columns, an authority with several accounts
repeats its columns on each of their rows.

Authority columns:

=============  ==========================================================================
slug           address below /authorities/ (lower case, digits, hyphens); required when
               the row has no AGS, made from the name otherwise
name           required
short_name     e.g. "BMI"
kind           bundesministerium, bundesbehoerde, landesministerium, landesbehoerde,
               kommune, landkreis, polizei, unternehmen, sonstige (kb.directory.Kind)
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
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l

from kb.authorities.importing.report import Problem
from kb.authorities.spreadsheet import read_cell
from kb.text import clean_text

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


@dataclass(frozen=True)
class Row:
    """One row of a file: where it is, and the values of the columns the file has."""

    line: int  # CSV: the line it starts on (header = 1); JSON: its position (first = 1)
    values: Mapping[str, str]
    where: str = ""  # JSON: the path to it, e.g. "authorities[3].accounts[1]"


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
                name: read_cell(clean_text(cell).strip())
                for name, cell in zip(columns, record, strict=False)
            }
            rows.append(Row(start, values))
    except csv.Error:
        problems.append(
            Problem(previous_end + 1, "", _l("Broken quoting; check the quotation marks."))
        )
    return rows, problems


def _header_problems(columns: Sequence[str]) -> list[Problem]:
    problems = []
    for name in columns:
        if name not in COLUMNS:
            problems.append(Problem(1, name, _l("Unknown column.")))
    for name in sorted({name for name in columns if columns.count(name) > 1}):
        problems.append(Problem(1, name, _l("The column appears twice.")))
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.append(Problem(1, name, _l("This column is required.")))
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
        values, item_problems = _json_values(item, position, where)
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
            values, item_problems = _json_values(merged, position, here)
            problems.extend(item_problems)
            if values is not None:
                rows.append(Row(position, values, here))
    return rows, problems


def _json_values(
    item: Any, position: int, where: str
) -> tuple[dict[str, str] | None, list[Problem]]:
    if not isinstance(item, dict):
        return None, [Problem(position, "", _l("Expected an object."), where)]
    problems = []
    values: dict[str, str] = {}
    for key, value in item.items():
        if key not in COLUMNS:
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
