"""Submitting, editing, moderating and cancelling events. They never commit."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from office.core.access import is_staff
from office.core.audit import record
from office.core.clock import office_tz, utcnow
from office.core.errors import DomainError, NotFound
from office.core.links import absolute_url
from office.core.models import District, Topic
from office.core.outbox import queue_mail
from office.core.translations import clean_translations
from office.directory import interface as directory
from office.directory.models import Initiative, Representative
from office.events import rules
from office.events.models import Event, EventSignup
from office.extensions import db
from office.venues import interface as venues

RULE_MESSAGES = {
    "end_before_start": (_l("The end must be after the start."), "end_time"),
    "endless": (
        _l("A repeating event needs an end: a last date or a number of dates."),
        "repeat_until",
    ),
    "count": (
        _l("The number of dates must be between 2 and %(n)d.", n=rules.MAX_OCCURRENCES),
        "repeat_count",
    ),
    "until_before_start": (_l("The last date must be after the first."), "repeat_until"),
    "too_long": (_l("A series may last at most three years."), "repeat_until"),
    "interval": (_l("The interval must be between 1 and 12."), "repeat_interval"),
    "frequency": (_l("Unknown repetition."), "frequency"),
}


def rule_error(exc: rules.RuleError) -> DomainError:
    message, field_name = RULE_MESSAGES[exc.code]
    return DomainError(message, field=field_name)


@dataclass
class EventData:
    """What the event form says (dates and times are local to the office)."""

    title: str
    start_date: date
    end_date: date
    start_time: time | None = None
    end_time: time | None = None
    all_day: bool = False
    description: str = ""
    location: str = ""
    venue_id: int | None = None
    online_url: str = ""
    district_id: int | None = None
    topic_ids: tuple = ()
    organiser_kind: str = "office"
    organiser_name: str = ""
    initiative_id: int | None = None
    accessibility: str = ""
    registration_url: str = ""
    capacity: int | None = None
    frequency: str = "none"
    repeat_interval: int = 1
    repeat_count: int | None = None
    repeat_until: date | None = None
    #: optional versions in the office's other languages (office/core/translations.py)
    translations: dict = field(default_factory=dict)
    exdates: list = field(default_factory=list)


def _times(data: EventData, tz) -> tuple[datetime, datetime]:
    if data.all_day:
        start = rules.local_midnight(data.start_date, tz)
        end = rules.local_midnight(data.end_date + timedelta(days=1), tz)
    else:
        if data.start_time is None:
            raise DomainError(_l("Please give a start time or choose all-day."), field="start_time")
        if data.end_time is None:
            raise DomainError(_l("Please give an end time or choose all-day."), field="end_time")
        start = datetime.combine(data.start_date, data.start_time, tzinfo=tz)
        end = datetime.combine(data.end_date, data.end_time, tzinfo=tz)
    try:
        rules.check_times(start, end)
    except rules.RuleError as exc:
        raise rule_error(exc) from exc
    return start, end


def _venue(venue_id: int | None):
    """The chosen venue; it must be published in the directory of venues."""
    if venue_id is None:
        return None
    venue = venues.published_venue(venue_id)
    if venue is None:
        raise DomainError(_l("Please choose a venue from the list."), field="venue")
    return venue


def can_edit_event(user, event: Event) -> bool:
    """Staff edit every event; representatives the events of their initiatives."""
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return event.initiative is not None and directory.can_act_for(user, event.initiative)


def editable_event(user, event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not can_edit_event(user, event):
        raise NotFound()
    return event


def save_event(actor, event: Event | None, data: EventData, now) -> Event:
    """Create or change an event. Staff publish at once; initiatives' new events wait.

    A representative's edit of a published event is shown at once and marked for a
    moderator's look (`needs_review`); the event keeps its place in the calendar.
    """
    tz = office_tz()
    start, end = _times(data, tz)
    _check_district(data.district_id)
    venue = _venue(data.venue_id)
    topics = _topics(data.topic_ids)
    staff = is_staff(actor)
    initiative = _initiative(actor, data, staff)
    rrule, series_end = _recurrence(data, start, end, tz)
    creating = event is None
    before = None if creating else rules.schedule_of(event)
    event = _created_or_marked(event, actor, staff)
    _set_schedule(event, data, (start, end), rrule, series_end)
    _set_details(event, data, venue, topics, initiative)
    _revise(event, before)
    action = "events.created" if creating else "events.changed"
    record(action, event, actor, now=now, status=event.status)
    db.session.flush()
    return event


def _check_district(district_id: int | None) -> None:
    if district_id is not None and db.session.get(District, district_id) is None:
        raise DomainError(_l("Unknown district."), field="district")


def _topics(topic_ids) -> list[Topic]:
    topics = list(db.session.scalars(sa.select(Topic).where(Topic.id.in_(topic_ids))))
    if len(topics) != len(set(topic_ids)):
        raise DomainError(_l("Unknown topic."), field="topics")
    return topics


def _initiative(actor, data: EventData, staff: bool) -> Initiative | None:
    """The organising initiative: one the actor acts for; required (and published) for non-staff."""
    initiative = None
    if data.initiative_id is not None:
        initiative = db.session.get(Initiative, data.initiative_id)
        if initiative is None or not directory.can_act_for(actor, initiative):
            raise DomainError(_l("Please choose one of your initiatives."), field="initiative")
    if not staff:
        _check_submitting_initiative(initiative)
    if data.organiser_kind == "initiative" and initiative is None:
        raise DomainError(_l("Please choose the organising initiative."), field="initiative")
    return initiative


NOT_PUBLISHED_YET = _l("Events can be submitted once the initiative is published in the directory.")


def _check_submitting_initiative(initiative: Initiative | None) -> None:
    if initiative is None:
        raise DomainError(_l("Please choose one of your initiatives."), field="initiative")
    if initiative.status != "published":
        raise DomainError(NOT_PUBLISHED_YET, field="initiative")


def _recurrence(data: EventData, start, end, tz):
    """The repetition rule and the end of the series (a DomainError if they make no sense)."""
    try:
        rrule = rules.build_rrule(
            data.frequency, data.repeat_interval, start, data.repeat_count, data.repeat_until
        )
        return rrule, rules.series_end(start, end, rrule, tz)
    except rules.RuleError as exc:
        raise rule_error(exc) from exc


def _created_or_marked(event: Event | None, actor, staff: bool) -> Event:
    """A new event, or the changed one marked for review or sent back to the moderators."""
    if event is None:
        event = Event(created_by=actor, status="published" if staff else "pending")
        db.session.add(event)
    elif not staff and event.status == "published":
        event.needs_review = True
    elif not staff and event.status in ("changes_requested", "rejected"):
        event.status = "pending"
    return event


def _set_schedule(event: Event, data: EventData, times, rrule, series_end) -> None:
    event.start_at, event.end_at = times
    event.all_day = data.all_day
    event.rrule = rrule
    event.exdates = sorted(set(data.exdates)) if rrule else []
    event.series_end_at = series_end


def _set_details(event: Event, data: EventData, venue, topics, initiative) -> None:
    event.title = data.title.strip()
    event.description = data.description.strip()
    event.translations = clean_translations(data.translations)
    event.location = data.location.strip()
    event.venue = venue
    event.district_id = data.district_id or (venue.district_id if venue else None)
    event.online_url = data.online_url.strip()
    event.topics = topics
    event.initiative = initiative
    event.organiser_kind = "initiative" if initiative is not None else data.organiser_kind
    event.organiser_name = "" if initiative is not None else data.organiser_name.strip()
    event.accessibility = data.accessibility.strip()
    event.registration_url = data.registration_url.strip()
    event.capacity = data.capacity


def _revise(event: Event, before: tuple | None) -> None:
    event.sequence = rules.next_sequence(event.sequence, before, rules.schedule_of(event))


EVENT_DECISIONS = {
    # decision -> (allowed from, new status, reason required, mail subject)
    "publish": (
        ("pending", "changes_requested", "rejected"),
        "published",
        False,
        _l("Your event is in the calendar"),
    ),
    "request_changes": (("pending",), "changes_requested", True, _l("Please revise your event")),
    "reject": (
        ("pending", "changes_requested"),
        "rejected",
        True,
        _l("Your event was not included in the calendar"),
    ),
    "cancel": (
        ("published",),
        "cancelled",
        True,
        _l("Your event has been taken out of the calendar"),
    ),
}


def moderate_event(actor, event: Event, decision: str, reason: str) -> None:
    """A moderator's decision on an event, explained by email to whoever submitted it."""
    spec = EVENT_DECISIONS.get(decision)
    if spec is None:
        raise DomainError(_l("Unknown decision."), field="decision")
    allowed, status, needs_reason, subject = spec
    if event.status not in allowed:
        raise DomainError(_l("This decision is not possible in the event's current state."))
    reason = _required_reason(reason) if needs_reason else (reason or "").strip()
    before = rules.schedule_of(event)
    event.status = status
    event.moderation_note = reason
    event.needs_review = False
    _revise(event, before)
    record("events.moderated", event, actor, decision=decision, status=status)
    if status == "cancelled":
        _tell_signups_of_cancellation(event, reason, utcnow())
    recipients = {}
    if event.initiative is not None:
        recipients = {rep.user.email: rep.user for rep in event.initiative.representatives}
    if event.created_by is not None and not is_staff(event.created_by):
        recipients.setdefault(event.created_by.email, event.created_by)
    for user in recipients.values():
        queue_mail(
            user.email,
            subject,
            f"events/{decision}",
            locale=user.locale,
            user=user,
            event=event,
            reason=reason,
            link=absolute_url("events.show", event_id=event.id),
        )


def mark_reviewed(event: Event) -> None:
    event.needs_review = False


def cancel_event(actor, event: Event, reason: str, now: datetime) -> None:
    """The organiser calls the event off: it leaves the calendar, people signed up are told."""
    reason = _cancellation_reason(event, reason)
    was_published = event.status == "published"
    before = rules.schedule_of(event)
    event.status = "cancelled"
    event.moderation_note = reason
    _revise(event, before)
    record("events.cancelled", event, actor, now=now)
    if was_published:
        _tell_signups_of_cancellation(event, reason, now)


def _cancellation_reason(event: Event, reason: str) -> str:
    """The stripped reason; a refusal when the event is over with or no reason is given."""
    if event.status not in ("published", "pending", "changes_requested"):
        raise DomainError(_l("This event cannot be cancelled any more."))
    return _required_reason(reason)


def _required_reason(reason: str | None) -> str:
    """The stripped reason; a refusal when none is given."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Please give a reason."), field="reason")
    return reason


def _coming_signups(event: Event, now: datetime) -> list[EventSignup]:
    return db.session.scalars(
        sa.select(EventSignup).where(
            EventSignup.event_id == event.id, EventSignup.occurrence_start > now
        )
    ).all()


def _tell_signups_of_cancellation(event: Event, reason: str, now: datetime) -> None:
    for signup in _coming_signups(event, now):
        queue_mail(
            signup.email,
            _l("Cancelled: %(title)s", title=event.title),
            "events/signup_cancelled",
            locale=signup.locale,
            name=signup.name,
            event=event,
            occurrence_start=signup.occurrence_start,
            reason=reason,
        )


def visible_event(user, event_id: int) -> Event:
    """Published (or cancelled, to say so) events for everyone; others for editors only."""
    event = db.session.get(Event, event_id)
    if event is None or not can_see_event(user, event):
        raise NotFound()
    return event


def can_see_event(user, event: Event) -> bool:
    """Everyone sees published (and cancelled) events; editors see the others too."""
    return event.status in ("published", "cancelled") or can_edit_event(user, event)


def my_events(user) -> list[Event]:
    stmt = sa.select(Event).options(selectinload(Event.initiative)).where(_events_of(user))
    return list(db.session.scalars(stmt.order_by(Event.start_at.desc()).limit(200)))


def _events_of(user):
    """Staff: the events they created; representatives: the events of their initiatives."""
    if is_staff(user):
        return Event.created_by_id == user.id
    represented = sa.select(Representative.initiative_id).where(Representative.user_id == user.id)
    return Event.initiative_id.in_(represented)


def moderation_queue() -> dict:
    return {
        "pending": _queued(Event.status == "pending"),
        "review": _queued(Event.status == "published", Event.needs_review.is_(True)),
    }


def _queued(*conditions) -> list[Event]:
    stmt = sa.select(Event).options(selectinload(Event.initiative)).where(*conditions)
    return list(db.session.scalars(stmt.order_by(Event.created_at)))
