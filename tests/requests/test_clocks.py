"""The three service-level clocks on the business calendar, waiting states and reminders."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from office.config import ConfigError
from office.requests.models import ServiceLevelBreach
from office.requests.services import intake, queue, workflow
from tests.factories import UserFactory

BERLIN = ZoneInfo("Europe/Berlin")


def local(*args):
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def brandenburg(app):
    app.config["OFFICE_HOLIDAYS"] = "DE-BB"
    yield
    app.config["OFFICE_HOLIDAYS"] = "DE-HB"


def _submitted(now, type_="other"):
    user = UserFactory(roles=["department_staff"], locale="de")
    return intake.submit_request(user, type_, title="Bench", now=now)


def test_thursday_before_easter_first_answer_due_after_easter_monday(db, brandenburg, outbox):
    req = _submitted(local(2026, 4, 2, 10, 0))
    # Thu 10-16 (6 h), Good Friday, weekend, Easter Monday closed; Tue 8 h, Wed 2 h
    assert req.first_response_due_at == local(2026, 4, 8, 10, 0)
    assert req.due_at == req.first_response_due_at
    mail = outbox.to(req.requester_email)[0]
    assert "Mittwoch, 8. April 2026" in mail.body_text  # in the requester's language


def test_unknown_holiday_code_refuses_to_start(make_app):
    with pytest.raises(ConfigError, match="OFFICE_HOLIDAYS"):
        make_app(OFFICE_HOLIDAYS="DE-XX")
    with pytest.raises(ConfigError, match="OFFICE_HOURS"):
        make_app(OFFICE_HOURS="always")


def test_waiting_for_the_requester_pauses_every_clock(db, outbox):
    staff = UserFactory(roles=["office_staff"])
    req = _submitted(local(2026, 11, 23, 8, 0))  # Monday: 16 h -> Tuesday 16:00
    workflow.transition(staff, req, "in_triage", assignee=staff, now=local(2026, 11, 23, 9, 0))
    resolution = req.resolution_due_at
    workflow.transition(staff, req, "waiting_requester", now=local(2026, 11, 23, 10, 0))
    assert req.due_at is None and req.paused_at is not None
    assert [c.key for c in queue.clock_states(req, local(2026, 12, 31, 12, 0))] == ["paused"]
    # the requester answers a week later (by the private page): the clocks run on from there
    workflow.post_message(req, "Here is the plan.", now=local(2026, 11, 30, 10, 0))
    assert req.status == "in_triage" and req.paused_at is None
    assert req.resolution_due_at == resolution + timedelta(days=7)
    assert req.next_response_due_at == local(2026, 12, 2, 10, 0)  # Mon 6 h, Tue 8 h, Wed 2 h


def test_requester_message_starts_and_staff_answer_stops_the_next_response_clock(db, outbox):
    staff = UserFactory(roles=["office_staff"])
    req = _submitted(local(2026, 11, 23, 8, 0))
    workflow.post_message(req, "Hello", author=staff, now=local(2026, 11, 23, 9, 0))
    assert req.first_response_at == local(2026, 11, 23, 9, 0) and req.next_response_due_at is None
    workflow.post_message(req, "Thanks, and?", now=local(2026, 11, 24, 8, 0))
    assert req.next_response_due_at == local(2026, 11, 25, 16, 0)
    assert req.due_at == req.next_response_due_at
    workflow.post_message(req, "Late answer", author=staff, now=local(2026, 11, 26, 8, 0))
    assert req.next_response_due_at is None
    breaches = db.session.query(ServiceLevelBreach).all()
    assert [(b.clock, b.due_at) for b in breaches] == [("next_response", local(2026, 11, 25, 16))]


def test_overdue_unassigned_request_reminds_the_office_staff(db, outbox):
    first, second = UserFactory(roles=["office_staff"]), UserFactory(roles=["office_staff"])
    req = _submitted(local(2026, 11, 2, 8, 0))
    assert req.assignee is None
    assert queue.remind(local(2026, 11, 4, 9, 0)) == 1
    for user in (first, second):
        body = outbox.to(user.email)[-1].body_text
        assert "First response" in body and "Nobody has taken this request yet." in body
    assert queue.remind(local(2026, 11, 4, 10, 0)) == 0
    assert db.session.query(ServiceLevelBreach).one().clock == "first_response"


def test_a_month_of_daily_reminders_covers_every_overdue_request(app, db, outbox):
    """As cron runs `flask requests remind` every morning: each overdue request, assigned or
    not, reminds someone."""
    staff = UserFactory(roles=["office_staff"])
    lonely = _submitted(local(2026, 11, 2, 8, 0))
    taken = _submitted(local(2026, 11, 3, 8, 0))
    workflow.transition(staff, taken, "in_triage", assignee=staff, now=local(2026, 11, 3, 9))
    db.session.commit()
    runner = app.test_cli_runner()
    for day in range(30):
        with time_machine.travel(local(2026, 11, 3, 7, 0) + timedelta(days=day), tick=False):
            assert runner.invoke(args=["requests", "remind"]).exit_code == 0
    subjects = [m.subject for m in outbox.to(staff.email)]
    assert f"Request {lonely.reference} is overdue" in subjects
    assert f"Request {taken.reference} is overdue" in subjects  # the resolution clock


def test_breaches_and_ratings_on_the_dashboard_per_type_and_month(db, outbox):
    from datetime import date

    from office.core.figures import Period
    from office.requests import figures

    staff = UserFactory(roles=["office_staff"])
    late = _submitted(local(2026, 11, 2, 8, 0), type_="other")
    # still unanswered: counted once `requests remind` finds it overdue (cron, daily)
    _submitted(local(2026, 11, 2, 8, 0), type_="tailor_made_course")
    workflow.post_message(late, "Sorry for the wait", author=staff, now=local(2026, 11, 9, 8, 0))
    workflow.transition(staff, late, "in_triage", assignee=staff, now=local(2026, 11, 9, 9))
    workflow.transition(staff, late, "declined", reason="Out of scope", now=local(2026, 11, 9, 10))
    workflow.rate(late, 2, "Too slow", local(2026, 11, 10, 8, 0))
    november = Period(date(2026, 11, 1), date(2026, 12, 1))
    row = figures.breaches_by_type(november)[0]
    other = 1 + list(figures.REQUEST_TYPES).index("other")
    course = 1 + list(figures.REQUEST_TYPES).index("tailor_made_course")
    assert row[other] == 1 and row[course] == 0
    assert figures.ratings(november)[0][1:] == (1, 2.0)
