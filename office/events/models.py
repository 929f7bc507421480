"""Events of the public calendar and their sign-ups."""

import sqlalchemy as sa

from office.core.db import TimestampMixin, UTCDateTime, one_of
from office.core.translations import Translatable
from office.extensions import db

#: pending: submitted by an initiative, waits for staff; published: in the calendar;
#: changes_requested / rejected: back with the initiative, with the reason; cancelled: called off
EVENT_STATUSES = ("pending", "changes_requested", "published", "rejected", "cancelled")
#: who organises: the office itself, an initiative, a department, an advisory board
ORGANISER_KINDS = ("office", "initiative", "department", "board")

event_topics = db.Table(
    "event_topics",
    db.Column(
        "event_id", db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    ),
    db.Column(
        "topic_id",
        db.Integer,
        db.ForeignKey("topics.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Event(Translatable, TimestampMixin, db.Model):
    """An event, possibly recurring (one row per series, expanded for display)."""

    TRANSLATED = ("title", "description", "accessibility")

    __tablename__ = "events"
    __table_args__ = (
        one_of("status", EVENT_STATUSES),
        one_of("organiser_kind", ORGANISER_KINDS),
        sa.CheckConstraint("end_at > start_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        # the calendar asks "published, overlapping [from, to)": start and series end
        sa.Index("ix_events_window", "status", "start_at", "series_end_at"),
    )
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    #: first occurrence; for all-day events local midnight of the first day
    start_at = db.Column(UTCDateTime(), nullable=False)
    #: end of the first occurrence; for all-day events local midnight after the last day
    end_at = db.Column(UTCDateTime(), nullable=False)
    all_day = db.Column(db.Boolean, nullable=False, default=False)
    #: RFC 5545 RRULE value without "RRULE:" (always with COUNT or UNTIL), or empty
    rrule = db.Column(db.String(300), nullable=False, default="")
    #: local start dates (ISO) of cancelled occurrences of a recurring event
    exdates = db.Column(db.JSON, nullable=False, default=list)
    #: end of the last occurrence: lets the calendar find series by window without expanding
    series_end_at = db.Column(UTCDateTime(), nullable=False)
    location = db.Column(db.String(300), nullable=False, default="")
    online_url = db.Column(db.String(500), nullable=False, default="")
    #: the venue from the directory of venues (its address and accessibility); `location`
    #: then says where inside it ("room 2") or stays empty
    venue_id = db.Column(db.Integer, db.ForeignKey("venues.id", ondelete="SET NULL"), index=True)
    venue = db.relationship("Venue")
    district_id = db.Column(
        db.Integer, db.ForeignKey("districts.id", ondelete="SET NULL"), index=True
    )
    district = db.relationship("District")
    topics = db.relationship("Topic", secondary=event_topics, order_by="Topic.slug")
    organiser_kind = db.Column(db.String(20), nullable=False, default="office")
    #: shown name of the organiser (initiative's name is taken from the initiative)
    organiser_name = db.Column(db.String(200), nullable=False, default="")
    initiative_id = db.Column(
        db.Integer, db.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    initiative = db.relationship("Initiative")
    accessibility = db.Column(db.String(1000), nullable=False, default="")
    registration_url = db.Column(db.String(500), nullable=False, default="")
    #: places per occurrence for the simple sign-up on the event page; empty: no sign-up
    capacity = db.Column(db.Integer)
    status = db.Column(db.String(20), nullable=False, default="pending")
    moderation_note = db.Column(db.Text, nullable=False, default="")
    #: iCalendar SEQUENCE: goes up when the date, time, repetition, place or status change
    sequence = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    #: a representative changed the published event; a moderator should have a look
    needs_review = db.Column(db.Boolean, nullable=False, default=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    created_by = db.relationship("User")
    #: the stored occurrences (kept by `services.occurrences` whenever the times change)
    occurrences = db.relationship(
        "EventOccurrence",
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventOccurrence.start_at",
    )

    @property
    def organiser(self) -> str:
        if self.initiative is not None:
            return self.initiative.name
        return self.organiser_name

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    def __str__(self):
        return self.title


class EventSignup(TimestampMixin, db.Model):
    """A person's place at one occurrence of an event with limited capacity."""

    __tablename__ = "event_signups"
    __table_args__ = (sa.UniqueConstraint("event_id", "occurrence_start", "email"),)
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False)
    event = db.relationship("Event")
    #: start of the occurrence signed up for (the series' first start for single events)
    occurrence_start = db.Column(UTCDateTime(), nullable=False)
    name = db.Column(db.String(200), nullable=False)
    #: stored lower-case
    email = db.Column(db.String(320), nullable=False, index=True)
    #: the language the person signed up in: later mail (a cancellation) is written in it
    locale = db.Column(db.String(5))
    #: the satisfaction survey's link was sent / used (the answer itself is stored apart,
    #: without the person: EventFeedback)
    survey_sent_at = db.Column(UTCDateTime())
    survey_answered_at = db.Column(UTCDateTime())


class EventFeedback(db.Model):
    """An anonymous answer to the short satisfaction survey after an event: no link to the
    person, only the day it was given."""

    __tablename__ = "event_feedback"
    __table_args__ = (sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),)
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(
        db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True
    )
    event = db.relationship("Event")
    rating = db.Column(db.Integer, nullable=False)
    comment = db.Column(db.Text, nullable=False, default="")
    answered_on = db.Column(db.Date, nullable=False, index=True)


class EventOccurrence(db.Model):
    """One occurrence of an event: the recurrence rule expanded in the office's zone, so the
    calendar reads a date range from an index instead of expanding every series per request.

    A single event has its one occurrence; a series those starting before the horizon
    (`OccurrenceHorizon`), the rest is expanded from the rule when a window reaches past it.
    """

    __tablename__ = "event_occurrences"
    __table_args__ = (
        # window reads: short occurrences by start (a range bounded on both sides), long ones apart
        sa.Index("ix_event_occurrences_window", "long_running", "start_at"),
    )
    event_id = db.Column(
        db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    event = db.relationship("Event", back_populates="occurrences")
    start_at = db.Column(UTCDateTime(), primary_key=True)
    end_at = db.Column(UTCDateTime(), nullable=False)
    #: longer than rules.LONG_OCCURRENCE
    long_running = db.Column(db.Boolean, nullable=False, default=False)


class OccurrenceHorizon(db.Model):
    """How far ahead the occurrences of series are stored (one row)."""

    __tablename__ = "event_occurrence_horizon"
    __table_args__ = (sa.CheckConstraint("id = 1", name="one_row"),)
    id = db.Column(db.Integer, primary_key=True, default=1)
    until = db.Column(UTCDateTime(), nullable=False)
