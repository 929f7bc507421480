"""A mail scanner or link preview opens every link in a mail (GET, HEAD): that must confirm
nothing. Each confirmation link opens a page with a button; only the button's POST confirms."""

import sqlalchemy as sa

from office.courses.models import InterestEntry, Registration
from office.requests.models import HelpRequest
from office.requests.services import intake
from tests.courses.factories import CourseFactory, RunFactory
from tests.courses.test_views import BUYER
from tests.factories import PASSWORD, UserFactory


def _link(outbox, address, part):
    body = outbox.to(address)[-1].body_text
    return next(line for line in body.splitlines() if part in line).replace("http://localhost", "")


def _scan(app, path):
    """What a scanner does: open the link (no cookies of the recipient), and a HEAD."""
    scanner = app.test_client()
    opened = scanner.get(path)
    assert opened.status_code == 200 and 'method="post"' in opened.get_data(as_text=True)
    scanner.head(path)


def test_guest_registration_is_confirmed_by_the_button_not_by_the_link(app, client, db, outbox):
    run = RunFactory()
    client.post(
        f"/courses/runs/{run.id}/register",
        data={"name": "Karen Jensen", "email": "karen@aarhus.dk", **BUYER},
    )
    path = _link(outbox, "karen@aarhus.dk", "/registrations/confirm/")
    _scan(app, path)
    registration = db.session.scalars(sa.select(Registration)).one()
    assert registration.status == "unconfirmed"
    assert client.post(path).status_code == 200
    db.session.refresh(registration)
    assert registration.status == "confirmed"


def test_interest_list_is_confirmed_by_the_button_not_by_the_link(app, client, db, outbox):
    CourseFactory(slug="borgerting")
    client.post(
        "/courses/borgerting/interest",
        data={"name": "Ida", "email": "ida@example.org", "consent": "y"},
    )
    path = _link(outbox, "ida@example.org", "/interest/confirm/")
    _scan(app, path)
    entry = db.session.scalars(sa.select(InterestEntry)).one()
    assert entry.confirmed_at is None
    client.post(path)
    db.session.refresh(entry)
    assert entry.confirmed_at is not None


def test_help_request_is_confirmed_by_the_button_not_by_the_link(app, client, db, outbox):
    req = intake.submit_request(
        intake.Contact("Rita", "rita@example.org"), "other", title="A bench"
    )
    db.session.commit()
    path = _link(outbox, "rita@example.org", "/requests/confirm/")
    _scan(app, path)
    db.session.refresh(req)
    assert req.email_confirmed_at is None
    assert client.post(path).status_code == 302
    stored = db.session.get(HelpRequest, req.id)
    db.session.refresh(stored)
    assert stored.email_confirmed_at is not None


def test_new_email_address_is_confirmed_by_the_button_not_by_the_link(app, client, db, outbox):
    user = UserFactory(email="old@example.org")
    client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    client.post("/account/", data={"email-email": "new@example.org", "email-password": PASSWORD})
    path = _link(outbox, "new@example.org", "/account/email/")
    _scan(app, path)
    db.session.refresh(user)
    assert user.email == "old@example.org"
    client.post(path)
    db.session.refresh(user)
    assert user.email == "new@example.org"
