"""Staff pages of the CRM: people, organisations, interactions; the department directory."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from office.contacts import bp
from office.contacts.forms import (
    KIND_LABELS,
    ConsentForm,
    InteractionForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
    WithdrawForm,
)
from office.contacts.models import (
    ORGANISATION_KINDS,
    Consent,
    Expertise,
    Interaction,
    Membership,
    Organisation,
    Person,
    Tag,
)
from office.contacts.rules import split_list
from office.contacts.services import people as people_service
from office.contacts.services import privacy
from office.core import cache
from office.core.access import access, roles, staff_required
from office.core.clock import local_now
from office.core.errors import DomainError
from office.core.forms import ActionForm, show_domain_error
from office.core.models import District
from office.core.pagination import paginate
from office.extensions import db

PER_PAGE = 50


def _int_arg(name):
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def current_filters() -> people_service.PeopleFilters:
    kind = request.args.get("kind", "")
    return people_service.PeopleFilters(
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


@bp.route("/")
@staff_required
def index():
    def context():
        filters = current_filters()
        page = paginate(people_service.people_query(filters), request.args.get("page"), PER_PAGE)
        return {
            "page": page,
            "filters": filters,
            "kinds": KIND_LABELS,
            "tags": db.session.scalars(sa.select(Tag).order_by(Tag.name)).all(),
            "expertise": db.session.scalars(sa.select(Expertise).order_by(Expertise.name)).all(),
            "districts": db.session.scalars(sa.select(District).order_by(District.name)).all(),
            "organisation": db.session.get(Organisation, filters.organisation)
            if filters.organisation
            else None,
        }

    body = cache.rendered("contacts.index", LIST_TABLES, "contacts/_index.html", context)
    return render_template("contacts/index.html", body=body)


def _person_form_choices(form: PersonForm) -> None:
    form.organisation.choices = [("", _("None"))] + [
        (o.id, o.name)
        for o in db.session.scalars(sa.select(Organisation).order_by(Organisation.name).limit(2000))
    ]
    form.districts.choices = [
        (d.id, d.name) for d in db.session.scalars(sa.select(District).order_by(District.name))
    ]


def _save_person(form: PersonForm, person: Person):
    return people_service.save_person(
        person,
        first_name=form.first_name.data or "",
        last_name=form.last_name.data or "",
        email=form.email.data,
        phone=form.phone.data,
        organisation=db.session.get(Organisation, form.organisation.data)
        if form.organisation.data
        else None,
        notes=form.notes.data or "",
        tags=split_list(form.tags.data),
        expertise=split_list(form.expertise.data),
        districts=db.session.scalars(
            sa.select(District).where(District.id.in_(form.districts.data or []))
        ).all(),
    )


@bp.route("/people/new", methods=["GET", "POST"])
@staff_required
def new_person():
    form = PersonForm()
    _person_form_choices(form)
    if form.validate_on_submit():
        try:
            person = _save_person(form, Person())
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("The contact is saved."), "success")
            return redirect(url_for("contacts.person", person_id=person.id))
    return render_template("contacts/person_form.html", form=form, person=None)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_person(person_id):
    person = get_person(person_id)
    form = PersonForm(obj=None if request.method == "POST" else person)
    _person_form_choices(form)
    if request.method == "GET":
        form.organisation.data = person.organisation_id
        form.tags.data = ", ".join(t.name for t in person.tags)
        form.expertise.data = ", ".join(e.name for e in person.expertise)
        form.districts.data = [d.id for d in person.districts]
    if form.validate_on_submit():
        try:
            _save_person(form, person)
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("The contact is saved."), "success")
            return redirect(url_for("contacts.person", person_id=person.id))
    return render_template("contacts/person_form.html", form=form, person=person)


def person_processes(person: Person):
    from office.processes.models import Process, process_contacts

    return db.session.scalars(
        sa.select(Process)
        .join(process_contacts, process_contacts.c.process_id == Process.id)
        .where(process_contacts.c.person_id == person.id)
        .order_by(Process.title)
    ).all()


@bp.route("/people/<int:person_id>")
@staff_required
def person(person_id):
    person = get_person(person_id)
    membership_form = MembershipForm(prefix="membership")
    membership_form.organisation.choices = [
        (o.id, o.name)
        for o in db.session.scalars(sa.select(Organisation).order_by(Organisation.name).limit(2000))
    ]
    interaction_form = InteractionForm(prefix="interaction")
    interaction_form.occurred_on.data = local_now().date()
    return render_template(
        "contacts/person.html",
        person=person,
        interactions=db.session.scalars(
            sa.select(Interaction)
            .options(joinedload(Interaction.author))
            .where(Interaction.person_id == person.id)
            .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        ).all(),
        consents=db.session.scalars(
            sa.select(Consent)
            .where(Consent.person_id == person.id)
            .order_by(Consent.given_at.desc())
        ).all(),
        processes=person_processes(person),
        membership_form=membership_form,
        interaction_form=interaction_form,
        consent_form=ConsentForm(prefix="consent"),
        withdraw_form=WithdrawForm(prefix="withdraw"),
        action_form=ActionForm(),
    )


@bp.route("/people/<int:person_id>/memberships", methods=["POST"])
@staff_required
def add_membership(person_id):
    person = get_person(person_id)
    form = MembershipForm(prefix="membership")
    form.organisation.choices = [
        (o.id, o.name) for o in db.session.scalars(sa.select(Organisation))
    ]
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation.data) or abort(404)
        people_service.set_membership(
            person, organisation, form.role.data or "", form.participation_contact.data
        )
        db.session.commit()
        flash(_("The role is saved."), "success")
    else:
        flash(_("Choose an organisation."), "error")
    return redirect(url_for("contacts.person", person_id=person.id))


@bp.route("/people/<int:person_id>/memberships/<int:membership_id>/delete", methods=["POST"])
@staff_required
def remove_membership(person_id, membership_id):
    person = get_person(person_id)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.person_id != person.id:
        abort(404)
    if ActionForm().validate_on_submit():
        people_service.remove_membership(person, membership)
        db.session.commit()
        flash(_("The role is removed."), "success")
    return redirect(url_for("contacts.person", person_id=person.id))


@bp.route("/people/<int:person_id>/interactions", methods=["POST"])
@staff_required
def add_person_interaction(person_id):
    person = get_person(person_id)
    form = InteractionForm(prefix="interaction")
    if form.validate_on_submit():
        people_service.log_interaction(
            kind=form.kind.data,
            occurred_on=form.occurred_on.data,
            summary=form.summary.data,
            author=current_user,
            person=person,
        )
        db.session.commit()
        flash(_("The interaction is logged."), "success")
    else:
        flash(_("Enter a date and what it was about."), "error")
    return redirect(url_for("contacts.person", person_id=person.id) + "#interactions")


@bp.route("/people/<int:person_id>/consents", methods=["POST"])
@staff_required
def give_consent(person_id):
    person = get_person(person_id)
    form = ConsentForm(prefix="consent")
    if form.validate_on_submit():
        privacy.give_consent(person, form.purpose.data, form.text_version.data, form.channel.data)
        db.session.commit()
        flash(_("The consent is recorded."), "success")
    else:
        flash(_("Enter the purpose and the version of the consent text."), "error")
    return redirect(url_for("contacts.person", person_id=person.id) + "#consents")


@bp.route("/people/<int:person_id>/consents/<int:consent_id>/withdraw", methods=["POST"])
@staff_required
def withdraw_consent(person_id, consent_id):
    person = get_person(person_id)
    consent = db.session.get(Consent, consent_id)
    if consent is None or consent.person_id != person.id:
        abort(404)
    form = WithdrawForm(prefix="withdraw")
    if form.validate_on_submit():
        try:
            privacy.withdraw_consent(consent, form.channel.data)
        except DomainError as err:
            db.session.rollback()
            flash(str(err.message), "error")
        else:
            db.session.commit()
            flash(_("The consent is withdrawn."), "success")
    return redirect(url_for("contacts.person", person_id=person.id) + "#consents")


# --- organisations -----------------------------------------------------------------------


@bp.route("/organisations")
@staff_required
def organisations():
    q = request.args.get("q", "").strip()[:100]
    kind = request.args.get("kind", "")
    stmt = sa.select(Organisation).order_by(Organisation.name)
    if q:
        stmt = stmt.where(sa.func.lower(Organisation.name).like(f"%{q.lower()}%"))
    if kind in ORGANISATION_KINDS:
        stmt = stmt.where(Organisation.kind == kind)
    page = paginate(stmt, request.args.get("page"), PER_PAGE)
    return render_template(
        "contacts/organisations.html", page=page, q=q, kind=kind, kinds=KIND_LABELS
    )


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
    if form.validate_on_submit():
        form.populate_obj(organisation)
        organisation.notes = organisation.notes or ""
        db.session.add(organisation)
        db.session.flush()
        for m in organisation.memberships:
            people_service.refresh_search_text(m.person)
        db.session.commit()
        flash(_("The organisation is saved."), "success")
        return redirect(url_for("contacts.organisation", organisation_id=organisation.id))
    return render_template(
        "contacts/organisation_form.html",
        form=form,
        organisation=organisation if organisation_id else None,
    )


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@staff_required
def organisation(organisation_id):
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    form = InteractionForm(prefix="interaction")
    if form.validate_on_submit():
        people_service.log_interaction(
            kind=form.kind.data,
            occurred_on=form.occurred_on.data,
            summary=form.summary.data,
            author=current_user,
            organisation=organisation,
        )
        db.session.commit()
        flash(_("The interaction is logged."), "success")
        return redirect(url_for("contacts.organisation", organisation_id=organisation.id))
    if request.method == "GET":
        form.occurred_on.data = local_now().date()
    members = db.session.scalars(
        sa.select(Membership)
        .options(joinedload(Membership.person))
        .join(Person)
        .where(Membership.organisation_id == organisation.id, Person.erased_at.is_(None))
        .order_by(Membership.participation_contact.desc(), Person.last_name)
        .limit(500)
    ).all()
    interactions = db.session.scalars(
        sa.select(Interaction)
        .options(joinedload(Interaction.author))
        .where(Interaction.organisation_id == organisation.id)
        .order_by(Interaction.occurred_on.desc())
        .limit(200)
    ).all()
    return render_template(
        "contacts/organisation.html",
        organisation=organisation,
        members=members,
        interactions=interactions,
        form=form,
        kinds=KIND_LABELS,
    )


@bp.route("/departments")
@access(roles("office_staff", "department_staff"))
def departments():
    """The directory of the departments' participation contacts, for department staff too."""
    departments = db.session.scalars(
        sa.select(Organisation)
        .options(selectinload(Organisation.memberships).joinedload(Membership.person))
        .where(Organisation.kind == "department")
        .order_by(Organisation.name)
    ).all()
    return render_template("contacts/departments.html", departments=departments)


from . import views_privacy  # noqa: E402,F401
