"""Operations of the initiative directory. They never commit; the caller does."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from office.auth import services as auth_services
from office.auth.models import User
from office.auth.rules import normalise_email
from office.contacts.models import Organisation
from office.core.access import is_staff
from office.core.errors import DomainError, NotFound
from office.core.models import District, Topic
from office.core.outbox import queue_mail
from office.directory import logos, rules
from office.directory.models import Initiative, InitiativeLanguage, Representative
from office.extensions import db

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
    meeting_times: str = ""
    accessibility: str = ""
    website: str = ""
    contact_email: str = ""
    founded_year: int | None = None

    def as_dict(self) -> dict:
        return {
            "name": self.name.strip(),
            "short_description": self.short_description.strip(),
            "description": self.description.strip(),
            "district_ids": sorted(set(self.district_ids)),
            "topic_ids": sorted(set(self.topic_ids)),
            "language_codes": sorted(set(self.language_codes)),
            "meeting_place": self.meeting_place.strip(),
            "meeting_times": self.meeting_times.strip(),
            "accessibility": self.accessibility.strip(),
            "website": self.website.strip(),
            "contact_email": normalise_email(self.contact_email) if self.contact_email else "",
            "founded_year": self.founded_year,
        }


def can_edit_initiative(user, initiative: Initiative) -> bool:
    """Staff edit every entry; a representative only the initiatives they represent."""
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return any(rep.user_id == user.id for rep in initiative.representatives)


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
        "meeting_times": initiative.meeting_times,
        "accessibility": initiative.accessibility,
        "website": initiative.website,
        "contact_email": initiative.contact_email,
        "founded_year": initiative.founded_year,
    }


def _check(values: dict, now) -> None:
    if values["district_ids"]:
        found = set(
            db.session.scalars(
                sa.select(District.id).where(District.id.in_(values["district_ids"]))
            )
        )
        if found != set(values["district_ids"]):
            raise DomainError(_l("Unknown district."), field="districts")
    if values["topic_ids"]:
        found = set(
            db.session.scalars(sa.select(Topic.id).where(Topic.id.in_(values["topic_ids"])))
        )
        if found != set(values["topic_ids"]):
            raise DomainError(_l("Unknown topic."), field="topics")
    if set(values["language_codes"]) - set(rules.LANGUAGE_CODES):
        raise DomainError(_l("Unknown language."), field="languages")
    if not rules.founded_year_ok(values["founded_year"], now.year):
        raise DomainError(
            _l("Please give a year between 1800 and this year."), field="founded_year"
        )


def _apply(initiative: Initiative, values: dict) -> None:
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
        try:
            webp = logos.reencode_logo(logo_bytes)
        except logos.LogoRejected as exc:
            raise DomainError(LOGO_MESSAGES[exc.reason], field="logo") from exc
        old = initiative.logo_filename
        initiative.logo_filename = logos.store_logo(webp)
        logos.delete_logo(old)
    elif remove_logo and initiative.logo_filename:
        logos.delete_logo(initiative.logo_filename)
        initiative.logo_filename = None


def _new_initiative(data: InitiativeData, user: User, now, logo_bytes: bytes | None) -> Initiative:
    values = data.as_dict()
    _check(values, now)
    initiative = Initiative(status="pending", name=values["name"], short_description="")
    _apply(initiative, values)
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
    if auth_services.find_user(rep_email) is not None:
        raise DomainError(
            _l(
                "An account with this email address exists already. Please log in and "
                "register the initiative from your account."
            ),
            field="email",
        )
    auth_services.check_new_password(password, rep_email)
    user = User(email=normalise_email(rep_email), name=rep_name.strip(), locale=locale)
    user.set_password(password)
    user.set_roles({"initiative_rep"})
    db.session.add(user)
    db.session.flush()
    initiative = _new_initiative(data, user, now, logo_bytes)
    link = url_for(
        "directory.confirm",
        token=auth_services.make_token(user, CONFIRM_PURPOSE),
        _external=True,
    )
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


def register_for_user(
    user: User, data: InitiativeData, now, logo_bytes: bytes | None = None
) -> Initiative:
    """A logged-in representative registers a further initiative; it goes to moderation."""
    initiative = _new_initiative(data, user, now, logo_bytes)
    initiative.submitted_at = now
    if not user.has_role("initiative_rep"):
        user.set_roles(user.role_names | {"initiative_rep"})
    return initiative


def confirm_registration(token: str, now) -> User:
    """The representative owns the address: their entries go to moderation."""
    user = auth_services.user_from_token(token, CONFIRM_PURPOSE, CONFIRM_HOURS * 3600)
    user.email_confirmed_at = user.email_confirmed_at or now
    for rep in db.session.scalars(sa.select(Representative).filter_by(user_id=user.id)):
        if rep.initiative.submitted_at is None:
            rep.initiative.submitted_at = now
    return user


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
    _check(values, now)
    published = initiative.status == "published" and not is_staff(actor)
    immediate, waiting = rules.split_edit(current_values(initiative), values, published)
    _apply(initiative, immediate)
    _logo(initiative, logo_bytes, remove_logo)
    if is_staff(actor) and initiative.pending_changes:
        initiative.pending_changes = None  # staff's own edit supersedes what waited
    if waiting:
        initiative.pending_changes = {**(initiative.pending_changes or {}), **waiting}
    if initiative.status == "changes_requested" and not is_staff(actor):
        initiative.status = "pending"  # back to the moderators
        initiative.submitted_at = now
    return waiting


def _ensure_organisation(initiative: Initiative) -> None:
    """Link the initiative to its CRM record: the one of the same name and kind, or a new one."""
    if initiative.organisation is not None:
        return
    existing = db.session.scalar(
        sa.select(Organisation)
        .outerjoin(Initiative, Initiative.organisation_id == Organisation.id)
        .where(
            Organisation.kind == "initiative",
            Organisation.name == initiative.name,
            Initiative.id.is_(None),
        )
        .limit(1)
    )
    initiative.organisation = existing or Organisation(name=initiative.name, kind="initiative")


def _notify_representatives(initiative: Initiative, subject, template: str, **ctx) -> None:
    for rep in initiative.representatives:
        queue_mail(
            rep.user.email,
            subject,
            template,
            locale=rep.user.locale,
            user=rep.user,
            initiative=initiative,
            link=url_for("directory.mine", _external=True),
            **ctx,
        )


DECISION_SUBJECTS = {
    "publish": _l("Your initiative is now in the directory"),
    "request_changes": _l("Please revise your initiative's entry"),
    "reject": _l("Your initiative was not included in the directory"),
    "archive": _l("Your initiative's entry has been archived"),
}


def moderate(actor, initiative: Initiative, decision: str, reason: str, now) -> None:
    """A moderator's decision, explained to every representative by email."""
    if decision not in rules.DECISIONS:
        raise DomainError(_l("Unknown decision."), field="decision")
    if not rules.decision_allowed(decision, initiative.status):
        raise DomainError(_l("This decision is not possible in the entry's current state."))
    reason = (reason or "").strip()
    if rules.reason_required(decision) and not reason:
        raise DomainError(_l("Please give the initiative a reason."), field="reason")
    initiative.status = rules.DECISIONS[decision][1]
    initiative.moderation_note = reason
    if decision == "publish":
        initiative.published_at = initiative.published_at or now
        _ensure_organisation(initiative)
    _notify_representatives(
        initiative, DECISION_SUBJECTS[decision], f"directory/{decision}", reason=reason
    )


def decide_changes(actor, initiative: Initiative, accept: bool, reason: str, now) -> None:
    """Accept or decline the edits of a published entry that waited for moderation."""
    if not initiative.pending_changes:
        raise DomainError(_l("There are no changes waiting."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise DomainError(_l("Please give the initiative a reason."), field="reason")
    if accept:
        values = {
            k: v for k, v in initiative.pending_changes.items() if k in rules.MODERATED_FIELDS
        }
        _check({**current_values(initiative), **values}, now)
        _apply(initiative, values)
    initiative.pending_changes = None
    _notify_representatives(
        initiative,
        _l("Your changes are published") if accept else _l("Your changes were not published"),
        "directory/changes_decided",
        accepted=accept,
        reason=reason,
    )


def invite_representative(actor, initiative: Initiative, email: str, name: str) -> User:
    """Add a co-representative: an existing account at once, else an invitation to join."""
    email = normalise_email(email)
    if any(rep.user.email == email for rep in initiative.representatives):
        raise DomainError(_l("This person represents the initiative already."), field="email")
    user = auth_services.find_user(email)
    if user is None:
        user = auth_services.invite_user(actor, email, name, {"initiative_rep"})
    else:
        if not user.has_role("initiative_rep"):
            user.set_roles(user.role_names | {"initiative_rep"})
        queue_mail(
            user.email,
            _l("You now represent %(name)s", name=initiative.name),
            "directory/co_representative",
            locale=user.locale,
            user=user,
            inviter=actor,
            initiative=initiative,
            link=url_for("directory.mine", _external=True),
        )
    initiative.representatives.append(Representative(user=user))
    db.session.flush()
    return user


def remove_representative(actor, initiative: Initiative, user_id: int) -> None:
    reps = initiative.representatives
    target = next((r for r in reps if r.user_id == user_id), None)
    if target is None:
        raise NotFound()
    if len(reps) == 1:
        raise DomainError(_l("An initiative needs at least one representative."))
    reps.remove(target)


# --- public directory ---------------------------------------------------------------------


@dataclass
class DirectoryFilter:
    q: str = ""
    district_id: int | None = None
    topic_id: int | None = None
    language: str = ""


def directory_query(flt: DirectoryFilter, statuses=("published",)):
    """Published initiatives matching the filter, by name; related rows load in bulk."""
    from office.directory.models import initiative_districts, initiative_topics

    stmt = (
        sa.select(Initiative)
        .where(Initiative.status.in_(statuses))
        .options(
            selectinload(Initiative.districts),
            selectinload(Initiative.topics),
            selectinload(Initiative.languages),
        )
        .order_by(Initiative.name, Initiative.id)
    )
    if flt.q:
        pattern = f"%{flt.q.strip().lower()}%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Initiative.name).like(pattern),
                sa.func.lower(Initiative.short_description).like(pattern),
            )
        )
    if flt.district_id:
        stmt = stmt.where(
            sa.exists().where(
                initiative_districts.c.initiative_id == Initiative.id,
                initiative_districts.c.district_id == flt.district_id,
            )
        )
    if flt.topic_id:
        stmt = stmt.where(
            sa.exists().where(
                initiative_topics.c.initiative_id == Initiative.id,
                initiative_topics.c.topic_id == flt.topic_id,
            )
        )
    if flt.language:
        stmt = stmt.where(
            sa.exists().where(
                InitiativeLanguage.initiative_id == Initiative.id,
                InitiativeLanguage.code == flt.language,
            )
        )
    return stmt


def initiative_for_viewer(user, initiative_id: int) -> Initiative:
    """A published entry for everyone; others only for staff and its representatives."""
    initiative = db.session.get(Initiative, initiative_id)
    if initiative is None or not (initiative.is_public or can_edit_initiative(user, initiative)):
        raise NotFound()
    return initiative


def initiatives_of(user) -> list[Initiative]:
    return list(
        db.session.scalars(
            sa.select(Initiative)
            .join(Representative)
            .where(Representative.user_id == user.id)
            .order_by(Initiative.name)
        )
    )


def moderation_queue() -> dict:
    """Entries waiting for staff: new or revised registrations and edits of published ones."""
    base = sa.select(Initiative).options(selectinload(Initiative.representatives))
    return {
        "pending": list(
            db.session.scalars(
                base.where(
                    Initiative.status == "pending", Initiative.submitted_at.is_not(None)
                ).order_by(Initiative.submitted_at)
            )
        ),
        "changes": list(
            db.session.scalars(
                base.where(
                    Initiative.pending_changes.is_not(None), Initiative.status == "published"
                ).order_by(Initiative.updated_at)
            )
        ),
        "unconfirmed": db.session.scalar(
            sa.select(sa.func.count()).where(
                Initiative.status == "pending", Initiative.submitted_at.is_(None)
            )
        ),
    }


def logo_url(initiative: Initiative) -> str | None:
    if not initiative.logo_filename:
        return None
    return url_for("directory.logo", filename=initiative.logo_filename)
