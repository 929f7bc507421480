"""#15 "Done when", in a real browser as office staff with axe-core on every page: correct a
registration, hand a seat to a colleague after the deadline, find last year's run with its
documents, see and export an interest list, cancel with the fee applied, and issue the run's
invoices in both formats, each passing the validator."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from office.core.clock import local_now, utcnow
from office.courses.models import InterestEntry
from tests.conftest import a11y
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory
from tests.courses.test_e2e import _log_in
from tests.courses.test_invoicing import DANISH, GERMAN
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def _setup(db):
    UserFactory(email="sven@example.org", name="Sven Stab", roles=["office_staff"])
    course = CourseFactory(
        title="Borgerting i praksis", slug="borgerting", duration_days=2, price_basis="day",
        free_cancellation_days=14, cancellation_fee_percent=50, min_participants=3,
    )  # fmt: skip
    run = RunFactory(course=course, first_day=local_now().date() + timedelta(days=5))
    run.deadline = utcnow() - timedelta(hours=2)  # registration has closed
    run.decision = "confirmed"
    price = run.price_excl_vat
    people = [("Anke Kiel", GERMAN), ("Karen Jensn", DANISH), ("Ole Olsen", DANISH), ("Mette Madsen", DANISH)]  # noqa: E501
    for seat, (name, buyer) in enumerate(people, start=1):
        RegistrationFactory(run=run, seat_number=seat, name=name, price=price, **buyer)
    last_year = local_now().date().replace(month=6, day=1) - timedelta(days=365)
    old = RunFactory(course=course, first_day=last_year, decision="held", published=True)
    RegistrationFactory(run=old, seat_number=1, name="Lone Lund", attended=True, **DANISH)
    for n, email in enumerate(("ida@example.org", "bo@example.org")):
        db.session.add(InterestEntry(course_id=course.id, name=f"P{n}", email=email,
                                     consent_at=utcnow(), confirmed_at=utcnow()))  # fmt: skip
    db.session.commit()
    return run, old


def _manage(page):
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Manage courses").click()  # noqa: E501
    expect(page.get_by_role("heading", name="Manage courses")).to_be_visible()
    a11y(page)


def _find_last_years_run(page, old):
    page.get_by_label("Year").select_option(str(old.first_day.year))
    page.get_by_label("Status").select_option("held")
    page.get_by_role("button", name="Show").click()
    a11y(page)
    page.locator(f'a[href="/courses/manage/runs/{old.id}"]').click()
    expect(page.get_by_role("heading", name="Borgerting i praksis")).to_be_visible()
    expect(page.get_by_role("link", name="Certificates (PDF)")).to_be_visible()
    expect(page.get_by_role("link", name="Invoice basis (CSV)")).to_be_visible()
    a11y(page)


def _interest_list(page):
    _manage(page)
    page.get_by_role("link", name="on the interest list: Borgerting i praksis").click()
    expect(page.get_by_text("2 people with a confirmed address are on the list.")).to_be_visible()
    a11y(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Interest list (CSV)").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "ida@example.org" in text and "bo@example.org" in text


def _open_run(page, run):
    page.goto(page.url.split("/courses/")[0] + f"/courses/manage/runs/{run.id}")
    a11y(page)


def _row(page, name):
    return page.get_by_role("row").filter(has_text=name)


def _correct(page):
    _row(page, "Karen Jensn").get_by_role("link", name="Correct").click()
    a11y(page)
    page.get_by_label("Name").fill("Karen Jensen")
    page.get_by_role("button", name="Save correction").click()
    expect(page.get_by_text("The registration is corrected.")).to_be_visible()
    expect(page.get_by_text("Karen Jensn → Karen Jensen")).to_be_visible()
    a11y(page)


def _substitute(page):
    _row(page, "Ole Olsen").get_by_role("link", name="Substitute").click()
    a11y(page)
    page.get_by_label("Name").fill("Pia Kollega")
    page.get_by_label("Email address").fill("pia@aarhus.dk")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Ole Olsen's seat goes to Pia Kollega")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Hand over the seat").click()
    expect(page.get_by_text("The seat is handed over.")).to_be_visible()
    expect(page.get_by_role("cell", name="Pia Kollega pia@aarhus.dk")).to_be_visible()
    a11y(page)


def _cancel_with_fee(page):
    _row(page, "Mette Madsen").get_by_role("link", name="Cancel").click()
    expect(page.get_by_text("The cancellation fee of €400.00 applies.")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Cancel registration").click()
    expect(page.get_by_text("The registration is cancelled.")).to_be_visible()
    expect(page.get_by_text("fee €400.00")).to_be_visible()
    a11y(page)


def _invoices(page, validator) -> list[str]:
    page.get_by_role("link", name="Issue invoices (4 registrations)").click()
    a11y(page)
    page.get_by_role("button", name="Issue invoices").click()
    expect(page.get_by_text("2 invoices are issued.")).to_be_visible()
    a11y(page)
    checked = []
    for label, syntax in (("XRechnung (XML)", "xrechnung"), ("Peppol BIS (XML)", "peppol")):
        href = page.get_by_role("link", name=label).first.get_attribute("href")
        xml = page.context.request.get(page.url.split("/courses/")[0] + href).body()
        assert validator.errors(xml, syntax) == [], syntax
        checked.append(syntax)
    href = page.get_by_role("link", name="PDF").first.get_attribute("href")
    assert page.context.request.get(page.url.split("/courses/")[0] + href).body().startswith(b"%PDF")  # noqa: E501
    return checked


def test_staff_run_a_course_year_in_the_browser(page, live_server, committed_db, einvoice_validator):  # noqa: E501
    run, old = _setup(committed_db)
    _log_in(page, live_server.url, "sven@example.org")
    _manage(page)
    _find_last_years_run(page, old)
    _interest_list(page)
    _open_run(page, run)
    _correct(page)
    _substitute(page)
    _cancel_with_fee(page)
    assert _invoices(page, einvoice_validator) == ["xrechnung", "peppol"]
    committed_db.session.rollback()
    fees = [r.cancellation_fee for r in run.registrations if r.cancellation_fee]
    assert fees == [Decimal("400.00")]
