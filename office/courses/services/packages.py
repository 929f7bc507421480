"""Booking a package: one chosen run of each course, all or nothing."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from office.core.errors import DomainError, NotFound
from office.courses import rules
from office.courses.models import CourseRun, Package, PackageBooking, RegistrationStatus
from office.courses.services.booking import (
    Applicant,
    SeatTaken,
    book_seat,
    existing_registration,
    lock_runs,
    taken_seats,
    waiting_count,
)
from office.extensions import db


def _package_problem(run: CourseRun, email: str, now: datetime):
    """Why this run cannot be part of a package booking now, or None."""
    existing = existing_registration(run.id, email)
    if not run.accepts_registrations(now):
        return _l("%(run)s: registration is closed", run=str(run))
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        return _l("%(run)s: you are registered already", run=str(run))
    if not rules.has_free_seat(run.capacity, len(taken_seats(run.id)), waiting_count(run.id)):
        return _l("%(run)s: fully booked", run=str(run))
    return None


def _lock_package_runs(package, run_ids: dict[int, int]) -> list[CourseRun]:
    course_ids = {c.id for c in package.courses}
    if set(run_ids) != course_ids:
        raise DomainError(_l("Please choose a course start for every course of the package."))
    runs = lock_runs(run_ids.values())
    if any(run.course_id not in course_ids or run_ids[run.course_id] != run.id for run in runs):
        raise NotFound()
    return runs


def book_package(package, person: Applicant, run_ids: dict[int, int], now: datetime):
    """Register the person on one chosen run of every course of the package, all or nothing.

    If any chosen run is closed, full or already booked by this person, nothing is booked and
    the error names every run that stands in the way.
    """
    runs = _lock_package_runs(package, run_ids)
    email = person.email.strip().lower()
    _check_bookable(runs, email, now)
    booking = PackageBooking(package=package, email=email, price=package.price)
    db.session.add(booking)
    registrations = _book_each(runs, person, now, booking)
    if any(r.status != RegistrationStatus.CONFIRMED for r in registrations):
        raise SeatTaken()  # cannot happen under the lock; stay all or nothing
    return booking, registrations


def _check_bookable(runs: list[CourseRun], email: str, now: datetime) -> None:
    problems = [p for p in (_package_problem(run, email, now) for run in runs) if p]
    if problems:
        raise DomainError(
            _l("Nothing was booked. %(problems)s.", problems="; ".join(str(p) for p in problems))
        )


def _book_each(runs: list[CourseRun], person: Applicant, now: datetime, booking: PackageBooking):
    """A seat on every run, the package price split among them."""
    shares = rules.split_amount(booking.price, len(runs))
    return [
        book_seat(run.id, person, now, email_confirmed=True, price=share, package_booking=booking)
        for run, share in zip(runs, shares, strict=True)
    ]


def save_package(package: Package, values: dict, courses: list) -> Package:
    """Store a new or changed package with its courses."""
    for key, value in values.items():
        setattr(package, key, value)
    package.description = package.description or ""
    package.courses = courses
    db.session.add(package)
    db.session.flush()
    return package
