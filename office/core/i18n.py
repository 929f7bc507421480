"""Language choice and locale-aware formatting of dates, numbers and money."""

import copy
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlsplit

from babel import Locale
from babel.numbers import format_currency
from flask import current_app, has_request_context, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_time,
    get_locale,
    get_timezone,
)
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from office.config import LOCALES
from office.core.links import absolute_url

LANGUAGE_NAMES = {"de": "Deutsch", "da": "Dansk", "en": "English"}


def _escaped_html(self) -> str:
    return str(escape(str(self)))


# Flask-Babel's LazyString tells Jinja it is safe HTML (`__html__` returns the raw text), so a
# lazy message with user input interpolated (`_l("“%(value)s” is not a date", value=...)`)
# would reach the page unescaped. Our messages hold no markup: escape them like any string.
LazyString.__html__ = _escaped_html


def select_locale() -> str:
    """The user's choice, else the browser's Accept-Language, else the office default."""
    if not has_request_context():  # CLI and background work: the office's language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in LOCALES:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    best = request.accept_languages.best_match(LOCALES)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def recipient_locale(*choices: str | None) -> str:
    """The language of a mail to someone: the first of `choices` the office speaks (their
    account's choice, then the language they used when they gave us their address), else the
    office's default. Never the language of whoever caused the mail."""
    for choice in choices:
        if choice in LOCALES:
            return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def language_return_path() -> str:
    """Where the language switch leads back to: this page; after a form was posted (a page
    that shows the form again with its errors, or a result), the page the form was on, since
    the address it was posted to may answer only POST."""
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return request.full_path.rstrip("?")


def answers_get(path: str) -> bool:
    """Whether a path of this site can be opened with GET (a redirect target)."""
    adapter = current_app.url_map.bind(request.host, script_name=request.script_root or None)
    try:
        adapter.match(urlsplit(path).path, method="GET")
    except RequestRedirect:
        return True
    except HTTPException:
        return False
    return True


def money(amount, currency: str | None = None) -> str:
    """An amount in the office's currency, formatted for the user's locale."""
    if amount is None:
        return ""
    currency = currency or current_app.config["OFFICE_CURRENCY"]
    return _money(Decimal(amount), currency, str(get_locale()))


@lru_cache(maxsize=4096)
def _money(amount: Decimal, currency: str, locale: str) -> str:
    return format_currency(amount, currency, locale=locale)


def whole_money(amount) -> str:
    """An amount without cents ("15.000 €", "€15,000"), for estimates such as cost ranges."""
    if amount is None:
        return ""
    locale = Locale.parse(str(get_locale()))
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(
        amount,
        current_app.config["OFFICE_CURRENCY"],
        locale=locale,
        format=pattern,
        currency_digits=False,
    )


def format_percent(value, digits=None) -> str:
    """A share (0.0379) as a percentage in the locale's pattern ("3,79 %", "3.79%"), with
    exactly `digits` decimals when given."""
    locale = get_locale()
    pattern = copy.copy(locale.percent_formats[None])
    if digits is not None:
        pattern.frac_prec = (digits, digits)
    return pattern.apply(value, locale)


_FORMATTERS = {
    "date": format_date,
    "datetime": format_datetime,
    "time": format_time,
    "number": format_decimal,
    "percent": format_percent,
}


@lru_cache(maxsize=16384)
def _formatted(kind: str, value, fmt, value_type: type, locale: str, timezone: str) -> str:
    """Babel's formatting parses patterns and looks up locale data on every call, which made
    it the largest cost of list pages. The text depends only on the value, the format, the
    locale and the time zone (all in the key; Flask-Babel reads the last two from the request
    it is called in, which is the one that supplied the key)."""
    return _FORMATTERS[kind](value, fmt)


def formatted(kind: str, value, fmt=None) -> str:
    """`value` formatted as a date, datetime, time, number or percentage for the user's locale and zone."""
    if value is None or (kind not in ("number", "percent") and not value):
        return ""
    try:
        return _formatted(kind, value, fmt, type(value), str(get_locale()), str(get_timezone()))
    except TypeError:  # not hashable: format without the cache
        return _FORMATTERS[kind](value, fmt)


def _format_counts(env) -> None:
    """`ngettext("%(num)s request", "%(num)s requests", n)` in templates shows n formatted for
    the locale (6,149 / 6.149) instead of the bare integer; an explicit `num=` still wins."""
    plain = env.globals.get("ngettext")
    if plain is None:
        return

    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        if isinstance(num, int) and not isinstance(num, bool):
            variables.setdefault("num", formatted("number", num))
        return plain(context, singular, plural, num, **variables)

    env.globals["ngettext"] = ngettext


def register_filters(app):
    app.jinja_env.filters.update(
        money=money,
        whole_money=whole_money,
        date=lambda d, fmt="medium": formatted("date", d, fmt),
        datetime=lambda d, fmt="medium": formatted("datetime", d, fmt),
        time=lambda d, fmt="short": formatted("time", d, fmt),
        number=lambda n, fmt=None: formatted("number", n, fmt),
        percent=lambda n, digits=None: formatted("percent", n, digits),
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    _format_counts(app.jinja_env)
    app.jinja_env.globals.update(
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        LOCALES=LOCALES,
        get_locale=get_locale,
        absolute_url=absolute_url,
        language_return_path=language_return_path,
    )
