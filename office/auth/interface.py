"""What other domains may use of the accounts: find one, create one by invitation, confirm an
address through a signed link, and (for user administration) manage an account. Everything else
of `auth` is its own business."""

import sqlalchemy as sa

from office.auth import services
from office.auth.models import User, UserRole
from office.extensions import db


def account_with(email: str) -> User | None:
    """The account with this address (any case, surrounding spaces ignored), or None."""
    return services.find_user(email)


def check_new_password(password: str, email: str) -> None:
    """Refuse a password the office does not accept (a `DomainError` on the password field)."""
    services.check_new_password(password, email)


def link_token(user: User, purpose: str) -> str:
    """A signed token for a link that acts for `user`; it stops working once the password changes."""
    return services.make_token(user, purpose)


def account_from_token(token: str, purpose: str, max_age_seconds: int) -> User:
    """The account a `link_token` was made for; `InvalidToken` when forged, used or expired."""
    return services.user_from_token(token, purpose, max_age_seconds)


def invite(actor: User, email: str, name: str, role_names, locale: str | None = None) -> User:
    """A new account without a password; the person gets a link to set one."""
    return services.invite_user(actor, email, name, role_names, locale)


def invite_again(user: User, actor: User) -> None:
    """Mail the invitation link once more to an account that has no password yet."""
    services.send_invitation(user, actor)


def may_manage_account(actor: User, user: User) -> bool:
    """Only an administrator manages an administrator's account."""
    return services.may_manage_account(actor, user)


def update_account(actor: User, user: User, role_names, active: bool) -> None:
    """Give the account these roles and switch it on or off; a refusal is a `DomainError`."""
    services.update_account(actor, user, role_names, active)


def active_office_staff(by_name: bool = False) -> list[User]:
    """The active accounts with the office staff role, by name or else in the order they were made."""
    stmt = (
        sa.select(User).join(UserRole).where(UserRole.role == "office_staff", User.active.is_(True))
    )
    return list(db.session.scalars(stmt.order_by(User.name if by_name else User.id)))
