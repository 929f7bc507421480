"""Views of the calendar (routes register on import)."""

from office.events.views import calendar, submission  # noqa: F401
from office.events.views.calendar import calendar_filter  # noqa: F401
