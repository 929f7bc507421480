"""Other tenants' objects answer 404 and change nothing: read, edit, delete and export.

A tenant is whoever owns an object: an initiative (its representatives), a requester (their help
request, its attachments and messages), a participant (their course registration, reached by
account or by signed link) and a department (its process proposals).
"""

import pytest
import sqlalchemy as sa

from office.extensions import db
from tests.courses.factories import RegistrationFactory
from tests.directory.factories import InitiativeFactory, rep_of
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n%test\n"


def _row(model, object_id) -> dict:
    """The stored columns of one row, read fresh from the database."""
    db.session.expire_all()
    found = db.session.get(model, object_id)
    assert found is not None, "the other tenant's object was deleted"
    return {c.key: getattr(found, c.key) for c in sa.inspect(model).column_attrs}


def _unchanged(model, object_id, before) -> None:
    assert _row(model, object_id) == before


# --- directory: another initiative's profile ---------------------------------------------


@pytest.fixture
def two_initiatives(db):
    mine = InitiativeFactory(name="Our garden")
    theirs = InitiativeFactory(name="Their choir", status="pending")
    me = rep_of(mine)
    db.session.commit()
    return me, mine, theirs


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/initiatives/{id}"),  # not yet published: only its own representatives see it
        ("GET", "/initiatives/{id}/edit"),
        ("POST", "/initiatives/{id}/edit"),
        ("GET", "/initiatives/{id}/representatives"),
        ("POST", "/initiatives/{id}/representatives"),
        ("POST", "/initiatives/{id}/representatives/{rep}/remove"),
    ],
)
def test_another_initiative_answers_404(client, two_initiatives, method, path):
    from office.directory.models import Initiative

    me, _mine, theirs = two_initiatives
    their_rep = rep_of(theirs)
    db.session.commit()
    before = _row(Initiative, theirs.id)
    _login(client, me)
    response = client.open(
        path.format(id=theirs.id, rep=their_rep.id),
        method=method,
        data={"name": "Taken over", "email": me.email, "short_description": "Mine now"},
    )
    assert response.status_code == 404
    _unchanged(Initiative, theirs.id, before)
    assert their_rep.id in {
        r.user_id for r in db.session.get(Initiative, theirs.id).representatives
    }


def test_own_initiative_is_reachable_as_a_control(client, two_initiatives):
    me, mine, _theirs = two_initiatives
    _login(client, me)
    assert client.get(f"/initiatives/{mine.id}/edit").status_code == 200


def test_directory_export_holds_no_personal_data_of_any_initiative(client, two_initiatives):
    me, mine, theirs = two_initiatives
    _login(client, me)
    body = client.get("/initiatives/export.csv").get_data(as_text=True)
    assert "Their choir" not in body  # not published: not exported to anyone
    assert me.email not in body  # representatives' accounts are never in the public export


# --- events: another initiative's events ----------------------------------------------------


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/calendar/events/{id}"),  # pending: its initiative and staff only
        ("GET", "/calendar/events/{id}/edit"),
        ("POST", "/calendar/events/{id}/edit"),
        ("GET", "/calendar/events/{id}/cancel"),
        ("POST", "/calendar/events/{id}/cancel"),
        ("GET", "/calendar/events/{id}/signups"),  # export of the sign-up list
        ("GET", "/calendar/events/{id}.ics"),
    ],
)
def test_another_initiatives_event_answers_404(client, two_initiatives, method, path):
    from office.events.models import Event

    me, _mine, theirs = two_initiatives
    event = EventFactory(
        initiative=theirs, organiser_kind="initiative", status="pending", title="Choir rehearsal"
    )
    db.session.commit()
    before = _row(Event, event.id)
    _login(client, me)
    response = client.open(
        path.format(id=event.id), method=method, data={"title": "Hijacked", "reason": "mine"}
    )
    assert response.status_code == 404
    _unchanged(Event, event.id, before)


def test_published_event_of_another_initiative_is_readable_but_not_editable(
    client, two_initiatives
):
    from office.events.models import Event

    me, _mine, theirs = two_initiatives
    event = EventFactory(initiative=theirs, organiser_kind="initiative", title="Open rehearsal")
    db.session.commit()
    before = _row(Event, event.id)
    _login(client, me)
    assert client.get(f"/calendar/events/{event.id}").status_code == 200
    assert client.post(f"/calendar/events/{event.id}/edit", data={"title": "x"}).status_code == 404
    assert client.post(f"/calendar/events/{event.id}/cancel").status_code == 404
    assert client.get(f"/calendar/events/{event.id}/signups").status_code == 404
    _unchanged(Event, event.id, before)


# --- requests: another requester's help request, attachments and messages -----------------


@pytest.fixture
def their_request(db):
    from office.requests.services import intake, workflow

    owner = UserFactory(roles=["department_staff"])
    req = intake.submit_request(
        owner,
        "other",
        title="Their confidential request",
        description="About a colleague",
        attachments=[intake.Upload("secret.pdf", PDF)],
    )
    workflow.post_message(req, "Only between us", author=owner)
    db.session.commit()
    return req


def _request_state(req_id) -> tuple:
    from office.requests.models import HelpRequest

    db.session.expire_all()
    req = db.session.get(HelpRequest, req_id)
    return (
        _row(HelpRequest, req_id),
        sorted(m.body for m in req.messages),
        sorted(a.filename for a in req.attachments),
    )


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/requests/{id}"),
        ("POST", "/requests/{id}/messages"),
        ("POST", "/requests/{id}/status"),
        ("POST", "/requests/{id}/forward"),
        ("GET", "/requests/files/{attachment}"),
    ],
)
@pytest.mark.parametrize("role", ["department_staff", "initiative_rep", "board_member"])
def test_another_requesters_request_answers_404(
    client, login_as, their_request, method, path, role
):
    before = _request_state(their_request.id)
    login_as(role)
    response = client.open(
        path.format(id=their_request.id, attachment=their_request.attachments[0].id),
        method=method,
        data={"body": "I read your request", "step-target": "done", "forward-target": "1"},
    )
    # office-only routes refuse every other role before looking at the object (the matrix)
    staff_only = path.endswith(("/status", "/forward"))
    assert response.status_code == (403 if staff_only else 404)
    assert _request_state(their_request.id) == before


def test_private_link_of_one_request_does_not_open_another_ones_files(client, db, their_request):
    from office.requests.services import intake

    guest = intake.submit_request(
        intake.Contact("Guest", "guest@example.org"), "other", title="Mine"
    )
    intake.confirm_email(intake.confirm_token(guest))
    db.session.commit()
    before = _request_state(their_request.id)
    my_token = intake.access_token(guest)
    assert client.get(f"/requests/r/{my_token}").status_code == 200  # the control
    attachment_id = their_request.attachments[0].id
    assert client.get(f"/requests/r/{my_token}/files/{attachment_id}").status_code == 404
    tampered = my_token[:-2] + ("AA" if not my_token.endswith("AA") else "BB")
    assert client.get(f"/requests/r/{tampered}").status_code == 404
    assert client.post(f"/requests/r/{tampered}", data={"body": "hi"}).status_code == 404
    assert _request_state(their_request.id) == before


# --- courses: another person's registration ------------------------------------------------


@pytest.fixture
def their_registration(db):
    owner = UserFactory(roles=["department_staff"])
    registration = RegistrationFactory(user_id=owner.id, email=owner.email, seat_number=1)
    db.session.commit()
    return registration


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/courses/registrations/{id}"),
        ("GET", "/courses/my/{id}/cancel"),
        ("POST", "/courses/my/{id}/cancel"),
    ],
)
def test_another_persons_registration_answers_404(
    client, login_as, their_registration, method, path
):
    from office.courses.models import Registration

    before = _row(Registration, their_registration.id)
    login_as("department_staff")
    response = client.open(path.format(id=their_registration.id), method=method)
    assert response.status_code == 404
    _unchanged(Registration, their_registration.id, before)


def test_my_courses_lists_only_my_registrations(client, login_as, their_registration):
    login_as("department_staff")
    page = client.get("/courses/my").get_data(as_text=True)
    assert their_registration.name not in page


@pytest.mark.parametrize("purpose", ["course-cancel", "course-confirm", "course-feedback"])
def test_signed_links_with_a_tampered_token_answer_404(client, their_registration, purpose):
    from office.courses.models import Registration
    from office.courses.services import tokens

    before = _row(Registration, their_registration.id)
    good = tokens.make(purpose, their_registration.id, their_registration.email)
    forged = [
        good[:-3] + ("xyz" if not good.endswith("xyz") else "abc"),  # signature altered
        tokens.make("course-interest-leave", their_registration.id, their_registration.email),
        tokens.make(purpose, their_registration.id, "attacker@example.org"),  # another email
    ]
    path = {
        "course-cancel": "/courses/registrations/cancel/{}",
        "course-confirm": "/courses/registrations/confirm/{}",
        "course-feedback": "/courses/feedback/{}",
    }[purpose]
    for token in forged:
        assert client.get(path.format(token)).status_code == 404, token
        assert client.post(path.format(token), data={"rating": "1"}).status_code in (404, 405)
    _unchanged(Registration, their_registration.id, before)


# --- processes: another department's proposals ---------------------------------------------


def test_another_departments_proposals_stay_hidden(client, login_as, db):
    from office.processes.models import ProcessProposal

    theirs, mine = OrganisationFactory(name="Roads"), OrganisationFactory(name="Schools")
    proposal = ProcessProposal(title="Their secret plan", description="x", department=theirs)
    db.session.add(proposal)
    db.session.commit()
    before = _row(ProcessProposal, proposal.id)
    login_as("department_staff", organisation_id=mine.id)
    assert "Their secret plan" not in client.get("/processes/propose").get_data(as_text=True)
    assert client.get("/processes/proposals").status_code == 403
    assert client.post(f"/processes/proposals/{proposal.id}/accept").status_code == 403
    assert client.post(f"/processes/proposals/{proposal.id}/decline").status_code == 403
    _unchanged(ProcessProposal, proposal.id, before)
    login_as("department_staff", organisation_id=theirs.id)
    assert "Their secret plan" in client.get("/processes/propose").get_data(as_text=True)


def _login(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
