"""Demo data: the Danish course programme (shared/seeds/001), with runs in the coming months."""

import random
from datetime import time, timedelta
from decimal import Decimal

import click
import sqlalchemy as sa
from flask import current_app

from office.auth.models import User
from office.core.clock import local_now, office_tz, utcnow
from office.core.registry import demo_seeder, large_factor
from office.courses import rules
from office.courses.models import Course, CourseRun, Feedback, Package, Registration
from office.extensions import db

VENUE = "Sorøgade 6, 2100 København Ø"
TERMS = (
    "Afmelding er gratis indtil tilmeldingsfristen. Ved senere afmelding opkræves fuld pris; "
    "en kollega kan deltage i stedet."
)
AUDIENCE = (
    "Kurserne er til dig, der arbejder i en offentlig administration, og som ønsker at bruge "
    "borgerinddragelse i jeres arbejde og processer. Du behøver ikke at have erfaring med "
    "borgerinddragelse på forhånd."
)

#: slug, title, summary, benefits, format, days
COURSES = [
    (
        "kom-godt-i-gang",
        "Kom godt i gang med borgerinddragelse",
        "Introduktion til de væsentligste elementer, der skal overvejes i tilrettelæggelsen af en "
        "borgerinddragelsesproces. Fra principper for god borgerinddragelse til indblik i "
        "planlægning og anvendelser af resultater.",
        "Kendskab til rationaler for borgerinddragelse og relevante aktørers rolle\n"
        "Viden om principper for god borgerinddragelse\n"
        "Kompetencer til at identificere det rigtige tidspunkt for borgerinddragelse\n"
        "Værktøjer til planlægning af en inddragelsesproces\n"
        "Den politiske forankring og opfølgning på resultaterne",
        "online",
        1,
    ),
    (
        "metoder",
        "Metoder til borgerinddragelse",
        "Hvilke metoder kan anvendes til inddragelse af borgere i den politiske "
        "beslutningsproces? Udforsk metoder til co-creation og deliberativt demokrati.",
        "Viden om særlige kendetegn ved co-creation og deliberative demokratiprocesser\n"
        "Kendskab til specifikke metoder til co-creation og deliberativt demokrati\n"
        "Kompetencer til at vælge den rigtige metode til din næste inddragelsesproces",
        "in_person",
        1,
    ),
    (
        "workshop-i-praksis",
        "Workshop: Borgerinddragelsesforløb i praksis",
        "Hvordan planlægges borgerinddragelse, som er mere og længere end et enkeltstående "
        "arrangement? Et hands-on kursus med udgangspunkt i borgersamling og borgerpanel.",
        "Indblik i praksiseksempler og drejebøger\nErfaring med at planlægge rekruttering\n"
        "Erfaring med detailplanlægning\nViden og erfaring med facilitering\n"
        "Erfaring med metoden fra et borgerperspektiv",
        "in_person",
        2,
    ),
    (
        "digital-inddragelse",
        "Digital inddragelse: Hvordan inddrages borgere digitalt?",
        "Digitale formater, platforme, metoder og facilitering, så du kan rammesætte og afvikle "
        "en hel eller delvis digital inddragelsesproces.",
        "Viden om hvornår og hvorfor man skal bruge hel eller delvis digital inddragelse\n"
        "Kendskab til formater og platforme til digital inddragelse\n"
        "Værktøjer til facilitering af digital inddragelse",
        "in_person",
        1,
    ),
    (
        "opfoelgning",
        "Vores borgerinddragelse var succes: hvad gør vi nu? (Opfølgning & rationale)",
        "Hvordan sikres anvendelsen af resultaterne fra en borgerinddragelsesproces? Dette "
        "kursus stiller skarpt på den svære, men vigtige, politiske forankring og opfølgning.",
        "Viden om planlægning af den interne politiske forankring og opfølgning\n"
        "Kompetencer til at identificere relevante eksterne målgrupper\n"
        "Erfaring med udarbejdelse af en strategi for intern og ekstern opfølgning",
        "in_person",
        1,
    ),
]

QUOTES = [
    "Det gav et godt overblik og satte nogle tanker i gang man måske ellers ikke tænker over",
    "Ny viden, genopfrisket viden – varieret og god dag med øvelser og gode drøftelser "
    "deltagerne imellem, god og energisk stemning hele dagen",
    "Meget indholdsrigt kursus om noget jeg tror vi skal blive endnu bedre til",
]

FIRST = (
    "Mette Lars Sofie Anders Ida Jonas Freja Mads Anna Søren Karen Jens Lea Rasmus Emma Niels "
    "Julie Peter Maja Henrik"
).split()
LAST = (
    "Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Madsen Kristensen Olsen Thomsen"
).split()
#: organisation, electronic invoice address (GLN or Leitweg-ID), street, postcode, city, country
ORGS = [
    ("Aarhus Kommune", "5798000020016", "Rådhuspladsen 2", "8000", "Aarhus C", "DK"),
    ("Region Hovedstaden", "5798000417410", "Kongens Vænge 2", "3400", "Hillerød", "DK"),
    ("Københavns Kommune", "5798009800015", "Rådhuspladsen 1", "1599", "København V", "DK"),
    ("Odense Kommune", "5798000023314", "Flakhaven 2", "5000", "Odense C", "DK"),
    ("Stadt Kiel", "01002000-KURSE-45", "Fleethörn 9", "24103", "Kiel", "DE"),
    ("Landeshauptstadt Hannover", "03241000-87", "Trammplatz 2", "30159", "Hannover", "DE"),
]


def _price() -> Decimal:
    return Decimal("3000") if current_app.config["OFFICE_CURRENCY"] == "DKK" else Decimal("400")


def _person(i: int) -> dict:
    first, last = FIRST[i % len(FIRST)], LAST[(i * 5 + i // 20) % len(LAST)]
    org, routing, street, postcode, city, country = ORGS[i % len(ORGS)]
    return {
        "name": f"{first} {last}",
        "email": f"{first}.{last}.{i}@example.org".lower().replace("ø", "oe"),
        "organisation": org,
        "department": "Borgerservice" if i % 2 else "Plan og Miljø",
        "billing_reference": f"K-{4700 + i % 30}",
        "routing_id": routing,
        "billing_street": street,
        "billing_postcode": postcode,
        "billing_city": city,
        "billing_country": country,
    }


def _run(course: Course, first_day, **kw) -> CourseRun:
    tz = office_tz()
    days = course.duration_days
    run = CourseRun(
        course=course,
        first_day=first_day,
        last_day=first_day + timedelta(days=days - 1),
        start_time=course.daily_start,
        end_time=course.daily_end,
        capacity=kw.get("capacity", course.capacity),
        min_participants=course.min_participants,
        lead_days=course.lead_days,
        deadline=rules.registration_deadline(first_day, course.lead_days, tz),
        venue="" if course.format == "online" else VENUE,
        online_link="https://meet.example.org/borgerinddragelse"
        if course.format == "online"
        else "",
        published=True,
        decision=kw.get("decision"),
    )
    db.session.add(run)
    db.session.flush()
    return run


def _register(run: CourseRun, n: int, offset: int, status: str = "confirmed") -> list:
    now = utcnow()
    taken = len([r for r in run.registrations if r.seat_number])
    rows = []
    for i in range(n):
        person = _person(offset + i)
        seat = taken + i + 1 if status == "confirmed" else None
        registration = Registration(
            run_id=run.id,
            run_capacity=run.capacity,
            seat_number=seat,
            status=status,
            price=run.price_excl_vat,
            vat_rate=Decimal(str(current_app.config["OFFICE_VAT_RATE"])),
            currency=current_app.config["OFFICE_CURRENCY"],
            email_confirmed_at=now,
            confirmed_at=now if status == "confirmed" else None,
            waitlisted_at=now if status == "waitlisted" else None,
            locale="da",
            **person,
        )
        db.session.add(registration)
        rows.append(registration)
    db.session.flush()
    db.session.expire(run, ["registrations"])
    return rows


def _register_demo_user(run: CourseRun) -> None:
    """The demo department user has a seat, so "My courses" shows something."""
    user = db.session.scalar(sa.select(User).where(User.email == "department@example.org"))
    if user is None:
        return
    [registration] = _register(run, 1, 999)
    registration.name = user.name
    registration.email = user.email
    registration.user_id = user.id
    registration.organisation = user.organisation.name if user.organisation else ""
    registration.locale = None
    db.session.flush()


def _course(slug, title, summary, benefits, fmt, days) -> Course:
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
    if course is not None:
        return course
    course = Course(
        slug=slug,
        title=title,
        summary=summary,
        description=summary,
        benefits=benefits,
        audience=AUDIENCE,
        format=fmt,
        duration_days=days,
        daily_start=time(9, 0),
        daily_end=time(16, 0),
        price=_price(),
        price_basis="day" if days == 2 else "course",
        min_participants=18,
        capacity=24 if slug != "kom-godt-i-gang" else 20,
        lead_days=10,
        free_cancellation_days=10,
        cancellation_fee_percent=100,
        cancellation_terms=TERMS,
        published=True,
    )
    db.session.add(course)
    db.session.flush()
    return course


def _coming_runs(courses: dict, today) -> None:
    # one full run with a waitlist
    full = _run(courses["kom-godt-i-gang"], today + timedelta(days=40))
    _register(full, 20, 0)
    _register(full, 3, 20, "waitlisted")
    # near the minimum
    near = _run(courses["metoder"], today + timedelta(days=30))
    _register(near, 17, 30)
    workshop = _run(courses["workshop-i-praksis"], today + timedelta(days=60))
    _register(workshop, 18, 50)
    _register_demo_user(workshop)
    _run(courses["opfoelgning"], today + timedelta(days=75))
    # past the deadline, not yet decided (`flask courses decide` will cancel it: 12 < 18)
    past = _run(courses["digital-inddragelse"], today + timedelta(days=5))
    _register(past, 12, 80)


def _held_run(courses: dict, today) -> None:
    """A course held last spring, with the quotes from the programme."""
    held = _run(courses["kom-godt-i-gang"], today - timedelta(days=200), decision="held")
    for registration, quote in zip(_register(held, 18, 100), QUOTES + [""] * 15, strict=False):
        registration.attended = True
        if quote:
            db.session.add(
                Feedback(registration=registration, rating=5, comment=quote, published=True)
            )


def _package(courses: dict) -> None:
    package = Package(
        title="Fra metode til opfølgning",
        description="Metoder, workshoppen i praksis og opfølgning: hele forløbet fra idé til "
        "brug af resultaterne, til samlet pris.",
        price=_price() * 3,
        published=True,
    )
    package.courses = [courses[s] for s in ("metoder", "workshop-i-praksis", "opfoelgning")]
    db.session.add(package)
    db.session.flush()


@demo_seeder("courses", order=40)
def seed_courses(scale: str) -> None:
    courses = {row[0]: _course(*row) for row in COURSES}
    if not db.session.scalar(sa.select(sa.func.count()).select_from(CourseRun)):
        today = local_now().date()
        _coming_runs(courses, today)
        _held_run(courses, today)
        _package(courses)
    _seed_large(scale, courses)


LARGE_RUNS = 2000
LARGE_REGISTRATIONS = 50_000


def _large_run_rows(courses: dict, count: int) -> list[dict]:
    tz, today, now = office_tz(), local_now().date(), utcnow()
    course_list = list(courses.values())
    rows = []
    for i in range(count):
        course = course_list[i % len(course_list)]
        first = today + timedelta(days=15 + (i % 365))
        rows.append(
            {
                "course_id": course.id,
                "first_day": first,
                "last_day": first + timedelta(days=course.duration_days - 1),
                "start_time": course.daily_start,
                "end_time": course.daily_end,
                "capacity": 30,
                "min_participants": 18,
                "lead_days": 10,
                "deadline": rules.registration_deadline(first, 10, tz),
                "venue": VENUE,
                "online_link": "",
                "published": True,
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows


def _large_registration_rows(run_ids: list[int], factor: int = 1):
    """Seats 1..n of every run, so that the registrations add up to LARGE_REGISTRATIONS."""
    rng, now = random.Random(7), utcnow()
    wanted = LARGE_REGISTRATIONS * factor - db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration)
    )
    per_run, extra = divmod(wanted, len(run_ids))
    fixed = {
        "run_capacity": 30,
        "status": "confirmed",
        "price": Decimal("400.00"),
        "vat_rate": Decimal(str(current_app.config["OFFICE_VAT_RATE"])),
        "currency": current_app.config["OFFICE_CURRENCY"],
        "email_confirmed_at": now,
        "confirmed_at": now,
        "late_cancellation": False,
        "created_at": now,
        "updated_at": now,
    }
    for index, run_id in enumerate(run_ids):
        for seat in range(1, per_run + 1 + (1 if index < extra else 0)):
            person = _person(rng.randrange(1_000_000))
            person["email"] = f"bench-{run_id}-{seat}@example.org"
            yield {**fixed, **person, "run_id": run_id, "seat_number": seat}


def _insert_in_batches(rows, size: int = 5000) -> int:
    done, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            db.session.execute(sa.insert(Registration), batch)
            done, batch = done + len(batch), []
            click.echo(f"  {done} registrations")
    if batch:
        db.session.execute(sa.insert(Registration), batch)
        done += len(batch)
    return done


def _seed_large(scale: str, courses: dict) -> None:
    """Benchmark data: 2,000 runs with 50,000 registrations, inserted in bulk."""
    existing = db.session.scalar(sa.select(sa.func.count()).select_from(CourseRun))
    factor = large_factor(scale)
    if not factor or existing >= LARGE_RUNS * factor:
        return
    before = db.session.scalar(sa.select(sa.func.max(CourseRun.id))) or 0
    db.session.execute(
        sa.insert(CourseRun), _large_run_rows(courses, LARGE_RUNS * factor - existing)
    )
    run_ids = db.session.scalars(
        sa.select(CourseRun.id).where(CourseRun.id > before).order_by(CourseRun.id)
    ).all()
    click.echo(f"  {len(run_ids)} course runs")
    done = _insert_in_batches(_large_registration_rows(run_ids, factor))
    click.echo(f"  {done} registrations")
