"""The open-data downloads: the registry and the census as CSV (plain and for Excel) and
JSON, and the data package that describes them (kb.authorities.opendata, .datapackage).

Each is a file built once per registry version and served like a static one
(kb.authorities.exports). The addresses are part of the product: keep them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, time
from typing import IO, Any

from flask import Response, request

from kb.authorities import blueprint, exports, opendata, queries
from kb.authorities import census as census_module
from kb.authorities import datapackage as datapackage_module
from kb.authorities.census import CensusFilter
from kb.authorities.forms import CensusFilterForm, census_params
from kb.authorities.importing.read import COLUMNS

# --- open data: files built once per registry version (kb.authorities.exports) ---------------

CSV_MIMETYPE = "text/csv"  # Werkzeug adds the one "; charset=utf-8"
JSON_MIMETYPE = "application/json; charset=utf-8"
REGISTRY_FILE = "amtsnetz-behoerden"


def open_data(
    name: str,
    build: exports.Build,
    download_name: str,
    *,
    variant: str = "",
    not_before: datetime | None = None,
) -> Response:
    suffix = "." + download_name.rsplit(".", 1)[-1]
    mimetype = JSON_MIMETYPE if suffix == ".json" else CSV_MIMETYPE
    response = exports.serve(
        name,
        suffix,
        build,
        mimetype=mimetype,
        download_name=download_name,
        variant=variant,
        not_before=not_before,
    )
    # A CSV file has no place for the licence that a reader would not take for data.
    response.headers["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


def registry_csv(
    header: Sequence[str], rows: Callable[[], Iterable[Any]], excel: bool
) -> exports.Build:
    return lambda stream: opendata.write_csv(stream, header, rows(), excel)


@blueprint.route("/export.csv")
def export_csv() -> Response:
    build = registry_csv(COLUMNS, opendata.export_rows, excel=False)
    return open_data("export", build, f"{REGISTRY_FILE}.csv")


@blueprint.route("/export-excel.csv")
def export_excel() -> Response:
    build = registry_csv(COLUMNS, opendata.export_rows, excel=True)
    return open_data("export-excel", build, f"{REGISTRY_FILE}-excel.csv")


@blueprint.route("/export.json")
def export_json() -> Response:
    def build(stream: IO[bytes]) -> None:
        opendata.write_json(stream, opendata.export_json())

    return open_data("export-json", build, f"{REGISTRY_FILE}.json")


@blueprint.route("/authorities.csv")
def authorities_csv() -> Response:
    build = registry_csv(opendata.AUTHORITY_TABLE_COLUMNS, opendata.authority_rows, excel=False)
    return open_data("authorities", build, f"{REGISTRY_FILE}-tabelle.csv")


@blueprint.route("/accounts.csv")
def accounts_csv() -> Response:
    build = registry_csv(opendata.ACCOUNT_TABLE_COLUMNS, opendata.account_rows, excel=False)
    return open_data("accounts", build, "amtsnetz-konten.csv")


@blueprint.route("/datapackage.json")
def datapackage() -> Response:
    def build(stream: IO[bytes]) -> None:
        opendata.write_json(stream, datapackage_module.descriptor())

    return open_data("datapackage", build, "datapackage.json")


def census_filename(filters: CensusFilter, suffix: str) -> str:
    parts = ["amtsnetz-zensus", *census_params(filters).values()]
    return "-".join(parts).lower() + suffix


def census_export(
    name: str, suffix: str, write: Callable[[IO[bytes], census_module.Census], None]
) -> Response:
    """A census file of the reader's filters; the figures change with the day, too."""
    filters = CensusFilterForm(request.args).census_filter()
    on = queries.today()

    def build(stream: IO[bytes]) -> None:
        write(stream, census_module.census(filters, on))

    variant = f"{census_params(filters)}|{on.isoformat()}"
    start_of_day = datetime.combine(on, time(), queries.REGISTRY_TIMEZONE)
    return open_data(
        name,
        build,
        census_filename(filters, suffix),
        variant=variant,
        not_before=start_of_day,
    )


def census_table(rows: Callable[[census_module.Census], list[Any]], excel: bool) -> Any:
    return lambda stream, census: opendata.write_csv(
        stream, opendata.CENSUS_COLUMNS, rows(census), excel
    )


@blueprint.route("/census.csv")
def census_csv() -> Response:
    return census_export("census", ".csv", census_table(opendata.census_rows, excel=False))


@blueprint.route("/census-excel.csv")
def census_excel() -> Response:
    return census_export("census-excel", "-excel.csv", census_table(opendata.census_rows, True))


@blueprint.route("/census-totals.csv")
def census_totals_csv() -> Response:
    write = census_table(opendata.census_total_rows, excel=False)
    return census_export("census-totals", "-summen.csv", write)


@blueprint.route("/census-totals-excel.csv")
def census_totals_excel() -> Response:
    write = census_table(opendata.census_total_rows, excel=True)
    return census_export("census-totals-excel", "-summen-excel.csv", write)


@blueprint.route("/census.json")
def census_json() -> Response:
    def write(stream: IO[bytes], census: census_module.Census) -> None:
        opendata.write_json(stream, opendata.census_json(census))

    return census_export("census-json", ".json", write)
