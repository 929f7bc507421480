"""Files for staff and participants: CSV exports and PDFs (office.core.documents)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from babel.numbers import format_decimal
from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from office.core.documents import OfficeDocument as Document
from office.core.i18n import formatted, money
from office.courses import rules
from office.courses.labels import REGISTRATION_STATUS
from office.courses.models import (
    Course,
    CourseRun,
    Registration,
    RegistrationStatus,
    RunDecision,
)
from office.extensions import db
from office.venues import interface as venues


def amount(value: Decimal) -> str:
    """A money amount for a spreadsheet cell: two decimals, the language's decimal mark."""
    return format_decimal(value, format="0.00", locale=str(get_locale() or "en"))


def _yes_no(value) -> str:
    return "" if value is None else (_("yes") if value else _("no"))


PARTICIPANT_COLUMNS = (
    _l("Name"),
    _l("Email address"),
    _l("Organisation"),
    _l("Department"),
    _l("Billing reference"),
    _l("Status"),
    _l("Seat"),
    _l("Accessibility or dietary needs"),
    _l("Attended"),
    _l("Late cancellation"),
)


def participants_table(run: CourseRun) -> tuple[list[str], list[list]]:
    """The participant list of a run (header, rows) for the CSV export."""
    rows = db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id, Registration.status != RegistrationStatus.UNCONFIRMED)
        .order_by(Registration.status, Registration.name)
    )
    header = [str(c) for c in PARTICIPANT_COLUMNS]
    return header, [
        [
            r.name,
            r.email,
            r.organisation,
            r.department,
            r.billing_reference,
            str(REGISTRATION_STATUS[r.status]),
            r.seat_number or "",
            r.needs or "",
            _yes_no(r.attended),
            _("yes") if r.late_cancellation else "",
        ]
        for r in rows
    ]


def billable(run_ids=None, start: date | None = None, end: date | None = None):
    """Registrations to invoice: seats of confirmed or held runs, and late cancellations with a
    fee (of any run that was not cancelled by the office)."""
    stmt = (
        sa.select(Registration)
        .join(CourseRun, CourseRun.id == Registration.run_id)
        .where(
            CourseRun.decision.in_((RunDecision.CONFIRMED, RunDecision.HELD)),
            sa.or_(
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.cancellation_fee > 0,
            ),
        )
        .order_by(Registration.organisation, Registration.billing_reference, Registration.id)
    )
    if run_ids is not None:
        stmt = stmt.where(CourseRun.id.in_(run_ids))
    if start is not None:
        stmt = stmt.where(CourseRun.first_day >= start)
    if end is not None:
        stmt = stmt.where(CourseRun.first_day <= end)
    return db.session.scalars(stmt).all()


INVOICE_COLUMNS = (
    _l("Organisation"),
    _l("Department"),
    _l("Billing reference"),
    _l("Leitweg-ID or EAN (GLN)"),
    _l("Course starts"),
    _l("Participants"),
    _l("Number of participants"),
    _l("Participant days"),
    _l("Cancellation fees"),
    _l("Amount excl. VAT"),
    _l("VAT"),
    _l("Total"),
    _l("Currency"),
)


def _group() -> dict:
    return {
        "names": [],
        "days": 0,
        "fees": Decimal(0),
        "net": Decimal(0),
        "vat": Decimal(0),
        "courses": set(),
    }


def _add(group: dict, r: Registration) -> None:
    late = r.status == RegistrationStatus.CANCELLED
    group["names"].append(r.name + (f" ({_('late cancellation')})" if late else ""))
    group["days"] += 0 if late else r.run.day_count
    group["fees"] += r.billed if late else 0
    group["net"] += r.billed
    group["vat"] += r.vat
    group["courses"].add(str(r.run))


def invoice_table(registrations) -> tuple[list[str], list[list]]:
    """One line per buyer (organisation, department, references): participants, days, fees,
    net, VAT, total; amounts with the language's decimal mark."""
    groups: dict[tuple, dict] = defaultdict(_group)
    for r in registrations:
        key = (r.organisation, r.department, r.billing_reference, r.routing_id, r.currency)
        _add(groups[key], r)
    rows = [
        [
            organisation,
            department,
            reference,
            routing,
            "; ".join(sorted(g["courses"])),
            "; ".join(g["names"]),
            len(g["names"]),
            g["days"],
            amount(g["fees"]),
            amount(g["net"]),
            amount(g["vat"]),
            amount(g["net"] + g["vat"]),
            currency,
        ]
        for (organisation, department, reference, routing, currency), g in sorted(groups.items())
    ]
    return [str(c) for c in INVOICE_COLUMNS], rows


def _dates(run: CourseRun) -> str:
    days = ", ".join(formatted("date", d, "long") for d in run.days)
    return f"{days}, {formatted('time', run.start_time)}–{formatted('time', run.end_time)}"


def _certificate(pdf: "Document", run: CourseRun, r: Registration) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.heading(_("Certificate of participation"), 24)
    pdf.ln(8)
    pdf.para(r.name, 18, "B")
    if r.organisation:
        pdf.para(r.organisation, 12)
    pdf.ln(6)
    pdf.para(_("took part in the course"), 12)
    pdf.para(run.course.text("title"), 16, "B")
    pdf.para(_dates(run), 12)
    pdf.para(ngettext("Duration: %(num)s day", "Duration: %(num)s days", run.day_count), 12)
    if run.course.benefit_list:
        pdf.ln(4)
        pdf.para(_("Content"), 12, "B")
        for point in run.course.benefit_list:
            pdf.para(f"- {point}", 11)
    pdf.ln(16)
    pdf.para(current_app.config["OFFICE_NAME"], 12, "B")


def certificates_pdf(run: CourseRun) -> bytes:
    """One page per attendee (by the registration's data, corrections included)."""
    pdf = Document(_("Certificates of participation") + f": {run.course.title}")
    attendees = db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id, Registration.attended.is_(True))
        .order_by(Registration.name)
    ).all()
    for registration in attendees:
        _certificate(pdf, run, registration)
    if not attendees:
        pdf.add_page()
        pdf.para(_("No attendance has been recorded for this course start."))
    return pdf.to_bytes()


def _programme_course(pdf: "Document", course: Course, runs: list, vat: Decimal) -> None:
    pdf.heading(course.text("title"), 15)
    if course.summary:
        pdf.para(course.text("summary"))
    for point in course.benefit_list:
        pdf.para(f"- {point}", 10)
    net = rules.price_excl_vat(course.price, course.price_basis, 1)
    basis = _("per person and day") if course.price_basis == "day" else _("per person")
    price = (
        f"{money(net)} {basis} {_('excl. VAT')} ({money(rules.gross(net, vat))} {_('incl. VAT')})"
    )
    pdf.para(f"{_('Price')}: {price}", 10, "B")
    for run in runs:
        deadline = formatted("date", run.last_registration_day, "long")
        where = venues.place_line(run.directory_venue, run.venue) or _("online")
        pdf.para(f"{_dates(run)} – {where}. {_('Registration until')} {deadline}", 10)
    if not runs:
        pdf.para(_("No dates yet: register your interest on our website."), 10, "I")
    pdf.ln(3)


def programme_pdf(courses: list[Course], runs_by_course: dict, now) -> bytes:
    """The printable programme of all open courses, like the office's flyer."""
    office = current_app.config["OFFICE_NAME"]
    vat = Decimal(str(current_app.config["OFFICE_VAT_RATE"]))
    pdf = Document(_("Course programme") + f" - {office}")
    pdf.add_page()
    pdf.heading(_("Course programme"), 22)
    pdf.para(office, 13, "B")
    pdf.ln(4)
    for course in courses:
        _programme_course(pdf, course, runs_by_course.get(course.id, []), vat)
    return pdf.to_bytes()
