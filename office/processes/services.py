"""Operations of the process catalogue and the recommendations chain."""

import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from office.auth.models import User, UserRole
from office.contacts.models import Person
from office.core.clock import local_now, utcnow
from office.core.errors import DomainError
from office.core.models import District, Topic
from office.core.outbox import queue_mail
from office.extensions import db
from office.methods.models import Method
from office.processes import rules
from office.processes.models import (
    ImplementationUpdate,
    Phase,
    Process,
    ProcessProposal,
    Recommendation,
    ReminderSent,
    Suggestion,
)
from office.requests import interface as requests

#: what a process form says, besides its lists of ids
PROCESS_FIELDS = (
    "title", "summary", "status", "level", "cost_estimate", "council_reference", "is_public",
    "lead_department_id",
)  # fmt: skip


def _rows(model, ids) -> list:
    return list(db.session.scalars(sa.select(model).where(model.id.in_(ids or []))))


def save_process(process: Process, values: dict) -> Process:
    """Create or change a catalogue entry: its fields, methods, districts, topics and contacts."""
    # the linked rows are loaded before a new process joins their collections (no autoflush of
    # a half-built process)
    methods, districts = _rows(Method, values["method_ids"]), _rows(District, values["district_ids"])
    topics, contacts = _rows(Topic, values["topic_ids"]), _rows(Person, values["contact_ids"])
    for name in PROCESS_FIELDS:
        setattr(process, name, values[name])
    process.methods, process.districts, process.topics = methods, districts, topics
    process.contacts = contacts
    db.session.add(process)
    db.session.flush()
    return process


def delete_process(process: Process) -> None:
    db.session.execute(sa.delete(Suggestion).where(Suggestion.process_id == process.id))
    db.session.delete(process)
    db.session.flush()


def _sync_dates(process: Process) -> None:
    process.starts_on = min((p.starts_on for p in process.phases), default=None)
    process.ends_on = max((p.ends_on for p in process.phases), default=None)


def add_phase(
    process: Process,
    title: str,
    starts_on: date,
    ends_on: date,
    is_public_meeting: bool = False,
    location: str = "",
) -> Phase:
    """Add a dated phase; the end may not lie before the start."""
    if not rules.phase_dates_valid(starts_on, ends_on):
        raise DomainError(_l("The phase cannot end before it starts."), field="ends_on")
    phase = Phase(
        title=title, starts_on=starts_on, ends_on=ends_on, is_public_meeting=is_public_meeting,
        location=location,
    )  # fmt: skip
    process.phases.append(phase)
    _sync_dates(process)
    db.session.flush()
    return phase


def remove_phase(process: Process, phase: Phase) -> None:
    process.phases.remove(phase)
    _sync_dates(process)
    db.session.flush()


# --- suggestions ---------------------------------------------------------------------------


def submit_suggestion(
    process: Process, name: str, email: str, text: str, locale: str
) -> Suggestion:
    """Store a suggestion and mail the confirmation link; it shows after moderation."""
    if not rules.accepts_suggestions(process.status, process.is_public):
        raise DomainError(_l("This process does not take suggestions any more."))
    suggestion = Suggestion(
        process=process, name=name.strip(), email=email.strip().lower(), text=text.strip(),
        token=secrets.token_urlsafe(32),
    )  # fmt: skip
    db.session.add(suggestion)
    db.session.flush()
    queue_mail(
        suggestion.email, _l("Please confirm your suggestion"), "processes/confirm_suggestion",
        locale=locale, suggestion=suggestion, process=process,
    )  # fmt: skip
    return suggestion


def unconfirmed_suggestion(token: str) -> Suggestion | None:
    return db.session.scalar(
        sa.select(Suggestion).where(Suggestion.token == token, Suggestion.status == "unconfirmed")
    )


def confirm_suggestion(token: str) -> Suggestion:
    suggestion = unconfirmed_suggestion(token)
    if suggestion is None:
        raise DomainError(_l("This confirmation link is not valid or has been used already."))
    suggestion.status = "pending"
    suggestion.confirmed_at = utcnow()
    suggestion.token = None
    db.session.flush()
    return suggestion


def moderate_suggestion(suggestion: Suggestion, publish: bool) -> None:
    if suggestion.status not in ("pending", "published", "rejected"):
        raise DomainError(_l("The suggestion has not been confirmed by its author yet."))
    suggestion.status = "published" if publish else "rejected"
    suggestion.moderated_at = utcnow()
    db.session.flush()


# --- proposals from departments ------------------------------------------------------------


def propose_process(
    actor: User,
    title: str,
    description: str,
    method=None,
    based_on=None,
    wanted_start: date | None = None,
) -> ProcessProposal:
    """A department asks the office for a process.

    The proposal keeps what the catalogue needs (method, the entry it is based on); the request
    itself enters the help-request intake as "proposal of a new process", where staff triage,
    answer and, if needed, forward it to the advisory board.
    """
    help_request = requests.open_request(
        actor, "new_process", title=title,
        description=_proposal_text(description, method, based_on),
        details={"planned_start": wanted_start.isoformat() if wanted_start else None},
        source="processes",
    )  # fmt: skip
    proposal = ProcessProposal(
        title=title.strip(), description=description.strip(), department=actor.organisation,
        method=method, based_on=based_on, wanted_start=wanted_start, proposed_by=actor,
        help_request=help_request,
    )  # fmt: skip
    db.session.add(proposal)
    db.session.flush()
    return proposal


def _proposal_text(description: str, method, based_on) -> str:
    """The request's text: the description, then the method and the model process if given."""
    lines = [description.strip()]
    if method is not None:
        lines.append(f"{gettext('Method')}: {method}")
    if based_on is not None:
        lines.append(f"{gettext('Like this process')}: {based_on.title}")
    return "\n\n".join(lines)


def decide_proposal(proposal: ProcessProposal, accept: bool) -> None:
    if proposal.status != "new":
        raise DomainError(_l("This proposal has been decided already."))
    proposal.status = "accepted" if accept else "declined"
    db.session.flush()


# --- recommendations ---------------------------------------------------------------------


def add_recommendation(process: Process, **fields) -> Recommendation:
    number = (
        db.session.scalar(
            sa.select(sa.func.max(Recommendation.number)).where(
                Recommendation.process_id == process.id
            )
        )
        or 0
    ) + 1
    rec = Recommendation(process=process, number=number, **fields)
    db.session.add(rec)
    db.session.flush()
    return rec


def update_recommendation(rec: Recommendation, **fields) -> None:
    for name, value in fields.items():
        setattr(rec, name, value)
    db.session.flush()


def record_answer(
    rec: Recommendation, answer: str, rationale: str, committee: str, answered_on: date | None
) -> None:
    """Record the political answer; a decision needs its date and committee."""
    if answer != "pending" and (answered_on is None or not committee.strip()):
        raise DomainError(
            _l("An answer needs the committee and the date of the decision."), field="answered_on"
        )
    rec.answer = answer
    rec.answer_rationale = rationale.strip()
    rec.answer_committee = committee.strip()
    rec.answered_on = answered_on if answer != "pending" else None
    db.session.flush()


def report_progress(
    rec: Recommendation, progress, note: str, implementation: str, reported_on: date, actor
) -> ImplementationUpdate:
    """Add a dated implementation update; progress is a percentage from 0 to 100."""
    if not rules.progress_valid(progress):
        raise DomainError(_l("Progress must be a whole number from 0 to 100."), field="progress")
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
    db.session.flush()
    return update


# --- reminders ---------------------------------------------------------------------------


@dataclass
class ReminderReport:
    answers: int = 0
    updates: int = 0


def _last_updates() -> dict[int, date]:
    return dict(
        db.session.execute(
            sa.select(
                ImplementationUpdate.recommendation_id,
                sa.func.max(ImplementationUpdate.reported_on),
            ).group_by(ImplementationUpdate.recommendation_id)
        ).all()
    )


def overdue_items(today: date) -> list[tuple[str, Recommendation, date]]:
    """(kind, recommendation, due date) for answers and implementation updates past due."""
    items = []
    last = _last_updates()
    recs = db.session.scalars(
        sa.select(Recommendation)
        .options(joinedload(Recommendation.process), joinedload(Recommendation.department))
        .where(
            sa.or_(
                Recommendation.answer == "pending",
                Recommendation.answer.in_(rules.COMMITTING_ANSWERS),
            )
        )
        .order_by(Recommendation.process_id, Recommendation.number)
    )
    for rec in recs:
        if rules.answer_overdue(rec.answer, rec.answer_due_on, today):
            items.append(("answer", rec, rec.answer_due_on))
        due = rules.next_update_due(
            rec.answer, rec.implementation, rec.answered_on, last.get(rec.id)
        )
        if rules.update_overdue(due, today):
            items.append(("update", rec, due))
    return items


def send_reminders(today: date | None = None) -> ReminderReport:
    """Mail office staff once about each overdue answer or update (per due date)."""
    today = today or local_now().date()
    sent = set(
        db.session.execute(
            sa.select(ReminderSent.recommendation_id, ReminderSent.kind, ReminderSent.due_on)
        ).all()
    )
    new = [
        (kind, rec, due)
        for kind, rec, due in overdue_items(today)
        if (rec.id, kind, due) not in sent
    ]
    report = ReminderReport()
    if not new:
        return report
    staff = list(
        db.session.scalars(
            sa.select(User)
            .join(UserRole)
            .where(UserRole.role == "office_staff", User.active.is_(True))
            .order_by(User.id)
        )
    )
    for user in staff:
        queue_mail(
            user.email,
            _l("Overdue answers and implementation updates"),
            "processes/reminder",
            locale=user.locale,
            user=user,
            items=new,
        )
    for kind, rec, due in new:
        db.session.add(ReminderSent(recommendation_id=rec.id, kind=kind, due_on=due))
        if kind == "answer":
            report.answers += 1
        else:
            report.updates += 1
    db.session.flush()
    return report
