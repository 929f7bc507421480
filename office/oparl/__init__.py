"""The advisory board as an OParl 1.1 system (the German open standard for council information
systems): the office is the Body, the board its Organization, with members who consented to
publication, public meetings, their agenda items and the matters put to the board as papers.

Read-only, under /oparl/v1.1/; docs/oparl.md says what is published and how."""

from flask import Blueprint

bp = Blueprint("oparl", __name__, url_prefix="/oparl/v1.1")

from office.oparl import api  # noqa: E402,F401

blueprints = (bp,)
