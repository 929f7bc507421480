"""Pages as users see them: catalogue, registration, bad input, staff pages, API, CLI."""

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from office.core.clock import local_now
from office.courses.models import Course, CourseRun, Registration
from office.requests.models import HelpRequest
from tests.courses.factories import CourseFactory, RunFactory, fill

BUYER = {
    "organisation": "Aarhus Kommune",
    "routing_id": "5798000020016",
    "billing_street": "Rådhuspladsen 2",
    "billing_postcode": "8000",
    "billing_city": "Aarhus C",
    "billing_country": "DK",
}


def _registrations(db, run):
    return db.session.scalars(sa.select(Registration).where(Registration.run_id == run.id)).all()


def test_catalogue_shows_price_excl_and_incl_vat_and_seats(client, db):
    run = RunFactory(course=CourseFactory(title="Digital participation", capacity=20))
    fill(run, 18)
    html = client.get("/courses/").get_data(as_text=True)
    assert "Digital participation" in html
    assert "€400.00 excl. VAT (€476.00 incl. VAT)" in html
    assert "2 seats left" in html


def test_course_page_in_german(client, db):
    RunFactory(course=CourseFactory(slug="metoder"))
    html = client.get("/courses/metoder", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "400,00\xa0€ zzgl. MwSt. (476,00\xa0€ inkl. MwSt.)" in html
    assert "Das nehmen Sie mit" in html


def test_course_page_in_danish(client, db):
    RunFactory(course=CourseFactory(slug="metoder"))
    html = client.get("/courses/metoder", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert "ekskl. moms" in html and "Det får du" in html


def test_unpublished_course_is_404_for_public_and_visible_to_staff(client, db, login_as):
    CourseFactory(slug="draft", published=False)
    assert client.get("/courses/draft").status_code == 404
    login_as("office_staff")
    assert client.get("/courses/draft").status_code == 200


def test_guest_registration_asks_to_confirm_the_email(client, db, outbox):
    run = RunFactory()
    response = client.post(
        f"/courses/runs/{run.id}/register",
        data={
            "name": "Karen Jensen",
            "email": "karen@aarhus.dk",
            **BUYER,
            "needs": "vegetarian",
        },
        follow_redirects=True,
    )
    assert "please use the link in it to confirm your address" in response.get_data(as_text=True)
    [registration] = _registrations(db, run)
    assert registration.status == "unconfirmed" and registration.needs == "vegetarian"
    body = outbox.to("karen@aarhus.dk")[-1].body_text
    link = next(line for line in body.splitlines() if "/confirm/" in line)
    path = link.replace("http://localhost", "")
    assert "Confirm my address" in client.get(path).get_data(as_text=True)
    assert registration.status == "unconfirmed"  # opening the link confirms nothing
    html = client.post(path, follow_redirects=True).get_data(as_text=True)
    assert "Your seat is booked" in html
    assert registration.status == "confirmed"


def test_guest_form_errors_are_shown(client, db):
    run = RunFactory()
    response = client.post(f"/courses/runs/{run.id}/register", data={"email": "not-an-email"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Please correct the following" in html
    assert _registrations(db, run) == []


def test_staff_registers_in_one_step_and_double_click_makes_one(client, db, login_as):
    user = login_as("department_staff")
    run = RunFactory()
    for _ in range(2):
        response = client.post(f"/courses/runs/{run.id}/register", data={})
        assert response.status_code == 302
    [registration] = _registrations(db, run)
    assert registration.user_id == user.id and registration.status == "confirmed"
    html = client.get("/courses/my").get_data(as_text=True)
    assert run.course.title in html and "seat booked" in html


@pytest.mark.parametrize("case", ["cancelled", "past_deadline", "past", "unpublished", "unknown"])
def test_crafted_post_to_closed_or_unknown_run_stores_nothing(client, db, login_as, case):
    login_as("department_staff")
    run = RunFactory()
    if case == "cancelled":
        run.decision = "cancelled"
    elif case == "past_deadline":
        run.first_day = local_now().date() + timedelta(days=3)
        run.last_day = run.first_day
        run.deadline = local_now() - timedelta(hours=1)
    elif case == "past":
        run.first_day = run.last_day = local_now().date() - timedelta(days=3)
        run.deadline = local_now() - timedelta(days=13)
    elif case == "unpublished":
        run.published = False
    db.session.commit()  # the view rolls back its own work on refusal
    run_id = 999_999 if case == "unknown" else run.id
    response = client.post(f"/courses/runs/{run_id}/register", data={})
    if case in ("unknown", "unpublished"):
        assert response.status_code == 404
    else:
        assert response.status_code == 422
        assert "Registration for this course start is closed." in response.get_data(as_text=True)
    assert _registrations(db, run) == []


def test_cancel_link_cancels_and_promotes_waitlist(client, db, outbox, login_as):
    run = RunFactory(course=CourseFactory(capacity=1, min_participants=1))
    login_as("department_staff", email="first@example.org")
    client.post(f"/courses/runs/{run.id}/register", data={})
    login_as("department_staff", email="second@example.org")
    client.post(f"/courses/runs/{run.id}/register", data={})
    client.get("/")  # new user in session
    link = next(
        line
        for line in outbox.to("first@example.org")[-1].body_text.splitlines()
        if "/cancel/" in line
    ).replace("http://localhost", "")
    assert "Cancelling is free of charge." in client.get(link).get_data(as_text=True)
    client.post(link, data={})
    statuses = {r.email: r.status for r in _registrations(db, run)}
    assert statuses == {"first@example.org": "cancelled", "second@example.org": "confirmed"}
    assert outbox.to("second@example.org")[-1].subject == "A seat has become free for you"
    assert client.get(link[:-3] + "xyz").status_code == 404


RUN_FORM = {
    "first_day": "",
    "start_time": "09:00",
    "end_time": "16:00",
    "capacity": "24",
    "min_participants": "18",
    "lead_days": "10",
    "venue": "Rathaus",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"min_participants": "30"},
            "Die Mindestteilnehmerzahl darf nicht über der Kapazität liegen.",
        ),
        ({"first_day": "PAST"}, "Der Kursbeginn darf nicht in der Vergangenheit liegen."),
        ({"end_time": "08:00"}, "Das Ende darf nicht vor dem Beginn liegen."),
        ({"lead_days": "-2"}, "Bitte geben Sie eine ganze Zahl von 0 bis 365 ein."),
        ({"capacity": "99999999999"}, "Bitte geben Sie eine ganze Zahl von 1 bis 1.000 ein."),
    ],
)
def test_run_form_bad_input_gives_german_errors(client, db, login_as, change, message):
    login_as("office_staff", locale="de")
    course = CourseFactory()
    first = local_now().date() + timedelta(days=40)
    data = {**RUN_FORM, "first_day": first.isoformat(), **change}
    if data["first_day"] == "PAST":
        data["first_day"] = (local_now().date() - timedelta(days=1)).isoformat()
    response = client.post(f"/courses/manage/courses/{course.id}/runs/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CourseRun)) == 0


def test_a_two_day_course_runs_on_two_dates_a_friday_and_a_monday(client, db, login_as):
    login_as("office_staff")
    course = CourseFactory(duration_days=2, price_basis="day")
    friday = local_now().date() + timedelta(days=40)
    friday += timedelta(days=(4 - friday.weekday()) % 7)
    monday = friday + timedelta(days=3)
    form = client.get(f"/courses/manage/courses/{course.id}/runs/new").get_data(as_text=True)
    assert 'name="first_day"' in form and 'name="day_2"' in form and 'name="day_3"' not in form
    data = {**RUN_FORM, "first_day": friday.isoformat(), "day_2": monday.isoformat()}
    assert client.post(f"/courses/manage/courses/{course.id}/runs/new", data=data).status_code == 302
    run = db.session.scalar(sa.select(CourseRun))
    assert run.days == [friday, monday] and run.price_excl_vat == Decimal("800.00")
    # the same date twice is refused (no 1-day run at half the price)
    data["day_2"] = friday.isoformat()
    response = client.post(f"/courses/manage/courses/{course.id}/runs/new", data=data)
    assert response.status_code == 422 and "Each date can be given once only." in response.get_data(as_text=True)  # noqa: E501
    # editing and saving unchanged works (no TypeError in the schedule check)
    edit = f"/courses/manage/runs/{run.id}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert friday.isoformat() in page and monday.isoformat() in page
    unchanged = {**data, "day_2": monday.isoformat()}
    assert client.post(edit, data=unchanged).status_code == 302


def test_course_form_refuses_negative_price(client, db, login_as):
    login_as("office_staff", locale="da")
    response = client.post(
        "/courses/manage/courses/new",
        data={
            "title": "Test",
            "slug": "test",
            "summary": "S",
            "format": "in_person",
            "duration_days": "1",
            "daily_start": "09:00",
            "daily_end": "16:00",
            "price": "-5",
            "price_basis": "course",
            "min_participants": "18",
            "capacity": "24",
            "lead_days": "10",
        },
    )
    assert response.status_code == 422
    assert "Prisen kan ikke være negativ." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0


def test_staff_creates_run_and_sees_coming_decision(client, db, login_as):
    login_as("office_staff")
    course = CourseFactory()
    first = local_now().date() + timedelta(days=40)
    response = client.post(
        f"/courses/manage/courses/{course.id}/runs/new",
        data={**RUN_FORM, "first_day": first.isoformat(), "published": "y"},
    )
    assert response.status_code == 302
    run = db.session.scalar(sa.select(CourseRun))
    fill(run, 17)
    html = client.get(f"/courses/manage/runs/{run.id}").get_data(as_text=True)
    assert "cancelled unless 1 more register (17 of at least 18)" in html


def test_staff_pages_refuse_department_staff(client, db, login_as):
    login_as("department_staff")
    run = RunFactory()
    for path in ("/courses/manage/", f"/courses/manage/runs/{run.id}", "/courses/manage/invoices"):
        assert client.get(path).status_code == 403


def test_staff_documents(client, db, login_as):
    login_as("office_staff")
    run = RunFactory(decision="confirmed")
    [first, second] = fill(run, 2)
    first.attended = True
    first.name = "Søren Ærø"
    db.session.flush()
    csv = client.get(f"/courses/manage/runs/{run.id}/participants.csv")
    assert csv.mimetype == "text/csv" and "Søren Ærø" in csv.get_data(as_text=True)
    pdf = client.get(f"/courses/manage/runs/{run.id}/certificates.pdf")
    assert pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    start = run.first_day.isoformat()
    invoice = client.get(f"/courses/manage/invoices?start={start}&end={start}&format=csv")
    assert "800.00,152.00,952.00,EUR" in invoice.get_data(as_text=True)
    programme = client.get("/courses/programme.pdf")
    assert programme.data.startswith(b"%PDF")


def test_staff_email_to_participants_is_queued(client, db, login_as, outbox):
    login_as("office_staff")
    run = RunFactory()
    [person] = fill(run, 1)
    data = {"subject": "Room change", "body": "We meet in room 2."}
    step = client.post(f"/courses/manage/runs/{run.id}/email", data=data)
    assert "This email goes to 1 participants." in step.get_data(as_text=True)
    assert outbox.to(person.email) == []  # nothing is sent before the confirmation
    client.post(f"/courses/manage/runs/{run.id}/email", data={**data, "confirmed": "yes"})
    assert outbox.to(person.email)[-1].subject == "Room change"


def test_interest_form_and_tailor_made_request(client, db):
    course = CourseFactory(slug="digital")
    response = client.post(
        "/courses/digital/interest",
        data={"name": "Ida", "email": "ida@example.org", "consent": "y"},
        follow_redirects=True,
    )
    assert "Please confirm your address with the link we have emailed to you" in response.get_data(
        as_text=True
    )
    client.post(
        "/courses/tailor-made",
        data={
            "name": "Lars",
            "email": "lars@example.org",
            "organisation": "Odense Kommune",
            "format": "online",
            "message": "Methods for our planners",
        },
    )
    # the request goes into the help-request intake, waiting for email confirmation
    help_request = db.session.scalar(sa.select(HelpRequest))
    assert help_request.type == "tailor_made_course"
    assert help_request.requester_organisation == "Odense Kommune"
    assert "Methods for our planners" in help_request.description
    assert help_request.email_confirmed_at is None
    assert course.id


def test_logged_in_tailor_made_request_lands_in_the_staff_queue(client, db, login_as):
    user = login_as("department_staff")
    response = client.post(
        "/courses/tailor-made",
        data={"participants": "25", "format": "in_person", "message": "A day on citizens' panels"},
    )
    help_request = db.session.scalar(sa.select(HelpRequest))
    assert response.headers["Location"] == f"/requests/{help_request.id}"
    assert help_request.requester_id == user.id
    assert help_request.details["participants"] == "25"
    assert help_request.email_confirmed_at is not None
    staff = login_as("office_staff")
    assert staff
    queue = client.get("/courses/manage/tailor-made", follow_redirects=True)
    assert f'href="/requests/{help_request.id}"' in queue.get_data(as_text=True)


def test_open_data_api_and_openapi(client, db):
    run = RunFactory(course=CourseFactory(min_participants=18, capacity=20))
    fill(run, 5)
    data = client.get("/api/v1/courses").get_json()
    [course] = data["courses"]
    [run_json] = course["runs"]
    assert run_json["seats_left"] == 15 and run_json["status"] == "open"
    assert run_json["price_excl_vat"] == "400.00" and run_json["price_incl_vat"] == "476.00"
    assert run_json["days"][0]["start"].endswith(("+01:00", "+02:00"))
    assert data["currency"] == "EUR"
    spec = client.get("/api/openapi.json").get_json()
    assert "/api/v1/courses" in spec["paths"]
    assert "CourseRun" in spec["components"]["schemas"]


def test_run_ics(client, db):
    run = RunFactory(course=CourseFactory(duration_days=2))
    response = client.get(f"/courses/runs/{run.id}.ics")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/calendar" and body.count("BEGIN:VEVENT") == 2
    assert "secret-room" not in body  # the online link is for confirmed participants only


def test_calendar_source_lists_runs(db):
    from office.core.registry import CALENDAR_SOURCES

    run = RunFactory()
    start = run.starts_at - timedelta(days=1)
    entries = list(CALENDAR_SOURCES["course"](start, start + timedelta(days=3), {}))
    assert [e.title for e in entries] == [run.course.title]


def test_cli_decide_dry_run_and_real(app, db):
    run = RunFactory(first_day=local_now().date() + timedelta(days=2))
    fill(run, 3)
    db.session.commit()  # the command's own commits and rollbacks must not undo the setup
    runner = app.test_cli_runner()
    result = runner.invoke(args=["courses", "decide", "--dry-run"])
    assert "would be cancelled" in result.output and result.exit_code == 0
    assert run.decision is None
    result = runner.invoke(args=["courses", "decide"])
    assert "1 run(s) decided" in result.output
    db.session.refresh(run)
    assert run.decision == "cancelled"
    result = runner.invoke(args=["courses", "decide"])
    assert "0 run(s) decided" in result.output


def test_registration_outcome_page_is_only_for_the_person_who_registered(client, db, app):
    [registration] = fill(RunFactory(), 1)
    assert client.get(f"/courses/registrations/{registration.id}").status_code == 404


def test_run_confirmed_early_by_staff_still_takes_registrations(client, db, login_as):
    run = RunFactory(decision="confirmed")
    db.session.commit()
    login_as("department_staff")
    html = client.get("/courses/" + run.course.slug).get_data(as_text=True)
    assert f"/courses/runs/{run.id}/register" in html and "takes place" in html
    assert client.post(f"/courses/runs/{run.id}/register", data={}).status_code == 302
    assert [r.status for r in _registrations(db, run)] == ["confirmed"]


def test_someone_elses_registration_is_404(client, db, login_as):
    [other] = fill(RunFactory(), 1)
    db.session.commit()
    login_as("department_staff")
    assert client.get(f"/courses/my/{other.id}/cancel").status_code == 404
    assert client.post(f"/courses/my/{other.id}/cancel", data={}).status_code == 404
    assert other.status == "confirmed"


def test_feedback_link_and_published_quote_on_course_page(client, db, login_as):
    from office.courses.services import tokens

    run = RunFactory(decision="held")
    [attendee] = fill(run, 1)
    attendee.attended = True
    db.session.commit()
    token = tokens.make("course-feedback", attendee.id, attendee.email)
    response = client.post(
        f"/courses/feedback/{token}", data={"rating": "5", "comment": "Gave me a good overview"}
    )
    assert "Thank you for your feedback." in response.get_data(as_text=True)
    login_as("office_staff")
    page = client.get(f"/courses/manage/courses/{run.course_id}/feedback").get_data(as_text=True)
    assert "Average rating: 5 of 5 (1 answer)" in page
    feedback_id = db.session.scalar(sa.text("SELECT id FROM course_feedback"))
    client.post(
        f"/courses/manage/courses/{run.course_id}/feedback", data={"published": str(feedback_id)}
    )
    html = client.get(f"/courses/{run.course.slug}").get_data(as_text=True)
    assert "What participants said" in html and "Gave me a good overview" in html
