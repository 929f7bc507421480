"""Personal data of accounts and of the mail outbox: export and erasure by email address."""

import sqlalchemy as sa

from office.auth.models import RecoveryCode, User
from office.core.models import OutboxMessage
from office.core.outbox import redact_access_links
from office.core.registry import register_personal_data
from office.extensions import db


def export_account(email: str) -> dict:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        return {}
    return {
        "email": user.email,
        "name": user.name,
        "language": user.locale,
        "roles": sorted(user.role_names),
        "organisation": user.organisation.name if user.organisation else None,
        "created_at": user.created_at.isoformat(),
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
        "two_factor": user.two_factor_enabled,
    }


def erase_account(email: str) -> int:
    """Anonymise the account (rows that others reference stay) and lock it for good."""
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        return 0
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.email = f"erased-{user.id}@invalid"
    user.name = "—"
    user.password_hash = None
    user.totp_secret = None
    user.totp_enabled_at = None
    user.active = False
    user.locale = None
    user.set_roles([])
    user.end_sessions()
    return 1


def export_mail(email: str) -> dict:
    rows = db.session.scalars(
        sa.select(OutboxMessage).where(sa.func.lower(OutboxMessage.recipient) == email.lower())
    )
    # the text as sent, with the links that grant access cut out (whoever downloads the export
    # must not be able to act as the person)
    return {
        "messages": [
            {
                "subject": m.subject,
                "body": redact_access_links(m.body_text),
                "status": m.status,
                "created_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in rows
        ]
    }


def erase_mail(email: str) -> int:
    return db.session.execute(
        sa.delete(OutboxMessage).where(sa.func.lower(OutboxMessage.recipient) == email.lower())
    ).rowcount


register_personal_data("accounts", export_account, erase_account)
register_personal_data("mail", export_mail, erase_mail)
