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

Nothing personal is kept: the CSRF token (the language switch, forms) is stored as a
placeholder and each answer carries the visitor's own; answers that set a cookie, that are not
200, that are streamed, or that showed a flash message are not kept; logged-in users always get
a freshly rendered page. Headers added by `after_request` hooks (security headers, caching) and
the session cookie are made per request, after the view, on a kept answer as on a fresh one.
"""

from functools import wraps

from flask import Response, current_app, g, make_response, request, session
from flask.globals import request_ctx
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from office.core import cache
from office.core.clock import utcnow

MAX_PAGES = 256
#: bytes of kept bodies per process (a month of the city's events as JSON is 2 MB)
MAX_BYTES = 64 * 1024 * 1024
#: what the visitor's CSRF token is stored as
PLACEHOLDER = b"__office_csrf_token__"
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
        max_age = current_app.config["OFFICE_FRAGMENT_CACHE_SECONDS"]
        if max_age <= 0 or not _anonymous_read():
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


def _anonymous_read() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


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
    """A complete 200 answer for anybody: no cookie of its own, no flash message shown."""
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and not response.is_streamed
        and "Set-Cookie" not in response.headers
        and not request_ctx.flashes
        and "_flashes" not in session
        and not current_user.is_authenticated
    )


def _csrf_token() -> str | None:
    return g.get(current_app.config["WTF_CSRF_FIELD_NAME"])


def _stored(response: Response) -> tuple:
    body = response.get_data()
    token = _csrf_token()
    personal = token is not None and token.encode() in body
    if personal:
        body = body.replace(token.encode(), PLACEHOLDER)
    headers = [(k, v) for k, v in response.headers if k.lower() not in _PERSONAL_HEADERS]
    return response.status_code, headers, body, personal


def _answer(status: int, headers: list, body: bytes, personal: bool) -> Response:
    if personal:
        body = body.replace(PLACEHOLDER, generate_csrf().encode())
    return Response(body, status=status, headers=headers)
