"""Views of the registry and the census."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from typing import IO, Any

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb import registry
from kb.authorities import blueprint, charts, exports, figures, opendata, policy, queries, service
from kb.authorities import census as census_module
from kb.authorities import datapackage as datapackage_module
from kb.authorities.census import CensusFilter, Coverage
from kb.authorities.forms import (
    KIND_LABELS,
    AccountForm,
    AuthorityForm,
    CensusFilterForm,
    RegistryFilterForm,
    census_params,
)
from kb.authorities.importing.read import COLUMNS
from kb.authorities.validation import InvalidEntry
from kb.cache import anonymous_page_cache
from kb.directory import LEVEL_LABELS, Authority, Review, SocialAccount
from kb.extensions import db
from kb.htmx import render
from kb.http import INVALID_FORM, login_required, permission_required, see_other
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
@anonymous_page_cache
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
            flash(_("The account is in the registry."), "success")
        else:
            flash(
                _("Thank you! A moderator checks the account before it counts in the census."),
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
    flash(_("The account is approved and counts in the census."), "success")
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
    flash(_("The proposed account is rejected and deleted."), "success")
    return back_to_review_or(url_for("authorities.show", slug=slug))


def census_filter() -> tuple[CensusFilterForm, CensusFilter]:
    form = CensusFilterForm(request.args)
    return form, form.census_filter()


@blueprint.route("/census")
@anonymous_page_cache
def census() -> Response:
    form, filters = census_filter()
    census_figures = census_module.census(filters)
    timelines = [
        figures.TimelineView(
            title=figures.timeline_title(timeline),
            chart=figures.timeline_chart(timeline, index),
            rows=[(point.year, Coverage(point.total, point.present)) for point in timeline.points],
        )
        for index, timeline in enumerate(census_figures.timelines, start=1)
    ]
    return render(
        "authorities/census.html",
        block="results",
        form=form,
        census=census_figures,
        levels=list(census_figures.by_level),
        coverage_chart=figures.coverage_chart(census_figures),
        platform_chart=figures.platform_chart(census_figures),
        timelines=timelines,
        params=census_params(filters),
    )


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
    _form, filters = census_filter()
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
