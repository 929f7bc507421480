"""The letters about a registration: queued in the registrant's language, with the links they
need (confirm, cancel)."""

from flask_babel import lazy_gettext as _l

from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.courses.models import Registration, RegistrationStatus
from office.courses.services import tokens


def mail_registration(registration: Registration, subject, template: str, **context) -> None:
    queue_mail(
        registration.email,
        subject,
        template,
        locale=registration.locale,
        registration=registration,
        run=registration.run,
        **context,
    )


def cancel_url(registration: Registration) -> str:
    token = tokens.make("course-cancel", registration.id, registration.email)
    return absolute_url("courses.cancel", token=token)


def notify_registered(registration: Registration) -> None:
    if registration.status == RegistrationStatus.UNCONFIRMED:
        token = tokens.make("course-confirm", registration.id, registration.email)
        confirm_url = absolute_url("courses.confirm", token=token)
        mail_registration(
            registration,
            _l("Please confirm your course registration"),
            "courses/confirm_email",
            confirm_url=confirm_url,
        )
    elif registration.status == RegistrationStatus.CONFIRMED:
        mail_registration(
            registration,
            _l("Your seat is booked"),
            "courses/registered",
            cancel_url=cancel_url(registration),
        )
    else:
        mail_registration(
            registration,
            _l("You are on the waiting list"),
            "courses/waitlisted",
            cancel_url=cancel_url(registration),
        )
