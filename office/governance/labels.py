"""The translated label of every value of the board shown to a person."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions

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


#: the actions of the board's audit log (services.common.audit)
AUDIT_ACTIONS = {
    "member.added": _l("member added"),
    "member.consent_given": _l("consent to publication given"),
    "member.consent_withdrawn": _l("consent to publication withdrawn"),
    "term.added": _l("term of office added"),
    "term.ended": _l("term ended"),
    "rules.version_added": _l("rules of procedure: new version"),
    "comment.added": _l("comment added"),
    "conflict.declared": _l("conflict of interest declared"),
    "vote.cast": _l("vote cast"),
    "decision.recorded": _l("decision recorded"),
    "meeting.created": _l("meeting scheduled"),
    "meeting.changed": _l("meeting changed"),
    "meeting.invited": _l("invitation sent to the members"),
    "meeting.minutes": _l("minutes recorded"),
    "meeting.minutes_approved": _l("minutes approved"),
    "meeting.attendance": _l("attendance recorded"),
    "item.added": _l("item added to the agenda"),
}

register_actions("governance", _l("Board"), AUDIT_ACTIONS)
