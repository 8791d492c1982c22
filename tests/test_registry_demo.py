"""The demo registry and case studies (`flask --app wsgi demo`) and the synthetic
authorities (`--authorities N`)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from kb.authorities import validation
from kb.authorities.demo import demo_registry
from kb.authorities.models import RegistryVersion
from kb.cases.models import TEXT_SECTIONS, Budget, CaseRevision, CaseStudy
from kb.community.models import Comment, Like
from kb.content.models import PublishState as Status
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.extensions import db
from kb.regions import BY_CODE, LAENDER
from kb.users import User

DEMO_REGISTRY = demo_registry()
SEED_CITIES = {
    "Stadt Stuttgart": ("BW", "08111000"),
    "Stadt Frankfurt am Main": ("HE", "06412000"),
    "Landeshauptstadt Magdeburg": ("ST", "15003000"),
    "Stadt Nürnberg": ("BY", "09564000"),
    "Stadt Erlangen": ("BY", "09562000"),
}


def run_demo(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, f"{result.output} {result.exception!r}"
    return result.output


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def counts(app: Flask) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            count(model)
            for model in (Authority, SocialAccount, CaseStudy, CaseRevision, Comment, Like)
        )


def registry_version(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(RegistryVersion.version))) or 0


def valid_ags(authority: Authority) -> bool:
    ags = authority.ags or ""
    return len(ags) == 8 and ags.isdigit() and ags[:2] == BY_CODE[authority.land].ags_prefix


def test_demo_registry_covers_bund_laender_and_the_seed(app: Flask) -> None:
    output = run_demo(app)
    assert "Demo authorities: " in output and "Demo case studies: " in output
    with app.app_context():
        authorities = list(db.session.scalars(select(Authority)))
        assert all(authority.is_demo and authority.source for authority in authorities)
        by_name = {authority.name: authority for authority in authorities}

        ministries = [a for a in authorities if a.kind == Kind.FEDERAL_MINISTRY]
        assert len(ministries) >= 16
        assert all(a.level == Level.FEDERAL and a.short_name for a in ministries)
        assert {"AA", "BMI", "BMF", "BMDS", "BMVg", "BMZ"} <= {a.short_name for a in ministries}
        assert by_name["Presse- und Informationsamt der Bundesregierung"].level == Level.FEDERAL

        agencies = [
            a for a in authorities if a.kind == Kind.FEDERAL_AGENCY and "fiktiv" not in a.name
        ]
        assert len(agencies) >= 15
        bamf = by_name["Bundesamt für Migration und Flüchtlinge"]
        assert bamf.parent is not None and bamf.parent.short_name == "BMI"
        assert by_name["Umweltbundesamt"].parent.short_name == "BMUKN"

        governments = [a for a in authorities if a.level == Level.STATE and a.is_demo]
        assert sorted(a.land for a in governments) == sorted(land.code for land in LAENDER)

        for name, (land, ags) in SEED_CITIES.items():
            city = by_name[name]
            assert (city.kind, city.land, city.ags) == (Kind.MUNICIPALITY, land, ags)
            assert valid_ags(city)
            assert city.website.startswith("https://")
        assert by_name["Kölner Verkehrs-Betriebe AG"].land == "NW"
        assert by_name["Stadtreinigung Hamburg"].kind == Kind.PUBLIC_COMPANY
        assert all(a.website.startswith("https://") for a in authorities if a.website)

        # Real authorities carry only the accounts the blog post names, dated by it.
        real_accounts = [
            account
            for account in db.session.scalars(select(SocialAccount))
            if "fiktiv" not in account.authority.name
        ]
        assert len(real_accounts) >= 5
        assert all(account.source.startswith(DEMO_REGISTRY.blog) for account in real_accounts)
        assert all("nicht heute" in account.source for account in real_accounts)
        assert all(account.last_checked.year in (2014, 2015) for account in real_accounts)
        assert all(account.since is None for account in real_accounts)
        handles = {account.handle for account in real_accounts}
        assert {"nuernberg_de", "erlangen_de", "Stadtverwaltung.Erlangen"} <= handles

        # Invented figures belong to the fictional authorities only, with their own AGS
        # range no Land uses.
        musterstadt = by_name["Stadt Musterstadt (fiktiv)"]
        assert valid_ags(musterstadt) and musterstadt.ags[2:5] == DEMO_REGISTRY.fictional_region
        fictional = musterstadt.accounts
        assert any(account.until for account in fictional)
        assert any(account.review == Review.PROPOSED for account in fictional)

        katrin = db.session.scalar(select(User).where(User.display_name == "Katrin Hoffmann"))
        assert katrin.authority == musterstadt and katrin.show_on_authority
        workers = db.session.scalars(select(User).where(User.authority_id.is_not(None))).all()
        assert len(workers) == 4
        assert all("fiktiv" in user.authority.name for user in workers)
    assert registry_version(app) >= 1


def test_demo_case_studies_are_complete(app: Flask) -> None:
    run_demo(app)
    with app.app_context():
        cases = list(
            db.session.scalars(select(CaseStudy).where(CaseStudy.status == Status.PUBLISHED))
        )
        assert len(cases) >= 6
        for case in cases:
            assert case.is_demo and case.authority is not None and case.creator is not None
            for name in TEXT_SECTIONS:
                assert getattr(case, name).strip(), (case.slug, name)
                html = getattr(case, f"{name}_html")
                assert html.startswith("<") and "<script" not in html, (case.slug, name)
            assert case.summary.startswith("Demo-Fallstudie")
            assert case.platforms and case.topics
            assert all(account.authority_id == case.authority_id for account in case.accounts)
            assert case.licence == "CC BY 4.0"
            assert case.results_measured_on and case.last_verified and case.published_at
            [revision] = case.revisions
            assert revision.number == 1 and revision.title == case.title
            assert revision.results == case.results

            if "(fiktiv)" in case.authority.name:
                assert case.team_fte is not None and case.team_unit is not None
                assert case.budget != Budget.UNKNOWN
                assert None not in (
                    case.dpia_done,
                    case.joint_controller_agreement,
                    case.netiquette,
                    case.imprint,
                )
                assert "erfunden" in case.results
            else:
                # No invented figures for a real authority: unknown stays unknown.
                assert case.team_fte is None and case.budget == Budget.UNKNOWN
                assert case.results_measured_on.year in (2014, 2015)
                assert "Amt 2.0" in case.results and "nicht bekannt" in case.legal_notes

        assert sum(bool(case.accounts) for case in cases) >= len(cases) - 1
        fictional = [case for case in cases if "(fiktiv)" in case.authority.name]
        real = [case for case in cases if "(fiktiv)" not in case.authority.name]
        assert len(fictional) >= 3 and len(real) >= 3
        contacts = [case for case in cases if case.contact_consent]
        assert contacts
        assert all(case.contact_email.endswith(".example.org") for case in contacts)
        assert all(not case.contact_email for case in cases if not case.contact_consent)

        likes = db.session.scalar(
            select(func.count()).select_from(Like).where(Like.target_type == "case")
        )
        assert likes == sum(case.like_count for case in cases) > 0
        assert sum(case.comment_count for case in cases) == db.session.scalar(
            select(func.count()).select_from(Comment).where(Comment.target_type == "case")
        )


def test_demo_twice_creates_nothing(app: Flask) -> None:
    run_demo(app)
    before, version = counts(app), registry_version(app)
    output = run_demo(app)
    assert "Demo authorities: 0 created" in output
    assert "Demo case studies: 0 created" in output
    assert counts(app) == before
    assert registry_version(app) == version
    with app.app_context():
        assert count(Authority) == len(set(db.session.scalars(select(Authority.slug))))


def test_demo_adds_synthetic_authorities(app: Flask) -> None:
    run_demo(app)
    authorities, accounts, *rest = counts(app)
    version = registry_version(app)

    output = run_demo(app, "--authorities", "200")
    assert "Synthetic authorities: 200 added." in output
    added_authorities, added_accounts, *same = counts(app)
    assert added_authorities == authorities + 200
    assert 540 <= added_accounts - accounts <= 660  # about three each
    assert same == rest
    assert registry_version(app) == version + 1

    run_demo(app, "--authorities", "200")  # numbering goes on: no unique-key collision
    with app.app_context():
        synthetic = list(
            db.session.scalars(select(Authority).where(Authority.name.like("% (synthetisch)")))
        )
        assert len(synthetic) == 400
        assert all(authority.is_demo for authority in synthetic)
        municipalities = [a for a in synthetic if a.kind == Kind.MUNICIPALITY]
        assert len(municipalities) >= 300
        assert all(valid_ags(a) for a in municipalities)
        assert len({a.ags for a in municipalities}) == len(municipalities)
        assert not {a.ags for a in municipalities} & set(SEED_CITIES.values())
        assert {Kind.DISTRICT, Kind.STATE_AGENCY, Kind.PUBLIC_COMPANY} <= {
            a.kind for a in synthetic
        }
        assert len({a.land for a in synthetic}) == 16

        ids = [a.id for a in synthetic]
        accounts = list(
            db.session.scalars(select(SocialAccount).where(SocialAccount.authority_id.in_(ids)))
        )
        assert 1080 <= len(accounts) <= 1320
        assert len({account.platform_id for account in accounts}) >= 8
        assert any(account.until for account in accounts)
        assert any(account.review == Review.PROPOSED for account in accounts)
        assert all(account.url.startswith("https://") for account in accounts)
        assert all(
            account.since is not None and (account.until is None or account.until > account.since)
            for account in accounts
        )
        pairs = {(account.authority_id, account.platform_id) for account in accounts}
        assert len(pairs) == len(accounts)  # one account per platform and authority


def test_demo_registry_passes_the_registry_checks(app: Flask) -> None:
    """What the demo stores directly must also pass the checks of forms and import, so
    an export of the demo registry can be imported again."""
    run_demo(app, "--authorities", "100")
    with app.app_context():
        for authority in db.session.scalars(select(Authority)):
            assert validation.slug_problem(authority.slug) is None, authority.slug
            assert validation.validate_ags(authority.ags or "", authority.land) is None
            assert validation.website_problem(authority.website) is None, authority.website
            for name in ("name", "short_name", "website", "source"):
                assert len(getattr(authority, name)) <= validation.MAX_LENGTHS[name]
        for account in db.session.scalars(select(SocialAccount)):
            problem = validation.account_url_problem(account.platform.slug, account.url)
            assert problem is None, (account.url, str(problem))
            assert len(account.source) <= validation.MAX_LENGTHS["source"]
