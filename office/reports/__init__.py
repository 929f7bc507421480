"""Evaluation reports: dashboard, annual report (page, PDF), CSV of every figure.

Figures come from a registry (office/core/figures.py) that each domain adds to in its
`figures.py`.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.access import is_staff
from office.core.registry import NavEntry, register_nav

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _staff_or_board(user) -> bool:
    return is_staff(user) or (user.is_authenticated and user.has_role("board_member"))


register_nav(
    NavEntry("governance", _l("Evaluation"), "reports.dashboard", order=30, visible=_staff_or_board)
)

from office.reports import views  # noqa: E402,F401
