"""Erasure that erases: one person seeded everywhere a person can appear, erased, and the whole
database dumped (SQLite: iterdump; PostgreSQL: pg_dump) and searched for every string that
identifies them. Also: the access export names every module that holds something about them,
the mail sent to them included.

What stays by law or by design is not seeded as the person's (docs/privacy.md says why): issued
invoices (bookkeeping) and the population-register extract of an assembly (deleted by `flask
sortition purge`, not by one person's address). The office's append-only audit trail is seeded
with the person as actor and object: it holds ids and roles only, so erasure never touches it.
"""

import os
import re
import subprocess

from sqlalchemy.engine import make_url

from office.core.audit import record
from office.core.outbox import queue_mail
from office.core.privacy import erase_everywhere, export_everywhere
from office.core.registry import PERSONAL_DATA
from office.extensions import db
from tests.contacts.factories import InteractionFactory, PersonFactory
from tests.courses.factories import CourseFactory, RegistrationFactory
from tests.directory.factories import InitiativeFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.governance.factories import BoardMemberFactory
from tests.processes.factories import ProcessFactory
from tests.sortition.factories import AssemblyFactory

FIRST, LAST = "Zoltan", "Quernheim"
NAME = f"{FIRST} {LAST}"
EMAIL = "zoltan.quernheim@example.org"
PHONE = "+49 170 5550199"
STREET = "Quellweg 17"
FREE_TEXT = "Kniegelenkprothese"  # something said about the person, in free text
#: what must not be found anywhere in the dump after the erasure
IDENTIFYING = [LAST, "zoltan.quernheim", "5550199", "Quellweg", FREE_TEXT]


def _seed_accounts_and_contacts():
    user = UserFactory(email=EMAIL, name=NAME, roles=["initiative_rep"])
    queue_mail(EMAIL, f"Hallo {NAME}", "invitation", locale="de", user=user, inviter=None,
               link="http://localhost/x", hours=1)  # fmt: skip
    person = PersonFactory(first_name=FIRST, last_name=LAST, email=EMAIL, phone=PHONE,
                           notes=f"{STREET}; {FREE_TEXT}")  # fmt: skip
    InteractionFactory(person=person, summary=f"{NAME} rief an wegen {FREE_TEXT}")
    from office.contacts.models import Consent

    db.session.flush()
    db.session.add(Consent(person_id=person.id, purpose="Newsletter", text_version="2026-1",
                           channel="email"))  # fmt: skip
    return user


def _seed_courses_events_processes():
    from office.core.clock import utcnow
    from office.courses.models import Feedback, InterestEntry, RegistrationChange
    from office.events.models import EventSignup
    from office.processes.models import RecommendationComment, Suggestion
    from tests.processes.factories import RecommendationFactory

    course = CourseFactory(slug="erasure-course")
    registration = RegistrationFactory(name=NAME, email=EMAIL, needs=FREE_TEXT, seat_number=1,
                                       run__course=course)  # fmt: skip
    process, event = ProcessFactory(), EventFactory(title="Nachbarschaftsfest")
    db.session.flush()
    db.session.add_all([
        RegistrationChange(registration_id=registration.id, kind="correction",
                           changes={"name": ["Z. Quernheim", NAME], "email": [EMAIL, EMAIL]}),
        InterestEntry(course_id=course.id, name=NAME, email=EMAIL),
        Feedback(registration_id=registration.id, rating=5, comment=f"{FREE_TEXT} – {NAME}"),
        Suggestion(process_id=process.id, name=NAME, email=EMAIL, text=FREE_TEXT),
        RecommendationComment(recommendation=RecommendationFactory(stage="open_for_comment"),
                              name=NAME, email=EMAIL, text=f"{FREE_TEXT}, {STREET}",
                              status="published", consented_at=utcnow()),
    ])  # fmt: skip
    db.session.add(EventSignup(event_id=event.id, occurrence_start=event.start_at, name=NAME,
                               email=EMAIL))  # fmt: skip
    InitiativeFactory(name="Gartenfreunde", contact_email=EMAIL)


def _seed_requests_board_sortition(user):
    from office.assemblies.models import Facilitator
    from office.core.clock import utcnow
    from office.requests.models import InboundMail, RequestMessage
    from office.requests.services.intake import Contact, submit_request
    from office.sortition.models import Respondent

    request = submit_request(Contact(NAME, EMAIL, phone=PHONE), "other",
                             title=f"Hilfe für {NAME}", description=FREE_TEXT)  # fmt: skip
    request.messages.append(RequestMessage(author_name=NAME, body=f"{FREE_TEXT}, {STREET}"))
    request.messages.append(RequestMessage(author_name="Sven Stab", from_staff=True,
                                           body=f"Guten Tag {NAME}, zu {FREE_TEXT} ..."))  # fmt: skip
    db.session.add(InboundMail(sender=EMAIL, subject=f"Re: Hilfe für {NAME}", status="review",
                               text=FREE_TEXT, raw=f"From: {EMAIL}\n\n{FREE_TEXT}".encode()))  # fmt: skip
    member = BoardMemberFactory(name=NAME, email=EMAIL, user=user, affiliation=STREET)
    record("governance.member.added", member, user, group="citizens")
    assembly = AssemblyFactory()
    db.session.flush()
    db.session.add(Respondent(assembly_id=assembly.id, external_id="R-1", name=NAME,
                              contact=EMAIL, household_key=STREET))  # fmt: skip
    db.session.add(Facilitator(assembly_id=assembly.id, user_id=user.id, note=FREE_TEXT,
                               volunteered_at=utcnow()))  # fmt: skip


def _dump() -> str:
    """Every row of every table, as the database itself writes it out."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        raw = db.session.connection().connection.dbapi_connection
        return "\n".join(raw.iterdump())
    url = make_url(engine.url)
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    command = ["pg_dump", "--data-only", "--no-owner", "-h", url.host or "127.0.0.1",
               "-p", str(url.port or 5432), "-U", url.username, url.database]  # fmt: skip
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def _found(dump: str) -> list[str]:
    hits = []
    for needle in IDENTIFYING:
        for line in dump.splitlines():
            if needle.lower() in line.lower():
                hits.append(f"{needle}: {line[:200]}")
    return hits


def test_erased_person_is_in_no_row_of_the_database(committed_db):
    user = _seed_accounts_and_contacts()
    _seed_courses_events_processes()
    _seed_requests_board_sortition(user)
    db.session.commit()
    before = _dump()
    assert all(needle.lower() in before.lower() for needle in IDENTIFYING)  # the dump sees them
    exported = export_everywhere(EMAIL)
    erase_everywhere(EMAIL)
    db.session.commit()
    hits = _found(_dump())
    assert not hits, "\n".join(hits)
    # the access export had something from every module that holds the person
    holding = {name for name, part in exported.items() if any(part.values())}
    assert set(PERSONAL_DATA) - holding == set(), sorted(holding)


def test_the_access_export_lists_the_mail_sent_to_the_person(db):
    UserFactory(email=EMAIL, name=NAME)
    queue_mail(EMAIL, f"Hallo {NAME}", "invitation", locale="de", user=None, inviter=None,
               link="http://localhost/account/reset/secret-token", hours=1)  # fmt: skip
    db.session.commit()
    mail = export_everywhere(EMAIL)["mail"]["messages"]
    assert [m["subject"] for m in mail] == [f"Hallo {NAME}"]
    assert mail[0]["body"] and "secret-token" not in mail[0]["body"]  # access links redacted
    assert re.match(r"\d{4}-\d\d-\d\d", mail[0]["created_at"])

