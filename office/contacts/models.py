"""Organisations and people of the contacts CRM, their interactions and consents."""

from enum import StrEnum

import sqlalchemy as sa

from office.core.db import EnumText, TimestampMixin, UTCDateTime, _utcnow, one_of
from office.extensions import db


class OrganisationKind(StrEnum):
    DEPARTMENT = "department"
    INITIATIVE = "initiative"
    ASSOCIATION = "association"
    BUSINESS = "business"
    SCIENCE = "science"
    POLITICS = "politics"
    OTHER = "other"


class InteractionKind(StrEnum):
    NOTE = "note"
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"


class ConsentChannel(StrEnum):
    WEB = "web"
    EMAIL = "email"
    PAPER = "paper"
    PHONE = "phone"
    IN_PERSON = "in_person"


ORGANISATION_KINDS = tuple(OrganisationKind)


class Organisation(TimestampMixin, db.Model):
    """A department of the administration, an initiative, association, business ..."""

    __tablename__ = "organisations"
    __table_args__ = (one_of("kind", OrganisationKind),)
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False, index=True)
    kind = db.Column(EnumText(OrganisationKind, 20), nullable=False)
    #: short code of a department, e.g. "61" or "Stadtplanung"
    short_name = db.Column(db.String(60))
    email = db.Column(db.String(320))
    phone = db.Column(db.String(50))
    website = db.Column(db.String(300))
    notes = db.Column(db.Text, nullable=False, default="")

    memberships = db.relationship(
        "Membership", back_populates="organisation", cascade="all, delete-orphan"
    )

    def __str__(self):
        return self.name


person_tags = db.Table(
    "person_tags",
    db.Column("person_id", db.ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
    db.Column("tag_id", db.ForeignKey("contact_tags.id", ondelete="CASCADE"), primary_key=True),
)
person_expertise = db.Table(
    "person_expertise",
    db.Column("person_id", db.ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
    db.Column(
        "expertise_id", db.ForeignKey("expertise_areas.id", ondelete="CASCADE"), primary_key=True
    ),
)
person_districts = db.Table(
    "person_districts",
    db.Column("person_id", db.ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
    db.Column("district_id", db.ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True),
)


class Tag(db.Model):
    """A free label on contacts ("Presse", "Jugendbeirat")."""

    __tablename__ = "contact_tags"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False, unique=True)

    def __str__(self):
        return self.name


class Expertise(db.Model):
    """An area of expertise ("Verkehrsplanung", "Moderation")."""

    __tablename__ = "expertise_areas"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False, unique=True)

    def __str__(self):
        return self.name


class Person(TimestampMixin, db.Model):
    """A contact person: a department's participation contact, an initiative's member, an expert."""

    __tablename__ = "persons"
    __table_args__ = (
        sa.Index("ix_persons_last_first", "last_name", "first_name"),
        # the search (search_text LIKE '%word%') over tens of thousands of people: a trigram
        # index on PostgreSQL (extension pg_trgm, created with the table); a plain one elsewhere
        sa.Index(
            "ix_persons_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )
    id = db.Column(db.Integer, primary_key=True)
    first_name = db.Column(db.String(100), nullable=False, default="")
    last_name = db.Column(db.String(100), nullable=False)
    #: stored lower-case; not unique (shared office addresses exist), duplicates are found and merged
    email = db.Column(db.String(320), index=True)
    phone = db.Column(db.String(50))
    organisation_id = db.Column(
        db.Integer, db.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    organisation = db.relationship("Organisation")
    notes = db.Column(db.Text, nullable=False, default="")
    #: lower-case names, email, organisations, tags and expertise: what the search looks in
    search_text = db.Column(db.Text, nullable=False, default="")
    #: last interaction, change or import; the retention review looks at it
    last_activity_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow, index=True)
    #: set when the person was erased; the row stays (other records point to it) without data
    erased_at = db.Column(UTCDateTime())

    memberships = db.relationship(
        "Membership", back_populates="person", cascade="all, delete-orphan"
    )
    tags = db.relationship(Tag, secondary=person_tags, order_by=Tag.name)
    expertise = db.relationship(Expertise, secondary=person_expertise, order_by=Expertise.name)
    districts = db.relationship("District", secondary=person_districts)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def __str__(self):
        return self.name


class Membership(db.Model):
    """A person's role at an organisation; a department's participation contact is flagged."""

    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("person_id", "organisation_id", name="uq_membership"),)
    id = db.Column(db.Integer, primary_key=True)
    person_id = db.Column(
        db.Integer, db.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organisation_id = db.Column(
        db.Integer,
        db.ForeignKey("organisations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    role = db.Column(db.String(120), nullable=False, default="")
    #: the department's named contact for participation matters
    participation_contact = db.Column(db.Boolean, nullable=False, default=False)
    person = db.relationship(Person, back_populates="memberships")
    organisation = db.relationship(Organisation, back_populates="memberships")


class Interaction(db.Model):
    """A note, call, meeting or email with a person or organisation."""

    __tablename__ = "interactions"
    __table_args__ = (
        one_of("kind", InteractionKind),
        sa.CheckConstraint("person_id IS NOT NULL OR organisation_id IS NOT NULL", name="subject"),
    )
    id = db.Column(db.Integer, primary_key=True)
    person_id = db.Column(db.Integer, db.ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    organisation_id = db.Column(
        db.Integer, db.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind = db.Column(EnumText(InteractionKind, 10), nullable=False)
    occurred_on = db.Column(db.Date, nullable=False)
    summary = db.Column(db.Text, nullable=False)
    author_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    created_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    author = db.relationship("User")
    person = db.relationship(Person)
    organisation = db.relationship(Organisation)


class Consent(db.Model):
    """A person's consent to a purpose, with the text version and how it was given or withdrawn."""

    __tablename__ = "consents"
    __table_args__ = (one_of("channel", ConsentChannel),)
    id = db.Column(db.Integer, primary_key=True)
    person_id = db.Column(
        db.Integer, db.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False, index=True
    )
    purpose = db.Column(db.String(200), nullable=False)
    #: version of the consent text the person saw, e.g. "newsletter-2026-01"
    text_version = db.Column(db.String(60), nullable=False)
    channel = db.Column(EnumText(ConsentChannel, 20), nullable=False)
    given_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    withdrawn_at = db.Column(UTCDateTime())
    withdrawal_channel = db.Column(EnumText(ConsentChannel, 20))
    person = db.relationship(Person)

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


# the trigram operator class of the search index needs the extension before the table exists
sa.event.listen(
    Person.__table__,
    "before_create",
    sa.DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)
