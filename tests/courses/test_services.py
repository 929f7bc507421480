"""Booking, waitlist, decisions, packages and staff operations against the database."""

import base64
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from office.core.clock import local_now, utcnow
from office.core.errors import DomainError, NotFound
from office.courses import documents
from office.courses.models import InterestEntry, Package, Registration
from office.courses.services import booking, catalogue, decisions, interest, packages, staff
from office.courses.services.booking import Applicant
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory, fill


def person(n=1, **kw):
    return Applicant(
        name=f"Person {n}",
        email=f"Person{n}@Example.org",
        organisation="Region Hovedstaden",
        billing_reference="5798000417410",
        **kw,
    )


def statuses(run, db):
    return dict(
        db.session.execute(
            sa.select(Registration.email, Registration.status).where(Registration.run_id == run.id)
        ).all()
    )


def test_book_seat_confirms_and_freezes_price(db, outbox):
    run = RunFactory(course=CourseFactory(price=Decimal("400")))
    registration = booking.book_seat(run.id, person(), utcnow(), email_confirmed=True)
    run.course.price = Decimal("999")
    db.session.flush()
    db.session.refresh(registration)
    assert registration.status == "confirmed" and registration.seat_number == 1
    assert registration.email == "person1@example.org"
    assert registration.price == Decimal("400.00")
    assert registration.total == Decimal("476.00")
    mail = outbox.to("person1@example.org")[-1]
    assert mail.subject == "Your seat is booked"
    assert "/courses/registrations/cancel/" in mail.body_text


def test_two_day_workshop_priced_per_day(db):
    course = CourseFactory(duration_days=2, price=Decimal("3000"), price_basis="day")
    run = RunFactory(course=course)
    registration = booking.book_seat(run.id, person(), utcnow(), email_confirmed=True)
    assert registration.price == Decimal("6000.00")


def test_same_email_in_other_case_makes_one_registration(db):
    run = RunFactory()
    first = booking.book_seat(run.id, person(), utcnow(), email_confirmed=True)
    again = booking.book_seat(
        run.id, Applicant(name="P", email=" PERSON1@example.ORG "), utcnow(), email_confirmed=True
    )
    assert again.id == first.id
    assert len(statuses(run, db)) == 1


def test_full_run_waitlists_and_cancellation_promotes_first_in_line(db, outbox):
    run = RunFactory(course=CourseFactory(capacity=2, min_participants=1))
    seated = [booking.book_seat(run.id, person(i), utcnow(), email_confirmed=True) for i in (1, 2)]
    first = booking.book_seat(run.id, person(3), utcnow(), email_confirmed=True)
    second = booking.book_seat(run.id, person(4), utcnow(), email_confirmed=True)
    assert (first.status, second.status) == ("waitlisted", "waitlisted")
    promoted = booking.cancel_registration(seated[0], utcnow())
    assert promoted == [first]
    assert first.status == "confirmed" and first.seat_number == 1
    assert second.status == "waitlisted"
    assert seated[0].late_cancellation is False
    assert outbox.to("person3@example.org")[-1].subject == "A seat has become free for you"


def test_newcomer_joins_waitlist_while_anyone_waits(db):
    run = RunFactory(course=CourseFactory(capacity=1, min_participants=1))
    fill(run, 1)
    fill(run, 1, status="waitlisted")
    newcomer = booking.book_seat(run.id, person(9), utcnow(), email_confirmed=True)
    assert newcomer.status == "waitlisted"


def test_cancel_after_deadline_records_late_cancellation_and_promotes_nobody(db):
    run = RunFactory(course=CourseFactory(capacity=1, min_participants=1))
    seated = booking.book_seat(run.id, person(1), utcnow(), email_confirmed=True)
    waiting = booking.book_seat(run.id, person(2), utcnow(), email_confirmed=True)
    after = run.deadline + timedelta(seconds=1)
    assert booking.cancel_registration(seated, after) == []
    assert seated.late_cancellation is True
    assert waiting.status == "waitlisted"


@pytest.mark.parametrize("case", ["past_deadline", "cancelled", "held"])
def test_closed_runs_refuse_registration_and_store_nothing(db, case):
    run = RunFactory()
    now = utcnow()
    if case == "past_deadline":
        now = run.deadline
    else:
        run.decision = case
    db.session.flush()
    with pytest.raises(booking.RegistrationClosed):
        booking.book_seat(run.id, person(), now, email_confirmed=True)
    assert statuses(run, db) == {}


def test_unpublished_or_unknown_run_is_not_found(db):
    run = RunFactory(published=False)
    for run_id in (run.id, 999_999):
        with pytest.raises(NotFound):
            booking.book_seat(run_id, person(), utcnow(), email_confirmed=True)


def test_guest_holds_no_seat_until_the_email_link_is_used(db, outbox):
    run = RunFactory(course=CourseFactory(capacity=1, min_participants=1))
    guest = booking.book_seat(run.id, person(1), utcnow(), email_confirmed=False)
    assert guest.status == "unconfirmed" and guest.seat_number is None
    staff_member = booking.book_seat(run.id, person(2), utcnow(), email_confirmed=True)
    assert staff_member.status == "confirmed"  # the unconfirmed guest did not block the seat
    link = next(
        line
        for line in outbox.to("person1@example.org")[-1].body_text.splitlines()
        if "/confirm/" in line
    )
    token = link.rsplit("/", 1)[1]
    confirmed = booking.confirm_guest_email(token, utcnow())
    assert confirmed.status == "waitlisted"
    assert booking.confirm_guest_email(token, utcnow()).id == confirmed.id  # link used twice
    with pytest.raises(NotFound):
        booking.confirm_guest_email(token + "x", utcnow())


def test_database_refuses_seat_beyond_capacity_and_double_seat(db):
    run = RunFactory(course=CourseFactory(capacity=2, min_participants=1))
    RegistrationFactory(run=run, seat_number=1)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        RegistrationFactory(run=run, seat_number=3)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        RegistrationFactory(run=run, seat_number=1)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        RegistrationFactory(run=run, seat_number=None, status="confirmed")


def _decide_all(now):
    return decisions.decide_due_runs(now)


def test_decide_with_17_of_18_cancels_and_moves_everyone_to_interest_list(db, outbox):
    run = RunFactory()
    people = fill(run, 17) + fill(run, 1, status="waitlisted")
    outcomes = _decide_all(run.deadline)
    assert [(o.run_id, o.decision, o.confirmed) for o in outcomes] == [(run.id, "cancelled", 17)]
    assert run.decision == "cancelled"
    listed = set(
        db.session.scalars(
            sa.select(InterestEntry.email).where(InterestEntry.course_id == run.course_id)
        )
    )
    assert listed == {p.email for p in people}
    assert outbox.to(people[0].email)[-1].subject.startswith("Course start cancelled")
    assert _decide_all(run.deadline + timedelta(hours=1)) == []  # idempotent


def test_decide_with_18_confirms_and_sends_ics(db, outbox):
    run = RunFactory()
    people = fill(run, 18)
    assert _decide_all(run.deadline - timedelta(seconds=1)) == []  # not due yet
    [outcome] = _decide_all(run.deadline)
    assert outcome.decision == "confirmed" and run.decision == "confirmed"
    mail = outbox.to(people[0].email)[-1]
    [attachment] = mail.attachments
    assert attachment["content_type"] == "text/calendar"
    ics = base64.b64decode(attachment["data"]).decode().replace("\r\n ", "")  # unfolded
    assert "BEGIN:VEVENT" in ics and "meet.example.org/secret-room" in ics
    assert "meet.example.org/secret-room" in mail.body_text


def test_decide_dry_run_changes_nothing(db, outbox):
    run = RunFactory()
    fill(run, 3)
    before = len(outbox.messages)
    [outcome] = decisions.decide_due_runs(run.deadline, dry_run=True)
    assert outcome.decision == "cancelled"
    assert run.decision is None and len(outbox.messages) == before


def test_staff_override_holds_run_with_recorded_reason(db, login_as):
    actor = login_as("office_staff")
    run = RunFactory()
    fill(run, 5)
    with pytest.raises(DomainError):
        decisions.override_decision(run, "hold", "  ", actor, utcnow())
    decisions.override_decision(run, "hold", "Pilot group from the region", actor, utcnow())
    assert run.decision == "confirmed" and run.decision_reason == "Pilot group from the region"
    assert run.decided_by_id == actor.id
    assert _decide_all(run.deadline) == []


def test_package_is_all_or_nothing_and_names_the_full_run(db):
    open_run = RunFactory()
    full_run = RunFactory(course=CourseFactory(capacity=1, min_participants=1))
    fill(full_run, 1)
    package = Package(title="All", price=Decimal("700"), published=True)
    package.courses = [open_run.course, full_run.course]
    db.session.add(package)
    db.session.flush()
    choice = {open_run.course_id: open_run.id, full_run.course_id: full_run.id}
    with pytest.raises(DomainError) as err, db.session.begin_nested():
        packages.book_package(package, person(), choice, utcnow())
    assert full_run.course.title in str(err.value.message)
    assert "person1@example.org" not in statuses(open_run, db)
    full_run.capacity = 2
    db.session.flush()
    _booking, registrations = packages.book_package(package, person(), choice, utcnow())
    assert [r.status for r in registrations] == ["confirmed", "confirmed"]
    assert sum(r.price for r in registrations) == Decimal("700")


def test_capacity_cannot_drop_below_booked_and_more_seats_promote(db):
    run = RunFactory(course=CourseFactory(capacity=3, min_participants=1))
    fill(run, 1, start=3)  # a gap: seats 1 and 2 free
    fill(run, 1, start=1)
    waiting = fill(run, 1, status="waitlisted")[0]
    with pytest.raises(DomainError):
        catalogue.update_run(run, {"capacity": 1}, utcnow())
    catalogue.update_run(run, {"capacity": 2, "min_participants": 1}, utcnow())
    seats = db.session.scalars(
        sa.select(Registration.seat_number)
        .where(Registration.run_id == run.id)
        .order_by(Registration.seat_number)
    ).all()
    assert [s for s in seats if s] == [1, 2]
    catalogue.update_run(run, {"capacity": 3}, utcnow())
    db.session.refresh(waiting)
    assert waiting.status == "confirmed" and waiting.seat_number == 3


def test_run_with_registrations_cannot_be_deleted(db):
    run = RunFactory()
    fill(run, 1)
    with pytest.raises(DomainError):
        catalogue.delete_run(run)
    empty = RunFactory()
    catalogue.delete_run(empty)


def test_publishing_a_run_emails_the_interest_list_in_signup_order(db, outbox):
    course = CourseFactory()
    for i in (1, 2, 3):
        person = interest.Interested(f"P{i}", f"p{i}@example.org", "", "en")
        interest.join_interest(course, person, True, utcnow())
    for i in (1, 2):  # P3 never confirms the address: not emailed (double opt-in)
        confirm = next(
            line for line in outbox.to(f"p{i}@example.org")[-1].body_text.splitlines()
            if "/interest/confirm/" in line
        )
        interest.confirm_interest(confirm.rsplit("/", 1)[1], utcnow())
    run = RunFactory(course=course, published=False)
    catalogue.update_run(run, {"published": True}, utcnow())
    recipients = [m.recipient for m in outbox.messages if m.subject.startswith("New course start")]
    assert recipients == ["p1@example.org", "p2@example.org"]
    assert "/courses/interest/leave/" in outbox.to("p1@example.org")[-1].body_text


def test_close_out_marks_held_deletes_needs_and_asks_for_feedback(db, outbox):
    run = RunFactory()
    [present, absent] = fill(run, 2)
    present.needs = "vegetarian"
    absent.attended = False
    run.decision = "confirmed"
    db.session.flush()
    later = run.ends_at + timedelta(days=1)
    assert decisions.close_out(later) == 1
    db.session.refresh(present)
    assert run.decision == "held" and present.needs is None
    assert outbox.to(present.email)[-1].subject.startswith("How was the course?")
    assert not [m for m in outbox.to(absent.email) if "How was" in m.subject]
    feedback = staff.submit_feedback(present, 5, "Very useful")
    feedback.published = True
    db.session.flush()
    assert [q.comment for q in staff.published_quotes(run.course_id)] == ["Very useful"]


@pytest.mark.parametrize(
    ("locale", "line_end"),
    [
        ("en", "2,2,0.00,800.00,152.00,952.00,EUR"),
        ("de", "2;2;0,00;800,00;152,00;952,00;EUR"),
        ("da", "2;2;0,00;800,00;152,00;952,00;EUR"),
    ],
)
def test_invoice_basis_groups_by_organisation_with_vat_in_the_languages_format(
    app, db, locale, line_end
):
    from office.core.spreadsheets import csv_text

    run = RunFactory(decision="confirmed")
    fill(run, 2)
    with app.test_request_context(headers={"Accept-Language": locale}):
        text = csv_text(*documents.invoice_table(documents.billable(run_ids=[run.id])), locale)
    lines = text.strip().splitlines()
    assert len(lines) == 2
    assert lines[1].endswith(line_end)


def test_erasure_keeps_invoice_basis_anonymised(db):
    from office.core.registry import PERSONAL_DATA

    run = RunFactory(decision="confirmed")
    [r] = fill(run, 1)
    r.needs = "wheelchair"
    exported = PERSONAL_DATA["courses"].export(r.email)
    assert exported["registrations"][0]["needs"] == "wheelchair"
    run.first_day = run.last_day = local_now().date() - timedelta(days=3)
    run.days = [run.first_day]
    run.decision = "held"
    db.session.flush()
    assert PERSONAL_DATA["courses"].erase(r.email) == 1
    assert r.name == "erased" and r.needs is None and r.price == Decimal("400.00")
    assert r.billing_reference == "5798000020016" and r.status == "confirmed"


def test_guest_registering_again_later_gets_the_link_again_but_not_on_double_click(db, outbox):
    run = RunFactory()
    now = utcnow()
    guest = booking.book_seat(run.id, person(1), now, email_confirmed=False)
    booking.book_seat(run.id, person(1), now + timedelta(seconds=1), email_confirmed=False)
    assert len(outbox.to("person1@example.org")) == 1
    again = booking.book_seat(run.id, person(1), now + timedelta(minutes=5), email_confirmed=False)
    assert again.id == guest.id and len(outbox.to("person1@example.org")) == 2


def test_expired_confirmation_link_says_so(db, monkeypatch):
    from office.courses.services import tokens

    token = tokens.make("course-confirm", 1, "a@example.org")
    monkeypatch.setitem(tokens.MAX_AGE, "course-confirm", -1)  # every link is too old
    with pytest.raises(DomainError) as err:
        booking.confirm_guest_email(token, utcnow())
    assert str(err.value.message) == "This link has expired. Please register again."
