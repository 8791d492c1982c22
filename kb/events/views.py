from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.accounts import service as accounts_service
from kb.accounts.auth import role_required
from kb.accounts.models import Role
from kb.cache import anonymous_page_cache
from kb.community.service import community_state
from kb.community.targets import TargetType, register_target
from kb.events import blueprint, display, feed, ical, jsonld, service
from kb.events.forms import (
    FORMAT_LABELS,
    LANGUAGE_LABELS,
    MODE_LABELS,
    REPEAT_LABELS,
    STATUS_LABELS,
    CancelForm,
    EventForm,
    FilterForm,
    parse_month,
)
from kb.events.models import DEFAULT_TIMEZONE, Event, EventSeries, Review
from kb.extensions import client_address, db, limiter
from kb.htmx import render, wants_fragment
from kb.timeutil import utcnow

INVALID_FORM = 422
ICS_MIMETYPE = "text/calendar"


def see_other(url: str) -> Response:
    return redirect(url, code=303)


@blueprint.record_once
def register_filters(state: BlueprintSetupState) -> None:
    display.init_app(state.app)


@blueprint.app_context_processor
def event_labels() -> dict[str, object]:
    return {
        "event_format_labels": FORMAT_LABELS,
        "event_mode_labels": MODE_LABELS,
        "event_status_labels": STATUS_LABELS,
        "event_language_labels": LANGUAGE_LABELS,
    }


def load_event(slug: str) -> Event:
    event = db.session.scalar(
        select(Event)
        .where(Event.slug == slug)
        .options(
            selectinload(Event.topics), selectinload(Event.creator), selectinload(Event.series)
        )
    )
    if event is None or not service.can_view(current_user, event):
        abort(404)
    return event


def managed_event(slug: str) -> Event:
    event = load_event(slug)
    if not service.can_manage(current_user, event):
        abort(403)
    return event


def load_series(slug: str) -> EventSeries:
    series = db.session.scalar(select(EventSeries).where(EventSeries.slug == slug))
    if series is None or not service.can_view(current_user, series):
        abort(404)
    return series


def event_url(event: Event) -> str:
    return url_for("events.show", slug=event.slug, _external=True)


# --- the list, the month view and the feeds ------------------------------------------------


def filter_state() -> tuple[FilterForm, service.EventQuery]:
    form = FilterForm(request.args)
    query = form.query()
    query.after = request.args.get("after") or None
    return form, query


def feed_links(query: service.EventQuery) -> dict[str, str]:
    ics = url_for("events.ics_feed", _external=True, **query.params())
    _scheme, _sep, rest = ics.partition("://")
    return {
        "ics": ics,
        "webcal": f"webcal://{rest}",
        "atom": url_for("events.atom_feed", _external=True, **query.params()),
    }


@blueprint.route("/events/")
@anonymous_page_cache
def index() -> Response:
    form, query = filter_state()
    page = service.list_events(query, current_user)
    next_url = None
    if page.next_cursor:
        next_url = url_for("events.index", after=page.next_cursor, **query.params())
    # "Load more" appends to the list; a filter change replaces the results.
    block = "more" if request.headers.get("HX-Target") == "load-more" else "results"
    return render(
        "events/index.html",
        block=block,
        form=form,
        query=query,
        page=page,
        next_url=next_url,
        feeds=feed_links(query),
        view="list",
    )


@blueprint.route("/events/calendar")
@anonymous_page_cache
def month() -> Response:
    form, query = filter_state()
    today = utcnow().astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date()
    shown = parse_month(request.args.get("month"), today)
    days, truncated = service.month_events(shown, query, current_user)
    facets = {key: value for key, value in query.params().items() if key not in ("when",)}
    return render(
        "events/calendar.html",
        block="results",
        form=form,
        query=query,
        month=shown,
        weeks=shown.weeks(),
        days=days,
        truncated=truncated,
        today=today,
        facets=facets,
        feeds=feed_links(query),
        view="calendar",
    )


@blueprint.route("/events.ics")
def ics_feed() -> Response:
    _form, query = filter_state()
    events = service.feed_events(query, current_user)
    name = current_app.config["KB_SITE_NAME"] + " – " + _("Events")
    body = ical.feed_calendar(
        events, name, url_for("events.ics_feed", _external=True, **query.params()), event_url
    )
    response = Response(body, mimetype=ICS_MIMETYPE)
    response.headers["Content-Disposition"] = 'inline; filename="amtsnetz-veranstaltungen.ics"'
    return response


@blueprint.route("/events/feed.atom")
def atom_feed() -> Response:
    _form, query = filter_state()
    events = service.feed_events(query, current_user)
    body = feed.atom(
        events,
        url_for("events.atom_feed", _external=True, **query.params()),
        url_for("events.index", _external=True, **query.params()),
        event_url,
    )
    return Response(body, mimetype="application/atom+xml")


# --- one event ------------------------------------------------------------------------------


@blueprint.route("/events/<slug>")
@anonymous_page_cache
def show(slug: str) -> Response:
    event = load_event(slug)
    return render(
        "events/show.html",
        event=event,
        can_manage=service.can_manage(current_user, event),
        attending=service.is_attending(event, current_user),
        structured=jsonld.event_jsonld(event, event_url(event)),
        community=community_state("event", event.id),
        target_type="event",
        target_id=event.id,
        now=utcnow(),
    )


@blueprint.route("/events/<slug>.ics")
def show_ics(slug: str) -> Response:
    event = load_event(slug)
    response = Response(ical.event_calendar(event, event_url), mimetype=ICS_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@blueprint.route("/events/<slug>/attend", methods=["POST"])
def attend(slug: str) -> Response:
    event = load_event(slug)
    if not current_user.is_authenticated:
        flash(_("Please log in first."), "info")
        login_url = url_for("accounts.login", next=url_for("events.show", slug=event.slug))
        if wants_fragment():
            response = Response(status=204)
            response.headers["HX-Redirect"] = login_url
            return response
        return see_other(login_url)
    wanted = {"1": True, "0": False}.get(request.form.get("attend", ""))
    attending = service.set_attendance(event, current_user._get_current_object(), wanted)
    db.session.commit()
    if wanted and not attending:
        message = _("This event is over or cancelled; you cannot sign up for it any more.")
    elif attending:
        message = _("You are taking part. The event is in “My events”.")
    else:
        message = _("You are no longer taking part.")
    if wants_fragment():
        flash(message, "field")
        return render(
            "events/_attend.html", block="attend", event=event, attending=attending, now=utcnow()
        )
    flash(message, "success" if attending == bool(wanted) else "warning")
    return see_other(url_for("events.show", slug=event.slug) + "#attend")


@blueprint.route("/events/mine")
@login_required
def mine() -> Response:
    return render("events/mine.html", mine=service.my_events(current_user))


# --- writing --------------------------------------------------------------------------------


def event_limit() -> str:
    return current_app.config["KB_EVENT_LIMIT"]


def per_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else client_address()


@blueprint.route("/events/new", methods=["GET", "POST"])
@login_required
@limiter.limit(event_limit, key_func=per_account, methods=["POST"])
def new() -> Response:
    form = EventForm()
    if form.validate_on_submit():
        event = service.create_event(current_user, form.event_input(), form.recurrence())
        db.session.commit()
        if event.is_held:
            flash(
                _(
                    "Thank you! Your first event waits for a moderator to check it; until "
                    "then only you can see it."
                ),
                "info",
            )
        elif event.series_id:
            flash(_("The series is saved with its next dates."), "success")
        else:
            flash(_("Your event is published."), "success")
        return see_other(url_for("events.show", slug=event.slug))
    status = INVALID_FORM if form.errors else 200
    return render(
        "events/form.html",
        form=form,
        event=None,
        series=None,
        repeat_labels=REPEAT_LABELS,
        status=status,
    )


@blueprint.route("/events/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str) -> Response:
    event = managed_event(slug)
    form = EventForm()
    if request.method == "GET":
        form.fill_from(event)
    elif form.validate_on_submit():
        moved = service.update_event(event, form.event_input())
        db.session.commit()
        if moved:
            flash(_("Your changes are saved; subscribed calendars will update."), "success")
        else:
            flash(_("Your changes are saved."), "success")
        return see_other(url_for("events.show", slug=event.slug))
    status = INVALID_FORM if form.errors else 200
    return render("events/form.html", form=form, event=event, series=None, status=status)


@blueprint.route("/events/<slug>/cancel", methods=["GET", "POST"])
@login_required
def cancel(slug: str) -> Response:
    event = managed_event(slug)
    form = CancelForm()
    if form.validate_on_submit():
        service.cancel_event(event, form.reason.data or "")
        db.session.commit()
        flash(_("The event is cancelled. It stays listed, marked as cancelled."), "success")
        return see_other(url_for("events.show", slug=event.slug))
    status = INVALID_FORM if form.errors else 200
    return render("events/cancel.html", form=form, event=event, status=status)


@blueprint.route("/events/<slug>/delete", methods=["GET", "POST"])
@login_required
def delete(slug: str) -> Response:
    event = managed_event(slug)
    if request.method == "POST":
        service.delete_event(event)
        db.session.commit()
        flash(_("The event is deleted."), "success")
        return see_other(url_for("events.index"))
    return render("events/delete.html", event=event)


# --- series ---------------------------------------------------------------------------------


@blueprint.route("/events/series/<slug>")
def series(slug: str) -> Response:
    series = load_series(slug)
    occurrences = list(
        db.session.scalars(
            select(Event)
            .where(Event.series_id == series.id, service.visible_to(current_user))
            .order_by(Event.starts_at, Event.id)
        )
    )
    now = utcnow()
    return render(
        "events/series.html",
        series=series,
        upcoming=[event for event in occurrences if not event.is_past(now)],
        past=[event for event in occurrences if event.is_past(now)][-12:][::-1],
        can_manage=service.can_manage(current_user, series),
        form=CancelForm(),
        repeat_labels=REPEAT_LABELS,
    )


@blueprint.route("/events/series/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_series(slug: str) -> Response:
    series = load_series(slug)
    if not service.can_manage(current_user, series):
        abort(403)
    form = EventForm()
    template = next(iter(service.future_occurrences(series, utcnow())), None)
    if request.method == "GET":
        if template is None:
            flash(_("This series has no upcoming dates left to change."), "info")
            return see_other(url_for("events.series", slug=series.slug))
        form.fill_from(template)
    elif form.validate_on_submit():
        changed = service.update_series(series, form.event_input())
        db.session.commit()
        flash(
            _("The series is saved; %(count)d upcoming dates were updated.", count=changed),
            "success",
        )
        return see_other(url_for("events.series", slug=series.slug))
    status = INVALID_FORM if form.errors else 200
    return render("events/form.html", form=form, event=None, series=series, status=status)


@blueprint.route("/events/series/<slug>/end", methods=["POST"])
@login_required
def end_series(slug: str) -> Response:
    series = load_series(slug)
    if not service.can_manage(current_user, series):
        abort(403)
    form = CancelForm()
    if form.validate_on_submit():
        count = service.end_series(series, form.reason.data or "")
        db.session.commit()
        flash(
            _("The series has ended; %(count)d upcoming dates are cancelled.", count=count),
            "success",
        )
        return see_other(url_for("events.series", slug=series.slug))
    return render(
        "events/series.html",
        series=series,
        upcoming=service.future_occurrences(series, utcnow()),
        past=[],
        can_manage=True,
        form=form,
        repeat_labels=REPEAT_LABELS,
        status=INVALID_FORM,
    )


# --- review ---------------------------------------------------------------------------------


@blueprint.route("/events/review")
@role_required(Role.MODERATOR)
def review() -> Response:
    return render("events/review.html", events=service.held_events())


@blueprint.route("/events/<slug>/approve", methods=["POST"])
@role_required(Role.MODERATOR)
def approve(slug: str) -> Response:
    event = load_event(slug)
    service.approve(event)
    db.session.commit()
    flash(_("The event is approved and now listed."), "success")
    if request.form.get("return_to") == "review":
        return see_other(url_for("events.review"))
    return see_other(url_for("events.show", slug=event.slug))


# --- comments and bookmarks on events -------------------------------------------------------


def _load_visible(event_id: int) -> Event | None:
    event = db.session.get(Event, event_id)
    if event is None or event.review != Review.VISIBLE:
        return None
    return event


def _describe_many(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    rows = db.session.execute(
        select(Event.id, Event.title, Event.slug).where(
            Event.id.in_(list(ids)), Event.review == Review.VISIBLE
        )
    )
    return {row.id: (row.title, url_for("events.show", slug=row.slug)) for row in rows}


accounts_service.register_export("events", service.export_of)
accounts_service.before_account_deleted(service.forget_attendances)

register_target(
    TargetType(
        name="event",
        load=_load_visible,
        url=lambda event: url_for("events.show", slug=event.slug),
        describe_many=_describe_many,
    )
)
