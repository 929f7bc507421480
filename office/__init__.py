"""The participation office: one Flask app for competence centre, neighbourhood and governance."""

import importlib
import logging
import os

from flask import Flask, current_app, flash, g, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import BadRequest, HTTPException, UnsupportedMediaType
from werkzeug.routing import IntegerConverter

from office.config import ConfigError, check_calendar, load_config
from office.core.bounds import INTEGER
from office.core.security_log import security_event
from office.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

#: domain packages; each has `bp` (or a tuple `blueprints`) and registers its navigation,
#: demo data, calendar entries and API parts itself (office/core/registry.py)
DOMAINS = (
    "processes",
    "methods",
    "courses",
    "contacts",
    "directory",
    "venues",
    "events",
    "requests",
    "governance",
    "sortition",
    "assemblies",
    "reports",
    "oparl",
    "accessibility",
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder="static",
    )
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)
    check_calendar(app.config)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", os.path.join(ROOT, "translations"))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "connect_args": {"timeout": 30},
        }

    _guard_hosts_and_proxies(app)
    _init_extensions(app)
    # <int:...> ids past the database's integer range answer 404 instead of a database error
    app.url_map.converters["int"] = DatabaseIdConverter
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_hooks(app)
    from office.cli import register_cli

    register_cli(app)
    logging.basicConfig(level=logging.INFO)
    return app


def _guard_hosts_and_proxies(app: Flask) -> None:
    from office.core.proxies import ProxyAndHostGuard, parse_networks, trusted_hosts

    config = app.config
    hosts = trusted_hosts(
        config["OFFICE_TRUSTED_HOSTS"],
        config["OFFICE_BASE_URL"],
        config["OFFICE_ENV"] == "production",
    )
    try:
        proxies = parse_networks(config["OFFICE_TRUSTED_PROXIES"])
    except ValueError as exc:
        raise ConfigError(f"OFFICE_TRUSTED_PROXIES: {exc}") from exc
    app.wsgi_app = ProxyAndHostGuard(app.wsgi_app, hosts, proxies)


def _init_extensions(app: Flask) -> None:
    from office.auth.models import AnonymousUser
    from office.auth.sessions import session_user
    from office.core.i18n import register_filters, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.anonymous_user = AnonymousUser
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    login_manager.user_loader(session_user)
    register_filters(app)


class DatabaseIdConverter(IntegerConverter):
    """`<int:id>` up to the largest Integer id: a larger one cannot exist, so the route 404s."""

    def __init__(self, map, fixed_digits=0, min=None, max=INTEGER[1], signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _register_blueprints(app: Flask) -> None:
    from office.admin import bp as admin_bp
    from office.api import bp as api_bp
    from office.auth import bp as auth_bp
    from office.core import bp as core_bp

    for blueprint in (core_bp, auth_bp, admin_bp, api_bp):
        app.register_blueprint(blueprint)
    for name in DOMAINS:
        module = importlib.import_module(f"office.{name}")
        # a domain may have more than one blueprint (e.g. its open-data API under /api/v1)
        for blueprint in getattr(module, "blueprints", (module.bp,)):
            app.register_blueprint(blueprint)


#: what an HTML form sends
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _render_error(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


#: the title and the message of each error page
ERROR_PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (
        _l("Access denied"),
        _l("You are not allowed to see this page. Log in with another account or go back."),
    ),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. Check the address or start from the home page."),
    ),
    405: (_l("Not allowed"), _l("This address does not accept this kind of request.")),
    413: (
        _l("Too large"),
        _l("What you sent is larger than we accept. Please send a smaller file."),
    ),
    415: (
        _l("Not a form"),
        _l("This address accepts only what its form sends. Please use the form."),
    ),
    429: (
        _l("Too many attempts"),
        _l("You have tried too often. Please wait a few minutes and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An error occurred on our side. It has been logged; please try again later."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l("The database cannot be reached right now. Please try again in a moment."),
    ),
}


def _register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(DBAPIError, _database_unavailable)
    app.register_error_handler(Exception, _unexpected)


def _error_page(status: int):
    title, message = ERROR_PAGES[status]
    return _render_error(status, str(title), str(message))


def _wants_json() -> bool:
    """The open-data API and the machine-read feeds answer errors as JSON (as documented)."""
    return request.path.startswith("/api/") or request.path.endswith((".ics", ".json"))


def _http_error(exc: HTTPException):
    status = exc.code or 500
    if status in (403, 429):
        security_event("forbidden" if status == 403 else "rate_limited")
    title, message = ERROR_PAGES.get(status, (exc.name, exc.description))
    body, status = _error_answer(status, title, message)
    return body, status, _allow_header(exc, status)


def _error_answer(status: int, title, message):
    """The error as JSON where JSON is read (`_wants_json`), else as the error page."""
    if _wants_json():
        return {"error": str(title), "status": status}, status
    return _render_error(status, str(title), str(message))


def _allow_header(exc: HTTPException, status: int) -> dict:
    """A 405 names the methods the address accepts (RFC 9110, 15.5.6)."""
    allowed = getattr(exc, "valid_methods", None)
    return {"Allow": ", ".join(sorted(allowed))} if status == 405 and allowed else {}


def _csrf_error(exc: CSRFError):
    """Show the form again with a clear message; nothing was changed."""
    security_event("csrf_failed")
    if request.method == "POST" and request.endpoint and "GET" in _methods(current_app, request):
        flash(_("The form had expired. Please check your entries and submit it again."), "error")
        return redirect(request.full_path.rstrip("?"), code=303)
    return _render_error(400, _("Form expired"), _("Please reload the page and try again."))


def _database_unavailable(exc: DBAPIError):
    current_app.logger.error("database error: %s", exc.__class__.__name__)
    _roll_back()
    g._login_user = AnonymousUserMixin()  # render without touching the database again
    lost = isinstance(exc, OperationalError) or getattr(exc, "connection_invalidated", False)
    return _error_page(503 if lost else 500)


def _roll_back() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone entirely
        db.session.close()


def _unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    current_app.logger.exception("unhandled error")
    _roll_back()
    return _error_answer(500, *ERROR_PAGES[500])


def _methods(app: Flask, req) -> set:
    adapter = app.url_map.bind("")
    try:
        return set(adapter.allowed_methods(req.path))
    except HTTPException:
        return set()


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def _register_hooks(app: Flask) -> None:
    from office.auth.sessions import enforce_timeouts
    from office.core.access import enforce_access

    for hook in (_fresh_user, _refuse_other_bodies, _refuse_nul, enforce_timeouts, enforce_access):
        app.before_request(hook)
    app.teardown_appcontext(_release_session)
    app.after_request(_security_headers)


def _fresh_user():
    """The user and the language are worked out once per request (tests may reuse one app
    context, and so one `g`, across requests)."""
    g.pop("_login_user", None)
    g.pop("_flask_babel", None)
    g.pop(current_app.config["WTF_CSRF_FIELD_NAME"], None)  # each visitor their own token


def _release_session(_exc):
    """Runs before Flask-SQLAlchemy's own teardown (registered earlier). A connection the
    database dropped after the answer was made (a restart) fails the closing rollback: the
    answer stands, the dead connection is discarded and the pool opens a new one."""
    try:
        db.session.remove()
    except DBAPIError:
        current_app.logger.error("database connection lost while closing the session")
        db.session.registry.clear()


def _refuse_other_bodies():
    # a page's form sends form fields; any other body (JSON, text) to a page is refused
    # rather than read as an empty form (only the API under /api/ reads other bodies)
    if request.content_length and request.mimetype not in FORM_TYPES:
        if not request.path.startswith("/api/"):
            raise UnsupportedMediaType()


def _refuse_nul():
    # PostgreSQL cannot store or compare U+0000 in text: refuse it up front, in the path as
    # in the fields, on every database alike
    fields = ([request.path], *request.args.listvalues(), *request.form.listvalues())
    if any("\x00" in value for values in fields for value in values):
        raise BadRequest()


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if "frame-ancestors 'none'" in headers["Content-Security-Policy"]:
        # pages meant to be framed (the embeddable calendar) say so in their own CSP
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["OFFICE_ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if "text/html" in response.content_type:
        headers.setdefault("Cache-Control", "no-store" if _logged_in() else "no-cache")
    return response


def _logged_in() -> bool:
    user = g.get("_login_user")
    return bool(user is not None and user.is_authenticated)
