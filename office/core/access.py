"""Access policies: every route declares who may use it.

A policy is attached to a view with one of the decorators below and enforced centrally by
`enforce_access` (a `before_request` hook). A view without a declared policy is refused
(and `tests/core/test_access.py` fails), so forgetting one cannot open a route by accident.
Object-level checks (is this *your* initiative?) happen in views and answer 404.
"""

import time
from dataclasses import dataclass, field
from functools import wraps

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.extensions import db

ROLES = ("admin", "office_staff", "department_staff", "initiative_rep", "board_member")
#: endpoints Flask adds itself
BUILTIN_PUBLIC = {"static"}


@dataclass(frozen=True)
class Policy:
    name: str
    login: bool = False
    roles: frozenset = field(default_factory=frozenset)

    def allows(self, user) -> bool:
        if not self.login:
            return True
        if not user.is_authenticated:
            return False
        return not self.roles or bool(self.roles & user.role_names)


PUBLIC = Policy("public")
AUTHENTICATED = Policy("authenticated", login=True)
STAFF = Policy("staff", login=True, roles=frozenset({"office_staff", "admin"}))
ADMIN = Policy("admin", login=True, roles=frozenset({"admin"}))


def roles(*names: str) -> Policy:
    unknown = set(names) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    # admin may do anything a role may do
    return Policy(
        "roles:" + ",".join(sorted(names)), login=True, roles=frozenset(names) | {"admin"}
    )


def access(policy: Policy):
    """Declare the policy of a view function."""

    def decorate(view):
        view.access_policy = policy
        return view

    return decorate


def public(view):
    return access(PUBLIC)(view)


def login_required(view):
    return access(AUTHENTICATED)(view)


def staff_required(view):
    return access(STAFF)(view)


def admin_required(view):
    return access(ADMIN)(view)


def policy_for(endpoint: str) -> Policy | None:
    if endpoint in BUILTIN_PUBLIC:
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access_policy", None)


def enforce_access():
    """before_request: apply the endpoint's declared policy."""
    if request.endpoint is None:  # 404/405 are handled by Flask
        return None
    policy = policy_for(request.endpoint)
    if policy is None:
        abort(403)
    if policy.allows(current_user):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(403)


def owned_or_404(model, row_id: int, **owner):
    """The row, if it belongs to its owner (`person_id=person.id`); otherwise 404, the same
    answer as for a row that does not exist."""
    row = db.session.get(model, row_id)
    if row is None or any(getattr(row, name) != value for name, value in owner.items()):
        abort(404)
    return row


def is_staff(user) -> bool:
    return user.is_authenticated and bool({"office_staff", "admin"} & user.role_names)


# --- re-confirmation of the password for sensitive actions -----------------------------


def password_recently_confirmed() -> bool:
    confirmed = max(session.get("_reauth_at", 0), session.get("_auth_at", 0))
    return int(time.time()) - confirmed <= current_app.config["OFFICE_REAUTH_MINUTES"] * 60


def mark_password_confirmed() -> None:
    session["_reauth_at"] = int(time.time())


def recent_password_required(view):
    """Sensitive actions ask for the password again unless it was given in the last minutes."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user.is_authenticated and not password_recently_confirmed():
            return ask_password_again()
        return view(*args, **kwargs)

    return wrapper


def ask_password_again():
    """The redirect to the password page, back to this page (or the form's page) afterwards."""
    back = request.full_path.rstrip("?") if request.method == "GET" else request.referrer
    flash(_("Please confirm your password to continue."), "warning")
    return redirect(url_for("auth.confirm_password", next=back or "/"))
