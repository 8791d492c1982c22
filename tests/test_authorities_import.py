"""Import and export of the registry (issue 5, done-when 3 and 4): bad rows are named by
line and nothing is imported; a good file imported twice gives the same registry; the
CSV and JSON exports round-trip into an empty database with the same census."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from kb.authorities import importing, opendata
from kb.authorities.census import CensusFilter, compute
from kb.authorities.cli import authorities_cli
from kb.authorities.importing.read import COLUMNS
from kb.authorities.models import RegistryVersion
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.extensions import db
from kb.taxonomy import Platform, seed_taxonomy
from tests.conftest import make_app, own_database

HEADER = list(COLUMNS)


def csv_text(*rows: dict[str, str], header: list[str] = HEADER, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def row(**values: str) -> dict[str, str]:
    return dict.fromkeys(HEADER, "") | values


BMI = {
    "slug": "bmi",
    "name": "Bundesministerium des Innern und für Heimat",
    "short_name": "BMI",
    "kind": "bundesministerium",
    "level": "bund",
    "website": "https://www.bmi.bund.de",
    "source": "Bundesportal, Stand 2025",  # a comma: quoted in the CSV
}
BAMF = {
    "slug": "bamf",
    "name": "Bundesamt für Migration und Flüchtlinge",
    "short_name": "BAMF",
    "kind": "bundesbehoerde",
    "level": "bund",
    "parent_slug": "bmi",  # the parent comes later in the file
}
UBA = {"slug": "uba", "name": "Umweltbundesamt", "kind": "bundesbehoerde", "level": "bund"}
MUNICH = {  # no slug: found again by its AGS
    "name": "Landeshauptstadt München",
    "kind": "kommune",
    "level": "kommune",
    "land": "BY",
    "ags": "09162000",
}
COLOGNE = {
    "slug": "stadt-koeln",
    "name": "Stadt Köln",
    "kind": "kommune",
    "level": "kommune",
    "land": "NW",
    "ags": "05315000",
}
KVB = {
    "slug": "kvb",
    "name": "Kölner Verkehrs-Betriebe AG",
    "short_name": "KVB",
    "kind": "unternehmen",
    "level": "sonstige",
    "land": "NW",
    "parent_slug": "stadt-koeln",
}


def good_rows() -> list[dict[str, str]]:
    return [
        row(**BAMF, platform="facebook", url="https://www.facebook.com/bamf.socialmedia",
            since="2013-05-01"),
        row(**BMI, platform="x-twitter", handle="@BMI_Bund", url="https://x.com/BMI_Bund",
            since="2014-09-01", until="2024-02-01", last_checked="2025-01-15",
            account_source="Presseportal"),
        row(**BMI, platform="mastodon", handle="@BMI", url="https://social.bund.de/@BMI",
            since="2022-11-01", last_checked="2025-01-15"),
        row(**BMI, platform="facebook", url="https://www.facebook.com/bmi.bund",
            since="2030-01-01"),  # announced, not yet active
        row(**UBA),
        row(**MUNICH, platform="instagram", handle="@muenchen",
            url="https://www.instagram.com/muenchen/"),  # since unknown
        row(**COLOGNE, platform="facebook", url="https://www.facebook.com/stadtkoeln",
            since="2011-03-01"),
        row(**COLOGNE, platform="facebook", url="https://www.facebook.com/stadtkoeln",
            since="2011-03-01"),  # the same row twice is harmless
        row(**KVB, platform="x-twitter", handle="@kvb_info", url="https://twitter.com/kvb_info",
            since="2010-01-01"),
    ]  # fmt: skip


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        seed_taxonomy()
        db.session.commit()
        yield


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def registry_ids() -> list[tuple[Any, ...]]:
    authorities = db.session.execute(select(Authority.id, Authority.slug).order_by(Authority.id))
    accounts = db.session.execute(
        select(SocialAccount.id, SocialAccount.authority_id, SocialAccount.url).order_by(
            SocialAccount.id
        )
    )
    return [tuple(r) for r in authorities] + [tuple(r) for r in accounts]


# --- bad files -----------------------------------------------------------------------------


@pytest.mark.usefixtures("ctx")
def test_bad_ags_unknown_land_and_malformed_url_are_named_and_nothing_is_imported() -> None:
    source = csv_text(
        row(**BMI | {"source": "Bundesportal,\nStand 2025"}),  # lines 2 and 3
        row(**MUNICH | {"ags": "0916200"}),  # line 4: 7 digits
        row(**COLOGNE | {"slug": "stadt-x", "ags": "", "land": "XY"}),  # line 5
        row(**UBA, platform="facebook", url="https//www.facebook.com/uba"),  # line 6
        row(**KVB | {"parent_slug": ""}),  # line 7: good
    )
    report = importing.import_csv(source)
    db.session.commit()

    assert not report.ok
    assert report.problem_lines == [4, 5, 6]
    assert {(p.line, p.column) for p in report.problems} == {
        (4, "ags"),
        (5, "land"),
        (6, "url"),
    }
    assert "Zeile 4, ags:" in str(report.problems[0])
    assert "es wurde nichts importiert" in report.summary()
    assert count(Authority) == 0
    assert count(SocialAccount) == 0
    assert count(RegistryVersion) == 0


BAD_ROWS = [
    (row(**COLOGNE | {"ags": "09162000"}), "ags"),  # a Bavarian key in NRW
    (row(**MUNICH | {"ags": "0916200A"}), "ags"),
    (row(**MUNICH | {"land": "Bayern"}), "land"),
    (row(**MUNICH | {"land": ""}), "land"),
    (row(**UBA | {"kind": "ministerium"}), "kind"),
    (row(**UBA | {"level": "galaxy"}), "level"),
    (row(**UBA | {"name": ""}), "name"),
    (row(**UBA | {"slug": ""}), "slug"),  # neither slug nor AGS
    (row(**UBA | {"slug": "census"}), "slug"),  # the census page's address
    (row(**UBA | {"slug": "Umwelt Bundesamt"}), "slug"),
    (row(**UBA | {"website": "javascript:alert(1)"}), "website"),
    (row(**UBA | {"parent_slug": "nobody"}), "parent_slug"),
    (row(**UBA | {"parent_slug": "uba"}), "parent_slug"),
    (row(**UBA, platform="myspace", url="https://myspace.com/uba"), "platform"),
    (row(**UBA, url="https://www.facebook.com/uba"), "platform"),
    (row(**UBA, platform="facebook"), "url"),
    (row(**UBA, platform="facebook", url="https://www.instagram.com/uba"), "url"),
    (row(**UBA, platform="facebook", url="http://www.facebook.com/uba"), "url"),
    (row(**UBA, platform="mastodon", url="https://social.bund.de/uba"), "url"),
    (row(**UBA, platform="facebook", url="https://www.facebook.com/uba", since="2020-13-01"),
     "since"),
    (row(**UBA, platform="facebook", url="https://www.facebook.com/uba", since="01.02.2020"),
     "since"),
    (row(**UBA, platform="facebook", url="https://www.facebook.com/uba", until="gestern"),
     "until"),
    (row(**UBA, platform="facebook", url="https://www.facebook.com/uba", last_checked="2024"),
     "last_checked"),
    (row(**UBA, platform="facebook", url="https://www.facebook.com/uba", since="2020-01-01",
         until="2019-12-31"), "until"),
    (row(**BMI | {"name": "Bundesministerium des Innern"}), ""),  # conflicts with line 2
    (row(**BMI, platform="facebook", url="https://www.facebook.com/bmi.bund", since="2019-01-01"),
     "url"),  # the same account as line 2 with another start
    (row(**COLOGNE | {"slug": "bmi"}), "slug"),  # line 2's slug for another authority
]  # fmt: skip


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize(("bad", "column"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_with_its_line(bad: dict[str, str], column: str) -> None:
    good = row(
        **BMI, platform="facebook", url="https://www.facebook.com/bmi.bund", since="2015-01-01"
    )
    report = importing.import_csv(csv_text(good, bad, row(**KVB | {"parent_slug": ""})))
    db.session.commit()
    assert [(p.line, p.column) for p in report.problems] == [(3, column)]
    assert count(Authority) == 0


@pytest.mark.usefixtures("ctx")
def test_bad_header_is_line_one() -> None:
    report = importing.import_csv("slug,name,plattform,kind\nbmi,BMI,facebook,bundesministerium\n")
    assert {(p.line, p.column) for p in report.problems} == {(1, "plattform"), (1, "level")}
    assert importing.import_csv("").problem_lines == [1]
    assert count(Authority) == 0


@pytest.mark.usefixtures("ctx")
def test_json_problems_name_the_entry() -> None:
    document = {
        "authorities": [
            BMI | {"accounts": [{"platform": "facebook", "url": "https://www.facebook.com/bmi"}]},
            UBA | {"accounts": [{"platform": "facebook", "url": "ftp://facebook.com/uba"}]},
            COLOGNE | {"ags": 5315000},  # a number loses its leading zero
        ]
    }
    report = importing.import_json(document)
    assert [(p.line, p.column, p.where) for p in report.problems] == [
        (2, "url", "authorities[1].accounts[0]"),
        (3, "ags", "authorities[2]"),
    ]
    assert str(report.problems[0]).startswith("authorities[1].accounts[0], url:")
    assert count(Authority) == 0


def test_semicolons_and_byte_order_mark(ctx: None) -> None:
    source = "\ufeff" + csv_text(row(**UBA), row(**MUNICH), delimiter=";")
    report = importing.import_csv(source)
    db.session.commit()
    assert report.ok, [str(p) for p in report.problems]
    assert count(Authority) == 2


def test_columns_a_file_leaves_out_stay_as_they_are(ctx: None) -> None:
    assert importing.import_csv(csv_text(row(**UBA | {"website": "https://uba.de"}))).ok
    db.session.commit()
    header = ["slug", "name", "kind", "level"]
    short_row = {"slug": "uba", "name": "UBA", "kind": "bundesbehoerde", "level": "bund"}
    report = importing.import_csv(csv_text(short_row, header=header))
    db.session.commit()
    assert report.authorities_updated == 1
    uba = db.session.scalar(select(Authority))
    assert (uba.name, uba.website) == ("UBA", "https://uba.de")


# --- good files ---------------------------------------------------------------------------


def test_good_file_imported_twice_gives_the_same_registry(ctx: None) -> None:
    source = csv_text(*good_rows())
    first = importing.import_csv(source)
    db.session.commit()
    assert first.ok, [str(p) for p in first.problems]
    assert (first.authorities_created, first.accounts_created) == (6, 7)
    exported, ids, version = opendata.export_csv(), registry_ids(), current()

    second = importing.import_csv(source)
    db.session.commit()
    assert second.ok
    assert (second.authorities_created, second.authorities_updated) == (0, 0)
    assert (second.accounts_created, second.accounts_updated) == (0, 0)
    assert opendata.export_csv() == exported
    assert registry_ids() == ids
    assert current() == version  # nothing changed, so the census stays cached

    munich = db.session.scalar(select(Authority).where(Authority.ags == "09162000"))
    assert munich.slug == "landeshauptstadt-muenchen"
    bamf = db.session.scalar(select(Authority).where(Authority.slug == "bamf"))
    assert bamf.parent.slug == "bmi"
    assert bamf.review == Review.APPROVED


def current() -> int:
    return db.session.scalar(select(RegistryVersion.version)) or 0


def test_import_updates_by_ags_and_approves_proposals(ctx: None) -> None:
    assert importing.import_csv(csv_text(*good_rows())).ok
    proposal = Authority(
        slug="stadt-musterstadt",
        name="Stadt Musterstadt",
        kind=Kind.MUNICIPALITY,
        level=Level.LOCAL,
        land="HE",
        review=Review.PROPOSED,
    )
    db.session.add(proposal)
    db.session.commit()
    munich_id = db.session.scalar(select(Authority.id).where(Authority.ags == "09162000"))
    version = current()

    report = importing.import_csv(
        csv_text(
            row(**MUNICH | {"name": "München", "slug": "muenchen"}),
            row(
                slug="stadt-musterstadt",
                name="Stadt Musterstadt",
                kind="kommune",
                level="kommune",
                land="HE",
            ),
        )
    )
    db.session.commit()
    assert report.ok, [str(p) for p in report.problems]
    assert (report.authorities_created, report.authorities_updated) == (0, 2)
    munich = db.session.get(Authority, munich_id)
    assert (munich.name, munich.slug) == ("München", "muenchen")
    assert db.session.get(Authority, proposal.id).review == Review.APPROVED
    assert current() == version + 1


def test_dry_run_counts_and_stores_nothing(ctx: None) -> None:
    report = importing.import_csv(csv_text(*good_rows()), dry_run=True)
    db.session.commit()
    assert report.ok and not report.imported
    assert (report.authorities_created, report.accounts_created) == (6, 7)
    assert "Probelauf" in report.summary()
    assert count(Authority) == 0
    assert count(RegistryVersion) == 0


# --- round trip ----------------------------------------------------------------------------


@pytest.fixture
def empty_app(database_template: str, tmp_path: Path) -> Iterator[Flask]:
    """A second app on a database of its own, migrated and empty."""
    with own_database(database_template, tmp_path) as database_url:
        app = make_app(database_url)
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


CENSUS_FILTERS = [
    CensusFilter(),
    CensusFilter(land="NW"),
    CensusFilter(kind=Kind.FEDERAL_AGENCY),
    CensusFilter(land="BY", kind=Kind.MUNICIPALITY),
]
ON = date(2025, 6, 30)


def build_source_registry() -> None:
    seed_taxonomy()
    assert importing.import_csv(csv_text(*good_rows())).ok
    # Proposals are not open data and do not count: the copy has them neither.
    bmi = db.session.scalar(select(Authority).where(Authority.slug == "bmi"))
    facebook = db.session.scalar(select(Platform).where(Platform.slug == "instagram"))
    bmi.accounts.append(
        SocialAccount(
            platform=facebook, url="https://www.instagram.com/bmi", review=Review.PROPOSED
        )
    )
    db.session.add(
        Authority(
            slug="stadt-musterstadt",
            name="Stadt Musterstadt",
            kind=Kind.MUNICIPALITY,
            level=Level.LOCAL,
            land="HE",
            review=Review.PROPOSED,
        )
    )
    db.session.commit()


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_round_trips_into_an_empty_database(
    app: Flask, empty_app: Flask, file_format: str
) -> None:
    with app.test_request_context():
        build_source_registry()
        censuses = [compute(filters, ON) for filters in CENSUS_FILTERS]
        exported_csv = opendata.export_csv()
        exported = (
            exported_csv if file_format == "csv" else json.loads(json.dumps(opendata.export_json()))
        )

    with empty_app.test_request_context():
        seed_taxonomy()
        db.session.commit()
        if file_format == "csv":
            report = importing.import_csv(exported)
        else:
            report = importing.import_json(exported)
        db.session.commit()
        assert report.ok, [str(p) for p in report.problems]
        assert (report.authorities_created, report.accounts_created) == (6, 7)
        assert [compute(filters, ON) for filters in CENSUS_FILTERS] == censuses
        assert opendata.export_csv() == exported_csv


@pytest.mark.usefixtures("ctx")
def test_json_export_has_licence_and_nested_accounts() -> None:
    assert importing.import_csv(csv_text(*good_rows())).ok
    db.session.commit()
    document = opendata.export_json()
    assert document["licence"] == "CC BY 4.0"
    assert document["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "Amtsnetz" in document["attribution"]
    assert document["modified"][:4].isdigit()
    bmi = next(a for a in document["authorities"] if a["slug"] == "bmi")
    assert bmi["ags"] is None
    assert [a["platform"] for a in bmi["accounts"]] == ["facebook", "x-twitter", "mastodon"]
    twitter = bmi["accounts"][1]
    assert twitter == {
        "platform": "x-twitter",
        "handle": "@BMI_Bund",
        "url": "https://x.com/BMI_Bund",
        "since": "2014-09-01",
        "until": "2024-02-01",
        "last_checked": "2025-01-15",
        "source": "Presseportal",
    }
    uba = next(a for a in document["authorities"] if a["slug"] == "uba")
    assert uba["accounts"] == []


@pytest.mark.usefixtures("ctx")
def test_census_open_data() -> None:
    assert importing.import_csv(csv_text(*good_rows())).ok
    db.session.commit()
    census = compute(CensusFilter(), ON)
    figures = list(csv.DictReader(io.StringIO(opendata.census_csv(census))))
    assert figures and all(r["platform"] and r["level"] for r in figures)  # no totals
    rows = list(csv.DictReader(io.StringIO(opendata.census_totals_csv(census))))
    overall = next(r for r in rows if r["platform"] == "" and r["level"] == "")
    # Present on ON: BAMF, München (since unknown), Köln, KVB; BMI's X ended, its
    # Facebook starts 2030, but Mastodon runs: 5 of 6.
    assert overall == {
        "as_of": "2025-06-30",
        "land": "",
        "kind": "",
        "platform": "",
        "level": "",
        "total": "6",
        "present": "5",
        "percent": "83.3",
    }
    other = next(r for r in rows if r["platform"] == "" and r["level"] == "sonstige")
    assert (other["total"], other["present"], other["percent"]) == ("1", "1", "100.0")
    document = opendata.census_json(census)
    assert document["licence"] == "CC BY 4.0"
    assert document["overall"] == {"total": 6, "present": 5, "percent": 83.3}
    assert document["by_level"]["bund"] == {"total": 3, "present": 2, "percent": 66.7}
    facebook = next(p for p in document["platforms"] if p["platform"] == "facebook")
    assert facebook["overall"] == {"total": 6, "present": 2, "percent": 33.3}
    assert [t["platform"] for t in document["timelines"]] == [
        "facebook",
        "x-twitter",
        "instagram",
        "mastodon",
    ]


# --- command line ---------------------------------------------------------------------------


@pytest.fixture
def cli_app(app: Flask) -> Flask:
    if "authorities" not in app.cli.commands:
        app.cli.add_command(authorities_cli)
    with app.app_context():
        seed_taxonomy()
        db.session.commit()
    return app


def test_cli_import_reports_lines_and_exits_1(cli_app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "behoerden.csv"
    path.write_text(
        csv_text(row(**UBA), row(**MUNICH | {"land": "XY"}), row(**BMI | {"ags": "123"})),
        encoding="utf-8",
    )
    result = cli_app.test_cli_runner().invoke(args=["authorities", "import", str(path)])
    assert result.exit_code == 1
    assert "Zeile 3, land:" in result.output
    assert "Zeile 4, ags:" in result.output
    with cli_app.app_context():
        assert count(Authority) == 0


def test_cli_import_dry_run_and_real(cli_app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "behoerden.csv"
    path.write_text(csv_text(*good_rows()), encoding="utf-8")
    runner = cli_app.test_cli_runner()

    result = runner.invoke(args=["authorities", "import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Probelauf" in result.output
    with cli_app.app_context():
        assert count(Authority) == 0

    result = runner.invoke(args=["authorities", "import", str(path)])
    assert result.exit_code == 0, result.output
    with cli_app.app_context():
        assert count(Authority) == 6
        assert count(SocialAccount) == 7


def test_cli_export_and_reimport_json(cli_app: Flask, tmp_path: Path) -> None:
    source = tmp_path / "behoerden.csv"
    source.write_text(csv_text(*good_rows()), encoding="utf-8")
    runner = cli_app.test_cli_runner()
    assert runner.invoke(args=["authorities", "import", str(source)]).exit_code == 0

    target = tmp_path / "export.json"
    result = runner.invoke(args=["authorities", "export", str(target)])
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["licence"] == "CC BY 4.0"
    assert len(document["authorities"]) == 6

    result = runner.invoke(args=["authorities", "export", "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == ",".join(COLUMNS)
    with cli_app.test_request_context():
        assert result.output == opendata.export_csv()

    again = runner.invoke(args=["authorities", "import", str(target)])
    assert again.exit_code == 0, again.output
    assert "0 Behörden neu, 0 geändert; 0 Social-Media-Konten neu, 0 geändert" in again.output


def test_cli_refuses_other_files(cli_app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "behoerden.xlsx"
    path.write_bytes(b"PK\x03\x04")
    result = cli_app.test_cli_runner().invoke(args=["authorities", "import", str(path)])
    assert result.exit_code == 1
    broken = tmp_path / "kaputt.csv"
    broken.write_bytes(b"slug,name,kind,level\nbmi,Bundesministerium \xff,bundesministerium,bund\n")
    result = cli_app.test_cli_runner().invoke(args=["authorities", "import", str(broken)])
    assert result.exit_code == 1
    assert "UTF-8" in result.output


@pytest.mark.usefixtures("ctx")
def test_every_problem_of_a_row_is_reported() -> None:
    bad = row(**MUNICH | {"kind": "stadt", "ags": "05315000"}, platform="facebook",
              url="https://www.facebook.com/muenchen", since="2020-02-30")  # fmt: skip
    report = importing.import_csv(csv_text(bad))
    assert [(p.line, p.column) for p in report.problems] == [
        (2, "kind"),
        (2, "ags"),
        (2, "since"),
    ]


@pytest.mark.usefixtures("ctx")
def test_slug_of_an_authority_with_another_ags_is_refused() -> None:
    assert importing.import_csv(csv_text(row(**COLOGNE))).ok
    db.session.commit()
    other = row(**MUNICH | {"slug": "stadt-koeln"})
    report = importing.import_csv(csv_text(other))
    assert [(p.line, p.column) for p in report.problems] == [(2, "slug")]


@pytest.mark.usefixtures("ctx")
def test_json_list_of_rows() -> None:
    rows = [
        {key: value for key, value in r.items() if value}
        for r in (row(**UBA), row(**MUNICH, platform="instagram", url="https://instagram.com/m"))
    ]
    report = importing.import_json(rows)
    db.session.commit()
    assert report.ok, [str(p) for p in report.problems]
    assert (report.authorities_created, report.accounts_created) == (2, 1)


HOSTILE_CELLS = {
    "name": '=HYPERLINK("https://evil.example";"Details")',
    "account_source": "+49 30 18681-0",
    "handle": "@SUM(1+1)",
}


def test_csv_exports_neutralise_formulas_and_still_round_trip(app: Flask, empty_app: Flask) -> None:
    """A spreadsheet runs a cell that begins with = + - @ as a formula: every such cell of
    the registry's and the census's CSV starts with an apostrophe, and the registry's CSV
    still imports into an empty registry unchanged."""
    hostile = row(**BAMF, platform="x-twitter", url="https://x.com/bamf")
    hostile.update(HOSTILE_CELLS)
    hostile["slug"] = "formel-behoerde"
    with app.test_request_context():
        seed_taxonomy()
        report = importing.import_csv(csv_text(*good_rows(), hostile))
        assert report.ok, [str(problem) for problem in report.problems]
        db.session.commit()
        exported = opendata.export_csv()
        census = opendata.census_csv(compute(CensusFilter(), ON))
    for text in (exported, census):
        cells = [cell for record in csv.reader(io.StringIO(text)) for cell in record]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    records = list(csv.DictReader(io.StringIO(exported)))
    written = [record for record in records if record["slug"] == "formel-behoerde"]
    assert written and all(
        record[name] == "'" + value for record in written for name, value in HOSTILE_CELLS.items()
    )
    assert any(record["handle"] == "'@BMI_Bund" for record in records)

    with empty_app.test_request_context():
        seed_taxonomy()
        db.session.commit()
        report = importing.import_csv(exported)
        db.session.commit()
        assert report.ok, [str(problem) for problem in report.problems]
        authority = db.session.scalar(select(Authority).where(Authority.slug == "formel-behoerde"))
        assert authority is not None and authority.name == HOSTILE_CELLS["name"]
        (account,) = authority.accounts
        assert (account.handle, account.source) == (
            HOSTILE_CELLS["handle"],
            HOSTILE_CELLS["account_source"],
        )
        assert opendata.export_csv() == exported
