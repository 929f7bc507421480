"""Files for staff and participants: CSV exports and PDFs (fpdf2, core fonts, latin-1)."""

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from fpdf import FPDF

from office.core.i18n import money
from office.courses import rules
from office.courses.models import Course, CourseRun, Registration
from office.extensions import db


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    # a byte-order mark lets spreadsheet programs read umlauts and æøå correctly
    return "\ufeff" + out.getvalue()


def status_labels() -> dict[str, str]:
    return {
        "unconfirmed": _("email not yet confirmed"),
        "confirmed": _("seat booked"),
        "waitlisted": _("waiting list"),
        "cancelled": _("cancelled"),
    }


def participants_csv(run: CourseRun) -> str:
    rows = db.session.scalars(
        sa.select(Registration)
        .where(Registration.run_id == run.id, Registration.status != "unconfirmed")
        .order_by(Registration.status, Registration.name)
    )
    return _csv(
        [
            _("Name"),
            _("Email address"),
            _("Organisation"),
            _("Department"),
            _("Billing reference"),
            _("Status"),
            _("Seat"),
            _("Accessibility or dietary needs"),
            _("Attended"),
            _("Late cancellation"),
        ],
        (
            [
                r.name,
                r.email,
                r.organisation,
                r.department,
                r.billing_reference,
                status_labels()[r.status],
                r.seat_number or "",
                r.needs or "",
                "" if r.attended is None else (_("yes") if r.attended else _("no")),
                _("yes") if r.late_cancellation else "",
            ]
            for r in rows
        ),
    )


def billable(run_ids=None, start: date | None = None, end: date | None = None):
    """Registrations to invoice: seats of confirmed or held runs, and late cancellations."""
    stmt = (
        sa.select(Registration)
        .join(CourseRun, CourseRun.id == Registration.run_id)
        .where(
            CourseRun.decision.in_(("confirmed", "held")),
            sa.or_(Registration.status == "confirmed", Registration.late_cancellation),
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


def invoice_csv(registrations) -> str:
    """One line per organisation and billing reference: participants, days, net, VAT, total."""
    groups: dict[tuple, dict] = defaultdict(
        lambda: {"names": [], "days": 0, "net": Decimal(0), "vat": Decimal(0), "courses": set()}
    )
    for r in registrations:
        group = groups[(r.organisation, r.department, r.billing_reference, r.currency)]
        group["names"].append(
            r.name + (f" ({_('late cancellation')})" if r.status == "cancelled" else "")
        )
        group["days"] += r.run.day_count
        group["net"] += r.price
        group["vat"] += r.vat
        group["courses"].add(str(r.run))
    rows = []
    for (organisation, department, reference, currency), g in sorted(groups.items()):
        rows.append(
            [
                organisation,
                department,
                reference,
                "; ".join(sorted(g["courses"])),
                "; ".join(g["names"]),
                len(g["names"]),
                g["days"],
                f"{g['net']:.2f}",
                f"{g['vat']:.2f}",
                f"{g['net'] + g['vat']:.2f}",
                currency,
            ]
        )
    return _csv(
        [
            _("Organisation"),
            _("Department"),
            _("Billing reference"),
            _("Course starts"),
            _("Participants"),
            _("Number of participants"),
            _("Participant days"),
            _("Amount excl. VAT"),
            _("VAT"),
            _("Total"),
            _("Currency"),
        ],
        rows,
    )


def _latin1(text: str) -> str:
    # the PDF core fonts cover latin-1 (æøåäöüß); replace anything else
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u201d", '"')
    text = text.replace("\u201c", '"').replace("\u201e", '"').replace("\u2019", "'")
    text = text.replace("\u2022", "-").replace("\u00a0", " ").replace("\u202f", " ")
    return text.encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        office = current_app.config["OFFICE_NAME"]
        self.set_title(_latin1(title))
        self.set_author(_latin1(office))
        self.set_creator(_latin1(office))
        self.set_lang(str(get_locale()))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(20, 20, 20)

    def heading(self, text: str, size: int = 18) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def para(self, text: str, size: int = 11, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, size * 0.48, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)


def _dates(run: CourseRun) -> str:
    days = ", ".join(format_date(d, "long") for d in run.days)
    return f"{days}, {run.start_time:%H:%M}-{run.end_time:%H:%M}"


def certificates_pdf(run: CourseRun) -> bytes:
    """One page per attendee: a certificate of participation."""
    office = current_app.config["OFFICE_NAME"]
    pdf = _Document(_("Certificates of participation") + f": {run.course.title}")
    attendees = [
        r
        for r in db.session.scalars(
            sa.select(Registration)
            .where(Registration.run_id == run.id, Registration.attended.is_(True))
            .order_by(Registration.name)
        )
    ]
    for r in attendees:
        pdf.add_page()
        pdf.ln(30)
        pdf.heading(_("Certificate of participation"), 24)
        pdf.ln(8)
        pdf.para(r.name, 18, "B")
        if r.organisation:
            pdf.para(r.organisation, 12)
        pdf.ln(6)
        pdf.para(_("took part in the course"), 12)
        pdf.para(run.course.title, 16, "B")
        pdf.para(_dates(run), 12)
        days = run.day_count
        pdf.para(_("Duration: %(n)s day(s)", n=days), 12)
        if run.course.benefit_list:
            pdf.ln(4)
            pdf.para(_("Content"), 12, "B")
            for point in run.course.benefit_list:
                pdf.para(f"- {point}", 11)
        pdf.ln(16)
        pdf.para(office, 12, "B")
    if not attendees:
        pdf.add_page()
        pdf.para(_("No attendance has been recorded for this course start."))
    return bytes(pdf.output())


def programme_pdf(courses: list[Course], runs_by_course: dict, now) -> bytes:
    """The printable programme of all open courses, like the office's flyer."""
    office = current_app.config["OFFICE_NAME"]
    vat = Decimal(str(current_app.config["OFFICE_VAT_RATE"]))
    pdf = _Document(_("Course programme") + f" - {office}")
    pdf.add_page()
    pdf.heading(_("Course programme"), 22)
    pdf.para(office, 13, "B")
    pdf.ln(4)
    for course in courses:
        pdf.heading(course.title, 15)
        if course.summary:
            pdf.para(course.summary)
        for point in course.benefit_list:
            pdf.para(f"- {point}", 10)
        net = rules.price_excl_vat(course.price, course.price_basis, 1)
        basis = _("per person and day") if course.price_basis == "day" else _("per person")
        pdf.para(
            f"{_('Price')}: {money(net)} {basis} {_('excl. VAT')}"
            f" ({money(rules.gross(net, vat))} {_('incl. VAT')})",
            10,
            "B",
        )
        runs = runs_by_course.get(course.id, [])
        if runs:
            for run in runs:
                deadline = format_date(run.last_registration_day, "long")
                pdf.para(
                    f"{_dates(run)} - {run.venue or _('online')}. "
                    f"{_('Registration until')} {deadline}",
                    10,
                )
        else:
            pdf.para(_("No dates yet: register your interest on our website."), 10, "I")
        pdf.ln(3)
    return bytes(pdf.output())
