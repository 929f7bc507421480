"""The assemblies' figure for the evaluation: attendance per session of the period."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.assemblies.models import AssemblySession, SessionAttendance
from office.core.figures import Figure, Period, period_bounds, register_figure
from office.extensions import db
from office.sortition.models import Assembly


def attendance_per_session(period: Period) -> list[tuple]:
    """Per session that began in the period (with attendance recorded): members recorded, came."""
    start, end = period_bounds(period)
    came = sa.func.sum(sa.case((SessionAttendance.present.is_(True), 1), else_=0))
    rows = db.session.execute(
        sa.select(Assembly.title, AssemblySession.title, sa.func.count(SessionAttendance.id), came)
        .join(AssemblySession, AssemblySession.assembly_id == Assembly.id)
        .join(SessionAttendance, SessionAttendance.session_id == AssemblySession.id)
        .where(AssemblySession.starts_at >= start, AssemblySession.starts_at < end)
        .group_by(
            Assembly.title, AssemblySession.id, AssemblySession.title, AssemblySession.starts_at
        )
        .order_by(AssemblySession.starts_at)
    )
    return [
        (f"{assembly}: {session}", int(recorded), int(present or 0))
        for assembly, session, recorded, present in rows
    ]


register_figure(
    Figure(
        key="assembly-attendance",
        title=_l("Attendance at citizens' assembly sessions"),
        columns=(_l("Session"), _l("Members recorded"), _l("Came")),
        rows=attendance_per_session,
        chart="bar",
        order=75,
        description=_l("Sessions that began in the period and whose attendance was recorded."),
    )
)
