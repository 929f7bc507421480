"""Venues and facilities of the districts: neighbourhood centres, rooms, libraries, schools."""

import enum

import sqlalchemy as sa

from office.core.db import EnumText, TimestampMixin, one_of
from office.extensions import db


class VenueStatus(enum.StrEnum):
    """pending: suggested by an initiative, waits for staff; published: in the directory of
    venues and offered for events; rejected: not taken; archived: no longer available."""

    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    ARCHIVED = "archived"


class VenueKind(enum.StrEnum):
    CENTRE = "centre"
    ROOM = "room"
    LIBRARY = "library"
    SCHOOL = "school"
    OUTDOOR = "outdoor"
    OTHER = "other"


class Venue(TimestampMixin, db.Model):
    """A place where things happen, with what it offers for access."""

    __tablename__ = "venues"
    __table_args__ = (
        one_of("status", VenueStatus),
        one_of("kind", VenueKind),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="latitude"),
        sa.CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180", name="longitude"),
        sa.Index("ix_venues_status_name", "status", "name"),
    )
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)
    kind = db.Column(EnumText(VenueKind, 20), nullable=False, default=VenueKind.CENTRE)
    street = db.Column(db.String(200), nullable=False)
    postcode = db.Column(db.String(20), nullable=False, default="")
    city = db.Column(db.String(120), nullable=False)
    district_id = db.Column(
        db.Integer, db.ForeignKey("districts.id", ondelete="SET NULL"), index=True
    )
    district = db.relationship("District")
    #: map position, entered by staff (WGS 84)
    latitude = db.Column(db.Float)
    longitude = db.Column(db.Float)
    #: opening hours in words ("Mon-Fri 9-18, Sat 10-14")
    opening_hours = db.Column(db.String(300), nullable=False, default="")
    step_free = db.Column(db.Boolean, nullable=False, default=False)
    accessible_toilet = db.Column(db.Boolean, nullable=False, default=False)
    hearing_loop = db.Column(db.Boolean, nullable=False, default=False)
    quiet_room = db.Column(db.Boolean, nullable=False, default=False)
    #: anything else about access, in words (entrance, lift, parking, assistance)
    access_note = db.Column(db.String(1000), nullable=False, default="")
    #: people the largest room holds
    capacity = db.Column(db.Integer)
    #: the venue's public contact (its front desk, not a private person's)
    contact_email = db.Column(db.String(320), nullable=False, default="")
    contact_phone = db.Column(db.String(50), nullable=False, default="")
    website = db.Column(db.String(500), nullable=False, default="")
    status = db.Column(EnumText(VenueStatus, 20), nullable=False, default=VenueStatus.PENDING)
    #: the moderator's reason for the last decision
    moderation_note = db.Column(db.Text, nullable=False, default="")
    suggested_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    suggested_by = db.relationship("User")

    @property
    def address(self) -> str:
        """One line: street, postcode and city."""
        return ", ".join(p for p in (self.street, f"{self.postcode} {self.city}".strip()) if p)

    @property
    def is_public(self) -> bool:
        return self.status == VenueStatus.PUBLISHED

    def __str__(self):
        return self.name
