"""Office staff: the invoices of a run, issued once per buyer, as e-invoice (XRechnung or Peppol
BIS) and as PDF."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import recent_password_required, staff_required
from office.core.clock import utcnow
from office.core.documents import download
from office.core.forms import ActionForm
from office.core.security_log import security_event
from office.core.transaction import perform
from office.courses import bp
from office.courses.invoicing import issue, pdf, ubl
from office.courses.invoicing.models import Invoice
from office.courses.models import CourseRun
from office.courses.views.confirm import Step, confirmation_page
from office.extensions import db


def _run_url(run_id: int) -> str:
    return url_for("courses.manage_run", run_id=run_id) + "#invoices"


@bp.route("/manage/runs/<int:run_id>/invoices", methods=["GET", "POST"])
@staff_required
def issue_invoices(run_id):
    run = db.get_or_404(CourseRun, run_id)
    if request.method == "GET":
        groups, _incomplete = issue.pending(run)
        buyers = [f"{buyer[0]} ({buyer[2]}): {len(people)}" for buyer, people in groups.items()]
        return confirmation_page(
            Step(
                _("Issue invoices"),
                _(
                    "%(n)d invoices are issued with the next invoice numbers; an issued invoice cannot be changed.",
                    n=len(groups),
                ),  # noqa: E501
                _run_url(run.id),
                details=tuple(buyers),
            )
        )
    if ActionForm().validate_on_submit() and (
        done := perform(issue.issue_invoices, run, current_user, utcnow())
    ):
        flash(_("%(n)d invoices are issued.", n=len(done.value)), "success")
    return redirect(_run_url(run.id))


@bp.route("/manage/invoices/<int:invoice_id>.xml")
@staff_required
@recent_password_required
def invoice_xml(invoice_id):
    invoice = db.get_or_404(Invoice, invoice_id)
    security_event("export", current_user, kind="course_invoice_xml", invoice_id=invoice.id)
    return download(ubl.invoice_xml(invoice), "application/xml", ubl.filename(invoice))


@bp.route("/manage/invoices/<int:invoice_id>.pdf")
@staff_required
@recent_password_required
def invoice_pdf(invoice_id):
    invoice = db.get_or_404(Invoice, invoice_id)
    security_event("export", current_user, kind="course_invoice_pdf", invoice_id=invoice.id)
    return download(pdf.invoice_pdf(invoice), "application/pdf", f"invoice-{invoice.number}.pdf")
