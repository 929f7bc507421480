"""Courses, their runs, registrations, interest list, packages, feedback and invoices."""

import enum
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.ext.hybrid import hybrid_method

from office.core.clock import office_tz
from office.core.db import DateList, EnumText, TimestampMixin, UTCDateTime, _utcnow, one_of, part_of
from office.core.formatting import formatted
from office.core.translations import Translatable
from office.courses import rules
from office.extensions import db


class CourseFormat(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class PriceBasis(enum.StrEnum):
    COURSE = "course"
    DAY = "day"


class RunDecision(enum.StrEnum):
    """The stored decision of a run; None while undecided."""

    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    HELD = "held"


class RegistrationStatus(enum.StrEnum):
    """unconfirmed: a guest has not yet used the link in the email (no seat is held);
    confirmed: holds a seat; waitlisted: waits for a seat (first come, first served)."""

    UNCONFIRMED = "unconfirmed"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


def _consecutive_days(context) -> list[date]:
    """Default of a run's days (bulk inserts): every day from the first to the last."""
    params = context.get_current_parameters()
    return rules.run_days(params["first_day"], params["last_day"])


class Course(Translatable, TimestampMixin, db.Model):
    """A course of the catalogue ("Kom godt i gang med borgerinddragelse")."""

    TRANSLATED = ("title", "summary", "description", "benefits", "audience", "cancellation_terms")

    __tablename__ = "courses"
    __table_args__ = (
        one_of("format", CourseFormat),
        one_of("price_basis", PriceBasis),
        sa.CheckConstraint("price >= 0", name="price_not_negative"),
        sa.CheckConstraint(
            "min_participants >= 1 AND min_participants <= capacity", name="minimum"
        ),
        sa.CheckConstraint("lead_days >= 0", name="lead_days"),
        sa.CheckConstraint("cancellation_fee_percent BETWEEN 0 AND 100", name="fee_percent"),
        sa.CheckConstraint("free_cancellation_days >= 0", name="free_cancellation_days"),
    )
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    title = db.Column(db.String(200), nullable=False)
    summary = db.Column(db.Text, nullable=False, default="")
    description = db.Column(db.Text, nullable=False, default="")
    #: "what you get", one point per line
    benefits = db.Column(db.Text, nullable=False, default="")
    audience = db.Column(db.Text, nullable=False, default="")
    format = db.Column(EnumText(CourseFormat, 20), nullable=False, default=CourseFormat.IN_PERSON)
    duration_days = db.Column(db.Integer, nullable=False, default=1)
    daily_start = db.Column(db.Time, nullable=False)
    daily_end = db.Column(db.Time, nullable=False)
    #: per person, excl. VAT; per course or per day (price_basis)
    price = db.Column(db.Numeric(10, 2), nullable=False)
    price_basis = db.Column(EnumText(PriceBasis, 10), nullable=False, default=PriceBasis.COURSE)
    min_participants = db.Column(db.Integer, nullable=False, default=18)
    capacity = db.Column(db.Integer, nullable=False, default=24)
    #: days before the first day at whose end registration closes
    lead_days = db.Column(db.Integer, nullable=False, default=10)
    #: cancelling is free until the end of the day this many days before the first day
    free_cancellation_days = db.Column(db.Integer, nullable=False, default=10)
    #: later, this share of the price is charged (a colleague may always take the seat)
    cancellation_fee_percent = db.Column(db.Integer, nullable=False, default=100)
    cancellation_terms = db.Column(db.Text, nullable=False, default="")
    published = db.Column(db.Boolean, nullable=False, default=False)
    archived = db.Column(db.Boolean, nullable=False, default=False)

    runs = db.relationship("CourseRun", back_populates="course", order_by="CourseRun.first_day")

    @property
    def benefit_list(self) -> list[str]:
        return [p.strip(" •-") for p in self.text("benefits").splitlines() if p.strip(" •-")]

    @property
    def price_incl_vat(self) -> Decimal:
        """The course's price (per course or per day) with the office's VAT."""
        return rules.gross(self.price, vat_rate())

    @property
    def visible(self) -> bool:
        return self.published and not self.archived

    def __str__(self):
        return self.title


class CourseRun(TimestampMixin, db.Model):
    """One dated start of a course: its days (not necessarily consecutive), same daily times."""

    __tablename__ = "course_runs"
    __table_args__ = (
        # the registrations' seat check refers to (id, capacity)
        sa.UniqueConstraint("id", "capacity", name="uq_course_runs_id_capacity"),
        sa.CheckConstraint("last_day >= first_day", name="days_in_order"),
        sa.CheckConstraint("end_time > start_time", name="times_in_order"),
        sa.CheckConstraint("capacity >= 1", name="capacity_positive"),
        sa.CheckConstraint("min_participants >= 1", name="minimum_positive"),
        sa.CheckConstraint("lead_days >= 0", name="lead_days"),
        one_of("decision", RunDecision),  # NULL (undecided) passes the check
        sa.Index("ix_course_runs_due", "decision", "deadline"),
    )
    id = db.Column(db.Integer, primary_key=True)
    course_id = part_of("courses.id")
    #: the course days; first_day and last_day are its first and last (for queries)
    days = db.Column(DateList(), nullable=False, default=_consecutive_days)
    first_day = db.Column(db.Date, nullable=False, index=True)
    last_day = db.Column(db.Date, nullable=False)
    start_time = db.Column(db.Time, nullable=False)
    end_time = db.Column(db.Time, nullable=False)
    capacity = db.Column(db.Integer, nullable=False)
    min_participants = db.Column(db.Integer, nullable=False)
    lead_days = db.Column(db.Integer, nullable=False)
    #: the instant registration closes (derived from first_day and lead_days when saved)
    deadline = db.Column(UTCDateTime(), nullable=False)
    #: a venue of the directory (address, access); `venue` then names the room, else the place
    venue_id = db.Column(db.ForeignKey("venues.id", ondelete="SET NULL"), index=True)
    directory_venue = db.relationship("Venue")
    venue = db.Column(db.String(300), nullable=False, default="")
    #: shown only to confirmed participants
    online_link = db.Column(db.String(500), nullable=False, default="")
    published = db.Column(db.Boolean, nullable=False, default=False)
    decision = db.Column(EnumText(RunDecision, 12))
    decided_at = db.Column(UTCDateTime())
    #: staff override or the automatic rule ("automatic: 17 of 18")
    decision_reason = db.Column(db.Text)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    #: when feedback requests went out and special needs were deleted
    closed_out_at = db.Column(UTCDateTime())

    course = db.relationship("Course", back_populates="runs", lazy="joined")
    registrations = db.relationship(
        "Registration",
        back_populates="run",
        primaryjoin="CourseRun.id == Registration.run_id",
        foreign_keys="Registration.run_id",
        order_by="Registration.id",
    )

    def set_days(self, days) -> None:
        """The run's days, sorted, with first_day and last_day following them."""
        self.days = sorted(days)
        self.first_day, self.last_day = self.days[0], self.days[-1]

    @property
    def day_count(self) -> int:
        return len(self.days)

    @hybrid_method
    def accepts_registrations(self, now: datetime) -> bool:
        """The one rule (rules.accepts_registrations), here usable in queries too."""
        return rules.accepts_registrations(self.decision, now, self.deadline)

    @accepts_registrations.expression
    def accepts_registrations(cls, now: datetime):
        accepting = sa.or_(cls.decision.is_(None), cls.decision == RunDecision.CONFIRMED)
        return sa.and_(accepting, cls.deadline > now)

    def intervals(self) -> list[tuple[datetime, datetime]]:
        tz = office_tz()
        return [rules.day_interval(d, self.start_time, self.end_time, tz) for d in self.days]

    @property
    def starts_at(self) -> datetime:
        return self.intervals()[0][0]

    @property
    def ends_at(self) -> datetime:
        return self.intervals()[-1][1]

    @property
    def last_registration_day(self) -> date:
        """The last calendar day (office time zone) on which registration is open."""
        return (self.deadline.astimezone(office_tz()) - timedelta(seconds=1)).date()

    @property
    def price_excl_vat(self) -> Decimal:
        return rules.price_excl_vat(self.course.price, self.course.price_basis, self.day_count)

    @property
    def price_incl_vat(self) -> Decimal:
        return rules.gross(self.price_excl_vat, vat_rate())

    def __str__(self):
        return f"{self.course.title} ({formatted('date', self.first_day)})"


def vat_rate() -> Decimal:
    return Decimal(str(current_app.config["OFFICE_VAT_RATE"]))


class PackageBooking(TimestampMixin, db.Model):
    """One person's booking of a package: a registration on one run of each course."""

    __tablename__ = "course_package_bookings"
    id = db.Column(db.Integer, primary_key=True)
    package_id = part_of("course_packages.id", index=False)
    email = db.Column(db.String(320), nullable=False, index=True)
    #: frozen at booking time, excl. VAT
    price = db.Column(db.Numeric(10, 2), nullable=False)
    package = db.relationship("Package")


class Registration(TimestampMixin, db.Model):
    """A person's registration for a run; holds a numbered seat while confirmed."""

    __tablename__ = "course_registrations"
    __table_args__ = (
        # email is stored lower-case: one registration per address and run
        sa.UniqueConstraint("run_id", "email", name="uq_course_registrations_run_email"),
        # second net against overbooking: a seat number is unique per run and lies in
        # 1..capacity of the run (run_capacity follows the run's capacity by ON UPDATE CASCADE)
        sa.UniqueConstraint("run_id", "seat_number", name="uq_course_registrations_seat"),
        sa.ForeignKeyConstraint(
            ["run_id", "run_capacity"],
            ["course_runs.id", "course_runs.capacity"],
            name="fk_course_registrations_run",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        sa.CheckConstraint(
            "seat_number IS NULL OR (seat_number >= 1 AND seat_number <= run_capacity)",
            name="seat_in_capacity",
        ),
        sa.CheckConstraint(
            "(status = 'confirmed') = (seat_number IS NOT NULL)", name="seat_iff_confirmed"
        ),
        one_of("status", RegistrationStatus),
        sa.CheckConstraint("price >= 0", name="price_not_negative"),
        sa.Index("ix_course_registrations_run_status", "run_id", "status"),
    )
    id = db.Column(db.Integer, primary_key=True)
    run_id = db.Column(db.Integer, nullable=False)
    run_capacity = db.Column(db.Integer, nullable=False)
    seat_number = db.Column(db.Integer)
    status = db.Column(EnumText(RegistrationStatus, 12), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    package_booking_id = db.Column(
        db.ForeignKey("course_package_bookings.id", ondelete="SET NULL"), index=True
    )
    name = db.Column(db.String(200), nullable=False)
    #: stored lower-case
    email = db.Column(db.String(320), nullable=False, index=True)
    organisation = db.Column(db.String(200), nullable=False, default="")
    department = db.Column(db.String(200), nullable=False, default="")
    #: the buyer's order number, cost centre or contact ("Ihr Zeichen", "personreference")
    billing_reference = db.Column(db.String(100), nullable=False, default="")
    #: the buyer's electronic invoice address: a Leitweg-ID (Germany) or a GLN/EAN (Denmark)
    routing_id = db.Column(db.String(50), nullable=False, default="")
    #: the buyer's invoice address (an authority's, not the participant's)
    billing_street = db.Column(db.String(200), nullable=False, default="")
    billing_postcode = db.Column(db.String(20), nullable=False, default="")
    billing_city = db.Column(db.String(100), nullable=False, default="")
    #: ISO 3166-1 alpha-2
    billing_country = db.Column(db.String(2), nullable=False, default="")
    #: accessibility or dietary needs; deleted after the run
    needs = db.Column(db.Text)
    locale = db.Column(db.String(5))
    #: per person excl. VAT, VAT rate and currency at registration time
    price = db.Column(db.Numeric(10, 2), nullable=False)
    vat_rate = db.Column(db.Numeric(5, 4), nullable=False)
    currency = db.Column(db.String(3), nullable=False)
    email_confirmed_at = db.Column(UTCDateTime())
    confirmed_at = db.Column(UTCDateTime())
    waitlisted_at = db.Column(UTCDateTime())
    #: moved up from the waiting list automatically
    promoted_at = db.Column(UTCDateTime())
    cancelled_at = db.Column(UTCDateTime())
    #: cancelled after the free period: the course's cancellation terms apply (for billing)
    late_cancellation = db.Column(db.Boolean, nullable=False, default=False)
    #: what a late cancellation costs, excl. VAT (the course's terms at the time of cancelling)
    cancellation_fee = db.Column(db.Numeric(10, 2))
    #: None until staff mark attendance
    attended = db.Column(db.Boolean)

    run = db.relationship(
        "CourseRun",
        back_populates="registrations",
        primaryjoin="CourseRun.id == Registration.run_id",
        foreign_keys=[run_id],
    )
    package_booking = db.relationship("PackageBooking")

    @property
    def billed(self) -> Decimal:
        """What is invoiced excl. VAT: the price of a seat, or the fee of a late cancellation."""
        if self.status == RegistrationStatus.CANCELLED:
            return Decimal(self.cancellation_fee or 0)
        return Decimal(self.price)

    @property
    def vat(self) -> Decimal:
        return rules.vat_amount(self.billed, self.vat_rate)

    @property
    def total(self) -> Decimal:
        return rules.gross(self.billed, self.vat_rate)


class RegistrationChange(db.Model):
    """A correction or substitution of a registration: who, when, before and after."""

    __tablename__ = "course_registration_changes"
    id = db.Column(db.Integer, primary_key=True)
    registration_id = part_of("course_registrations.id")
    #: "correction" or "substitution"
    kind = db.Column(db.String(20), nullable=False)
    changed_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    #: None when the participant made the change through their own link
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    #: {field: [before, after]}
    changes = db.Column(db.JSON, nullable=False, info={"personal": True})
    actor = db.relationship("User")


class InterestEntry(TimestampMixin, db.Model):
    """Interest in a new start of a course ("Tilmeld interesse for ny kursusstart")."""

    __tablename__ = "course_interest"
    __table_args__ = (sa.UniqueConstraint("course_id", "email", name="uq_course_interest_email"),)
    id = db.Column(db.Integer, primary_key=True)
    course_id = part_of("courses.id")
    name = db.Column(db.String(200), nullable=False)
    email = db.Column(db.String(320), nullable=False, index=True)
    organisation = db.Column(db.String(200), nullable=False, default="")
    locale = db.Column(db.String(5))
    consent_at = db.Column(UTCDateTime(), nullable=False, default=_utcnow)
    #: when the address was confirmed (double opt-in); only confirmed entries are emailed
    confirmed_at = db.Column(UTCDateTime())
    #: when the person was last told about a new run
    notified_at = db.Column(UTCDateTime())
    course = db.relationship("Course")


package_courses = db.Table(
    "course_package_courses",
    db.Column(
        "package_id", db.ForeignKey("course_packages.id", ondelete="CASCADE"), primary_key=True
    ),
    db.Column("course_id", db.ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
)


class Package(TimestampMixin, db.Model):
    """Several courses booked together at a package price."""

    __tablename__ = "course_packages"
    __table_args__ = (sa.CheckConstraint("price >= 0", name="price_not_negative"),)
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    #: per person excl. VAT
    price = db.Column(db.Numeric(10, 2), nullable=False)
    published = db.Column(db.Boolean, nullable=False, default=False)
    courses = db.relationship("Course", secondary=package_courses, order_by="Course.id")


class Feedback(TimestampMixin, db.Model):
    """An attendee's feedback on a run; staff may publish the comment as a quote."""

    __tablename__ = "course_feedback"
    __table_args__ = (sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),)
    id = db.Column(db.Integer, primary_key=True)
    registration_id = part_of("course_registrations.id", index=False, unique=True)
    rating = db.Column(db.Integer, nullable=False)
    comment = db.Column(db.Text, nullable=False, default="")
    published = db.Column(db.Boolean, nullable=False, default=False)
    registration = db.relationship("Registration", lazy="joined")
