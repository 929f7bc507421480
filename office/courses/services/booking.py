"""Booking seats: lock the run, re-count, insert, in one transaction; waitlist and packages."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from office.core.db import for_update
from office.core.errors import DomainError, NotFound
from office.core.outbox import queue_mail
from office.courses import rules
from office.courses.models import CourseRun, PackageBooking, Registration, vat_rate
from office.courses.services import tokens
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
    needs: str | None = None
    locale: str | None = None
    user_id: int | None = None


def locking_enabled() -> bool:
    # COURSES_LOCKING=False exists only for the negative control of the concurrency test
    return current_app.config.get("COURSES_LOCKING", True)


def lock_run(run_id: int) -> CourseRun:
    """The published run, locked until commit (PostgreSQL row lock; SQLite writes serialise)."""
    stmt = CourseRun.row(run_id)
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
    if run.decision in ("cancelled", "held") or not rules.registration_open(now, run.deadline):
        raise RegistrationClosed()


def _taken_seats(run_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Registration.seat_number).where(
                Registration.run_id == run_id, Registration.seat_number.is_not(None)
            )
        )
    )


def _waiting(run_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Registration.run_id == run_id, Registration.status == "waitlisted"
        )
    )


def _place(registration: Registration, run: CourseRun, now: datetime) -> None:
    """Give the registration the lowest free seat, or a place at the end of the waitlist."""
    taken = _taken_seats(run.id)
    seat = rules.next_seat_number(taken, run.capacity)
    if seat is not None and rules.has_free_seat(run.capacity, len(taken), _waiting(run.id)):
        registration.status = "confirmed"
        registration.seat_number = seat
        registration.confirmed_at = now
    else:
        registration.status = "waitlisted"
        registration.seat_number = None
        registration.waitlisted_at = now


def _existing(run_id: int, email: str) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(Registration.run_id == run_id, Registration.email == email)
    )


def _fill(registration: Registration, run: CourseRun, person: Applicant, price: Decimal) -> None:
    registration.run_id = run.id
    registration.run_capacity = run.capacity
    registration.name = person.name.strip()
    registration.email = person.email.strip().lower()
    registration.organisation = person.organisation.strip()
    registration.department = person.department.strip()
    registration.billing_reference = person.billing_reference.strip()
    registration.needs = (person.needs or "").strip() or None
    registration.locale = person.locale
    registration.user_id = person.user_id
    registration.price = price
    registration.vat_rate = vat_rate()
    registration.currency = current_app.config["OFFICE_CURRENCY"]
    registration.cancelled_at = None
    registration.late_cancellation = False
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
    run = lock_run(run_id)
    check_open(run, now)
    email = person.email.strip().lower()
    registration = _existing(run.id, email)
    if registration is not None and registration.status == "unconfirmed" and email_confirmed:
        registration.email_confirmed_at = now
        _place(registration, run, now)
        db.session.flush()
        _notify_registered(registration)
        return registration
    if registration is not None and registration.status != "cancelled":
        if package_booking is not None:
            raise AlreadyRegistered()
        if registration.status == "unconfirmed" and now - registration.created_at > RESEND_AFTER:
            _notify_registered(registration)  # the guest lost the first email: send the link again
        return registration
    fresh = registration is None
    registration = registration or Registration()
    _fill(registration, run, person, run.price_excl_vat if price is None else price)
    registration.package_booking = package_booking
    if email_confirmed:
        registration.email_confirmed_at = now
        _place(registration, run, now)
    else:
        registration.status = "unconfirmed"
        registration.seat_number = None
    try:
        with db.session.begin_nested():
            if fresh:
                db.session.add(registration)
            db.session.flush()
    except IntegrityError as exc:
        # a concurrent request registered the same address (double click), or took the
        # seat (only possible when the lock is off: the database's second net)
        twin = _existing(run.id, email)
        if twin is not None and package_booking is None:
            return twin
        raise SeatTaken() from exc
    _notify_registered(registration)
    return registration


def confirm_guest_email(token: str, now: datetime) -> Registration:
    """The guest used the link in the email: book the seat now (or a waitlist place)."""
    registration_id, email = tokens.read("course-confirm", token)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.email != email:
        raise NotFound()
    if registration.status != "unconfirmed":
        return registration  # the link was used before
    run = lock_run(registration.run_id)
    db.session.refresh(registration)
    if registration.status != "unconfirmed":
        return registration
    check_open(run, now)
    registration.email_confirmed_at = now
    _place(registration, run, now)
    db.session.flush()
    _notify_registered(registration)
    return registration


def registration_from_token(token: str, purpose: str = "course-cancel") -> Registration:
    registration_id, email = tokens.read(purpose, token)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.email != email:
        raise NotFound()
    return registration


def cancel_registration(registration: Registration, now: datetime) -> list[Registration]:
    """Cancel; free until the deadline, later the course's terms apply (recorded for billing).

    A seat freed before the deadline goes to the first person on the waitlist. Returns the
    registrations promoted.
    """
    run = db.session.scalars(for_update(CourseRun.row(registration.run_id))).one()
    db.session.refresh(registration)
    if registration.status == "cancelled":
        return []
    if run.decision in ("cancelled", "held"):
        raise RegistrationClosed(_l("This course start has ended or was cancelled."))
    had_seat = registration.status == "confirmed"
    registration.late_cancellation = had_seat and not rules.cancellation_is_free(now, run.deadline)
    registration.status = "cancelled"
    registration.seat_number = None
    registration.cancelled_at = now
    db.session.flush()
    queue_mail(
        registration.email,
        _l("Your registration is cancelled"),
        "courses/cancelled",
        locale=registration.locale,
        registration=registration,
        run=run,
    )
    if had_seat and rules.registration_open(now, run.deadline):
        return promote_from_waitlist(run, now)
    return []


def promote_from_waitlist(run: CourseRun, now: datetime) -> list[Registration]:
    """Give free seats to the waitlist, first come first served, and email those promoted."""
    promoted = []
    waiting = db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id, Registration.status == "waitlisted")
        .order_by(Registration.waitlisted_at, Registration.id)
    ).all()
    taken = _taken_seats(run.id)
    for registration in waiting:
        seat = rules.next_seat_number(taken, run.capacity)
        if seat is None:
            break
        taken.add(seat)
        registration.status = "confirmed"
        registration.seat_number = seat
        registration.confirmed_at = now
        registration.promoted_at = now
        db.session.flush()
        promoted.append(registration)
        queue_mail(
            registration.email,
            _l("A seat has become free for you"),
            "courses/promoted",
            locale=registration.locale,
            registration=registration,
            run=run,
            cancel_url=cancel_url(registration),
        )
    return promoted


def cancel_url(registration: Registration) -> str:
    token = tokens.make("course-cancel", registration.id, registration.email)
    return url_for("courses.cancel", token=token, _external=True)


def _notify_registered(registration: Registration) -> None:
    run = registration.run
    if registration.status == "unconfirmed":
        token = tokens.make("course-confirm", registration.id, registration.email)
        queue_mail(
            registration.email,
            _l("Please confirm your course registration"),
            "courses/confirm_email",
            locale=registration.locale,
            registration=registration,
            run=run,
            confirm_url=url_for("courses.confirm", token=token, _external=True),
        )
        return
    template = "courses/registered" if registration.status == "confirmed" else "courses/waitlisted"
    subject = (
        _l("Your seat is booked")
        if registration.status == "confirmed"
        else _l("You are on the waiting list")
    )
    queue_mail(
        registration.email,
        subject,
        template,
        locale=registration.locale,
        registration=registration,
        run=run,
        cancel_url=cancel_url(registration),
    )


def book_package(package, person: Applicant, run_ids: dict[int, int], now: datetime):
    """Register the person on one chosen run of every course of the package, all or nothing.

    If any chosen run is closed, full or already booked by this person, nothing is booked and
    the error names every run that stands in the way.
    """
    course_ids = {c.id for c in package.courses}
    if set(run_ids) != course_ids:
        raise DomainError(_l("Please choose a course start for every course of the package."))
    runs = lock_runs(run_ids.values())
    problems = []
    email = person.email.strip().lower()
    for run in runs:
        if run.course_id not in course_ids or run_ids[run.course_id] != run.id:
            raise NotFound()
        taken = _taken_seats(run.id)
        existing = _existing(run.id, email)
        if run.decision in ("cancelled", "held") or not rules.registration_open(now, run.deadline):
            problems.append(_l("%(run)s: registration is closed", run=str(run)))
        elif existing is not None and existing.status != "cancelled":
            problems.append(_l("%(run)s: you are registered already", run=str(run)))
        elif not rules.has_free_seat(run.capacity, len(taken), _waiting(run.id)):
            problems.append(_l("%(run)s: fully booked", run=str(run)))
    if problems:
        raise DomainError(
            _l("Nothing was booked. %(problems)s.", problems="; ".join(str(p) for p in problems))
        )
    booking = PackageBooking(package=package, email=email, price=package.price)
    db.session.add(booking)
    shares = rules.split_amount(package.price, len(runs))
    registrations = []
    for run, share in zip(runs, shares, strict=True):
        registration = book_seat(
            run.id, person, now, email_confirmed=True, price=share, package_booking=booking
        )
        if registration.status != "confirmed":  # cannot happen under the lock; stay all or nothing
            raise SeatTaken()
        registrations.append(registration)
    return booking, registrations
