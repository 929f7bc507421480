"""Operations on venues: save (staff publish, initiatives suggest), moderate. Never commit."""

from dataclasses import dataclass, fields

from flask_babel import lazy_gettext as _l

from office.core.access import is_staff
from office.core.audit import record
from office.core.errors import DomainError, NotFound
from office.core.links import absolute_url
from office.core.models import District
from office.core.outbox import queue_mail
from office.extensions import db
from office.venues import permissions, rules
from office.venues.models import Venue, VenueKind, VenueStatus


@dataclass
class VenueData:
    """What the venue form says."""

    name: str
    street: str
    city: str
    kind: str = VenueKind.CENTRE
    postcode: str = ""
    district: int | None = None
    opening_hours: str = ""
    step_free: bool = False
    accessible_toilet: bool = False
    hearing_loop: bool = False
    quiet_room: bool = False
    access_note: str = ""
    capacity: int | None = None
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @classmethod
    def from_form(cls, data: dict) -> "VenueData":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


TEXT_FIELDS = (
    "name",
    "street",
    "postcode",
    "city",
    "opening_hours",
    "access_note",
    "contact_email",
    "contact_phone",
    "website",
)


def _check(actor, data: VenueData) -> None:
    if not (data.street or "").strip() or not (data.city or "").strip():
        raise DomainError(_l("A venue needs an address: street and city."), field="street")
    if not (data.name or "").strip():
        raise DomainError(_l("Please give the name of the place."), field="name")
    if data.kind not in VenueKind.__members__.values():
        raise DomainError(_l("Unknown kind of place."), field="kind")
    if data.district is not None and db.session.get(District, data.district) is None:
        raise DomainError(_l("Unknown district."), field="district")
    if not rules.position_complete(data.latitude, data.longitude):
        raise DomainError(_l("A map position needs both latitude and longitude."), field="latitude")
    if (data.latitude is not None) and not is_staff(actor):
        raise DomainError(_l("Only the office places venues on the map."), field="latitude")


def save_venue(actor, venue: Venue | None, data: VenueData) -> Venue:
    """Create or change a venue. Staff publish at once; an initiative's suggestion waits."""
    if not permissions.can_suggest_venue(actor):
        raise NotFound()
    if venue is not None and not permissions.can_manage_venues(actor):
        raise NotFound()
    _check(actor, data)
    if venue is None:
        staff = is_staff(actor)
        venue = Venue(
            suggested_by=None if staff else actor,
            status=VenueStatus.PUBLISHED if staff else VenueStatus.PENDING,
        )
        db.session.add(venue)
    for name in TEXT_FIELDS:
        setattr(venue, name, (getattr(data, name) or "").strip())
    for name in rules.ACCESS_FEATURES:
        setattr(venue, name, bool(getattr(data, name)))
    venue.kind, venue.district_id, venue.capacity = data.kind, data.district, data.capacity
    if is_staff(actor):
        venue.latitude, venue.longitude = data.latitude, data.longitude
    action = "venues.changed" if venue.id else "venues.created"
    record(action, venue, actor, status=str(venue.status))
    db.session.flush()
    return venue


#: decision -> (allowed from, new status, reason required, mail subject)
DECISIONS = {
    "publish": (
        (VenueStatus.PENDING, VenueStatus.REJECTED, VenueStatus.ARCHIVED),
        VenueStatus.PUBLISHED,
        False,
        _l("The place you suggested is in the directory of venues"),
    ),
    "reject": (
        (VenueStatus.PENDING,),
        VenueStatus.REJECTED,
        True,
        _l("The place you suggested was not taken into the directory of venues"),
    ),
    "archive": ((VenueStatus.PUBLISHED,), VenueStatus.ARCHIVED, False, None),
}


def moderate_venue(actor, venue: Venue, decision: str, reason: str) -> None:
    """A moderator's decision; whoever suggested the place learns it by email."""
    if not permissions.can_manage_venues(actor):
        raise NotFound()
    spec = DECISIONS.get(decision)
    if spec is None:
        raise DomainError(_l("Unknown decision."), field="decision")
    allowed, status, needs_reason, subject = spec
    if venue.status not in allowed:
        raise DomainError(_l("This decision is not possible in the venue's current state."))
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise DomainError(_l("Please give a reason."), field="reason")
    venue.status, venue.moderation_note = status, reason
    record("venues.moderated", venue, actor, decision=decision)
    if subject is not None and venue.suggested_by is not None:
        _tell_suggester(venue, decision, subject, reason)


def _tell_suggester(venue: Venue, decision: str, subject, reason: str) -> None:
    user = venue.suggested_by
    queue_mail(
        user.email,
        subject,
        f"venues/{decision}",
        locale=user.locale,
        user=user,
        venue=venue,
        reason=reason,
        link=absolute_url("venues.show", venue_id=venue.id),
    )
