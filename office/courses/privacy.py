"""What the course module stores about a person, for export and erasure (GDPR)."""

import sqlalchemy as sa
from flask_babel import gettext as _

from office.core.clock import utcnow
from office.core.registry import register_personal_data
from office.courses.models import (
    Feedback,
    InterestEntry,
    PackageBooking,
    Registration,
    RegistrationChange,
    RegistrationStatus,
    RunDecision,
)
from office.courses.services.booking import cancel_registration
from office.extensions import db

ERASED = "erased"
#: a registration the person still holds on a run that has not started
ACTIVE = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.UNCONFIRMED,
)


def _rows(model, email: str):
    return db.session.scalars(sa.select(model).where(model.email == email.strip().lower())).all()


def _registration(r: Registration) -> dict:
    return {
        "course": r.run.course.title,
        "first_day": r.run.first_day.isoformat(),
        "status": str(r.status),
        "name": r.name,
        "organisation": r.organisation,
        "department": r.department,
        "billing_reference": r.billing_reference,
        "needs": r.needs,
        "price_excl_vat": str(r.price),
        "attended": r.attended,
        "registered_at": r.created_at.isoformat(),
        "changes": [
            {"kind": c.kind, "at": c.changed_at.isoformat(), "changes": c.changes}
            for c in _changes(r.id)
        ],
    }


def _changes(registration_id: int) -> list[RegistrationChange]:
    return db.session.scalars(
        sa.select(RegistrationChange).where(RegistrationChange.registration_id == registration_id)
    ).all()


def export(email: str) -> dict:
    registrations = _rows(Registration, email)
    feedback = _feedback([r.id for r in registrations])
    return {
        "registrations": [_registration(r) for r in registrations],
        "interest_list": [
            {"course": e.course.title, "name": e.name, "consent_at": e.consent_at.isoformat()}
            for e in _rows(InterestEntry, email)
        ],
        "feedback": [{"rating": f.rating, "comment": f.comment} for f in feedback],
    }


def _feedback(registration_ids: list[int]) -> list[Feedback]:
    return db.session.scalars(
        sa.select(Feedback).where(Feedback.registration_id.in_(registration_ids))
    ).all()


def future_bookings(email: str, now) -> list[Registration]:
    """The person's places on runs that have not started (not cancelled or held)."""
    return [r for r in _rows(Registration, email) if _coming(r, now)]


def _coming(registration: Registration, now) -> bool:
    run = registration.run
    closed = run.decision in (RunDecision.CANCELLED, RunDecision.HELD)
    return registration.status in ACTIVE and not closed and now < run.starts_at


def consequences(email: str) -> list[str]:
    """Erasing gives up these places first (said on the erasure page before it happens)."""
    return [
        _(
            "The place on %(run)s is cancelled; the waiting list moves up; nothing is billed.",
            run=str(r.run),
        )  # noqa: E501
        for r in future_bookings(email, utcnow())
    ]


def cancel_future_bookings(email: str) -> list[Registration]:
    """The person's places on runs that have not started are given up first: the seat goes to
    the waiting list and is neither counted towards the minimum nor billed."""
    now = utcnow()
    future = future_bookings(email, now)
    for registration in future:
        cancel_registration(registration, now, notify=False, waive_fee=True)
    return future


def _anonymise(registration: Registration) -> None:
    registration.name = ERASED
    registration.email = f"erased-{registration.id}@invalid"
    registration.needs = None
    registration.department = ""
    registration.user_id = None
    for feedback in _feedback([registration.id]):
        feedback.comment = ""
        feedback.published = False
    for change in _changes(registration.id):
        change.changes = {ERASED: True}


def _erase_from_change_logs(email: str) -> int:
    """Log entries of other registrations that name the person (a seat handed to a colleague)."""
    mentioned = db.session.scalars(
        sa.select(RegistrationChange).where(
            sa.cast(RegistrationChange.changes, sa.Text).contains(f'"{email}"')
        )
    ).all()
    for change in mentioned:
        change.changes = {ERASED: True}
    return len(mentioned)


def erase(email: str) -> int:
    """Give up future bookings, then delete what is not needed; invoiced records stay, anonymised.

    An anonymised registration keeps organisation, billing reference, price and VAT (the
    invoice basis) but loses name, address, department and needs.
    """
    changed = len(cancel_future_bookings(email))
    for registration in _rows(Registration, email):
        _anonymise(registration)
        changed += 1
    for booking in _rows(PackageBooking, email):
        booking.email = f"erased-{booking.id}@invalid"
        changed += 1
    for row in _rows(InterestEntry, email):
        db.session.delete(row)
        changed += 1
    changed += _erase_from_change_logs(email)
    db.session.flush()
    return changed


register_personal_data("courses", export, erase, consequences=consequences)
