"""Language choice, the language switch, and the formatting filters of the templates
(office.core.formatting)."""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from office.config import LOCALES
from office.core.formatting import (  # noqa: F401 (re-exported: the helpers' old home)
    date_range,
    duration,
    file_size,
    format_percent,
    formatted,
    money,
    time_range,
    whole_money,
)
from office.core.jsonld import json_ld_script
from office.core.links import absolute_url
from office.core.recurrence import recurrence
from office.core.translations import LANGUAGE_NAMES, lang_attr, marked, shown


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
        date_range=date_range,
        time_range=time_range,
        duration=duration,
        filesize=file_size,
        tr=shown,
        marked=marked,
        language_name=LANGUAGE_NAMES.get,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    _format_counts(app.jinja_env)
    app.jinja_env.globals.update(
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        LOCALES=LOCALES,
        get_locale=get_locale,
        absolute_url=absolute_url,
        json_ld_script=json_ld_script,
        language_return_path=language_return_path,
        recurrence=recurrence,
        lang_attr=lang_attr,
    )
