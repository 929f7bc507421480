"""The council's answers: a recommendation linked to a paper of the council information system
(OParl) takes the political answer from there. Never commits."""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from office.core import oparl_client
from office.core.audit import record
from office.core.clock import to_local
from office.core.jobs import in_turn
from office.extensions import db
from office.processes import rules
from office.processes.models import (
    Recommendation,
    RecommendationStage,
)

# --- the council's answers (OParl) -------------------------------------------------------


@dataclass
class CouncilReport:
    checked: int = 0
    answered: int = 0
    problems: list = field(default_factory=list)


def _decided_item(paper: dict, timeout: float):
    """The agenda item and its consultation that carry the council's decision (authoritative
    consultations first), or (None, None) while none has one."""
    consultations = [c for c in paper.get("consultation") or [] if isinstance(c, dict)]
    consultations.sort(key=lambda c: not c.get("authoritative"))
    for consultation in consultations:
        if isinstance(consultation.get("agendaItem"), str):
            item = oparl_client.fetch(consultation["agendaItem"], "AgendaItem", timeout)
            if rules.council_decision(str(item.get("result") or "")):
                return item, consultation
    return None, None


def _committee(consultation: dict, timeout: float) -> str:
    bodies = consultation.get("organization") or []
    if not bodies or not isinstance(bodies[0], str):
        return ""
    return str(oparl_client.fetch(bodies[0], "Organization", timeout).get("name") or "")


def _meeting_day(item: dict, consultation: dict, timeout: float) -> date | None:
    address = item.get("meeting") or consultation.get("meeting")
    if not isinstance(address, str):
        return None
    start = oparl_client.fetch(address, "Meeting", timeout).get("start")
    try:
        return to_local(datetime.fromisoformat(start)).date()
    except (TypeError, ValueError):
        raise oparl_client.OParlError(f"the meeting has no usable start: {address}") from None


def council_answer_of(url: str, today: date, timeout: float):
    """What the council decided on the paper at `url` (None while undecided)."""
    item, consultation = _decided_item(oparl_client.fetch(url, "Paper", timeout), timeout)
    if item is None:
        return None
    day = _meeting_day(item, consultation, timeout)
    committee = _committee(consultation, timeout)
    text = str(item.get("resolutionText") or "")
    return rules.council_answer(str(item["result"]), day, committee, text, today)


def take_council_answer(rec: Recommendation, now: datetime, timeout: float) -> bool:
    """Read the council's answer for `rec`; True when it changed the recorded answer. A council
    system that fails leaves the answer as it is and notes why on the recommendation."""
    rec.council_checked_at = now
    try:
        found = council_answer_of(rec.council_paper_url, to_local(now).date(), timeout)
    except oparl_client.OParlError as problem:
        rec.council_problem = str(problem)[:500]
        return False
    rec.council_problem = ""
    new = found and (found.answer, found.answered_on, found.committee, found.rationale)
    if not new or new == (rec.answer, rec.answered_on, rec.answer_committee, rec.answer_rationale):
        return False
    rec.answer, rec.answered_on, rec.answer_committee, rec.answer_rationale = new
    rec.council_changed_on = to_local(now).date()
    record("processes.council_answer_taken", rec, None, now=now, answer=rec.answer)
    return True


def sync_council(now: datetime, timeout: float = 10.0, each=in_turn) -> CouncilReport:
    """Take the political answers of every recommendation linked to a council paper; `each`
    as in `office.core.jobs` (one recommendation at a time)."""
    report = CouncilReport()
    linked = sa.select(Recommendation.id).where(
        Recommendation.council_paper_url != "", Recommendation.stage == RecommendationStage.FINAL
    )

    def take(rec_id: int) -> None:
        rec = db.session.get(Recommendation, rec_id)
        answered = take_council_answer(rec, now, timeout)
        db.session.flush()
        report.checked += 1
        report.answered += answered
        if rec.council_problem:
            report.problems.append(f"recommendation {rec.id}: {rec.council_problem}")

    each(db.session.scalars(linked.order_by(Recommendation.id)).all(), take, "recommendation {}")
    return report
