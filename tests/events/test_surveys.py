"""The short satisfaction survey after an event: one to five, an optional comment, anonymous,
once per link; bad links and ratings change nothing."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from office.core.errors import DomainError
from office.core.figures import Period
from office.events import figures, rules
from office.events.models import EventFeedback
from office.events.services import signups, surveys
from tests.events.factories import EventFactory
from tests.events.test_services import NOW

OVER = datetime(2030, 3, 13, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rating", "valid"),
    [(1, True), (5, True), (0, False), (6, False), (3.0, False), (True, False), ("4", False), (None, False)],
)
def test_rating_is_a_whole_number_from_one_to_five(rating, valid):
    assert rules.rating_valid(rating) is valid


@pytest.mark.parametrize(
    ("hours_after_end", "due"), [(-1, False), (0, True), (71, True), (72, False)]
)
def test_survey_due_only_shortly_after_the_end(hours_after_end, due):
    end = datetime(2030, 3, 12, 20, 0, tzinfo=UTC)
    assert rules.survey_due(end, end + timedelta(hours=hours_after_end)) is due


@pytest.fixture
def link(db, outbox):
    event = EventFactory(title="Repair café", capacity=3)
    signups.sign_up(event.id, date(2030, 3, 12), "Ann", "ann@example.org", NOW)
    with time_machine.travel(OVER):
        assert surveys.send_surveys(OVER) == 1
    db.session.commit()
    body = next(m.body_text for m in outbox.messages if "/calendar/survey/" in m.body_text)
    return re.search(r"(/calendar/survey/\S+)", body).group(1)


def test_answer_is_stored_without_the_person_and_once(client, db, link):
    with time_machine.travel(OVER + timedelta(hours=1)):
        assert "Repair café" in client.get(link).get_data(as_text=True)
        response = client.post(link, data={"rating": "4", "comment": "More tools please"})
        assert response.status_code == 200 and "Thank you" in response.get_data(as_text=True)
        again = client.post(link, data={"rating": "1"})
        assert again.status_code == 410 and "already been answered" in again.get_data(as_text=True)
    [feedback] = db.session.scalars(sa.select(EventFeedback))
    assert (feedback.rating, feedback.comment, feedback.answered_on) == (4, "More tools please", date(2030, 3, 13))
    assert {c.name for c in EventFeedback.__table__.columns} == {
        "id", "event_id", "rating", "comment", "answered_on"
    }
    period = Period(date(2030, 1, 1), date(2031, 1, 1))
    assert figures.satisfaction(period) == [("Repair café", 1, 4.0)]


@pytest.mark.parametrize("rating", ["0", "6", "x", ""])
def test_rating_out_of_range_changes_nothing(client, db, link, rating):
    with time_machine.travel(OVER + timedelta(hours=1)):
        response = client.post(link, data={"rating": rating})
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EventFeedback)) == 0


def test_forged_and_expired_links_are_refused(client, db, link):
    assert client.get("/calendar/survey/not-a-token").status_code == 410
    with time_machine.travel(OVER + timedelta(days=rules.SURVEY_DAYS + 1)):
        response = client.post(link, data={"rating": "5"})
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EventFeedback)) == 0


def test_service_refuses_out_of_range_rating(db, link):
    token = link.rsplit("/", 1)[1]
    with time_machine.travel(OVER), pytest.raises(DomainError):
        surveys.answer_survey(token, 9, "", OVER)
