"""Password guesses, throttled per account (login, re-confirmation, password and email change).

Counters live in the rate limiter's storage (`RATELIMIT_STORAGE_URI`: Redis in production, so
every worker and server counts the same guesses). Two counters per account:

- per account *and* address: after a few wrong passwords that address waits, longer each time;
- per account, from every address the owner has not logged in from lately: a guesser with many
  addresses also waits - but the owner, from an address they used to log in successfully, is
  not held back by what others did (no lockout that an attacker can cause on purpose).

The key is a hash of the normalised email address, so an unknown address is throttled exactly
like a known one and the answer tells nothing about which accounts exist.
"""

import hashlib
import time

from flask import current_app, request
from flask_babel import format_timedelta
from flask_babel import lazy_gettext as _l

from office.auth import rules
from office.core.errors import DomainError
from office.core.rules import normalise_email
from office.core.security_log import security_event
from office.extensions import limiter

#: failures are forgotten a day after the first one of a series
FAILURE_WINDOW = 24 * 3600
#: an address is the owner's usual one for this long after a successful login from it
USUAL_DAYS = 90


def _keys(email: str) -> tuple[str, str, str]:
    """Keys of the account, of the account from this address, and of this address as usual."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "office"
    account = hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]
    client = request.remote_addr or "-"
    base = f"{prefix}/pw/{account}"
    return base, f"{base}/{client}", f"{base}/usual/{client}"


def _remaining(key: str) -> int:
    storage = limiter.storage
    if storage.get(f"{key}/wait") <= 0:
        return 0
    return max(1, round(storage.get_expiry(f"{key}/wait") - time.time()))


def wait_seconds(email: str) -> int:
    """How long this address must wait before its next password for this account is checked."""
    if not _enabled():
        return 0
    account, mine, usual = _keys(email)
    own = _remaining(mine)
    if limiter.storage.get(usual) > 0:
        return own
    return max(own, _remaining(account))


def _count(key: str, free: int) -> None:
    storage = limiter.storage
    failures = storage.incr(key, FAILURE_WINDOW)
    wait = rules.guess_wait(failures, free)
    if wait:
        storage.clear(f"{key}/wait")
        storage.incr(f"{key}/wait", wait)


def record_failure(email: str) -> None:
    """One more wrong password for this account from this address."""
    if not _enabled():
        return
    account, mine, usual = _keys(email)
    _count(mine, rules.FREE_GUESSES_PER_ADDRESS)
    if limiter.storage.get(usual) <= 0:
        _count(account, rules.FREE_GUESSES_PER_ACCOUNT)


def record_success(email: str) -> None:
    """The right password: this address's series ends and it counts as the owner's usual one."""
    if not _enabled():
        return
    _account, mine, usual = _keys(email)
    storage = limiter.storage
    storage.clear(mine)
    storage.clear(f"{mine}/wait")
    storage.clear(usual)
    storage.incr(usual, USUAL_DAYS * 24 * 3600)


class TooManyGuesses(DomainError):
    """The password was not even checked: this address has to wait (answered as 429)."""


def too_many(wait: int) -> TooManyGuesses:
    """The refusal shown instead of checking the password."""
    security_event("password_throttled", wait=wait)
    return TooManyGuesses(
        _l(
            "Too many wrong passwords for this account. Please wait %(wait)s, then try again.",
            wait=format_timedelta(wait, threshold=1.1),
        )
    )


def _enabled() -> bool:
    return bool(limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True))


def guarded(user, operation):
    """Run an operation that checks `user`'s password (re-confirmation, password or email
    change), throttled like a login: refused unchecked while this address waits."""
    email = user.email
    wait = wait_seconds(email)
    if wait:
        raise too_many(wait)
    try:
        result = operation()
    except DomainError as err:
        if err.field in ("password", "current_password"):
            record_failure(email)
            security_event("reauth_failed", user)
        raise
    record_success(email)
    return result
