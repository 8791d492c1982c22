"""Views of the registry and the census."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.accounts import service as accounts_service
from kb.accounts.auth import role_required
from kb.accounts.models import Role, User
from kb.authorities import blueprint, charts, importer, service
from kb.authorities import census as census_module
from kb.authorities.census import Census, CensusFilter, Coverage, Timeline
from kb.authorities.forms import (
    KIND_GROUP_LABELS,
    KIND_LABELS,
    LEVEL_GROUP_LABELS,
    LEVEL_LABELS,
    AccountForm,
    AuthorityForm,
    CensusFilterForm,
    RegistryFilterForm,
    census_params,
)
from kb.authorities.models import Authority, Review, SocialAccount
from kb.cache import anonymous_page_cache
from kb.cases.models import CaseStudy
from kb.cases.models import Status as CaseStatus
from kb.events import service as events_service
from kb.events.models import DEFAULT_TIMEZONE, Event
from kb.extensions import db
from kb.htmx import render
from kb.timeutil import utcnow

INVALID_FORM = 422
PAGE_SIZE = 30
UPCOMING_EVENTS = 10
CSV_MIMETYPE = "text/csv; charset=utf-8"

blueprint.add_app_template_filter(charts.format_number, "numberformat")
blueprint.add_app_template_filter(charts.format_share, "shareformat")


@blueprint.app_context_processor
def authority_labels() -> dict[str, object]:
    return {"authority_kind_labels": KIND_LABELS, "authority_level_labels": LEVEL_LABELS}


def see_other(url: str) -> Response:
    return redirect(url, code=303)


def today() -> date:
    return utcnow().astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date()


def load_authority(slug: str) -> Authority:
    authority = db.session.scalar(
        select(Authority).where(Authority.slug == slug).options(selectinload(Authority.parent))
    )
    if authority is None or not service.can_view(current_user, authority):
        abort(404)
    return authority


# --- the registry list --------------------------------------------------------------------------


def registry_params(query: service.AuthorityQuery) -> dict[str, str]:
    values = {
        "q": query.q,
        "level": query.level.value if query.level else None,
        "land": query.land,
        "kind": query.kind.value if query.kind else None,
        "platform": query.platform,
    }
    return {key: value for key, value in values.items() if value}


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
@anonymous_page_cache
def index() -> Response:
    form = RegistryFilterForm(request.args)
    query = replace(form.query(), after=(request.args.get("after") or "")[:200] or None)
    page = service.list_authorities(query, current_user, PAGE_SIZE)
    params = registry_params(query)
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
        platforms=active_platforms(page.authorities, today()),
        next_url=next_url,
    )


# --- one authority ------------------------------------------------------------------------------


def case_url(slug: str) -> str:
    if "cases.show" in current_app.view_functions:
        return url_for("cases.show", slug=slug)
    return f"/cases/{slug}"


def upcoming_events(authority: Authority) -> list[Event]:
    """Events by members of this authority that the reader may see and that are not over.

    Only members who chose to be shown on the authority's page: listing the events of
    the others here would reveal where they work.
    """
    return list(
        db.session.scalars(
            select(Event)
            .join(User, Event.creator_id == User.id)
            .where(
                User.authority_id == authority.id,
                User.show_on_authority.is_(True),
                Event.ends_at >= utcnow(),
                events_service.visible_to(current_user),
            )
            .order_by(Event.starts_at, Event.id)
            .limit(UPCOMING_EVENTS)
        )
    )


@blueprint.route("/<slug>")
@anonymous_page_cache
def show(slug: str) -> Response:
    authority = load_authority(slug)
    on = today()
    accounts = service.accounts_of(authority, current_user)
    active = [account for account in accounts if account.until is None or account.until > on]
    ended = [account for account in accounts if account not in active]
    cases = [
        (case, case_url(case.slug))
        for case in db.session.scalars(
            select(CaseStudy)
            .where(CaseStudy.authority_id == authority.id, CaseStudy.status == CaseStatus.PUBLISHED)
            .order_by(CaseStudy.published_at.desc(), CaseStudy.id.desc())
        )
    ]
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
        cases=cases,
        events=upcoming_events(authority),
        members=members,
        can_moderate=service.can_review(current_user),
        today=on,
    )


# --- proposing ----------------------------------------------------------------------------------


@blueprint.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response:
    form = AuthorityForm()
    if form.validate_on_submit():
        try:
            authority = service.propose_authority(current_user, form.authority_input())
        except service.InvalidEntry as invalid:
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
        except service.InvalidEntry as invalid:
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
            flash(_("The account is in the registry."), "success")
        else:
            flash(
                _("Thank you! A moderator checks the account before it counts in the census."),
                "info",
            )
        return see_other(url_for("authorities.show", slug=authority.slug) + "#accounts")
    status = INVALID_FORM if form.errors else 200
    return render("authorities/account_form.html", form=form, authority=authority, status=status)


# --- review -------------------------------------------------------------------------------------


@blueprint.route("/review")
@role_required(Role.MODERATOR)
def review() -> Response:
    return render("authorities/review.html", pending=service.pending_proposals(100))


def back_to_review_or(url: str) -> Response:
    if request.form.get("return_to") == "review":
        return see_other(url_for("authorities.review"))
    return see_other(url)


@blueprint.route("/<slug>/approve", methods=["POST"])
@role_required(Role.MODERATOR)
def approve(slug: str) -> Response:
    authority = load_authority(slug)
    service.approve_authority(authority)
    db.session.commit()
    flash(_("“%(name)s” is approved and counts in the census.", name=authority.name), "success")
    return back_to_review_or(url_for("authorities.show", slug=authority.slug))


@blueprint.route("/<slug>/reject", methods=["POST"])
@role_required(Role.MODERATOR)
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
@role_required(Role.MODERATOR)
def approve_account(account_id: int) -> Response:
    account = load_account(account_id)
    service.approve_account(account)
    db.session.commit()
    flash(_("The account is approved and counts in the census."), "success")
    return back_to_review_or(url_for("authorities.show", slug=account.authority.slug))


@blueprint.route("/accounts/<int:account_id>/reject", methods=["POST"])
@role_required(Role.MODERATOR)
def reject_account(account_id: int) -> Response:
    account = load_account(account_id)
    if account.review == Review.APPROVED:
        abort(409)
    slug = account.authority.slug
    service.reject(account)
    db.session.commit()
    flash(_("The proposed account is rejected and deleted."), "success")
    return back_to_review_or(url_for("authorities.show", slug=slug))


# --- the census ---------------------------------------------------------------------------------


def census_filter() -> tuple[CensusFilterForm, CensusFilter]:
    form = CensusFilterForm(request.args)
    return form, form.census_filter()


def coverage_chart(census: Census) -> Markup:
    bars = [
        charts.Bar(
            str(LEVEL_LABELS[level]),
            coverage.percent or 0,
            charts.format_share(coverage.percent),
        )
        for level, coverage in census.by_level.items()
    ]
    description = "; ".join(
        _(
            "%(level)s: %(present)s of %(total)s authorities (%(share)s)",
            level=LEVEL_LABELS[level],
            present=charts.format_number(coverage.present),
            total=charts.format_number(coverage.total),
            share=charts.format_share(coverage.percent),
        )
        for level, coverage in census.by_level.items()
    )
    return charts.column_chart(
        "chart-levels",
        _("Share of authorities with at least one active account, per level"),
        bars,
        100,
        charts.format_share,
        description=description + ".",
    )


def platform_chart(census: Census) -> Markup:
    bars = [
        charts.Bar(
            row.platform_name,
            row.overall.percent or 0,
            _(
                "%(present)s (%(share)s)",
                present=charts.format_number(row.overall.present),
                share=charts.format_share(row.overall.percent),
            ),
        )
        for row in census.platforms
    ]
    description = "; ".join(
        _(
            "%(platform)s: %(present)s of %(total)s authorities (%(share)s)",
            platform=row.platform_name,
            present=charts.format_number(row.overall.present),
            total=charts.format_number(row.overall.total),
            share=charts.format_share(row.overall.percent),
        )
        for row in census.platforms
    )
    return charts.bar_chart(
        "chart-platforms",
        _("Share of authorities with an active account, per platform"),
        bars,
        100,
        description=description + "." if description else _("No accounts yet."),
    )


def timeline_title(timeline: Timeline) -> str:
    if timeline.kind:
        group = KIND_GROUP_LABELS[timeline.kind]
    elif timeline.level:
        group = LEVEL_GROUP_LABELS[timeline.level]
    else:
        group = _("All authorities")
    return _(
        "%(group)s on %(platform)s, year by year", group=group, platform=timeline.platform_name
    )


def timeline_chart(timeline: Timeline, index: int) -> Markup:
    total = max((point.total for point in timeline.points), default=0)
    points = [
        charts.Point(
            point.year,
            point.present,
            _(
                "%(present)s of %(total)s",
                present=charts.format_number(point.present),
                total=charts.format_number(point.total),
            ),
        )
        for point in timeline.points
    ]
    return charts.line_chart(f"chart-timeline-{index}", timeline_title(timeline), points, total)


@dataclass(frozen=True)
class TimelineView:
    title: str
    chart: Markup
    rows: list[tuple[int, Coverage]]


@blueprint.route("/census")
@anonymous_page_cache
def census() -> Response:
    form, filters = census_filter()
    figures = census_module.census(filters)
    timelines = [
        TimelineView(
            title=timeline_title(timeline),
            chart=timeline_chart(timeline, index),
            rows=[(point.year, Coverage(point.total, point.present)) for point in timeline.points],
        )
        for index, timeline in enumerate(figures.timelines, start=1)
    ]
    return render(
        "authorities/census.html",
        block="results",
        form=form,
        census=figures,
        levels=list(figures.by_level),
        coverage_chart=coverage_chart(figures),
        platform_chart=platform_chart(figures),
        timelines=timelines,
        params=census_params(filters),
    )


# --- open data ----------------------------------------------------------------------------------


def download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A CSV file has no place for the licence that a reader would not take for data.
    response.headers["Link"] = f'<{importer.LICENCE_URL}>; rel="license"'
    return response


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


@blueprint.route("/export.csv")
def export_csv() -> Response:
    return download(importer.export_csv(), CSV_MIMETYPE, "amtsnetz-behoerden.csv")


@blueprint.route("/export.json")
def export_json() -> Response:
    return download(as_json(importer.export_json()), "application/json", "amtsnetz-behoerden.json")


def census_filename(filters: CensusFilter, extension: str) -> str:
    parts = ["amtsnetz-zensus", *census_params(filters).values()]
    return "-".join(parts).lower() + "." + extension


@blueprint.route("/census.csv")
def census_csv() -> Response:
    _form, filters = census_filter()
    body = importer.census_csv(census_module.census(filters))
    return download(body, CSV_MIMETYPE, census_filename(filters, "csv"))


@blueprint.route("/census.json")
def census_json() -> Response:
    _form, filters = census_filter()
    body = as_json(importer.census_json(census_module.census(filters)))
    return download(body, "application/json", census_filename(filters, "json"))


accounts_service.register_export("authorities", service.export_of)
