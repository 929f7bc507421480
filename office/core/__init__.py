"""Shared machinery: clock, database helpers, access policies, mail outbox, i18n, registries."""

from flask import Blueprint

bp = Blueprint("core", __name__)

from . import cache, demo, models, privacy, views  # noqa: E402,F401
