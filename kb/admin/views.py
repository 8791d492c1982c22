"""The administration's pages: for admins only (moderators and members 403)."""

from __future__ import annotations

from typing import Any, cast

from flask import Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kb import registry
from kb.admin import blueprint, log, members, terms
from kb.admin.forms import (
    ROLE_LABELS,
    AuditFilterForm,
    MergeForm,
    RetireForm,
    RoleForm,
    TermForm,
    UserSearchForm,
)
from kb.extensions import db
from kb.forms import add_error
from kb.htmx import render, wants_fragment
from kb.http import INVALID_FORM, permission_required, see_other
from kb.policy import is_admin
from kb.users import Role, User

VOCABULARY_KINDS = "any(topics, platforms)"


@blueprint.before_request
@permission_required(is_admin)
def admins_only() -> Any:
    """Every URL of the administration: log in first (anonymous readers are sent to the
    login), then admins only (403); other features' pages under /admin/ included."""
    return None


def refused_filters(template: str, form: Any) -> Response:
    """A filter that cannot be applied: the page with the messages by the fields (400).
    An htmx filter change loads that page whole, as the messages sit outside the list."""
    if wants_fragment():
        response = Response(status=204)
        response.headers["HX-Redirect"] = request.full_path
        return response
    return render(template, form=form, page=None, next_url=None, status=400)


def vocabulary_of(kind: str) -> terms.Vocabulary:
    return terms.VOCABULARIES[kind]


def load_term(vocabulary: terms.Vocabulary, term_id: int) -> terms.Term:
    term = cast(terms.Term | None, db.session.get(vocabulary.model, term_id))
    if term is None:
        abort(404)
    return term


def load_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@blueprint.route("/admin/")
def index() -> Response:
    return render(
        "admin/index.html",
        role_counts=members.count_by_role(),
        role_labels=ROLE_LABELS,
        vocabularies=terms.VOCABULARIES.values(),
        panels=registry.current().render_panels("admin.index", user=current_user),
    )


# --- members ------------------------------------------------------------------------------


@blueprint.route("/admin/users")
def users() -> Response:
    form = UserSearchForm(request.args)
    if not form.validate():
        return refused_filters("admin/users.html", form)
    page = members.search_users(
        form.q.data or "", form.chosen_role(), request.args.get("after") or None
    )
    next_url = None
    if page.next_cursor:
        next_url = url_for(
            "admin.users",
            q=form.q.data or None,
            role=form.role.data or None,
            after=page.next_cursor,
        )
    block = "more" if request.headers.get("HX-Target") == "load-more" else "results"
    return render(
        "admin/users.html",
        block=block,
        form=form,
        page=page,
        next_url=next_url,
        role_labels=ROLE_LABELS,
    )


def _user_page(user: User, form: RoleForm, status: int = 200) -> Response:
    return render(
        "admin/user.html",
        member=user,
        form=form,
        role_labels=ROLE_LABELS,
        panels=registry.current().render_panels("admin.user", user=user),
        status=status,
    )


@blueprint.route("/admin/users/<int:user_id>")
def user(user_id: int) -> Response:
    member = load_user(user_id)
    form = RoleForm(data={"role": member.role.value})
    return _user_page(member, form)


@blueprint.route("/admin/users/<int:user_id>/role", methods=["POST"])
def change_role(user_id: int) -> Response:
    member = load_user(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _user_page(member, form, INVALID_FORM)
    try:
        changed = members.change_role(
            current_user, member, Role(form.role.data), form.reason.data or ""
        )
    except members.LastAdmin:
        db.session.rollback()
        add_error(
            form.role,
            _("This is the last admin. Make another member an admin first."),
        )
        return _user_page(member, form, INVALID_FORM)
    db.session.commit()
    if changed:
        flash(
            _(
                "%(name)s is now: %(role)s.",
                name=member.display_name,
                role=ROLE_LABELS[member.role.value],
            ),
            "success",
        )
    else:
        flash(_("The role is unchanged."), "info")
    if not is_admin(current_user):
        # An admin who stepped down may no longer see the administration.
        return see_other(url_for("site.index"))
    return see_other(url_for("admin.user", user_id=member.id))


# --- topics and platforms ------------------------------------------------------------------


def _terms_page(vocabulary: terms.Vocabulary, form: TermForm, status: int = 200) -> Response:
    return render(
        "admin/terms.html",
        vocabulary=vocabulary,
        terms=terms.terms(vocabulary),
        usage=terms.usage(vocabulary),
        form=form,
        status=status,
    )


@blueprint.route(f"/admin/<{VOCABULARY_KINDS}:kind>", methods=["GET", "POST"])
def vocabulary(kind: str) -> Response:
    chosen = vocabulary_of(kind)
    form = TermForm()
    if form.validate_on_submit():
        try:
            term = terms.create_term(
                current_user, chosen, form.name_de.data or "", form.name_en.data or ""
            )
        except terms.NameTaken as taken:
            db.session.rollback()
            add_error(form[taken.field], _("There is already a term with this name."))
            return _terms_page(chosen, form, INVALID_FORM)
        db.session.commit()
        flash(_("“%(name)s” is added.", name=term.name), "success")
        return see_other(url_for("admin.vocabulary", kind=kind))
    return _terms_page(chosen, form, INVALID_FORM if form.errors else 200)


def _term_page(
    vocabulary: terms.Vocabulary,
    term: terms.Term,
    *,
    rename: TermForm | None = None,
    merge: MergeForm | None = None,
    retire: RetireForm | None = None,
    status: int = 200,
) -> Response:
    merge = merge or MergeForm(formdata=None, prefix="merge")
    merge.offer(terms.active_terms(vocabulary, leave_out=[term.id]))
    return render(
        "admin/term.html",
        vocabulary=vocabulary,
        term=term,
        uses=terms.usage(vocabulary).get(term.id, 0),
        rename=rename or TermForm(formdata=None, obj=term),
        merge=merge,
        retire=retire or RetireForm(formdata=None, prefix="retire"),
        status=status,
    )


@blueprint.route(f"/admin/<{VOCABULARY_KINDS}:kind>/<int:term_id>")
def term(kind: str, term_id: int) -> Response:
    chosen = vocabulary_of(kind)
    return _term_page(chosen, load_term(chosen, term_id))


@blueprint.route(f"/admin/<{VOCABULARY_KINDS}:kind>/<int:term_id>/rename", methods=["POST"])
def rename(kind: str, term_id: int) -> Response:
    chosen = vocabulary_of(kind)
    term = load_term(chosen, term_id)
    form = TermForm()
    if not form.validate_on_submit():
        return _term_page(chosen, term, rename=form, status=INVALID_FORM)
    try:
        changed = terms.rename_term(
            current_user, chosen, term, form.name_de.data or "", form.name_en.data or ""
        )
    except terms.NameTaken as taken:
        db.session.rollback()
        add_error(form[taken.field], _("There is already a term with this name."))
        return _term_page(chosen, term, rename=form, status=INVALID_FORM)
    db.session.commit()
    flash(_("The names are saved.") if changed else _("The names are unchanged."), "success")
    return see_other(url_for("admin.term", kind=kind, term_id=term.id))


@blueprint.route(f"/admin/<{VOCABULARY_KINDS}:kind>/<int:term_id>/merge", methods=["POST"])
def merge(kind: str, term_id: int) -> Response:
    chosen = vocabulary_of(kind)
    term = load_term(chosen, term_id)
    form = MergeForm(prefix="merge")
    form.offer(terms.active_terms(chosen, leave_out=[term.id]))
    if not form.validate_on_submit():
        return _term_page(chosen, term, merge=form, status=INVALID_FORM)
    kept = load_term(chosen, int(form.into.data))
    name = term.name
    terms.merge_terms(current_user, chosen, term, kept, form.reason.data or "")
    db.session.commit()
    flash(_("“%(merged)s” is merged into “%(kept)s”.", merged=name, kept=kept.name), "success")
    return see_other(url_for("admin.term", kind=kind, term_id=kept.id))


@blueprint.route(f"/admin/<{VOCABULARY_KINDS}:kind>/<int:term_id>/retire", methods=["POST"])
def retire(kind: str, term_id: int) -> Response:
    return _set_retired(kind, term_id, retired=True)


@blueprint.route(f"/admin/<{VOCABULARY_KINDS}:kind>/<int:term_id>/restore", methods=["POST"])
def restore(kind: str, term_id: int) -> Response:
    return _set_retired(kind, term_id, retired=False)


def _set_retired(kind: str, term_id: int, retired: bool) -> Response:
    chosen = vocabulary_of(kind)
    term = load_term(chosen, term_id)
    form = RetireForm(prefix="retire")
    if not form.validate_on_submit():
        return _term_page(chosen, term, retire=form, status=INVALID_FORM)
    terms.set_retired(current_user, chosen, term, retired, form.reason.data or "")
    db.session.commit()
    if retired:
        flash(
            _("“%(name)s” is retired: no longer offered for new content.", name=term.name),
            "success",
        )
    else:
        flash(_("“%(name)s” is offered again.", name=term.name), "success")
    return see_other(url_for("admin.term", kind=kind, term_id=term.id))


# --- the audit log -------------------------------------------------------------------------


@blueprint.route("/admin/audit")
def audit() -> Response:
    form = AuditFilterForm(request.args, log.known_actions())
    valid = form.validate()
    actor_id = None
    if valid and form.actor.data:
        actor_id = db.session.scalar(
            select(User.id).where(User.name == form.actor.data.lstrip("@"))
        )
        if actor_id is None:
            add_error(form.actor, _("No member with this profile name."))
            valid = False
    if not valid:
        return refused_filters("admin/audit.html", form)
    chosen = log.AuditFilter(
        action=form.action.data or None,
        actor_id=actor_id,
        since=form.since.data,
        until=form.until.data,
    )
    page = log.entries(chosen, request.args.get("after") or None, current_user)
    next_url = None
    if page.next_cursor:
        next_url = url_for(
            "admin.audit",
            action=form.action.data or None,
            actor=form.actor.data or None,
            since=request.args.get("since") or None,
            until=request.args.get("until") or None,
            after=page.next_cursor,
        )
    block = "more" if request.headers.get("HX-Target") == "load-more" else "results"
    return render("admin/audit.html", block=block, form=form, page=page, next_url=next_url)
