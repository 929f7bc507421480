"""Refusals of the sortition services."""

from flask_babel import lazy_gettext as _l

from office.core.errors import DomainError
from office.core.formatting import counted


class ImportRejected(DomainError):
    """A CSV file with bad rows: nothing was stored; `problems` name every bad row."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(
            counted(
                "The file was not imported: %(num)s problem.",
                "The file was not imported: %(num)s problems.",
                len(problems),
            )
        )


class QuotasInfeasible(DomainError):
    """No panel can meet the quotas; `problems` / `relaxations` say which categories conflict."""

    def __init__(self, problems=(), relaxations=()):
        self.problems = list(problems)
        self.relaxations = list(relaxations)
        super().__init__(_l("The quotas cannot be met. Nothing was run."))
