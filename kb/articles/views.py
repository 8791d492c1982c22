from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, joinedload, selectinload

from kb import registry
from kb.articles import blueprint, feed, policy, service
from kb.articles.forms import ArticleForm
from kb.articles.models import HISTORY, Article
from kb.cache import anonymous_page_cache
from kb.conditional import feed_response
from kb.content import diff
from kb.content.pages import (
    WAITS_FOR_REVIEW,
    diff_page,
    history_page,
    not_visible,
    standing_notice,
)
from kb.content.revisions import EditConflict
from kb.datetimes import clock
from kb.extensions import db, post_limit
from kb.forms import refused
from kb.htmx import render
from kb.http import CONFLICT, INVALID_FORM, login_required, one_or_404, require, see_other
from kb.markdown import render_markdown
from kb.standing import Standing
from kb.taxonomy import all_platforms, all_topics
from kb.templating import Deferred

FULL_ARTICLE = (
    selectinload(Article.topics),
    selectinload(Article.platforms),
    # One row, one creator: in the same query rather than a second one.
    joinedload(Article.creator),
    selectinload(Article.coauthors),
    # Invitations are shown only to those who may edit (loaded when asked for):
    # readers, nearly everyone, save the query.
)
# The entry's page keeps its text for every reader (kb.templating.shared_html): the
# row without the texts is enough to decide who sees what; the rest is loaded only
# when the kept part is rendered afresh.
ARTICLE_ROW = (defer(Article.body), defer(Article.body_html))
# Built once (building a statement cost more than running it).
STATEMENTS = {
    options: select(Article).where(Article.slug == bindparam("slug")).options(*options)
    for options in (FULL_ARTICLE, ARTICLE_ROW)
}


def load_article(slug: str, options: tuple[Any, ...] = FULL_ARTICLE) -> Article:
    article = db.session.scalar(STATEMENTS[options], {"slug": slug})
    if article is None:
        abort(404)
    if not policy.can_view(current_user, article):
        not_visible(
            article.moderation,
            _("This best-practice entry was hidden by the moderation."),
            was_public=article.is_published,
        )
    return article


def saved_message(article: Article, message: str) -> tuple[str, str]:
    """The flash message after saving: `message`, or that the entry waits for review."""
    if article.is_published and article.moderation == Standing.HELD:
        return str(WAITS_FOR_REVIEW), "info"
    return message, "success"


def editable_article(slug: str) -> Article:
    article = load_article(slug)
    require(policy.can_edit(current_user, article))
    return article


def form_input(form: ArticleForm) -> service.ArticleInput:
    return service.ArticleInput(
        title=form.title.data or "",
        summary=form.summary.data or "",
        body=form.body.data or "",
        topics=form.selected_topics(),
        platforms=form.selected_platforms(),
        coauthors=form.coauthor_users,
    )


# --- reading ----------------------------------------------------------------------------


@blueprint.route("/")
@anonymous_page_cache(params=("after", "platform", "sort", "topic"))
def index() -> Response:
    sort = request.args.get("sort", "newest")
    if sort not in service.SORTS:
        sort = "newest"
    query = service.ListQuery(
        topic=request.args.get("topic") or None,
        platform=request.args.get("platform") or None,
        sort=sort,
        after=request.args.get("after") or None,
    )

    def load() -> ListPage:
        page = service.list_articles(query)
        next_url = None
        if page.next_cursor:
            next_url = url_for(
                "articles.index",
                topic=query.topic,
                platform=query.platform,
                sort=None if sort == "newest" else sort,
                after=page.next_cursor,
            )
        return ListPage(page.articles, next_url)

    # "Load more" appends to the list; a filter change replaces the results.
    block = "more" if request.headers.get("HX-Target") == "load-more" else "results"
    # The filters and the list are the same for every reader: loaded only when the
    # page's shared part is not kept (kb.templating.shared_html).
    return render(
        "articles/index.html",
        block=block,
        page=Deferred(load),
        query=query,
        topics=Deferred(all_topics),
        platforms=Deferred(all_platforms),
        sorts=SORT_LABELS,
    )


@dataclass(frozen=True)
class ListPage:
    articles: list[Article]
    next_url: str | None


SORT_LABELS = {
    "newest": _l("Newest"),
    "liked": _l("Most liked"),
    "updated": _l("Recently updated"),
}


@blueprint.route("/<slug>")
@anonymous_page_cache
def show(slug: str) -> Response:
    article = load_article(slug, ARTICLE_ROW)
    return render(
        "articles/show.html",
        article=article,
        can_edit=policy.can_edit(current_user, article),
        panels=registry.current().render_panels("content", name="article", record=article),
        standing_notice=standing_notice(article),
    )


@blueprint.route("/feed.atom")
@anonymous_page_cache(params=("platform", "topic"))
def atom_feed() -> Response:
    topic = request.args.get("topic") or None
    platform = request.args.get("platform") or None
    return feed_response(
        lambda: feed.atom(topic=topic, platform=platform),
        "application/atom+xml",
        variant={"topic": topic, "platform": platform},
    )


@blueprint.route("/drafts")
@login_required
def drafts() -> Response:
    return render(
        "articles/drafts.html",
        articles=service.drafts_of(current_user),
        invitations=service.invitations_for(current_user),
    )


# --- invitations to write together --------------------------------------------------------


def invitation_to(slug: str) -> Article:
    """The entry the current member has an open invitation for; 404 for everyone else
    (nobody learns of drafts or invitations that are not theirs)."""
    article = one_or_404(select(Article).where(Article.slug == slug))
    if not service.has_invitation(article, current_user):
        abort(404)
    return article


@blueprint.route("/<slug>/invitation/accept", methods=["POST"])
@login_required
def accept_invitation(slug: str) -> Response:
    article = invitation_to(slug)
    service.accept_invitation(article, current_user)
    db.session.commit()
    flash(_("You are now a co-author of “%(title)s”.", title=article.title), "success")
    return see_other(url_for("articles.show", slug=article.slug))


@blueprint.route("/<slug>/invitation/decline", methods=["POST"])
@login_required
def decline_invitation(slug: str) -> Response:
    article = invitation_to(slug)
    service.decline_invitation(article, current_user)
    db.session.commit()
    flash(_("You have declined the invitation to “%(title)s”.", title=article.title), "success")
    return see_other(url_for("articles.drafts"))


# --- writing ----------------------------------------------------------------------------


@blueprint.route("/new", methods=["GET", "POST"])
@login_required
@post_limit
def new() -> Response:
    form = ArticleForm()
    action = request.form.get("action", "draft")
    draft = None
    if form.draft_slug.data:
        # The editor autosaved a draft already; keep working on that one.
        draft = editable_article(form.draft_slug.data)
        form.offer_terms(draft)
    if request.method == "POST" and action == "preview":
        return preview_page(form, draft)
    if form.validate_on_submit():
        data = form_input(form)
        if draft is None:
            article = service.create_article(current_user, data, publish=action == "publish")
        else:
            article = service.update_article(draft, current_user, data, draft.version)
            if action == "publish":
                service.publish_article(article, current_user)
        db.session.commit()
        flash(
            *saved_message(
                article,
                _("Your entry is published.")
                if article.is_published
                else _("Your draft is saved."),
            )
        )
        return see_other(url_for("articles.show", slug=article.slug))
    status = INVALID_FORM if form.errors else 200
    return render("articles/form.html", form=form, article=draft, status=status)


@blueprint.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str) -> Response:
    article = editable_article(slug)
    if request.method == "GET":
        form = ArticleForm(obj=article)
        form.offer_terms(article)
        form.version.data = article.version
        form.topics.data = [term.slug for term in article.topics]
        form.platforms.data = [term.slug for term in article.platforms]
        # Those invited and not yet answered too: saving again keeps their invitation.
        form.coauthors.data = ", ".join(
            user.name for user in [*article.coauthors, *article.invitees]
        )
        restored = service.working_copy(article, current_user)
        if restored and restored.saved_at > article.updated_at:
            form.title.data, form.summary.data, form.body.data = (
                restored.title,
                restored.summary,
                restored.body,
            )
            flash(
                _(
                    "Your text autosaved at %(time)s has been restored. Save it to publish "
                    "the changes.",
                    time=clock(restored.saved_at),
                ),
                "info",
            )
        return render("articles/form.html", form=form, article=article, preview=preview_html(form))

    form = ArticleForm()
    form.offer_terms(article)
    action = request.form.get("action", "save")
    if action == "preview":
        return preview_page(form, article)
    if form.validate_on_submit():
        try:
            service.update_article(
                article,
                current_user,
                form_input(form),
                form.version.data or 0,
                form.note.data or "",
            )
        except EditConflict:
            db.session.rollback()
            return conflict(article, form)
        if action == "publish":
            service.publish_article(article, current_user)
        db.session.commit()
        flash(*saved_message(article, _("Your changes are saved.")))
        return see_other(url_for("articles.show", slug=article.slug))
    status = INVALID_FORM if form.errors else 200
    return render("articles/form.html", form=form, article=article, status=status)


def conflict(article: Article, form: ArticleForm) -> Response:
    """Someone saved in between: show both texts and the difference; keep the user's text."""
    article = load_article(article.slug)
    changes = diff.compare(
        {"title": article.title, "summary": article.summary, "body": article.body},
        {
            "title": form.title.data or "",
            "summary": form.summary.data or "",
            "body": form.body.data or "",
        },
    )
    # The next save is a deliberate merge on top of what is saved now.
    form.version.data = article.version
    form.version.raw_data = [str(article.version)]  # WTForms renders the submitted value
    return render(
        "articles/form.html",
        form=form,
        article=article,
        conflict=article,
        changes=changes,
        status=CONFLICT,
    )


@blueprint.route("/<slug>/publish", methods=["POST"])
@login_required
@post_limit
def publish(slug: str) -> Response:
    article = editable_article(slug)
    service.publish_article(article, current_user)
    db.session.commit()
    flash(*saved_message(article, _("Your entry is published.")))
    return see_other(url_for("articles.show", slug=article.slug))


@blueprint.route("/<slug>/unpublish", methods=["POST"])
@login_required
def unpublish(slug: str) -> Response:
    article = editable_article(slug)
    service.unpublish_article(article)
    db.session.commit()
    flash(_("The entry is a draft again and hidden from readers."), "success")
    return see_other(url_for("articles.show", slug=article.slug))


def preview_html(form: ArticleForm) -> str:
    return render_markdown(form.body.data or "")


def preview_page(form: ArticleForm, article: Article | None) -> Response:
    """The editor with the preview of the text as sent (the button, without JS); a text
    longer than saving accepts, or with a watched word to block, is refused as on saving."""
    if refused(form, ("body",)):
        return render("articles/form.html", form=form, article=article, status=INVALID_FORM)
    return render("articles/form.html", form=form, article=article, preview=preview_html(form))


@blueprint.route("/preview", methods=["POST"])
@login_required
def preview() -> Response:
    """The live preview beside the editor (htmx); the same sanitiser and limit as on save."""
    form = ArticleForm()
    if refused(form, ("body",)):
        return render("articles/_preview.html", problems=form.body.errors, status=INVALID_FORM)
    return render("articles/_preview.html", preview=preview_html(form))


# What autosave keeps: the texts, each no longer than saving the form accepts.
AUTOSAVED = ("title", "summary", "body")


@blueprint.route("/autosave", methods=["POST"])
@login_required
def autosave() -> Response:
    form = ArticleForm()
    if refused(form, AUTOSAVED):
        problems = [
            f"{form[name].label.text}: {' '.join(form[name].errors)}"
            for name in AUTOSAVED
            if form[name].errors
        ]
        return render("articles/_autosave.html", problems=problems, status=INVALID_FORM)
    article = editable_article(form.draft_slug.data) if form.draft_slug.data else None
    if article is not None:
        form.offer_terms(article)
    data = form_input(form)
    if article is None:
        if len(data.title) < 3:
            return render("articles/_autosave.html", saved_at=None, article=None, created=False)
        # The first autosave of a new entry creates it as a draft.
        article = service.create_article(current_user, data, publish=False)
        db.session.commit()
        return render(
            "articles/_autosave.html",
            saved_at=article.updated_at,
            article=article,
            created=True,
        )
    try:
        saved_at = service.autosave(article, current_user, data, form.version.data or 0)
    except EditConflict:
        db.session.rollback()
        return render("articles/_autosave.html", conflict=True, article=article, status=409)
    db.session.commit()
    return render("articles/_autosave.html", saved_at=saved_at, article=article, created=False)


# --- history ----------------------------------------------------------------------------

FIELD_LABELS = {"title": _l("Title"), "summary": _l("Summary"), "body": _l("Text")}


@blueprint.route("/<slug>/history")
def history(slug: str) -> Response:
    article = load_article(slug)
    restorable = policy.can_edit(current_user, article)
    return history_page(
        HISTORY,
        article,
        record_url=url_for("articles.show", slug=article.slug),
        compare_url=url_for("articles.compare", slug=article.slug),
        restore_url=(
            (lambda number: url_for("articles.restore", slug=article.slug, number=number))
            if restorable
            else None
        ),
        empty_text=_("Versions are kept from the day the entry is published."),
    )


@blueprint.route("/<slug>/diff")
def compare(slug: str) -> Response:
    article = load_article(slug)
    return diff_page(
        HISTORY,
        article,
        record_url=url_for("articles.show", slug=article.slug),
        history_url=url_for("articles.history", slug=article.slug),
        field_labels=FIELD_LABELS,
    )


@blueprint.route("/<slug>/revisions/<int:number>/restore", methods=["POST"])
@login_required
def restore(slug: str, number: int) -> Response:
    article = editable_article(slug)
    revision = HISTORY.revision_or_404(article, number)
    service.restore_revision(
        article, revision, current_user, _("Restored revision %(number)d", number=number)
    )
    db.session.commit()
    flash(
        *saved_message(
            article,
            _("Revision %(number)d has been restored as a new revision.", number=number),
        )
    )
    return see_other(url_for("articles.history", slug=article.slug))
