from office.core.registry import CALENDAR_SOURCES, DEMO_SEEDERS


def _demo():
    for seeder in DEMO_SEEDERS:
        seeder.fn("small")


def test_public_pages_of_the_board(client, db):
    _demo()
    assert "Bent Beirat" in client.get("/board/").get_data(as_text=True)
    rules = client.get("/board/rules", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "<h1>Geschäftsordnung" in rules
    register = client.get("/board/decisions").get_data(as_text=True)
    assert "Raumvergabe für Initiativen" in register


def test_closed_item_shows_only_that_a_decision_was_taken(client, db):
    _demo()
    from office.governance.models import AgendaItem

    item = db.session.query(AgendaItem).filter_by(title="Raumvergabe für Initiativen").one()
    item.public = False
    db.session.flush()
    page = client.get("/board/decisions").get_data(as_text=True)
    assert "Raumvergabe für Initiativen" not in page and "Decision taken" in page
    assert client.get(f"/board/decisions/{item.decision.id}").status_code == 404


def test_public_meetings_in_calendar(db, app):
    from datetime import UTC, datetime

    _demo()
    entries = list(
        CALENDAR_SOURCES["board"](
            datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC), {}
        )
    )
    assert {e.title for e in entries} >= {"1. Sitzung 2026", "2. Sitzung 2026"}


def test_board_member_votes_in_written_procedure(client, db, login_as):
    _demo()
    from office.governance.models import AgendaItem, BoardMember

    item = db.session.query(AgendaItem).filter_by(procedure="written").one()
    user = login_as("board_member")
    member = db.session.query(BoardMember).filter_by(name="Prof. Ali Demir").one()
    member.user = user
    db.session.flush()
    response = client.post(f"/board/items/{item.id}/vote", data={"vote-choice": "no"})
    assert response.status_code == 302
    assert any(v.member_id == member.id and v.choice == "no" for v in item.votes)


def test_item_hidden_from_department_staff(client, db, login_as):
    _demo()
    login_as("department_staff")
    assert client.get("/board/items/1").status_code == 403


def test_meetings_feed_has_public_meetings_only(client, db):
    from datetime import timedelta

    from office.core.clock import utcnow
    from office.governance.models import BoardMeeting

    start = utcnow() + timedelta(days=3)
    db.session.add(
        BoardMeeting(title="Open session", starts_at=start, ends_at=start + timedelta(hours=2))
    )
    db.session.add(
        BoardMeeting(
            title="Closed session",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            public=False,
        )
    )
    db.session.flush()
    response = client.get("/board/meetings.ics")
    assert response.mimetype == "text/calendar"
    assert b"Open session" in response.data and b"Closed session" not in response.data


def test_open_data_decisions_hide_closed_items(client, db):
    _demo()
    from office.governance.models import AgendaItem

    item = db.session.query(AgendaItem).filter_by(title="Raumvergabe für Initiativen").one()
    item.public = False
    db.session.flush()
    data = client.get("/api/v1/board/decisions").get_json()
    closed = [d for d in data["items"] if not d["public"]]
    assert data["total"] == 2 and len(closed) == 1 and "title" not in closed[0]
    assert "/api/v1/board/decisions" in client.get("/api/openapi.json").get_json()["paths"]
    meetings = client.get("/api/v1/board/meetings").get_json()
    assert meetings["total"] >= 2
    # times with the office's offset (Europe/Berlin), as the events API gives them
    assert all(m["starts_at"].endswith(("+01:00", "+02:00")) for m in meetings["items"])


def test_meeting_votes_recorded_by_staff_and_decided(client, db, login_as):
    from datetime import UTC, date, datetime, timedelta

    from office.governance.models import RulesVersion
    from office.governance.services import meetings as meeting_ops
    from tests.governance.factories import BoardMemberFactory

    db.session.add(RulesVersion(version=1, title="GO", body="x", effective_from=date(2020, 1, 1)))
    members = [BoardMemberFactory() for _ in range(3)]
    staff = login_as("office_staff")
    start = datetime.now(UTC) + timedelta(days=1)
    meeting = meeting_ops.create_meeting(
        staff, title="M", starts_at=start, ends_at=start + timedelta(hours=1)
    )
    db.session.commit()
    early = client.post(
        f"/board/meetings/{meeting.id}",
        data={"attendance": "1", "present": [m.id for m in members[:2]]},
    )
    assert "The meeting has not begun yet" in early.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.attendance == []
    begun = datetime.now(UTC) - timedelta(minutes=10)
    held = meeting_ops.create_meeting(
        staff, title="Held", starts_at=begun, ends_at=begun + timedelta(hours=1)
    )
    db.session.commit()
    _run_the_meeting(client, db, held, members)


def _run_the_meeting(client, db, meeting, members):
    from office.governance.models import AgendaItem

    client.post(
        f"/board/meetings/{meeting.id}",
        data={"attendance": "1", "present": [m.id for m in members[:2]]},
    )
    client.post(
        f"/board/meetings/{meeting.id}", data={"item-title": "Budget 2027", "item-public": "y"}
    )
    item = db.session.query(AgendaItem).filter_by(title="Budget 2027").one()
    for member in members[:2]:
        response = client.post(
            f"/board/items/{item.id}/record-vote",
            data={"record-member": str(member.id), "record-choice": "yes"},
        )
        assert response.status_code == 302
    absent = client.post(
        f"/board/items/{item.id}/record-vote",
        data={"record-member": str(members[2].id), "record-choice": "no"},
    )
    assert absent.status_code == 422  # not present: not a choice
    response = client.post(f"/board/items/{item.id}/decide", data={"decide-rationale": "Agreed"})
    assert response.status_code == 302
    assert "Budget 2027" in client.get("/board/decisions").get_data(as_text=True)


def test_staff_change_a_meeting(client, db, login_as):
    _demo()
    login_as("office_staff")
    db.session.commit()  # the refused change rolls back
    from office.governance.models import BoardMeeting

    meeting_id = db.session.query(BoardMeeting).filter_by(title="1. Sitzung 2026").one().id
    assert client.get(f"/board/meetings/{meeting_id}/edit").status_code == 200
    response = client.post(f"/board/meetings/{meeting_id}/edit", data={"title": "Sondersitzung", "starts_at": "2026-02-10T18:00",
                                                         "ends_at": "2026-02-10T17:00", "public": "y"})  # fmt: skip
    assert "The meeting must end after it starts." in response.get_data(as_text=True)
    response = client.post(f"/board/meetings/{meeting_id}/edit", data={"title": "Sondersitzung", "starts_at": "2026-02-10T18:00",
                                                         "ends_at": "2026-02-10T20:00", "public": "y"})  # fmt: skip
    assert response.status_code == 302
    assert "Sondersitzung" in client.get(f"/board/meetings/{meeting_id}").get_data(as_text=True)


def test_board_members_see_who_has_voted_and_no_link_they_cannot_open(client, db, login_as):
    from datetime import UTC, date, datetime, timedelta

    from office.governance.models import RulesVersion
    from office.governance.services import meetings as meeting_ops
    from office.governance.services import review
    from tests.governance.factories import BoardMemberFactory, HelpRequestFactory

    db.session.add(RulesVersion(version=1, title="GO", body="x", effective_from=date(2020, 1, 1)))
    voter, waiting = BoardMemberFactory(name="Anna Voted"), BoardMemberFactory(name="Bo Waiting")
    staff = login_as("office_staff")
    req = HelpRequestFactory(status="in_triage", assignee=staff)
    item = meeting_ops.forward_request(staff, req, procedure="written",
                                       deadline=datetime.now(UTC) + timedelta(days=3))  # fmt: skip
    review.cast_vote(voter.user, voter, item, "yes")
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = waiting.user.get_id()
    page = client.get(f"/board/items/{item.id}").get_data(as_text=True)
    assert "Anna Voted: has voted" in page and "Bo Waiting: has not voted yet" in page
    assert f"/requests/{req.id}" not in page and req.reference in page
