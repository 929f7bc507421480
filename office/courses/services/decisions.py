"""The go/no-go decision at the deadline, staff overrides, and closing out held runs."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError
from office.core.ical import build_calendar
from office.core.jobs import in_turn
from office.core.links import absolute_url
from office.core.outbox import Attachment, queue_mail
from office.courses import rules
from office.courses.calendar import entries_for_run
from office.courses.models import CourseRun, Registration, RegistrationStatus, RunDecision
from office.courses.queries import run_row
from office.courses.services import interest, tokens
from office.courses.services.letters import cancel_url
from office.extensions import db

#: unconfirmed guest registrations are removed after this long
UNCONFIRMED_DAYS = 7


@dataclass
class Outcome:
    run_id: int
    title: str
    decision: str  # "confirmed" or "cancelled"
    confirmed: int
    minimum: int


def _registrations(run: CourseRun, *statuses: str) -> list[Registration]:
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id, Registration.status.in_(statuses))
        .order_by(Registration.id)
    ).all()


def _lock(run_id: int) -> CourseRun | None:
    # SKIP LOCKED: a second server running `decide` at the same time passes this run by
    stmt = run_row(run_id).with_for_update(skip_locked=True)
    return db.session.scalars(stmt).first()


def preview(run: CourseRun, confirmed: int) -> str:
    """What the rule would decide with the registrations as they are now."""
    return rules.decision(confirmed, run.min_participants)


def decide_run(run: CourseRun, now: datetime, dry_run: bool = False) -> Outcome | None:
    """Decide one run whose deadline has passed; None when it is decided already."""
    if not dry_run:
        run = _lock(run.id)
        if run is None:
            return None
    if run.decision is not None or not rules.decision_due(now, run.deadline):
        return None
    confirmed = len(_registrations(run, RegistrationStatus.CONFIRMED))
    verdict = rules.decision(confirmed, run.min_participants)
    decision = RunDecision.CONFIRMED if verdict == rules.GO else RunDecision.CANCELLED
    outcome = Outcome(run.id, str(run), decision, confirmed, run.min_participants)
    if dry_run:
        return outcome
    reason = f"automatic: {confirmed} / {run.min_participants}"
    if verdict == rules.GO:
        _go(run, now, reason, actor=None)
    else:
        _no_go(run, now, reason, actor=None)
    return outcome


def decide_due_runs(now: datetime, dry_run: bool = False, each=in_turn) -> list[Outcome]:
    """Decide every published run whose deadline has passed (idempotent); `each` as in
    `office.core.jobs` (a periodic command decides each run in its own transaction)."""
    due = db.session.scalars(
        sa.select(CourseRun.id)
        .where(CourseRun.decision.is_(None), CourseRun.deadline <= now, CourseRun.published)
        .order_by(CourseRun.deadline, CourseRun.id)
    ).all()

    def decide(run_id: int) -> Outcome | None:
        return decide_run(db.session.get(CourseRun, run_id), now, dry_run=dry_run)

    return [o for o in each(due, decide, "run {}") if o is not None]


def override_decision(run: CourseRun, action: str, reason: str, actor, now: datetime) -> None:
    """Staff hold a run despite too few participants, or cancel it early, with a reason."""
    run = _lock(run.id) or run
    if not reason.strip():
        raise DomainError(_l("Please give a reason."), field="reason")
    if action == "hold" and run.decision is None:
        _go(run, now, reason.strip(), actor)
    elif action == "cancel" and run.decision in (None, RunDecision.CONFIRMED) and now < run.ends_at:
        _no_go(run, now, reason.strip(), actor)
    else:
        raise DomainError(_l("This course start has been decided already."))


def _decide(run: CourseRun, decision: str, now: datetime, reason: str, actor) -> None:
    run.decision = decision
    run.decided_at = now
    run.decision_reason = reason
    run.decided_by_id = actor.id if actor is not None else None
    action = "courses.decision_overridden" if actor else "courses.run_decided"
    record(action, run, actor, now=now, outcome=str(decision))
    db.session.flush()


def run_ics(run: CourseRun, with_link: bool = False) -> bytes:
    return build_calendar(entries_for_run(run, private=with_link), name=run.course.title)


def _to_interest_list(registration: Registration, now: datetime) -> None:
    interest.add_confirmed(registration.run.course_id, registration, now)


def _go(run: CourseRun, now: datetime, reason: str, actor) -> None:
    _decide(run, RunDecision.CONFIRMED, now, reason, actor)
    ics = Attachment(f"course-{run.id}.ics", "text/calendar", run_ics(run, with_link=True))
    for registration in _registrations(run, RegistrationStatus.CONFIRMED):
        queue_mail(
            registration.email,
            _l("Your course takes place: %(title)s", title=run.course.title),
            "courses/go",
            locale=registration.locale,
            attachments=[ics],
            registration=registration,
            run=run,
            cancel_url=cancel_url(registration),
        )
    for registration in _registrations(run, RegistrationStatus.WAITLISTED):
        queue_mail(
            registration.email,
            _l("No seat became free: %(title)s", title=run.course.title),
            "courses/waitlist_closed",
            locale=registration.locale,
            registration=registration,
            run=run,
        )
        _to_interest_list(registration, now)


def _no_go(run: CourseRun, now: datetime, reason: str, actor) -> None:
    _decide(run, RunDecision.CANCELLED, now, reason, actor)
    waiting = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    for registration in _registrations(run, *waiting):
        queue_mail(
            registration.email,
            _l("Course start cancelled: %(title)s", title=run.course.title),
            "courses/run_cancelled",
            locale=registration.locale,
            registration=registration,
            run=run,
        )
        _to_interest_list(registration, now)
    db.session.flush()


def _ask_for_feedback(run: CourseRun) -> None:
    for registration in _registrations(run, RegistrationStatus.CONFIRMED):
        if registration.attended is False:
            continue
        token = tokens.make("course-feedback", registration.id, registration.email)
        queue_mail(
            registration.email,
            _l("How was the course? %(title)s", title=run.course.title),
            "courses/feedback_request",
            locale=registration.locale,
            registration=registration,
            run=run,
            feedback_url=absolute_url("courses.feedback", token=token),
        )


def _close_out_run(run_id: int, now: datetime) -> bool:
    """Mark a finished confirmed run held, ask for feedback, delete needs; True when done."""
    run = _lock(run_id)
    if run is None or run.closed_out_at is not None or now < run.ends_at:
        return False
    if run.decision == RunDecision.CONFIRMED:
        run.decision = RunDecision.HELD
        _ask_for_feedback(run)
    done = run.decision in (RunDecision.HELD, RunDecision.CANCELLED)
    if done:
        db.session.execute(
            sa.update(Registration).where(Registration.run_id == run.id).values(needs=None)
        )
        run.closed_out_at = now
    db.session.flush()
    return done


def close_out(now: datetime, each=in_turn) -> int:
    """After the last day: mark confirmed runs held, ask attendees for feedback, delete needs.

    Also removes guest registrations and interest-list entries whose address was never
    confirmed within UNCONFIRMED_DAYS.
    """
    candidates = db.session.scalars(
        sa.select(CourseRun.id)
        .where(CourseRun.closed_out_at.is_(None), CourseRun.last_day < now.date())
        .order_by(CourseRun.id)
    ).all()
    done = sum(map(bool, each(candidates, lambda run_id: _close_out_run(run_id, now), "run {}")))
    db.session.execute(
        sa.delete(Registration).where(
            Registration.status == RegistrationStatus.UNCONFIRMED,
            Registration.created_at < now - timedelta(days=UNCONFIRMED_DAYS),
        )
    )
    interest.purge_unconfirmed(now)
    db.session.flush()
    return done
