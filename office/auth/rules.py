"""Account rules, as pure functions."""

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256


def password_problem(password: str, email: str = "") -> str | None:
    """Why a password is not acceptable, or None.

    At least 12 characters (NIST SP 800-63B favours length over composition rules),
    at most 256, and not the email address itself.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "too_long"
    if email and password.strip().lower() == email.strip().lower():
        return "is_email"
    return None


def may_manage_account(actor_roles: set[str], target_roles: set[str]) -> bool:
    """Whether someone may deactivate, re-role or re-invite an account.

    Only an administrator manages an administrator's account; office staff manage the others
    (an administrator's account is the key to everything, so staff cannot take it over).
    """
    return "admin" in actor_roles or "admin" not in target_roles
