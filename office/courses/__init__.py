"""Training courses for municipal staff: catalogue, registration, go/no-go, staff work."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("courses", __name__, url_prefix="/courses")


def _is_staff(user) -> bool:
    return permissions.can_manage_courses(user)


def _self_registers(user) -> bool:
    return permissions.can_self_register(user)


register_nav(NavEntry("competence", _l("Courses"), "courses.index", order=30))
register_nav(
    NavEntry(
        "competence", _l("My courses"), "courses.my_courses", order=31, visible=_self_registers
    )
)
register_nav(
    NavEntry("competence", _l("Manage courses"), "courses.manage", order=32, visible=_is_staff)
)

from office.courses import calendar, cli, demo, figures, labels, permissions, privacy  # noqa: E402,F401,I001
from office.courses.invoicing import models as invoicing_models  # noqa: E402,F401
from office.courses.services import booking  # noqa: E402
from office.courses.views import (  # noqa: E402,F401
    invoices,
    manage,
    packages,
    participants,
    public,
    registration,
    staff_documents,
)
from office.courses.api import api_bp  # noqa: E402

bp.add_app_template_global(labels, "course_labels")
bp.add_app_template_global(booking.last_free_day, "course_free_day")

blueprints = (bp, api_bp)
