"""Running the programme for a year (#15): corrections and substitutes, past runs, the interest
list, validation, confirmation steps, erasure, cancellation terms."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from office.core.clock import local_now, utcnow
from office.core.registry import PERSONAL_DATA
from office.courses.models import Course, CourseRun, InterestEntry, Registration, RegistrationChange
from office.courses.services import booking, tokens
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory, fill


def _link(outbox, address, part):
    body = outbox.to(address)[-1].body_text
    return next(line for line in body.splitlines() if part in line).replace("http://localhost", "")


# --- 1. corrections and substitutes ----------------------------------------------------------


def test_staff_correct_a_registration_and_the_change_is_logged(client, db, login_as):
    staff = login_as("office_staff")
    run = RunFactory(decision="confirmed")
    [person] = fill(run, 1)
    page = client.get(f"/courses/manage/registrations/{person.id}/correct")
    assert page.status_code == 200
    data = {
        "name": "Karen Jensen", "email": person.email, "organisation": "Aarhus Kommune",
        "department": "Borgerservice", "routing_id": "5798000417410", "billing_reference": "",
        "billing_street": "Rådhuspladsen 2", "billing_postcode": "8000",
        "billing_city": "Aarhus C", "billing_country": "DK",
    }  # fmt: skip
    bad = client.post(f"/courses/manage/registrations/{person.id}/correct", data={**data, "routing_id": "5798000417411"})  # noqa: E501
    assert bad.status_code == 422 and "neither a valid Leitweg-ID nor a valid EAN" in bad.get_data(as_text=True)  # noqa: E501
    old_name = person.name
    response = client.post(f"/courses/manage/registrations/{person.id}/correct", data=data)
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.name == "Karen Jensen" and person.routing_id == "5798000417410"
    [change] = db.session.scalars(sa.select(RegistrationChange)).all()
    assert change.actor_id == staff.id and change.kind == "correction"
    assert change.changes["name"] == [old_name, "Karen Jensen"]
    run_page = client.get(f"/courses/manage/runs/{run.id}").get_data(as_text=True)
    assert f"{old_name} → Karen Jensen" in run_page


def test_a_colleague_takes_over_the_seat_after_the_deadline_without_a_fee(client, db, outbox):
    run = RunFactory(lead_days=10, first_day=local_now().date() + timedelta(days=3))
    run.deadline = utcnow() - timedelta(hours=1)  # registration closed
    [person] = fill(run, 1)
    person.locale = "da"
    db.session.commit()
    cancel_link = "/courses/registrations/cancel/" + tokens.make("course-cancel", person.id, person.email)  # noqa: E501
    page = client.get(cancel_link).get_data(as_text=True)
    assert "A colleague can come instead" in page and "cancelling now costs" in page
    substitute = "/courses/registrations/substitute/" + tokens.make("course-cancel", person.id, person.email)  # noqa: E501
    data = {"name": "Søren Kollega", "email": "Soeren@Aarhus.dk", "department": "", "locale": "de"}
    step = client.post(substitute, data=data)
    assert "seat goes to Søren Kollega" in step.get_data(as_text=True)
    assert outbox.to("soeren@aarhus.dk") == []  # nothing before the confirmation
    old_email = person.email
    assert client.post(substitute, data={**data, "confirmed": "yes"}).status_code == 302
    db.session.refresh(person)
    assert (person.name, person.email, person.status, person.seat_number) == (
        "Søren Kollega", "soeren@aarhus.dk", "confirmed", 1)
    assert person.price == Decimal("400.00") and not person.late_cancellation
    assert outbox.to(old_email)[-1].subject == "Dit kursussæde er overdraget"  # in Danish
    assert outbox.to("soeren@aarhus.dk")[-1].subject == "Ein Kollege hat Ihnen einen Kursplatz überlassen"  # noqa: E501
    assert client.get(cancel_link).status_code == 404  # the old link no longer works


def test_substitution_is_refused_after_the_start(db):
    from office.core.errors import DomainError
    from office.courses.services import registrations

    run = RunFactory(decision="confirmed")
    [person] = fill(run, 1)
    with pytest.raises(DomainError, match="up to the start"):
        registrations.substitute(
            person, registrations.Colleague("A", "a@example.org"), None, run.starts_at
        )


def test_certificates_and_invoice_basis_use_the_corrected_name(client, db, login_as):
    login_as("office_staff")
    run = RunFactory(decision="confirmed")
    [person] = fill(run, 1)
    person.attended = True
    db.session.commit()
    client.post(
        f"/courses/manage/registrations/{person.id}/correct",
        data={"name": "Corrected Name", "email": person.email, "organisation": "Odense Kommune",
              "billing_country": ""},
    )  # fmt: skip
    basis = client.get(f"/courses/manage/runs/{run.id}/invoice.csv").get_data(as_text=True)
    assert "Odense Kommune" in basis and "Corrected Name" in basis


# --- 2. runs over time --------------------------------------------------------------------------


def test_last_years_run_is_found_by_year_course_and_status(client, db, login_as):
    login_as("office_staff")
    course = CourseFactory(title="Borgerting")
    old = local_now().date().replace(month=3, day=10) - timedelta(days=365)
    run = RunFactory(course=course, first_day=old, decision="held")
    RunFactory(course=course)  # a coming one
    assert f"/courses/manage/runs/{run.id}\"" not in client.get("/courses/manage/").get_data(as_text=True)  # noqa: E501
    found = client.get(f"/courses/manage/?year={old.year}&course={course.id}&status=held")
    assert f"/courses/manage/runs/{run.id}\"" in found.get_data(as_text=True)
    other = client.get(f"/courses/manage/?year={old.year}&status=cancelled").get_data(as_text=True)
    assert f"/courses/manage/runs/{run.id}\"" not in other
    documents = client.get(f"/courses/manage/runs/{run.id}").get_data(as_text=True)
    assert "certificates.pdf" in documents and "invoice.csv" in documents


# --- 3. the interest list -------------------------------------------------------------------


def test_interest_list_double_opt_in_staff_list_and_csv(client, db, outbox, login_as):
    course = CourseFactory(slug="borgerting")
    client.post("/courses/borgerting/interest", data={"name": "Ida", "email": "ida@example.org", "consent": "y"})  # noqa: E501
    client.post("/courses/borgerting/interest", data={"name": "X", "email": "victim@example.org", "consent": "y"})  # noqa: E501
    confirm = _link(outbox, "ida@example.org", "/interest/confirm/")
    assert "Thank you." in client.post(confirm).get_data(as_text=True)
    login_as("office_staff")
    assert ">1<" in client.get("/courses/manage/").get_data(as_text=True).replace(" ", "")
    listing = client.get(f"/courses/manage/courses/{course.id}/interest").get_data(as_text=True)
    assert "ida@example.org" in listing and "victim@example.org" not in listing
    csv = client.get(f"/courses/manage/courses/{course.id}/interest.csv").get_data(as_text=True)
    assert "ida@example.org" in csv and "victim" not in csv
    # unconfirmed addresses leave the list after 7 days (the cron command)
    from office.courses.services.decisions import close_out

    close_out(utcnow() + timedelta(days=8))
    emails = db.session.scalars(sa.select(InterestEntry.email)).all()
    assert emails == ["ida@example.org"]


def test_interest_button_when_the_only_run_was_cancelled(client, db):
    run = RunFactory(decision="cancelled")
    html = client.get(f"/courses/{run.course.slug}").get_data(as_text=True)
    assert f"/courses/{run.course.slug}/interest" in html
    catalogue = client.get("/courses/").get_data(as_text=True)
    assert f"/courses/{run.course.slug}/interest" in catalogue


# --- 4. validation ------------------------------------------------------------------------------

COURSE = {
    "title": "Borgerting", "slug": "borgerting", "summary": "S", "format": "in_person",
    "duration_days": "2", "daily_start": "09:00", "daily_end": "16:00", "price": "400",
    "price_basis": "day", "min_participants": "18", "capacity": "24", "lead_days": "10",
    "free_cancellation_days": "10", "cancellation_fee_percent": "100",
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "Bürger Räte!"}, "Please use lower-case letters a-z, digits and single hyphens only."),  # noqa: E501
        ({"price": "NaN"}, "Please enter an amount from 0 to 100,000."),
        ({"price": "Infinity"}, "Please enter an amount from 0 to 100,000."),
        ({"price": "99999999999"}, "Please enter an amount from 0 to 100,000."),
        ({"price": "-1"}, "The price cannot be negative."),
        ({"capacity": "100000"}, "Please enter a whole number from 1 to 1,000."),
        ({"lead_days": "9999999999999"}, "Please enter a whole number from 0 to 365."),
        ({"cancellation_fee_percent": "101"}, "Please enter a whole number from 0 to 100."),
        ({"duration_days": "0"}, "Please enter a whole number from 1 to 30."),
    ],
)
def test_course_form_bounds_every_field(client, db, login_as, change, message):
    login_as("office_staff")
    response = client.post("/courses/manage/courses/new", data={**COURSE, **change})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0


def test_a_slug_in_use_is_a_form_error_not_a_500(client, db, login_as):
    login_as("office_staff")
    CourseFactory(slug="borgerting")
    response = client.post("/courses/manage/courses/new", data=COURSE)
    assert response.status_code == 422
    assert "This address is in use already." in response.get_data(as_text=True)


# --- 5. confirmation steps ----------------------------------------------------------------------


def test_cancelling_a_participant_deleting_a_run_and_deciding_ask_first(client, db, login_as, outbox):  # noqa: E501
    login_as("office_staff")
    run = RunFactory()
    [person] = fill(run, 1)
    page = client.get(f"/courses/manage/registrations/{person.id}/cancel").get_data(as_text=True)
    assert "is cancelled and they are emailed" in page and person.status == "confirmed"
    client.post(f"/courses/manage/registrations/{person.id}/cancel", data={"confirmed": "yes"})
    assert db.session.get(Registration, person.id).status == "cancelled"
    decision = {"action": "cancel", "reason": "Too few"}
    step = client.post(f"/courses/manage/runs/{run.id}/decision", data=decision)
    assert "The course start is cancelled and 0 people are emailed." in step.get_data(as_text=True)
    assert db.session.get(CourseRun, run.id).decision is None
    empty = RunFactory()
    assert "is deleted for good" in client.get(f"/courses/manage/runs/{empty.id}/delete").get_data(as_text=True)  # noqa: E501
    client.post(f"/courses/manage/runs/{empty.id}/delete", data={"confirmed": "yes"})
    assert db.session.get(CourseRun, empty.id) is None


# --- 6. erasure and privacy ---------------------------------------------------------------------


def test_erasure_first_gives_up_future_bookings_and_promotes_the_waitlist(db, outbox):
    run = RunFactory(course=CourseFactory(capacity=1, min_participants=1))
    [person] = fill(run, 1)
    [waiting] = fill(run, 1, status="waitlisted")
    waiting.waitlisted_at = utcnow()
    db.session.flush()
    assert PERSONAL_DATA["courses"].erase(person.email) == 2  # cancelled, then anonymised
    db.session.refresh(person)
    db.session.refresh(waiting)
    assert person.status == "cancelled" and person.name == "erased"
    assert not person.late_cancellation and person.cancellation_fee is None  # not billed
    assert waiting.status == "confirmed"
    assert outbox.to(waiting.email)[-1].subject == "A seat has become free for you"


def test_a_guest_reusing_a_booked_address_gets_a_mail_not_the_booking_page(client, db, outbox):
    run = RunFactory()
    [other] = fill(run, 1)
    other.created_at = utcnow() - timedelta(days=1)
    db.session.commit()
    data = {"name": "Mallory", "email": other.email, "organisation": "X", "billing_street": "S 1",
            "billing_postcode": "1", "billing_city": "C", "billing_country": "DK"}  # fmt: skip
    response = client.post(f"/courses/runs/{run.id}/register", data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "We have sent an email about this registration" in html
    assert other.name not in html and f"/registrations/{other.id}" not in html
    assert outbox.to(other.email)[-1].subject == "Your seat is booked"


# --- 7. cancellation terms ----------------------------------------------------------------------


def test_cancellation_terms_shown_before_booking_and_the_fee_applied_and_billed(
    client, db, login_as
):
    course = CourseFactory(free_cancellation_days=14, cancellation_fee_percent=50)
    run = RunFactory(course=course, first_day=local_now().date() + timedelta(days=12))
    run.decision = "confirmed"
    register = client.get(f"/courses/runs/{run.id}/register").get_data(as_text=True)
    assert re.search(r"after that, 50\s*% of the price is charged", register)
    user = login_as("department_staff")
    registration = RegistrationFactory(run=run, seat_number=1, email=user.email, user_id=user.id)
    db.session.commit()
    page = client.get(f"/courses/my/{registration.id}/cancel").get_data(as_text=True)
    assert "cancelling now costs €200.00" in page
    client.post(f"/courses/my/{registration.id}/cancel", data={})
    db.session.refresh(registration)
    assert registration.cancellation_fee == Decimal("200.00") and registration.late_cancellation
    login_as("office_staff")
    basis = client.get(f"/courses/manage/runs/{run.id}/invoice.csv").get_data(as_text=True)
    assert "200.00,200.00,38.00,238.00,EUR" in basis


def test_booking_service_keeps_the_price_on_substitution(db):
    run = RunFactory()
    [person] = fill(run, 1)
    fee = booking.cancellation_fee(person, run, utcnow())
    assert fee == Decimal("0.00")


def test_the_erasure_page_says_which_future_bookings_are_given_up(client, db, login_as):
    from tests.contacts.factories import PersonFactory

    run = RunFactory(course=CourseFactory(title="Borgerting"))
    [booked] = fill(run, 1)
    person = PersonFactory(email=booked.email)
    db.session.commit()
    login_as("office_staff")
    page = client.get(f"/contacts/people/{person.id}/erase").get_data(as_text=True)
    assert "Erasing also does this:" in page
    day = run.first_day
    assert f"The place on Borgerting ({day.day} {day:%b %Y}) is cancelled" in page
