"""Login sessions: start, idle and absolute timeouts, keep-alive, and password re-confirmation."""

import time

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import Session, joinedload

from office.auth.models import User
from office.core import cache, staff_pages
from office.core.security_log import security_event
from office.extensions import db

#: endpoints that do not count as activity (the keep-alive itself does, on purpose)
PASSIVE_ENDPOINTS = {"static", "core.healthz"}


def _now() -> int:
    return int(time.time())


def session_user(login_id: str) -> User | None:
    """The active account of a login id (`User.get_id()`) whose sessions have not ended since."""
    user_id, _sep, version = login_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = _account(int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return db.session.merge(user, load=False)


#: tables whose rows make up an account as the loader reads it
ACCOUNT_TABLES = ("users", "user_roles", "organisations")
#: accounts as loaded, detached, per id and change tokens of ACCOUNT_TABLES
_accounts = cache.Store(512)


def _account(user_id: int) -> User | None:
    """The account with its roles, as loaded since the last change of any account or role
    (every staff page starts with it); detached: the caller merges it into its session."""
    max_age = current_app.config["OFFICE_FRAGMENT_CACHE_SECONDS"]
    if max_age <= 0:
        return _detached(user_id)
    key = (id(current_app._get_current_object()), user_id, staff_pages.tokens(ACCOUNT_TABLES))
    return _accounts.remembered(key, max_age, lambda: _detached(user_id))


def _detached(user_id: int) -> User | None:
    # user, organisation and roles in one statement, in a session of its own on the request's
    # connection (its transaction, so tests' unsaved rows too), closed: every attribute stays
    joined = {"join_transaction_mode": "rollback_only"}  # closing leaves the request's own alone
    with Session(bind=db.session.connection(), **joined) as reader:
        return reader.get(User, user_id, options=[joinedload(User.roles)])


def start_session(user) -> None:
    """Log the user in on a fresh session (keeps only the language choice)."""
    locale = session.get("locale")
    session.clear()
    if user.locale or locale:
        session["locale"] = user.locale or locale
    login_user(user)
    now = _now()
    session["_auth_at"] = now
    session["_seen_at"] = now
    security_event("login", user)


def end_session(reason: str = "logout") -> None:
    locale = session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    security_event(reason)


def idle_seconds() -> int:
    return current_app.config["OFFICE_IDLE_MINUTES"] * 60


def enforce_timeouts():
    """before_request: log out after 30 minutes idle or 12 hours in all (server-side)."""
    if request.endpoint in PASSIVE_ENDPOINTS or not current_user.is_authenticated:
        return None
    now = _now()
    auth_at = session.setdefault("_auth_at", now)
    seen_at = session.get("_seen_at", now)
    idle = now - seen_at > idle_seconds()
    expired = now - auth_at > current_app.config["OFFICE_SESSION_HOURS"] * 3600
    if idle or expired:
        end_session("session_timeout")
        if idle:
            flash(
                _(
                    "You were logged out after %(n)d minutes without activity.",
                    n=current_app.config["OFFICE_IDLE_MINUTES"],
                ),
                "warning",
            )
        else:
            flash(_("Your session has ended. Please log in again."), "warning")
        return None
    session["_seen_at"] = now
    return None
