import io

from tests.governance.factories import HelpRequestFactory

PDF = b"%PDF-1.4\n%test\n"


def test_department_submits_request_with_attachment(client, login_as, outbox):
    user = login_as("department_staff")
    response = client.post(
        "/requests/new/process_help",
        data={"title": "Plan a workshop", "description": "For the square", "help_kind": "plan",
              "topic_area": "Market square", "attachments": [(io.BytesIO(PDF), "plan.pdf")]},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Plan a workshop" in page and "Market square" in page and "plan.pdf" in page
    assert outbox.to(user.email)


def test_attachment_download_is_an_attachment_and_private(client, login_as, db):
    from office.requests.services import intake

    user = login_as("department_staff")
    req = intake.submit_request(user, "other", title="x", attachments=[intake.Upload("a.pdf", PDF)])
    db.session.flush()
    response = client.get(f"/requests/files/{req.attachments[0].id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.data == PDF
    login_as("initiative_rep")
    assert client.get(f"/requests/files/{req.attachments[0].id}").status_code == 404


def test_rejected_file_type_shows_message(client, login_as):
    login_as("department_staff")
    response = client.post(
        "/requests/new/other",
        data={
            "title": "x",
            "description": "y",
            "attachments": [(io.BytesIO(b"MZ\x90\x00exe"), "a.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert "Only PDF documents and images" in response.get_data(as_text=True)


def test_another_requesters_request_answers_404(client, login_as):
    req = HelpRequestFactory()
    login_as("department_staff")
    assert client.get(f"/requests/{req.id}").status_code == 404


def test_public_form_asks_for_contact_and_not_department_types(client):
    assert "Your name" in client.get("/requests/new/initiative_support").get_data(as_text=True)
    assert client.get("/requests/new/process_help").status_code == 404


def test_staff_queue_filters_overdue(client, login_as, db):
    from datetime import UTC, datetime

    HelpRequestFactory(title="Late one", due_at=datetime(2020, 1, 1, tzinfo=UTC))
    HelpRequestFactory(title="Future one", due_at=datetime(2099, 1, 1, tzinfo=UTC))
    login_as("office_staff")
    page = client.get("/requests/queue?due=overdue").get_data(as_text=True)
    assert "Late one" in page and "Future one" not in page
    page = client.get("/requests/queue?q=future").get_data(as_text=True)
    assert "Future one" in page and "Late one" not in page


def test_disallowed_transition_shows_message_and_keeps_status(client, login_as, db):
    req = HelpRequestFactory(status="done")
    login_as("office_staff")
    db.session.commit()  # the view rolls back on refusal
    response = client.post(f"/requests/{req.id}/status", data={"step-target": "submitted"})
    assert response.status_code == 422
    assert "cannot become" in response.get_data(as_text=True)
    assert req.status == "done"


def test_message_thread_reaches_requester(client, login_as, outbox):
    req = HelpRequestFactory(status="in_triage")
    login_as("office_staff")
    client.post(f"/requests/{req.id}/messages", data={"body": "When can we meet?"})
    assert "When can we meet?" in outbox.to(req.requester_email)[-1].body_text


def test_board_sees_request_and_attachment_only_while_under_review(client, login_as, db):
    from office.requests.services import intake

    requester = login_as("department_staff")
    req = intake.submit_request(
        requester, "other", title="x", attachments=[intake.Upload("a.pdf", PDF)]
    )
    db.session.flush()
    login_as("board_member")
    assert client.get(f"/requests/{req.id}").status_code == 404
    assert client.get(f"/requests/files/{req.attachments[0].id}").status_code == 404
    req.status = "board_review"
    db.session.flush()
    page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "a.pdf" in page and "Send message" not in page
    assert client.get(f"/requests/files/{req.attachments[0].id}").status_code == 200
    assert client.post(f"/requests/{req.id}/messages", data={"body": "hi"}).status_code == 403


def test_each_type_asks_only_for_its_own_questions(client, login_as):
    login_as("department_staff")
    process = client.get("/requests/new/process_help").get_data(as_text=True)
    course = client.get("/requests/new/tailor_made_course").get_data(as_text=True)
    assert "What kind of help do you need?" in process and "Who is the course for?" not in process
    assert "Who is the course for?" in course and "Amount requested" not in course
    assert "Your name" not in process  # logged in: no contact questions


def test_private_link_of_public_requester(client, db):
    from office.requests.services import intake

    req = intake.submit_request(intake.Contact("Rita", "rita@example.org"), "other", title="Bench")
    intake.confirm_email(intake.confirm_token(req))
    db.session.flush()
    token = intake.access_token(req)
    assert "Bench" in client.get(f"/requests/r/{token}").get_data(as_text=True)
    assert client.get(f"/requests/r/{token[:-2]}xx").status_code == 404


def test_unconfirmed_public_request_is_not_in_the_queue(client, login_as, db):
    from office.requests.services import intake

    intake.submit_request(
        intake.Contact("Rita", "rita@example.org"), "other", title="Unconfirmed bench"
    )
    login_as("office_staff")
    assert "Unconfirmed bench" not in client.get("/requests/queue?status=all").get_data(
        as_text=True
    )


def test_staff_add_and_remove_a_holiday(client, login_as, db):
    from office.core.models import ClosingDay as Holiday

    login_as("office_staff")
    response = client.post("/requests/holidays", data={"day": "2026-12-24", "name": "Heiligabend"})
    assert response.status_code == 302
    holiday = db.session.query(Holiday).filter_by(name="Heiligabend").one()
    assert "Heiligabend" in client.get("/requests/holidays").get_data(as_text=True)
    client.post(f"/requests/holidays/{holiday.id}/delete")
    assert "Heiligabend" not in client.get("/requests/holidays").get_data(as_text=True)


def test_requester_rating_out_of_range_changes_nothing(client, login_as, db):
    user = login_as("department_staff")
    req = HelpRequestFactory(requester=user, status="done")
    db.session.commit()
    response = client.post(f"/requests/{req.id}/rating", data={"rating": "9"})
    assert response.status_code == 422 and req.rating is None
    assert client.post(f"/requests/{req.id}/rating", data={"rating": "5"}).status_code == 302
    assert req.rating == 5


def test_reopen_after_the_days_is_refused_with_a_message(client, login_as, db):
    from datetime import UTC, datetime, timedelta

    user = login_as("department_staff")
    req = HelpRequestFactory(requester=user, status="done")
    req.closed_at = datetime.now(UTC) - timedelta(days=30)
    db.session.commit()
    response = client.post(f"/requests/{req.id}/reopen", data={"reason": "Still broken"})
    assert response.status_code == 422
    assert "can no longer be reopened" in response.get_data(as_text=True)
    assert req.status == "done"


def test_someone_else_cannot_rate_or_reopen_a_request(client, login_as, db):
    req = HelpRequestFactory(status="done")
    login_as("department_staff")
    assert client.post(f"/requests/{req.id}/rating", data={"rating": "1"}).status_code == 404
    assert client.post(f"/requests/{req.id}/reopen", data={"reason": "x"}).status_code == 404
