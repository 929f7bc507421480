"""Settings, read from environment variables only (see README, "Configuration")."""

import os
import secrets
from pathlib import Path

CURRENCIES = ("EUR", "DKK")
LOCALES = ("de", "da", "en")
#: default VAT rate per currency: 19 % in Germany, 25 % in Denmark
DEFAULT_VAT = {"EUR": "0.19", "DKK": "0.25"}


class ConfigError(RuntimeError):
    """A setting is missing or invalid."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _secret_key(instance_path: Path, production: bool) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when OFFICE_ENV=production")
    # local use: generate once and keep it in instance/ so sessions survive restarts
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_config(instance_path: str) -> dict:
    """Build the Flask config dict from the environment."""
    env = os.environ
    instance = Path(instance_path)
    production = env.get("OFFICE_ENV", "development") == "production"
    currency = _one_of("OFFICE_CURRENCY", env.get("OFFICE_CURRENCY", "EUR").upper(), CURRENCIES)
    locale = _one_of("OFFICE_DEFAULT_LOCALE", env.get("OFFICE_DEFAULT_LOCALE", "de"), LOCALES)
    return {
        "OFFICE_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance, production),
        "SQLALCHEMY_DATABASE_URI": _database_url(env, instance),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": locale,
        "MAX_CONTENT_LENGTH": int(env.get("OFFICE_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024))),
        "UPLOAD_FOLDER": env.get("OFFICE_UPLOAD_FOLDER", str(instance / "uploads")),
        **_office(env, currency),
        **_mail(env),
        **_rate_limits(env),
        **_sessions(env, production),
        **_office_rules(env),
        **_seller(env, currency),
    }


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}")
    return value


def _database_url(env, instance: Path) -> str:
    """DATABASE_URL (a plain postgresql:// address uses the psycopg 3 driver), else SQLite."""
    url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'office.db'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _office(env, currency: str) -> dict:
    """The office: its name, time zone, formats, money, addresses and accessibility statement."""
    return {
        "OFFICE_NAME": env.get("OFFICE_NAME", "Büro für Bürgerbeteiligung"),
        "OFFICE_TIMEZONE": env.get("OFFICE_TIMEZONE", "Europe/Berlin"),
        "BABEL_DEFAULT_TIMEZONE": env.get("OFFICE_TIMEZONE", "Europe/Berlin"),
        # English dates and times: en_GB (day before month, 24-hour clock), en_IE, or en_US
        "OFFICE_ENGLISH_FORMAT": env.get("OFFICE_ENGLISH_FORMAT", "en_GB"),
        # the accessibility statement: the office's statement in a national tool (Denmark's
        # WAS-tool), where feedback on barriers goes, and the day the statement was prepared
        "OFFICE_ACCESSIBILITY_STATEMENT_URL": env.get("OFFICE_ACCESSIBILITY_STATEMENT_URL", ""),
        "OFFICE_ACCESSIBILITY_CONTACT": env.get(
            "OFFICE_ACCESSIBILITY_CONTACT", env.get("MAIL_DEFAULT_SENDER", "buero@example.org")
        ),
        "OFFICE_ACCESSIBILITY_STATEMENT_DATE": env.get(
            "OFFICE_ACCESSIBILITY_STATEMENT_DATE", "2026-12-06"
        ),
        "OFFICE_CURRENCY": currency,
        "OFFICE_VAT_RATE": env.get("OFFICE_VAT_RATE", DEFAULT_VAT[currency]),
        "OFFICE_BASE_URL": env.get("OFFICE_BASE_URL", "http://127.0.0.1:5000"),
        #: host names the office answers to (comma-separated); empty: the base URL's host
        "OFFICE_TRUSTED_HOSTS": env.get("OFFICE_TRUSTED_HOSTS", ""),
        #: reverse proxies whose X-Forwarded-For/-Proto are believed (addresses or networks)
        "OFFICE_TRUSTED_PROXIES": env.get("OFFICE_TRUSTED_PROXIES", ""),
    }


def _mail(env) -> dict:
    """The mail server, the sender, and the address requesters' replies go to."""
    return {
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS")),
        "MAIL_USE_SSL": _bool(env.get("MAIL_USE_SSL")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "buero@example.org"),
        #: where requesters' replies go (plus-addressed per request); the mail server pipes
        #: them to `flask mail receive`
        "OFFICE_REPLY_ADDRESS": env.get(
            "OFFICE_REPLY_ADDRESS", env.get("MAIL_DEFAULT_SENDER", "buero@example.org")
        ),
        #: the largest mail `flask mail receive` reads; larger ones are kept for staff unread
        "OFFICE_MAIL_MAX_BYTES": int(env.get("OFFICE_MAIL_MAX_BYTES", str(25 * 1024 * 1024))),
        "MAIL_TIMEOUT": int(env.get("MAIL_TIMEOUT", "10")),
    }


def _rate_limits(env) -> dict:
    return {
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        #: keys of limits and password throttling start with this (several offices on one Redis)
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", "office"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # a moving window: "10 per minute" means any 60 seconds, not 10 before and 10 after the
        # turn of a clock minute
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), default=True),
    }


def _sessions(env, production: bool) -> dict:
    """Cookies, session lifetimes, two-factor roles, and how long account links work."""
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        #: roles that must use two-factor login (comma-separated); none by default outside production
        "OFFICE_2FA_ROLES": _names(
            env.get("OFFICE_2FA_ROLES", "admin,office_staff" if production else "")
        ),
        #: minutes without activity after which a session ends
        "OFFICE_IDLE_MINUTES": int(env.get("OFFICE_IDLE_MINUTES", "30")),
        #: hours after login after which a session ends, active or not
        "OFFICE_SESSION_HOURS": int(env.get("OFFICE_SESSION_HOURS", "12")),
        #: minutes a password confirmation covers sensitive actions
        "OFFICE_REAUTH_MINUTES": int(env.get("OFFICE_REAUTH_MINUTES", "10")),
        "PERMANENT_SESSION_LIFETIME": int(env.get("OFFICE_SESSION_HOURS", "12")) * 3600,
        #: hours an invitation link stays valid
        "INVITATION_HOURS": int(env.get("OFFICE_INVITATION_HOURS", "72")),
        #: seconds every answer to a reset request takes, whether the address is known or not
        "OFFICE_RESET_ANSWER_SECONDS": float(env.get("OFFICE_RESET_ANSWER_SECONDS", "0.3")),
        #: minutes a password reset link stays valid
        "RESET_MINUTES": int(env.get("OFFICE_RESET_MINUTES", "60")),
    }


def _names(value: str) -> tuple[str, ...]:
    """The names of a comma-separated list, blanks dropped."""
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _office_rules(env) -> dict:
    """Office hours and holidays, retention and reopening periods, and the page cache."""
    return {
        #: years without activity after which a contact appears on the retention review list
        "CONTACTS_RETENTION_YEARS": int(env.get("CONTACTS_RETENTION_YEARS", "3")),
        #: working hours per weekday in OFFICE_TIMEZONE: deadlines count only these
        "OFFICE_HOURS": env.get("OFFICE_HOURS", "mon-thu 08:00-16:00, fri 08:00-13:00"),
        #: public holidays of this country and region (the `holidays` library): DE-BB, DE-HE, DK
        "OFFICE_HOLIDAYS": env.get("OFFICE_HOLIDAYS", "DE-HB"),
        #: days after "done" within which a requester may reopen a request
        "REQUEST_REOPEN_DAYS": int(env.get("OFFICE_REQUEST_REOPEN_DAYS", "14")),
        #: seconds a rendered list fragment may be reused at most (it is renewed at once when
        #: its data changes through the app; 0 turns the fragment cache off)
        "OFFICE_FRAGMENT_CACHE_SECONDS": int(env.get("OFFICE_FRAGMENT_CACHE_SECONDS", "300")),
        #: PostgreSQL: servers learn of changed tables by LISTEN/NOTIFY instead of asking the
        #: database on every cached page ("0": ask every time)
        "OFFICE_CHANGE_NOTICES": env.get("OFFICE_CHANGE_NOTICES", "1") != "0",
    }


def check_calendar(config) -> None:
    """Refuse to start with office hours or a holiday code the calendar cannot use."""
    from office.core.business_calendar import (
        CalendarSettingError,
        check_holiday_code,
        parse_hours,
    )

    try:
        parse_hours(config["OFFICE_HOURS"])
        check_holiday_code(config["OFFICE_HOLIDAYS"])
    except CalendarSettingError as exc:
        raise ConfigError(str(exc)) from exc


#: the office as the seller on course invoices: OFFICE_SELLER_<KEY>, with example defaults
SELLER_DEFAULTS = {
    "EUR": {
        "VAT_ID": "DE123456789",
        "STREET": "Am Markt 1",
        "POSTCODE": "28195",
        "CITY": "Bremen",
        "COUNTRY": "DE",
        "IBAN": "DE02120300000000202051",
        "BIC": "BYLADEM1001",
        "PHONE": "+49 421 361-0",
        "EMAIL": "kurse@example.org",
    },
    "DKK": {
        "VAT_ID": "DK12345674",
        "STREET": "Sorøgade 6",
        "POSTCODE": "2100",
        "CITY": "København Ø",
        "COUNTRY": "DK",
        "IBAN": "DK5000400440116243",
        "BIC": "DABADKKK",
        "PHONE": "+45 33 32 05 03",
        "EMAIL": "kursus@example.org",
    },
}


def _seller(env, currency: str) -> dict:
    """Seller data of the e-invoices (EN 16931 needs address, VAT ID, contact and account)."""
    settings = {
        f"OFFICE_SELLER_{key}": env.get(f"OFFICE_SELLER_{key}", default)
        for key, default in SELLER_DEFAULTS[currency].items()
    }
    settings["OFFICE_PAYMENT_DAYS"] = int(env.get("OFFICE_PAYMENT_DAYS", "30"))
    return settings
