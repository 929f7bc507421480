"""What other domains may use of the processes (sortition: the process an assembly belongs to)."""

import sqlalchemy as sa

from office.extensions import db
from office.processes.models import Process


def processes_by_title() -> list[tuple[int, str]]:
    """Every process as (id, title), by title: the choices of a field that links to one."""
    processes = db.session.scalars(sa.select(Process).order_by(Process.title))
    return [(process.id, process.title) for process in processes]
