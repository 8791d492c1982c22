"""The registry's rules: AGS, account addresses per platform, proposals and review, who
sees what, and the list with its filters and keyset pagination."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from kb.authorities import policy as authority_policy
from kb.authorities import queries, service, validation
from kb.authorities.forms import RegistryFilterForm
from kb.authorities.models import RegistryVersion
from kb.authorities.queries import AuthorityQuery
from kb.authorities.validation import (
    AccountInput,
    AuthorityInput,
    InvalidEntry,
    account_url_problem,
    validate_ags,
)
from kb.cursors import InvalidCursor
from kb.directory import (
    Authority,
    Kind,
    Level,
    Review,
    SocialAccount,
)
from kb.extensions import db
from kb.taxonomy import PLATFORMS, Platform, seed_taxonomy
from kb.users import Role, User

ANONYMOUS = AnonymousUserMixin()
# Messages are checked in English (the site default is German).
EN = {"Accept-Language": "en"}


@pytest.fixture
def ctx(app: Flask) -> Any:
    # The messages are checked in English (the site's default language is German).
    with app.test_request_context(headers={"Accept-Language": "en"}):
        seed_taxonomy()
        db.session.commit()
        yield


def platform(slug: str) -> Platform:
    found = db.session.scalar(select(Platform).where(Platform.slug == slug))
    assert found is not None
    return found


def version() -> int:
    return db.session.scalar(select(RegistryVersion.version)) or 0


# --- AGS -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ags", "land"),
    [("09162000", "BY"), ("05315000", "NW"), ("11000000", "BE"), ("01001000", "SH"), ("", "")],
)
def test_valid_ags(app: Flask, ags: str, land: str) -> None:
    with app.test_request_context(headers=EN):
        assert validate_ags(ags, land) is None


@pytest.mark.parametrize(
    ("ags", "land", "message"),
    [
        ("0916200", "BY", "exactly 8 digits"),
        ("091620000", "BY", "exactly 8 digits"),
        ("0916200a", "BY", "exactly 8 digits"),
        ("09 62000", "BY", "exactly 8 digits"),
        ("٠٩١٦٢٠٠٠", "BY", "exactly 8 digits"),  # Arabic-Indic digits are no AGS
        ("09162000", "NW", "begins with 05"),
        ("05315000", "BY", "begins with 09"),
        ("09162000", "", "Choose the Land"),
        ("09162000", "XX", "Choose the Land"),
    ],
)
def test_invalid_ags(app: Flask, ags: str, land: str, message: str) -> None:
    with app.test_request_context(headers=EN):
        problem = validate_ags(ags, land)
        assert problem is not None
        assert message in str(problem)


# --- account addresses -----------------------------------------------------------------------

GOOD_URLS = {
    "facebook": [
        "https://www.facebook.com/bmi.bund",
        "https://facebook.com/stadtnuernberg",
        "https://m.facebook.com/Umweltbundesamt",
    ],
    "instagram": ["https://www.instagram.com/bamf_de/", "https://instagram.com/stadt_koeln"],
    "x-twitter": ["https://x.com/BMI_Bund", "https://twitter.com/Umweltbundesamt"],
    "mastodon": [
        "https://social.bund.de/@BMI",
        "https://mastodon.social/@stadt_erlangen",
        "https://social.bund.de/@bfdi@social.bund.de",
    ],
    "bluesky": ["https://bsky.app/profile/bundesregierung.de"],
    "youtube": ["https://www.youtube.com/@bundesregierung", "https://youtu.be/dQw4w9WgXcQ"],
    "linkedin": [
        "https://www.linkedin.com/company/umweltbundesamt/",
        "https://de.linkedin.com/company/stadt-frankfurt",
    ],
    "xing": ["https://www.xing.com/pages/stadtwerke-muenchen"],
    "whatsapp": [
        "https://www.whatsapp.com/channel/0029VaABCDEF",
        "https://whatsapp.com/channel/0029VaABCDEF",
        "https://wa.me/4930123456",
    ],
    "tiktok": ["https://www.tiktok.com/@polizei.nrw"],
    "threads": ["https://www.threads.net/@bundesregierung", "https://threads.com/@kvb"],
}

WRONG_PLATFORM_URLS = {
    "facebook": "https://www.instagram.com/bmi.bund",
    "instagram": "https://www.facebook.com/bamf",
    "x-twitter": "https://bsky.app/profile/bmi.bund",
    "bluesky": "https://x.com/bmi",
    "youtube": "https://vimeo.com/bmi",
    "linkedin": "https://www.xing.com/pages/bmi",
    "xing": "https://www.linkedin.com/company/bmi",
    "whatsapp": "https://t.me/bmi",
    "tiktok": "https://www.instagram.com/@bmi",
    "threads": "https://www.instagram.com/bmi",
    "mastodon": "https://social.bund.de/users/bmi",
}


def test_every_platform_of_the_taxonomy_has_a_pattern() -> None:
    for slug, _name_de, _name_en in PLATFORMS:
        assert slug in validation.PLATFORM_HOSTS or slug == "mastodon", slug
        assert slug in GOOD_URLS and slug in WRONG_PLATFORM_URLS, slug


@pytest.mark.parametrize(
    ("slug", "url"), [(slug, url) for slug, urls in GOOD_URLS.items() for url in urls]
)
def test_account_url_accepted(app: Flask, slug: str, url: str) -> None:
    with app.test_request_context(headers=EN):
        assert account_url_problem(slug, url) is None


@pytest.mark.parametrize(("slug", "url"), list(WRONG_PLATFORM_URLS.items()))
def test_account_url_of_another_platform_refused(app: Flask, slug: str, url: str) -> None:
    with app.test_request_context(headers=EN):
        assert account_url_problem(slug, url) is not None


@pytest.mark.parametrize(
    ("slug", "url", "message"),
    [
        ("facebook", "http://www.facebook.com/bmi.bund", "https://"),
        ("facebook", "javascript:alert(1)", "https://"),
        ("facebook", "www.facebook.com/bmi", "https://"),
        ("facebook", "https://www.facebook.com/", "not the start page"),
        ("facebook", "https://www.facebook.com", "not the start page"),
        ("facebook", "https://evilfacebook.com/bmi", "does not belong to Facebook"),
        ("facebook", "https://facebook.com.evil.example/bmi", "does not belong to Facebook"),
        ("facebook", "https://user:pw@www.facebook.com/bmi", "not a valid"),
        ("facebook", "https://www.facebook.com:8443/bmi", "not a valid"),
        ("facebook", "https://www.facebook.com/bmi bund", "full address"),
        ("facebook", "https://[::1/bmi", "not a valid"),
        ("facebook", "", "full address"),
        ("bluesky", "https://bsky.app/bmi", "bsky.app/profile/name"),
        ("whatsapp", "https://www.whatsapp.com/bmi", "channel"),
        ("mastodon", "https://social.bund.de/", "/@name"),
        ("mastodon", "https://localhost/@bmi", "not a valid"),
        ("x-twitter", "https://x.com/" + "a" * 500, "too long"),
    ],
)
def test_account_url_problems(app: Flask, slug: str, url: str, message: str) -> None:
    with app.test_request_context(headers=EN):
        problem = account_url_problem(slug, url)
        assert problem is not None
        assert message in str(problem)


def test_platform_an_admin_added_takes_any_https_address(app: Flask) -> None:
    with app.test_request_context(headers=EN):
        assert account_url_problem("pixelfed", "https://pixelfed.de/bmi") is None
        assert account_url_problem("pixelfed", "https://pixelfed.de") is None
        assert account_url_problem("pixelfed", "http://pixelfed.de/bmi") is not None
        assert account_url_problem("pixelfed", "ftp://pixelfed.de/bmi") is not None


# --- slugs -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("ctx")
def test_unique_slug() -> None:
    assert validation.unique_slug("Stadt Köln") == "stadt-koeln"
    db.session.add(
        Authority(slug="stadt-koeln", name="Stadt Köln", kind=Kind.MUNICIPALITY, level=Level.LOCAL)
    )
    db.session.flush()
    assert validation.unique_slug("Stadt Köln") == "stadt-koeln-2"
    assert validation.unique_slug("Census") == "census-behoerde"  # /authorities/census is taken
    assert validation.unique_slug("!!!") == "behoerde"


# --- proposals and review --------------------------------------------------------------------


def ministry(name: str = "Bundesministerium des Innern") -> AuthorityInput:
    return AuthorityInput(name=name, kind=Kind.FEDERAL_MINISTRY, level=Level.FEDERAL)


@pytest.mark.usefixtures("ctx")
def test_member_proposal_waits_and_moderator_approves(make_user: Any) -> None:
    member = make_user()
    start = version()

    authority = service.propose_authority(member, ministry())
    account = service.propose_account(
        member,
        authority,
        AccountInput(platform=platform("x-twitter"), url="https://x.com/BMI_Bund"),
    )
    db.session.commit()
    assert authority.review == Review.PROPOSED
    assert authority.proposed_by_id == member.id
    assert authority.slug == "bundesministerium-des-innern"
    assert account.review == Review.PROPOSED
    assert version() == start  # proposals do not count: the census stays as it is

    pending = service.pending_proposals(10)
    assert [a.id for a in pending.authorities] == [authority.id]
    assert [a.id for a in pending.accounts] == [account.id]
    assert len(pending) == 2

    service.approve_authority(authority)
    db.session.commit()
    assert authority.review == Review.APPROVED
    assert account.review == Review.PROPOSED  # accounts are approved on their own
    assert version() == start + 1

    service.approve_account(account)
    db.session.commit()
    assert account.review == Review.APPROVED
    assert version() == start + 2
    assert len(service.pending_proposals(10)) == 0


@pytest.mark.usefixtures("ctx")
def test_approve_authority_with_its_accounts(make_user: Any) -> None:
    member = make_user()
    authority = service.propose_authority(member, ministry())
    service.propose_account(
        member, authority, AccountInput(platform("facebook"), "https://www.facebook.com/bmi")
    )
    service.approve_authority(authority, with_accounts=True)
    db.session.commit()
    assert [a.review for a in authority.accounts] == [Review.APPROVED]


@pytest.mark.usefixtures("ctx")
def test_moderator_entries_count_at_once(make_user: Any) -> None:
    moderator = make_user(role=Role.MODERATOR)
    start = version()
    authority = service.propose_authority(moderator, ministry())
    assert authority.review == Review.APPROVED
    assert version() == start + 1  # raised in the same transaction, once
    db.session.commit()
    account = service.propose_account(
        moderator, authority, AccountInput(platform("mastodon"), "https://social.bund.de/@BMI")
    )
    assert account.review == Review.APPROVED
    assert version() == start + 2
    db.session.commit()


@pytest.mark.usefixtures("ctx")
def test_editing_since_or_until_raises_the_version(make_user: Any) -> None:
    moderator = make_user(role=Role.MODERATOR)
    authority = service.propose_authority(moderator, ministry())
    account = service.propose_account(
        moderator, authority, AccountInput(platform("facebook"), "https://www.facebook.com/bmi")
    )
    db.session.commit()
    start = version()
    service.update_account(
        account,
        AccountInput(platform("facebook"), "https://www.facebook.com/bmi", until=date(2024, 1, 1)),
    )
    db.session.commit()
    assert account.until == date(2024, 1, 1)
    assert version() == start + 1


@pytest.mark.usefixtures("ctx")
def test_reject_deletes_the_proposal(make_user: Any) -> None:
    member = make_user()
    moderator = make_user(role=Role.MODERATOR)
    proposal = service.propose_authority(member, ministry("Bundesamt für Spam"))
    service.propose_account(
        member, proposal, AccountInput(platform("facebook"), "https://www.facebook.com/spam")
    )
    approved = service.propose_authority(moderator, ministry())
    approved_account = service.propose_account(
        moderator, approved, AccountInput(platform("facebook"), "https://www.facebook.com/bmi")
    )
    proposed_account = service.propose_account(
        member, approved, AccountInput(platform("instagram"), "https://www.instagram.com/x")
    )
    db.session.commit()

    service.reject(proposal)
    service.reject(proposed_account)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Authority)) == 1
    assert db.session.scalars(select(SocialAccount.id)).all() == [approved_account.id]
    with pytest.raises(ValueError):
        service.reject(approved)
    with pytest.raises(ValueError):
        service.reject(approved_account)


@pytest.mark.usefixtures("ctx")
def test_invalid_proposals_store_nothing(make_user: Any) -> None:
    member = make_user()
    with pytest.raises(InvalidEntry) as caught:
        service.propose_authority(
            member,
            AuthorityInput(
                name="Stadt München",
                kind=Kind.MUNICIPALITY,
                level=Level.LOCAL,
                land="NW",
                ags="09162000",
                website="javascript:alert(1)",
            ),
        )
    assert set(caught.value.problems) == {"ags", "website"}
    with pytest.raises(InvalidEntry) as caught:
        service.propose_authority(
            member, AuthorityInput(name="  ", kind=Kind.MUNICIPALITY, level=Level.LOCAL)
        )
    assert set(caught.value.problems) == {"name", "land"}
    authority = service.propose_authority(member, ministry())
    with pytest.raises(InvalidEntry) as caught:
        service.propose_account(
            member,
            authority,
            AccountInput(
                platform("facebook"),
                "https://www.instagram.com/bmi",
                since=date(2020, 1, 1),
                until=date(2019, 1, 1),
            ),
        )
    assert set(caught.value.problems) == {"url", "until"}
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SocialAccount)) == 0


@pytest.mark.usefixtures("ctx")
def test_ags_must_be_free(make_user: Any) -> None:
    moderator = make_user(role=Role.MODERATOR)
    munich = AuthorityInput(
        name="München", kind=Kind.MUNICIPALITY, level=Level.LOCAL, land="BY", ags="09162000"
    )
    service.propose_authority(moderator, munich)
    with pytest.raises(InvalidEntry) as caught:
        service.propose_authority(moderator, munich)
    assert set(caught.value.problems) == {"ags"}


@pytest.mark.usefixtures("ctx")
def test_parent_cannot_be_a_descendant(make_user: Any) -> None:
    moderator = make_user(role=Role.MODERATOR)
    ministry_record = service.propose_authority(moderator, ministry())
    agency_input = AuthorityInput(
        name="Bundesamt",
        kind=Kind.FEDERAL_AGENCY,
        level=Level.FEDERAL,
        parent_id=ministry_record.id,
    )
    agency = service.propose_authority(moderator, agency_input)
    assert agency.parent_id == ministry_record.id
    looped = ministry()
    looped.parent_id = agency.id
    with pytest.raises(InvalidEntry) as caught:
        service.update_authority(ministry_record, looped)
    assert set(caught.value.problems) == {"parent_id"}


# --- who sees what ---------------------------------------------------------------------------


@pytest.mark.usefixtures("ctx")
def test_visibility(make_user: Any) -> None:
    proposer, other = make_user(), make_user()
    moderator = make_user(role=Role.MODERATOR)
    approved = service.propose_authority(moderator, ministry())
    proposal = service.propose_authority(proposer, ministry("Bundesamt für Neues"))
    own_account = service.propose_account(
        proposer, approved, AccountInput(platform("facebook"), "https://www.facebook.com/bmi")
    )
    db.session.commit()

    def visible(viewer: Any) -> set[str]:
        query = select(Authority.slug).where(authority_policy.visible(viewer))
        return set(db.session.scalars(query))

    def visible_account_ids(viewer: Any) -> list[int]:
        return [account.id for account in queries.accounts_of(approved, viewer)]

    assert visible(ANONYMOUS) == {approved.slug}
    assert visible(other) == {approved.slug}
    assert visible(proposer) == {approved.slug, proposal.slug}
    assert visible(moderator) == {approved.slug, proposal.slug}
    assert authority_policy.can_view(ANONYMOUS, approved)
    assert not authority_policy.can_view(ANONYMOUS, proposal)
    assert not authority_policy.can_view(other, proposal)
    assert authority_policy.can_view(proposer, proposal)
    assert authority_policy.can_view(moderator, proposal)
    assert visible_account_ids(ANONYMOUS) == []
    assert visible_account_ids(other) == []
    assert visible_account_ids(proposer) == [own_account.id]
    assert visible_account_ids(moderator) == [own_account.id]
    assert not authority_policy.can_view(other, own_account)
    assert authority_policy.can_manage(moderator) and not authority_policy.can_manage(proposer)


# --- the list --------------------------------------------------------------------------------


def add(
    name: str,
    kind: Kind,
    level: Level,
    land: str = "",
    short_name: str = "",
    review: Review = Review.APPROVED,
    proposer: User | None = None,
) -> Authority:
    authority = Authority(
        slug=validation.unique_slug(name),
        name=name,
        short_name=short_name,
        kind=kind,
        level=level,
        land=land,
        review=review,
        proposed_by_id=proposer.id if proposer else None,
    )
    db.session.add(authority)
    db.session.flush()
    return authority


def on(authority: Authority, slug: str, **fields: Any) -> None:
    authority.accounts.append(
        SocialAccount(
            platform=platform(slug), url=f"https://example.org/{authority.slug}", **fields
        )
    )
    db.session.flush()


def names(query: AuthorityQuery, viewer: Any = ANONYMOUS) -> list[str]:
    return [a.name for a in queries.list_authorities(query, viewer, page_size=100).authorities]


@pytest.fixture
def listed(ctx: Any, make_user: Any) -> dict[str, Any]:
    proposer = make_user()
    bmi = add(
        "Bundesministerium des Innern", Kind.FEDERAL_MINISTRY, Level.FEDERAL, short_name="BMI"
    )
    uba = add("Umweltbundesamt", Kind.FEDERAL_AGENCY, Level.FEDERAL, short_name="UBA")
    munich = add("Landeshauptstadt München", Kind.MUNICIPALITY, Level.LOCAL, "BY")
    cologne = add("Stadt Köln", Kind.MUNICIPALITY, Level.LOCAL, "NW")
    kvb = add("Kölner Verkehrs-Betriebe", Kind.PUBLIC_COMPANY, Level.OTHER, "NW", "KVB")
    police = add("Öffentliche Sicherheit Bayern", Kind.POLICE, Level.STATE, "BY")
    add(
        "Stadt Musterstadt",
        Kind.MUNICIPALITY,
        Level.LOCAL,
        "HE",
        proposer=proposer,
        review=Review.PROPOSED,
    )
    today = date.today()
    on(bmi, "facebook", since=date(2015, 1, 1))
    on(uba, "facebook", since=date(2012, 1, 1), until=today - timedelta(days=30))  # ended
    on(munich, "facebook", since=today + timedelta(days=30))  # not yet started
    on(cologne, "facebook", review=Review.PROPOSED)  # not approved
    on(kvb, "instagram")
    on(police, "mastodon")
    db.session.commit()
    return {"proposer": proposer}


@pytest.mark.usefixtures("listed")
def test_list_filters() -> None:
    everything = names(AuthorityQuery())
    assert everything == sorted(everything)
    assert len(everything) == 6
    assert names(AuthorityQuery(level=Level.FEDERAL)) == [
        "Bundesministerium des Innern",
        "Umweltbundesamt",
    ]
    assert names(AuthorityQuery(land="NW")) == ["Kölner Verkehrs-Betriebe", "Stadt Köln"]
    assert names(AuthorityQuery(kind=Kind.MUNICIPALITY)) == [
        "Landeshauptstadt München",
        "Stadt Köln",
    ]
    assert names(AuthorityQuery(land="BY", level=Level.LOCAL)) == ["Landeshauptstadt München"]
    # Only an active, approved account counts: not UBA's ended, München's future or
    # Köln's proposed one.
    assert names(AuthorityQuery(platform="facebook")) == ["Bundesministerium des Innern"]
    assert names(AuthorityQuery(platform="mastodon")) == ["Öffentliche Sicherheit Bayern"]
    assert names(AuthorityQuery(platform="myspace")) == []


@pytest.mark.usefixtures("listed")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("köln", ["Kölner Verkehrs-Betriebe", "Stadt Köln"]),
        ("KÖLN", ["Kölner Verkehrs-Betriebe", "Stadt Köln"]),
        ("öffentliche", ["Öffentliche Sicherheit Bayern"]),
        ("bmi", ["Bundesministerium des Innern"]),  # the short name
        ("kvb", ["Kölner Verkehrs-Betriebe"]),
        ("UMWELT", ["Umweltbundesamt"]),
        ("100%", []),
        ("_", []),
        ("musterstadt", []),  # a proposal, not the viewer's
    ],
)
def test_list_text_search(text: str, expected: list[str]) -> None:
    assert names(AuthorityQuery(q=text)) == expected


def test_list_shows_own_proposals(listed: dict[str, Any], make_user: Any) -> None:
    assert "Stadt Musterstadt" in names(AuthorityQuery(), listed["proposer"])
    assert "Stadt Musterstadt" not in names(AuthorityQuery(), make_user())
    assert "Stadt Musterstadt" in names(AuthorityQuery(), make_user(role=Role.MODERATOR))


@pytest.mark.usefixtures("ctx")
def test_keyset_pagination_walks_every_authority_once() -> None:
    for number in range(7):
        add(f"Gemeinde {number % 3}", Kind.MUNICIPALITY, Level.LOCAL, "BY")  # names repeat
    db.session.commit()
    expected = [
        (a.name, a.id)
        for a in db.session.scalars(select(Authority).order_by(Authority.name, Authority.id))
    ]
    seen: list[tuple[str, int]] = []
    query = AuthorityQuery()
    for _page in range(10):
        page = queries.list_authorities(query, ANONYMOUS, page_size=3)
        seen.extend((a.name, a.id) for a in page.authorities)
        if page.next_cursor is None:
            break
        query = AuthorityQuery(after=page.next_cursor)
    assert seen == expected
    assert len(seen) == 7
    # A broken cursor is refused (a 400 in a view), not read as the first page.
    with pytest.raises(InvalidCursor):
        queries.list_authorities(AuthorityQuery(after="%%%not-base64"), ANONYMOUS, 3)


def filter_query(app: Flask, arguments: dict[str, str]) -> tuple[AuthorityQuery, list[str]]:
    """The list's query from a query string, and the fields marked as wrong."""
    with app.test_request_context(headers=EN):
        form = RegistryFilterForm(MultiDict(arguments))
        query = form.query()
        return query, sorted(name for name, errors in form.errors.items() if errors)


def test_query_from_arguments_ignores_junk(app: Flask) -> None:
    query, marked = filter_query(
        app, {"level": "galaxy", "land": "BY", "kind": "kommune", "platform": "", "q": "  Köln  "}
    )
    assert query == AuthorityQuery(q="Köln", land="BY", kind=Kind.MUNICIPALITY)
    assert marked == ["level"]
    query, marked = filter_query(app, {"land": "XX", "level": "bund", "platform": "myspace"})
    assert query == AuthorityQuery(level=Level.FEDERAL)
    assert marked == ["land", "platform"]


@pytest.mark.usefixtures("ctx")
def test_bump_version_counts_up_from_nothing() -> None:
    assert service.current_version() == (0, None)
    assert service.bump_version() == 1
    assert service.bump_version() == 2
    db.session.commit()
    number, changed_at = service.current_version()
    assert number == 2
    assert changed_at is not None
