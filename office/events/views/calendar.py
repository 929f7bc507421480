"""Public pages of the calendar: month, week, list, archive, event page and its .ics."""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core import bounds, cache
from office.core.access import public
from office.core.clock import local_now, office_tz, utcnow
from office.core.documents import download
from office.core.errors import NotFound
from office.core.formatting import formatted
from office.core.links import absolute_url
from office.core.models import District, Topic
from office.core.page_cache import kept
from office.core.pagination import paginate
from office.core.registry import CALENDAR_SOURCES, home_panel
from office.core.transaction import perform
from office.events import bp, queries, rules
from office.events.documents import build_feed, event_json_ld
from office.events.forms import CalendarFilterForm, SignupForm
from office.events.labels import kind_label
from office.events.models import Event
from office.events.queries import month, pages
from office.events.services import signups, submission
from office.extensions import db, limiter
from office.venues.rules import ACCESS_FEATURES


def reference_data():
    districts = list(db.session.scalars(sa.select(District).order_by(District.name)))
    topics = sorted(db.session.scalars(sa.select(Topic)), key=lambda t: t.name.lower())
    return districts, topics


def _same(values) -> dict:
    return {v: v for v in values}


def calendar_filter(args, districts, topics) -> tuple[queries.CalendarFilter, list[str]]:
    """Filter from query arguments (slugs, repeatable); unknown values are reported."""
    unknown = []
    flt = queries.CalendarFilter()
    for name, table, target in (
        ("district", {d.slug: d.id for d in districts}, flt.district_ids),
        ("topic", {t.slug: t.id for t in topics}, flt.topic_ids),
        ("organiser", _same(("office", "initiative", "department", "board")), flt.organisers),
        ("access", _same(ACCESS_FEATURES), flt.access),
        ("kind", _same(CALENDAR_SOURCES), flt.kinds),
    ):
        for value in filter(None, args.getlist(name)):
            if value in table:
                target.add(table[value])
            else:
                unknown.append(name)
    return flt, unknown


def _filter_context():
    districts, topics = reference_data()
    form = CalendarFilterForm(request.args)
    form.set_choices(districts, topics, sorted(CALENDAR_SOURCES))
    flt, _unknown = calendar_filter(request.args, districts, topics)
    return form, flt, _filter_args(request.args)


#: the query-string keys of the calendar's filters
FILTER_ARGS = ("district", "topic", "organiser", "kind", "access")


def _filter_args(args) -> dict:
    """The filters the query string gives (to keep them in links)."""
    return {k: v for k, v in args.items() if k in FILTER_ARGS and v}


def _day(raw: str | None, default: date) -> date:
    return bounds.date_arg(raw, default)


#: the last few groupings of cached entry lists (entries list id -> (entries, days, result))
_grouped: dict[int, tuple] = {}


def _by_day(entries, days: list[date]) -> dict[date, list]:
    """Each entry under every day it touches (a multi-day event shows on each of its days).

    A cached entry list (same object) is grouped once for the same days.
    """
    hit = _grouped.get(id(entries))
    if hit is not None and hit[0] is entries and hit[1] == (days[0], days[-1]):
        return hit[2]
    result = month.spread_by_day(entries, days)
    if len(_grouped) >= 16:
        _grouped.clear()
    _grouped[id(entries)] = (entries, (days[0], days[-1]), result)
    return result


def _window(first: date, last: date):
    tz = office_tz()
    return rules.local_midnight(first, tz), rules.local_midnight(last + timedelta(days=1), tz)


def _feed_url(filter_args) -> str:
    return absolute_url("events_api.feed", **filter_args)


#: the home page lists the calendar's entries of today and the next days, at most this many
HOME_DAYS = 3
HOME_ENTRIES = 8


@home_panel
def coming_up():
    """Today's and the next days' entries for the home page, reused until the calendar changes."""
    today = local_now().date()

    def context():
        days = [today + timedelta(days=i) for i in range(HOME_DAYS)]
        start, end = _window(days[0], days[-1])
        entries = queries.cached_calendar_entries(start, end, queries.CalendarFilter())
        coming = [e for e in entries if e.end > utcnow()][:HOME_ENTRIES]
        tz = office_tz()
        by_day: dict[date, list] = {}
        for entry in coming:
            by_day.setdefault(max(entry.start.astimezone(tz).date(), today), []).append(entry)
        return {"by_day": by_day, "kind_label": kind_label}

    now = utcnow()
    # entries that are over drop off within ten minutes
    slot = now.replace(minute=now.minute // 10 * 10, second=0, microsecond=0)
    return cache.rendered(
        "events.home",
        queries.CALENDAR_TABLES,
        "events/_home.html",
        context,
        parts=(request.host_url, today, slot),
    )


@bp.route("/")
@public
@kept
def index():
    """Month grid (its rendering is reused until a calendar source changes)."""
    today = local_now().date()
    first = bounds.month_arg(request.args.get("month"), today.replace(day=1))

    def context():
        form, flt, filter_args = _filter_context()
        weeks = rules.month_grid(first.year, first.month)
        counts, shown = month.month_days([d for w in weeks for d in w], flt, MONTH_DAY_ENTRIES)
        return {
            "form": form,
            "filter_args": filter_args,
            "weeks": weeks,
            "first": first,
            "today": today,
            "by_day": shown,
            "counts": counts,
            "prev_month": (first - timedelta(days=1)).replace(day=1),
            "next_month": (first + timedelta(days=32)).replace(day=1),
            "feed_url": _feed_url(filter_args),
            "kind_label": kind_label,
            "view": "month",
            "per_day": MONTH_DAY_ENTRIES,
        }

    body = cache.rendered(
        "events.month",
        queries.CALENDAR_TABLES,
        "events/_month.html",
        context,
        parts=(request.host_url,),
        timed=True,
    )
    return render_template("events/month.html", body=body, first=first)


#: entries shown in a day of the week (a city's day holds ~180); the rest are behind a link to
#: the list from that day, counted and picked in the database as the month grid's
WEEK_DAY_ENTRIES = 20


@bp.route("/week")
@public
def week():
    form, flt, filter_args = _filter_context()
    today = local_now().date()
    days = rules.week_of(_day(request.args.get("date"), today))
    counts, shown = month.month_days(days, flt, WEEK_DAY_ENTRIES)
    return render_template(
        "events/week.html",
        form=form,
        filter_args=filter_args,
        days=days,
        today=today,
        by_day=shown,
        counts=counts,
        per_day=WEEK_DAY_ENTRIES,
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


def _list_end(start: datetime, end: datetime, flt) -> datetime:
    """The end of the day on which the list's LIST_MAX_ENTRIES-th entry starts: the list
    stops after that day at the latest, so only the entries up to it are built."""
    found = pages.events_page(start, end, flt, None, LIST_MAX_ENTRIES)
    if found.last is None:
        return end
    tz = office_tz()
    day = found.last[0].astimezone(tz).date()
    return min(end, rules.local_midnight(day + timedelta(days=1), tz))


@bp.route("/list")
@public
def listing():
    form, flt, filter_args = _filter_context()
    today = local_now().date()
    first = max(_day(request.args.get("from"), today), today)
    days = [first + timedelta(days=i) for i in range(LIST_DAYS)]
    start, end = _window(days[0], days[-1])
    start = max(start, utcnow()) if first == today else start
    entries = queries.cached_calendar_entries(start, _list_end(start, end, flt), flt)
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
    page = paginate(queries.past_events_query(utcnow()), request.args.get("page"), 25)
    return render_template("events/archive.html", page=page)


def _visible(event_id: int) -> Event:
    try:
        return submission.visible_event(current_user, event_id)
    except NotFound:
        abort(404)


def _signed_up(form: SignupForm, event: Event, now: datetime) -> bool:
    outcome = perform(
        signups.sign_up,
        event.id,
        date.fromisoformat(form.occurrence.data),
        form.name.data,
        form.email.data,
        now,
        locale=str(_locale()),
        form=form,
    )
    if isinstance(outcome.error, NotFound):
        abort(404)
    return bool(outcome)


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
@kept
def show(event_id: int):
    event = _visible(event_id)
    now = utcnow()
    upcoming = queries.upcoming_occurrences(event, now)
    form = None
    if event.capacity and event.status == "published" and upcoming:
        form = SignupForm()
        form.occurrence.choices = [
            (o.start.date().isoformat(), formatted("datetime", o.start, "full")) for o in upcoming
        ]
        if request.method == "GET" and request.args.get("date"):
            form.occurrence.data = request.args["date"]
        if form.validate_on_submit() and _signed_up(form, event, now):
            flash(_("You are signed up. We have sent you a confirmation by email."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    places = (
        {
            o.start: rules.places_left(event.capacity, signups.taken_places(event.id, o.start))
            for o in upcoming[:6]
        }
        if event.capacity
        else {}
    )
    # an occurrence of a series is linked with ?date=; else the next date is shown
    wanted = request.args.get("date", "")
    shown = next((o for o in upcoming if o.start.date().isoformat() == wanted), None)
    shown = shown or (upcoming[0] if upcoming else None)
    return render_template(
        "events/show.html",
        event=event,
        shown=shown,
        json_ld=event_json_ld(event, *((shown.start, shown.end) if shown else ())),
        upcoming=upcoming,
        form=form,
        places=places,
        can_edit=submission.can_edit_event(current_user, event),
        is_past=event.series_end_at <= now,
    )


def _locale():
    from flask_babel import get_locale

    return get_locale()


@bp.route("/events/<int:event_id>.ics")
@public
def event_ics(event_id: int):
    event = _visible(event_id)
    body = build_feed(
        [], [(event, absolute_url("events.show", event_id=event.id))], name=event.title
    )
    return download(body, "text/calendar", f"event-{event.id}.ics")


@bp.app_template_filter("localtime")
def localtime(value: datetime) -> datetime:
    """An aware datetime in the office's zone (for date comparisons in templates)."""
    return value.astimezone(office_tz())


#: for all-day events, whose stored end is the exclusive midnight after the last day
bp.add_app_template_global(timedelta(days=1), "timedelta_day")
