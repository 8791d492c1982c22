from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, selectinload

from kb import registry
from kb.cache import anonymous_page_cache
from kb.conditional import feed_response
from kb.content.pages import WAITS_FOR_REVIEW, not_visible, standing_notice
from kb.events import (
    attendance,
    blueprint,
    feed,
    ical,
    jsonld,
    policy,
    queries,
    service,
)
from kb.events import (
    series as series_service,
)
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
from kb.extensions import db, limiter, per_member, post_limit
from kb.htmx import render, wants_fragment
from kb.http import (
    INVALID_FORM,
    login_required,
    permission_required,
    require,
    see_other,
)
from kb.numbers import number
from kb.templating import Deferred
from kb.timeutil import utcnow

ICS_MIMETYPE = "text/calendar"
# What the list reads from the query string (FilterForm takes "from" and "to", and its
# own field names "start" and "end" too), the feeds all of it but the page cursor.
FEED_PARAMS = ("end", "format", "free", "from", "land", "mode", "start", "to", "topic", "when")
LIST_PARAMS = (*FEED_PARAMS, "after")


@blueprint.app_context_processor
def event_labels() -> dict[str, object]:
    return {
        "event_format_labels": FORMAT_LABELS,
        "event_mode_labels": MODE_LABELS,
        "event_status_labels": STATUS_LABELS,
        "event_language_labels": LANGUAGE_LABELS,
    }


FULL_EVENT = (selectinload(Event.topics), selectinload(Event.creator), selectinload(Event.series))
# The event's page keeps what it shows of the event for every reader
# (kb.templating.shared_html): the row without the description decides who sees what;
# the rest is loaded only when a kept part is rendered afresh.
EVENT_ROW = (defer(Event.description), defer(Event.description_html))
# Built once (building a statement cost more than running it).
STATEMENTS = {
    options: select(Event).where(Event.slug == bindparam("slug")).options(*options)
    for options in (FULL_EVENT, EVENT_ROW)
}


def load_event(slug: str, options: tuple[Any, ...] = FULL_EVENT) -> Event:
    event = db.session.scalar(STATEMENTS[options], {"slug": slug})
    if event is None:
        abort(404)
    if not policy.can_view(current_user, event):
        not_visible(event.review, _("This event was hidden by the moderation."))
    return event


def managed_event(slug: str) -> Event:
    event = load_event(slug)
    require(policy.can_edit(current_user, event))
    return event


def load_series(slug: str) -> EventSeries:
    series = db.session.scalar(select(EventSeries).where(EventSeries.slug == slug))
    if series is None:
        abort(404)
    if not policy.can_view(current_user, series):
        not_visible(series.review, _("This event series was hidden by the moderation."))
    return series


def event_url(event: Event) -> str:
    return url_for("events.show", slug=event.slug, _external=True)


# --- the list, the month view and the feeds ------------------------------------------------


def filter_state(paged: bool = True) -> tuple[FilterForm, queries.EventQuery]:
    """The filters of the request; `paged`: the list's cursor too (feeds hold every event, so
    they do not read it, and the page cache keeps one feed per filter)."""
    form = FilterForm(request.args)
    query = form.query()
    if paged:
        query.after = request.args.get("after") or None
    return form, query


def feed_links(query: queries.EventQuery) -> dict[str, str]:
    ics = url_for("events.ics_feed", _external=True, **query.params())
    _scheme, _sep, rest = ics.partition("://")
    return {
        "ics": ics,
        "webcal": f"webcal://{rest}",
        "atom": url_for("events.atom_feed", _external=True, **query.params()),
    }


@blueprint.route("/events/")
@anonymous_page_cache(params=LIST_PARAMS)
def index() -> Response:
    # Everything below is loaded only if the page's shared parts are not kept
    # (kb.templating.shared_html): they are keyed by the query string as given.
    state = Deferred(filter_state)
    query: Any = Deferred(lambda: state.value[1])

    def load() -> ListPage:
        page = queries.list_events(query, current_user)
        next_url = None
        if page.next_cursor:
            next_url = url_for(
                "events.index", _external=False, after=page.next_cursor, **query.params()
            )
        return ListPage(page.events, next_url)

    # "Load more" appends to the list; a filter change replaces the results.
    block = "more" if request.headers.get("HX-Target") == "load-more" else "results"
    return render(
        "events/index.html",
        block=block,
        form=Deferred(lambda: state.value[0]),
        query=query,
        page=Deferred(load),
        audience=policy.audience(current_user),
        list_params=LIST_PARAMS,
        feeds=Deferred(lambda: feed_links(query)),
        view="list",
        can_manage=policy.can_manage(current_user),
    )


@dataclass(frozen=True)
class ListPage:
    events: list[Event]
    next_url: str | None


@blueprint.route("/events/calendar")
@anonymous_page_cache(params=(*LIST_PARAMS, "month"))
def month() -> Response:
    form, query = filter_state()
    today = utcnow().astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date()
    shown = parse_month(request.args.get("month"), today)
    days, truncated = queries.month_events(shown, query, current_user)
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
        can_manage=policy.can_manage(current_user),
    )


@blueprint.route("/events.ics")
@anonymous_page_cache(params=FEED_PARAMS)
def ics_feed() -> Response:
    _form, query = filter_state(paged=False)

    def build() -> bytes:
        events = queries.feed_events(query, current_user)
        name = current_app.config["KB_SITE_NAME"] + " – " + _("Events")
        feed_url = url_for("events.ics_feed", _external=True, **query.params())
        return ical.feed_calendar(events, name, feed_url, event_url)

    return feed_response(
        build,
        ICS_MIMETYPE,
        variant=query.params(),
        not_before=feed.last_ended(utcnow()),
        headers={"Content-Disposition": 'inline; filename="amtsnetz-veranstaltungen.ics"'},
    )


@blueprint.route("/events/feed.atom")
@anonymous_page_cache(params=FEED_PARAMS)
def atom_feed() -> Response:
    _form, query = filter_state(paged=False)

    def build() -> bytes:
        return feed.atom(
            queries.feed_events(query, current_user),
            url_for("events.atom_feed", _external=True, **query.params()),
            url_for("events.index", _external=True, **query.params()),
            event_url,
        )

    return feed_response(
        build,
        "application/atom+xml",
        variant=query.params(),
        not_before=feed.last_ended(utcnow()),
    )


# --- one event ------------------------------------------------------------------------------


@blueprint.route("/events/<slug>")
@anonymous_page_cache
def show(slug: str) -> Response:
    event = load_event(slug, EVENT_ROW)
    return render(
        "events/show.html",
        event=event,
        can_edit=policy.can_edit(current_user, event),
        can_manage=policy.can_manage(current_user),
        attending=attendance.is_attending(event, current_user),
        structured=Deferred(
            lambda: jsonld.event_jsonld(
                event,
                event_url(event),
                url_for("events.series", slug=event.series.slug, _external=True)
                if event.series
                else None,
            )
        ),
        panels=registry.current().render_panels("content", name="event", record=event),
        standing_notice=standing_notice(event),
        now=utcnow(),
    )


@blueprint.route("/events/<slug>.ics")
@anonymous_page_cache
def show_ics(slug: str) -> Response:
    event = load_event(slug)
    return feed_response(
        lambda: ical.event_calendar(event, event_url),
        ICS_MIMETYPE,
        headers={"Content-Disposition": f'attachment; filename="{event.slug}.ics"'},
    )


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
    attending = attendance.set_attendance(event, current_user._get_current_object(), wanted)
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
    return render("events/mine.html", mine=attendance.my_events(current_user))


# --- writing --------------------------------------------------------------------------------


def event_limit() -> str:
    return str(current_app.config["KB_EVENT_LIMIT"])


@blueprint.route("/events/new", methods=["GET", "POST"])
@login_required
@limiter.limit(event_limit, key_func=per_member, methods=["POST"])
@post_limit
def new() -> Response:
    form = EventForm()
    if form.validate_on_submit():
        event = service.create_event(current_user, form.event_input(), form.recurrence())
        db.session.commit()
        if event.is_held:
            flash(str(WAITS_FOR_REVIEW), "info")
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
    form.offer_terms(event)
    if request.method == "GET":
        form.fill_from(event)
    elif form.validate_on_submit():
        moved = service.update_event(event, form.event_input(), current_user)
        db.session.commit()
        if event.is_held:
            flash(str(WAITS_FOR_REVIEW), "info")
        elif moved:
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
        service.cancel_event(event, form.reason.data or "", current_user)
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
        service.delete_event(event, current_user)
        db.session.commit()
        flash(_("The event is deleted."), "success")
        return see_other(url_for("events.index"))
    return render("events/delete.html", event=event)


# --- series ---------------------------------------------------------------------------------


@blueprint.route("/events/series/<slug>")
def series(slug: str) -> Response:
    return _series_page(load_series(slug), CancelForm())


def _series_page(series: EventSeries, form: CancelForm, status: int = 200) -> Response:
    occurrences = list(
        db.session.scalars(
            select(Event)
            .where(Event.series_id == series.id, policy.visible(current_user))
            .order_by(Event.starts_at, Event.id)
        )
    )
    now = utcnow()
    upcoming = [event for event in occurrences if not event.is_past(now)]
    past = [event for event in occurrences if event.is_past(now)][-12:][::-1]
    page_url = url_for("events.series", slug=series.slug, _external=True)
    return render(
        "events/series.html",
        series=series,
        upcoming=upcoming,
        past=past,
        structured=jsonld.series_jsonld(series, page_url, [*past[::-1], *upcoming], event_url),
        can_edit=policy.can_edit(current_user, series),
        standing_notice=series_notice(series),
        form=form,
        repeat_labels=REPEAT_LABELS,
        status=status,
    )


def series_notice(series: EventSeries) -> Markup | None:
    """A series is not a content type of its own: its note is its first occurrence's
    (they share their standing)."""
    if series.review == Review.VISIBLE:
        return None
    first = db.session.scalar(
        select(Event).where(Event.series_id == series.id).order_by(Event.starts_at).limit(1)
    )
    return standing_notice(first) if first is not None else None


@blueprint.route("/events/series/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_series(slug: str) -> Response:
    series = load_series(slug)
    require(policy.can_edit(current_user, series))
    form = EventForm()
    template = next(iter(series_service.future_occurrences(series, utcnow())), None)
    form.offer_terms(template)
    if request.method == "GET":
        if template is None:
            flash(_("This series has no upcoming dates left to change."), "info")
            return see_other(url_for("events.series", slug=series.slug))
        form.fill_from(template)
    elif form.validate_on_submit():
        changed = series_service.update_series(series, form.event_input(), editor=current_user)
        db.session.commit()
        if series.review == Review.HELD:
            flash(str(WAITS_FOR_REVIEW), "info")
        else:
            flash(series_saved_text(changed), "success")
        return see_other(url_for("events.series", slug=series.slug))
    status = INVALID_FORM if form.errors else 200
    return render("events/form.html", form=form, event=None, series=series, status=status)


def series_saved_text(changed: int) -> str:
    if not changed:
        return str(_("The series is saved; no upcoming date needed a change."))
    return str(
        ngettext(
            "The series is saved; %(count)s upcoming date was updated.",
            "The series is saved; %(count)s upcoming dates were updated.",
            changed,
            count=number(changed),
        )
    )


def series_ended_text(cancelled: int) -> str:
    if not cancelled:
        return str(_("The series has ended; it had no upcoming dates left."))
    return str(
        ngettext(
            "The series has ended; %(count)s upcoming date is cancelled.",
            "The series has ended; %(count)s upcoming dates are cancelled.",
            cancelled,
            count=number(cancelled),
        )
    )


@blueprint.route("/events/series/<slug>/end", methods=["POST"])
@login_required
def end_series(slug: str) -> Response:
    series = load_series(slug)
    require(policy.can_edit(current_user, series))
    form = CancelForm()
    if form.validate_on_submit():
        count = series_service.end_series(series, form.reason.data or "", actor=current_user)
        db.session.commit()
        flash(series_ended_text(count), "success")
        return see_other(url_for("events.series", slug=series.slug))
    return _series_page(series, form, INVALID_FORM)


# --- review ---------------------------------------------------------------------------------


@blueprint.route("/events/review")
@permission_required(policy.can_manage)
def review() -> Response:
    """Held events wait in the one moderation queue now, where they are approved with
    a statement of reasons like every other post."""
    return see_other(url_for("moderation.queue_index", what="held", type="event"))
