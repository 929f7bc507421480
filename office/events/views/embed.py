"""The embeddable calendar: a page for partner websites' iframes, without cookies.

`/calendar/embed?district=hafen&lang=da` lists the coming entries of the filter. The page sets
no cookie and has no script; it may be framed by any site (CSP `frame-ancestors *`); links open
the office's pages in a new tab. Unknown filter values answer 400 with the reason.
"""

from datetime import timedelta

from flask import make_response, render_template, request
from flask_babel import force_locale

from office.config import LOCALES
from office.core.access import public
from office.core.clock import local_now, utcnow
from office.core.links import absolute_url
from office.events import bp, queries
from office.events.labels import kind_label
from office.events.views.calendar import (
    _by_day,
    _filter_context,
    _window,
    calendar_filter,
    reference_data,
)

#: the embed shows this many days from today, at most EMBED_ENTRIES entries
EMBED_DAYS = 31
EMBED_ENTRIES = 40
#: what a partner's page may reuse (the list changes at most every few minutes)
EMBED_CACHE = "public, max-age=300"
#: any site may frame the page; it has no script, no form that posts, and no cookie
EMBED_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors *; base-uri 'none'"
)


def _language() -> str | None:
    wanted = request.args.get("lang", "")
    return wanted if wanted in LOCALES else None


def _entries(flt) -> dict:
    today = local_now().date()
    days = [today + timedelta(days=i) for i in range(EMBED_DAYS)]
    start, end = _window(days[0], days[-1])
    entries = queries.cached_calendar_entries(max(start, utcnow()), end, flt)[:EMBED_ENTRIES]
    return {day: found for day, found in _by_day(entries, days).items() if found}


def _render(status: int, unknown: list[str]):
    form, flt, filter_args = _filter_context()
    lang = _language()
    body = render_template(
        "events/embed.html",
        form=form,
        by_day={} if unknown else _entries(flt),
        unknown=unknown,
        filter_args=filter_args,
        lang=lang or "",
        kind_label=kind_label,
        calendar_url=absolute_url("events.listing", **filter_args),
    )
    response = make_response(body, status)
    response.headers["Content-Security-Policy"] = EMBED_CSP
    response.headers["Cache-Control"] = EMBED_CACHE
    return response


@bp.route("/embed")
@public
def embed():
    unknown = calendar_filter(request.args, *reference_data())[1]
    if request.args.get("lang") and _language() is None:
        unknown.append("lang")
    status = 400 if unknown else 200
    lang = _language()
    if lang is None:
        return _render(status, unknown)
    with force_locale(lang):
        return _render(status, unknown)
