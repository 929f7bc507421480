from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from office.auth.rules import safe_next
from office.config import LOCALES
from office.core import bp
from office.core.access import public
from office.extensions import db


@bp.route("/")
@public
def home():
    return render_template("core/home.html")


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
        from flask import request, url_for

        best, length = None, 0
        for entry in NAV:
            path = url_for(entry.endpoint)
            if request.path.startswith(path) and len(path) > length:
                best, length = entry.endpoint, len(path)
        return best

    def sections():
        for key in SECTIONS:
            entries = [
                e
                for e in NAV
                if e.section == key and (e.visible is None or e.visible(current_user))
            ]
            yield key, labels[key], entries

    return {"nav_sections": sections, "nav_current": current_endpoint}
