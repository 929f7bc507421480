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


#: wrong passwords for one account from one address before it has to wait
FREE_GUESSES_PER_ADDRESS = 5
#: wrong passwords for one account from all addresses but the owner's usual ones
FREE_GUESSES_PER_ACCOUNT = 20
#: the first wait, in seconds; each further wrong password doubles it
FIRST_WAIT_SECONDS = 30
#: the longest wait, in seconds
LONGEST_WAIT_SECONDS = 15 * 60


def guess_wait(failures: int, free: int) -> int:
    """Seconds to wait after the `failures`-th wrong password in a row, when `free` are allowed.

    The first `free` cost nothing (people mistype); then 30 s, 1, 2, 4, 8 and at most 15 min
    (OWASP's authentication cheat sheet: throttle per account with growing delays instead of a
    lockout an attacker could trigger on purpose).
    """
    if failures < free:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** (failures - free), LONGEST_WAIT_SECONDS)
