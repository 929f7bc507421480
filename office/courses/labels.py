"""The translated label of every status, kind and choice of the courses shown to a person."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions
from office.courses.models import CourseFormat, PriceBasis, RegistrationStatus

#: the status a run shows (rules.run_status): (label, badge class)
RUN_STATUS = {
    "open": (_l("open"), "badge-ok"),
    "full": (_l("fully booked"), "badge-warn"),
    "closed": (_l("registration closed"), ""),
    "confirmed": (_l("takes place"), "badge-ok"),
    "cancelled": (_l("cancelled"), "badge-error"),
    "held": (_l("held"), ""),
}

REGISTRATION_STATUS = {
    RegistrationStatus.UNCONFIRMED: _l("email not yet confirmed"),
    RegistrationStatus.CONFIRMED: _l("seat booked"),
    RegistrationStatus.WAITLISTED: _l("waiting list"),
    RegistrationStatus.CANCELLED: _l("cancelled"),
}

FORMAT = {
    CourseFormat.IN_PERSON: _l("In person"),
    CourseFormat.ONLINE: _l("Online"),
    CourseFormat.HYBRID: _l("Hybrid"),
}

PRICE_BASIS = {
    PriceBasis.COURSE: _l("per person and course"),
    PriceBasis.DAY: _l("per person and day"),
}

#: the fields of a registration staff may correct, as the change log names them
FIELD = {
    "name": _l("Name"),
    "email": _l("Email address"),
    "organisation": _l("Organisation"),
    "department": _l("Department"),
    "billing_reference": _l("Billing reference"),
    "routing_id": _l("Leitweg-ID or EAN (GLN)"),
    "billing_street": _l("Street and number"),
    "billing_postcode": _l("Postcode"),
    "billing_city": _l("City"),
    "billing_country": _l("Country"),
    "locale": _l("Language"),
}

CHANGE_KIND = {"correction": _l("correction"), "substitution": _l("substitution")}

#: the run filter of the staff list: "all" plus these
RUN_FILTER = {
    "accepting": _l("taking registrations"),
    "undecided": _l("registration closed, not yet decided"),
    "confirmed": _l("takes place"),
    "held": _l("held"),
    "cancelled": _l("cancelled"),
}


def choices(labels: dict) -> list[tuple[str, str]]:
    """(value, label) pairs for a select or radio field."""
    return [(str(value), label) for value, label in labels.items()]


register_actions(
    "courses",
    _l("Courses"),
    {
        "registered": _l("registration received"),
        "cancelled": _l("registration cancelled"),
        "promoted": _l("seat given from the waitlist"),
        "registration_correction": _l("registration corrected"),
        "registration_substitution": _l("participant substituted"),
        "run_decided": _l("course start decided by its rule"),
        "decision_overridden": _l("course start decided by staff"),
        "invoice_issued": _l("invoice issued"),
    },
)
