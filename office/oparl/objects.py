"""Each published row as its OParl 1.1 object (schemas in ../shared/standards/oparl-1.1/).

Addresses come from `OFFICE_BASE_URL` (office.core.links), never from the request. What is not
public (a closed meeting, a confidential item, a member without consent) is not shown: a
meeting or item that is not public appears only as a deleted object (OParl never removes an
object whose address was published), a member without consent not at all."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from office.core.clock import local_now, office_tz, to_local
from office.core.links import absolute_url, base_url
from office.governance.labels import FUNCTION_LABELS
from office.governance.models import AgendaItem, BoardMeeting, BoardMember, BoardTerm
from office.oparl import queries, rules
from office.oparl.rules import VERSION, object_type

BODY_ID = 1
BOARD_ID = 1


def oparl_time(value) -> str:
    return rules.oparl_time(value, office_tz())


def url(endpoint: str, **values) -> str:
    return absolute_url(f"oparl.{endpoint}", **values)


def _office(text) -> str:
    """A translatable text in the office's own language (OParl objects are not per reader)."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(text)


def _stamps(created, modified) -> dict:
    return {"created": oparl_time(created), "modified": oparl_time(modified)}


def deleted(kind: str, address: str, row) -> dict:
    """What is left of an object that is no longer published."""
    stamps = _stamps(row.created_at, row.updated_at)
    return {"id": address, "type": object_type(kind), **stamps, "deleted": True}


def system() -> dict:
    return {
        "id": url("system"),
        "type": object_type("System"),
        "oparlVersion": VERSION,
        "body": url("bodies"),
        "name": current_app.config["OFFICE_NAME"],
        "website": base_url() + "/",
        **_stamps(_since(), _since()),
    }


def _since():
    """When the office's OParl system began (the first meeting, else now)."""
    first = queries.meetings()[:1]
    return first[0].created_at if first else local_now()


def body() -> dict:
    lists = {
        "organization": "organizations",
        "person": "people",
        "meeting": "meetings",
        "paper": "papers",
        "agendaItem": "agenda_items",
        "membership": "memberships",
    }
    return {
        "id": url("body", body_id=BODY_ID),
        "type": object_type("Body"),
        "system": url("system"),
        "name": current_app.config["OFFICE_NAME"],
        "website": base_url() + "/",
        "legislativeTerm": [],
        **{key: url(name) for key, name in lists.items()},
        **_stamps(_since(), local_now()),
    }


def board() -> dict:
    """The advisory board, an Organization of classification "Beirat"."""
    members = queries.published_members()
    return {
        "id": url("organization", organization_id=BOARD_ID),
        "type": object_type("Organization"),
        "body": url("body", body_id=BODY_ID),
        "name": _office(_l("Advisory board")),
        "classification": "Beirat",
        "organizationType": "Gremium",
        "membership": [url("membership", membership_id=t.id) for m in members for t in m.terms],
        "meeting": url("meetings"),
        "votingMemberCount": queries.voting_members(local_now().date()),
        "website": absolute_url("governance.index"),
        **_stamps(_since(), local_now()),
    }


def membership(term: BoardTerm) -> dict:
    return {
        "id": url("membership", membership_id=term.id),
        "type": object_type("Membership"),
        "person": url("person", person_id=term.member_id),
        "organization": url("organization", organization_id=BOARD_ID),
        "role": _office(FUNCTION_LABELS.get(term.function, term.function)),
        "votingRight": True,
        "startDate": term.starts_on.isoformat(),
        **({"endDate": term.ends_on.isoformat()} if term.ends_on else {}),
        **_stamps(term.member.created_at, term.member.updated_at),
    }


def person(member: BoardMember) -> dict:
    return {
        "id": url("person", person_id=member.id),
        "type": object_type("Person"),
        "body": url("body", body_id=BODY_ID),
        "name": member.name,
        "membership": [membership(term) for term in member.terms],
        **_stamps(member.created_at, member.updated_at),
    }


#: what a meeting's state is called in OParl's German vocabulary
def meeting_state(meeting: BoardMeeting) -> str:
    if meeting.minutes:
        return "durchgeführt"
    return "eingeladen" if meeting.starts_at > local_now() else "durchgeführt"


def meeting(row: BoardMeeting) -> dict:
    address = url("meeting", meeting_id=row.id)
    if not row.public:
        return deleted("Meeting", address, row)
    location = {
        "id": address + "#location",
        "type": object_type("Location"),
        "description": row.location or row.online_url,
        **_stamps(row.created_at, row.updated_at),
    }
    return {
        "id": address,
        "type": object_type("Meeting"),
        "name": row.title,
        "meetingState": meeting_state(row),
        "cancelled": False,
        "start": oparl_time(row.starts_at),
        "end": oparl_time(row.ends_at),
        "organization": [url("organization", organization_id=BOARD_ID)],
        "agendaItem": [agenda_item(i) for i in row.items],
        **({"location": location} if location["description"] else {}),
        "web": absolute_url("governance.meeting", meeting_id=row.id),
        **_stamps(row.created_at, row.updated_at),
    }


#: a board decision's outcome as OParl's result
RESULTS = {"adopted": "Beschlossen", "rejected": "Abgelehnt"}


def _result(item: AgendaItem) -> dict:
    decision = item.decision
    if decision is None:
        return {}
    casting = (
        " " + _office(_l("The chair's casting vote decided.")) if decision.by_casting_vote else ""
    )
    return {"result": RESULTS[decision.outcome], "resolutionText": decision.rationale + casting}


def agenda_item(item: AgendaItem) -> dict:
    address = url("agenda_item", item_id=item.id)
    if not item.public or item.meeting_id is None or not item.meeting.public:
        return deleted("AgendaItem", address, item) | {"order": item.position}
    return {
        "id": address,
        "type": object_type("AgendaItem"),
        "meeting": url("meeting", meeting_id=item.meeting_id),
        "number": str(item.position + 1),
        "order": item.position,
        "name": item.title,
        "public": True,
        "consultation": url("consultation", item_id=item.id),
        **_result(item),
        **_stamps(item.created_at, item.updated_at),
    }


def _where_consulted(item: AgendaItem) -> dict:
    """The agenda item and meeting of a matter decided in a meeting (none for written ones)."""
    if item.meeting_id is None:
        return {}
    return {
        "agendaItem": url("agenda_item", item_id=item.id),
        "meeting": url("meeting", meeting_id=item.meeting_id),
    }


def consultation(item: AgendaItem) -> dict:
    return {
        "id": url("consultation", item_id=item.id),
        "type": object_type("Consultation"),
        "paper": url("paper", item_id=item.id),
        "authoritative": True,
        "organization": [url("organization", organization_id=BOARD_ID)],
        "role": _office(_l("Decision")),
        **_where_consulted(item),
        **_stamps(item.created_at, item.updated_at),
    }


def paper(item: AgendaItem) -> dict:
    """The matter put to the board (public title and description only)."""
    address = url("paper", item_id=item.id)
    if not item.public:
        return deleted("Paper", address, item)
    kind = "Antrag" if item.request_id else "Beschlussvorlage"
    return {
        "id": address,
        "type": object_type("Paper"),
        "body": url("body", body_id=BODY_ID),
        "name": item.title,
        "reference": f"B-{to_local(item.created_at).year}-{item.id}",
        "date": to_local(item.created_at).date().isoformat(),
        "paperType": kind,
        "consultation": [consultation(item)],
        **_stamps(item.created_at, item.updated_at),
    }
