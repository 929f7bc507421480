from flask import redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from office.config import LOCALES
from office.core import bp
from office.core.access import public
from office.core.i18n import answers_get
from office.core.page_cache import kept
from office.core.registry import ACCOUNT_PANELS, HOME_PANELS, NAV
from office.core.rules import safe_next
from office.extensions import db


@bp.route("/")
@public
@kept
def home():
    return render_template("core/home.html", panels=[panel() for panel in HOME_PANELS])


@bp.app_template_global("account_panels")
def account_panels(user) -> list[Markup]:
    """What the domains show on a user's account page."""
    return [panel(user) for panel in ACCOUNT_PANELS]


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
    target = safe_next(request.form.get("next"))
    if not target or not answers_get(target):  # a POST-only address: the home page
        target = url_for("core.home")
    return redirect(target, code=303)


@bp.route("/about/privacy")
@public
def privacy():
    return render_template("core/privacy.html")


SECTIONS = ("competence", "neighbourhood", "governance")
_NAV_HTML: dict = {}
_NAV_PATHS: dict = {}


SECTION_LABELS = {
    "competence": _l("Competence centre"),
    "neighbourhood": _l("Neighbourhood"),
    "governance": _l("Governance"),
}


def _current_endpoint() -> str | None:
    """The nav entry whose address is the longest prefix of this page's path."""
    paths = _NAV_PATHS.get(request.script_root)
    if paths is None:
        paths = _NAV_PATHS[request.script_root] = [(e.endpoint, url_for(e.endpoint)) for e in NAV]
    matching = [(len(path), endpoint) for endpoint, path in paths if request.path.startswith(path)]
    return max(matching, key=lambda match: match[0])[1] if matching else None


def _sections(visible: frozenset):
    for key in SECTIONS:
        entries = [e for e in NAV if e.section == key and e.endpoint in visible]
        yield key, SECTION_LABELS[key], entries


def _visible_entries() -> frozenset:
    return frozenset(e.endpoint for e in NAV if e.visible is None or e.visible(current_user))


def _main_nav() -> Markup:
    """The navigation's HTML, rendered once per language, set of visible entries and current
    entry (every page shows it; its labels and addresses cost more than the rest of a simple
    page)."""
    visible = _visible_entries()
    key = (str(get_locale()), visible, _current_endpoint(), request.script_root)
    html = _NAV_HTML.get(key)
    if html is None:
        if len(_NAV_HTML) > 256:
            _NAV_HTML.clear()
        text = render_template("_nav.html", sections=list(_sections(visible)), current=key[2])
        # an autoescaped template's output is HTML already
        html = _NAV_HTML[key] = Markup(text)  # noqa: S704  # nosec B704
    return html


@bp.app_context_processor
def navigation():
    return {"nav_sections": lambda: _sections(_visible_entries()), "main_nav": _main_nav}
