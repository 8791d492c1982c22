"""Open data that opens in every tool: the Frictionless data package, plain and Excel CSV,
totals apart from the figures, null for missing values in JSON, one charset, and exports
built once per registry version and served like static files (ETag, 304), never stale."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import frictionless
import pytest
from flask import Flask
from sqlalchemy import insert, select

from kb.authorities import changes, exports, importing, opendata, service, validation
from kb.authorities.validation import AuthorityInput
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.extensions import db
from kb.taxonomy import Platform, seed_taxonomy
from kb.users import Role
from tests.conftest import Auth, Client

EN = {"Accept-Language": "en"}
CSV_URLS = [
    "/authorities/export.csv",
    "/authorities/authorities.csv",
    "/authorities/accounts.csv",
    "/authorities/census.csv",
    "/authorities/census-totals.csv",
]
EXCEL_URLS = [
    "/authorities/export-excel.csv",
    "/authorities/census-excel.csv",
    "/authorities/census-totals-excel.csv",
]
JSON_URLS = [
    "/authorities/export.json",
    "/authorities/census.json",
    "/authorities/datapackage.json",
]
ALL_URLS = CSV_URLS + EXCEL_URLS + JSON_URLS
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_NAME = '=HYPERLINK("https://evil.example";"Details")'


@pytest.fixture(autouse=True)
def platforms(app: Flask) -> None:
    with app.app_context():
        seed_taxonomy()
        db.session.commit()


def add_authority(name: str, kind: Kind, level: Level, **values: Any) -> Authority:
    authority = Authority(
        slug=validation.unique_slug(name), name=name, kind=kind, level=level, **values
    )
    db.session.add(authority)
    db.session.flush()
    return authority


def add_account(authority: Authority, platform_slug: str, url: str, **values: Any) -> None:
    platform = db.session.scalar(select(Platform).where(Platform.slug == platform_slug))
    db.session.add(SocialAccount(authority=authority, platform=platform, url=url, **values))
    db.session.flush()


@pytest.fixture
def registry(app: Flask) -> dict[str, str]:
    """A ministry with a child agency, a town in Schleswig-Holstein whose AGS begins
    with 0, an authority named like a formula, a handle like a formula, and a proposal."""
    with app.app_context():
        bmi = add_authority(
            "Bundesministerium des Innern",
            Kind.FEDERAL_MINISTRY,
            Level.FEDERAL,
            short_name="BMI",
            website="https://www.bmi.bund.de/",
            source="Website",
        )
        add_account(
            bmi,
            "x-twitter",
            "https://x.com/BMI_Bund",
            handle="@BMI_Bund",
            since=date(2012, 5, 1),
            until=date(2023, 6, 1),
            last_checked=date(2025, 1, 15),
        )
        add_account(bmi, "mastodon", "https://social.bund.de/@BMI", since=date(2022, 1, 1))
        add_authority("Umweltbundesamt", Kind.FEDERAL_AGENCY, Level.FEDERAL, parent=bmi)
        kiel = add_authority(
            "Landeshauptstadt Kiel", Kind.MUNICIPALITY, Level.LOCAL, land="SH", ags="01002000"
        )
        add_account(kiel, "facebook", "https://www.facebook.com/kiel.de", handle="kiel.de")
        add_authority(HOSTILE_NAME, Kind.OTHER, Level.OTHER, source="+49 30 18681-0")
        proposal = add_authority(
            "Stadt Köln", Kind.MUNICIPALITY, Level.LOCAL, land="NW", review=Review.PROPOSED
        )
        db.session.commit()
        return {"bmi": bmi.slug, "kiel": kiel.slug, "proposal": proposal.slug}


def rows_of(body: bytes, excel: bool = False) -> list[dict[str, str]]:
    text = body.decode("utf-8-sig" if excel else "utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))


def fetch(client: Client, url: str, **kwargs: Any) -> Any:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response


# --- the data package ------------------------------------------------------------------------


def local_package(client: Client, directory: Path) -> dict[str, Any]:
    """datapackage.json with each resource fetched through the app into `directory`."""
    package = json.loads(fetch(client, "/authorities/datapackage.json").get_data())
    for resource in package["resources"]:
        url = resource["path"]
        assert url.startswith("http://localhost/authorities/"), url
        (directory / f"{resource['name']}.csv").write_bytes(
            fetch(client, url.removeprefix("http://localhost")).get_data()
        )
        resource["path"] = f"{resource['name']}.csv"
    return package


def validate(directory: Path, package: dict[str, Any]) -> frictionless.Report:
    (directory / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return frictionless.validate(str(directory / "datapackage.json"))


def test_data_package_validates_with_frictionless(
    client: Client, registry: dict[str, str], tmp_path: Path
) -> None:
    package = local_package(client, tmp_path)
    report = validate(tmp_path, package)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [r["name"] for r in package["resources"]] == [
        "authorities",
        "accounts",
        "census",
        "census-totals",
    ]
    assert package["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["licenses"][0]["title"]
    assert package["sources"][0]["path"] == "http://localhost/authorities/"
    fields = {
        resource["name"]: {field["name"]: field for field in resource["schema"]["fields"]}
        for resource in package["resources"]
    }
    ags = fields["authorities"]["ags"]
    assert (ags["type"], ags["constraints"]["pattern"]) == ("string", "[0-9]{8}")
    assert fields["accounts"]["since"]["type"] == "date"
    percent = fields["census"]["percent"]
    assert percent["type"] == "number" and percent["unit"] == "percent"
    assert "prozent" in percent["description"].lower()  # the default language, German
    authorities = package["resources"][0]["schema"]
    assert authorities["primaryKey"] == ["slug"]
    accounts = package["resources"][1]["schema"]
    assert accounts["foreignKeys"][0]["reference"] == {
        "resource": "authorities",
        "fields": ["slug"],
    }

    # The checks can fail: an AGS that lost its leading zero, and an account of an
    # authority that is not in the package, are found.
    table = tmp_path / "authorities.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("01002000", "1002000"))
    accounts_file = tmp_path / "accounts.csv"
    accounts_file.write_text(
        accounts_file.read_text(encoding="utf-8").replace("landeshauptstadt-kiel,", "nirgendwo,")
    )
    broken = validate(tmp_path, package)
    assert not broken.valid
    errors = {error[0] for error in broken.flatten(["type"])}
    assert {"constraint-error", "foreign-key"} <= errors


def test_data_package_addresses_come_from_the_configured_base_url(app_factory: Any) -> None:
    app = app_factory(KB_BASE_URL="https://amtsnetz.example")
    client = app.test_client()
    response = client.get(
        "/authorities/datapackage.json",
        headers={"Host": "amtsnetz.example", "X-Forwarded-Host": "evil.example"},
    )
    package = json.loads(response.get_data())
    paths = [resource["path"] for resource in package["resources"]]
    assert paths[0] == "https://amtsnetz.example/authorities/authorities.csv"
    assert all(path.startswith("https://amtsnetz.example/authorities/") for path in paths)


# --- formats ---------------------------------------------------------------------------------


def test_ags_keeps_its_leading_zeros_everywhere(client: Client, registry: dict[str, str]) -> None:
    for url, excel in [
        ("/authorities/export.csv", False),
        ("/authorities/export-excel.csv", True),
        ("/authorities/authorities.csv", False),
    ]:
        rows = rows_of(fetch(client, url).get_data(), excel)
        assert {row["ags"] for row in rows if row["slug"] == registry["kiel"]} == {"01002000"}
    document = json.loads(fetch(client, "/authorities/export.json").get_data())
    kiel = next(a for a in document["authorities"] if a["slug"] == registry["kiel"])
    assert kiel["ags"] == "01002000"


@pytest.mark.parametrize(
    ("plain", "excel"),
    [
        ("/authorities/export.csv", "/authorities/export-excel.csv"),
        ("/authorities/census.csv?land=SH", "/authorities/census-excel.csv?land=SH"),
        ("/authorities/census-totals.csv", "/authorities/census-totals-excel.csv"),
    ],
)
def test_excel_variant_has_bom_semicolons_and_the_same_rows(
    client: Client, registry: dict[str, str], plain: str, excel: str
) -> None:
    plain_body = fetch(client, plain).get_data()
    excel_body = fetch(client, excel).get_data()
    assert not plain_body.startswith(b"\xef\xbb\xbf")
    assert excel_body.startswith(b"\xef\xbb\xbf")
    header = excel_body.decode("utf-8-sig").split("\r\n", 1)[0]
    assert ";" in header and "," not in header
    assert b"\r\n" in excel_body and b"\r\n" not in plain_body
    plain_rows = rows_of(plain_body)
    excel_rows = [
        # Excel in a German locale reads a decimal comma; the plain file has a point.
        {
            name: value.replace(",", ".") if name == "percent" else value
            for name, value in row.items()
        }
        for row in rows_of(excel_body, excel=True)
    ]
    assert plain_rows and excel_rows == plain_rows
    if "census" in plain:
        assert any("," in row["percent"] for row in rows_of(excel_body, excel=True))


def test_census_totals_are_not_among_the_figures(client: Client, registry: dict[str, str]) -> None:
    figures = rows_of(fetch(client, "/authorities/census.csv").get_data())
    assert figures and all(row["platform"] and row["level"] for row in figures)
    totals = rows_of(fetch(client, "/authorities/census-totals.csv").get_data())
    overall = [row for row in totals if not row["platform"] and not row["level"]]
    # Approved: BMI (Mastodon active), UBA, Kiel (Facebook), the formula-named one.
    assert [(row["total"], row["present"], row["percent"]) for row in overall] == [
        ("4", "2", "50.0")
    ]
    assert all(not row["platform"] or not row["level"] for row in totals)
    # Each platform's figures sum to its total over the levels.
    for platform in {row["platform"] for row in figures}:
        total = next(r for r in totals if r["platform"] == platform and not r["level"])
        present = sum(int(r["present"]) for r in figures if r["platform"] == platform)
        assert present == int(total["present"])


def strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return [value] if isinstance(value, str) else []


def test_json_uses_null_for_every_missing_value(client: Client, registry: dict[str, str]) -> None:
    document = json.loads(fetch(client, "/authorities/export.json").get_data())
    assert "" not in strings(document)
    agency = next(a for a in document["authorities"] if a["name"] == "Umweltbundesamt")
    assert agency["parent_slug"] == registry["bmi"]
    assert (agency["short_name"], agency["land"], agency["ags"], agency["website"]) == (
        None,
        None,
        None,
        None,
    )
    assert agency["accounts"] == []
    bmi = next(a for a in document["authorities"] if a["slug"] == registry["bmi"])
    mastodon = next(a for a in bmi["accounts"] if a["platform"] == "mastodon")
    assert (mastodon["handle"], mastodon["until"], mastodon["source"]) == (None, None, None)
    census = json.loads(fetch(client, "/authorities/census.json").get_data())
    assert "" not in strings(census)
    assert census["filters"] == {"land": None, "kind": None}
    assert census["by_level"]["land"]["percent"] is None  # nothing to divide by


def test_every_export_names_one_charset(client: Client, registry: dict[str, str]) -> None:
    for url in ALL_URLS:
        content_type = fetch(client, url).headers["Content-Type"]
        assert content_type.count("charset") == 1, (url, content_type)
        assert content_type.endswith("; charset=utf-8"), (url, content_type)


def test_formula_cells_are_neutralised_in_every_csv(
    client: Client, registry: dict[str, str]
) -> None:
    for url in CSV_URLS + EXCEL_URLS:
        body = fetch(client, url).get_data().decode("utf-8-sig")
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=";" if "excel" in url else ",")
        cells = [cell for record in reader for cell in record]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], url
    rows = rows_of(fetch(client, "/authorities/authorities.csv").get_data())
    hostile = next(row for row in rows if row["name"].endswith('"Details")'))
    assert hostile["name"] == "'" + HOSTILE_NAME
    assert hostile["source"] == "'+49 30 18681-0"
    accounts = rows_of(fetch(client, "/authorities/accounts.csv").get_data())
    assert "'@BMI_Bund" in {row["handle"] for row in accounts}
    # JSON is no spreadsheet: the values stay as they are.
    document = json.loads(fetch(client, "/authorities/export.json").get_data())
    assert HOSTILE_NAME in {a["name"] for a in document["authorities"]}


def test_proposals_are_not_published(client: Client, registry: dict[str, str]) -> None:
    for url in ["/authorities/export.csv", "/authorities/authorities.csv"]:
        assert registry["proposal"] not in fetch(client, url).get_data(as_text=True)


# --- served like a static file, never stale --------------------------------------------------


def test_exports_are_served_with_a_strong_etag_and_304(
    client: Client, registry: dict[str, str]
) -> None:
    for url in ALL_URLS:
        response = fetch(client, url)
        etag = response.headers["ETag"]
        assert etag.startswith('"') and not etag.startswith("W/"), url
        assert int(response.headers["Content-Length"]) == len(response.get_data())
        assert response.headers["Last-Modified"]
        assert "no-cache" in response.headers["Cache-Control"]
        assert "Set-Cookie" not in response.headers
        assert (
            response.headers["Link"]
            == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
        )
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.get_data() == b""
        other = client.get(url, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200


def test_every_language_gets_the_same_bytes(client: Client, registry: dict[str, str]) -> None:
    for url in [
        "/authorities/export.json",
        "/authorities/census.json",
        "/authorities/datapackage.json",
    ]:
        german = fetch(client, url)
        english = fetch(client, url, headers=EN)
        assert english.get_data() == german.get_data()
        assert english.headers["ETag"] == german.headers["ETag"]


def test_an_export_is_built_once_while_nothing_changes(
    app: Flask, client: Client, registry: dict[str, str], make_user: Any
) -> None:
    with app.app_context():
        before = exports.builds()
    first = fetch(client, "/authorities/export.csv")
    for _ in range(3):
        assert fetch(client, "/authorities/export.csv").get_data() == first.get_data()
    # Writes that are not open data: a new member, a member's proposal.
    member = make_user()
    with app.app_context():
        member = db.session.merge(member)
        service.propose_authority(
            member,
            AuthorityInput(name="Stadt Bonn", kind=Kind.MUNICIPALITY, level=Level.LOCAL, land="NW"),
        )
        db.session.commit()
    again = fetch(client, "/authorities/export.csv")
    assert again.headers["ETag"] == first.headers["ETag"]
    with app.app_context():
        assert exports.builds() == before + 1


def etag_and_body(client: Client, url: str) -> tuple[str, bytes]:
    response = fetch(client, url)
    return response.headers["ETag"], response.get_data()


def test_exports_change_with_an_approval(
    app: Flask, client: Client, auth: Auth, registry: dict[str, str], make_user: Any
) -> None:
    before = {url: etag_and_body(client, url) for url in ALL_URLS}
    moderator = make_user(role=Role.MODERATOR)
    auth.login(moderator.email)
    response = client.post_form(f"/authorities/{registry['proposal']}/approve")
    assert response.status_code == 303
    auth.logout()
    after = {url: etag_and_body(client, url) for url in ALL_URLS}
    for url in [
        "/authorities/export.csv",
        "/authorities/authorities.csv",
        "/authorities/export.json",
    ]:
        assert after[url][0] != before[url][0]
        assert registry["proposal"].encode() in after[url][1]
    totals = rows_of(after["/authorities/census-totals.csv"][1])
    overall = next(row for row in totals if not row["platform"] and not row["level"])
    assert overall["total"] == "5"


def test_exports_change_with_an_import_and_an_edit(
    app: Flask, client: Client, registry: dict[str, str]
) -> None:
    etag, _body = etag_and_body(client, "/authorities/accounts.csv")
    with app.app_context():
        report = importing.import_csv(
            "slug,name,kind,level,platform,url\n"
            "bmi-neu,Bundesamt Neu,bundesbehoerde,bund,mastodon,https://social.bund.de/@neu\n"
        )
        assert report.ok, [str(problem) for problem in report.problems]
        db.session.commit()
    imported_etag, body = etag_and_body(client, "/authorities/accounts.csv")
    assert imported_etag != etag
    assert b"https://social.bund.de/@neu" in body

    with app.app_context():
        kiel = db.session.scalar(select(Authority).where(Authority.slug == registry["kiel"]))
        service.update_authority(
            kiel,
            AuthorityInput(
                name="Landeshauptstadt Kiel",
                kind=Kind.MUNICIPALITY,
                level=Level.LOCAL,
                land="SH",
                ags="01002000",
                website="https://www.kiel.de/",
            ),
        )
        db.session.commit()
    rows = rows_of(fetch(client, "/authorities/authorities.csv").get_data())
    assert (
        next(r for r in rows if r["slug"] == registry["kiel"])["website"] == "https://www.kiel.de/"
    )


def test_exports_change_when_a_platform_is_renamed_directly(
    app: Flask, client: Client, registry: dict[str, str]
) -> None:
    """No writer calls anything by hand: the session sees every change."""
    etag, _body = etag_and_body(client, "/authorities/accounts.csv")
    with app.app_context():
        platform = db.session.scalar(select(Platform).where(Platform.slug == "mastodon"))
        platform.slug = "fediverse"
        db.session.commit()
    new_etag, body = etag_and_body(client, "/authorities/accounts.csv")
    assert new_etag != etag
    assert b",fediverse," in body and b",mastodon," not in body


def test_a_rolled_back_write_changes_nothing(
    app: Flask, client: Client, registry: dict[str, str]
) -> None:
    etag, body = etag_and_body(client, "/authorities/export.csv")
    with app.app_context():
        version = service.current_version()
        add_authority("Verworfen", Kind.OTHER, Level.OTHER)
        db.session.rollback()
        assert service.current_version() == version
    assert etag_and_body(client, "/authorities/export.csv") == (etag, body)


def test_a_commit_during_a_build_never_leaves_an_old_name_on_new_data(
    app: Flask, client: Client, registry: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker commits while this one builds. On PostgreSQL (READ COMMITTED) the
    build sees part of it: that file is thrown away and built again under the new
    version. On SQLite the build reads one snapshot, so its file is right for its name."""
    rows = opendata.authority_rows
    calls = []

    def rows_with_a_commit_meanwhile() -> Any:
        if not calls:
            with db.engine.begin() as connection:
                connection.execute(
                    insert(Authority).values(
                        slug="zwischendurch",
                        name="Zwischendurch",
                        kind=Kind.OTHER,
                        level=Level.OTHER,
                        review=Review.APPROVED,
                    )
                )
                changes.bump(connection)
        calls.append(1)
        return rows()

    monkeypatch.setattr(opendata, "authority_rows", rows_with_a_commit_meanwhile)
    first_etag, first_body = etag_and_body(client, "/authorities/authorities.csv")
    second_etag, second_body = etag_and_body(client, "/authorities/authorities.csv")
    assert b"zwischendurch" in second_body
    if first_etag == second_etag:  # one name, one content (a strong ETag)
        assert first_body == second_body
    else:
        assert b"zwischendurch" not in first_body
    with app.app_context():
        on_postgresql = db.engine.dialect.name == "postgresql"
    if on_postgresql:
        assert len(calls) == 2  # the first build was thrown away


def test_old_versions_and_extra_variants_are_removed(
    app: Flask, client: Client, registry: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(app.config["KB_EXPORT_FOLDER"])
    fetch(client, "/authorities/export.csv")
    with app.app_context():
        add_authority("Noch eine Behörde", Kind.OTHER, Level.OTHER)
        db.session.commit()
    fetch(client, "/authorities/export.csv")
    assert len(list(folder.glob("export.v*.csv"))) == 1

    # Files of a database put back from a backup (higher versions), and a build that
    # died, are removed once they are old.
    restored = folder / "export.v999999.0123456789abcdef.csv"
    part = folder / ".export.dead.part"
    for leftover in (restored, part):
        leftover.write_text("alt")
        os.utime(leftover, (1, 1))
    with app.app_context():
        add_authority("Und noch eine", Kind.OTHER, Level.OTHER)
        db.session.commit()
    fetch(client, "/authorities/export.csv")
    assert not restored.exists() and not part.exists()
    assert len(list(folder.glob("export.v*.csv"))) == 1

    monkeypatch.setattr(exports, "MAX_VARIANTS", 3)
    lands = ["BW", "BY", "BE", "BB", "HB", "HH"]
    for land in lands:
        fetch(client, f"/authorities/census.csv?land={land}")
    assert len(list(folder.glob("census.v*.csv"))) == 3
    # The newest variants stay; an evicted one is simply built again.
    assert fetch(client, "/authorities/census.csv?land=BW").status_code == 200

    monkeypatch.setattr(exports, "MAX_VARIANT_BYTES", 1)
    fetch(client, "/authorities/census.csv?land=SH")
    assert len(list(folder.glob("census.v*.csv"))) == 1


# --- pages -----------------------------------------------------------------------------------


def test_pages_link_every_download_with_a_clear_label(
    client: Client, registry: dict[str, str]
) -> None:
    registry_page = fetch(client, "/authorities/").get_data(as_text=True)
    assert 'href="/authorities/export-excel.csv"' in registry_page
    assert "Verzeichnis als CSV für Excel" in registry_page
    assert 'href="/authorities/datapackage.json"' in registry_page
    census_page = fetch(client, "/authorities/census?land=SH").get_data(as_text=True)
    for href in [
        "/authorities/census.csv?land=SH",
        "/authorities/census-excel.csv?land=SH",
        "/authorities/census-totals.csv?land=SH",
        "/authorities/census-totals-excel.csv?land=SH",
        "/authorities/export-excel.csv",
        "/authorities/datapackage.json",
    ]:
        assert f'href="{href}"' in census_page
    assert "Bestandsaufnahme als CSV für Excel" in census_page
