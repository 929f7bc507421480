"""Booking seats: lock the run, re-count, insert, in one transaction; waitlist and packages."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from office.core.audit import record
from office.core.clock import office_tz
from office.core.db import for_update
from office.core.errors import DomainError, NotFound
from office.courses import rules
from office.courses.models import (
    CourseRun,
    PackageBooking,
    Registration,
    RegistrationStatus,
    RunDecision,
    vat_rate,
)
from office.courses.queries import run_row
from office.courses.services import tokens
from office.courses.services.letters import cancel_url, mail_registration, notify_registered
from office.extensions import db

#: a guest registering again after this long gets the confirmation link again (not on a double click)
RESEND_AFTER = timedelta(minutes=2)


class RegistrationClosed(DomainError):
    default_message = _l("Registration for this course start is closed.")


class AlreadyRegistered(DomainError):
    default_message = _l("This email address is registered for this course start already.")


class SeatTaken(DomainError):
    default_message = _l("The last seat was taken a moment ago. Please try again.")


@dataclass
class Applicant:
    """Who registers: a logged-in member of staff or a guest from another public body."""

    name: str
    email: str
    organisation: str = ""
    department: str = ""
    billing_reference: str = ""
    routing_id: str = ""
    billing_street: str = ""
    billing_postcode: str = ""
    billing_city: str = ""
    billing_country: str = ""
    needs: str | None = None
    locale: str | None = None
    user_id: int | None = None


def locking_enabled() -> bool:
    # COURSES_LOCKING=False exists only for the negative control of the concurrency test
    return current_app.config.get("COURSES_LOCKING", True)


def lock_run(run_id: int) -> CourseRun:
    """The published run, locked until commit (PostgreSQL row lock; SQLite writes serialise)."""
    stmt = run_row(run_id)
    if locking_enabled():
        stmt = for_update(stmt)
    run = db.session.scalars(stmt).first()
    if run is None or not run.published or not run.course.visible:
        raise NotFound()
    return run


def lock_runs(run_ids) -> list[CourseRun]:
    """Several runs, locked in ascending id order so overlapping bookings cannot deadlock."""
    return [lock_run(run_id) for run_id in sorted(set(run_ids))]


def check_open(run: CourseRun, now: datetime) -> None:
    if not run.accepts_registrations(now):
        raise RegistrationClosed()


def taken_seats(run_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Registration.seat_number).where(
                Registration.run_id == run_id, Registration.seat_number.is_not(None)
            )
        )
    )


def waiting_count(run_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Registration.run_id == run_id, Registration.status == RegistrationStatus.WAITLISTED
        )
    )


def _place(registration: Registration, run: CourseRun, now: datetime) -> None:
    """Give the registration the lowest free seat, or a place at the end of the waitlist."""
    taken = taken_seats(run.id)
    seat = rules.next_seat_number(taken, run.capacity)
    if seat is not None and rules.has_free_seat(run.capacity, len(taken), waiting_count(run.id)):
        registration.status = RegistrationStatus.CONFIRMED
        registration.seat_number = seat
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.seat_number = None
        registration.waitlisted_at = now


def existing_registration(run_id: int, email: str) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(Registration.run_id == run_id, Registration.email == email)
    )


#: what an applicant gives, copied onto the registration (stripped)
APPLICANT_TEXT = (
    "name",
    "organisation",
    "department",
    "billing_reference",
    "routing_id",
    "billing_street",
    "billing_postcode",
    "billing_city",
    "billing_country",
)


def _fill(registration: Registration, run: CourseRun, person: Applicant, price: Decimal) -> None:
    registration.run_id = run.id
    registration.run_capacity = run.capacity
    for name in APPLICANT_TEXT:
        setattr(registration, name, (getattr(person, name) or "").strip())
    registration.email = person.email.strip().lower()
    registration.routing_id = registration.routing_id.upper()
    registration.billing_country = registration.billing_country.upper()
    registration.needs = (person.needs or "").strip() or None
    registration.locale = person.locale
    registration.user_id = person.user_id
    registration.price = price
    registration.vat_rate = vat_rate()
    registration.currency = current_app.config["OFFICE_CURRENCY"]
    registration.cancelled_at = None
    registration.late_cancellation = False
    registration.cancellation_fee = None
    registration.attended = None


def book_seat(
    run_id: int,
    person: Applicant,
    now: datetime,
    *,
    email_confirmed: bool,
    price: Decimal | None = None,
    package_booking: PackageBooking | None = None,
) -> Registration:
    """Register a person for a run.

    With a confirmed email (logged-in staff) the seat is booked at once, or a waitlist place
    when the run is full. A guest's registration stays unconfirmed, holding no seat, until
    the link in the email is used. Registering the same address twice returns the first
    registration (a double click makes one registration).
    """
    return _book(run_id, person, now, email_confirmed, price, package_booking)[0]


def register_guest(run_id: int, person: Applicant, now: datetime) -> tuple[Registration, bool]:
    """A guest registers: the registration, and whether the address had registered before.

    An address registered before gets an email about its registration; the person who typed it
    is not shown that registration (it may be someone else's).
    """
    return _book(run_id, person, now, False, None, None)


def _book(run_id, person, now, email_confirmed, price, package_booking):
    run = lock_run(run_id)
    check_open(run, now)
    registration = existing_registration(run.id, person.email.strip().lower())
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        return _again(registration, run, now, email_confirmed, package_booking), True
    registration = _new_registration(registration, run, person, price, package_booking)
    registration.email_confirmed_at = now if email_confirmed else None
    if email_confirmed:
        _place(registration, run, now)
    else:
        registration.status, registration.seat_number = RegistrationStatus.UNCONFIRMED, None
    return _insert(registration, run, package_booking)


def _new_registration(registration, run, person, price, package_booking) -> Registration:
    """A fresh registration, or the cancelled one of the same address filled anew."""
    registration = registration or Registration()
    _fill(registration, run, person, run.price_excl_vat if price is None else price)
    registration.package_booking = package_booking
    return registration


def _again(registration, run, now, email_confirmed, package_booking) -> Registration:
    """The address registered before: confirm it (staff), or remind the address (a guest)."""
    if package_booking is not None:
        raise AlreadyRegistered()
    if registration.status == RegistrationStatus.UNCONFIRMED and email_confirmed:
        registration.email_confirmed_at = now
        _place(registration, run, now)
        db.session.flush()
        notify_registered(registration)
    elif not email_confirmed and now - registration.created_at > RESEND_AFTER:
        # the guest lost the first email, or someone typed an address that is booked already:
        # the address gets the mail, the person at the keyboard does not see the registration
        notify_registered(registration)
    return registration


def _insert(registration: Registration, run: CourseRun, package_booking):
    try:
        with db.session.begin_nested():
            if registration.id is None:
                db.session.add(registration)
            db.session.flush()
    except IntegrityError as exc:
        # a concurrent request registered the same address (double click), or took the
        # seat (only possible when the lock is off: the database's second net)
        twin = existing_registration(run.id, registration.email)
        if twin is not None and package_booking is None:
            return twin, True
        raise SeatTaken() from exc
    record("courses.registered", registration, None, run_id=run.id, status=str(registration.status))
    notify_registered(registration)
    return registration, False


def registration_by_token(token: str, purpose: str) -> Registration:
    registration_id, email = tokens.read(purpose, token)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.email != email:
        raise NotFound()
    return registration


def confirm_guest_email(token: str, now: datetime) -> Registration:
    """The guest used the link in the email: book the seat now (or a waitlist place)."""
    registration = registration_by_token(token, "course-confirm")
    if registration.status != RegistrationStatus.UNCONFIRMED:
        return registration  # the link was used before
    run = lock_run(registration.run_id)
    db.session.refresh(registration)
    if registration.status != RegistrationStatus.UNCONFIRMED:
        return registration
    check_open(run, now)
    registration.email_confirmed_at = now
    _place(registration, run, now)
    db.session.flush()
    notify_registered(registration)
    return registration


def registration_from_token(token: str, purpose: str = "course-cancel") -> Registration:
    return registration_by_token(token, purpose)


def lock_registration(registration: Registration) -> CourseRun:
    """Lock the registration's run and re-read the registration (its status may have moved)."""
    run = db.session.scalars(for_update(run_row(registration.run_id))).one()
    db.session.refresh(registration)
    return run


def free_until(run: CourseRun) -> datetime:
    """The instant until which cancelling a seat of the run is free (the course's terms)."""
    return rules.free_cancellation_until(
        run.first_day, run.course.free_cancellation_days, office_tz()
    )


def last_free_day(run: CourseRun):
    """The last calendar day (office time zone) on which cancelling a seat is free."""
    return (free_until(run) - timedelta(seconds=1)).astimezone(office_tz()).date()


def cancellation_fee(registration: Registration, run: CourseRun, now: datetime) -> Decimal:
    """What cancelling now costs under the course's terms (a seat only; waiting is free)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return Decimal("0.00")
    percent = run.course.cancellation_fee_percent
    return rules.cancellation_fee(registration.price, percent, now, free_until(run))


def is_late(registration: Registration, run: CourseRun, now: datetime) -> bool:
    """Cancelling a held seat after the free period: the terms apply (maybe a fee of 0)."""
    return registration.status == RegistrationStatus.CONFIRMED and now >= free_until(run)


def cancel_registration(
    registration: Registration, now: datetime, notify: bool = True, waive_fee: bool = False
) -> list[Registration]:
    """Cancel; free in the free period, later the course's fee applies (recorded for billing).

    A seat freed before the deadline goes to the first person on the waitlist. Returns the
    registrations promoted. `waive_fee`: the office gives the seat up (erasure), nothing billed.
    """
    run = lock_registration(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    if run.decision in (RunDecision.CANCELLED, RunDecision.HELD):
        raise RegistrationClosed(_l("This course start has ended or was cancelled."))
    had_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.late_cancellation = is_late(registration, run, now) and not waive_fee
    fee = None if waive_fee else cancellation_fee(registration, run, now)
    registration.cancellation_fee = fee or None
    registration.status, registration.seat_number = RegistrationStatus.CANCELLED, None
    registration.cancelled_at = now
    record("courses.cancelled", registration, None, now=now, late=registration.late_cancellation)
    db.session.flush()
    if notify:
        mail_registration(registration, _l("Your registration is cancelled"), "courses/cancelled")
    if had_seat and rules.registration_open(now, run.deadline):
        return promote_from_waitlist(run, now)
    return []


def promote_from_waitlist(run: CourseRun, now: datetime) -> list[Registration]:
    """Give free seats to the waitlist, first come first served, and email those promoted."""
    waiting = db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.waitlisted_at, Registration.id)
    ).all()
    taken = taken_seats(run.id)
    promoted = []
    for registration in waiting:
        seat = rules.next_seat_number(taken, run.capacity)
        if seat is None:
            break
        taken.add(seat)
        _promote(registration, seat, now)
        promoted.append(registration)
    return promoted


def _promote(registration: Registration, seat: int, now: datetime) -> None:
    registration.status, registration.seat_number = RegistrationStatus.CONFIRMED, seat
    registration.confirmed_at = registration.promoted_at = now
    record("courses.promoted", registration, None, now=now, seat=seat)
    db.session.flush()
    mail_registration(
        registration,
        _l("A seat has become free for you"),
        "courses/promoted",
        cancel_url=cancel_url(registration),
    )
