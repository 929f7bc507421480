"""Demo help requests: some in every state; `large`: 10,000 requests by bulk insert."""

import random
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import insert

from office.auth.models import User
from office.core.business_calendar import office_calendar
from office.core.clock import utcnow
from office.core.registry import demo_seeder, large_factor
from office.extensions import db
from office.requests import rules
from office.requests.models import HelpRequest, RequestEvent, RequestMessage
from office.requests.services import clocks

SAMPLES = [
    (
        "process_help",
        "Bürgerbeteiligung zum Radverkehrskonzept Nordstadt",
        "department@example.org",
    ),
    ("process_help", "Methode für die Spielplatzplanung Gartenstadt", "department@example.org"),
    ("initiative_support", "Raum für das Nachbarschaftscafé Am Hafen", "initiative@example.org"),
    (
        "initiative_support",
        "Kleiner Zuschuss für das Straßenfest Südstadt",
        "initiative@example.org",
    ),
    ("tailor_made_course", "Moderationstraining für das Team Verkehr", "mobility@example.org"),
    ("new_process", "Bürgerrat zur Hitzevorsorge", "initiative@example.org"),
    ("other", "Fragen zur Vorhabenliste", "department@example.org"),
    ("process_help", "Online-Beteiligung zum Schulentwicklungsplan", "mobility@example.org"),
]
#: status each sample ends in (every state of the workflow appears)
STATES = [
    "submitted",
    "in_triage",
    "board_review",
    "accepted",
    "declined",
    "referred",
    "in_progress",
    "done",
]
PATHS = {
    "submitted": [],
    "in_triage": ["in_triage"],
    "board_review": ["in_triage", "board_review"],
    "accepted": ["in_triage", "accepted"],
    "declined": ["in_triage", "declined"],
    "referred": ["in_triage", "referred"],
    "in_progress": ["in_triage", "accepted", "in_progress"],
    "done": ["in_triage", "accepted", "in_progress", "done"],
}


@demo_seeder("help requests", order=60)
def seed_requests(scale: str) -> None:
    if db.session.scalar(sa.select(sa.func.count()).select_from(HelpRequest)):
        return
    staff = db.session.scalar(sa.select(User).where(User.email == "staff@example.org"))
    now = utcnow()
    calendar = office_calendar()
    for index, ((type_, title, email), state) in enumerate(zip(SAMPLES, STATES, strict=True)):
        user = db.session.scalar(sa.select(User).where(User.email == email))
        submitted = now - timedelta(days=40 - index * 5)
        req = HelpRequest(
            type=type_,
            status=state,
            title=title,
            description="Wir möchten die Menschen im Stadtteil früh einbeziehen und bitten um Beratung.",
            requester_id=user.id,
            requester_name=user.name,
            requester_email=user.email,
            requester_organisation=user.organisation.name if user.organisation else "",
            locale="de",
            submitted_at=submitted,
            email_confirmed_at=submitted,
            assignee=staff if state != "submitted" else None,
        )
        db.session.add(req)
        clocks.start(req, submitted, calendar)
        req.events.append(RequestEvent(at=submitted, actor_name=user.name, to_status="submitted"))
        previous = "submitted"
        for step, status in enumerate(PATHS[state], start=1):
            at = submitted + timedelta(days=step)
            req.events.append(
                RequestEvent(
                    at=at,
                    actor_id=staff.id,
                    actor_name=staff.name,
                    from_status=previous,
                    to_status=status,
                )
            )
            previous = status
            clocks.answered(req, at)
        if state == "declined":
            req.decline_reason = "Das Anliegen liegt außerhalb unseres Auftrags; bitte wenden Sie sich an den Bürgerservice."
        if state == "done":
            req.outcome = "Beteiligungskonzept mit drei Werkstätten erstellt."
            req.lessons_learned = "Früh mit dem Fachbereich klären, wer entscheidet."
        if state in rules.CLOSED_STATUSES:
            req.closed_at = submitted + timedelta(days=len(PATHS[state]))
            clocks.closed(req, req.closed_at)
        if state in ("in_triage", "in_progress"):
            req.messages.append(
                RequestMessage(
                    author_id=staff.id,
                    author_name=staff.name,
                    from_staff=True,
                    body="Danke für Ihre Anfrage, wir melden uns mit einem Terminvorschlag.",
                    created_at=submitted + timedelta(days=1),
                )
            )
    db.session.flush()
    if large_factor(scale):
        _seed_large(now, large_factor(scale))


def _seed_large(now, factor: int = 1) -> None:
    calendar = office_calendar()
    rng = random.Random(6)
    types = list(rules.REQUEST_TYPES)
    total, batch = 10_000 * factor, 1_000
    for start in range(0, total, batch):
        rows = []
        for i in range(start, start + batch):
            submitted = now - timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1440))
            status = rng.choice(STATES)
            rows.append(
                {
                    "type": rng.choice(types),
                    "status": status,
                    "title": f"Anfrage {i + 1}",
                    "description": "Demo",
                    "details": {},
                    "requester_name": f"Person {i + 1}",
                    "requester_email": f"requester{i + 1}@example.org",
                    "requester_organisation": "",
                    "requester_phone": "",
                    "locale": "de",
                    "submitted_at": submitted,
                    "email_confirmed_at": submitted,
                    "first_response_due_at": calendar.add(submitted, 16 * 60),
                    "first_response_at": None
                    if status == "submitted"
                    else submitted + timedelta(days=rng.randint(0, 9)),
                    "created_at": submitted,
                    "updated_at": submitted,
                }
            )
        db.session.execute(insert(HelpRequest), rows)
        print(f"  help requests: {start + batch:,} / {total:,}", flush=True)  # noqa: T201
