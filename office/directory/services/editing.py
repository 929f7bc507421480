"""Registering and editing initiatives (logo included). They never commit."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.auth import interface as accounts
from office.auth.models import User
from office.core.access import is_staff
from office.core.audit import record
from office.core.errors import DomainError, NotFound
from office.core.links import absolute_url
from office.core.models import District, Topic
from office.core.outbox import queue_mail
from office.core.rules import normalise_email
from office.core.translations import clean_translations
from office.directory import rules
from office.directory.models import Initiative, InitiativeLanguage, Representative
from office.directory.permissions import can_edit_initiative
from office.directory.services import logos
from office.directory.services.representatives import give_representative_role
from office.extensions import db
from office.venues import interface as venues

CONFIRM_PURPOSE = "initiative-registration"


CONFIRM_HOURS = 72


LOGO_MESSAGES = {
    "too_large": _l("The logo may be at most 2 MB."),
    "format": _l("The logo must be a PNG, JPEG or WebP image."),
    "dimensions": _l("The logo has too many pixels. Please send a smaller image."),
}


@dataclass
class InitiativeData:
    """What a form says about an initiative (field names as in the model)."""

    name: str
    short_description: str
    description: str = ""
    district_ids: tuple = ()
    topic_ids: tuple = ()
    language_codes: tuple = ()
    meeting_place: str = ""
    venue_id: int | None = None
    meeting_times: str = ""
    accessibility: str = ""
    website: str = ""
    contact_email: str = ""
    founded_year: int | None = None
    #: the self-description in the office's other languages (office/core/translations.py)
    translations: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "name": self.name.strip(),
            "short_description": self.short_description.strip(),
            "description": self.description.strip(),
            "district_ids": sorted(set(self.district_ids)),
            "topic_ids": sorted(set(self.topic_ids)),
            "language_codes": sorted(set(self.language_codes)),
            "meeting_place": self.meeting_place.strip(),
            "venue_id": self.venue_id,
            "meeting_times": self.meeting_times.strip(),
            "accessibility": self.accessibility.strip(),
            "website": self.website.strip(),
            "contact_email": normalise_email(self.contact_email) if self.contact_email else "",
            "founded_year": self.founded_year,
            "translations": clean_translations(self.translations),
        }


def editable_initiative(user, initiative_id: int) -> Initiative:
    """The initiative if `user` may edit it; NotFound otherwise (answered as 404)."""
    initiative = db.session.get(Initiative, initiative_id)
    if initiative is None or not can_edit_initiative(user, initiative):
        raise NotFound()
    return initiative


def current_values(initiative: Initiative) -> dict:
    return {
        "name": initiative.name,
        "short_description": initiative.short_description,
        "description": initiative.description,
        "district_ids": sorted(d.id for d in initiative.districts),
        "topic_ids": sorted(t.id for t in initiative.topics),
        "language_codes": sorted(initiative.language_codes),
        "meeting_place": initiative.meeting_place,
        "venue_id": initiative.venue_id,
        "meeting_times": initiative.meeting_times,
        "accessibility": initiative.accessibility,
        "website": initiative.website,
        "contact_email": initiative.contact_email,
        "founded_year": initiative.founded_year,
        "translations": initiative.translations or {},
    }


def _all_known(model, ids) -> bool:
    ids = set(ids)
    return not ids or set(db.session.scalars(sa.select(model.id).where(model.id.in_(ids)))) == ids


def check_values(values: dict, now) -> None:
    """Refuse unknown districts, topics and languages and an impossible founding year."""
    if not _all_known(District, values["district_ids"]):
        raise DomainError(_l("Unknown district."), field="districts")
    if not _all_known(Topic, values["topic_ids"]):
        raise DomainError(_l("Unknown topic."), field="topics")
    if values.get("venue_id") is not None and venues.published_venue(values["venue_id"]) is None:
        raise DomainError(_l("Please choose a venue from the list."), field="venue")
    if set(values["language_codes"]) - set(rules.LANGUAGE_CODES):
        raise DomainError(_l("Unknown language."), field="languages")
    if not rules.founded_year_ok(values["founded_year"], now.year):
        raise DomainError(
            _l("Please give a year between 1800 and this year."), field="founded_year"
        )


def apply_values(initiative: Initiative, values: dict) -> None:
    """Write form values to the entry (and the name to its CRM record)."""
    for key, value in values.items():
        if key == "district_ids":
            initiative.districts = list(
                db.session.scalars(sa.select(District).where(District.id.in_(value)))
            )
        elif key == "topic_ids":
            initiative.topics = list(
                db.session.scalars(sa.select(Topic).where(Topic.id.in_(value)))
            )
        elif key == "language_codes":
            initiative.languages = [InitiativeLanguage(code=c) for c in value]
        else:
            setattr(initiative, key, value)
    if initiative.organisation is not None and "name" in values:
        initiative.organisation.name = values["name"]


def _logo(initiative: Initiative, logo_bytes: bytes | None, remove_logo: bool) -> None:
    if logo_bytes:
        _replace_logo(initiative, logo_bytes)
    elif remove_logo and initiative.logo_filename:
        logos.delete_logo(initiative.logo_filename)
        initiative.logo_filename = None


def _replace_logo(initiative: Initiative, logo_bytes: bytes) -> None:
    """Store the new logo, then delete the old one."""
    old = initiative.logo_filename
    initiative.logo_filename = logos.store_logo(_reencoded(logo_bytes))
    logos.delete_logo(old)


def _reencoded(logo_bytes: bytes) -> bytes:
    """The logo as WebP; a refusal for a file that is no usable image."""
    try:
        return logos.reencode_logo(logo_bytes)
    except logos.LogoRejected as exc:
        raise DomainError(LOGO_MESSAGES[exc.reason], field="logo") from exc


def _new_initiative(data: InitiativeData, user: User, now, logo_bytes: bytes | None) -> Initiative:
    values = data.as_dict()
    check_values(values, now)
    initiative = Initiative(status="pending", name=values["name"], short_description="")
    apply_values(initiative, values)
    initiative.representatives = [Representative(user=user)]
    db.session.add(initiative)
    _logo(initiative, logo_bytes, False)
    db.session.flush()
    return initiative


def register_initiative(
    data: InitiativeData,
    rep_name: str,
    rep_email: str,
    password: str,
    now,
    locale: str | None = None,
    logo_bytes: bytes | None = None,
) -> Initiative:
    """Self-registration: a new representative account (unconfirmed) and a pending entry.

    The entry reaches the moderators once the representative confirms their email address.
    """
    user = _new_representative(rep_name, rep_email, password, locale)
    initiative = _new_initiative(data, user, now, logo_bytes)
    record("directory.registered", initiative, user, now=now)
    link = absolute_url("directory.confirm", token=accounts.link_token(user, CONFIRM_PURPOSE))
    queue_mail(
        user.email,
        _l("Please confirm your email address"),
        "directory/confirm",
        locale=locale,
        user=user,
        initiative=initiative,
        link=link,
        hours=CONFIRM_HOURS,
    )
    return initiative


#: registering with an address that has an account already
ACCOUNT_EXISTS = _l(
    "An account with this email address exists already. Please log in and "
    "register the initiative from your account."
)


def _new_representative(name: str, email: str, password: str, locale: str | None) -> User:
    """An unconfirmed account of a representative with the password they chose."""
    if accounts.account_with(email) is not None:
        raise DomainError(ACCOUNT_EXISTS, field="email")
    accounts.check_new_password(password, email)
    user = User(email=normalise_email(email), name=name.strip(), locale=locale)
    user.set_password(password)
    user.set_roles({"initiative_rep"})
    db.session.add(user)
    db.session.flush()
    return user


def register_for_user(
    user: User, data: InitiativeData, now, logo_bytes: bytes | None = None
) -> Initiative:
    """A logged-in representative registers a further initiative; it goes to moderation."""
    initiative = _new_initiative(data, user, now, logo_bytes)
    initiative.submitted_at = now
    record("directory.registered", initiative, user, now=now)
    give_representative_role(user)
    return initiative


def confirm_registration(token: str, now) -> User:
    """The representative owns the address: their entries go to moderation."""
    user = accounts.account_from_token(token, CONFIRM_PURPOSE, CONFIRM_HOURS * 3600)
    user.email_confirmed_at = user.email_confirmed_at or now
    for rep in db.session.scalars(sa.select(Representative).filter_by(user_id=user.id)):
        _submit(rep.initiative, user, now)
    return user


def _submit(initiative: Initiative, user: User, now) -> None:
    """Send the entry to moderation, unless it was sent already."""
    if initiative.submitted_at is None:
        initiative.submitted_at = now
        record("directory.submitted", initiative, user, now=now)


def update_initiative(
    actor,
    initiative: Initiative,
    data: InitiativeData,
    now,
    logo_bytes: bytes | None = None,
    remove_logo: bool = False,
) -> dict:
    """Save an edit; returns the changes that wait for moderation (empty if none)."""
    values = data.as_dict()
    check_values(values, now)
    published = initiative.status == "published" and not is_staff(actor)
    immediate, waiting = rules.split_edit(current_values(initiative), values, published)
    apply_values(initiative, immediate)
    _logo(initiative, logo_bytes, remove_logo)
    _route_to_moderation(actor, initiative, waiting, now)
    record("directory.changed", initiative, actor, now=now, waiting=sorted(waiting))
    return waiting


def _route_to_moderation(actor, initiative: Initiative, waiting: dict, now) -> None:
    """What waits joins what waited (staff's own edit supersedes it); a representative's
    answer to "changes requested" goes back to the moderators."""
    staff = is_staff(actor)
    if staff and initiative.pending_changes:
        initiative.pending_changes = None
    if waiting:
        initiative.pending_changes = {**(initiative.pending_changes or {}), **waiting}
    if initiative.status == "changes_requested" and not staff:
        initiative.status = "pending"
        initiative.submitted_at = now
