"""Simple sign-up for events with places: per occurrence, locked, counted, confirmed."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.clock import office_tz
from office.core.db import for_update
from office.core.errors import DomainError, NotFound
from office.core.jobs import in_turn
from office.core.links import absolute_url
from office.core.outbox import Attachment, queue_mail
from office.core.registry import CalendarEntry
from office.core.rules import normalise_email
from office.events import rules
from office.events.models import Event, EventSignup
from office.events.queries import event_location, uid_domain
from office.extensions import db


def taken_places(event_id: int, occurrence_start: datetime) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            EventSignup.event_id == event_id, EventSignup.occurrence_start == occurrence_start
        )
    )


def sign_up(event_id: int, occurrence_day: date, name: str, email: str, now: datetime, locale=None):
    """Take a place at one occurrence: lock the event, re-count, insert, confirm by email."""
    event = _bookable(event_id)
    occurrence = _occurrence_on(event, occurrence_day)
    if not rules.signup_open(occurrence.start, now):
        raise DomainError(_l("This date has already begun; sign-up is closed."), field="occurrence")
    start_utc = occurrence.start.astimezone(UTC)
    email = normalise_email(email)
    _check_place(event, start_utc, email)
    signup = EventSignup(
        event=event, occurrence_start=start_utc, name=name.strip(), email=email, locale=locale
    )
    db.session.add(signup)
    db.session.flush()
    record("events.signed_up", signup, None, now=now, event_id=event.id)
    _confirm_place(signup, occurrence, locale)
    return signup


def _bookable(event_id: int) -> Event:
    """The published event with places, locked until commit; otherwise not found."""
    event = db.session.scalar(for_update(sa.select(Event).where(Event.id == event_id)))
    if event is None or event.status != "published" or event.capacity is None:
        raise NotFound()
    return event


def _occurrence_on(event: Event, day: date):
    """The event's occurrence on this local day; a refusal when it does not take place then."""
    matching = [o for o in _occurrences_around(event, day) if o.start.date() == day]
    if not matching:
        raise DomainError(_l("The event does not take place on this date."), field="occurrence")
    return matching[0]


def _occurrences_around(event: Event, day: date):
    """The event's occurrences in the 24 hours from the local midnight that begins the day."""
    tz = office_tz()
    day_start = rules.local_midnight(day, tz)
    return rules.occurrences(
        event.start_at,
        event.end_at,
        event.rrule,
        event.exdates,
        day_start,
        day_start + timedelta(days=1),
        tz,
        event.all_day,
    )


def _check_place(event: Event, start_utc: datetime, email: str) -> None:
    """One place per address and date, and only while places are left."""
    if _signed_up_already(event, start_utc, email):
        raise DomainError(_l("You have signed up for this date already."), field="email")
    if rules.places_left(event.capacity, taken_places(event.id, start_utc)) == 0:
        raise DomainError(_l("Sorry, this date is fully booked."), field="occurrence")


def _confirm_place(signup: EventSignup, occurrence, locale) -> None:
    """Mail the confirmation with the date as a calendar file."""
    from office.events.documents import event_ics

    event = signup.event
    ics = event_ics([_calendar_entry(signup, occurrence, locale)])
    queue_mail(
        signup.email,
        _l("Your place: %(title)s", title=event.text("title", locale)),
        "events/signup",
        locale=locale,
        name=signup.name,
        event=event,
        occurrence=occurrence,
        link=absolute_url("events.show", event_id=event.id),
        attachments=[Attachment("event.ics", "text/calendar", ics)],
    )


def _calendar_entry(signup: EventSignup, occurrence, locale) -> CalendarEntry:
    """The one date signed up for, as a calendar entry of its own."""
    event = signup.event
    return CalendarEntry(
        uid=f"signup-{signup.id}@{uid_domain()}",
        title=event.text("title", locale),
        start=occurrence.start,
        end=occurrence.end,
        url=absolute_url("events.show", event_id=event.id),
        kind="event",
        all_day=event.all_day,
        location=event_location(event),
        organiser=event.organiser,
    )


def signups_of(event: Event) -> list[EventSignup]:
    stmt = sa.select(EventSignup).where(EventSignup.event_id == event.id)
    return list(
        db.session.scalars(stmt.order_by(EventSignup.occurrence_start, EventSignup.created_at))
    )


#: sign-ups are deleted this many days after their date (the sign-up form promises it)
SIGNUP_RETENTION_DAYS = 30


def _signed_up_already(event: Event, start_utc: datetime, email: str) -> bool:
    """Whether the address has a place on this date of the event already."""
    same = sa.select(EventSignup.id).filter_by(email=email, occurrence_start=start_utc)
    return db.session.scalar(same.filter_by(event_id=event.id)) is not None


def purge_signups(now: datetime, each=in_turn) -> int:
    """Delete sign-ups of dates that lie more than SIGNUP_RETENTION_DAYS in the past; `each`
    as in `office.core.jobs` (one event's sign-ups at a time)."""
    old = EventSignup.occurrence_start < now - timedelta(days=SIGNUP_RETENTION_DAYS)
    event_ids = db.session.scalars(
        sa.select(EventSignup.event_id).where(old).distinct().order_by(EventSignup.event_id)
    ).all()

    def purge(event_id: int) -> int:
        stmt = sa.delete(EventSignup).where(old, EventSignup.event_id == event_id)
        return db.session.execute(stmt).rowcount or 0

    return sum(each(event_ids, purge, "sign-ups of event {}"))
