"""Translated labels of the venue directory."""

from flask_babel import lazy_gettext as _l

from office.core.audit import register_actions
from office.venues.models import VenueKind, VenueStatus

FEATURE_LABELS = {
    "step_free": _l("Step-free access"),
    "accessible_toilet": _l("Accessible toilet"),
    "hearing_loop": _l("Hearing loop"),
    "quiet_room": _l("Quiet room"),
}

STATUS_LABELS = {
    VenueStatus.PENDING: _l("Waiting for review"),
    VenueStatus.PUBLISHED: _l("Published"),
    VenueStatus.REJECTED: _l("Not taken"),
    VenueStatus.ARCHIVED: _l("Archived"),
}

KIND_LABELS = {
    VenueKind.CENTRE: _l("Neighbourhood centre"),
    VenueKind.ROOM: _l("Meeting room"),
    VenueKind.LIBRARY: _l("Library"),
    VenueKind.SCHOOL: _l("School"),
    VenueKind.OUTDOOR: _l("Outdoor place"),
    VenueKind.OTHER: _l("Other place"),
}

register_actions(
    "venues",
    _l("Venues"),
    {
        "created": _l("venue created"),
        "changed": _l("venue changed"),
        "moderated": _l("venue moderated"),
    },
)
