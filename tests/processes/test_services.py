from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from office.core.errors import DomainError
from office.core.registry import CALENDAR_SOURCES
from office.processes import services
from office.processes.models import ReminderSent, Suggestion
from tests.factories import OrganisationFactory, UserFactory
from tests.processes.factories import ProcessFactory, RecommendationFactory


def test_add_phase_end_before_start_refused(db):
    process = ProcessFactory()
    with pytest.raises(DomainError) as err:
        services.add_phase(process, "Werkstatt", date(2026, 5, 10), date(2026, 5, 9))
    assert err.value.field == "ends_on"
    assert process.phases == []


def test_add_phase_updates_process_period(db):
    process = ProcessFactory()
    services.add_phase(process, "Vorbereitung", date(2026, 3, 1), date(2026, 3, 31))
    services.add_phase(process, "Bürgerrat", date(2026, 5, 2), date(2026, 6, 14))
    assert (process.starts_on, process.ends_on) == (date(2026, 3, 1), date(2026, 6, 14))


@pytest.mark.parametrize("progress", [-1, 101, 250])
def test_report_progress_outside_0_100_refused(db, progress):
    rec = RecommendationFactory(answer="accepted")
    with pytest.raises(DomainError) as err:
        services.report_progress(rec, progress, "Stand", "in_progress", date(2026, 5, 1), None)
    assert err.value.field == "progress"
    assert rec.progress == 0 and rec.updates == []


def test_record_answer_needs_committee_and_date(db):
    rec = RecommendationFactory()
    with pytest.raises(DomainError):
        services.record_answer(rec, "accepted", "Gut", "", None)
    services.record_answer(rec, "partly", "Teilweise", "Bauausschuss", date(2026, 4, 2))
    assert (rec.answer, rec.answer_committee, rec.answered_on) == (
        "partly",
        "Bauausschuss",
        date(2026, 4, 2),
    )


def test_suggestion_needs_confirmation_and_moderation(db, outbox):
    process = ProcessFactory(status="planned")
    suggestion = services.submit_suggestion(
        process, "Rosa Riedel", "Rosa@Example.org", "Mehr Bäume", "de"
    )
    assert suggestion.status == "unconfirmed"
    [mail] = outbox.to("rosa@example.org")
    assert suggestion.token in mail.body_text
    assert "Bitte" in mail.subject  # German, the language the suggestion was written in
    with pytest.raises(DomainError):
        services.moderate_suggestion(suggestion, publish=True)  # not confirmed yet
    services.confirm_suggestion(suggestion.token)
    assert suggestion.status == "pending" and suggestion.token is None
    services.moderate_suggestion(suggestion, publish=True)
    assert suggestion.status == "published"


def test_confirm_suggestion_link_works_once(db):
    process = ProcessFactory()
    token = services.submit_suggestion(process, "A", "a@example.org", "Text", "en").token
    services.confirm_suggestion(token)
    with pytest.raises(DomainError):
        services.confirm_suggestion(token)


def test_suggestion_on_completed_process_refused(db):
    with pytest.raises(DomainError):
        services.submit_suggestion(
            ProcessFactory(status="completed"), "A", "a@example.org", "T", "en"
        )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Suggestion)) == 0


def test_send_reminders_once_per_overdue_item(db, outbox):
    staff = UserFactory(roles=["office_staff"], email="lead@example.org")
    UserFactory(roles=["department_staff"], email="dep@example.org")
    process = ProcessFactory(title="Bürgerrat Klima")
    RecommendationFactory(process=process, title="Solardächer", answer_due_on=date(2026, 3, 1))
    RecommendationFactory(process=process, title="Noch Zeit", answer_due_on=date(2026, 9, 1))
    RecommendationFactory(
        process=process,
        title="Tempo 30",
        answer="accepted",
        answered_on=date(2026, 1, 1),
        implementation="in_progress",
    )
    report = services.send_reminders(today=date(2026, 5, 1))
    assert (report.answers, report.updates) == (1, 1)
    [mail] = outbox.to(staff.email)
    assert (
        "Solardächer" in mail.body_text
        and "Tempo 30" in mail.body_text
        and "Noch Zeit" not in mail.body_text
    )
    assert outbox.to("dep@example.org") == []
    # the second run the same day, and the next day, send nothing new
    assert services.send_reminders(today=date(2026, 5, 1)).answers == 0
    assert services.send_reminders(today=date(2026, 5, 2)).updates == 0
    assert len(outbox.to(staff.email)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReminderSent)) == 2


def test_remind_command_is_idempotent(app, db, outbox):
    UserFactory(roles=["office_staff"], email="lead@example.org")
    RecommendationFactory(answer_due_on=date(2020, 1, 1))
    db.session.flush()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["processes", "remind"])
    assert first.exit_code == 0 and "1 overdue answers" in first.output
    second = runner.invoke(args=["processes", "remind"])
    assert "0 overdue answers" in second.output
    assert len(outbox.to("lead@example.org")) == 1


def test_calendar_lists_public_meetings_of_public_processes(db):
    public = ProcessFactory(
        title="Marktplatz", lead_department=OrganisationFactory(name="Stadtplanung")
    )
    internal = ProcessFactory(title="Intern", is_public=False)
    services.add_phase(
        public,
        "Werkstatt",
        date(2026, 5, 4),
        date(2026, 5, 4),
        is_public_meeting=True,
        location="Rathaus",
    )
    services.add_phase(public, "Auswertung", date(2026, 5, 5), date(2026, 5, 30))
    services.add_phase(
        internal, "Sitzung", date(2026, 5, 6), date(2026, 5, 6), is_public_meeting=True
    )
    entries = list(
        CALENDAR_SOURCES["process"](
            datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC), {}
        )
    )
    assert [e.title for e in entries] == ["Marktplatz: Werkstatt"]
    assert (
        entries[0].all_day
        and entries[0].location == "Rathaus"
        and entries[0].organiser == "Stadtplanung"
    )


def test_propose_process_stored_for_staff(db, outbox):
    department = OrganisationFactory(name="Verkehr")
    user = UserFactory(roles=["department_staff"], organisation=department)
    proposal = services.propose_process(user, "Radwege", "Wir wollen beteiligen")
    assert proposal.department is department and proposal.status == "new"
    # the proposal enters the help-request intake, confirmed because the department is logged in
    assert proposal.help_request.type == "new_process"
    assert proposal.help_request.status == "submitted"
    assert proposal.help_request.requester_id == user.id
    assert proposal.help_request.first_response_due_at is not None
    assert outbox.to(user.email), "the requester is told the request arrived"
    services.decide_proposal(proposal, accept=True)
    with pytest.raises(DomainError):
        services.decide_proposal(proposal, accept=False)
