from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from office.config import LOCALES
from office.core import bp
from office.core.access import public
from office.core.rules import safe_next
from office.extensions import db


@bp.route("/")
@public
def home():
    from office.core.registry import HOME_PANELS

    return render_template("core/home.html", panels=[panel() for panel in HOME_PANELS])


@bp.route("/healthz")
@public
def healthz():
    return {"status": "ok"}


@bp.route("/language", methods=["POST"])
@public
def set_language():
    locale = request.form.get("locale")
    if locale in LOCALES:
        session["locale"] = locale
        if current_user.is_authenticated and current_user.locale != locale:
            current_user.locale = locale
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("core.home"), code=303)


@bp.route("/about/privacy")
@public
def privacy():
    return render_template("core/privacy.html")


@bp.route("/about/accessibility")
@public
def accessibility():
    return render_template("core/accessibility.html", office=current_app.config["OFFICE_NAME"])


SECTIONS = ("competence", "neighbourhood", "governance")
_NAV_HTML: dict = {}
_NAV_PATHS: dict = {}


@bp.app_context_processor
def navigation():
    from flask_babel import lazy_gettext as _l

    from office.core.registry import NAV

    labels = {
        "competence": _l("Competence centre"),
        "neighbourhood": _l("Neighbourhood"),
        "governance": _l("Governance"),
    }

    def current_endpoint():
        """The nav entry whose address is the longest prefix of this page's path."""
        paths = _NAV_PATHS.get(request.script_root)
        if paths is None:
            paths = _NAV_PATHS[request.script_root] = [
                (e.endpoint, url_for(e.endpoint)) for e in NAV
            ]
        best, length = None, 0
        for endpoint, path in paths:
            if request.path.startswith(path) and len(path) > length:
                best, length = endpoint, len(path)
        return best

    def sections(visible):
        for key in SECTIONS:
            yield key, labels[key], [e for e in NAV if e.section == key and e.endpoint in visible]

    def visible_entries():
        return frozenset(e.endpoint for e in NAV if e.visible is None or e.visible(current_user))

    def main_nav():
        """The navigation's HTML, rendered once per language, set of visible entries and
        current entry (every page shows it; its labels and addresses cost more than the rest
        of a simple page)."""
        visible = visible_entries()
        key = (str(get_locale()), visible, current_endpoint(), request.script_root)
        html = _NAV_HTML.get(key)
        if html is None:
            if len(_NAV_HTML) > 256:
                _NAV_HTML.clear()
            text = render_template("_nav.html", sections=list(sections(visible)), current=key[2])
            # an autoescaped template's output is HTML already
            html = _NAV_HTML[key] = Markup(text)  # noqa: S704  # nosec B704
        return html

    return {"nav_sections": lambda: sections(visible_entries()), "main_nav": main_nav}
