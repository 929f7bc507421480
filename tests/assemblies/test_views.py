"""The assembly's pages through HTTP: who may see them, what bad input answers."""

from office.assemblies.services import sessions
from tests.assemblies.factories import planned_session, selected_assembly

FORM = {"title": "Zweite Sitzung", "starts_at": "2026-12-01T17:00", "ends_at": "2026-12-01T20:00",
        "venue_id": "None", "place": "Rådhuset, Festsalen", "agenda": "Experten: Mobilität"}  # fmt: skip


def test_manage_page_is_for_staff_only(client, login_as, db):
    assembly = selected_assembly()
    db.session.commit()
    assert client.get(f"/assemblies/{assembly.slug}/manage").status_code == 302
    login_as("department_staff")
    assert client.get(f"/assemblies/{assembly.slug}/manage").status_code == 403


def test_plan_a_session_shows_it_on_the_manage_and_public_pages(client, login_as, db):
    assembly = selected_assembly(published=True)
    db.session.commit()
    login_as("office_staff")
    answer = client.post(f"/assemblies/{assembly.slug}/manage/sessions/new", data=FORM)
    assert answer.status_code == 302
    assert "Zweite Sitzung" in client.get(f"/assemblies/{assembly.slug}/manage").text
    public = client.get(f"/assemblies/{assembly.slug}/sessions").text
    assert "Rådhuset, Festsalen" in public and "Experten: Mobilität" in public


def test_plan_a_session_before_the_selection_answers_422_and_stores_nothing(client, login_as, db):
    assembly = selected_assembly()
    db.session.commit()
    login_as("office_staff")
    early = FORM | {"starts_at": "2026-11-01T17:00", "ends_at": "2026-11-01T20:00"}
    answer = client.post(f"/assemblies/{assembly.slug}/manage/sessions/new", data=early)
    assert answer.status_code == 422
    assert "before the members were selected" in answer.text
    assert sessions.sessions_of(assembly) == []


def test_plan_a_session_with_garbage_answers_422(client, login_as, db):
    assembly = selected_assembly()
    db.session.commit()
    login_as("office_staff")
    bad = FORM | {"starts_at": "yesterday", "venue_id": "99999999999"}
    answer = client.post(f"/assemblies/{assembly.slug}/manage/sessions/new", data=bad)
    assert answer.status_code == 422 and sessions.sessions_of(assembly) == []


def test_public_plan_of_an_unpublished_assembly_is_404(client, db):
    assembly = selected_assembly()
    assembly.published = False
    db.session.commit()
    assert client.get(f"/assemblies/{assembly.slug}/sessions").status_code == 404
    assert client.get(f"/assemblies/{assembly.slug}/sessions.ics").status_code == 404


def test_plan_ics_holds_every_session_in_the_office_time_zone(client, db):
    assembly = selected_assembly(published=True)
    planned_session(assembly, days=7, title="Første møde")
    planned_session(assembly, days=14, title="Andet møde")
    db.session.commit()
    answer = client.get(f"/assemblies/{assembly.slug}/sessions.ics")
    assert answer.mimetype == "text/calendar"
    body = answer.data.decode()
    assert body.count("BEGIN:VEVENT") == 2 and "Første møde" in body and "TZID=" in body


def test_attendance_page_records_who_came_and_the_overview_shows_it(client, login_as, db):
    from office.sortition import interface as selection

    assembly = selected_assembly()
    session = planned_session(assembly, days=3, title="Første møde")
    members = selection.panel_members(assembly)
    db.session.commit()
    login_as("office_staff")
    url = f"/assemblies/{assembly.slug}/manage/sessions/{session.id}/attendance"
    # (the session lies in the past: the selection's factory draws on 21 November 2026)
    assert client.post(url, data={"present": ["99999"]}).status_code == 422
    assert client.post(url, data={"present": [str(members[0].id)]}).status_code == 302
    page = client.get(f"/assemblies/{assembly.slug}/manage/attendance").text
    assert "Første møde" in page and "25" in page  # one of four came
    assert page.count(">came<") == 1 and page.count(">absent<") == 3


def test_volunteer_assign_and_see_the_session_on_the_account_page(client, login_as, db):
    from office.assemblies.services import facilitators

    assembly = selected_assembly(title="Bürgerrat Smart Kassel")
    session = planned_session(assembly, days=30, title="Dritte Sitzung")
    db.session.commit()
    volunteer = login_as("department_staff", name="Jörg Weiß")
    assert "Co-facilitate Bürgerrat Smart Kassel" in client.get("/account/").text
    answer = client.post(f"/assemblies/{assembly.slug}/volunteer", data={"note": "dienstags"})
    assert answer.status_code == 302
    again = client.post(f"/assemblies/{assembly.slug}/volunteer", data={"note": ""})
    assert again.status_code == 422 and "already volunteered" in again.text
    facilitator = facilitators.facilitators_of(assembly)[0]
    login_as("office_staff")
    page = client.get(f"/assemblies/{assembly.slug}/manage/facilitators").text
    assert "Jörg Weiß" in page and "dienstags" in page
    form = {"assign-facilitator_id": facilitator.id, "assign-session_id": session.id,
            "assign-table": "Tisch 3"}  # fmt: skip
    url = f"/assemblies/{assembly.slug}/manage/facilitators/assign"
    assert client.post(url, data=form).status_code == 302
    assert client.post(url, data=form).status_code == 422  # the same session again
    with client.session_transaction() as s:
        s["_user_id"] = volunteer.get_id()
    account = client.get("/account/").text
    assert "Bürgerrat Smart Kassel: Dritte Sitzung" in account and "table Tisch 3" in account


def test_volunteer_page_is_not_for_initiative_representatives(client, login_as, db):
    assembly = selected_assembly()
    db.session.commit()
    login_as("initiative_rep")
    assert client.get(f"/assemblies/{assembly.slug}/volunteer").status_code == 403
