"""Help requests, their history, message thread, attachments, service-level breaches."""

import sqlalchemy as sa

from office.core.db import TimestampMixin, UTCDateTime, _utcnow, one_of
from office.extensions import db
from office.requests.rules import INBOUND_STATUSES, REQUEST_TYPES, STATUSES


class HelpRequest(TimestampMixin, db.Model):
    """A request for help from a department, an initiative or a resident."""

    __tablename__ = "help_requests"
    __table_args__ = (
        one_of("status", STATUSES),
        one_of("type", REQUEST_TYPES),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        sa.Index("ix_help_requests_queue", "status", "due_at"),
        # the queue's order (next deadline, then id): the first page without sorting them all
        sa.Index("ix_help_requests_due_at_id", "due_at", "id"),
    )
    id = db.Column(db.Integer, primary_key=True)
    type = db.Column(db.String(30), nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False, default="submitted")
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    #: the answers to the type's own questions (REQUEST_TYPES)
    details = db.Column(db.JSON, nullable=False, default=dict)
    #: module that created it on behalf of the requester ("courses", "processes"), if any
    source = db.Column(db.String(30))
    requester_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    requester = db.relationship("User", foreign_keys=[requester_id])
    requester_name = db.Column(db.String(200), nullable=False)
    #: stored lower-case
    requester_email = db.Column(db.String(320), nullable=False, index=True)
    requester_organisation = db.Column(db.String(200), nullable=False, default="")
    requester_phone = db.Column(db.String(50), nullable=False, default="")
    locale = db.Column(db.String(5), nullable=False, default="de")
    #: public requests count once the address is confirmed by the emailed link
    email_confirmed_at = db.Column(UTCDateTime())
    submitted_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow, index=True)
    #: the three clocks (rules.CLOCKS): when each answer is due, in working hours
    first_response_due_at = db.Column(UTCDateTime())
    first_response_at = db.Column(UTCDateTime())
    #: running while the requester waits for an answer to what they wrote last
    next_response_due_at = db.Column(UTCDateTime())
    resolution_due_at = db.Column(UTCDateTime())
    #: the earliest deadline of a running clock (none while waiting or closed): the queue order
    due_at = db.Column(UTCDateTime())
    #: since when the office waits (status waiting_*): the clocks stand still
    paused_at = db.Column(UTCDateTime())
    #: the status a waiting request returns to
    status_before_waiting = db.Column(db.String(20))
    assignee_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    assignee = db.relationship("User", foreign_keys=[assignee_id])
    referred_person_id = db.Column(
        db.Integer, db.ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    referred_person = db.relationship("Person")
    referred_organisation_id = db.Column(
        db.Integer, db.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    referred_organisation = db.relationship("Organisation")
    decline_reason = db.Column(db.Text)
    outcome = db.Column(db.Text)
    lessons_learned = db.Column(db.Text)
    closed_at = db.Column(UTCDateTime())
    #: last reminder sent ("<clock>:due_soon", "<clock>:overdue"): each once per deadline
    reminded = db.Column(db.String(40))
    #: the requester's rating of the answer, 1 to 5, once it is done
    rating = db.Column(db.SmallInteger)
    rating_comment = db.Column(db.Text)
    rated_at = db.Column(UTCDateTime())

    events = db.relationship(
        "RequestEvent",
        order_by="RequestEvent.id",
        cascade="all, delete-orphan",
        back_populates="request",
    )
    messages = db.relationship(
        "RequestMessage",
        order_by="RequestMessage.id",
        cascade="all, delete-orphan",
        back_populates="request",
    )
    attachments = db.relationship(
        "RequestAttachment",
        order_by="RequestAttachment.id",
        cascade="all, delete-orphan",
        back_populates="request",
    )

    @property
    def reference(self) -> str:
        return f"A-{self.id:05d}"

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def requester_locales(self) -> tuple:
        """The requester's account language first, then the one they wrote the request in."""
        return (self.requester.locale if self.requester else None, self.locale)


class RequestEvent(db.Model):
    """One change of a request (status, assignment), appended with who and when."""

    __tablename__ = "help_request_events"
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(
        db.Integer,
        db.ForeignKey("help_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    request = db.relationship("HelpRequest", back_populates="events")
    at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    #: name of the actor at the time (also for the requester or the board)
    actor_name = db.Column(db.String(200), nullable=False, default="")
    from_status = db.Column(db.String(20))
    to_status = db.Column(db.String(20), nullable=False)
    note = db.Column(db.Text, nullable=False, default="")


class RequestMessage(db.Model):
    """A message in the thread between requester and staff."""

    __tablename__ = "help_request_messages"
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(
        db.Integer,
        db.ForeignKey("help_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    request = db.relationship("HelpRequest", back_populates="messages")
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    author_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    author_name = db.Column(db.String(200), nullable=False)
    from_staff = db.Column(db.Boolean, nullable=False, default=False)
    body = db.Column(db.Text, nullable=False)


class RequestAttachment(db.Model):
    """A PDF or image sent with a request, stored under UPLOAD_FOLDER with a random name."""

    __tablename__ = "help_request_attachments"
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(
        db.Integer,
        db.ForeignKey("help_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    request = db.relationship("HelpRequest", back_populates="attachments")
    filename = db.Column(db.String(200), nullable=False)
    stored_name = db.Column(db.String(80), nullable=False, unique=True)
    content_type = db.Column(db.String(50), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)


class ServiceLevelBreach(db.Model):
    """A clock of a request that ran past its deadline (counted on the dashboard)."""

    __tablename__ = "help_request_breaches"
    __table_args__ = (sa.UniqueConstraint("request_id", "clock", "due_at"),)
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(
        db.Integer,
        db.ForeignKey("help_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    request = db.relationship("HelpRequest")
    #: one of rules.CLOCKS
    clock = db.Column(db.String(20), nullable=False)
    due_at = db.Column(UTCDateTime(), nullable=False, index=True)
    recorded_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)


class InboundMail(db.Model):
    """A mail sent to the office about a request: added to its thread, or kept for staff."""

    __tablename__ = "help_request_inbound_mail"
    __table_args__ = (one_of("status", INBOUND_STATUSES),)
    id = db.Column(db.Integer, primary_key=True)
    received_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow, index=True)
    message_id = db.Column(db.String(300), nullable=False, default="", index=True)
    sender = db.Column(db.String(320), nullable=False, default="")
    subject = db.Column(db.String(300), nullable=False, default="")
    #: threaded: in the request's thread; review: for staff; handled: staff dealt with it;
    #: automatic: an out-of-office note or bounce, kept but not shown
    status = db.Column(db.String(20), nullable=False)
    #: why it was not threaded (INBOUND_REASONS)
    reason = db.Column(db.String(30))
    request_id = db.Column(
        db.Integer, db.ForeignKey("help_requests.id", ondelete="SET NULL"), index=True
    )
    request = db.relationship("HelpRequest")
    size = db.Column(db.Integer, nullable=False, default=0)
    #: the new text of the mail (without quotes and signature)
    text = db.Column(db.Text, nullable=False, default="")
    #: the whole message as received (none when it was too large to keep)
    raw = db.Column(db.LargeBinary)
