"""Attendance of the panel members per session, and the reminders sent before each session."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.assemblies import rules
from office.assemblies.models import AssemblySession, SessionAttendance
from office.assemblies.services.sessions import sessions_of
from office.core.audit import record
from office.core.errors import DomainError
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.extensions import db
from office.sortition import interface as selection
from office.sortition.models import Assembly


class AttendanceRefused(DomainError):
    default_message = _l("The attendance cannot be recorded.")


def record_attendance(session: AssemblySession, present_ids: set[int], now: datetime) -> int:
    """Mark each panel member present (in `present_ids`) or absent; returns how many came."""
    if now < session.starts_at:
        raise AttendanceRefused(_l("Attendance can be recorded once the session has begun."))
    members = selection.panel_members(session.assembly)
    if not members:
        raise AttendanceRefused(_l("The panel has no members whose attendance could be recorded."))
    if present_ids - {m.id for m in members}:
        raise AttendanceRefused(_l("Only members of the panel can be marked present."))
    rows = {a.respondent_id: a for a in session.attendance}
    for member in members:
        row = rows.get(member.id)
        if row is None:
            row = SessionAttendance(respondent_id=member.id, present=False, recorded_at=now)
            session.attendance.append(row)
        row.present, row.recorded_at = member.id in present_ids, now
    record("assemblies.attendance", session, None, now=now, count=len(present_ids))
    db.session.flush()
    return len(present_ids)


@dataclass
class MemberAttendance:
    """One member's record over the sessions: True (came), False (absent), None (not recorded)."""

    respondent_id: int
    name: str
    external_id: str
    by_session: dict = field(default_factory=dict)

    @property
    def absences(self) -> int:
        return sum(1 for v in self.by_session.values() if v is False)


@dataclass
class AttendanceOverview:
    sessions: list
    members: list
    #: external ids of the members the office should look at (rules.for_review)
    for_review: list
    #: session id -> share of the recorded members who came (None: not recorded)
    rates: dict
    run_id: int | None


def overview(assembly: Assembly) -> AttendanceOverview:
    """Every current member against every session, with the members due for review."""
    plan = sessions_of(assembly)
    members = selection.panel_members(assembly)
    rows = db.session.scalars(
        sa.select(SessionAttendance).filter(
            SessionAttendance.session_id.in_([s.id for s in plan] or [0])
        )
    )
    marks = {(r.session_id, r.respondent_id): r.present for r in rows}
    table = [
        MemberAttendance(m.id, m.name, m.external_id, {s.id: marks.get((s.id, m.id)) for s in plan})
        for m in members
    ]
    rates = {}
    for s in plan:
        recorded = [v for (sid, _r), v in marks.items() if sid == s.id]
        rates[s.id] = rules.attendance_rate(sum(recorded), len(recorded))
    due = rules.for_review({m.external_id: m.absences for m in table})
    return AttendanceOverview(plan, table, due, rates, selection.counting_run_id(assembly))


# --- reminders --------------------------------------------------------------------------------


def due_for_reminder(now: datetime) -> list[AssemblySession]:
    """Sessions starting within the reminder lead whose members have not been reminded."""
    candidates = db.session.scalars(
        sa.select(AssemblySession)
        .filter(
            AssemblySession.reminded_at.is_(None),
            AssemblySession.starts_at > now,
            AssemblySession.starts_at <= now + rules.REMINDER_LEAD + timedelta(seconds=1),
        )
        .order_by(AssemblySession.starts_at)
    )
    return [s for s in candidates if rules.reminder_due(s.starts_at, s.reminded_at, now)]


def remind_members(session: AssemblySession, now: datetime) -> int:
    """Mail every current member with an address a reminder in their language; returns how many."""
    languages = selection.member_languages(session.assembly)
    link = absolute_url("assemblies.plan", slug=session.assembly.slug)
    sent = 0
    for member in selection.panel_members(session.assembly):
        if "@" not in member.contact:
            continue
        queue_mail(
            member.contact,
            _l("Reminder: %(title)s", title=session.assembly.title),
            "assemblies/session_reminder",
            locale=languages.get(member.external_id),
            member=member,
            session=session,
            link=link,
        )
        sent += 1
    session.reminded_at = now
    db.session.flush()
    return sent
