"""Submitting, editing, moderating and cancelling events; sign-up lists for organisers."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import access, login_required, roles, staff_required
from office.core.clock import office_tz, utcnow
from office.core.errors import NotFound
from office.core.forms import ActionForm, render_form
from office.core.transaction import perform
from office.core.translations import version_data
from office.directory import interface as directory
from office.directory.models import Initiative
from office.events import bp, rules
from office.events.forms import (
    CancelEventForm,
    EventForm,
    ModerateEventForm,
)
from office.events.models import Event
from office.events.services import signups as sign_ups
from office.events.services import submission
from office.events.views.calendar import reference_data
from office.extensions import db
from office.venues import interface as venues


def _event_form(event: Event | None = None) -> EventForm:
    """The event form with its choices; an event opened for editing fills it."""
    form = EventForm(data=_form_data(event)) if event and request.method == "GET" else EventForm()
    _form_choices(form)
    return form


def _form_choices(form: EventForm) -> None:
    districts, topics = reference_data()
    staff = current_user.has_role("office_staff")
    initiatives = _initiative_choices(staff)
    form.set_choices(districts, topics, initiatives, staff, venues.venue_choices())


def _initiative_choices(staff: bool) -> list[Initiative]:
    """Staff choose among all published initiatives; representatives among their own."""
    if staff:
        published = sa.select(Initiative).where(Initiative.status == "published")
        return list(db.session.scalars(published.order_by(Initiative.name)))
    return [i for i in directory.initiatives_of(current_user) if i.status == "published"]


def _event_data(form: EventForm) -> submission.EventData:
    staff = "organiser_kind" in form
    return submission.EventData(
        title=form.title.data or "",
        description=form.description.data or "",
        start_date=form.start_date.data,
        end_date=form.end_date.data or form.start_date.data,
        start_time=form.start_time.data,
        end_time=form.end_time.data,
        all_day=form.all_day.data,
        location=form.location.data or "",
        venue_id=form.venue.data,
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
        translations=form.translations(),
    )


def _save(form: EventForm, event: Event | None) -> Event | None:
    outcome = perform(
        submission.save_event, current_user, event, _event_data(form), utcnow(), form=form
    )
    return outcome.value


REPS_AND_STAFF = roles("initiative_rep", "office_staff")


@bp.route("/new", methods=["GET", "POST"])
@access(REPS_AND_STAFF)
def new():
    form = _event_form()
    if form.validate_on_submit() and (event := _save(form, None)):
        flash(_submitted_message(event), "success")
        return redirect(url_for("events.show", event_id=event.id))
    return render_form("events/form.html", form, event=None)


def _submitted_message(event: Event) -> str:
    """Staff's events are published at once; the others wait for the office's review."""
    if event.status == "published":
        return _("The event is published in the calendar.")
    return _("Thank you. The office will review the event and tell you by email.")


def _editable_or_404(event_id: int) -> Event:
    """The event the logged-in person may edit; any other answers 404."""
    try:
        return submission.editable_event(current_user, event_id)
    except NotFound:
        abort(404)


def _form_data(event: Event) -> dict:
    tz = office_tz()
    start, end = event.start_at.astimezone(tz), event.end_at.astimezone(tz)
    last_day = (end - timedelta(days=1)).date() if event.all_day else end.date()
    simple = (
        "title",
        "description",
        "all_day",
        "location",
        "online_url",
        "organiser_kind",
        "organiser_name",
        "accessibility",
        "registration_url",
        "capacity",
    )
    data = {name: getattr(event, name) for name in simple} | version_data(event)
    data |= {
        "initiative": event.initiative_id,
        "district": event.district_id,
        "topics": [t.id for t in event.topics],
        "start_date": start.date(),
        "start_time": None if event.all_day else start.time(),
        "end_date": last_day,
        "end_time": None if event.all_day else end.time(),
        "exdates": "\n".join(event.exdates or ()),
        "frequency": "none",
        "repeat_interval": 1,
    }
    if event.rrule:
        parts = dict(p.split("=", 1) for p in event.rrule.split(";"))
        data["repeat_interval"] = int(parts.get("INTERVAL", 1))
        data["frequency"] = {
            "DAILY": "daily",
            "WEEKLY": "weekly",
            "MONTHLY": "monthly_date" if "BYMONTHDAY" in parts else "monthly_weekday",
        }[parts["FREQ"]]
        if "COUNT" in parts:
            data["repeat_count"] = int(parts["COUNT"])
        elif "UNTIL" in parts:
            until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=rules.UTC)
            data["repeat_until"] = until.astimezone(tz).date()
    return data


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = _editable_or_404(event_id)
    form = _event_form(event)
    if form.validate_on_submit() and _save(form, event):
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("events.show", event_id=event.id))
    return render_form("events/form.html", form, event=event)


@bp.route("/mine")
@access(REPS_AND_STAFF)
def mine():
    return render_template("events/mine.html", events=submission.my_events(current_user))


@bp.route("/moderation")
@staff_required
def moderation():
    return render_template("events/moderation.html", queue=submission.moderation_queue())


@bp.route("/events/<int:event_id>/moderate", methods=["GET", "POST"])
@staff_required
def moderate(event_id: int):
    event = db.session.get(Event, event_id) or abort(404)
    form = ModerateEventForm()
    if form.validate_on_submit() and perform(
        submission.moderate_event,
        current_user,
        event,
        form.decision.data,
        form.reason.data,
        form=form,
    ):
        flash(_("The decision is saved and the organiser has been told by email."), "success")
        return redirect(url_for("events.moderation"))
    return render_form("events/moderate.html", form, event=event)


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(event_id: int):
    """The organiser (or the office) calls the event off, with a reason for those signed up."""
    event = _editable_or_404(event_id)
    form = CancelEventForm()
    if form.validate_on_submit() and perform(
        submission.cancel_event, current_user, event, form.reason.data, utcnow(), form=form
    ):
        flash(_("The event is cancelled. People who signed up have been told by email."), "success")
        return redirect(url_for("events.show", event_id=event.id))
    return render_form("events/cancel.html", form, event=event)


@bp.route("/events/<int:event_id>/reviewed", methods=["POST"])
@staff_required
def reviewed(event_id: int):
    event = db.session.get(Event, event_id) or abort(404)
    if ActionForm().validate_on_submit() and perform(submission.mark_reviewed, event):
        flash(_("Marked as reviewed."), "success")
    return redirect(url_for("events.moderation"))


@bp.route("/events/<int:event_id>/signups")
@login_required
def signups(event_id: int):
    """Who signed up, by date: for the organisers and the office."""
    event = _editable_or_404(event_id)
    return render_template("events/signups.html", event=event, signups=sign_ups.signups_of(event))
