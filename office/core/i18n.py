"""Language choice and locale-aware formatting of dates, numbers and money."""

from decimal import Decimal

from babel.numbers import format_currency
from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import escape

from office.config import LOCALES

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


def money(amount, currency: str | None = None) -> str:
    """An amount in the office's currency, formatted for the user's locale."""
    if amount is None:
        return ""
    currency = currency or current_app.config["OFFICE_CURRENCY"]
    return format_currency(Decimal(amount), currency, locale=str(get_locale()))


def register_filters(app):
    app.jinja_env.filters.update(
        money=money,
        date=lambda d, fmt="medium": format_date(d, fmt) if d else "",
        datetime=lambda d, fmt="medium": format_datetime(d, fmt) if d else "",
        time=lambda d, fmt="short": format_time(d, fmt) if d else "",
        number=lambda n, fmt=None: format_decimal(n, fmt) if n is not None else "",
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        LANGUAGE_NAMES=LANGUAGE_NAMES, LOCALES=LOCALES, get_locale=get_locale
    )
