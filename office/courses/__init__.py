"""Training courses for municipal staff."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("courses", __name__, url_prefix="/courses")

register_nav(NavEntry("competence", _l("Courses"), "courses.index", order=30))

from . import views  # noqa: E402,F401
