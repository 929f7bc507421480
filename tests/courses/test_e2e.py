"""In a real browser, with axe-core on every page: book, cancel, waitlist promotion; guest flow."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from office.core.db import write_intent
from office.core.models import OutboxMessage
from tests.conftest import a11y
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory, fill
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


def _log_in(page, url, email):
    page.goto(url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("You are logged in.")).to_be_visible()
    a11y(page)


def _mail_to(db, address):
    db.session.rollback()
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient == address)
        .order_by(OutboxMessage.id)
    ).all()


def test_department_user_books_cancels_and_waitlist_is_promoted(page, live_server, committed_db):
    db = committed_db
    UserFactory(email="dana@example.org", name="Dana Fachbereich", roles=["department_staff"])
    UserFactory(email="sven@example.org", name="Sven Stab", roles=["office_staff"])
    course = CourseFactory(
        title="Methoden der Beteiligung", slug="methoden", capacity=2, min_participants=1
    )
    run = RunFactory(course=course)
    fill(run, 1)
    db.session.commit()
    run_id = run.id

    _log_in(page, live_server.url, "dana@example.org")
    page.get_by_role("link", name="Courses", exact=True).first.click()
    expect(page.get_by_role("heading", name="Training courses")).to_be_visible()
    a11y(page)
    page.get_by_role("link", name="Methoden der Beteiligung").click()
    expect(page.locator("td.num").first).to_have_text("1")  # seats left
    a11y(page)
    page.get_by_role("link", name="Register").first.click()
    a11y(page)
    page.get_by_role("button", name="Book my seat").click()
    expect(page.get_by_text("Your seat is booked.")).to_be_visible()
    a11y(page)

    # the run is full now; someone else joins the waiting list
    db.session.rollback()  # leave the test's older read snapshot before writing
    with write_intent():
        RegistrationFactory(
            run=db.session.get(type(run), run_id),
            status="waitlisted",
            seat_number=None,
            name="Wilma Warteliste",
            email="wilma@example.org",
        )
        db.session.commit()

    page.get_by_role("link", name="My courses").first.click()
    expect(page.get_by_role("cell", name="seat booked")).to_be_visible()
    a11y(page)
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_text("Cancelling is free of charge.")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    a11y(page)

    # Wilma moved up and was emailed
    assert [m.subject for m in _mail_to(db, "wilma@example.org")] == [
        "A seat has become free for you"
    ]

    page.get_by_role("button", name="Log out").click()
    a11y(page)
    _log_in(page, live_server.url, "sven@example.org")
    page.goto(f"{live_server.url}/courses/manage/runs/{run_id}")
    row = page.get_by_role("row").filter(has_text="Wilma Warteliste")
    expect(row).to_contain_text("moved up from the waiting list")
    a11y(page)


def test_guest_registers_and_confirms_by_email_link(page, live_server, committed_db):
    db = committed_db
    course = CourseFactory(title="Digital inddragelse", slug="digital", capacity=20)
    fill(RunFactory(course=course), 10)
    db.session.commit()

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/courses/digital")
    a11y(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scrolling
    page.get_by_role("link", name="Register").first.click()
    a11y(page)
    page.get_by_role("button", name="Register").click()  # empty form: errors
    expect(page.locator(".error-summary")).to_be_focused()
    a11y(page)
    page.get_by_label("Name").fill("Karen Jensen")
    page.get_by_label("Email address").fill("karen@aarhus.dk")
    page.get_by_label("Organisation").fill("Aarhus Kommune")
    page.get_by_label("Leitweg-ID or EAN (GLN)").fill("5798000020017")  # a wrong check digit
    page.get_by_label("Street and number").fill("Rådhuspladsen 2")
    page.get_by_label("Postcode").fill("8000")
    page.get_by_label("City").fill("Aarhus C")
    page.get_by_label("Country").select_option("DK")
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".error-summary")).to_contain_text("neither a valid Leitweg-ID")
    a11y(page)
    page.get_by_label("Leitweg-ID or EAN (GLN)").fill("5798000020016")
    page.get_by_label("Accessibility or dietary needs").fill("Vegetarian lunch")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("please use the link in it to confirm your address")).to_be_visible()
    a11y(page)

    [mail] = _mail_to(db, "karen@aarhus.dk")
    link = next(line for line in mail.body_text.splitlines() if "/confirm/" in line)
    page.goto(link.replace("http://localhost", live_server.url))
    a11y(page)  # opening the link confirms nothing: a page with a button
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_text("Your seat is booked.")).to_be_visible()
    a11y(page)


def test_staff_adds_a_course_start_with_a_form_error_first(page, live_server, committed_db):
    from datetime import timedelta

    from office.core.clock import local_now

    db = committed_db
    UserFactory(email="sven@example.org", name="Sven Stab", roles=["office_staff"])
    CourseFactory(title="Kom godt i gang", slug="kom-godt", capacity=24, min_participants=18)
    db.session.commit()

    _log_in(page, live_server.url, "sven@example.org")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Manage courses"
    ).click()
    expect(page.get_by_role("heading", name="Manage courses")).to_be_visible()
    a11y(page)
    row = page.get_by_role("row").filter(has_text="Kom godt i gang")
    row.get_by_role("link", name="New course start").click()
    a11y(page)
    first_day = (local_now().date() + timedelta(days=45)).isoformat()
    page.locator("#first_day").fill(first_day)
    page.get_by_label("Minimum participants").fill("30")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "The minimum number of participants cannot be above the capacity."
    )
    a11y(page)
    page.get_by_label("Minimum participants").fill("18")
    page.get_by_label("Place", exact=True).fill("Rådhuset, mødelokale 2")
    page.get_by_label("Published").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The course start is saved.")).to_be_visible()
    expect(page.get_by_text("cancelled unless 18 more register")).to_be_visible()
    a11y(page)
