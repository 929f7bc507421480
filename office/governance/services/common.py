"""Labels, refusal messages and the audit log shared by the board operations."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from office.core.clock import office_tz, utcnow
from office.extensions import db
from office.governance.models import (
    AuditEntry,
)

OUTCOME_LABELS = {"adopted": _l("Adopted"), "rejected": _l("Rejected")}


CHOICE_LABELS = {"yes": _l("Yes"), "no": _l("No"), "abstain": _l("Abstain")}


GROUP_LABELS = {
    "citizens": _l("Citizens"),
    "initiatives": _l("Initiatives"),
    "administration": _l("Administration"),
    "politics": _l("Politics"),
    "science": _l("Science"),
    "other": _l("Other"),
}


FUNCTION_LABELS = {"member": _l("Member"), "chair": _l("Chair"), "deputy": _l("Deputy chair")}


QUORUM_LABELS = {
    "more_than_half": _l("more than half of the members in office"),
    "at_least_half": _l("at least half of the members in office"),
    "two_thirds": _l("two thirds of the members in office"),
}


MAJORITY_LABELS = {
    "simple": _l("simple majority of the votes cast"),
    "two_thirds": _l("two-thirds majority of the votes cast"),
    "absolute": _l("majority of the members in office"),
}


ABSTENTION_LABELS = {
    "not_counted": _l("abstentions are not counted"),
    "count_as_no": _l("abstentions count as no"),
}


TIE_LABELS = {
    "rejected": _l("a tie rejects the motion"),
    "chair_decides": _l("the chair breaks a tie"),
}


REFUSALS = {
    "decided": _l("This item has been decided already; votes are closed."),
    "not_in_office": _l("Only members whose term runs on the day of the vote may vote."),
    "conflict": _l(
        "You have declared a conflict of interest for this item and are excluded from its vote."
    ),
    "deadline_passed": _l("The deadline of this written procedure has passed; votes are closed."),
}


def audit(actor, action: str, obj, summary: str = "", now: datetime | None = None) -> AuditEntry:
    entry = AuditEntry(
        at=now or utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", "") or "",
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        summary=summary[:2000],
    )
    db.session.add(entry)
    return entry


def local_day(moment: datetime) -> date:
    return moment.astimezone(office_tz()).date()
