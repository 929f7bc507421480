"""Whole anonymous pages kept and answered again until any data changes (issue #21).

A view marked `@kept` answers an anonymous GET or HEAD (no logged-in user, no flash message
waiting) from a per-process store of whole rendered answers. The key holds the address (path
and query string, host and script root), the language, the current second (pages show
deadlines, "coming" events that drop off the moment they end, overdue answers: a page is kept
for one second at most, which under load still answers nearly every request from the store) and the change token of *any* table (`cache.ANY`,
renewed by every commit that changes rows): a page is never kept across a change, whatever
table it reads, so no view has to list its tables and none can forget one. On PostgreSQL the
token comes from the change notices, so a kept page reads nothing from the database; on SQLite
it is one read of one row.

Nothing personal is kept: the CSRF token (the language switch, forms) is stored as a random
marker and each answer carries the visitor's own (`without_token`, `with_token`, also used by
the staff pages of `staff_pages`); an answer that made a value for its own render (a public
form's submission key, `made_per_render`) is never kept, nor are answers that set a cookie,
that are not 200, that are streamed, or that showed a flash message; logged-in users always get
a freshly rendered page. Headers added by `after_request` hooks (security headers, caching) and
the session cookie are made per request, after the view, on a kept answer as on a fresh one.
"""

import secrets
from functools import wraps
from typing import AnyStr

from flask import Response, current_app, g, has_request_context, make_response, request, session
from flask.globals import request_ctx
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from office.core import cache
from office.core.clock import utcnow

MAX_PAGES = 256
#: bytes of kept bodies per process (a month of the city's events as JSON is 2 MB)
MAX_BYTES = 64 * 1024 * 1024
#: what the visitor's CSRF token is stored as (random: no page can contain it by chance)
CSRF_MARK = f"csrf-{secrets.token_hex(16)}"
#: set in the request's environ by a value made for one render (a test's app context keeps one `g`)
_PER_RENDER = "office.page_cache.made_per_render"
#: headers that belong to one answer only (the length follows the visitor's token)
_PERSONAL_HEADERS = {"set-cookie", "content-length"}


class PageStore(cache.Store):
    """The store of whole answers: bounded by their number and by the bytes of their bodies."""

    def __init__(self, size: int, max_bytes: int):
        super().__init__(size)
        self.max_bytes = max_bytes

    def put(self, key, value) -> None:
        if len(value[2]) > self.max_bytes:
            return
        super().put(key, value)
        with self.lock:
            while sum(len(hit[1][2]) for hit in self.entries.values()) > self.max_bytes:
                self.entries.popitem(last=False)


_pages = PageStore(MAX_PAGES, MAX_BYTES)


def kept(view):
    """Answer anonymous GETs of this view from the store of whole pages (see the module)."""

    @wraps(view)
    def answer(*args, **kwargs):
        max_age = keeping_for(("GET", "HEAD"))
        if max_age <= 0 or current_user.is_authenticated:
            return view(*args, **kwargs)
        key = _key()
        hit = _pages.get(key, max_age)
        if hit is not None:
            return _answer(*hit[1])
        response = make_response(view(*args, **kwargs))
        if _storable(response):
            _pages.put(key, _stored(response))
        return response

    return answer


def keeping_for(methods: tuple) -> int:
    """How many seconds a page of this request may be kept: 0 when the cache is switched off
    (OFFICE_FRAGMENT_CACHE_SECONDS <= 0), for another method or with a flash message waiting."""
    if request.method not in methods or session.get("_flashes"):
        return 0
    return current_app.config["OFFICE_FRAGMENT_CACHE_SECONDS"]


def made_per_render() -> None:
    """Mark this request's answer as holding a value made for this render only (a submission
    key): kept, every visitor would get the same one, so it is not kept."""
    if has_request_context():
        request.environ[_PER_RENDER] = True


def for_anybody() -> bool:
    """The page just built may be kept: it showed no flash message and made no per-render value."""
    return not (request_ctx.flashes or session.get("_flashes") or request.environ.get(_PER_RENDER))


def without_token(page: AnyStr) -> AnyStr:
    """`page` with the request's CSRF token replaced by the marker."""
    token = g.get(current_app.config["WTF_CSRF_FIELD_NAME"])
    return page.replace(_like(token, page), _like(CSRF_MARK, page)) if token else page


def with_token(page: AnyStr) -> AnyStr:
    """A kept `page` with the request's own CSRF token in place of the marker."""
    mark = _like(CSRF_MARK, page)
    return page.replace(mark, _like(generate_csrf(), page)) if mark in page else page


def _like(text: str, page: AnyStr) -> AnyStr:
    return text.encode() if isinstance(page, bytes) else text


def _key() -> tuple:
    return (
        id(current_app._get_current_object()),
        request.host,
        request.script_root,
        request.path,
        request.query_string,
        str(get_locale()),
        utcnow().replace(microsecond=0),
        cache.any_token(),
    )


def _storable(response: Response) -> bool:
    """A complete 200 answer for anybody: no cookie of its own, nothing shown once."""
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and not response.is_streamed
        and "Set-Cookie" not in response.headers
        and for_anybody()
        and not current_user.is_authenticated
    )


def _stored(response: Response) -> tuple:
    headers = [(k, v) for k, v in response.headers if k.lower() not in _PERSONAL_HEADERS]
    return response.status_code, headers, without_token(response.get_data())


def _answer(status: int, headers: list, body: bytes) -> Response:
    return Response(with_token(body), status=status, headers=headers)
