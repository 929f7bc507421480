"""Absolute links to the office's pages, built from `OFFICE_BASE_URL`.

A link that leaves the application (in a mail, an .ics file, a feed, an API answer) must
point at the office's public address, whether the code runs in a web request, a cron
command or a background worker. `url_for(..., _external=True)` takes the host from the
request (or fails outside one without `SERVER_NAME`, which would also change routing), and
a request's Host header is chosen by the client. `absolute_url` uses only the configured
base address, so a mail sent from the web and one sent by cron carry the same link.
"""

from urllib.parse import quote, urlsplit

from flask import current_app
from werkzeug.routing import MapAdapter


def _adapter() -> MapAdapter:
    app = current_app._get_current_object()  # noqa: SLF001 - the app, not its proxy
    base = urlsplit(app.config["OFFICE_BASE_URL"])
    return app.url_map.bind(
        base.netloc,
        script_name=base.path.rstrip("/") or "/",
        url_scheme=base.scheme or "https",
    )


def absolute_url(endpoint: str, _anchor: str | None = None, **values) -> str:
    """The absolute address of `endpoint` with `values`, under OFFICE_BASE_URL."""
    current_app.inject_url_defaults(endpoint, values)
    url = _adapter().build(endpoint, values, force_external=True)
    if _anchor is not None:
        url += "#" + quote(_anchor, safe="%!#$&'()*+,/:;=?@")
    return url


def base_url() -> str:
    """The office's public address without a trailing slash."""
    return current_app.config["OFFICE_BASE_URL"].rstrip("/")
