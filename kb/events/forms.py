"""The event form, its checks of local times, and the list's filter form."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    Form,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import DateTimeLocalInput

from kb.datetimes import clock, long_date
from kb.events import localtime
from kb.events.editing import EventInput, Recurrence
from kb.events.models import (
    DEFAULT_TIMEZONE,
    MAX_DURATION,
    AttendanceMode,
    Event,
    EventStatus,
    Format,
    Frequency,
)
from kb.events.queries import EventQuery, Month
from kb.forms import (
    CheckboxList,
    DayField,
    SelectChoice,
    add_error,
    check_year,
    choices,
    clean_filter,
    fits,
    http_url,
    land_choices,
    not_blocked,
    offered_values,
    one_line,
    with_all,
)
from kb.taxonomy import all_topics, offered_topics

DESCRIPTION_MAX = 20_000

FORMAT_LABELS: dict[str, LazyString] = {
    Format.MEETUP: _l("Meetup"),
    Format.CONFERENCE: _l("Conference"),
    Format.BARCAMP: _l("Barcamp"),
    Format.WEBINAR: _l("Webinar"),
    Format.WORKSHOP: _l("Workshop"),
    Format.OTHER: _l("Other format"),
}
MODE_LABELS: dict[str, LazyString] = {
    AttendanceMode.IN_PERSON: _l("In person"),
    AttendanceMode.ONLINE: _l("Online"),
    AttendanceMode.HYBRID: _l("Hybrid (in person and online)"),
}
STATUS_LABELS: dict[str, LazyString] = {
    EventStatus.SCHEDULED: _l("Takes place as planned"),
    EventStatus.POSTPONED: _l("Postponed"),
    EventStatus.CANCELLED: _l("Cancelled"),
}
REPEAT_LABELS: dict[str, LazyString] = {
    "": _l("Does not repeat"),
    Frequency.WEEKLY: _l("Every week on the same weekday"),
    Frequency.BIWEEKLY: _l("Every two weeks on the same weekday"),
    Frequency.MONTHLY: _l("Every month on the same weekday (e.g. every first Thursday)"),
}
LANGUAGE_LABELS: dict[str, LazyString] = {
    "de": _l("German"),
    "en": _l("English"),
    "de-en": _l("German and English"),
}
STEP_FREE_LABELS: dict[str, LazyString] = {
    "": _l("Not known"),
    "yes": _l("Yes, step-free"),
    "no": _l("No"),
}
# Offered first in the time-zone field; any IANA name is accepted.
COMMON_ZONES = (
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/London",
    "UTC",
)
POSTAL_CODE = re.compile(r"\d{5}")


class LocalDateTimeField(Field):
    """A wall-clock date and time (no zone), as `datetime-local` sends it.

    Also accepts a date alone (midnight), which is what all-day events need and what
    browsers without the date picker make people type.
    """

    widget = DateTimeLocalInput()
    # What datetime-local sends, and what people type where the browser has no picker:
    # ISO, or the German way („01.07.2026 19:00“, as the German hints show it).
    FORMATS = (
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%d.%m.%Y %H:%M",
        "%d.%m.%Y, %H:%M",
        "%d.%m.%Y",
    )
    DATE_ONLY = ("%Y-%m-%d", "%d.%m.%Y")

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.date_only = False

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%Y-%m-%dT%H:%M") if self.data else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        for pattern in self.FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
            except ValueError:
                continue
            check_year(moment)
            self.data = moment
            self.date_only = pattern in self.DATE_ONLY
            return
        raise ValueError(
            str(_l("Please enter a date and time like 2026-07-01 19:00 (or use the date picker)."))
        )


class EventForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Please enter a title.")),
            fits(Event.title, minimum=3),
            not_blocked,
        ],
    )
    description = TextAreaField(
        _l("Description (Markdown)"),
        filters=[clean_filter],
        validators=[
            Optional(),
            Length(
                max=DESCRIPTION_MAX,
                message=_l("The description is too long (at most 20,000 characters)."),
            ),
            not_blocked,
        ],
    )
    format = SelectField(_l("Format"), choices=choices(FORMAT_LABELS), default="meetup")
    starts_at = LocalDateTimeField(
        _l("Starts"), validators=[InputRequired(_l("Please enter when the event starts."))]
    )
    ends_at = LocalDateTimeField(_l("Ends"))
    timezone = StringField(
        _l("Time zone"),
        filters=[one_line],
        default=DEFAULT_TIMEZONE,
        validators=[
            DataRequired(_l("Please enter a time zone, e.g. Europe/Berlin.")),
            fits(Event.timezone),
        ],
    )
    all_day = BooleanField(_l("All-day event"))
    repeat = SelectField(_l("Repeats"), choices=choices(REPEAT_LABELS), default="")
    repeat_until = DayField(_l("Repeats until"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=choices(STATUS_LABELS), default="scheduled")
    status_reason = StringField(
        _l("Reason or new date"),
        filters=[one_line],
        validators=[Optional(), fits(Event.status_reason), not_blocked],
    )
    attendance_mode = RadioField(
        _l("How people take part"), choices=choices(MODE_LABELS), default="in_person"
    )
    venue_name = StringField(
        _l("Venue"),
        filters=[one_line],
        validators=[Optional(), fits(Event.venue_name), not_blocked],
    )
    venue_street = StringField(
        _l("Street and number"),
        filters=[one_line],
        validators=[Optional(), fits(Event.venue_street), not_blocked],
    )
    venue_postal_code = StringField(
        _l("Postal code"),
        filters=[one_line],
        validators=[Optional(), fits(Event.venue_postal_code)],
    )
    venue_city = StringField(
        _l("City"), filters=[one_line], validators=[Optional(), fits(Event.venue_city), not_blocked]
    )
    land = SelectField(
        _l("Federal state (Land)"),
        choices=with_all(_l("Choose a Land"), land_choices()),
        default="",
    )
    online_url = StringField(
        _l("Link to join online"),
        filters=[one_line],
        validators=[
            Optional(),
            fits(Event.online_url),
            http_url,
            not_blocked,
        ],
    )
    registration_url = StringField(
        _l("Registration page"),
        filters=[one_line],
        validators=[
            Optional(),
            fits(Event.registration_url),
            http_url,
            not_blocked,
        ],
    )
    is_free = BooleanField(_l("Free of charge"), default=True)
    price = StringField(
        _l("Cost"),
        filters=[one_line],
        validators=[Optional(), fits(Event.price), not_blocked],
    )
    language = SelectField(_l("Language"), choices=choices(LANGUAGE_LABELS), default="de")
    organiser_name = StringField(
        _l("Organised by"),
        filters=[one_line],
        validators=[Optional(), fits(Event.organiser_name), not_blocked],
    )
    topics = CheckboxList(_l("Topics"), coerce=str, validate_choice=True)
    step_free = SelectField(_l("Step-free access"), choices=choices(STEP_FREE_LABELS), default="")
    sign_language = BooleanField(_l("Sign-language interpreting"))
    live_captions = BooleanField(_l("Live captions"))
    recording_policy = StringField(
        _l("Recording and photos"),
        filters=[one_line],
        validators=[Optional(), fits(Event.recording_policy), not_blocked],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_terms(None)
        self.start_utc: datetime | None = None
        self.end_utc: datetime | None = None

    def offer_terms(self, event: Any) -> None:
        """Offer the active topics, and the retired ones the event (or series) has."""
        self.topic_terms = offered_topics(event.topics if event is not None else ())
        self.topics.choices = [SelectChoice(term.slug, term.name) for term in self.topic_terms]

    # --- checks across fields ---------------------------------------------------------

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return self._check_times() and self._check_place() and self._check_rest() and valid

    def _zone(self) -> ZoneInfo | None:
        name = self.timezone.data or ""
        if self.timezone.errors:
            return None
        if not localtime.known_timezone(name):
            add_error(self.timezone, _l("Unknown time zone. Use a name like Europe/Berlin."))
            return None
        return ZoneInfo(name)

    def _instant(self, field: LocalDateTimeField, zone: ZoneInfo) -> datetime | None:
        local = field.data
        if local is None:
            return None
        if self.all_day.data:
            return localtime.day_start(local.date(), zone)
        try:
            return localtime.to_utc(local, zone)
        except localtime.LocalTimeError as error:
            if error.kind == "gap":
                message = _l(
                    "%(time)s does not exist on %(date)s in %(zone)s: the clocks jump an hour "
                    "forward then. Please choose another time.",
                    time=clock(local),
                    date=long_date(local.date()),
                    zone=zone.key,
                )
            else:
                message = _l(
                    "%(time)s happens twice on %(date)s in %(zone)s: the clocks go back an "
                    "hour then. Please choose a time outside that hour.",
                    time=clock(local),
                    date=long_date(local.date()),
                    zone=zone.key,
                )
            add_error(field, message)
            return None

    def _check_times(self) -> bool:
        zone = self._zone()
        if zone is None or self.starts_at.errors or self.ends_at.errors:
            return False
        start = self._instant(self.starts_at, zone)
        if self.ends_at.data is None:
            if not self.all_day.data:
                add_error(self.ends_at, _l("Please enter when the event ends."))
                return False
            end_day = self.starts_at.data.date() if self.starts_at.data else None
        else:
            end_day = self.ends_at.data.date()
        if self.all_day.data:
            end = localtime.day_start(end_day + timedelta(days=1), zone) if end_day else None
        else:
            end = self._instant(self.ends_at, zone)
        if start is None or end is None:
            return False
        if end <= start:
            add_error(self.ends_at, _l("The end must be after the start."))
            return False
        if end - start > MAX_DURATION:
            add_error(
                self.ends_at,
                _l("An event can last at most 31 days. Please check the start and the end."),
            )
            return False
        if self.repeat.data:
            if (self.ends_at.data or self.starts_at.data).date() != self.starts_at.data.date():
                add_error(self.ends_at, _l("A repeating event must end on the day it starts."))
                return False
            if self.repeat_until.data and self.repeat_until.data < self.starts_at.data.date():
                self.repeat_until.errors = [
                    str(_l("The last date must not be before the first event."))
                ]
                return False
        self.start_utc, self.end_utc = start, end
        return True

    def _check_place(self) -> bool:
        if self.attendance_mode.data not in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID):
            return True
        ok = True
        message = str(_l("Please enter the venue of an event people attend in person."))
        if not self.venue_name.data and not self.venue_street.data:
            self.venue_name.errors = [*self.venue_name.errors, message]
            ok = False
        if not self.venue_city.data:
            self.venue_city.errors = [*self.venue_city.errors, str(_l("Please enter the city."))]
            ok = False
        if self.venue_postal_code.data and not POSTAL_CODE.fullmatch(self.venue_postal_code.data):
            self.venue_postal_code.errors = [
                *self.venue_postal_code.errors,
                str(_l("A German postal code has five digits.")),
            ]
            ok = False
        if not self.land.data:
            self.land.errors = [*self.land.errors, str(_l("Please choose the Land."))]
            ok = False
        return ok

    def _check_rest(self) -> bool:
        ok = True
        if not self.is_free.data and not self.price.data:
            self.price.errors = [*self.price.errors, str(_l("Please say what the event costs."))]
            ok = False
        if self.status.data != EventStatus.SCHEDULED and not self.status_reason.data:
            self.status_reason.errors = [
                *self.status_reason.errors,
                str(_l("Please tell people why, or when it will take place instead.")),
            ]
            ok = False
        return ok

    # --- what the service gets ----------------------------------------------------------

    def event_input(self) -> EventInput:
        assert self.start_utc is not None and self.end_utc is not None
        chosen = set(self.topics.data or [])
        return EventInput(
            title=self.title.data or "",
            starts_at=self.start_utc,
            ends_at=self.end_utc,
            timezone=self.timezone.data or DEFAULT_TIMEZONE,
            all_day=bool(self.all_day.data),
            description=self.description.data or "",
            format=Format(self.format.data),
            attendance_mode=AttendanceMode(self.attendance_mode.data),
            venue_name=self.venue_name.data or "",
            venue_street=self.venue_street.data or "",
            venue_postal_code=self.venue_postal_code.data or "",
            venue_city=self.venue_city.data or "",
            land=self.land.data or "",
            online_url=self.online_url.data or "",
            registration_url=self.registration_url.data or "",
            is_free=bool(self.is_free.data),
            price=self.price.data or "",
            language=self.language.data or "de",
            organiser_name=self.organiser_name.data or "",
            step_free={"yes": True, "no": False}.get(self.step_free.data or ""),
            sign_language=bool(self.sign_language.data),
            live_captions=bool(self.live_captions.data),
            recording_policy=self.recording_policy.data or "",
            topics=[term for term in self.topic_terms if term.slug in chosen],
            status=EventStatus(self.status.data),
            status_reason=self.status_reason.data or "",
        )

    def recurrence(self) -> Recurrence | None:
        if not self.repeat.data:
            return None
        return Recurrence(Frequency(self.repeat.data), self.repeat_until.data)

    def fill_from(self, event: Any) -> None:
        """Put a stored event (or series template) into the form, in its own zone."""
        for name in [
            "title",
            "description",
            "venue_name",
            "venue_street",
            "venue_postal_code",
            "venue_city",
            "land",
            "online_url",
            "registration_url",
            "price",
            "language",
            "organiser_name",
            "recording_policy",
        ]:
            getattr(self, name).data = getattr(event, name)
        self.format.data = event.format.value
        self.attendance_mode.data = event.attendance_mode.value
        self.timezone.data = event.timezone
        self.all_day.data = event.all_day
        self.is_free.data = event.is_free
        self.sign_language.data = event.sign_language
        self.live_captions.data = event.live_captions
        self.step_free.data = {True: "yes", False: "no"}.get(event.step_free, "")
        self.topics.data = [term.slug for term in event.topics]
        status = getattr(event, "status", None)
        if status is not None:
            self.status.data = status.value
            self.status_reason.data = event.status_reason
        starts, ends = event.local_start, event.local_end
        if event.all_day:
            ends = ends - timedelta(days=1)
        self.starts_at.data = starts.replace(tzinfo=None)
        self.ends_at.data = ends.replace(tzinfo=None)


class CancelForm(FlaskForm):
    reason = StringField(
        _l("Why is it cancelled?"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Please tell people why the event is cancelled.")),
            fits(Event.status_reason),
            not_blocked,
        ],
    )


class FilterForm(Form):
    """The list's filters, read from the query string (no CSRF: it changes nothing)."""

    when = SelectField(
        _l("Time"),
        choices=[
            SelectChoice("", _l("Upcoming events")),
            SelectChoice("past", _l("Past events (archive)")),
        ],
        default="",
        validate_choice=False,
    )
    start = DayField(_l("From"), validators=[Optional()])
    end = DayField(_l("To"), validators=[Optional()])
    land = SelectField(_l("Land"), validate_choice=False, default="")
    format = SelectField(_l("Format"), validate_choice=False, default="")
    mode = SelectField(_l("Attendance"), validate_choice=False, default="")
    topic = SelectField(_l("Topic"), validate_choice=False, default="")
    free = BooleanField(_l("Free of charge only"))

    def __init__(self, formdata: Any) -> None:
        # "from" is a Python keyword; the query string keeps the readable names.
        data = formdata.copy()
        for public, name in (("from", "start"), ("to", "end")):
            if public in data:
                data.setlist(name, data.getlist(public))
        super().__init__(data)
        self.land.choices = with_all(_l("All Länder"), land_choices())
        self.format.choices = with_all(_l("All formats"), choices(FORMAT_LABELS))
        self.mode.choices = with_all(_l("In person and online"), choices(MODE_LABELS))
        topics = [SelectChoice(term.slug, term.name) for term in all_topics()]
        self.topic.choices = with_all(_l("All topics"), topics)

    def query(self) -> EventQuery:
        """The filters that are valid; a wrong value is dropped (and marked by validate)."""
        self.validate()

        def pick(field: SelectField) -> str | None:
            valid = offered_values(field)
            if field.data and field.data in valid:
                return str(field.data)
            if field.data:
                field.errors = [str(_l("Unknown value; showing all."))]
            return None

        start = self.start.data if not self.start.errors else None
        end = self.end.data if not self.end.errors else None
        if start and end and end < start:
            self.end.errors = [str(_l("The end date must not be before the start date."))]
            end = None
        format_ = pick(self.format)
        mode = pick(self.mode)
        return EventQuery(
            past=self.when.data == "past",
            start=start,
            end=end,
            land=pick(self.land),
            format=Format(format_) if format_ else None,
            mode=AttendanceMode(mode) if mode else None,
            topic=pick(self.topic),
            free=bool(self.free.data),
        )


def parse_month(value: str | None, today: date) -> Month:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return Month(year, month)
    except ValueError:
        pass
    return Month(today.year, today.month)
