"""Two-factor login with TOTP (RFC 6238) and one-time recovery codes."""

import hashlib
import secrets

import pyotp
import segno
import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from office.auth.models import RecoveryCode, User
from office.core.clock import utcnow
from office.core.errors import DomainError
from office.extensions import db

RECOVERY_CODES = 10
#: accept the previous and the next 30-second step too (clock drift of a phone)
VALID_WINDOW = 1


def required_for(user: User) -> bool:
    """Whether the user's roles require two-factor login (OFFICE_2FA_ROLES)."""
    roles = set(current_app.config.get("OFFICE_2FA_ROLES", ()))
    return bool(roles & user.role_names)


def start_enrollment(user: User) -> str:
    """A new secret for the user to scan; two-factor is active only after confirm_enrollment."""
    if user.two_factor_enabled:
        raise DomainError(_l("Two-factor login is already on."))
    user.totp_secret = pyotp.random_base32()
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["OFFICE_NAME"]
    )


def qr_svg(user: User) -> str:
    """The provisioning URI as an inline SVG QR code (no external service)."""
    return segno.make(provisioning_uri(user), error="m").svg_inline(scale=4, dark="#1a1a1a")


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().replace("-", "").lower().encode()).hexdigest()


def _check_totp(user: User, code: str, now=None) -> bool:
    code = code.strip().replace(" ", "")
    if not user.totp_secret or not code.isdigit() or len(code) != 6:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now = now or utcnow()
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        step = totp.timecode(now) + offset
        if secrets.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False  # replayed
            user.totp_last_step = step
            return True
    return False


def confirm_enrollment(user: User, code: str) -> list[str]:
    """Turn two-factor on after the first valid code; return fresh recovery codes (shown once)."""
    if not user.totp_secret or user.two_factor_enabled:
        raise DomainError(_l("Start the set-up again."))
    if not _check_totp(user, code):
        raise DomainError(
            _l("The code is not right. Check the time on your phone and try the next code."),
            field="code",
        )
    user.totp_enabled_at = utcnow()
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    return codes


def verify(user: User, code: str) -> bool:
    """A valid TOTP code, or an unused recovery code (which is then used up)."""
    if _check_totp(user, code):
        return True
    row = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    return True


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def check_code(user: User, code: str) -> None:
    """The second step of a login: refused unless `verify` accepts the code."""
    if not verify(user, code):
        raise DomainError(_l("The code is not right."), field="code")


def disable(user: User, password: str, code: str) -> None:
    if required_for(user):
        raise DomainError(_l("Your role requires two-factor login; it cannot be turned off."))
    if not user.check_password(password):
        raise DomainError(_l("The current password is wrong."), field="password")
    check_code(user, code)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.end_sessions()
