"""Accounts, roles, login, invitations and password reset."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/account")

from . import demo, labels, models, privacy, views  # noqa: E402,F401
