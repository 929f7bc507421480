from flask import render_template
from flask_babel import gettext as _

from office.core.access import public
from office.processes import bp


@bp.route("/")
@public
def index():
    return render_template("core/placeholder.html", title=_("Processes"))
