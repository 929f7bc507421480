"""Periodic jobs: the commands cron (or systemd timers) runs, and a record of their runs.

Each periodic command declares itself with `@periodic_job(name, schedule, counts)`. The
declaration is the one source of the README's cron block, the units under `deploy/`
(`flask jobs cron`, `flask jobs systemd`) and the jobs page. Around every run the recorder
notes the start, the end, what the job did (its counts) and the error of a failed run in
`periodic_jobs`; a job that has not succeeded within twice its interval is late, shown on the
staff home page and by `flask jobs status` (which then exits 1, for monitoring).

Item by item: a service that works through items (runs, reminders, sign-ups...) takes an
`each` argument and calls `each(items, work, what)`. Its default, `in_turn`, works on them all
in the caller's transaction (the web, tests); a periodic command passes `run.each`, which gives
every item its own transaction (or savepoint): an item that fails is rolled back alone and
recorded, the others go on, and the command exits non-zero at the end with the failure in
`periodic_jobs` (`flask jobs status`, the jobs page); the next run retries the item.
"""

import functools
import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import click
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from office.core import rules
from office.core.clock import utcnow
from office.core.db import write_intent
from office.core.models import PeriodicJob
from office.extensions import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A periodic command: `flask <name> <args>` on the cron `schedule`."""

    name: str
    schedule: str
    description: object  # a lazy, translated sentence
    #: labels (lazy, translated) of the numbers a run reports, by key
    counts: dict = field(default_factory=dict)
    args: str = ""

    @property
    def command(self) -> str:
        return f"{self.name} {self.args}".strip()

    @property
    def interval(self) -> timedelta:
        return rules.cron_interval(self.schedule)

    @property
    def unit_name(self) -> str:
        return "office-" + self.name.replace(" ", "-")


#: every periodic job, by name
JOBS: dict[str, Job] = {}


def jobs() -> list[Job]:
    """Every job, the most frequent first (the order of the cron block and the jobs page)."""
    return sorted(JOBS.values(), key=lambda j: (j.interval, j.name))


@dataclass
class Run:
    """One run of a job: what it did and which items failed."""

    job: Job
    counts: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def __post_init__(self):
        self.counts = {key: 0 for key in self.job.counts} | self.counts

    def count(self, key: str, number: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + number

    def item_failed(self, item: str, exc: BaseException) -> None:
        """Record one failed item (the caller has rolled back) and go on with the others."""
        log.exception("%s: %s failed", self.job.name, item, exc_info=exc)
        self.errors.append(f"{item}: {one_line(exc)}")

    def commit(self, operation: Callable, /, *args, **kwargs):
        """`operation(*args, **kwargs)` in one writing transaction, committed: a command's one
        owner of the commit, as `office.core.transaction.perform` is a view's."""
        with write_intent():
            value = operation(*args, **kwargs)
            db.session.commit()
        return value

    def each(self, items: Iterable, work: Callable, what: str = "{}", savepoint=False) -> list:
        """`work(item)` for every item, each on its own; the results of those that succeeded.

        Each item is committed on its own (what the caller changed before is committed
        first), or with `savepoint` kept in the caller's transaction inside a savepoint (for
        work whose items must land together with the caller's change). A failing item is
        rolled back alone and recorded as `what.format(item)`; the others go on.
        """
        items = list(items)  # ids, read before the first commit or rollback
        if not savepoint:
            db.session.commit()
        done = []
        for item in items:
            try:
                if savepoint:
                    with db.session.begin_nested():
                        result = work(item)
                else:
                    result = work(item)
                    db.session.commit()
            except Exception as exc:  # noqa: BLE001 - one broken item must not stop the others
                if not savepoint:
                    db.session.rollback()
                self.item_failed(what.format(item), exc)
                continue
            done.append(result)
        return done


def in_turn(items: Iterable, work: Callable, what: str = "{}", savepoint=False) -> list:
    """`work(item)` for every item in the caller's transaction; the first failure stops it
    (the default `each` of services: the web and tests see every error)."""
    return [work(item) for item in list(items)]


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:500]


def _state(name: str) -> PeriodicJob:
    row = db.session.get(PeriodicJob, name)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = PeriodicJob(job=name, last_counts={}, runs=0, failures=0)
            db.session.add(row)
    except IntegrityError:  # another server recorded its first run at the same moment
        row = db.session.get(PeriodicJob, name)
    return row


def _mark_started(name: str, now: datetime) -> None:
    with write_intent():
        _state(name).last_started_at = now
        db.session.commit()


def _mark_finished(run: Run, error: str | None) -> None:
    now = utcnow()
    with write_intent():
        row = _state(run.job.name)
        row.last_finished_at = now
        row.last_counts = dict(run.counts)
        row.runs += 1
        if error is None:
            row.last_succeeded_at = now
        else:
            row.last_failed_at, row.last_error = now, error[:500]
            row.failures += 1
        db.session.commit()


@contextmanager
def recording(name: str):
    """Record a run of job `name` around the block; the block gets the `Run`."""
    run = Run(JOBS[name])
    _mark_started(name, utcnow())
    try:
        yield run
    except Exception as exc:
        db.session.rollback()
        _mark_finished(run, one_line(exc))
        raise
    _mark_finished(run, "; ".join(run.errors) or None)
    if run.errors:
        raise click.ClickException(f"{len(run.errors)} item(s) failed, first: {run.errors[0]}")


def periodic_job(name: str, schedule: str, description, counts=None, args="", unless=None):
    """Declare a periodic command and record its runs; the command gets the `Run` first.

    `unless` names a flag (e.g. "dry_run") under which the run is not recorded.
    """
    JOBS[name] = Job(name, schedule, description, dict(counts or {}), args)

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def command(*a, **kw):
            if unless and kw.get(unless):
                return fn(Run(JOBS[name]), *a, **kw)
            with recording(name) as run:
                return fn(run, *a, **kw)

        return command

    return decorate


@dataclass
class JobStatus:
    job: Job
    state: PeriodicJob | None
    late: bool

    @property
    def running(self) -> bool:
        s = self.state
        return bool(
            s
            and s.last_started_at
            and (s.last_finished_at is None or s.last_started_at > s.last_finished_at)
        )


def statuses(now: datetime) -> list[JobStatus]:
    """Every declared job with its latest runs and whether it is late."""
    rows = {r.job: r for r in db.session.scalars(sa.select(PeriodicJob))}
    result = []
    for job in jobs():
        row = rows.get(job.name)
        succeeded = row.last_succeeded_at if row else None
        result.append(JobStatus(job, row, rules.job_is_late(succeeded, job.interval, now)))
    return result


def late_jobs(now: datetime) -> list[JobStatus]:
    return [s for s in statuses(now) if s.late]


# --- deployment files ---------------------------------------------------------------------

CRON_LINE = "{schedule:<13}cd {home} && .venv/bin/flask {command}"


def cron_block(home: str = "/srv/office") -> str:
    """The crontab lines of every job."""
    return "\n".join(
        CRON_LINE.format(schedule=j.schedule, home=home, command=j.command) for j in jobs()
    )


SERVICE = """[Unit]
Description=Participation office: flask {command}

[Service]
Type=oneshot
User=office
WorkingDirectory={home}
EnvironmentFile=/etc/office/office.env
ExecStart={home}/.venv/bin/flask {command}
"""

TIMER = """[Unit]
Description=Participation office: flask {command} ({schedule})

[Timer]
OnCalendar={on_calendar}
Persistent=true

[Install]
WantedBy=timers.target
"""


def systemd_units(home: str = "/srv/office") -> dict[str, str]:
    """File name -> content of a oneshot service and its timer for every job."""
    units = {}
    for job in jobs():
        values = {
            "command": job.command,
            "home": home,
            "schedule": job.schedule,
            "on_calendar": rules.systemd_on_calendar(job.schedule),
        }
        units[f"{job.unit_name}.service"] = SERVICE.format(**values)
        units[f"{job.unit_name}.timer"] = TIMER.format(**values)
    return units
