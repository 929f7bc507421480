"""The assembly between selection and recommendations: sessions, attendance, co-facilitators,
experts' inputs and the citizens' report (Bürgergutachten / borgertingets rapport)."""

from flask import Blueprint

#: the office's pages under the assembly's public address; `flask assemblies ...` commands
bp = Blueprint("assemblies", __name__, url_prefix="/assemblies", cli_group="assemblies")

from . import calendar, cli, demo, figures, models, privacy  # noqa: E402,F401
from .views import attendance, experts, facilitators, plan, report  # noqa: E402,F401
