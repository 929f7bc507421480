"""Participation processes of the catalogue (Vorhabenliste)."""

import sqlalchemy as sa

from office.core.db import TimestampMixin
from office.extensions import db

PROCESS_STATUSES = ("planned", "running", "completed", "paused")


class Process(TimestampMixin, db.Model):
    """A participation process, existing or planned."""

    __tablename__ = "processes"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in PROCESS_STATUSES) + ")", name="status"
        ),
    )
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(300), nullable=False)
    summary = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.String(20), nullable=False, default="planned", index=True)
    #: shown in the public Vorhabenliste; internal processes only to staff
    is_public = db.Column(db.Boolean, nullable=False, default=True)

    def __str__(self):
        return self.title
