"""Views of the advisory board: members and rules, meetings, items and decisions."""

from office.governance.views import board, items, meetings  # noqa: F401
