"""Account operations. They never commit; the caller does."""

import hashlib

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from office.auth import rules
from office.auth.models import User
from office.core.access import ROLES
from office.core.audit import record
from office.core.clock import utcnow
from office.core.errors import DomainError
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.core.rules import normalise_email
from office.extensions import db

_dummy_hash: str | None = None


def _burn_time(password: str) -> None:
    """Check against a throwaway hash so unknown accounts answer as slowly as known ones."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = generate_password_hash("not a real password", method="scrypt")
    check_password_hash(_dummy_hash, password)


PASSWORD_MESSAGES = {
    "too_short": _l(
        "The password must have at least %(n)d characters.", n=rules.MIN_PASSWORD_LENGTH
    ),
    "too_long": _l("The password may have at most %(n)d characters.", n=rules.MAX_PASSWORD_LENGTH),
    "is_email": _l("The password must not be your email address."),
}


class InvalidToken(DomainError):
    default_message = _l("This link is invalid or has expired. Please ask for a new one.")


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same effort either way)."""
    user = find_user(email)
    if user is None or not user.password_hash:
        _burn_time(password)
        return None
    if not user.check_password(password) or not user.active or user.email_confirmed_at is None:
        return None
    user.last_login_at = utcnow()
    return user


def log_in(email: str, password: str) -> User:
    """The user with this email and password, their login noted; a refusal otherwise."""
    user = authenticate(email, password)
    if user is None:
        raise DomainError(_l("Email address or password is wrong."))
    return user


def set_language(user: User, locale: str) -> None:
    """The language of the user's pages and mail."""
    user.locale = locale


def check_new_password(password: str, email: str) -> None:
    problem = rules.password_problem(password, email)
    if problem:
        raise DomainError(PASSWORD_MESSAGES[problem], field="password")


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user: User) -> str:
    # changes when the password is set, so each link works once
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"uid": user.id, "fp": _fingerprint(user)})


def _token_data(token: str, purpose: str, max_age_seconds: int):
    try:
        return _serializer(purpose).loads(token, max_age=max_age_seconds)
    except (SignatureExpired, BadSignature) as exc:
        raise InvalidToken() from exc


def user_from_token(token: str, purpose: str, max_age_seconds: int) -> User:
    data = _token_data(token, purpose, max_age_seconds)
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("fp") != _fingerprint(user):
        raise InvalidToken()
    return user


def invitation_max_age() -> int:
    return current_app.config["INVITATION_HOURS"] * 3600


def reset_max_age() -> int:
    return current_app.config["RESET_MINUTES"] * 60


def invite_user(
    actor: User, email: str, name: str, role_names, locale: str | None = None, organisation=None
) -> User:
    """Create an account without a password and email a one-time link to set one."""
    role_names = set(role_names)
    if role_names - set(ROLES):
        raise DomainError(_l("Unknown role."), field="roles")
    if "admin" in role_names and not actor.has_role("admin"):
        raise DomainError(_l("Only an administrator can grant the admin role."), field="roles")
    if find_user(email) is not None:
        raise DomainError(_l("An account with this email address exists already."), field="email")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        locale=locale,
        organisation=organisation,
    )
    user.set_roles(role_names)
    db.session.add(user)
    db.session.flush()
    record("auth.invited", user, actor, roles=sorted(role_names))
    send_invitation(user, actor)
    return user


def send_invitation(user: User, actor: User | None = None) -> None:
    link = absolute_url("auth.accept_invitation", token=make_token(user, "invite"))
    queue_mail(
        user.email,
        _l("Your invitation to %(office)s", office=current_app.config["OFFICE_NAME"]),
        "invitation",
        locale=user.locale,
        user=user,
        inviter=actor,
        link=link,
        hours=current_app.config["INVITATION_HOURS"],
    )


def accept_invitation(token: str, password: str) -> User:
    user = user_from_token(token, "invite", invitation_max_age())
    if user.password_hash:
        raise InvalidToken()
    return _set_password_from_link(user, password)


def _set_password_from_link(user: User, password: str) -> User:
    check_new_password(password, user.email)
    user.set_password(password)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()  # the link reached the address
    user.end_sessions()
    return user


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists; say nothing either way."""
    user = find_user(email)
    if user is None or not user.active or not user.password_hash:
        return
    link = absolute_url("auth.reset_password", token=make_token(user, "reset"))
    queue_mail(
        user.email,
        _l("Reset your password"),
        "password_reset",
        locale=user.locale,
        user=user,
        link=link,
        minutes=current_app.config["RESET_MINUTES"],
    )


def reset_password(token: str, password: str) -> User:
    user = user_from_token(token, "reset", reset_max_age())
    return _set_password_from_link(user, password)


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise DomainError(_l("The current password is wrong."), field="current_password")
    check_new_password(new, user.email)
    user.set_password(new)
    user.end_sessions()


def may_manage_account(actor: User, user: User) -> bool:
    """Only an administrator manages an administrator's account."""
    return rules.may_manage_account(actor.role_names, user.role_names)


def update_account(actor: User, user: User, role_names, active: bool) -> None:
    role_names = set(role_names)
    if role_names - set(ROLES):
        raise DomainError(_l("Unknown role."), field="roles")
    granting_admin = ("admin" in role_names) != ("admin" in user.role_names)
    if granting_admin and not actor.has_role("admin"):
        raise DomainError(_l("Only an administrator can grant the admin role."), field="roles")
    if not may_manage_account(actor, user):
        raise DomainError(_l("Only an administrator can change an administrator's account."))
    if user.id == actor.id and ("admin" in user.role_names and "admin" not in role_names):
        raise DomainError(_l("You cannot take the admin role from yourself."), field="roles")
    if user.id == actor.id and not active:
        raise DomainError(_l("You cannot disable your own account."), field="active")
    if role_names != user.role_names or active != user.active:
        record(
            "auth.account_changed",
            user,
            actor,
            from_roles=sorted(user.role_names),
            roles=sorted(role_names),
            active=active,
        )
        user.set_roles(role_names)
        if not active and user.active:
            user.end_sessions()
        user.active = active


#: how long the link to confirm a new email address works
EMAIL_CHANGE_HOURS = 24


def request_email_change(user: User, password: str, new_email: str) -> str:
    """Check the password, then email a confirmation link to the new address (and tell the old)."""
    if not user.check_password(password):
        raise DomainError(_l("The password is wrong."), field="password")
    new = normalise_email(new_email)
    if new == user.email:
        raise DomainError(_l("This is your current email address."), field="email")
    if find_user(new) is not None:
        raise DomainError(_l("An account with this email address exists already."), field="email")
    token = _serializer("email-change").dumps({"uid": user.id, "old": user.email, "new": new})
    queue_mail(
        new,
        _l("Confirm your new email address"),
        "email_change",
        locale=user.locale,
        user=user,
        link=absolute_url("auth.confirm_email_change", token=token),
        hours=EMAIL_CHANGE_HOURS,
    )
    queue_mail(
        user.email,
        _l("Your email address is about to change"),
        "email_change_notice",
        locale=user.locale,
        user=user,
        new_email=new,
    )
    return new


def confirm_email_change(token: str) -> User:
    """The link in the mail to the new address was followed: the account now uses it."""
    try:
        data = _serializer("email-change").loads(token, max_age=EMAIL_CHANGE_HOURS * 3600)
    except (SignatureExpired, BadSignature) as exc:
        raise InvalidToken() from exc
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    # the link works once: afterwards the account's address is no longer the old one
    if user is None or not user.active or user.email != data.get("old"):
        raise InvalidToken()
    if find_user(data["new"]) is not None:
        raise DomainError(_l("An account with this email address exists already."))
    user.email = data["new"]
    user.email_confirmed_at = utcnow()
    return user
