"""Demo board: nine members with terms (and two former ones), rules of procedure in two
versions, two past meetings with minutes and decisions, one written procedure under way."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from office.auth.models import User
from office.core.clock import utcnow
from office.core.registry import demo_seeder
from office.extensions import db
from office.governance.models import (
    AgendaItem,
    Attendance,
    BoardMeeting,
    BoardMember,
    BoardTerm,
    BoardVote,
    Decision,
    RulesVersion,
)
from office.requests.models import HelpRequest

MEMBERS = [
    ("Bent Beirat", "board@example.org", "citizens", "chair", "Bürgerschaft"),
    ("Hanna Weber", "hanna.weber@example.org", "citizens", "deputy", "Bürgerschaft"),
    ("Murat Yılmaz", "murat.yilmaz@example.org", "citizens", "member", "Bürgerschaft"),
    (
        "Lena Hoffmann",
        "lena.hoffmann@example.org",
        "initiatives",
        "member",
        "Nachbarschaftsnetz Nordstadt",
    ),
    ("Peter Schulz", "peter.schulz@example.org", "initiatives", "member", "Radentscheid"),
    ("Dr. Katrin Vogel", "katrin.vogel@example.org", "administration", "member", "Stadtplanung"),
    ("Jens Møller", "jens.moller@example.org", "administration", "member", "Bürgerdienste"),
    (
        "Sabine Krüger",
        "sabine.krueger@example.org",
        "politics",
        "member",
        "Stadtverordnetenversammlung",
    ),
    ("Prof. Ali Demir", "ali.demir@example.org", "science", "member", "Fachhochschule"),
]
FORMER = [
    ("Gerd Albrecht", "citizens", date(2023, 1, 1), date(2024, 12, 31)),
    ("Ute Brandt", "politics", date(2023, 1, 1), date(2024, 12, 31)),
]
RULES_V1 = """# Geschäftsordnung des Beirats für Bürgerbeteiligung

## § 1 Aufgaben
Der Beirat begleitet das Büro für Bürgerbeteiligung und berät über Anfragen an das Büro.

## § 2 Beschlussfähigkeit
Der Beirat ist beschlussfähig, wenn mehr als die Hälfte der amtierenden Mitglieder anwesend ist.
Mitglieder, die einen Interessenkonflikt erklärt haben, zählen für diesen Punkt nicht mit.

## § 3 Beschlüsse
Beschlüsse werden mit einfacher Mehrheit der abgegebenen Stimmen gefasst; Enthaltungen zählen nicht.
Bei Stimmengleichheit ist ein Antrag abgelehnt.
"""
RULES_V2 = RULES_V1.replace(
    "Bei Stimmengleichheit ist ein Antrag abgelehnt.",
    "Bei Stimmengleichheit entscheidet die Stimme der oder des Vorsitzenden.\n\n"
    "## § 4 Umlaufverfahren\nBeschlüsse können im schriftlichen Umlaufverfahren mit einer Frist gefasst werden.",
)


#: the two past meetings: title, start, rules version (1 or 2), the item, its outcome
PAST_MEETINGS = [
    (
        "1. Sitzung 2026",
        datetime(2026, 2, 10, 17, 0, tzinfo=UTC),
        1,
        "Raumvergabe für Initiativen",
        "adopted",
    ),
    (
        "2. Sitzung 2026",
        datetime(2026, 6, 16, 17, 0, tzinfo=UTC),
        2,
        "Kriterien für Kleinstförderung",
        "rejected",
    ),
]
#: how the seven present members voted, by outcome
VOTES = {
    "adopted": ["yes"] * 5 + ["no", "abstain"],
    "rejected": ["yes", "yes", "no", "no", "no", "no", "abstain"],
}


@demo_seeder("advisory board", order=70)
def seed_board(scale: str) -> None:
    if db.session.scalar(sa.select(sa.func.count()).select_from(BoardMember)):
        return
    members = _seed_members()
    _seed_former_members()
    versions = _seed_rules()
    now = utcnow()
    for title, starts, version, item_title, outcome in PAST_MEETINGS:
        meeting = _seed_meeting(title, starts, item_title, members[:7])
        _seed_decision(meeting, item_title, versions[version - 1], outcome)
    _seed_next_meeting(now + timedelta(days=21))
    _seed_written_procedure(members, now)
    db.session.flush()


def _seed_members() -> list[BoardMember]:
    members = []
    for name, email, group, function, affiliation in MEMBERS:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        member = BoardMember(name=name, email=email, user=user, affiliation=affiliation)
        member.terms.append(
            BoardTerm(
                seat_group=group,
                function=function,
                starts_on=date(2025, 1, 1),
                ends_on=date(2027, 12, 31),
            )
        )
        db.session.add(member)
        members.append(member)
    return members


def _seed_former_members() -> None:
    for name, group, begin, end in FORMER:
        term = BoardTerm(seat_group=group, function="member", starts_on=begin, ends_on=end)
        db.session.add(BoardMember(name=name, affiliation="", terms=[term]))


def _seed_rules() -> tuple[RulesVersion, RulesVersion]:
    v1 = RulesVersion(
        version=1,
        title="Geschäftsordnung des Beirats",
        body=RULES_V1,
        effective_from=date(2025, 1, 1),
    )
    v2 = RulesVersion(
        version=2,
        title="Geschäftsordnung des Beirats (Änderung 2026)",
        body=RULES_V2,
        effective_from=date(2026, 3, 1),
        tie="chair_decides",
    )
    db.session.add_all([v1, v2])
    db.session.flush()
    return v1, v2


def _seed_meeting(title: str, starts: datetime, item_title: str, present) -> BoardMeeting:
    """A past public meeting with its minutes and who attended."""
    meeting = BoardMeeting(
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        location="Rathaus, Raum 2.14",
        public=True,
        minutes=f"# Protokoll {title}\n\n- Begrüßung durch den Vorsitz\n- Beratung: {item_title}\n- Beschluss siehe Register",
    )
    db.session.add(meeting)
    meeting.attendance = [Attendance(member=m) for m in present]
    return meeting


def _seed_decision(meeting: BoardMeeting, item_title: str, version, outcome: str) -> None:
    """The meeting's one item, the votes of those present, and the decision they made."""
    starts = meeting.starts_at
    item = AgendaItem(
        meeting=meeting,
        position=1,
        title=item_title,
        public=True,
        procedure="meeting",
        description="Vorlage des Büros zur Beratung.",
    )
    db.session.add(item)
    choices = VOTES[outcome]
    present = [a.member for a in meeting.attendance]
    for member, choice in zip(present, choices, strict=True):
        db.session.add(
            BoardVote(item=item, member=member, choice=choice, cast_at=starts + timedelta(hours=1))
        )
    yes, no, abstain = choices.count("yes"), choices.count("no"), choices.count("abstain")
    db.session.add(
        Decision(
            item=item,
            decided_on=starts.date(),
            outcome=outcome,
            rules_version=version,
            rationale="Nach ausführlicher Beratung beschlossen.",
            eligible=9,
            participating=7,
            votes_yes=yes,
            votes_no=no,
            votes_abstain=abstain,
        )
    )


def _seed_next_meeting(day: datetime) -> None:
    at = lambda hour: day.replace(hour=hour, minute=0, second=0, microsecond=0)  # noqa: E731
    db.session.add(
        BoardMeeting(
            title="Nächste Sitzung des Beirats",
            starts_at=at(16),
            ends_at=at(18),
            location="Rathaus, Raum 2.14",
            public=True,
        )
    )


def _seed_written_procedure(members: list[BoardMember], now: datetime) -> None:
    """A written procedure under way on a request under board review, three votes cast."""
    under_review = db.session.scalar(
        sa.select(HelpRequest).where(HelpRequest.status == "board_review").limit(1)
    )
    if under_review is None:
        return
    item = AgendaItem(
        title=under_review.title,
        description=under_review.description,
        request=under_review,
        procedure="written",
        deadline=now + timedelta(days=7),
        public=True,
    )
    db.session.add(item)
    for member, choice in zip(members[1:4], ["yes", "yes", "abstain"], strict=True):
        db.session.add(BoardVote(item=item, member=member, choice=choice, cast_at=now))
