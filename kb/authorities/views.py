"""Views of the registry and the census."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb import registry
from kb.authorities import blueprint, charts, figures, policy, queries, service
from kb.authorities import census as census_module
from kb.authorities.census import CensusFilter
from kb.authorities.forms import (
    KIND_LABELS,
    AccountForm,
    AuthorityForm,
    CensusFilterForm,
    RegistryFilterForm,
)
from kb.authorities.validation import InvalidEntry
from kb.cache import anonymous_page_cache
from kb.directory import LEVEL_LABELS, Authority, Review, SocialAccount
from kb.extensions import db
from kb.htmx import render
from kb.http import INVALID_FORM, login_required, permission_required, see_other
from kb.templating import Deferred
from kb.users import User

PAGE_SIZE = 30

blueprint.add_app_template_filter(charts.format_number, "numberformat")
blueprint.add_app_template_filter(charts.format_share, "shareformat")


@blueprint.app_context_processor
def authority_labels() -> dict[str, object]:
    return {"authority_kind_labels": KIND_LABELS, "authority_level_labels": LEVEL_LABELS}


def load_authority(slug: str) -> Authority:
    authority: Authority | None = db.session.scalar(
        select(Authority).where(Authority.slug == slug).options(selectinload(Authority.parent))
    )
    if authority is None or not policy.can_view(current_user, authority):
        abort(404)
    return authority


def active_platforms(authorities: list[Authority], on: date) -> dict[int, list[str]]:
    """Per authority, the platforms it has an approved, active account on."""
    platforms: dict[int, list[str]] = {}
    for authority in authorities:
        names: list[str] = []
        for account in sorted(authority.accounts, key=lambda a: (a.platform.position, a.id)):
            active = account.review == Review.APPROVED and account.is_active(on)
            if active and account.platform.name not in names:
                names.append(account.platform.name)
        platforms[authority.id] = names
    return platforms


@blueprint.route("/")
@anonymous_page_cache(params=("after", "kind", "land", "level", "platform", "q"))
def index() -> Response:
    form = RegistryFilterForm(request.args)
    query = replace(form.query(), after=(request.args.get("after") or "")[:200] or None)
    page = queries.list_authorities(query, current_user, PAGE_SIZE)
    params = query.params()
    next_url = (
        url_for("authorities.index", after=page.next_cursor, **params) if page.next_cursor else None
    )
    block = "more" if request.headers.get("HX-Target") == "load-more" else "results"
    return render(
        "authorities/index.html",
        block=block,
        form=form,
        filtered=bool(params),
        page=page,
        platforms=active_platforms(page.authorities, queries.today()),
        next_url=next_url,
        can_propose=policy.can_propose(current_user),
        can_manage=policy.can_manage(current_user),
    )


@blueprint.route("/<slug>")
@anonymous_page_cache
def show(slug: str) -> Response:
    authority = load_authority(slug)
    on = queries.today()
    accounts = queries.accounts_of(authority, current_user)
    active = [account for account in accounts if account.until is None or account.until > on]
    ended = [account for account in accounts if account not in active]
    members = list(
        db.session.scalars(
            select(User)
            .where(User.authority_id == authority.id, User.show_on_authority.is_(True))
            .order_by(User.display_name, User.id)
        )
    )
    return render(
        "authorities/show.html",
        authority=authority,
        active_accounts=active,
        ended_accounts=ended,
        panels=registry.current().render_panels("authority", authority=authority),
        members=members,
        can_manage=policy.can_manage(current_user),
        can_propose=policy.can_propose(current_user),
        today=on,
    )


@blueprint.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response:
    form = AuthorityForm()
    if form.validate_on_submit():
        try:
            authority = service.propose_authority(current_user, form.authority_input())
        except InvalidEntry as invalid:
            db.session.rollback()
            form.show_problems(invalid.problems)
            return render("authorities/form.html", form=form, status=INVALID_FORM)
        db.session.commit()
        if authority.is_approved:
            flash(_("The authority is in the registry."), "success")
        else:
            flash(
                _(
                    "Thank you! A moderator checks your proposal; until then only you can "
                    "see it, and it does not count in the census."
                ),
                "info",
            )
        return see_other(url_for("authorities.show", slug=authority.slug))
    status = INVALID_FORM if form.errors else 200
    return render("authorities/form.html", form=form, status=status)


@blueprint.route("/<slug>/accounts/new", methods=["GET", "POST"])
@login_required
def new_account(slug: str) -> Response:
    authority = load_authority(slug)
    form = AccountForm()
    if form.validate_on_submit():
        try:
            account = service.propose_account(current_user, authority, form.account_input())
        except InvalidEntry as invalid:
            db.session.rollback()
            form.show_problems(invalid.problems)
            return render(
                "authorities/account_form.html",
                form=form,
                authority=authority,
                status=INVALID_FORM,
            )
        db.session.commit()
        if account.review == Review.APPROVED:
            flash(_("The social-media account is in the registry."), "success")
        else:
            flash(
                _(
                    "Thank you! A moderator checks the social-media account before it counts"
                    " in the census."
                ),
                "info",
            )
        return see_other(url_for("authorities.show", slug=authority.slug) + "#accounts")
    status = INVALID_FORM if form.errors else 200
    return render("authorities/account_form.html", form=form, authority=authority, status=status)


@blueprint.route("/review")
@permission_required(policy.can_manage)
def review() -> Response:
    return render("authorities/review.html", pending=service.pending_proposals(100))


def back_to_review_or(url: str) -> Response:
    if request.form.get("return_to") == "review":
        return see_other(url_for("authorities.review"))
    return see_other(url)


@blueprint.route("/<slug>/approve", methods=["POST"])
@permission_required(policy.can_manage)
def approve(slug: str) -> Response:
    authority = load_authority(slug)
    service.approve_authority(authority)
    db.session.commit()
    flash(_("“%(name)s” is approved and counts in the census.", name=authority.name), "success")
    return back_to_review_or(url_for("authorities.show", slug=authority.slug))


@blueprint.route("/<slug>/reject", methods=["POST"])
@permission_required(policy.can_manage)
def reject(slug: str) -> Response:
    authority = load_authority(slug)
    if authority.is_approved:
        abort(409)
    name = authority.name
    service.reject(authority)
    db.session.commit()
    flash(_("The proposal “%(name)s” is rejected and deleted.", name=name), "success")
    return back_to_review_or(url_for("authorities.index"))


def load_account(account_id: int) -> SocialAccount:
    account = db.session.get(SocialAccount, account_id)
    if account is None:
        abort(404)
    return account


@blueprint.route("/accounts/<int:account_id>/approve", methods=["POST"])
@permission_required(policy.can_manage)
def approve_account(account_id: int) -> Response:
    account = load_account(account_id)
    service.approve_account(account)
    db.session.commit()
    flash(_("The social-media account is approved and counts in the census."), "success")
    return back_to_review_or(url_for("authorities.show", slug=account.authority.slug))


@blueprint.route("/accounts/<int:account_id>/reject", methods=["POST"])
@permission_required(policy.can_manage)
def reject_account(account_id: int) -> Response:
    account = load_account(account_id)
    if account.review == Review.APPROVED:
        abort(409)
    slug = account.authority.slug
    service.reject(account)
    db.session.commit()
    flash(_("The proposed social-media account is rejected and deleted."), "success")
    return back_to_review_or(url_for("authorities.show", slug=slug))


def census_filter() -> tuple[CensusFilterForm, CensusFilter]:
    form = CensusFilterForm(request.args)
    return form, form.census_filter()


CENSUS_PARAMS = ("kind", "land")


@blueprint.route("/census")
@anonymous_page_cache(params=CENSUS_PARAMS)
def census() -> Response:
    # The page is the same for every reader, per filter: the form and the figures are
    # worked out only when its shared part is not kept (kb.templating.shared_html).
    state = Deferred(census_filter)
    return render(
        "authorities/census.html",
        block="results",
        form=Deferred(lambda: state.value[0]),
        census_results=Deferred(
            lambda: figures.census_results(census_module.census(state.value[1]))
        ),
        census_params=CENSUS_PARAMS,
    )
