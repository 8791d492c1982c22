"""Views of case studies: the list with facets, one case, the step-by-step editor, the
version history, the side-by-side comparison."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.accounts import service as accounts_service
from kb.articles import diff
from kb.authorities.models import Authority, SocialAccount
from kb.cache import anonymous_page_cache
from kb.cases import blueprint, feed, service
from kb.cases.forms import (
    ANSWER_LABELS,
    BUDGET_LABELS,
    LEGAL_FIELDS,
    LEVEL_LABELS,
    SECTION_FORMS,
    SECTIONS,
    TEAM_UNIT_LABELS,
    TEXT_LABELS,
    FacetForm,
    SectionForm,
    answer,
    next_section,
    section_form,
    section_states,
)
from kb.cases.models import CaseRevision, CaseStudy, Status
from kb.community.service import community_state
from kb.community.targets import TargetType, register_target
from kb.extensions import db
from kb.htmx import render
from kb.regions import BY_CODE
from kb.taxonomy.service import all_platforms, all_topics

INVALID_FORM = 422
CONFLICT = 409


def see_other(url: str) -> Response:
    return redirect(url, code=303)


def authority_url(authority: Authority) -> str:
    """The registry page of an authority.

    The registry's pages are built alongside; until `authorities.show` exists the
    stable address from product.md is spelled out.
    """
    if "authorities.show" in current_app.view_functions:
        return url_for("authorities.show", slug=authority.slug)
    return f"{request.script_root}/authorities/{quote(authority.slug)}"


def period(case: CaseStudy) -> str:
    if case.start_year is None:
        return ""
    if case.end_year is None:
        return _("since %(year)d, still running", year=case.start_year)
    if case.end_year == case.start_year:
        return str(case.start_year)
    return f"{case.start_year}–{case.end_year}"


def render_case(
    template: str, block: str | None = None, status: int = 200, **context: Any
) -> Response:
    """render() with what every case template uses to show values."""
    return render(
        template,
        block=block,
        status=status,
        labels={
            "team_unit": TEAM_UNIT_LABELS,
            "budget": BUDGET_LABELS,
            "level": LEVEL_LABELS,
            "answer": ANSWER_LABELS,
            "legal": LEGAL_FIELDS,
            "text": TEXT_LABELS,
        },
        answer=answer,
        authority_url=authority_url,
        period=period,
        fte=service.format_fte,
        sections=SECTIONS,
        **context,
    )


def load_case(slug: str) -> CaseStudy:
    case = db.session.scalar(
        select(CaseStudy)
        .where(CaseStudy.slug == slug)
        .options(
            selectinload(CaseStudy.authority),
            selectinload(CaseStudy.topics),
            selectinload(CaseStudy.platforms),
            selectinload(CaseStudy.accounts).joinedload(SocialAccount.platform),
            selectinload(CaseStudy.creator),
        )
    )
    if case is None or not service.can_view(current_user, case):
        abort(404)
    return case


def editable_case(slug: str) -> CaseStudy:
    case = load_case(slug)
    if not service.can_edit(current_user, case):
        abort(403)
    return case


# --- reading ------------------------------------------------------------------------------


@blueprint.route("/")
@anonymous_page_cache
def index() -> Response:
    form = FacetForm(request.args)
    platforms, topics = all_platforms(), all_topics()
    known = {
        "land": set(BY_CODE),
        "platform": {term.slug for term in platforms},
        "topic": {term.slug for term in topics},
    }
    query = form.query(request.args.get("after") or None, known)
    page = service.list_cases(query)
    compare_slugs = service.chosen_slugs(request.args.getlist("c"), limit=service.COMPARE_MAX)
    next_url = None
    if page.next_cursor:
        next_url = url_for("cases.index", after=page.next_cursor, c=compare_slugs, **query.params())
    # "Load more" appends to the list; a facet change replaces facets and results.
    if request.headers.get("HX-Target") == "load-more":
        return render_case(
            "cases/index.html", block="more", page=page, next_url=next_url, compare=compare_slugs
        )
    facets = service.facet_counts(query, LEVEL_LABELS, platforms, topics)
    form.offer(facets)
    # Cases chosen for comparison on another page (or in other filters) stay chosen.
    on_page = {case.slug for case in page.cases}
    chosen = service.published_by_slugs([s for s in compare_slugs if s not in on_page])
    return render_case(
        "cases/index.html",
        block="results",
        form=form,
        query=query,
        page=page,
        next_url=next_url,
        total=facets.total,
        compare=compare_slugs,
        chosen_elsewhere=[chosen[s] for s in compare_slugs if s in chosen],
    )


@blueprint.route("/feed.atom")
def atom_feed() -> Response:
    return Response(feed.atom(), mimetype="application/atom+xml")


@blueprint.route("/<slug>")
@anonymous_page_cache
def show(slug: str) -> Response:
    case = load_case(slug)
    return render_case(
        "cases/show.html",
        case=case,
        can_edit=service.can_edit(current_user, case),
        community=community_state("case", case.id) if case.is_published else None,
        target_type="case",
        target_id=case.id,
    )


@blueprint.route("/compare")
@anonymous_page_cache
def compare() -> Response:
    slugs = service.chosen_slugs(request.args.getlist("c"))
    found = service.published_by_slugs(slugs)
    unknown = [slug for slug in slugs if slug not in found]
    cases = [found[slug] for slug in slugs if slug in found]
    status = 200
    if unknown:
        status = 404
    elif not service.COMPARE_MIN <= len(cases) <= service.COMPARE_MAX:
        status = INVALID_FORM
    return render_case(
        "cases/compare.html",
        cases=cases,
        unknown=unknown,
        status=status,
        minimum=service.COMPARE_MIN,
        maximum=service.COMPARE_MAX,
    )


@blueprint.route("/mine")
@login_required
def mine() -> Response:
    cases = service.cases_of(current_user)
    return render_case(
        "cases/mine.html",
        drafts=[case for case in cases if not case.is_published],
        published=[case for case in cases if case.is_published],
    )


@blueprint.route("/authorities")
def authority_options() -> Response:
    """Suggestions for the authority field (htmx fills its <datalist>)."""
    text = request.args.get("authority", "")[:200]
    return render("cases/_authority_options.html", options=service.suggest_authorities(text))


# --- the step-by-step editor ------------------------------------------------------------------


def render_section(
    form: SectionForm, case: CaseStudy | None, status: int = 200, **context: Any
) -> Response:
    authority_field = getattr(form, "authority", None)
    options = []
    if authority_field is not None and authority_field.errors:
        # Without JavaScript the suggestions come with the error.
        options = service.suggest_authorities(authority_field.data or "")
    return render_case(
        "cases/section.html",
        form=form,
        case=case,
        section=form.info,
        states=section_states(case) if case is not None else None,
        authority_options=options,
        next_key=next_section(form.info.key),
        status=status,
        **context,
    )


def after_save(case: CaseStudy, key: str) -> str:
    following = next_section(key)
    if request.form.get("action") == "continue" and following:
        return url_for("cases.edit_section", slug=case.slug, section=following)
    return url_for("cases.edit", slug=case.slug)


@blueprint.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response:
    form = section_form("overview", None)
    if form.validate_on_submit():
        case = service.create_case(current_user, form.values())
        db.session.commit()
        flash(_("Your draft is saved. Only you and the moderators can see it."), "success")
        return see_other(after_save(case, "overview"))
    return render_section(form, None, status=INVALID_FORM if form.errors else 200)


@blueprint.route("/<slug>/edit")
@login_required
def edit(slug: str) -> Response:
    """The overview of the sections with their state, and publishing."""
    case = editable_case(slug)
    return render_case("cases/edit.html", case=case, states=section_states(case))


@blueprint.route("/<slug>/edit/<section>", methods=["GET", "POST"])
@login_required
def edit_section(slug: str, section: str) -> Response:
    if section not in SECTION_FORMS:
        abort(404)
    case = editable_case(slug)
    if request.method == "GET":
        form = section_form(section, case, stored=True)
        if request.args.get("check"):
            # Coming from "needs attention": show what is missing right away.
            form.validate()
        return render_section(form, case)
    form = section_form(section, case)
    if not form.validate_on_submit():
        return render_section(form, case, status=INVALID_FORM)
    try:
        service.save_section(
            case, current_user, form.values(), form.version.data or 0, form.note.data or ""
        )
    except service.EditConflict:
        db.session.rollback()
        return conflict(slug, form)
    db.session.commit()
    flash(_("“%(section)s” is saved.", section=form.info.heading), "success")
    return see_other(after_save(case, section))


def conflict(slug: str, form: SectionForm) -> Response:
    """Someone saved in between: show what is saved and the difference; keep the input."""
    case = load_case(slug)
    saved = section_form(form.info.key, case, stored=True)
    saved_texts = saved.readable()
    changes = diff.compare(saved_texts, form.readable())
    # The next save is a deliberate merge on top of what is saved now.
    form.version.data = case.version
    form.version.raw_data = [str(case.version)]  # WTForms renders the submitted value
    return render_section(
        form,
        case,
        status=CONFLICT,
        conflict=True,
        saved_texts=saved_texts,
        field_labels=saved.labels(),
        changes=changes,
    )


@blueprint.route("/<slug>/publish", methods=["POST"])
@login_required
def publish(slug: str) -> Response:
    case = editable_case(slug)
    states = section_states(case)
    incomplete = [state for state in states if state.needs_attention]
    if incomplete:
        return render_case(
            "cases/edit.html", case=case, states=states, incomplete=incomplete, status=INVALID_FORM
        )
    service.publish_case(case, current_user)
    db.session.commit()
    flash(_("The case study is published."), "success")
    return see_other(url_for("cases.show", slug=case.slug))


@blueprint.route("/<slug>/unpublish", methods=["POST"])
@login_required
def unpublish(slug: str) -> Response:
    case = editable_case(slug)
    service.unpublish_case(case)
    db.session.commit()
    flash(_("The case study is a draft again and hidden from readers."), "success")
    return see_other(url_for("cases.edit", slug=case.slug))


# --- history ------------------------------------------------------------------------------------


@blueprint.route("/<slug>/history")
def history(slug: str) -> Response:
    case = load_case(slug)
    revisions = list(
        db.session.scalars(
            select(CaseRevision)
            .where(CaseRevision.case_id == case.id)
            .options(selectinload(CaseRevision.author))
            .order_by(CaseRevision.number.desc())
        )
    )
    return render_case("cases/history.html", case=case, revisions=revisions)


def revision_or_404(case: CaseStudy, number: int) -> CaseRevision:
    revision = db.session.scalar(
        select(CaseRevision).where(CaseRevision.case_id == case.id, CaseRevision.number == number)
    )
    if revision is None:
        abort(404)
    return revision


@blueprint.route("/<slug>/diff")
def diff_revisions(slug: str) -> Response:
    case = load_case(slug)
    try:
        old_number = int(request.args.get("from", ""))
        new_number = int(request.args.get("to", ""))
    except ValueError:
        abort(400)
    old, new = revision_or_404(case, old_number), revision_or_404(case, new_number)
    changes = diff.compare(service.revision_texts(old), service.revision_texts(new))
    return render_case(
        "cases/diff.html",
        case=case,
        old=old,
        new=new,
        changes=changes,
        field_labels=TEXT_LABELS,
    )


# --- comments, likes and bookmarks on case studies --------------------------------------------


def _load_visible(case_id: int) -> CaseStudy | None:
    case = db.session.get(CaseStudy, case_id)
    if case is None or not case.is_published:
        return None
    return case


def _describe_many(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    rows = db.session.execute(
        select(CaseStudy.id, CaseStudy.title, CaseStudy.slug).where(
            CaseStudy.id.in_(list(ids)), CaseStudy.status == Status.PUBLISHED
        )
    )
    return {row.id: (row.title, url_for("cases.show", slug=row.slug)) for row in rows}


register_target(
    TargetType(
        name="case",
        load=_load_visible,
        url=lambda case: url_for("cases.show", slug=case.slug),
        describe_many=_describe_many,
    )
)

accounts_service.register_export("cases", service.export_of)
