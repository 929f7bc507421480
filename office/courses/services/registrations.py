"""Corrections of a registration by staff, and a colleague taking over a seat; both logged."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError
from office.core.outbox import queue_mail
from office.courses import rules
from office.courses.models import Registration, RegistrationChange, RegistrationStatus, RunDecision
from office.courses.services.booking import existing_registration, lock_registration
from office.courses.services.letters import cancel_url, mail_registration
from office.extensions import db

#: what staff may correct
CORRECTABLE = (
    "name",
    "email",
    "organisation",
    "department",
    "billing_reference",
    "routing_id",
    "billing_street",
    "billing_postcode",
    "billing_city",
    "billing_country",
)
ROUTING_ID_INVALID = _l(
    "This is neither a valid Leitweg-ID nor a valid EAN (GLN) number: please check the digits."
)
ADDRESS_TAKEN = _l("This email address is registered for this course start already.")


def check_routing_id(value: str) -> None:
    """An electronic invoice address must be a valid Leitweg-ID or GLN (or left empty)."""
    if value and rules.routing_scheme(value) is None:
        raise DomainError(ROUTING_ID_INVALID, field="routing_id")


#: corrected fields written in one letter case
LETTER_CASE = (("email", str.lower), ("routing_id", str.upper), ("billing_country", str.upper))


def _normalised(values: dict) -> dict:
    clean = {key: (values.get(key) or "").strip() for key in CORRECTABLE if key in values}
    for key, transform in LETTER_CASE:
        if key in clean:
            clean[key] = transform(clean[key])
    return clean


def _log(registration: Registration, kind: str, changes: dict, actor, now: datetime) -> None:
    db.session.add(
        RegistrationChange(
            registration_id=registration.id,
            kind=kind,
            changed_at=now,
            changes=changes,
            actor_id=getattr(actor, "id", None),
        )
    )
    record(f"courses.registration_{kind}", registration, actor, now=now, fields=sorted(changes))


def _free_address(registration: Registration, email: str) -> None:
    """The new address may hold no other registration of the run, except a free cancellation."""
    twin = existing_registration(registration.run_id, email)
    if twin is None or twin.id == registration.id:
        return
    _delete_free_cancellation(twin)


def _delete_free_cancellation(twin: Registration) -> None:
    if twin.status != RegistrationStatus.CANCELLED or twin.late_cancellation:
        raise DomainError(ADDRESS_TAKEN, field="email")
    db.session.delete(twin)  # nothing to bill or keep: the address may be used again
    db.session.flush()


def correct_registration(registration: Registration, values: dict, actor, now: datetime) -> dict:
    """Staff correct a registration's details; the log keeps who, when, before and after.

    Returns the changes ({field: [before, after]}); the invoice basis, invoices and
    certificates made later use the corrected data.
    """
    lock_registration(registration)
    values = _normalised(values)
    check_routing_id(values.get("routing_id", ""))
    changes = {
        k: [getattr(registration, k), v] for k, v in values.items() if getattr(registration, k) != v
    }
    if "email" in changes:
        _free_address(registration, values["email"])
    for key, (_before, after) in changes.items():
        setattr(registration, key, after)
    if changes:
        _log(registration, "correction", changes, actor, now)
    db.session.flush()
    return changes


@dataclass
class Colleague:
    """Who takes over a seat: a named colleague of the same organisation."""

    name: str
    email: str
    department: str = ""
    locale: str | None = None


def _check_substitution(registration: Registration, now: datetime) -> None:
    run = registration.run
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
        raise DomainError(_l("Only a booked seat or a waiting-list place can be handed over."))
    if run.decision in (RunDecision.CANCELLED, RunDecision.HELD):
        raise DomainError(_l("This course start has ended or was cancelled."))
    if not rules.substitution_allowed(now, run.starts_at):
        raise DomainError(_l("A seat can be handed over up to the start of the course."))


def substitute(registration: Registration, colleague: Colleague, actor, now: datetime) -> dict:
    """A colleague takes over the seat (or waiting-list place) at the same price, up to the start.

    Both people are emailed in their language; the change is logged. No cancellation fee.
    """
    lock_registration(registration)
    _check_substitution(registration, now)
    email = colleague.email.strip().lower()
    if email == registration.email:
        raise DomainError(_l("Please give the colleague's own email address."), field="email")
    _free_address(registration, email)
    before = {"name": registration.name, "email": registration.email, "locale": registration.locale}
    after = {"name": colleague.name.strip(), "email": email, "locale": colleague.locale}
    if colleague.department.strip():
        before["department"], after["department"] = (
            registration.department,
            colleague.department.strip(),
        )
    _hand_over(registration, after, now)
    changes = {key: [before[key], after[key]] for key in after}
    _log(registration, "substitution", changes, actor, now)
    _tell_both(registration, before)
    return changes


def _hand_over(registration: Registration, after: dict, now: datetime) -> None:
    for key, value in after.items():
        setattr(registration, key, value)
    registration.user_id = None
    registration.needs = None  # the previous person's needs are not the colleague's
    registration.email_confirmed_at = now
    db.session.flush()


def _tell_both(registration: Registration, before: dict) -> None:
    queue_mail(
        before["email"],
        _l("Your seat is handed over"),
        "courses/handed_over",
        locale=before["locale"],
        registration=registration,
        run=registration.run,
        previous_name=before["name"],
    )
    mail_registration(
        registration,
        _l("A colleague has handed you a course seat"),
        "courses/taken_over",
        previous_name=before["name"],
        cancel_url=cancel_url(registration),
    )


def changes_of(registration: Registration) -> list[RegistrationChange]:
    return db.session.scalars(
        sa.select(RegistrationChange)
        .where(RegistrationChange.registration_id == registration.id)
        .order_by(RegistrationChange.changed_at, RegistrationChange.id)
    ).all()


def changes_of_run(run) -> list[RegistrationChange]:
    """The change log of a run's registrations, newest first (the staff run page)."""
    return db.session.scalars(
        sa.select(RegistrationChange)
        .join(Registration, Registration.id == RegistrationChange.registration_id)
        .where(Registration.run_id == run.id)
        .order_by(RegistrationChange.changed_at.desc(), RegistrationChange.id.desc())
    ).all()
