"""Operations of the follow-up chain: recommendations, the political answers to them, reports
on their implementation, and reminders of what is overdue. They never commit."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from office.auth.interface import active_office_staff
from office.core.audit import record
from office.core.clock import local_now
from office.core.db import one_at_a_time
from office.core.errors import DomainError
from office.core.jobs import in_turn
from office.core.outbox import queue_mail
from office.extensions import db
from office.processes import rules
from office.processes.models import (
    ImplementationUpdate,
    Process,
    Recommendation,
    RecommendationStage,
    ReminderSent,
)

# --- recommendations ---------------------------------------------------------------------


def add_recommendation(process: Process, **fields) -> Recommendation:
    rec = Recommendation(process=process, number=_next_number(process), **fields)
    db.session.add(rec)
    db.session.flush()
    return rec


def update_recommendation(rec: Recommendation, **fields) -> None:
    for name, value in fields.items():
        setattr(rec, name, value)
    db.session.flush()


#: why the follow-up chain refuses a change (rules.follow_up_problem), and on which field
CHAIN_REFUSALS = {
    "future_date": (_l("This date lies in the future; enter the day it happened."), "answered_on"),
    "no_answer_yet": (
        _l("Record the political answer first; implementation follows the answer."),
        "answer",
    ),
    "rejected": (
        _l("A rejected recommendation can only be “open” or “not implemented”."),
        "implementation",
    ),
    "implemented_means_complete": (
        _l("“Implemented” means 100 %; enter 100 or choose “in progress”."),
        "progress",
    ),
}


def _check_chain(answer, implementation, progress, day, field_of_date: str) -> None:
    problem = rules.follow_up_problem(answer, implementation, progress, day, local_now().date())
    if problem:
        message, field = CHAIN_REFUSALS[problem]
        raise DomainError(message, field=field_of_date if problem == "future_date" else field)


def record_answer(
    rec: Recommendation, answer: str, rationale: str, committee: str, answered_on: date | None
) -> None:
    """Record the political answer to a final recommendation; a decision needs its date and
    committee."""
    if rec.stage != RecommendationStage.FINAL:
        raise DomainError(
            _l("Politics answers the final recommendations; this one is not final yet."),
            field="answer",
        )
    if answer != "pending" and (answered_on is None or not committee.strip()):
        raise DomainError(
            _l("An answer needs the committee and the date of the decision."), field="answered_on"
        )
    _check_chain(answer, rec.implementation, rec.progress, answered_on, "answered_on")
    rec.answer = answer
    rec.answer_rationale = rationale.strip()
    rec.answer_committee = committee.strip()
    rec.answered_on = answered_on if answer != "pending" else None
    rec.council_changed_on = None  # staff have seen what the council sync wrote
    record("processes.answer_recorded", rec, answer=answer)
    db.session.flush()


def report_progress(
    rec: Recommendation, progress, note: str, implementation: str, reported_on: date, actor
) -> ImplementationUpdate:
    """Add a dated implementation update; progress is a percentage from 0 to 100."""
    if not rules.progress_valid(progress):
        raise DomainError(_l("Progress must be a whole number from 0 to 100."), field="progress")
    _check_chain(rec.answer, implementation, progress, reported_on, "reported_on")
    update = ImplementationUpdate(
        recommendation=rec,
        progress=progress,
        note=note.strip(),
        reported_on=reported_on,
        author=actor,
    )
    rec.progress = progress
    rec.implementation = implementation
    db.session.add(update)
    record("processes.progress_reported", rec, actor, progress=progress, status=implementation)
    db.session.flush()
    return update


# --- reminders ---------------------------------------------------------------------------


def _next_number(process: Process) -> int:
    """The number after the process's highest recommendation number (1 for the first)."""
    of_process = Recommendation.process_id == process.id
    highest = sa.select(sa.func.max(Recommendation.number)).where(of_process)
    return (db.session.scalar(highest) or 0) + 1


@dataclass
class ReminderReport:
    answers: int = 0
    updates: int = 0


def _last_updates() -> dict[int, date]:
    """The day of each recommendation's latest implementation update."""
    rec_id = ImplementationUpdate.recommendation_id
    stmt = sa.select(rec_id, sa.func.max(ImplementationUpdate.reported_on)).group_by(rec_id)
    return dict(db.session.execute(stmt).all())


def overdue_items(today: date) -> list[tuple[str, Recommendation, date]]:
    """(kind, recommendation, due date) for answers and implementation updates past due."""
    items = []
    last = _last_updates()
    for rec in _awaited_recommendations():
        items.extend(_overdue_of(rec, last.get(rec.id), today))
    return items


def _awaited_recommendations():
    """Final recommendations still waiting for an answer or committed to by one."""
    answer = Recommendation.answer
    awaited = sa.or_(answer == "pending", answer.in_(rules.COMMITTING_ANSWERS))
    stmt = sa.select(Recommendation).where(
        Recommendation.stage == RecommendationStage.FINAL, awaited
    )
    related = (joinedload(Recommendation.process), joinedload(Recommendation.department))
    return db.session.scalars(
        stmt.options(*related).order_by(Recommendation.process_id, Recommendation.number)
    )


def _overdue_of(rec: Recommendation, last_update, today: date) -> list[tuple]:
    """The recommendation's overdue answer and overdue update, if any."""
    items = []
    if rules.answer_overdue(rec.answer, rec.answer_due_on, today):
        items.append(("answer", rec, rec.answer_due_on))
    due = rules.next_update_due(rec.answer, rec.implementation, rec.answered_on, last_update)
    if rules.update_overdue(due, today):
        items.append(("update", rec, due))
    return items


def send_reminders(today: date | None = None, each=in_turn) -> ReminderReport:
    """Mail office staff once about each overdue answer or update (per due date); a second
    server running the job at the same time waits, then finds the reminders sent. `each` as
    in `office.core.jobs`: an item whose reminder cannot be recorded is left out of the mail
    (and retried by the next run), the others are sent."""
    today = today or local_now().date()
    one_at_a_time("processes remind")
    label = "recommendation {0[1].id} ({0[0]})"
    new = each(_not_reminded(today), _record_reminder, label, savepoint=True)
    if not new:
        return ReminderReport()
    _mail_staff(new)
    db.session.flush()
    return _counted(new)


def _counted(items: list[tuple]) -> ReminderReport:
    """How many of the reminded items are answers, how many implementation updates."""
    answers = sum(1 for kind, _rec, _due in items if kind == "answer")
    return ReminderReport(answers=answers, updates=len(items) - answers)


def _not_reminded(today: date) -> list[tuple]:
    """The overdue items (kind, recommendation, due date) nobody has been reminded of yet."""
    sent = _reminders_sent()
    overdue = overdue_items(today)
    return [(kind, rec, due) for kind, rec, due in overdue if (rec.id, kind, due) not in sent]


def _reminders_sent() -> set[tuple]:
    """(recommendation id, kind, due date) of every reminder sent so far."""
    stmt = sa.select(ReminderSent.recommendation_id, ReminderSent.kind, ReminderSent.due_on)
    return set(db.session.execute(stmt).all())


def _record_reminder(item: tuple) -> tuple:
    kind, rec, due = item
    db.session.add(ReminderSent(recommendation_id=rec.id, kind=kind, due_on=due))
    db.session.flush()
    return item


def _mail_staff(items: list[tuple]) -> None:
    """One reminder, listing the items, to each active office staff member."""
    for user in active_office_staff():
        queue_mail(
            user.email,
            _l("Overdue answers and implementation updates"),
            "processes/reminder",
            locale=user.locale,
            user=user,
            items=items,
        )
