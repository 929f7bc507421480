"""The assembly between selection and recommendations: its sessions, the members' attendance,
co-facilitators from the administration, experts' inputs, and the citizens' report."""

import sqlalchemy as sa

from office.core.db import TimestampMixin, UTCDateTime
from office.extensions import db


class AssemblyPlan(TimestampMixin, db.Model):
    """What the office keeps about one assembly's work beyond its selection (one row each)."""

    __tablename__ = "assembly_plans"
    id = db.Column(db.Integer, primary_key=True)
    assembly_id = db.Column(
        db.Integer,
        db.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    )
    #: the course whose participants count as trained facilitators
    facilitation_course_id = db.Column(db.Integer, db.ForeignKey("courses.id", ondelete="SET NULL"))
    #: the citizens' report's foreword, in the office's words
    report_foreword = db.Column(db.Text, nullable=False, default="")
    #: the report is public on the assembly's page (and on its process) from this moment
    report_published_at = db.Column(UTCDateTime())

    assembly = db.relationship("Assembly")
    facilitation_course = db.relationship("Course")


class AssemblySession(TimestampMixin, db.Model):
    """One meeting of the assembly (Bürgerratssitzung / borgertingsmøde)."""

    __tablename__ = "assembly_sessions"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)
    id = db.Column(db.Integer, primary_key=True)
    assembly_id = db.Column(
        db.Integer,
        db.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    title = db.Column(db.String(200), nullable=False)
    starts_at = db.Column(UTCDateTime(), nullable=False, index=True)
    ends_at = db.Column(UTCDateTime(), nullable=False)
    #: a place of the venue list, or (else) the place in words
    venue_id = db.Column(db.Integer, db.ForeignKey("venues.id", ondelete="SET NULL"))
    place = db.Column(db.String(300), nullable=False, default="")
    agenda = db.Column(db.Text, nullable=False, default="")
    #: what members read before the session (links, notes), in the office's words
    materials = db.Column(db.Text, nullable=False, default="")
    #: when the members were reminded (None: not yet)
    reminded_at = db.Column(UTCDateTime())

    assembly = db.relationship("Assembly")
    venue = db.relationship("Venue")
    attendance = db.relationship(
        "SessionAttendance", back_populates="session", cascade="all, delete-orphan"
    )
    assignments = db.relationship(
        "FacilitatorAssignment",
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="FacilitatorAssignment.id",
    )
    inputs = db.relationship(
        "ExpertInput",
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="ExpertInput.id",
    )

    @property
    def where(self) -> str:
        """The venue (name and address) or the place in words."""
        if self.venue is not None:
            return f"{self.venue.name}, {self.venue.address}"
        return self.place

    def __str__(self):
        return self.title


class SessionAttendance(db.Model):
    """Whether one panel member came to one session (personal; purged with the pool)."""

    __tablename__ = "assembly_attendance"
    __table_args__ = (sa.UniqueConstraint("session_id", "respondent_id"),)
    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(
        db.Integer, db.ForeignKey("assembly_sessions.id", ondelete="CASCADE"), nullable=False
    )
    respondent_id = db.Column(
        db.Integer,
        db.ForeignKey("sortition_respondents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    present = db.Column(db.Boolean, nullable=False)
    recorded_at = db.Column(UTCDateTime(), nullable=False)

    session = db.relationship("AssemblySession", back_populates="attendance")
    respondent = db.relationship("Respondent")


class Facilitator(db.Model):
    """A member of staff who volunteered to co-facilitate an assembly (medfacilitator)."""

    __tablename__ = "assembly_facilitators"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "user_id"),)
    id = db.Column(db.Integer, primary_key=True)
    assembly_id = db.Column(
        db.Integer,
        db.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    user_id = db.Column(
        db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: what the volunteer tells the office (time they can give, experience)
    note = db.Column(db.Text, nullable=False, default="")
    volunteered_at = db.Column(UTCDateTime(), nullable=False)

    assembly = db.relationship("Assembly")
    user = db.relationship("User")
    assignments = db.relationship(
        "FacilitatorAssignment", back_populates="facilitator", cascade="all, delete-orphan"
    )


class FacilitatorAssignment(db.Model):
    """A facilitator at one table (or the plenary) of one session."""

    __tablename__ = "assembly_facilitator_assignments"
    __table_args__ = (sa.UniqueConstraint("session_id", "facilitator_id"),)
    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(
        db.Integer, db.ForeignKey("assembly_sessions.id", ondelete="CASCADE"), nullable=False
    )
    facilitator_id = db.Column(
        db.Integer,
        db.ForeignKey("assembly_facilitators.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    #: the table ("Tisch 3", "Bord 2"); empty for the plenary
    table = db.Column(db.String(60), nullable=False, default="")

    session = db.relationship("AssemblySession", back_populates="assignments")
    facilitator = db.relationship("Facilitator", back_populates="assignments")


class ExpertInput(TimestampMixin, db.Model):
    """An expert (a person of the contacts CRM) briefing the assembly on a topic at a session."""

    __tablename__ = "assembly_expert_inputs"
    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(
        db.Integer,
        db.ForeignKey("assembly_sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    person_id = db.Column(
        db.Integer, db.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False, index=True
    )
    topic = db.Column(db.String(300), nullable=False)
    #: the input and its materials are public from this moment (None: only staff see them)
    published_at = db.Column(UTCDateTime())

    session = db.relationship("AssemblySession", back_populates="inputs")
    person = db.relationship("Person")
    materials = db.relationship(
        "ExpertMaterial",
        back_populates="expert_input",
        cascade="all, delete-orphan",
        order_by="ExpertMaterial.id",
    )

    @property
    def published(self) -> bool:
        return self.published_at is not None


class ExpertMaterial(db.Model):
    """A document an expert brought (PDF or image, recognised by its content)."""

    __tablename__ = "assembly_expert_materials"
    id = db.Column(db.Integer, primary_key=True)
    input_id = db.Column(
        db.Integer,
        db.ForeignKey("assembly_expert_inputs.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    filename = db.Column(db.String(200), nullable=False)
    stored_name = db.Column(db.String(80), nullable=False, unique=True)
    content_type = db.Column(db.String(50), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    uploaded_at = db.Column(UTCDateTime(), nullable=False)

    expert_input = db.relationship("ExpertInput", back_populates="materials")
