"""Office staff and one registration: correct its details, hand its seat to a colleague, cancel
it (each after a confirmation where it mails someone)."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import staff_required
from office.core.clock import utcnow
from office.core.forms import ActionForm, render_form
from office.core.i18n import money
from office.core.transaction import perform
from office.courses import bp
from office.courses.forms.registration import CorrectionForm
from office.courses.models import Registration
from office.courses.services import booking, registrations
from office.courses.views.confirm import Step, confirmation_page
from office.courses.views.registration import substitute_page
from office.extensions import db


def _run_url(registration: Registration) -> str:
    return url_for("courses.manage_run", run_id=registration.run_id)


def _cancel_consequence(registration: Registration) -> str:
    fee = booking.cancellation_fee(registration, registration.run, utcnow())
    text = _("%(name)s's registration is cancelled and they are emailed.", name=registration.name)
    if fee:
        text += " " + _(
            "The cancellation fee of %(fee)s applies.", fee=money(fee, registration.currency)
        )  # noqa: E501
    return text


@bp.route("/manage/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
@staff_required
def staff_cancel(registration_id):
    registration = db.get_or_404(Registration, registration_id)
    if request.method == "GET":
        return confirmation_page(
            Step(
                _("Cancel registration"),
                _cancel_consequence(registration),
                _run_url(registration),
                danger=True,
            )
        )
    if ActionForm().validate_on_submit() and (
        done := perform(booking.cancel_registration, registration, utcnow())
    ):
        flash(_("The registration is cancelled."), "success")
        for r in done.value:
            flash(_("%(name)s moved up from the waiting list.", name=r.name), "success")
    return redirect(_run_url(registration))


@bp.route("/manage/registrations/<int:registration_id>/correct", methods=["GET", "POST"])
@staff_required
def correct_registration(registration_id):
    registration = db.get_or_404(Registration, registration_id)
    form = CorrectionForm(obj=registration)
    if form.validate_on_submit() and (
        done := perform(
            registrations.correct_registration,
            registration,
            form.values(),
            current_user,
            utcnow(),
            form=form,
        )
    ):
        flash(
            _("The registration is corrected.") if done.value else _("Nothing was changed."),
            "success",
        )  # noqa: E501
        return redirect(_run_url(registration))
    return render_form(
        "courses/manage/correct.html",
        form,
        registration=registration,
        changes=registrations.changes_of(registration),
    )


@bp.route("/manage/registrations/<int:registration_id>/substitute", methods=["GET", "POST"])
@staff_required
def staff_substitute(registration_id):
    registration = db.get_or_404(Registration, registration_id)
    back = _run_url(registration)
    return substitute_page(registration, back, current_user, back)
