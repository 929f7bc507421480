"""Staff pages of the CRM: the people list, a person, their roles, interactions and consents."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.contacts import bp, queries
from office.contacts.forms import (
    ConsentForm,
    InteractionForm,
    MembershipForm,
    PersonForm,
    WithdrawForm,
)
from office.contacts.labels import KIND_LABELS
from office.contacts.models import ORGANISATION_KINDS, Consent, Membership, Organisation, Person
from office.contacts.rules import split_list
from office.contacts.services import people as people_service
from office.contacts.services import rights
from office.core import bounds, cache, staff_pages
from office.core.access import owned_or_404, staff_required
from office.core.clock import local_now
from office.core.forms import ActionForm, render_form
from office.core.models import District
from office.core.pagination import paginate
from office.core.transaction import perform
from office.extensions import db

PER_PAGE = 50

#: what the contacts list shows
LIST_TABLES = (
    "persons",
    "organisations",
    "memberships",
    "person_tags",
    "person_expertise",
    "person_districts",
    "contact_tags",
    "expertise_areas",
    "districts",
)


def _int_arg(name):
    return bounds.parse_int(request.args.get(name))


def current_filters() -> queries.PeopleFilters:
    kind = request.args.get("kind", "")
    return queries.PeopleFilters(
        q=request.args.get("q", "").strip()[:100],
        organisation=_int_arg("organisation"),
        kind=kind if kind in ORGANISATION_KINDS else "",
        tag=_int_arg("tag"),
        expertise=_int_arg("expertise"),
        district=_int_arg("district"),
        contacts_only=request.args.get("contacts") == "1",
    )


def get_person(person_id) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        abort(404)
    return person


def _list_context() -> dict:
    filters = current_filters()
    return {
        "page": paginate(queries.people_query(filters), request.args.get("page"), PER_PAGE),
        "filters": filters,
        "kinds": KIND_LABELS,
        "organisation": db.session.get(Organisation, filters.organisation)
        if filters.organisation
        else None,
        **queries.filter_lists(),
    }


@bp.route("/")
@staff_required
def index():
    return staff_pages.kept("contacts.index", LIST_TABLES, _index_page)


def _index_page() -> str:
    body = cache.rendered("contacts.index", LIST_TABLES, "contacts/_index.html", _list_context)
    return render_template("contacts/index.html", body=body)


def _person_form(person: Person | None) -> PersonForm:
    form = PersonForm(obj=None if request.method == "POST" else person)
    form.organisation.choices = [("", _("None")), *queries.organisation_choices()]
    form.districts.choices = [(d.id, d.name) for d in queries.all_of(District, District.name)]
    _show_links(form, person)
    return form


def _show_links(form: PersonForm, person: Person | None) -> None:
    if request.method == "GET" and person is not None:  # `obj=` cannot fill these
        form.organisation.data = person.organisation_id
        form.tags.data = ", ".join(t.name for t in person.tags)
        form.expertise.data = ", ".join(e.name for e in person.expertise)
        form.districts.data = [d.id for d in person.districts]


def _save_person(form: PersonForm, person: Person) -> Person:
    organisation = form.organisation.data
    return people_service.save_person(
        person,
        people_service.PersonDetails(
            first_name=form.first_name.data or "",
            last_name=form.last_name.data or "",
            email=form.email.data,
            phone=form.phone.data,
            organisation=db.session.get(Organisation, organisation) if organisation else None,
            notes=form.notes.data or "",
            tags=split_list(form.tags.data),
            expertise=split_list(form.expertise.data),
            districts=[
                d
                for d in queries.all_of(District, District.id)
                if d.id in (form.districts.data or [])
            ],
        ),
    )


def _person_form_page(person: Person | None):
    form = _person_form(person)
    if form.validate_on_submit() and (
        saved := perform(_save_person, form, person or Person(), form=form)
    ):
        flash(_("The contact is saved."), "success")
        return redirect(url_for("contacts.person", person_id=saved.value.id))
    return render_form("contacts/person_form.html", form, person=person)


@bp.route("/people/new", methods=["GET", "POST"])
@staff_required
def new_person():
    return _person_form_page(None)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_person(person_id):
    return _person_form_page(get_person(person_id))


@bp.route("/people/<int:person_id>")
@staff_required
def person(person_id):
    person = get_person(person_id)
    membership_form = MembershipForm(prefix="membership")
    membership_form.organisation.choices = queries.organisation_choices()
    interaction_form = InteractionForm(prefix="interaction")
    interaction_form.occurred_on.data = local_now().date()
    return render_template(
        "contacts/person.html",
        person=person,
        interactions=queries.person_interactions(person),
        consents=queries.person_consents(person),
        processes=queries.person_processes(person),
        membership_form=membership_form,
        interaction_form=interaction_form,
        consent_form=ConsentForm(prefix="consent"),
        withdraw_form=WithdrawForm(prefix="withdraw"),
        action_form=ActionForm(),
    )


def _back_to(person: Person, anchor: str = ""):
    return redirect(url_for("contacts.person", person_id=person.id) + anchor)


@bp.route("/people/<int:person_id>/memberships", methods=["POST"])
@staff_required
def add_membership(person_id):
    person = get_person(person_id)
    form = MembershipForm(prefix="membership")
    form.organisation.choices = queries.organisation_choices(limit=None)
    if not form.validate_on_submit():
        flash(_("Choose an organisation."), "error")
    else:
        organisation = db.session.get(Organisation, form.organisation.data) or abort(404)
        role, contact = form.role.data or "", form.participation_contact.data
        if perform(people_service.set_membership, person, organisation, role, contact):
            flash(_("The role is saved."), "success")
    return _back_to(person)


@bp.route("/people/<int:person_id>/memberships/<int:membership_id>/delete", methods=["POST"])
@staff_required
def remove_membership(person_id, membership_id):
    person = get_person(person_id)
    membership = owned_or_404(Membership, membership_id, person_id=person.id)
    if ActionForm().validate_on_submit() and perform(
        people_service.remove_membership, person, membership
    ):
        flash(_("The role is removed."), "success")
    return _back_to(person)


@bp.route("/people/<int:person_id>/interactions", methods=["POST"])
@staff_required
def add_person_interaction(person_id):
    person = get_person(person_id)
    form = InteractionForm(prefix="interaction")
    if not form.validate_on_submit():
        flash(_("Enter a date and what it was about."), "error")
    elif log_interaction(form, person=person):
        flash(_("The interaction is logged."), "success")
    return _back_to(person, "#interactions")


def log_interaction(form: InteractionForm, **subject):
    """Log the interaction of the form with a person or an organisation, and commit."""
    return perform(
        people_service.log_interaction,
        kind=form.kind.data,
        occurred_on=form.occurred_on.data,
        summary=form.summary.data,
        author=current_user,
        **subject,
    )


@bp.route("/people/<int:person_id>/consents", methods=["POST"])
@staff_required
def give_consent(person_id):
    person = get_person(person_id)
    form = ConsentForm(prefix="consent")
    if not form.validate_on_submit():
        flash(_("Enter the purpose and the version of the consent text."), "error")
    elif perform(
        rights.give_consent, person, form.purpose.data, form.text_version.data, form.channel.data
    ):
        flash(_("The consent is recorded."), "success")
    return _back_to(person, "#consents")


@bp.route("/people/<int:person_id>/consents/<int:consent_id>/withdraw", methods=["POST"])
@staff_required
def withdraw_consent(person_id, consent_id):
    person = get_person(person_id)
    consent = owned_or_404(Consent, consent_id, person_id=person.id)
    form = WithdrawForm(prefix="withdraw")
    if form.validate_on_submit() and perform(rights.withdraw_consent, consent, form.channel.data):
        flash(_("The consent is withdrawn."), "success")
    return _back_to(person, "#consents")
