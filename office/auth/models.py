"""Users and their roles."""

import sqlalchemy as sa
from flask import current_app
from flask_login import AnonymousUserMixin, UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from office.core.access import ROLES
from office.core.db import TimestampMixin, UTCDateTime
from office.extensions import db


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    #: stored lower-case; the login name
    email = db.Column(db.String(320), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    #: scrypt hash (werkzeug); empty until an invitation is accepted
    password_hash = db.Column(db.String(300))
    locale = db.Column(db.String(5))
    active = db.Column(db.Boolean, nullable=False, default=True)
    #: bumped on logout, password change and disabling: older session cookies stop working
    session_version = db.Column(db.Integer, nullable=False, default=1)
    last_login_at = db.Column(UTCDateTime())
    #: when the person proved they own the address (invitation, reset or confirmation link);
    #: accounts whose address is unconfirmed cannot log in
    email_confirmed_at = db.Column(UTCDateTime())
    #: base32 TOTP secret (RFC 6238); set while enrolling, active once totp_enabled_at is set
    totp_secret = db.Column(db.String(64))
    totp_enabled_at = db.Column(UTCDateTime())
    #: last accepted 30-second time step, so a code cannot be used twice
    totp_last_step = db.Column(db.BigInteger)
    organisation_id = db.Column(
        db.Integer, db.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    organisation = db.relationship("Organisation", lazy="joined")
    roles = db.relationship(
        "UserRole", cascade="all, delete-orphan", lazy="selectin", back_populates="user"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def role_names(self) -> frozenset:
        return frozenset(r.role for r in self.roles)

    def has_role(self, *names: str) -> bool:
        return bool(self.role_names & set(names)) or "admin" in self.role_names

    def set_roles(self, names) -> None:
        wanted = set(names)
        self.roles = [r for r in self.roles if r.role in wanted] + [
            UserRole(role=n) for n in sorted(wanted - self.role_names)
        ]

    def set_password(self, password: str) -> None:
        method = (
            current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if current_app else "scrypt"
        )
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Invalidate every session cookie issued so far."""
        self.session_version = (self.session_version or 0) + 1

    def __str__(self):
        return self.name


class RecoveryCode(db.Model):
    """A one-time code that replaces the authenticator app once (stored as a SHA-256 hash)."""

    __tablename__ = "recovery_codes"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(
        db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code_hash = db.Column(db.String(64), nullable=False)
    used_at = db.Column(UTCDateTime())


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (
        sa.CheckConstraint("role IN (" + ", ".join(f"'{r}'" for r in ROLES) + ")", name="role"),
    )
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role = db.Column(db.String(30), primary_key=True)
    user = db.relationship("User", back_populates="roles")


class AnonymousUser(AnonymousUserMixin):
    role_names = frozenset()
    locale = None
    name = ""

    def has_role(self, *names):
        return False
