"""Neighbourhood initiatives, their representatives and the languages they speak."""

import sqlalchemy as sa

from office.core.db import TimestampMixin, UTCDateTime, one_of
from office.core.translations import Translatable
from office.extensions import db

#: pending: waits for moderation; changes_requested: back with the representatives;
#: published: in the public directory; rejected: refused; archived: no longer active
INITIATIVE_STATUSES = ("pending", "changes_requested", "published", "rejected", "archived")

initiative_districts = db.Table(
    "initiative_districts",
    db.Column(
        "initiative_id",
        db.Integer,
        db.ForeignKey("initiatives.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    db.Column(
        "district_id",
        db.Integer,
        db.ForeignKey("districts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

initiative_topics = db.Table(
    "initiative_topics",
    db.Column(
        "initiative_id",
        db.Integer,
        db.ForeignKey("initiatives.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    db.Column(
        "topic_id",
        db.Integer,
        db.ForeignKey("topics.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Initiative(Translatable, TimestampMixin, db.Model):
    """A neighbourhood initiative, association or group in the public directory."""

    #: its self-description, in the office's language and in others it provides
    TRANSLATED = ("short_description", "description", "meeting_times", "accessibility")

    __tablename__ = "initiatives"
    __table_args__ = (
        one_of("status", INITIATIVE_STATUSES),
        sa.Index("ix_initiatives_status_name", "status", "name"),
    )
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)
    short_description = db.Column(db.String(300), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    meeting_place = db.Column(db.String(300), nullable=False, default="")
    meeting_times = db.Column(db.String(300), nullable=False, default="")
    #: where the initiative meets, from the directory of venues (address and access)
    venue_id = db.Column(db.Integer, db.ForeignKey("venues.id", ondelete="SET NULL"), index=True)
    venue = db.relationship("Venue")
    #: step-free access, hearing loop, quiet room ... in the representatives' words
    accessibility = db.Column(db.String(1000), nullable=False, default="")
    website = db.Column(db.String(500), nullable=False, default="")
    contact_email = db.Column(db.String(320), nullable=False, default="")
    founded_year = db.Column(db.Integer)
    #: random file name of the re-encoded logo in UPLOAD_FOLDER/initiatives
    logo_filename = db.Column(db.String(80))
    status = db.Column(db.String(20), nullable=False, default="pending")
    #: the moderator's reason for the last decision, also sent by email
    moderation_note = db.Column(db.Text, nullable=False, default="")
    #: set when the registering representative confirmed their email: only then moderated
    submitted_at = db.Column(UTCDateTime())
    published_at = db.Column(UTCDateTime())
    #: edits of moderated fields to a published entry, shown after a moderator accepts them
    pending_changes = db.Column(db.JSON(none_as_null=True))
    #: the CRM record of the same initiative (created on first publication): one record, not two
    organisation_id = db.Column(
        db.Integer,
        db.ForeignKey("organisations.id", ondelete="SET NULL"),
        unique=True,
    )
    organisation = db.relationship("Organisation")
    districts = db.relationship(
        "District", secondary=initiative_districts, order_by="District.name"
    )
    topics = db.relationship("Topic", secondary=initiative_topics, order_by="Topic.slug")
    languages = db.relationship(
        "InitiativeLanguage",
        cascade="all, delete-orphan",
        order_by="InitiativeLanguage.code",
    )
    representatives = db.relationship(
        "Representative", cascade="all, delete-orphan", back_populates="initiative"
    )

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    @property
    def is_public(self) -> bool:
        return self.status == "published"

    def __str__(self):
        return self.name


class InitiativeLanguage(db.Model):
    """A language the initiative's meetings are held in (ISO 639-1)."""

    __tablename__ = "initiative_languages"
    initiative_id = db.Column(
        db.Integer, db.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    code = db.Column(db.String(3), primary_key=True, index=True)


class Representative(TimestampMixin, db.Model):
    """A user who may edit an initiative's entry and submit its events."""

    __tablename__ = "initiative_representatives"
    initiative_id = db.Column(
        db.Integer, db.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    user_id = db.Column(
        db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    initiative = db.relationship("Initiative", back_populates="representatives")
    user = db.relationship("User")
