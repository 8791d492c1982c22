"""The open data as a Frictionless data package (Data Package v1, Table Schema).

datapackage.json describes the plain CSV files: the authorities, their accounts, the
census figures and the census totals, each with the type, format and constraints of
every column, so that a tool reads an AGS as text with its leading zeros, dates as dates
and percentages as numbers. The licence is CC BY 4.0; the paths are absolute addresses
built from KB_BASE_URL.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from kb.authorities import opendata
from kb.authorities.service import current_version
from kb.directory import Kind, Level
from kb.regions import LAENDER

Field = dict[str, Any]


def _field(name: str, kind: str, description: Any, **properties: Any) -> Field:
    return {"name": name, "type": kind, "description": str(description), **properties}


def _slug(name: str, description: Any, **constraints: Any) -> Field:
    return _field(name, "string", description, constraints={"pattern": "[a-z0-9-]+", **constraints})


LAND_CODES = [land.code for land in LAENDER]


def authority_schema() -> dict[str, Any]:
    return {
        "fields": [
            _slug(
                "slug",
                _l("Short address of the authority; its page is /authorities/<short address>."),
                required=True,
                unique=True,
            ),
            _field("name", "string", _l("Name of the authority."), constraints={"required": True}),
            _field("short_name", "string", _l("Short name or abbreviation.")),
            _field(
                "kind",
                "string",
                _l("Kind of authority."),
                constraints={"required": True, "enum": [kind.value for kind in Kind]},
            ),
            _field(
                "level",
                "string",
                _l("Level: federal, Land, local or other public body."),
                constraints={"required": True, "enum": [level.value for level in Level]},
            ),
            _field(
                "land",
                "string",
                _l("Land as an ISO 3166-2:DE code without DE- (empty for federal bodies)."),
                constraints={"enum": LAND_CODES},
            ),
            _slug("parent_slug", _l("Short address of the parent authority.")),
            _field(
                "ags",
                "string",
                _l(
                    "Official municipality key (Amtlicher Gemeindeschlüssel): 8 digits, text"
                    " with its leading zeros."
                ),
                constraints={"pattern": "[0-9]{8}", "unique": True},
            ),
            _field("website", "string", _l("Website of the authority."), format="uri"),
            _field("source", "string", _l("Where the information comes from.")),
        ],
        "primaryKey": ["slug"],
        "foreignKeys": [
            {"fields": ["parent_slug"], "reference": {"resource": "", "fields": ["slug"]}}
        ],
        "missingValues": [""],
    }


def account_schema() -> dict[str, Any]:
    return {
        "fields": [
            _slug(
                "authority_slug",
                _l("Short address of the authority the account belongs to."),
                required=True,
            ),
            _slug("platform", _l("Platform (e.g. facebook, mastodon)."), required=True),
            _field("handle", "string", _l("Name of the account on the platform.")),
            _field(
                "url",
                "string",
                _l("Address of the account."),
                format="uri",
                constraints={"required": True},
            ),
            _field("since", "date", _l("First day of the account; empty when unknown.")),
            _field(
                "until",
                "date",
                _l("First day on which the account no longer exists; empty while it is active."),
            ),
            _field("last_checked", "date", _l("Day the account was last seen to exist.")),
            _field("source", "string", _l("Where the information comes from.")),
        ],
        "foreignKeys": [
            {
                "fields": ["authority_slug"],
                "reference": {"resource": "authorities", "fields": ["slug"]},
            }
        ],
        "missingValues": [""],
    }


def _census_fields(totals: bool) -> list[Field]:
    platform = _l("Platform; empty: any platform.") if totals else _l("Platform.")
    level = _l("Level; empty: all levels.") if totals else _l("Level.")
    count = {"required": True, "minimum": 0}
    return [
        _field(
            "as_of", "date", _l("Day the figures were counted on."), constraints={"required": True}
        ),
        _field("land", "string", _l("Land filter (empty: all)."), constraints={"enum": LAND_CODES}),
        _field(
            "kind",
            "string",
            _l("Kind filter (empty: all)."),
            constraints={"enum": [kind.value for kind in Kind]},
        ),
        _slug("platform", platform, required=not totals),
        _field(
            "level",
            "string",
            level,
            constraints={"required": not totals, "enum": [level.value for level in Level]},
        ),
        _field("total", "integer", _l("Authorities in the registry."), constraints=count),
        _field(
            "present",
            "integer",
            _l("Authorities among them with at least one active social-media account."),
            constraints=count,
        ),
        _field(
            "percent",
            "number",
            _l("Share present of total in percent, one decimal; empty when total is 0."),
            unit="percent",
            constraints={"minimum": 0, "maximum": 100},
        ),
    ]


def census_schema(totals: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": _census_fields(totals), "missingValues": [""]}
    if not totals:
        schema["primaryKey"] = ["platform", "level"]
    return schema


def _resource(name: str, endpoint: str, title: Any, description: Any, schema: Any) -> Any:
    return {
        "name": name,
        "path": url_for(endpoint, _external=True),
        "profile": "tabular-data-resource",
        "title": str(title),
        "description": str(description),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "licenses": _licences(),
        "schema": schema,
    }


def _licences() -> list[dict[str, str]]:
    return [
        {
            "name": "CC-BY-4.0",
            "path": opendata.LICENCE_URL,
            "title": "Creative Commons Attribution 4.0 International",
        }
    ]


def descriptor() -> dict[str, Any]:
    modified = current_version()[1]
    site = current_app.config.get("KB_SITE_NAME") or "Amtsnetz"
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "amtsnetz-behoerden",
        "id": url_for("authorities.datapackage", _external=True),
        "title": str(
            _l("%(site)s: authorities, their social-media accounts and the census", site=site)
        ),
        "description": str(
            _l(
                "Public authorities in Germany with their social-media accounts, and how many"
                " of them are present on which platform. Approved entries only."
            )
        ),
        "homepage": url_for("authorities.index", _external=True),
        "keywords": ["Behörden", "Verwaltung", "Social Media", "Open Data", "Zensus"],
        "licenses": _licences(),
        "sources": [{"title": site, "path": url_for("authorities.index", _external=True)}],
        "resources": [
            _resource(
                "authorities",
                "authorities.authorities_csv",
                _l("Authorities"),
                _l("One row per approved authority."),
                authority_schema(),
            ),
            _resource(
                "accounts",
                "authorities.accounts_csv",
                _l("Social-media accounts"),
                _l("One row per approved account of an approved authority, active or ended."),
                account_schema(),
            ),
            _resource(
                "census",
                "authorities.census_csv",
                _l("Census"),
                _l("Authorities present per platform and level, without totals."),
                census_schema(),
            ),
            _resource(
                "census-totals",
                "authorities.census_totals_csv",
                _l("Census totals"),
                _l("Any platform per level, all levels per platform, and the overall total."),
                census_schema(totals=True),
            ),
        ],
    }
    if modified is not None:
        package["created"] = modified.isoformat(timespec="seconds")
    return package
