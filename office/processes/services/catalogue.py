"""Operations of the catalogue: processes and their phases, suggestions from the public,
and departments' proposals for new processes. They never commit; the caller does."""

import secrets
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from office.auth.models import User
from office.contacts.models import Person
from office.core.audit import record
from office.core.clock import utcnow
from office.core.errors import DomainError
from office.core.models import District, Topic
from office.core.outbox import queue_mail
from office.extensions import db
from office.methods.models import Method
from office.processes import rules
from office.processes.models import (
    Phase,
    Process,
    ProcessProposal,
    Suggestion,
)
from office.requests import interface as requests

#: what a process form says, besides its lists of ids
PROCESS_FIELDS = (
    "title",
    "summary",
    "status",
    "level",
    "cost_estimate",
    "council_reference",
    "is_public",
    "lead_department_id",
    "kind",
    "follows_id",
    "translations",
)


def _rows(model, ids) -> list:
    return list(db.session.scalars(sa.select(model).where(model.id.in_(ids or []))))


def save_process(process: Process, values: dict) -> Process:
    """Create or change a catalogue entry: its fields, methods, districts, topics and contacts."""
    # the linked rows are loaded before a new process joins their collections (no autoflush of
    # a half-built process)
    methods, districts = (
        _rows(Method, values["method_ids"]),
        _rows(District, values["district_ids"]),
    )
    topics, contacts = _rows(Topic, values["topic_ids"]), _rows(Person, values["contact_ids"])
    for name in PROCESS_FIELDS:
        setattr(process, name, values[name])
    process.methods, process.districts, process.topics = methods, districts, topics
    process.contacts = contacts
    db.session.add(process)
    record(
        "processes.created" if process.id is None else "processes.changed",
        process,
        public=process.is_public,
    )
    db.session.flush()
    return process


def delete_process(process: Process) -> None:
    record("processes.deleted", process)
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
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        is_public_meeting=is_public_meeting,
        location=location,
    )
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
        process=process,
        name=name.strip(),
        email=email.strip().lower(),
        text=text.strip(),
        token=secrets.token_urlsafe(32),
    )
    db.session.add(suggestion)
    db.session.flush()
    queue_mail(
        suggestion.email,
        _l("Please confirm your suggestion"),
        "processes/confirm_suggestion",
        locale=locale,
        suggestion=suggestion,
        process=process,
    )
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
    record("processes.suggestion_moderated", suggestion, status=suggestion.status)
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
        actor,
        "new_process",
        title=title,
        description=_proposal_text(description, method, based_on),
        details={"planned_start": wanted_start.isoformat() if wanted_start else None},
        source="processes",
    )
    proposal = ProcessProposal(
        title=title.strip(),
        description=description.strip(),
        department=actor.organisation,
        method=method,
        based_on=based_on,
        wanted_start=wanted_start,
        proposed_by=actor,
        help_request=help_request,
    )
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


def decide_proposal(actor, proposal: ProcessProposal, accept: bool, reason: str = "") -> None:
    """Accept a department's proposal (a draft process, not yet public, is created from it) or
    decline it with a reason; its help request moves on and the department is told by mail."""
    _check_decision(proposal, accept, reason)
    proposal.status = "accepted" if accept else "declined"
    if accept:
        _draft_from(proposal)
    if proposal.help_request is not None:
        requests.settle(actor, proposal.help_request, accept, reason.strip(), utcnow())
    record("processes.proposal_decided", proposal, actor, status=proposal.status)
    db.session.flush()


def _check_decision(proposal: ProcessProposal, accept: bool, reason: str) -> None:
    """Refuse a second decision, and declining without a reason."""
    if proposal.status != "new":
        raise DomainError(_l("This proposal has been decided already."))
    if not accept and not reason.strip():
        raise DomainError(_l("Give the reason for declining."), field="reason")


def _draft_from(proposal: ProcessProposal) -> Process:
    """A planned, internal catalogue entry for an accepted proposal; staff publish it later."""
    process = Process(
        title=proposal.title,
        summary=proposal.description,
        status="planned",
        level="consult",
        is_public=False,
        lead_department=proposal.department,
        starts_on=proposal.wanted_start,
        methods=[proposal.method] if proposal.method else [],
    )
    db.session.add(process)
    return process
