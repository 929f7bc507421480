from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import access, login_required, public, roles, staff_required
from office.core.clock import local_now, office_tz, utcnow
from office.core.errors import DomainError, NotFound
from office.core.forms import show_domain_error
from office.core.models import District, Topic
from office.core.pagination import paginate
from office.core.registry import CALENDAR_SOURCES
from office.events import bp, rules, services
from office.events.forms import (
    CalendarFilterForm,
    CancelEventForm,
    EventForm,
    ModerateEventForm,
    SignupForm,
    kind_label,
)
from office.events.ical import build_feed
from office.events.models import Event
from office.extensions import db, limiter


def _reference_data():
    districts = list(db.session.scalars(sa.select(District).order_by(District.name)))
    topics = sorted(db.session.scalars(sa.select(Topic)), key=lambda t: t.name.lower())
    return districts, topics


def calendar_filter(args, districts, topics) -> tuple[services.CalendarFilter, list[str]]:
    """Filter from query arguments (slugs, repeatable); unknown values are reported."""
    by_district = {d.slug: d.id for d in districts}
    by_topic = {t.slug: t.id for t in topics}
    unknown = []
    flt = services.CalendarFilter()
    for name, table, target in (
        ("district", by_district, flt.district_ids),
        ("topic", by_topic, flt.topic_ids),
    ):
        for value in filter(None, args.getlist(name)):
            if value in table:
                target.add(table[value])
            else:
                unknown.append(name)
    for value in filter(None, args.getlist("organiser")):
        if value in ("office", "initiative", "department", "board"):
            flt.organisers.add(value)
        else:
            unknown.append("organiser")
    for value in filter(None, args.getlist("kind")):
        if value in CALENDAR_SOURCES:
            flt.kinds.add(value)
        else:
            unknown.append("kind")
    return flt, unknown


def _filter_context():
    districts, topics = _reference_data()
    form = CalendarFilterForm(request.args)
    form.set_choices(districts, topics, sorted(CALENDAR_SOURCES))
    flt, _unknown = calendar_filter(request.args, districts, topics)
    filter_args = {
        k: v
        for k, v in request.args.items()
        if k in ("district", "topic", "organiser", "kind") and v
    }
    return form, flt, filter_args


def _day(raw: str | None, default: date) -> date:
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def _by_day(entries, days: list[date]) -> dict[date, list]:
    """Each entry under every day it touches (a multi-day event shows on each of its days)."""
    tz = office_tz()
    result = {d: [] for d in days}
    for entry in entries:
        first = entry.start.astimezone(tz).date()
        last = (entry.end.astimezone(tz) - timedelta(microseconds=1)).date()
        day = max(first, days[0])
        while day <= min(last, days[-1]):
            result[day].append(entry)
            day += timedelta(days=1)
    return result


def _window(first: date, last: date):
    tz = office_tz()
    return rules.local_midnight(first, tz), rules.local_midnight(last + timedelta(days=1), tz)


def _feed_url(filter_args) -> str:
    return url_for("events_api.feed", _external=True, **filter_args)


@bp.route("/")
@public
def index():
    """Month grid."""
    form, flt, filter_args = _filter_context()
    today = local_now().date()
    try:
        year, month = (int(x) for x in request.args.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    weeks = rules.month_grid(first.year, first.month)
    start, end = _window(weeks[0][0], weeks[-1][-1])
    entries = services.calendar_entries(start, end, flt)
    prev_month = (first - timedelta(days=1)).replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    return render_template(
        "events/month.html",
        form=form,
        filter_args=filter_args,
        weeks=weeks,
        first=first,
        today=today,
        by_day=_by_day(entries, [d for w in weeks for d in w]),
        prev_month=prev_month,
        next_month=next_month,
        feed_url=_feed_url(filter_args),
        kind_label=kind_label,
        view="month",
        per_day=MONTH_DAY_ENTRIES,
    )


@bp.route("/week")
@public
def week():
    form, flt, filter_args = _filter_context()
    today = local_now().date()
    days = rules.week_of(_day(request.args.get("date"), today))
    start, end = _window(days[0], days[-1])
    entries = services.calendar_entries(start, end, flt)
    return render_template(
        "events/week.html",
        form=form,
        filter_args=filter_args,
        days=days,
        today=today,
        by_day=_by_day(entries, days),
        prev_week=days[0] - timedelta(days=7),
        next_week=days[0] + timedelta(days=7),
        feed_url=_feed_url(filter_args),
        kind_label=kind_label,
        view="week",
    )


LIST_DAYS = 31
#: the list stops after the day on which this many entries are reached ("Later" goes on)
LIST_MAX_ENTRIES = 150
#: entries shown in a day of the month grid; the rest are behind a link to the list
MONTH_DAY_ENTRIES = 5


@bp.route("/list")
@public
def listing():
    form, flt, filter_args = _filter_context()
    today = local_now().date()
    first = max(_day(request.args.get("from"), today), today)
    days = [first + timedelta(days=i) for i in range(LIST_DAYS)]
    start, end = _window(days[0], days[-1])
    start = max(start, utcnow()) if first == today else start
    entries = services.calendar_entries(start, end, flt)
    by_day, shown, last = {}, 0, days[0]
    for day, day_entries in _by_day(entries, days).items():
        if shown >= LIST_MAX_ENTRIES:
            break
        last = day
        if day_entries:
            by_day[day] = day_entries
            shown += len(day_entries)
    return render_template(
        "events/list.html",
        form=form,
        filter_args=filter_args,
        by_day=by_day,
        first=first,
        last=last,
        next_from=last + timedelta(days=1),
        prev_from=first - timedelta(days=LIST_DAYS) if first > today else None,
        feed_url=_feed_url(filter_args),
        kind_label=kind_label,
        view="list",
    )


@bp.route("/archive")
@public
def archive():
    page = paginate(services.past_events_query(utcnow()), request.args.get("page"), 25)
    return render_template("events/archive.html", page=page)


def _visible(event_id: int) -> Event:
    try:
        return services.visible_event(current_user, event_id)
    except NotFound:
        abort(404)


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
def show(event_id: int):
    event = _visible(event_id)
    now = utcnow()
    upcoming = services.upcoming_occurrences(event, now)
    form = None
    if event.capacity and event.status == "published" and upcoming:
        form = SignupForm()
        form.occurrence.choices = [(o.start.date().isoformat(), o.start) for o in upcoming]
        if request.method == "GET" and request.args.get("date"):
            form.occurrence.data = request.args["date"]
        if form.validate_on_submit():
            try:
                services.sign_up(
                    event.id, date.fromisoformat(form.occurrence.data), form.name.data,
                    form.email.data, now, locale=str(_locale()),
                )  # fmt: skip
            except NotFound:
                abort(404)
            except DomainError as err:
                db.session.rollback()
                show_domain_error(form, err)
            else:
                db.session.commit()
                flash(_("You are signed up. We have sent you a confirmation by email."), "success")
                return redirect(url_for("events.show", event_id=event.id))
    places = {
        o.start: rules.places_left(event.capacity, services.taken_places(event.id, o.start))
        for o in upcoming[:6]
    } if event.capacity else {}  # fmt: skip
    # an occurrence of a series is linked with ?date=; else the next date is shown
    wanted = request.args.get("date", "")
    shown = next((o for o in upcoming if o.start.date().isoformat() == wanted), None)
    return render_template(
        "events/show.html",
        event=event,
        shown=shown or (upcoming[0] if upcoming else None),
        upcoming=upcoming,
        form=form,
        places=places,
        can_edit=services.can_edit_event(current_user, event),
        is_past=event.series_end_at <= now,
    )


def _locale():
    from flask_babel import get_locale

    return get_locale()


@bp.route("/events/<int:event_id>/signups")
@login_required
def signups(event_id: int):
    """Who signed up, by date: for the organisers and the office."""
    try:
        event = services.editable_event(current_user, event_id)
    except NotFound:
        abort(404)
    return render_template("events/signups.html", event=event, signups=services.signups_of(event))


@bp.route("/events/<int:event_id>.ics")
@public
def event_ics(event_id: int):
    event = _visible(event_id)
    body = build_feed(
        [], [(event, url_for("events.show", event_id=event.id, _external=True))], name=event.title
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'},
    )


# --- submitting and moderating -----------------------------------------------------------


def _form_choices(form: EventForm) -> None:
    from office.directory.models import Initiative
    from office.directory.services import initiatives_of

    districts, topics = _reference_data()
    staff = current_user.has_role("office_staff")
    if staff:
        initiatives = list(
            db.session.scalars(
                sa.select(Initiative)
                .where(Initiative.status == "published")
                .order_by(Initiative.name)
            )
        )
    else:
        initiatives = [i for i in initiatives_of(current_user) if i.status == "published"]
    form.set_choices(districts, topics, initiatives, staff)


def _event_data(form: EventForm) -> services.EventData:
    staff = "organiser_kind" in form
    return services.EventData(
        title=form.title.data or "",
        description=form.description.data or "",
        start_date=form.start_date.data,
        end_date=form.end_date.data or form.start_date.data,
        start_time=form.start_time.data,
        end_time=form.end_time.data,
        all_day=form.all_day.data,
        location=form.location.data or "",
        online_url=form.online_url.data or "",
        district_id=form.district.data,
        topic_ids=tuple(form.topics.data or ()),
        organiser_kind=form.organiser_kind.data if staff else "initiative",
        organiser_name=(form.organiser_name.data or "") if staff else "",
        initiative_id=form.initiative.data,
        accessibility=form.accessibility.data or "",
        registration_url=form.registration_url.data or "",
        capacity=form.capacity.data,
        frequency=form.frequency.data,
        repeat_interval=form.repeat_interval.data or 1,
        repeat_count=form.repeat_count.data,
        repeat_until=form.repeat_until.data,
        exdates=form.exdate_list(),
    )


def _save(form: EventForm, event: Event | None):
    try:
        event = services.save_event(current_user, event, _event_data(form), utcnow())
    except DomainError as err:
        db.session.rollback()
        show_domain_error(form, err)
        return None
    db.session.commit()
    return event


REPS_AND_STAFF = roles("initiative_rep", "office_staff")


@bp.route("/new", methods=["GET", "POST"])
@access(REPS_AND_STAFF)
def new():
    form = EventForm()
    _form_choices(form)
    if form.validate_on_submit() and (event := _save(form, None)):
        if event.status == "published":
            flash(_("The event is published in the calendar."), "success")
        else:
            flash(
                _("Thank you. The office will review the event and tell you by email."), "success"
            )
        return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=None)


def _form_data(event: Event) -> dict:
    tz = office_tz()
    start, end = event.start_at.astimezone(tz), event.end_at.astimezone(tz)
    last_day = (end - timedelta(days=1)).date() if event.all_day else end.date()
    simple = (
        "title", "description", "all_day", "location", "online_url", "organiser_kind",
        "organiser_name", "accessibility", "registration_url", "capacity",
    )  # fmt: skip
    data = {name: getattr(event, name) for name in simple}
    data |= {
        "initiative": event.initiative_id, "district": event.district_id,
        "topics": [t.id for t in event.topics], "start_date": start.date(),
        "start_time": None if event.all_day else start.time(), "end_date": last_day,
        "end_time": None if event.all_day else end.time(), "exdates": "\n".join(event.exdates or ()),
        "frequency": "none", "repeat_interval": 1,
    }  # fmt: skip
    if event.rrule:
        parts = dict(p.split("=", 1) for p in event.rrule.split(";"))
        data["repeat_interval"] = int(parts.get("INTERVAL", 1))
        data["frequency"] = {
            "DAILY": "daily", "WEEKLY": "weekly",
            "MONTHLY": "monthly_date" if "BYMONTHDAY" in parts else "monthly_weekday",
        }[parts["FREQ"]]  # fmt: skip
        if "COUNT" in parts:
            data["repeat_count"] = int(parts["COUNT"])
        elif "UNTIL" in parts:
            until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=rules.UTC)
            data["repeat_until"] = until.astimezone(tz).date()
    return data


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    try:
        event = services.editable_event(current_user, event_id)
    except NotFound:
        abort(404)
    form = EventForm(data=_form_data(event)) if request.method == "GET" else EventForm()
    _form_choices(form)
    if form.validate_on_submit() and _save(form, event):
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=event)


@bp.route("/mine")
@access(REPS_AND_STAFF)
def mine():
    return render_template("events/mine.html", events=services.my_events(current_user))


@bp.route("/moderation")
@staff_required
def moderation():
    return render_template("events/moderation.html", queue=services.moderation_queue())


@bp.route("/events/<int:event_id>/moderate", methods=["GET", "POST"])
@staff_required
def moderate(event_id: int):
    event = db.session.get(Event, event_id) or abort(404)
    form = ModerateEventForm()
    if form.validate_on_submit():
        try:
            services.moderate_event(current_user, event, form.decision.data, form.reason.data)
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("The decision is saved and the organiser has been told by email."), "success")
            return redirect(url_for("events.moderation"))
    return render_template("events/moderate.html", event=event, form=form)


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(event_id: int):
    """The organiser (or the office) calls the event off, with a reason for those signed up."""
    try:
        event = services.editable_event(current_user, event_id)
    except NotFound:
        abort(404)
    form = CancelEventForm()
    if form.validate_on_submit():
        try:
            services.cancel_event(current_user, event, form.reason.data, utcnow())
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(
                _("The event is cancelled. People who signed up have been told by email."),
                "success",
            )
            return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/cancel.html", event=event, form=form)


@bp.route("/events/<int:event_id>/reviewed", methods=["POST"])
@staff_required
def reviewed(event_id: int):
    from office.core.forms import ActionForm

    event = db.session.get(Event, event_id) or abort(404)
    if ActionForm().validate_on_submit():
        services.mark_reviewed(event)
        db.session.commit()
        flash(_("Marked as reviewed."), "success")
    return redirect(url_for("events.moderation"))


@bp.app_template_filter("localtime")
def localtime(value: datetime) -> datetime:
    """An aware datetime in the office's zone (for date comparisons in templates)."""
    return value.astimezone(office_tz())


#: for all-day events, whose stored end is the exclusive midnight after the last day
bp.add_app_template_global(timedelta(days=1), "timedelta_day")
