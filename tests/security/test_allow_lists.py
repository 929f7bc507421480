"""Form fields outside a form's allow-list are ignored (no mass assignment).

Every form below is posted with its valid fields plus fields an attacker would try: role,
roles, owner, status, organisation_id, initiative_id, requester_id, user_id, price, is_admin.
The stored rows show none of them.
"""

import sqlalchemy as sa

from office.auth.models import User
from office.extensions import db
from tests.courses.factories import RunFactory
from tests.directory.factories import InitiativeFactory, rep_of
from tests.factories import PASSWORD, OrganisationFactory, UserFactory


def _extra(**known) -> dict:
    """The fields no public or account form allows, with values that would be harmful."""
    return {
        "role": "admin",
        "roles": ["admin", "office_staff"],
        "is_admin": "y",
        "active": "y",
        "owner": "1",
        "owner_id": "1",
        "status": "published",
        "organisation_id": str(known.get("organisation_id", 1)),
        "initiative_id": str(known.get("initiative_id", 1)),
        "requester_id": str(known.get("requester_id", 1)),
        "user_id": str(known.get("user_id", 1)),
        "price": "0.00",
        "seat_number": "1",
        "published_at": "2020-01-01T00:00:00",
        "email_confirmed_at": "2020-01-01T00:00:00",
    }


def _one(model, *where):
    db.session.expire_all()
    return db.session.scalars(sa.select(model).where(*where)).one()


def test_self_registration_of_an_initiative_ignores_extra_fields(client, db, outbox):
    from office.directory.models import Initiative

    department = OrganisationFactory()
    victim = UserFactory(roles=["initiative_rep"])
    data = {
        "name": "Lastenrad-Verleih",
        "short_description": "Cargo bikes for everyone.",
        "rep_name": "Rita Rep",
        "email": "rita@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "consent": "y",
        **_extra(organisation_id=department.id, user_id=victim.id),
    }
    assert client.post("/initiatives/register", data=data).status_code == 302
    initiative = _one(Initiative, Initiative.name == "Lastenrad-Verleih")
    assert initiative.status == "pending" and initiative.published_at is None
    assert initiative.organisation_id is None
    assert [rep.user.email for rep in initiative.representatives] == ["rita@example.org"]
    rita = _one(User, User.email == "rita@example.org")
    assert rita.role_names <= {"initiative_rep"} and rita.email_confirmed_at is None


def test_help_request_ignores_extra_fields(client, login_as, db):
    from office.requests.models import HelpRequest

    other = UserFactory(roles=["department_staff"])
    user = login_as("department_staff")
    data = {
        "title": "Plan a workshop",
        "description": "For the square",
        **_extra(requester_id=other.id),
        "status": "done",
        "due_at": "2020-01-01T00:00:00+00:00",
        "assignee_id": str(other.id),
    }
    assert client.post("/requests/new/other", data=data).status_code == 302
    req = _one(HelpRequest, HelpRequest.title == "Plan a workshop")
    assert req.requester_id == user.id and req.requester_email == user.email
    assert req.status == "submitted"
    assert req.due_at.year != 2020


def test_course_registration_ignores_extra_fields(client, db):
    from office.courses.models import Registration

    run = RunFactory()
    victim = UserFactory(roles=["department_staff"])
    data = {
        "name": "Karen Jensen",
        "email": "karen@aarhus.dk",
        "organisation": "Aarhus Kommune",
        "routing_id": "5798000020016",
        "billing_street": "Rådhuspladsen 2",
        "billing_postcode": "8000",
        "billing_city": "Aarhus C",
        "billing_country": "DK",
        **_extra(user_id=victim.id),
        "status": "confirmed",
        "run_id": "999999",
    }
    assert client.post(f"/courses/runs/{run.id}/register", data=data).status_code == 302
    registration = _one(Registration, Registration.email == "karen@aarhus.dk")
    assert registration.status == "unconfirmed"  # the guest must still confirm their address
    assert registration.user_id is None and registration.run_id == run.id
    assert registration.price == run.course.price and registration.seat_number is None


def test_initiative_edit_by_its_representative_ignores_extra_fields(client, db):
    from office.directory.models import Initiative

    initiative = InitiativeFactory(name="Our garden", status="pending")
    other = InitiativeFactory(name="Their choir")
    department = OrganisationFactory()
    me = rep_of(initiative)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = me.get_id()
    data = {
        "name": "Our garden",
        "short_description": "Now with bees",
        **_extra(organisation_id=department.id, initiative_id=other.id),
        "moderation_note": "approved by the office",
    }
    assert client.post(f"/initiatives/{initiative.id}/edit", data=data).status_code == 302
    stored = _one(Initiative, Initiative.id == initiative.id)
    assert stored.short_description == "Now with bees"
    assert stored.status == "pending" and stored.published_at is None
    assert stored.organisation_id is None and stored.moderation_note == ""
    assert [rep.user_id for rep in stored.representatives] == [me.id]
    assert _one(Initiative, Initiative.id == other.id).short_description != "Now with bees"


def test_account_form_ignores_extra_fields(client, login_as, db):
    department = OrganisationFactory()
    user = login_as("initiative_rep")
    data = {"prefs-locale": "de", **_extra(organisation_id=department.id), "email": "x@evil.org"}
    assert client.post("/account/", data=data).status_code == 302
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.locale == "de"
    assert stored.role_names == {"initiative_rep"} and stored.active
    assert stored.organisation_id is None and stored.email == user.email
    # the password form as well
    data = {
        "pw-current_password": PASSWORD,
        "pw-password": "another long passphrase 42",
        "pw-confirm": "another long passphrase 42",
        **_extra(organisation_id=department.id),
    }
    assert client.post("/account/", data=data).status_code == 302
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.check_password("another long passphrase 42")
    assert stored.role_names == {"initiative_rep"} and stored.organisation_id is None
