"""Private links of requesters without an account: no personal data in them, and they expire."""

import base64
import re
from datetime import timedelta

import time_machine

from office.core.clock import utcnow
from office.requests.services import intake


def _confirmed_request(db):
    req = intake.submit_request(intake.Contact("Rita", "rita@example.org"), "other", title="Bench")
    intake.confirm_email(intake.confirm_token(req))
    db.session.commit()
    return req


def _decoded(token: str) -> str:
    payload = token.split(".")[0]
    return base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("latin-1")


def test_private_link_carries_no_email_address(client, db):
    req = _confirmed_request(db)
    token = intake.access_token(req)
    assert "rita" not in _decoded(token).lower() and "example.org" not in _decoded(token)
    assert "Bench" in client.get(f"/requests/r/{token}").get_data(as_text=True)


def test_private_link_expires_and_a_new_one_goes_to_the_requester_only(client, db, outbox):
    req = _confirmed_request(db)
    token = intake.access_token(req)
    later = utcnow() + timedelta(days=intake.PRIVATE_LINK_DAYS + 1)
    with time_machine.travel(later, tick=False):
        expired = client.get(f"/requests/r/{token}")
        assert expired.status_code == 410
        assert "Bench" not in expired.get_data(as_text=True)
        assert client.get(f"/requests/r/{token}/files/1").status_code == 404
        assert client.post(f"/requests/r/{token}/new-link").status_code == 302
        mails = outbox.to("rita@example.org")
        assert len(mails) == 3  # confirm, received, and the new link
        mail = mails[-1]
        fresh = re.search(r"http://localhost(/requests/r/\S+)", mail.body_text).group(1)
        assert "Bench" in client.get(fresh).get_data(as_text=True)


def test_private_link_dies_when_the_address_is_changed_or_erased(client, db):
    req = _confirmed_request(db)
    token = intake.access_token(req)
    req.requester_email = "someone-else@example.org"
    db.session.commit()
    assert client.get(f"/requests/r/{token}").status_code == 404
    assert client.post(f"/requests/r/{token}/new-link").status_code == 404


def _submission_key(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)


def test_public_request_sent_again_with_its_key_is_stored_once(client, db, outbox):
    """The issue: a help request retried after a 503 could be stored twice."""
    from office.requests.models import HelpRequest

    key = _submission_key(client, "/requests/new/other")
    data = {"name": "Rita", "email": "rita@example.org", "title": "A bench"}
    data |= {"description": "Please.", "submission_key": key}
    first = client.post("/requests/new/other", data=data)
    again = client.post("/requests/new/other", data=data)  # the browser's retry
    assert first.status_code == again.status_code == 200
    assert "rita@example.org" in again.get_data(as_text=True)
    assert db.session.query(HelpRequest).count() == 1
    assert len(outbox.to("rita@example.org")) == 1
    other = client.get("/requests/new/other").get_data(as_text=True)
    assert key not in other  # a new form, a new key: a second request is a new one


def test_tailor_made_course_request_sent_again_is_stored_once(client, db):
    """The courses' public tailor-made form is a help request too: same one-time key."""
    from office.requests.models import HelpRequest

    data = {"name": "Lars", "email": "lars@example.org", "organisation": "Odense Kommune"}
    data |= {"format": "online", "message": "Methods for our planners"}
    data["submission_key"] = _submission_key(client, "/courses/tailor-made")
    assert client.post("/courses/tailor-made", data=data).status_code == 200
    assert client.post("/courses/tailor-made", data=data).status_code == 200
    assert db.session.query(HelpRequest).count() == 1
