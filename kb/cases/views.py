"""Views of case studies: the list with facets, one case, the step-by-step editor, the
version history, the side-by-side comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb import registry
from kb.cache import anonymous_page_cache
from kb.cases import blueprint, feed, policy, service
from kb.cases.fields import SectionForm
from kb.cases.forms import FacetForm
from kb.cases.labels import (
    ANSWER_LABELS,
    BUDGET_LABELS,
    LEGAL_FIELDS,
    LEVEL_LABELS,
    TEAM_UNIT_LABELS,
    TEXT_LABELS,
    answer,
    format_fte,
    period,
    team_size,
    team_size_short,
)
from kb.cases.models import HISTORY, CaseStudy
from kb.cases.sections import (
    SECTION_FORMS,
    SECTIONS,
    next_section,
    section_form,
    section_states,
)
from kb.conditional import feed_response
from kb.content.diff import compare as compare_texts
from kb.content.pages import (
    WAITS_FOR_REVIEW,
    diff_page,
    history_page,
    not_visible,
    standing_notice,
)
from kb.content.revisions import EditConflict
from kb.directory import Authority, SocialAccount
from kb.extensions import db, post_limit
from kb.htmx import render
from kb.http import CONFLICT, INVALID_FORM, login_required, one_or_404, require, see_other
from kb.markdown import text_of_html
from kb.regions import BY_CODE
from kb.standing import Standing
from kb.taxonomy import all_platforms, all_topics
from kb.templating import Deferred


def authority_url(authority: Authority) -> str:
    """The directory page of an authority (the authorities feature's content type)."""
    authority_type = registry.current().get("authority")
    return authority_type.url(authority) if authority_type else ""


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
        fte=format_fte,
        team_size=team_size,
        team_size_short=team_size_short,
        sections=SECTIONS,
        **context,
    )


def load_case(slug: str) -> CaseStudy:
    case = one_or_404(
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
    if not policy.can_view(current_user, case):
        not_visible(
            case.moderation,
            _("This case study was hidden by the moderation."),
            was_public=case.is_published,
        )
    return case


def saved_message(case: CaseStudy, message: str) -> tuple[str, str]:
    """The flash message after saving: `message`, or that the case study waits for review."""
    if case.is_published and case.moderation == Standing.HELD:
        return str(WAITS_FOR_REVIEW), "info"
    return message, "success"


def editable_case(slug: str) -> CaseStudy:
    case = load_case(slug)
    require(policy.can_edit(current_user, case))
    return case


# --- reading ------------------------------------------------------------------------------


# What the list reads from the query string.
LIST_PARAMS = ("after", "c", "land", "level", "platform", "topic", "year")


@blueprint.route("/")
@anonymous_page_cache(params=LIST_PARAMS)
def index() -> Response:
    # "Load more" appends to the list; a facet change replaces facets and results.
    if request.headers.get("HX-Target") == "load-more":
        return render_case("cases/index.html", block="more", finder=Deferred(find_cases))
    # The facets and the list are the same for every reader: worked out only when the
    # page's shared part is not kept (kb.templating.shared_html).
    return render_case(
        "cases/index.html", block="results", finder=Deferred(find_cases), list_params=LIST_PARAMS
    )


@dataclass
class Finder:
    """What the case list shows for the request's facets."""

    form: FacetForm
    query: Any
    page: Any
    next_url: str | None
    compare: list[str]
    total: int = 0
    chosen_elsewhere: list[Any] = field(default_factory=list)


def find_cases() -> Finder:
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
    finder = Finder(form, query, page, next_url, compare_slugs)
    if request.headers.get("HX-Target") == "load-more":
        return finder
    facets = service.facet_counts(query, LEVEL_LABELS, platforms, topics)
    form.offer(facets)
    # Cases chosen for comparison on another page (or in other filters) stay chosen.
    on_page = {case.slug for case in page.cases}
    chosen = service.published_by_slugs([s for s in compare_slugs if s not in on_page])
    finder.total = facets.total
    finder.chosen_elsewhere = [chosen[s] for s in compare_slugs if s in chosen]
    return finder


@blueprint.route("/feed.atom")
@anonymous_page_cache
def atom_feed() -> Response:
    return feed_response(feed.atom, "application/atom+xml")


@blueprint.route("/<slug>")
@anonymous_page_cache
def show(slug: str) -> Response:
    case = load_case(slug)
    return render_case(
        "cases/show.html",
        case=case,
        can_edit=policy.can_edit(current_user, case),
        panels=registry.current().render_panels("content", name="case", record=case),
        standing_notice=standing_notice(case),
    )


@blueprint.route("/compare")
@anonymous_page_cache(params=("c",))
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
        words={case.slug: compared_text_lengths(case) for case in cases},
        fold_words=COMPARE_FOLD_WORDS,
    )


# On a phone the comparison stacks by aspect; a text longer than this many words folds
# under its case's title, so the aspects after it are a scroll away, not screens away.
COMPARE_FOLD_WORDS = 20


def compared_text_lengths(case: CaseStudy) -> dict[str, int]:
    """The number of words of each long text the comparison shows."""
    return {
        name: len(text_of_html(getattr(case, f"{name}_html") or "").split())
        for name in ("goals", "results", "lessons")
    }


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
@post_limit
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
    except EditConflict:
        db.session.rollback()
        return conflict(slug, form)
    db.session.commit()
    flash(*saved_message(case, _("“%(section)s” is saved.", section=form.info.heading)))
    return see_other(after_save(case, section))


def conflict(slug: str, form: SectionForm) -> Response:
    """Someone saved in between: show what is saved and the difference; keep the input."""
    case = load_case(slug)
    saved = section_form(form.info.key, case, stored=True)
    saved_texts = saved.readable()
    changes = compare_texts(saved_texts, form.readable())
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
@post_limit
def publish(slug: str) -> Response:
    case = editable_case(slug)
    try:
        service.publish_case(case, current_user)
    except service.Incomplete:
        states = section_states(case)
        incomplete = [state for state in states if state.needs_attention]
        return render_case(
            "cases/edit.html", case=case, states=states, incomplete=incomplete, status=INVALID_FORM
        )
    db.session.commit()
    flash(*saved_message(case, _("The case study is published.")))
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
    restorable = policy.can_edit(current_user, case)
    return history_page(
        HISTORY,
        case,
        record_url=url_for("cases.show", slug=case.slug),
        compare_url=url_for("cases.diff_revisions", slug=case.slug),
        restore_url=(
            (lambda number: url_for("cases.restore", slug=case.slug, number=number))
            if restorable
            else None
        ),
        empty_text=_("Versions are kept from the day the case study is published."),
        note=_(
            "The history keeps the texts; facts such as the team size or the platforms show "
            "as they are now."
        ),
    )


@blueprint.route("/<slug>/diff")
def diff_revisions(slug: str) -> Response:
    case = load_case(slug)
    return diff_page(
        HISTORY,
        case,
        record_url=url_for("cases.show", slug=case.slug),
        history_url=url_for("cases.history", slug=case.slug),
        field_labels=TEXT_LABELS,
    )


@blueprint.route("/<slug>/revisions/<int:number>/restore", methods=["POST"])
@login_required
def restore(slug: str, number: int) -> Response:
    case = editable_case(slug)
    revision = HISTORY.revision_or_404(case, number)
    service.restore_revision(
        case, revision, current_user, _("Restored revision %(number)d", number=number)
    )
    db.session.commit()
    flash(
        *saved_message(
            case, _("Revision %(number)d has been restored as a new revision.", number=number)
        )
    )
    return see_other(url_for("cases.history", slug=case.slug))
