"""Implementation partners: organisations of the contacts CRM pledge to carry a recommendation
and report what they did (Bürger:innenrat PLUS). They never commit."""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.contacts.models import Organisation
from office.core.errors import DomainError
from office.extensions import db
from office.processes import rules
from office.processes.models import PLEDGE_STATES, Pledge, Process, Recommendation

PROBLEMS = {
    "unpublished": (
        _l("Pledges can only be made to recommendations of a public process."),
        "organisation",
    ),
    "progress": (_l("Progress must be between 0 and 100 %."), "progress"),
    "done_not_full": (_l("A pledge that is done is at 100 %."), "progress"),
}


def _refuse(problem: str | None) -> None:
    if problem is not None:
        message, field = PROBLEMS[problem]
        raise DomainError(message, field=field)


def _meeting(meeting_id: int | None, rec: Recommendation) -> Process | None:
    if meeting_id is None:
        return None
    meeting = db.session.get(Process, meeting_id)
    if (
        meeting is None
        or meeting.kind != "strategy_meeting"
        or meeting.follows_id != rec.process_id
    ):
        raise DomainError(_l("Please choose a strategy meeting of this assembly."), field="meeting")
    return meeting


def add_pledge(
    rec: Recommendation,
    organisation_id: int | None,
    text: str,
    pledged_on: date,
    meeting_id: int | None = None,
) -> Pledge:
    """A partner commits to a recommendation with a short pledge (once per partner)."""
    _refuse(rules.pledge_problem(rec.process.is_public, "pledged", 0))
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None:
        raise DomainError(_l("Please choose the partner from the contacts."), field="organisation")
    if not (text or "").strip():
        raise DomainError(_l("Please write down what the partner pledges."), field="text")
    taken = sa.select(Pledge.id).filter_by(
        recommendation_id=rec.id, organisation_id=organisation.id
    )
    if db.session.scalar(taken) is not None:
        raise DomainError(
            _l("This partner has already pledged to this recommendation."), field="organisation"
        )
    pledge = Pledge(
        recommendation=rec,
        organisation=organisation,
        text=text.strip(),
        pledged_on=pledged_on,
        meeting=_meeting(meeting_id, rec),
    )
    db.session.add(pledge)
    db.session.flush()
    return pledge


def report_on_pledge(
    pledge: Pledge, status: str, progress: int, report: str, reported_on: date
) -> None:
    """What the partner did: the pledge's state, its progress and a short report."""
    if status not in PLEDGE_STATES:
        raise DomainError(_l("Unknown state."), field="status")
    _refuse(rules.pledge_problem(pledge.recommendation.process.is_public, status, progress))
    pledge.status, pledge.progress = status, progress
    pledge.report, pledge.reported_on = (report or "").strip(), reported_on
    db.session.flush()
