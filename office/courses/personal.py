"""What the course module stores about a person, for export and erasure (GDPR)."""

import sqlalchemy as sa

from office.core.registry import register_personal_data
from office.courses.models import (
    Feedback,
    InterestEntry,
    PackageBooking,
    Registration,
)
from office.extensions import db

ERASED = "erased"


def _rows(model, email: str):
    return db.session.scalars(sa.select(model).where(model.email == email.strip().lower())).all()


def export(email: str) -> dict:
    registrations = _rows(Registration, email)
    feedback = db.session.scalars(
        sa.select(Feedback).where(Feedback.registration_id.in_([r.id for r in registrations]))
    ).all()
    return {
        "registrations": [
            {
                "course": r.run.course.title,
                "first_day": r.run.first_day.isoformat(),
                "status": r.status,
                "name": r.name,
                "organisation": r.organisation,
                "department": r.department,
                "billing_reference": r.billing_reference,
                "needs": r.needs,
                "price_excl_vat": str(r.price),
                "attended": r.attended,
                "registered_at": r.created_at.isoformat(),
            }
            for r in registrations
        ],
        "interest_list": [
            {"course": e.course.title, "name": e.name, "consent_at": e.consent_at.isoformat()}
            for e in _rows(InterestEntry, email)
        ],
        "feedback": [{"rating": f.rating, "comment": f.comment} for f in feedback],
    }


def erase(email: str) -> int:
    """Delete what is not needed; registrations that are invoiced stay, anonymised.

    An anonymised registration keeps organisation, billing reference, price and VAT (the
    invoice basis) but loses name, address, department and needs.
    """
    changed = 0
    for registration in _rows(Registration, email):
        registration.name = ERASED
        registration.email = f"erased-{registration.id}@invalid"
        registration.needs = None
        registration.department = ""
        registration.user_id = None
        changed += 1
        for feedback in db.session.scalars(
            sa.select(Feedback).where(Feedback.registration_id == registration.id)
        ):
            feedback.comment = ""
            feedback.published = False
    for booking in _rows(PackageBooking, email):
        booking.email = f"erased-{booking.id}@invalid"
        changed += 1
    for model in (InterestEntry,):
        for row in _rows(model, email):
            db.session.delete(row)
            changed += 1
    db.session.flush()
    return changed


register_personal_data("courses", export, erase)
