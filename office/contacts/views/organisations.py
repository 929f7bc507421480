"""Staff pages of the CRM: organisations, and the directory of departments' contacts."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from office.contacts import bp, queries
from office.contacts.forms import InteractionForm, OrganisationForm
from office.contacts.labels import KIND_LABELS
from office.contacts.models import Organisation
from office.contacts.services import people as people_service
from office.contacts.views.people import PER_PAGE, log_interaction
from office.core.access import access, roles, staff_required
from office.core.clock import local_now
from office.core.forms import render_form
from office.core.pagination import paginate
from office.core.transaction import perform
from office.extensions import db


@bp.route("/organisations")
@staff_required
def organisations():
    q = request.args.get("q", "").strip()[:100]
    kind = request.args.get("kind", "")
    page = paginate(queries.organisations_query(q, kind), request.args.get("page"), PER_PAGE)
    return render_template(
        "contacts/organisations.html", page=page, q=q, kind=kind, kinds=KIND_LABELS
    )


def _organisation_page(organisation_id: int):
    return redirect(url_for("contacts.organisation", organisation_id=organisation_id))


@bp.route("/organisations/new", methods=["GET", "POST"])
@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_organisation(organisation_id=None):
    organisation = (
        db.session.get(Organisation, organisation_id) if organisation_id else Organisation()
    )
    if organisation is None:
        abort(404)
    form = OrganisationForm(obj=None if request.method == "POST" else organisation)
    fields = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    if form.validate_on_submit() and perform(
        people_service.save_organisation, organisation, **fields, form=form
    ):
        flash(_("The organisation is saved."), "success")
        return _organisation_page(organisation.id)
    return render_form(
        "contacts/organisation_form.html",
        form,
        organisation=organisation if organisation_id else None,
    )


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@staff_required
def organisation(organisation_id):
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    form = InteractionForm(prefix="interaction")
    if form.validate_on_submit() and log_interaction(form, organisation=organisation):
        flash(_("The interaction is logged."), "success")
        return _organisation_page(organisation.id)
    if request.method == "GET":
        form.occurred_on.data = local_now().date()
    return render_form(
        "contacts/organisation.html",
        form,
        organisation=organisation,
        members=queries.organisation_members(organisation),
        interactions=queries.organisation_interactions(organisation),
        kinds=KIND_LABELS,
    )


@bp.route("/departments")
@access(roles("office_staff", "department_staff"))
def departments():
    """The directory of the departments' participation contacts, for department staff too."""
    return render_template(
        "contacts/departments.html", departments=queries.departments_with_contacts()
    )
