"""Organisations and people of the contacts CRM."""

import sqlalchemy as sa

from office.core.db import TimestampMixin
from office.extensions import db

ORGANISATION_KINDS = (
    "department",
    "initiative",
    "association",
    "business",
    "science",
    "politics",
    "other",
)


class Organisation(TimestampMixin, db.Model):
    """A department of the administration, an initiative, association, business ..."""

    __tablename__ = "organisations"
    __table_args__ = (
        sa.CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in ORGANISATION_KINDS) + ")", name="kind"
        ),
    )
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False, index=True)
    kind = db.Column(db.String(20), nullable=False)
    #: short code of a department, e.g. "61" or "Stadtplanung"
    short_name = db.Column(db.String(60))

    def __str__(self):
        return self.name


class Person(TimestampMixin, db.Model):
    """A contact person: a department's participation contact, an initiative's member, an expert."""

    __tablename__ = "persons"
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

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def __str__(self):
        return self.name
