"""The board as an OParl 1.1 system, checked the way a council portal or a crawler checks it:
start at /oparl/v1.1/system, follow every link, validate every object (embedded ones too)
against the OParl 1.1 JSON schemas (tests/standards/oparl-1.1, a copy of ../shared/standards)."""

import json
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from office.governance.models import AgendaItem, BoardMeeting, Decision
from tests.governance.factories import BoardMemberFactory, RulesVersionFactory

SCHEMAS = Path(__file__).resolve().parents[1] / "standards" / "oparl-1.1" / "schema"
PREFIX = "https://schema.oparl.org/1.1/"
ROOT = "/oparl/v1.1/system"


def _validator(name: str):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


VALIDATORS = {p.stem: _validator(p.stem) for p in SCHEMAS.glob("*.json")}


@pytest.fixture
def board_data(db):
    rules = RulesVersionFactory(tie="chair_decides")
    named = [BoardMemberFactory(name=f"Member {n}", publication_consent=True) for n in range(8)]
    named[0].terms[0].function = "chair"
    hidden = BoardMemberFactory(name="Hidden Member", publication_consent=False)
    start = datetime(2026, 11, 10, 17, tzinfo=UTC)
    held = BoardMeeting(title="Sitzung November", starts_at=start, ends_at=start + timedelta(hours=2),
                        location="Rathaus, Raum 2", minutes="Protokoll")  # fmt: skip
    closed = BoardMeeting(title="Klausur", starts_at=start, ends_at=start + timedelta(hours=1),
                          public=False)  # fmt: skip
    tied = AgendaItem(meeting=held, position=0, title="Bürgerrat Mobilität")
    confidential = AgendaItem(meeting=held, position=1, title="Personalie", public=False)
    written = AgendaItem(title="Stellungnahme", procedure="written", deadline=start)
    db.session.add_all([held, closed, tied, confidential, written])
    db.session.flush()
    db.session.add(Decision(
        item=tied, decided_on=start.date(), outcome="adopted", rationale="Empfehlung angenommen.",
        rules_version=rules, eligible=9, participating=8, votes_yes=4, votes_no=4, votes_abstain=0,
    ))  # fmt: skip
    db.session.flush()
    return {"named": named, "hidden": hidden, "held": held, "closed": closed, "tied": tied,
            "confidential": confidential, "written": written}  # fmt: skip


def _path(app, url: str) -> str:
    base = app.config["OFFICE_BASE_URL"]
    assert url.startswith(base + "/oparl/v1.1/"), f"link outside the OParl system: {url}"
    return url[len(base) :].split("#")[0]


def _objects(value):
    """Every OParl object in an answer, embedded ones included."""
    if isinstance(value, dict):
        if str(value.get("type", "")).startswith(PREFIX):
            yield value
        for inner in value.values():
            yield from _objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _objects(inner)


def _links(app, value):
    base = app.config["OFFICE_BASE_URL"] + "/oparl/"
    if isinstance(value, str) and value.startswith(base):
        yield _path(app, value)
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _links(app, inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _links(app, inner)


def crawl(app, client) -> dict[str, dict]:
    """Every address reachable from the System object, with its answer."""
    seen, queue = {}, deque([ROOT])
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        assert answer.mimetype == "application/json"
        seen[path] = answer.get_json()
        queue.extend(link for link in _links(app, seen[path]) if link not in seen)
    return seen


def test_every_object_reachable_from_the_system_is_valid_oparl(app, client, board_data):
    answers = crawl(app, client)
    objects = [obj for answer in answers.values() for obj in _objects(answer)]
    kinds = {obj["type"].removeprefix(PREFIX) for obj in objects}
    assert {"System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem",
            "Paper", "Consultation"} <= kinds  # fmt: skip
    for obj in objects:
        kind = obj["type"].removeprefix(PREFIX)
        assert kind in VALIDATORS, f"not an OParl type: {obj['type']}"
        errors = [e.message for e in VALIDATORS[kind].iter_errors(obj)]
        assert not errors, (obj["id"], errors)
        assert {"created", "modified"} <= obj.keys(), obj["id"]
    lists = [a for a in answers.values() if "data" in a]
    assert lists and all({"pagination", "links"} <= a.keys() for a in lists)


def test_members_without_consent_are_not_published(client, board_data):
    people = client.get("/oparl/v1.1/people?limit=100").get_json()["data"]
    assert sorted(p["name"] for p in people) == sorted(m.name for m in board_data["named"])
    assert client.get(f"/oparl/v1.1/person/{board_data['hidden'].id}").status_code == 404
    everything = json.dumps(crawl(client.application, client))
    assert "Hidden Member" not in everything and "@example.org" not in everything


def test_what_is_not_public_stays_only_as_a_deleted_object(client, board_data):
    closed = client.get(f"/oparl/v1.1/meeting/{board_data['closed'].id}").get_json()
    assert closed["deleted"] is True and "name" not in closed
    meeting = client.get(f"/oparl/v1.1/meeting/{board_data['held'].id}").get_json()
    shown = [i for i in meeting["agendaItem"] if not i.get("deleted")]
    assert [i["name"] for i in shown] == ["Bürgerrat Mobilität"]
    assert "Personalie" not in json.dumps(meeting)
    paper = client.get(f"/oparl/v1.1/paper/{board_data['confidential'].id}").get_json()
    assert paper["deleted"] is True and "Personalie" not in json.dumps(paper)


def test_a_tie_decided_by_the_chair_says_so(client, board_data):
    item = client.get(f"/oparl/v1.1/agenda_item/{board_data['tied'].id}").get_json()
    assert item["result"] == "Beschlossen"
    assert "casting vote" in item["resolutionText"] or "Stichentscheid" in item["resolutionText"]


def test_the_board_counts_its_voting_members(client, board_data):
    board = client.get("/oparl/v1.1/organization/1").get_json()
    assert board["classification"] == "Beirat" and board["votingMemberCount"] == 9


def test_times_carry_the_office_offset(client, board_data):
    meeting = client.get(f"/oparl/v1.1/meeting/{board_data['held'].id}").get_json()
    assert meeting["start"] == "2026-11-10T18:00:00+01:00"


def test_lists_are_paged_and_filtered_by_time(client, board_data):
    first = client.get("/oparl/v1.1/people?limit=3").get_json()
    assert first["pagination"] == {"totalElements": 8, "elementsPerPage": 3, "currentPage": 1,
                                   "totalPages": 3}  # fmt: skip
    assert "prev" not in first["links"] and "page=2" in first["links"]["next"]
    future = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    later = client.get(f"/oparl/v1.1/meetings?modified_since={future}").get_json()
    assert later["data"] == [] and later["pagination"]["totalElements"] == 0


@pytest.mark.parametrize("query", ["modified_since=yesterday", "limit=0", "limit=abc", "page=-2"])
def test_an_unusable_list_parameter_answers_400_in_json(client, board_data, query):
    answer = client.get(f"/oparl/v1.1/meetings?{query}")
    assert answer.status_code == 400 and answer.get_json()["status"] == 400
    assert query.split("=")[0] in answer.get_json()["error"]


@pytest.mark.parametrize("path", ["/oparl/v1.1/body/2", "/oparl/v1.1/meeting/999999",
                                  "/oparl/v1.1/paper/999999", "/oparl/v1.1/organization/7"])  # fmt: skip
def test_unknown_objects_answer_404(client, board_data, path):
    assert client.get(path).status_code == 404


def test_staff_record_consent_and_the_member_appears_then_withdraw_it(client, login_as, board_data):
    hidden = board_data["hidden"]
    login_as("office_staff")
    page = f"/board/members/{hidden.id}"
    given = client.post(page, data={"consent-sent": "1", "consent-publication_consent": "y"})
    assert given.status_code == 302
    assert client.get(f"/oparl/v1.1/person/{hidden.id}").get_json()["name"] == "Hidden Member"
    client.post(page, data={"consent-sent": "1"})
    assert client.get(f"/oparl/v1.1/person/{hidden.id}").status_code == 404
