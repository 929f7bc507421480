"""Accessibility statement (EU model statement, Implementing Decision (EU) 2018/1523) with its
feedback form, and the page in German Easy Language (Leichte Sprache, BITV 2.0 § 4)."""

from flask import Blueprint

bp = Blueprint("accessibility", __name__, url_prefix="/about")

from office.accessibility import views  # noqa: E402,F401
