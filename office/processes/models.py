"""Participation processes of the catalogue (Vorhabenliste), their recommendations and answers."""

from enum import StrEnum

import sqlalchemy as sa

from office.core.db import EnumText, TimestampMixin, UTCDateTime, _utcnow, one_of, part_of
from office.core.translations import Translatable
from office.extensions import db
from office.methods.models import LEVELS

PROCESS_STATUSES = ("planned", "running", "completed", "paused")
ANSWERS = ("pending", "accepted", "partly", "rejected")
IMPLEMENTATION_STATES = ("open", "in_progress", "implemented", "not_implemented")
SUGGESTION_STATES = ("unconfirmed", "pending", "published", "rejected")
PROPOSAL_STATES = ("new", "accepted", "declined")
#: process: any participation process; assembly: a citizens' assembly that makes
#: recommendations; strategy_meeting: after an assembly, business, science, civil society and
#: municipal bodies meet to carry its recommendations (Bürger:innenrat PLUS)
PROCESS_KINDS = ("process", "assembly", "strategy_meeting")
#: pledged: promised; in_progress: under way; done: kept; withdrawn: given up
PLEDGE_STATES = ("pledged", "in_progress", "done", "withdrawn")


class RecommendationStage(StrEnum):
    """Where a recommendation stands in the assembly's work (rules.stage_change_problem)."""

    #: the assembly is still writing it; only staff see it
    DRAFT = "draft"
    #: residents may comment on it on its public page during the comment period
    OPEN_FOR_COMMENT = "open_for_comment"
    #: adopted by the assembly with its level of support; politics answers it
    FINAL = "final"


class CommentStatus(StrEnum):
    """A resident's comment is hidden until the office approves it (pre-moderation)."""

    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"


def _process_link(name: str, column: str, target: str) -> sa.Table:
    """A many-to-many table between processes and `target` rows, emptied with either side."""
    return db.Table(
        name,
        db.Column(
            "process_id", db.ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True
        ),
        db.Column(column, db.ForeignKey(target, ondelete="CASCADE"), primary_key=True),
    )


process_districts = _process_link("process_districts", "district_id", "districts.id")
process_topics = _process_link("process_topics", "topic_id", "topics.id")
process_methods = _process_link("process_methods", "method_id", "methods.id")
process_contacts = _process_link("process_contacts", "person_id", "persons.id")


class Process(Translatable, TimestampMixin, db.Model):
    """A participation process, existing or planned."""

    __tablename__ = "processes"
    __table_args__ = (
        one_of("status", PROCESS_STATUSES),
        one_of("level", LEVELS),
        one_of("kind", PROCESS_KINDS),
    )
    TRANSLATED = ("title", "summary")
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(300), nullable=False)
    kind = db.Column(db.String(20), nullable=False, default="process", server_default="process")
    #: a strategy meeting continues this assembly (and carries its recommendations)
    follows_id = db.Column(
        db.Integer, db.ForeignKey("processes.id", ondelete="SET NULL"), index=True
    )
    summary = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.String(20), nullable=False, default="planned", index=True)
    #: shown in the public Vorhabenliste; internal processes only to staff
    is_public = db.Column(db.Boolean, nullable=False, default=True)
    #: participation level: inform, consult, involve (co-create), decide
    level = db.Column(db.String(20), nullable=False, default="consult", index=True)
    lead_department_id = db.Column(
        db.Integer, db.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    cost_estimate = db.Column(db.Numeric(10, 2))
    #: reference of the council paper (Drucksache / indstilling) that decided the process
    council_reference = db.Column(db.String(100), nullable=False, default="")
    #: first and last day over all phases, kept in step by the services for sorting and filters
    starts_on = db.Column(db.Date, index=True)
    ends_on = db.Column(db.Date)

    lead_department = db.relationship("Organisation")
    follows = db.relationship("Process", remote_side=[id], foreign_keys=[follows_id])
    districts = db.relationship("District", secondary=process_districts, order_by="District.name")
    topics = db.relationship("Topic", secondary=process_topics, order_by="Topic.slug")
    methods = db.relationship("Method", secondary=process_methods, backref="processes")
    contacts = db.relationship("Person", secondary=process_contacts)
    phases = db.relationship(
        "Phase", back_populates="process", cascade="all, delete-orphan", order_by="Phase.starts_on"
    )
    recommendations = db.relationship(
        "Recommendation",
        back_populates="process",
        cascade="all, delete-orphan",
        order_by="Recommendation.number",
    )

    def __str__(self):
        return self.title


class Phase(db.Model):
    """A dated step of a process: preparation, assembly sessions, council decision ..."""

    __tablename__ = "process_phases"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="dates"),)
    id = db.Column(db.Integer, primary_key=True)
    process_id = part_of("processes.id")
    title = db.Column(db.String(200), nullable=False)
    starts_on = db.Column(db.Date, nullable=False)
    ends_on = db.Column(db.Date, nullable=False)
    #: a public meeting that belongs in the calendar
    is_public_meeting = db.Column(db.Boolean, nullable=False, default=False)
    location = db.Column(db.String(200), nullable=False, default="")
    process = db.relationship(Process, back_populates="phases")


class Suggestion(db.Model):
    """A resident's suggestion on a planned process; shown once confirmed and approved."""

    __tablename__ = "process_suggestions"
    __table_args__ = (one_of("status", SUGGESTION_STATES),)
    id = db.Column(db.Integer, primary_key=True)
    process_id = part_of("processes.id")
    name = db.Column(db.String(120), nullable=False)
    email = db.Column(db.String(320), nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(20), nullable=False, default="unconfirmed", index=True)
    #: secret of the confirmation link; cleared once used
    token = db.Column(db.String(64), unique=True)
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    confirmed_at = db.Column(UTCDateTime())
    moderated_at = db.Column(UTCDateTime())
    process = db.relationship(Process)


class ProcessProposal(db.Model):
    """A department asks the office for a process; the request itself runs as a help request."""

    __tablename__ = "process_proposals"
    __table_args__ = (one_of("status", PROPOSAL_STATES),)
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(300), nullable=False)
    description = db.Column(db.Text, nullable=False)
    department_id = db.Column(
        db.Integer, db.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    method_id = db.Column(db.Integer, db.ForeignKey("methods.id", ondelete="SET NULL"))
    #: catalogue entry the proposal refers to ("we want something like this")
    based_on_id = db.Column(db.Integer, db.ForeignKey("processes.id", ondelete="SET NULL"))
    proposed_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    wanted_start = db.Column(db.Date)
    status = db.Column(db.String(20), nullable=False, default="new", index=True)
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    #: the help request (type "proposal of a new process") through which the office answers
    help_request_id = db.Column(
        db.Integer, db.ForeignKey("help_requests.id", ondelete="SET NULL"), index=True
    )
    help_request = db.relationship("HelpRequest")
    department = db.relationship("Organisation")
    method = db.relationship("Method")
    based_on = db.relationship(Process)
    proposed_by = db.relationship("User")


class Recommendation(TimestampMixin, db.Model):
    """A recommendation of a citizens' assembly, the politicians' answer and its implementation."""

    __tablename__ = "recommendations"
    __table_args__ = (
        one_of("answer", ANSWERS),
        one_of("implementation", IMPLEMENTATION_STATES),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
        sa.CheckConstraint("comment_closes_on >= comment_opens_on", name="comment_period"),
        one_of("stage", RecommendationStage),
        sa.UniqueConstraint("process_id", "number", name="uq_recommendation_number"),
    )
    id = db.Column(db.Integer, primary_key=True)
    process_id = part_of("processes.id")
    number = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(300), nullable=False)
    text = db.Column(db.Text, nullable=False)
    stage = db.Column(
        EnumText(RecommendationStage, 20),
        nullable=False,
        default=RecommendationStage.DRAFT,
        index=True,
    )
    #: residents may comment from the first to the last day (office time zone, both included)
    comment_opens_on = db.Column(db.Date)
    comment_closes_on = db.Column(db.Date)
    #: the assembly's vote on the final text (members present; empty for older records)
    votes_for = db.Column(db.Integer)
    votes_against = db.Column(db.Integer)
    votes_abstained = db.Column(db.Integer)
    finalised_on = db.Column(db.Date)
    answer = db.Column(db.String(10), nullable=False, default="pending", index=True)
    answer_rationale = db.Column(db.Text, nullable=False, default="")
    answer_committee = db.Column(db.String(200), nullable=False, default="")
    answered_on = db.Column(db.Date)
    #: by when politics owes an answer
    answer_due_on = db.Column(db.Date, index=True)
    department_id = db.Column(
        db.Integer, db.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    #: by when the implementation should be done
    due_on = db.Column(db.Date)
    implementation = db.Column(db.String(20), nullable=False, default="open")
    progress = db.Column(db.Integer, nullable=False, default=0)
    #: the council's paper on this recommendation in its council information system (an OParl
    #: Paper URL); `flask processes sync-council` takes the political answer from there
    council_paper_url = db.Column(db.String(500), nullable=False, default="", server_default="")
    council_checked_at = db.Column(UTCDateTime())
    #: why the last sync could not read the council's answer (empty when it could)
    council_problem = db.Column(db.String(500), nullable=False, default="", server_default="")
    #: the sync changed the answer on this day; shown to staff until they save the answer
    council_changed_on = db.Column(db.Date)
    process = db.relationship(Process, back_populates="recommendations")
    department = db.relationship("Organisation")
    updates = db.relationship(
        "ImplementationUpdate",
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="ImplementationUpdate.reported_on.desc()",
    )
    pledges = db.relationship(
        "Pledge",
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="Pledge.pledged_on, Pledge.id",
    )
    minority_statements = db.relationship(
        "MinorityStatement",
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="MinorityStatement.id",
    )
    comments = db.relationship(
        "RecommendationComment",
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="RecommendationComment.created_at",
    )

    @property
    def votes_cast(self) -> int | None:
        if self.votes_for is None:
            return None
        return self.votes_for + (self.votes_against or 0) + (self.votes_abstained or 0)

    @property
    def support_percent(self) -> int | None:
        """Share of the votes cast that were for the recommendation, rounded."""
        cast = self.votes_cast
        return round(100 * self.votes_for / cast) if cast else None

    @property
    def published_comments(self) -> list:
        return [c for c in self.comments if c.status == CommentStatus.PUBLISHED]


class MinorityStatement(TimestampMixin, db.Model):
    """What members who did not agree with a final recommendation say, in their own words
    (Copenhagen's borgerting: the joint final product "med mulighed for minoritetserklæringer")."""

    __tablename__ = "minority_statements"
    __table_args__ = (
        sa.CheckConstraint("supporters IS NULL OR supporters >= 1", name="supporters"),
    )
    id = db.Column(db.Integer, primary_key=True)
    recommendation_id = part_of("recommendations.id")
    text = db.Column(db.Text, nullable=False)
    #: members who stand behind the statement (empty for records from before it was counted)
    supporters = db.Column(db.Integer)
    recommendation = db.relationship(Recommendation, back_populates="minority_statements")


class RecommendationComment(db.Model):
    """A resident's comment on a recommendation open for comment; shown once staff approve it.
    Name and email are kept until `flask processes purge-comments` removes them
    (rules.COMMENT_AUTHOR_RETENTION_DAYS after the comment period)."""

    __tablename__ = "recommendation_comments"
    __table_args__ = (one_of("status", CommentStatus),)
    id = db.Column(db.Integer, primary_key=True)
    recommendation_id = part_of("recommendations.id")
    #: shown with the comment once published ("" after the retention period: "a resident")
    name = db.Column(db.String(120), nullable=False, default="")
    #: never shown; only to find the person's comments for export and erasure
    email = db.Column(db.String(320), index=True)
    text = db.Column(db.Text, nullable=False)
    status = db.Column(
        EnumText(CommentStatus, 20), nullable=False, default=CommentStatus.PENDING, index=True
    )
    #: the resident agreed to publication of name and text (the form's consent box)
    consented_at = db.Column(UTCDateTime(), nullable=False)
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    moderated_at = db.Column(UTCDateTime())
    #: name and email removed after the retention period
    anonymised_at = db.Column(UTCDateTime())
    recommendation = db.relationship(Recommendation, back_populates="comments")


class Pledge(TimestampMixin, db.Model):
    """An implementation partner's commitment to carry a recommendation, and what it did."""

    __tablename__ = "pledges"
    __table_args__ = (
        one_of("status", PLEDGE_STATES),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
        sa.UniqueConstraint("recommendation_id", "organisation_id", name="uq_pledge_partner"),
    )
    id = db.Column(db.Integer, primary_key=True)
    recommendation_id = part_of("recommendations.id")
    #: the partner: an organisation of the contacts CRM (business, science, association ...)
    organisation_id = part_of("organisations.id")
    #: the strategy meeting at which it was pledged (optional)
    meeting_id = db.Column(db.Integer, db.ForeignKey("processes.id", ondelete="SET NULL"))
    #: the promise in the partner's words, short
    text = db.Column(db.String(500), nullable=False)
    pledged_on = db.Column(db.Date, nullable=False)
    status = db.Column(db.String(20), nullable=False, default="pledged")
    progress = db.Column(db.Integer, nullable=False, default=0)
    #: what the partner did, in its latest report
    report = db.Column(db.Text, nullable=False, default="")
    reported_on = db.Column(db.Date)
    recommendation = db.relationship(Recommendation, back_populates="pledges")
    organisation = db.relationship("Organisation")
    meeting = db.relationship(Process)


class ImplementationUpdate(db.Model):
    """A dated report on the implementation of a recommendation."""

    __tablename__ = "implementation_updates"
    __table_args__ = (sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),)
    id = db.Column(db.Integer, primary_key=True)
    recommendation_id = part_of("recommendations.id")
    reported_on = db.Column(db.Date, nullable=False)
    progress = db.Column(db.Integer, nullable=False)
    note = db.Column(db.Text, nullable=False)
    author_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    recommendation = db.relationship(Recommendation, back_populates="updates")
    author = db.relationship("User")


class ReminderSent(db.Model):
    """One reminder about one overdue item and due date: `flask processes remind` sends it once."""

    __tablename__ = "process_reminders"
    __table_args__ = (
        sa.UniqueConstraint("recommendation_id", "kind", "due_on", name="uq_reminder"),
    )
    id = db.Column(db.Integer, primary_key=True)
    recommendation_id = db.Column(
        db.Integer, db.ForeignKey("recommendations.id", ondelete="CASCADE"), nullable=False
    )
    #: "answer" or "update"
    kind = db.Column(db.String(10), nullable=False)
    due_on = db.Column(db.Date, nullable=False)
    sent_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
