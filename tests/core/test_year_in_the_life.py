"""A year in the life of the office: the demo office, a fake clock moved forward day by day over
400 days, and every periodic job run as cron runs it (the CLI, no request) on its schedule.

What a user would notice is asserted at the end: every course run whose deadline passed has a
decision and its participants their mail, once; no mail (reminders included) went out twice;
each retention rule deleted what it promises and nothing else; every job succeeded throughout
and none is late; and after `mail send-queued` with a working SMTP server (aiosmtpd) the
outbox is empty. Runs on SQLite and PostgreSQL (TEST_DATABASE_URL).

Jobs that cron runs more often than every six hours (mail, the sortition worker, the course
decision, governance reminders) run every six hours here, at their minute: each is idempotent
and catches up on everything due, so a coarser schedule changes when things happen, not what.
Daily jobs run at their cron time each day, except the backup: weekly (each is a full copy;
`tests/core/test_backup.py` shows that one restores).
"""

import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from office.auth.models import User, UserRole
from office.core import jobs
from office.core.models import OutboxMessage
from office.core.registry import DEMO_SEEDERS
from office.courses.models import CourseRun, Registration
from office.events.models import EventSignup
from office.events.services import signups
from office.requests.models import HelpRequest, ServiceLevelBreach
from office.sortition.models import Assembly, Respondent
from tests.events.factories import EventFactory
from tests.sortition.factories import assembly_with_pool

pytestmark = pytest.mark.concurrency  # commits for real, like production

START = datetime(2027, 1, 4, 5, 0, tzinfo=UTC)
DAYS = 400
FREQUENT = timedelta(hours=6)
#: backups (a full copy each, half a second with pg_dump) run weekly here, and on the last day
BACKUP_WEEKDAY = 6


def _fire_times(job: jobs.Job, day: date) -> list[datetime]:
    """When `job` runs on `day` (UTC, as cron on a UTC server)."""
    minute, hour, *_ = job.schedule.split()
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    if job.interval >= timedelta(days=1):
        if job.name == "backup create" and day.weekday() != BACKUP_WEEKDAY:
            return []
        return [midnight + timedelta(hours=int(hour), minutes=int(minute))]
    offset = 0 if minute in ("*",) or minute.startswith("*/") else int(minute)
    return [midnight + timedelta(minutes=offset) + i * FREQUENT for i in range(4)]


def _schedule(day: date) -> list[tuple[datetime, jobs.Job]]:
    return sorted(
        ((t, job) for job in jobs.jobs() for t in _fire_times(job, day)),
        key=lambda pair: (pair[0], pair[1].name),
    )


@pytest.fixture
def fast_commits(committed_db):
    """PostgreSQL: commits without waiting for the disk (synchronous_commit off). The test
    checks what the office does over a year, not the durability of each of its ~30,000
    commits, which would otherwise take most of its time."""
    engine = committed_db.engine
    if engine.dialect.name != "postgresql":
        yield
        return

    def no_wait(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")

    committed_db.session.remove()
    engine.dispose()
    sa.event.listen(engine, "connect", no_wait)
    yield
    sa.event.remove(engine, "connect", no_wait)
    committed_db.session.remove()
    engine.dispose()


def _seed(db) -> None:
    for seeder in sorted(DEMO_SEEDERS, key=lambda s: s.order):
        seeder.fn("small")
    # what the demo lacks to show each retention rule: sign-ups of a past and a coming event,
    # and an assembly whose retention ends within the year next to one whose does not
    past, coming = (
        EventFactory(capacity=5, start_at=START + timedelta(days=20)),
        EventFactory(capacity=5, start_at=START + timedelta(days=390)),
    )
    signups.sign_up(past.id, past.start_at.date(), "Ann", "ann@example.org", START)
    signups.sign_up(coming.id, coming.start_at.date(), "Bo", "bo@example.org", START)
    assembly_with_pool(
        slug="ended", ends_on=START.date() + timedelta(days=100), purge_after_days=90
    )
    assembly_with_pool(slug="running", ends_on=START.date() + timedelta(days=380))
    db.session.commit()


def _run_the_year(cron, traveller, backups) -> Counter:
    runs = Counter()
    for n in range(DAYS):
        for moment, job in _schedule(START.date() + timedelta(days=n)):
            traveller.move_to(moment)
            args = job.command.split()
            if job.name == "backup create":
                args += ["--output", str(backups / f"{moment:%Y%m%d}.backup")]
            cron(*args)
            runs[job.name] += 1
    return runs


def _scalars(db, stmt):
    db.session.rollback()  # a fresh snapshot
    return list(db.session.scalars(stmt))


def _assert_every_due_run_decided_and_mailed_once(db, end):
    runs = _scalars(db, sa.select(CourseRun).where(CourseRun.published))
    assert runs
    for run in runs:
        if run.deadline <= end:
            assert run.decision is not None, f"run {run.id} has no decision"
        if run.decided_at and run.decided_at >= START:
            people = {r.email for r in run.registrations}
            told = {m.recipient for m in _scalars(db, sa.select(OutboxMessage).where(
                OutboxMessage.created_at >= run.decided_at,
                OutboxMessage.subject.contains(run.course.title)))}  # fmt: skip
            assert people <= told, f"run {run.id}: {people - told} not told"
        if run.ends_at < end - timedelta(days=1) and run.decision in ("confirmed", "held"):
            assert run.decision == "held" and run.closed_out_at is not None
            assert all(r.needs is None for r in run.registrations)


def _assert_no_mail_twice(db):
    mails = _scalars(db, sa.select(OutboxMessage))
    twice = [
        k for k, n in Counter((m.recipient, m.subject, m.body_text) for m in mails).items() if n > 1
    ]
    assert twice == []


def _assert_every_overdue_request_reminded(db, end):
    """Each request whose clock ran past its deadline reminded someone of the office: its
    assignee, or the office staff while nobody had taken it (the demo's A-00001)."""
    staff = {u.email for u in _scalars(db, sa.select(User).join(UserRole).where(
        UserRole.role == "office_staff"))}  # fmt: skip
    # not a DISTINCT over the request's columns: PostgreSQL cannot compare its JSON column
    overdue = _scalars(db, sa.select(HelpRequest).where(
        HelpRequest.id.in_(sa.select(ServiceLevelBreach.request_id))))  # fmt: skip
    assert any(r.assignee_id is None for r in overdue) and any(r.assignee_id for r in overdue)
    for req in overdue:
        reminded = _scalars(db, sa.select(OutboxMessage.recipient).where(
            OutboxMessage.subject.contains(req.reference)))  # fmt: skip
        assert staff & set(reminded), f"{req.reference} overdue, nobody reminded"
    late = [r for r in _scalars(db, sa.select(HelpRequest)) if r.due_at and r.due_at < end]
    assert {r.id for r in late} <= {r.id for r in overdue}


def _assert_retention(db, end):
    # event sign-ups: gone 30 days after the event, kept before
    assert [s.email for s in _scalars(db, sa.select(EventSignup))] == ["bo@example.org"]
    # sortition: register and pool deleted after the retention period, of that assembly only
    assemblies = _scalars(db, sa.select(Assembly))
    purged = {a.slug for a in assemblies if a.purged_at is not None}
    assert purged == {"ended"}
    pools = Counter(_scalars(db, sa.select(Respondent.assembly_id)))
    assert {a.slug for a in assemblies if pools[a.id]} == {a.slug for a in assemblies} - purged
    # courses: registrations whose address was never confirmed go after 7 days
    unconfirmed = _scalars(db, sa.select(Registration).where(
        Registration.status == "unconfirmed", Registration.created_at < end - timedelta(days=8)))  # fmt: skip
    assert unconfirmed == []


def test_a_year_in_the_life_of_the_office(
    app, committed_db, fast_commits, cron, smtp_server, tmp_path
):
    started = time.monotonic()
    with time_machine.travel(START, tick=False) as traveller:
        _seed(committed_db)
        runs = _run_the_year(cron, traveller, tmp_path)
        end = START + timedelta(days=DAYS)
        traveller.move_to(end)
        for job in jobs.jobs():  # the minute the year ends: every job is on time
            if job.interval < timedelta(days=1):
                cron(*job.command.split())
        cron("backup", "create", "--output", str(tmp_path / "last.backup"))
        cron("mail", "send-queued", "--limit", "100000")
        assert "LATE" not in cron("jobs", "status").output
    _assert_every_due_run_decided_and_mailed_once(committed_db, end)
    _assert_no_mail_twice(committed_db)
    _assert_retention(committed_db, end)
    _assert_every_overdue_request_reminded(committed_db, end)
    outbox = Counter(m.status for m in _scalars(committed_db, sa.select(OutboxMessage)))
    assert set(outbox) == {"sent"} and len(smtp_server.messages) == outbox["sent"]
    assert runs["courses decide"] == 4 * DAYS and runs["backup create"] == DAYS // 7
    print(f"\nyear in the life: {sum(runs.values())} job runs, {outbox['sent']} mails, "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip
