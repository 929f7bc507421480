"""Demo data for `flask seed-demo`: the sessions of the drawn Bürgerrat Klima with attendance,
two co-facilitators (one took the facilitation course), an expert's published input with a
fact sheet, and its citizens' report."""

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from office.assemblies.models import AssemblySession
from office.assemblies.services import attendance, experts, facilitators, report, sessions
from office.auth.models import User
from office.contacts.models import Person
from office.core.clock import from_local, local_now, utcnow
from office.core.documents import OfficeDocument
from office.core.registry import demo_seeder
from office.courses.models import Course, CourseRun, Registration
from office.extensions import db
from office.sortition import interface as selection
from office.sortition.models import Assembly
from office.venues import interface as venues

SLUG = "buergerrat-klima"
#: (title, days from today, agenda)
SESSIONS = [
    (
        "Auftakt: Kennenlernen und Klimawissen",
        -40,
        "Begrüßung\nWas heißt klimaneutral?\nTischgespräche",
    ),
    ("Mobilität und Wärme", -12, "Input: Wärmeplanung\nTischgespräche zu Bus, Rad und Fußwegen"),
    ("Empfehlungen schreiben", 20, "Entwürfe der Empfehlungen\nAbstimmung und Minderheitenvoten"),
]


def _fact_sheet() -> bytes:
    pdf = OfficeDocument("Faktenblatt Wärmeplanung")
    pdf.add_page()
    pdf.heading("Faktenblatt: Kommunale Wärmeplanung")
    pdf.para("Fernwärme, Wärmepumpen und Gebäudesanierung – was die Stadt bis 2040 plant.")
    return pdf.to_bytes()


def _sessions(assembly: Assembly) -> list[AssemblySession]:
    venue = next(iter(venues.venue_choices()), (None, ""))[0]
    today = local_now().date()
    planned = []
    for title, days, agenda in SESSIONS:
        start = from_local(datetime.combine(today + timedelta(days=days), time(10)))
        data = sessions.SessionData(
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            venue_id=venue,
            place="" if venue else "Rathaus, Bürgersaal",
            agenda=agenda,
        )
        planned.append(sessions.save_session(assembly, None, data, None))
    return planned


def _trained(user: User) -> Course | None:
    """The course held last spring (courses' demo) counts as the facilitation course; `user`
    took part in it."""
    taken = db.session.scalar(
        sa.select(Registration).filter(Registration.attended.is_(True)).order_by(Registration.id)
    )
    if taken is None:
        return None
    seat = db.session.scalar(
        sa.select(sa.func.max(Registration.seat_number)).filter_by(run_id=taken.run_id)
    )
    if seat is not None and seat < taken.run_capacity:
        db.session.add(
            Registration(
                run_id=taken.run_id,
                run_capacity=taken.run_capacity,
                seat_number=seat + 1,
                status=taken.status,
                user_id=user.id,
                name=user.name,
                email=user.email,
                price=taken.price,
                vat_rate=taken.vat_rate,
                currency=taken.currency,
                attended=True,
            )
        )
    return db.session.get(CourseRun, taken.run_id).course


def _facilitators(assembly: Assembly, planned: list[AssemblySession]) -> None:
    for email, table in (
        ("department@example.org", "Tisch 1"),
        ("mobility@example.org", "Tisch 2"),
    ):
        user = db.session.scalar(sa.select(User).filter_by(email=email))
        if user is None:
            continue
        facilitator = facilitators.volunteer(assembly, user, "", utcnow())
        for session in planned[1:]:
            facilitators.assign(session, facilitator.id, table)
        if table == "Tisch 1" and (course := _trained(user)) is not None:
            facilitators.set_facilitation_course(assembly, course.id)


@demo_seeder("assemblies: sessions, facilitators, experts, report", order=85)
def seed_assembly_work(scale: str) -> None:
    assembly = db.session.scalar(sa.select(Assembly).filter_by(slug=SLUG))
    if assembly is None or selection.selected_at(assembly) is None:
        return
    if db.session.scalar(sa.select(AssemblySession.id).filter_by(assembly_id=assembly.id)):
        return
    planned = _sessions(assembly)
    members = selection.panel_members(assembly)
    for n, session in enumerate(planned[:2]):
        came = {m.id for i, m in enumerate(members) if (i + n) % 5}
        attendance.record_attendance(session, came, session.ends_at)
    _facilitators(assembly, planned)
    expert = db.session.scalar(sa.select(Person).order_by(Person.id))
    if expert is not None:
        sheet = [experts.Upload("Faktenblatt Wärmeplanung.pdf", _fact_sheet())]
        expert_input = experts.add_input(
            planned[1], expert.id, "Kommunale Wärmeplanung", sheet, utcnow()
        )
        experts.set_published(expert_input, True, utcnow())
    report.save_foreword(
        assembly, "Acht Menschen aus unserer Stadt haben beraten. Hier ist ihr Gutachten."
    )
    if report.final_recommendations(assembly):
        report.set_published(assembly, True, utcnow())
    db.session.flush()
