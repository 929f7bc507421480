"""The participation office: one Flask app for competence centre, neighbourhood and governance."""

import importlib
import logging
import os

from flask import Flask, g, render_template, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from office.config import ConfigError, check_calendar, load_config
from office.core.bounds import INTEGER
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
    from office.auth.models import AnonymousUser, User
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

    @login_manager.user_loader
    def load_user(session_id: str):
        user_id, _sep, version = session_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        # user, organisation and roles in one statement (every staff page starts with it)
        user = db.session.get(User, int(user_id), options=[joinedload(User.roles)])
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user

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


def _register_error_handlers(app: Flask) -> None:
    messages = {
        400: (lambda: _("Bad request"), lambda: _("The request could not be understood.")),
        403: (
            lambda: _("Access denied"),
            lambda: _(
                "You are not allowed to see this page. Log in with another account or go back."
            ),
        ),
        404: (
            lambda: _("Page not found"),
            lambda: _(
                "There is no page at this address. Check the address or start from the home page."
            ),
        ),
        405: (
            lambda: _("Not allowed"),
            lambda: _("This address does not accept this kind of request."),
        ),
        413: (
            lambda: _("Too large"),
            lambda: _("What you sent is larger than we accept. Please send a smaller file."),
        ),
        415: (
            lambda: _("Not a form"),
            lambda: _("This address accepts only what its form sends. Please use the form."),
        ),
        429: (
            lambda: _("Too many attempts"),
            lambda: _("You have tried too often. Please wait a few minutes and try again."),
        ),
        500: (
            lambda: _("Something went wrong"),
            lambda: _("An error occurred on our side. It has been logged; please try again later."),
        ),
        503: (
            lambda: _("Temporarily unavailable"),
            lambda: _("The database cannot be reached right now. Please try again in a moment."),
        ),
    }

    def wants_json() -> bool:
        # the open-data API and the machine-read feeds answer errors as JSON (as documented)
        return request.path.startswith("/api/") or request.path.endswith((".ics", ".json"))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        if status in (403, 429):
            from office.core.security_log import security_event

            security_event("forbidden" if status == 403 else "rate_limited")
        title, message = messages.get(status, (lambda: exc.name, lambda: exc.description))
        # a 405 names the methods the address accepts (RFC 9110, 15.5.6)
        allowed = getattr(exc, "valid_methods", None)
        headers = {"Allow": ", ".join(sorted(allowed))} if status == 405 and allowed else {}
        if wants_json():
            return {"error": title(), "status": status}, status, headers
        body, status = _render_error(status, title(), message())
        return body, status, headers

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        from flask import flash, redirect

        from office.core.security_log import security_event

        security_event("csrf_failed")
        # Show the form again with a clear message; nothing was changed.
        if request.method == "POST" and request.endpoint and "GET" in _methods(app, request):
            flash(
                _("The form had expired. Please check your entries and submit it again."), "error"
            )
            return redirect(request.full_path.rstrip("?"), code=303)
        return _render_error(400, _("Form expired"), _("Please reload the page and try again."))

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(exc):
        app.logger.error("database error: %s", exc.__class__.__name__)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection may be gone entirely
            db.session.close()
        g._login_user = AnonymousUserMixin()  # render without touching the database again
        if isinstance(exc, OperationalError) or getattr(exc, "connection_invalidated", False):
            title, message = messages[503]
            return _render_error(503, title(), message())
        title, message = messages[500]
        return _render_error(500, title(), message())

    @app.errorhandler(Exception)
    def unexpected(exc):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        app.logger.exception("unhandled error")
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001
            db.session.close()
        title, message = messages[500]
        if wants_json():
            return {"error": title(), "status": 500}, 500
        return _render_error(500, title(), message())


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
    from office.core.access import enforce_access

    @app.before_request
    def fresh_user():
        # The user and the language are worked out once per request (tests may reuse one app
        # context, and so one `g`, across requests).
        g.pop("_login_user", None)
        g.pop("_flask_babel", None)

    @app.teardown_appcontext
    def release_session(_exc):
        # Runs before Flask-SQLAlchemy's own teardown (registered earlier). A connection the
        # database dropped after the answer was made (a restart) fails the closing rollback: the
        # answer stands, the dead connection is discarded and the pool opens a new one.
        try:
            db.session.remove()
        except DBAPIError:
            app.logger.error("database connection lost while closing the session")
            db.session.registry.clear()

    @app.before_request
    def refuse_malformed_input():
        from werkzeug.exceptions import BadRequest, UnsupportedMediaType

        # a page's form sends form fields; any other body (JSON, text) to a page is refused
        # rather than read as an empty form (only the API under /api/ reads other bodies)
        if request.content_length and request.mimetype not in FORM_TYPES:
            if not request.path.startswith("/api/"):
                raise UnsupportedMediaType()
        # PostgreSQL cannot store or compare U+0000 in text: refuse it up front, in the path as
        # in the fields, on every database alike
        fields = ([request.path], *request.args.listvalues(), *request.form.listvalues())
        if any("\x00" in value for values in fields for value in values):
            raise BadRequest()

    from office.auth.sessions import enforce_timeouts

    app.before_request(enforce_timeouts)
    app.before_request(enforce_access)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        if "frame-ancestors 'none'" in headers["Content-Security-Policy"]:
            # pages meant to be framed (the embeddable calendar) say so in their own CSP
            headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config["OFFICE_ENV"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if "text/html" in response.content_type:
            headers.setdefault("Cache-Control", "no-store" if _logged_in() else "no-cache")
        return response


def _logged_in() -> bool:
    user = g.get("_login_user")
    return bool(user is not None and user.is_authenticated)
