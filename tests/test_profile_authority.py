"""A member names their authority from the registry; the profile links to it."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from kb.directory import Authority, Kind, Level, Review
from kb.extensions import db
from kb.users import User
from tests.conftest import Auth, Client


def add_authority(app: Flask, name: str, slug: str, review: Review = Review.APPROVED) -> None:
    with app.app_context():
        db.session.add(
            Authority(
                name=name,
                slug=slug,
                kind=Kind.MUNICIPALITY,
                level=Level.LOCAL,
                land="HE",
                review=review,
            )
        )
        db.session.commit()


def profile(**overrides: Any) -> dict[str, Any]:
    data = {"display_name": "Anna Beispiel", "authority_text": "", "job_title": "", "bio": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored(app: Flask, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        db.session.expunge(user)
        return user


def test_profile_links_the_chosen_authority(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    add_authority(app, "Stadt Frankfurt am Main", "stadt-frankfurt-am-main")
    member = make_user()
    auth.login(member.email)
    # By "Name (address-name)" as the suggestions offer it, and by the plain name.
    for value in ("Stadt Frankfurt am Main (stadt-frankfurt-am-main)", "stadt frankfurt am main"):
        response = client.post_form(
            "/account/profile", profile(authority=value, show_on_authority="y")
        )
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        user = stored(app, member.email)
        assert user.authority_id is not None and user.show_on_authority
    page = client.get(f"/users/{member.name}").get_data(as_text=True)
    assert 'href="/authorities/stadt-frankfurt-am-main"' in page
    form = client.get("/account/profile").get_data(as_text=True)
    assert 'value="Stadt Frankfurt am Main (stadt-frankfurt-am-main)"' in form

    # Emptying the field unlinks it, and "show me" cannot stay on without an authority.
    client.post_form("/account/profile", profile(authority="", show_on_authority="y"))
    user = stored(app, member.email)
    assert user.authority_id is None and not user.show_on_authority


def test_unknown_or_unapproved_authority_is_refused(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    add_authority(app, "Stadt Vorschlag", "stadt-vorschlag", review=Review.PROPOSED)
    member = make_user()
    auth.login(member.email)
    for value in ("Stadt Nirgendwo", "Stadt Vorschlag"):
        response = client.post_form("/account/profile", profile(authority=value))
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert 'id="authority-error"' in html
        assert f'value="{value}"' in html
        assert stored(app, member.email).authority_id is None


def test_suggestions_list_approved_authorities_only(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    add_authority(app, "Stadt Erlangen", "stadt-erlangen")
    add_authority(app, "Stadt Erlenbach", "stadt-erlenbach", review=Review.PROPOSED)
    auth.login(make_user().email)
    html = client.get(
        "/account/authority-suggestions?authority=Erl", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert '<option value="Stadt Erlangen (stadt-erlangen)">' in html
    assert "Erlenbach" not in html
    assert "<html" not in html


def test_export_names_case_studies_and_proposals(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    from kb.cases.models import CaseStudy
    from kb.directory import SocialAccount
    from kb.taxonomy import Platform, seed_taxonomy

    member = make_user()
    with app.app_context():
        seed_taxonomy()
        proposal = Authority(
            name="Stadt Vorschlagshausen",
            slug="stadt-vorschlagshausen",
            kind=Kind.MUNICIPALITY,
            level=Level.LOCAL,
            land="HE",
            review=Review.PROPOSED,
            proposed_by_id=member.id,
        )
        facebook = db.session.scalar(select(Platform).where(Platform.slug == "facebook"))
        assert facebook is not None
        proposal.accounts.append(
            SocialAccount(
                platform_id=facebook.id,
                url="https://www.facebook.com/vorschlag",
                review=Review.PROPOSED,
                proposed_by_id=member.id,
            )
        )
        db.session.add(proposal)
        db.session.add(CaseStudy(slug="mein-fall", title="Mein Fall", creator_id=member.id))
        db.session.commit()
    auth.login(member.email)
    data = client.get("/account/export").get_json()
    assert [item["slug"] for item in data["case_studies"]] == ["mein-fall"]
    assert data["proposed_authorities"][0]["slug"] == "stadt-vorschlagshausen"
    assert data["proposed_accounts"][0]["review"] == "proposed"
