"""Shared reference data (districts, topics) and the mail outbox."""

import sqlalchemy as sa

from office.core.db import TimestampMixin, UTCDateTime, _utcnow
from office.extensions import db


class District(db.Model):
    """A district (Stadtteil / bydel) of the city, shared by every module."""

    __tablename__ = "districts"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False, unique=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    #: residents, for population shares (sortition) and per-district reports
    population = db.Column(db.Integer)

    def __str__(self):
        return self.name


class Topic(db.Model):
    """A topic (Thema / emne) used to tag processes, initiatives and events."""

    __tablename__ = "topics"
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    name_de = db.Column(db.String(120), nullable=False)
    name_da = db.Column(db.String(120), nullable=False)
    name_en = db.Column(db.String(120), nullable=False)

    def name_in(self, locale: str) -> str:
        return getattr(self, f"name_{locale}", None) or self.name_en

    @property
    def name(self) -> str:
        from flask_babel import get_locale

        return self.name_in(str(get_locale()))

    def __str__(self):
        return self.name


class OutboxMessage(TimestampMixin, db.Model):
    """An email waiting to be delivered; written in the same transaction as its cause."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.CheckConstraint("status IN ('queued', 'sent', 'failed')", name="status"),
        sa.Index("ix_outbox_due", "status", "next_attempt_at"),
    )
    id = db.Column(db.Integer, primary_key=True)
    recipient = db.Column(db.String(320), nullable=False, index=True)
    subject = db.Column(db.String(300), nullable=False)
    body_text = db.Column(db.Text, nullable=False)
    body_html = db.Column(db.Text)
    #: list of {"filename", "content_type", "data" (base64)}
    attachments = db.Column(db.JSON, nullable=False, default=list)
    #: extra headers (Message-ID, Reply-To, ...) so that replies find their way back
    headers = db.Column(db.JSON, nullable=False, default=dict)
    status = db.Column(db.String(10), nullable=False, default="queued")
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    #: a sender owns the message until then; another sender may take it over afterwards
    claimed_until = db.Column(UTCDateTime())
    claim_token = db.Column(db.String(40))
    last_error = db.Column(db.String(500))
    sent_at = db.Column(UTCDateTime())


class PeriodicJob(db.Model):
    """The latest runs of one periodic command (`flask courses decide`, ...), one row per job.

    Written by `office.core.jobs` around each run, so operators see on the jobs page and
    with `flask jobs status` whether cron runs each job and what it did.
    """

    __tablename__ = "periodic_jobs"
    #: the command after `flask`, e.g. "courses decide"
    job = db.Column(db.String(60), primary_key=True)
    last_started_at = db.Column(UTCDateTime())
    last_finished_at = db.Column(UTCDateTime())
    last_succeeded_at = db.Column(UTCDateTime())
    last_failed_at = db.Column(UTCDateTime())
    #: one line: the error of the last failed run (kept after later successes)
    last_error = db.Column(db.String(500))
    #: what the last finished run did, e.g. {"decided": 2, "closed_out": 1}
    last_counts = db.Column(db.JSON, nullable=False, default=dict)
    runs = db.Column(db.Integer, nullable=False, default=0)
    failures = db.Column(db.Integer, nullable=False, default=0)


class ClosingDay(db.Model):
    """A day the office is closed besides the public holidays (a bridge day, an outing)."""

    __tablename__ = "office_holidays"
    id = db.Column(db.Integer, primary_key=True)
    day = db.Column(db.Date, nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)


class SubmissionKey(db.Model):
    """The one-time key of a public form as it was shown: a submission sent again with the same
    key (the browser's retry after a 503 or a lost answer) is recognised and stored only once."""

    __tablename__ = "submission_keys"
    key = db.Column(db.String(64), primary_key=True)
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
