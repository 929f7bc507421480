"""The office's moderation of entries and of edits to published ones. They never commit."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from office.contacts.models import Organisation
from office.core.audit import record
from office.core.errors import DomainError
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.directory import rules
from office.directory.models import Initiative
from office.directory.services.editing import apply_values, check_values, current_values
from office.extensions import db


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
            link=absolute_url("directory.mine"),
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
    record("directory.moderated", initiative, actor, now=now, decision=decision)
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
        _apply_waiting(initiative, now)
    initiative.pending_changes = None
    record("directory.changes_decided", initiative, actor, now=now, accepted=accept)
    subject = _l("Your changes are published") if accept else _l("Your changes were not published")
    _notify_representatives(
        initiative, subject, "directory/changes_decided", accepted=accept, reason=reason
    )


def _apply_waiting(initiative: Initiative, now) -> None:
    changes = initiative.pending_changes
    values = {k: v for k, v in changes.items() if k in rules.MODERATED_FIELDS}
    check_values({**current_values(initiative), **values}, now)
    apply_values(initiative, values)


def _entries(*conditions, order) -> list[Initiative]:
    stmt = sa.select(Initiative).options(selectinload(Initiative.representatives))
    return list(db.session.scalars(stmt.where(*conditions).order_by(order)))


def moderation_queue() -> dict:
    """Entries waiting for staff: new or revised registrations and edits of published ones."""
    pending, submitted = Initiative.status == "pending", Initiative.submitted_at
    changes = (Initiative.pending_changes.is_not(None), Initiative.status == "published")
    unconfirmed = sa.select(sa.func.count()).where(pending, submitted.is_(None))
    return {
        "pending": _entries(pending, submitted.is_not(None), order=submitted),
        "changes": _entries(*changes, order=Initiative.updated_at),
        "unconfirmed": db.session.scalar(unconfirmed),
    }
