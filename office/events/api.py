"""Open data and subscriptions: `GET /api/v1/events` and the iCalendar feed `/calendar.ics`."""

from datetime import date, timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _

from office.core import bounds, cache
from office.core.access import public
from office.core.clock import local_now, office_tz
from office.core.ical import FeedInfo
from office.core.links import absolute_url
from office.core.models import District, Topic
from office.core.page_cache import kept
from office.core.registry import register_openapi
from office.events import calendar, queries, rules
from office.events.documents import build_feed
from office.events.queries import pages
from office.events.views.calendar import calendar_filter
from office.extensions import db
from office.venues.rules import ACCESS_FEATURES

#: no url_prefix: the feed lives at /calendar.ics, next to the calendar pages
api_bp = Blueprint("events_api", __name__)

#: a subscription without a range covers this much of the past and the future
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 300
#: calendar clients poll feeds every few hours; a body is reused this long unless events change
FEED_CACHE_SECONDS = 300
FEED_CACHE_SIZE = 64
_feeds = cache.Store(FEED_CACHE_SIZE)


def _cached_feed(key: tuple, build, seconds: int = FEED_CACHE_SECONDS) -> bytes:
    return _feeds.remembered(key, seconds, build)


class RangeError(ValueError):
    pass


def _parse_day(raw: str, name: str) -> date:
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise RangeError(f"'{name}' must be a date like 2026-05-01") from exc
    if bounds.parse_date(day.isoformat()) is None:
        first, last = bounds.FIRST_DAY.year, bounds.LAST_DAY.year
        raise RangeError(f"dates must lie between the years {first} and {last}")
    return day


def _range(args, default_from: date, default_to: date) -> tuple[date, date]:
    """The asked range; a range given on one side only keeps the default span from that side."""
    start = _parse_day(args["from"], "from") if args.get("from") else None
    end = _parse_day(args["to"], "to") if args.get("to") else None
    span = default_to - default_from
    try:
        if start is None:
            in_default = end is None or default_from < end <= default_to
            start = default_from if in_default else end - span
        if end is None:
            end = start + span
    except OverflowError as exc:
        raise RangeError("dates must lie between the years 1 and 9999") from exc
    try:
        rules.check_range(start, end)
    except rules.RuleError as exc:
        if exc.code == "range_order":
            raise RangeError("'from' must be before 'to'") from exc
        raise RangeError(f"the range may span at most {rules.MAX_RANGE_DAYS} days") from exc
    return start, end


def _filters():
    districts = list(db.session.scalars(sa.select(District)))
    topics = list(db.session.scalars(sa.select(Topic)))
    flt, unknown = calendar_filter(request.args, districts, topics)
    return flt, unknown, {d.id: d.slug for d in districts}, {t.id: t.slug for t in topics}


def _error(message: str):
    return {"error": message, "status": 400}, 400


def _window(start: date, end: date):
    tz = office_tz()
    return rules.local_midnight(start, tz), rules.local_midnight(end, tz)


def _paging(args) -> tuple[int, tuple | None]:
    """The asked page size and the cursor's (start, uid), or RangeError."""
    try:
        limit = rules.page_limit(args.get("limit"))
    except rules.RuleError as exc:
        raise RangeError(f"'limit' must be a whole number from 1 to {rules.PAGE_MAX}") from exc
    try:
        after = rules.after_cursor(args["cursor"]) if args.get("cursor") else None
    except rules.RuleError as exc:
        raise RangeError("'cursor' is not one this API gave: use the 'next' link as it is") from exc
    return limit, after


@api_bp.route("/api/v1/events")
@public
@kept
def events():
    today = local_now().date()
    try:
        start, end = _range(request.args, today, today + timedelta(days=31))
        limit, after = _paging(request.args)
    except RangeError as exc:
        return _error(str(exc))
    flt, unknown, district_slugs, topic_slugs = _filters()
    if unknown:
        return _error(f"unknown {unknown[0]}")

    def payload() -> dict:
        found = pages.events_page(*_window(start, end), flt, after, limit)
        return _events_payload(start, end, found, limit, district_slugs, topic_slugs)

    ttl = queries.cache_seconds()
    if ttl <= 0:
        return payload()
    # reuse a page while no event changes
    filters = tuple((k, tuple(sorted(v))) for k, v in sorted(flt.as_dict().items()))
    key = ("json", request.host_url, str(get_locale()), start, end, filters, limit, after)
    key += (queries.events_version(),)
    body = _cached_feed(key, lambda: current_app.json.response(payload()).get_data(), ttl)
    return Response(body, mimetype=current_app.json.mimetype)


def _next_url(found: pages.Page) -> str | None:
    """The same request with the cursor after the page's last entry, when more follow."""
    if found.last is None:
        return None
    # the asked parameters as they came (any name: none becomes a keyword of the URL builder)
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
    pairs.append(("cursor", rules.page_cursor(*found.last)))
    return f"{absolute_url('events_api.events')}?{urlencode(pairs)}"


def _events_payload(start, end, found, limit, district_slugs, topic_slugs) -> dict:
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "total": found.total,
        "limit": limit,
        "next": _next_url(found),
        "items": [
            {
                "uid": e.uid,
                "kind": e.kind,
                "title": e.title,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "all_day": e.all_day,
                "location": e.location,
                "description": e.description,
                "url": e.url,
                "organiser": e.organiser,
                "districts": [district_slugs[i] for i in e.district_ids if i in district_slugs],
                "topics": [topic_slugs[i] for i in e.topic_ids if i in topic_slugs],
            }
            for e in found.entries
        ],
    }


@api_bp.route("/calendar.ics")
@public
@kept
def feed():
    """A subscription for any filter; the office's recurring events stay series (RRULE)."""
    today = local_now().date()
    try:
        start, end = _range(
            request.args,
            today - timedelta(days=FEED_PAST_DAYS),
            today + timedelta(days=FEED_FUTURE_DAYS),
        )
    except RangeError as exc:
        return _error(str(exc))
    flt, unknown, _d, _t = _filters()
    if unknown:
        return _error(f"unknown {unknown[0]}")
    window = _window(start, end)

    def build() -> bytes:
        others = queries.calendar_entries(*window, flt, skip_kinds=("event",))
        kept = []
        if not flt.kinds or "event" in flt.kinds:
            kept = calendar.feed_events(*window, flt)
        return build_feed(others, feed=_feed_info(), kept=kept)

    filters = tuple((k, tuple(sorted(v))) for k, v in sorted(flt.as_dict().items()))
    key = (request.host_url, str(get_locale()), start, end, filters, queries.events_version())
    body = _cached_feed(key, build)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'inline; filename="calendar.ics"'},
    )


def _feed_info() -> FeedInfo:
    """The feed's own description and the calendar page it mirrors (same filter)."""
    shown = {k: request.args.getlist(k) for k in FILTER_ARGS if request.args.getlist(k)}
    return FeedInfo(
        description=_(
            "Events of %(office)s, of neighbourhood initiatives, courses and processes.",
            office=current_app.config["OFFICE_NAME"],
        ),
        url=absolute_url("events.index", **shown),
    )


#: the query arguments of a calendar filter
FILTER_ARGS = ("district", "topic", "organiser", "kind", "access")


def _param(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


_filter_params = [
    _param(
        "district",
        "district slug; repeat for several",
        {"type": "array", "items": {"type": "string"}},
    ),
    _param(
        "topic", "topic slug; repeat for several", {"type": "array", "items": {"type": "string"}}
    ),
    _param(
        "organiser",
        "office, initiative, department or board",
        {"type": "string", "enum": ["office", "initiative", "department", "board"]},
    ),
    _param("kind", "entry type: event, course, process, board ...", {"type": "string"}),
    _param(
        "access",
        "events at venues with this access (all must hold); repeat for several",
        {"type": "array", "items": {"type": "string", "enum": list(ACCESS_FEATURES)}},
    ),
]
_error_response = {
    "description": "invalid range or filter",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}

register_openapi(
    "events",
    paths={
        "/api/v1/events": {
            "get": {
                "summary": "Calendar entries in a date range, recurring events expanded",
                "operationId": "listEvents",
                "tags": ["calendar"],
                "parameters": [
                    _param(
                        "from",
                        "first day (inclusive), default today (or 31 days before 'to')",
                        {"type": "string", "format": "date"},
                    ),
                    _param(
                        "to",
                        f"last day (exclusive), default 31 days after 'from'; at most {rules.MAX_RANGE_DAYS} days after 'from'",
                        {"type": "string", "format": "date"},
                    ),
                    *_filter_params,
                    _param(
                        "limit",
                        f"entries per page, default {rules.PAGE_DEFAULT}, at most {rules.PAGE_MAX}",
                        {"type": "integer", "minimum": 1, "maximum": rules.PAGE_MAX},
                    ),
                    _param("cursor", "where the page starts: from a page's 'next' link"),
                ],
                "responses": {
                    "200": {
                        "description": "a page of the entries, by start and uid",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/CalendarPage"}
                            }
                        },
                    },
                    "400": _error_response,
                },
            }
        },
        "/calendar.ics": {
            "get": {
                "summary": "iCalendar (RFC 5545) subscription for any filter",
                "operationId": "calendarFeed",
                "tags": ["calendar"],
                "parameters": [
                    _param(
                        "from",
                        f"first day, default {FEED_PAST_DAYS} days ago (or {FEED_PAST_DAYS + FEED_FUTURE_DAYS} days before 'to')",
                        {"type": "string", "format": "date"},
                    ),
                    _param(
                        "to",
                        f"last day (exclusive), default in {FEED_FUTURE_DAYS} days (or {FEED_PAST_DAYS + FEED_FUTURE_DAYS} days after 'from')",
                        {"type": "string", "format": "date"},
                    ),
                    *_filter_params,
                ],
                "responses": {
                    "200": {
                        "description": "a VCALENDAR",
                        "content": {"text/calendar": {"schema": {"type": "string"}}},
                    },
                    "400": _error_response,
                },
            }
        },
    },
    schemas={
        "CalendarEntry": {
            "type": "object",
            "required": ["uid", "kind", "title", "start", "end", "all_day", "url"],
            "properties": {
                "uid": {"type": "string", "description": "the series' UID for recurring events"},
                "kind": {"type": "string"},
                "title": {"type": "string"},
                "start": {"type": "string", "format": "date-time"},
                "end": {"type": "string", "format": "date-time", "description": "exclusive"},
                "all_day": {"type": "boolean"},
                "location": {"type": "string"},
                "description": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "organiser": {"type": "string"},
                "districts": {"type": "array", "items": {"type": "string"}},
                "topics": {"type": "array", "items": {"type": "string"}},
            },
        },
        "CalendarPage": {
            "type": "object",
            "required": ["from", "to", "total", "limit", "next", "items"],
            "properties": {
                "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
                "total": {"type": "integer", "description": "entries in the range, all pages"},
                "limit": {"type": "integer", "description": "entries per page"},
                "next": {
                    "type": ["string", "null"],
                    "format": "uri",
                    "description": "the next page, null on the last",
                },
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/CalendarEntry"}},
            },
        },
    },
)
