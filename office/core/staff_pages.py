"""Staff pages kept whole per viewer, until the data they show changes.

A staff page (the request queue, the contacts search) is the same for one viewer until a table
it shows changes: the body is a shared fragment (`cache.rendered`), the layout around it shows
the viewer's name, what their roles open (administration link, navigation), the language and
the address. A page is kept per process under the change tokens of its tables (read before the
page is built, so it is never filed under a newer token than its data), the viewer (id, name,
roles), the language, the full address and `parts` (e.g. the time a page's marks are as of).

The CSRF token of the layout's forms (logout, keep-alive, language switch) is stored as a
marker and the request's own token is put in on every load (`page_cache.without_token`). A
request with flash messages waiting is built afresh and not kept (they are shown once), and so
is any other method than GET and a page that made a value for its render (a submission key).
"""

import threading
from collections.abc import Callable, Iterable

from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from office.core import cache
from office.core.page_cache import for_anybody, keeping_for, with_token, without_token

_pages = cache.Store(256)
#: the tables of the kept pages met so far (their tokens are read with the account's)
_watched: set[str] = set()
_lock = threading.Lock()
_MEMO = "office.staff_pages.tokens"


def kept(name: str, tables: Iterable, build: Callable[[], str], parts: tuple = ()) -> str:
    """`build()`'s page for this viewer, reused while `tables` are unchanged (see above)."""
    max_age = keeping_for(("GET",))
    if max_age <= 0:
        return build()
    key = (*_address(name, parts), _viewer(), str(get_locale()), tokens(tables))
    hit = _pages.get(key, max_age)
    if hit is not None:
        return with_token(hit[1])
    page = build()
    if for_anybody():
        _pages.put(key, without_token(page))
    return page


def _address(name: str, parts: tuple) -> tuple:
    # the full path as sent: the language switch leads back to it, argument order included
    app = id(current_app._get_current_object())
    return app, name, request.script_root, request.full_path, parts


def _viewer() -> tuple:
    """What the layout shows of the viewer: their name and what their roles open."""
    return current_user.id, current_user.name, current_user.role_names


def tokens(tables: Iterable[str]) -> tuple:
    """`cache.tokens(tables)`, read once per request in one statement together with the
    tokens of every kept page's tables (the session's loader asks first, the page next)."""
    names = tuple(tables)
    if not has_request_context():
        return cache.tokens(names)
    memo = request.environ.get(_MEMO)  # per request (a test's app context keeps one `g`)
    if memo is None or not memo.keys() >= set(names):
        wanted = _watching(names)
        memo = request.environ[_MEMO] = dict(zip(wanted, cache.tokens(wanted), strict=True))
    return tuple(memo[n] for n in names)


def _watching(names: tuple) -> tuple:
    """`names` and the tables of every kept page met so far (threads share the set)."""
    with _lock:
        _watched.update(names)
        return tuple(sorted(_watched))
