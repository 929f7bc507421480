from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from office.core.clock import local_now
from office.core.errors import DomainError
from office.core.registry import CALENDAR_SOURCES
from office.processes.models import Process, ReminderSent, Suggestion
from office.processes.services import catalogue, follow_up
from tests.factories import OrganisationFactory, UserFactory
from tests.processes.factories import ProcessFactory, RecommendationFactory


def test_add_phase_end_before_start_refused(db):
    process = ProcessFactory()
    with pytest.raises(DomainError) as err:
        catalogue.add_phase(process, "Werkstatt", date(2026, 5, 10), date(2026, 5, 9))
    assert err.value.field == "ends_on"
    assert process.phases == []


def test_add_phase_updates_process_period(db):
    process = ProcessFactory()
    catalogue.add_phase(process, "Vorbereitung", date(2026, 3, 1), date(2026, 3, 31))
    catalogue.add_phase(process, "Bürgerrat", date(2026, 5, 2), date(2026, 6, 14))
    assert (process.starts_on, process.ends_on) == (date(2026, 3, 1), date(2026, 6, 14))


@pytest.mark.parametrize("progress", [-1, 101, 250])
def test_report_progress_outside_0_100_refused(db, progress):
    rec = RecommendationFactory(answer="accepted")
    with pytest.raises(DomainError) as err:
        follow_up.report_progress(rec, progress, "Stand", "in_progress", date(2026, 5, 1), None)
    assert err.value.field == "progress"
    assert rec.progress == 0 and rec.updates == []


def test_record_answer_needs_committee_and_date(db):
    rec = RecommendationFactory()
    with pytest.raises(DomainError):
        follow_up.record_answer(rec, "accepted", "Gut", "", None)
    follow_up.record_answer(rec, "partly", "Teilweise", "Bauausschuss", date(2026, 4, 2))
    assert (rec.answer, rec.answer_committee, rec.answered_on) == (
        "partly",
        "Bauausschuss",
        date(2026, 4, 2),
    )


def test_suggestion_needs_confirmation_and_moderation(db, outbox):
    process = ProcessFactory(status="planned")
    suggestion = catalogue.submit_suggestion(
        process, "Rosa Riedel", "Rosa@Example.org", "Mehr Bäume", "de"
    )
    assert suggestion.status == "unconfirmed"
    [mail] = outbox.to("rosa@example.org")
    assert suggestion.token in mail.body_text
    assert "Bitte" in mail.subject  # German, the language the suggestion was written in
    with pytest.raises(DomainError):
        catalogue.moderate_suggestion(suggestion, publish=True)  # not confirmed yet
    catalogue.confirm_suggestion(suggestion.token)
    assert suggestion.status == "pending" and suggestion.token is None
    catalogue.moderate_suggestion(suggestion, publish=True)
    assert suggestion.status == "published"


def test_confirm_suggestion_link_works_once(db):
    process = ProcessFactory()
    token = catalogue.submit_suggestion(process, "A", "a@example.org", "Text", "en").token
    catalogue.confirm_suggestion(token)
    with pytest.raises(DomainError):
        catalogue.confirm_suggestion(token)


def test_suggestion_on_completed_process_refused(db):
    with pytest.raises(DomainError):
        catalogue.submit_suggestion(
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
    report = follow_up.send_reminders(today=date(2026, 5, 1))
    assert (report.answers, report.updates) == (1, 1)
    [mail] = outbox.to(staff.email)
    assert (
        "Solardächer" in mail.body_text
        and "Tempo 30" in mail.body_text
        and "Noch Zeit" not in mail.body_text
    )
    assert outbox.to("dep@example.org") == []
    # the second run the same day, and the next day, send nothing new
    assert follow_up.send_reminders(today=date(2026, 5, 1)).answers == 0
    assert follow_up.send_reminders(today=date(2026, 5, 2)).updates == 0
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
    catalogue.add_phase(
        public,
        "Werkstatt",
        date(2026, 5, 4),
        date(2026, 5, 4),
        is_public_meeting=True,
        location="Rathaus",
    )
    catalogue.add_phase(public, "Auswertung", date(2026, 5, 5), date(2026, 5, 30))
    catalogue.add_phase(
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
    proposal = catalogue.propose_process(user, "Radwege", "Wir wollen beteiligen")
    assert proposal.department is department and proposal.status == "new"
    # the proposal enters the help-request intake, confirmed because the department is logged in
    assert proposal.help_request.type == "new_process"
    assert proposal.help_request.status == "submitted"
    assert proposal.help_request.requester_id == user.id
    assert proposal.help_request.first_response_due_at is not None
    assert outbox.to(user.email), "the requester is told the request arrived"
    staff = UserFactory(roles=["office_staff"])
    told = len(outbox.to(user.email))
    catalogue.decide_proposal(staff, proposal, True)
    draft = db.session.scalar(sa.select(Process).where(Process.title == "Radwege"))
    assert draft is not None and not draft.is_public and draft.status == "planned"
    assert draft.lead_department is department
    assert proposal.help_request.status == "accepted"
    assert len(outbox.to(user.email)) > told, "the department is told"
    with pytest.raises(DomainError):
        catalogue.decide_proposal(staff, proposal, False, "zu spät")


def test_declining_a_proposal_needs_a_reason_and_tells_the_department(db, outbox):
    user = UserFactory(roles=["department_staff"], organisation=OrganisationFactory())
    proposal = catalogue.propose_process(user, "Spielplätze", "Kinder beteiligen")
    staff = UserFactory(roles=["office_staff"])
    with pytest.raises(DomainError) as refused:
        catalogue.decide_proposal(staff, proposal, False, "  ")
    assert refused.value.field == "reason" and proposal.status == "new"
    catalogue.decide_proposal(staff, proposal, False, "Läuft schon im Jugendamt.")
    assert proposal.help_request.status == "declined"
    assert proposal.help_request.decline_reason == "Läuft schon im Jugendamt."
    assert db.session.scalar(sa.select(Process).where(Process.title == "Spielplätze")) is None


@pytest.mark.parametrize(
    ("answer", "implementation", "progress", "field"),
    [
        ("pending", "in_progress", 30, "answer"),
        ("rejected", "implemented", 100, "implementation"),
        ("accepted", "implemented", 30, "progress"),
    ],
)
def test_implementation_follows_the_answer(db, answer, implementation, progress, field):
    rec = RecommendationFactory(
        answer=answer, answered_on=date(2026, 5, 1) if answer != "pending" else None
    )
    with pytest.raises(DomainError) as refused:
        follow_up.report_progress(rec, progress, "x", implementation, date(2026, 6, 1), None)
    assert refused.value.field == field
    assert (rec.implementation, rec.progress, rec.updates) == ("open", 0, [])


def test_nothing_that_happened_is_dated_in_the_future(db):
    rec = RecommendationFactory()
    future = local_now().date() + timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        follow_up.record_answer(rec, "accepted", "", "Rat", future)
    assert refused.value.field == "answered_on" and rec.answer == "pending"
    follow_up.record_answer(rec, "accepted", "", "Rat", local_now().date())
    with pytest.raises(DomainError) as refused:
        follow_up.report_progress(rec, 50, "x", "in_progress", future, None)
    assert refused.value.field == "reported_on"
    follow_up.report_progress(rec, 100, "fertig", "implemented", local_now().date(), None)
    assert (rec.implementation, rec.progress) == ("implemented", 100)


def test_an_answer_cannot_go_back_to_pending_once_implementation_started(db):
    rec = RecommendationFactory(answer="accepted", answered_on=date(2026, 5, 1))
    follow_up.report_progress(rec, 40, "läuft", "in_progress", date(2026, 6, 1), None)
    with pytest.raises(DomainError) as refused:
        follow_up.record_answer(rec, "pending", "", "", None)
    assert refused.value.field == "answer" and rec.answer == "accepted"
