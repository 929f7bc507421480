from flask import render_template
from flask_babel import gettext as _

from office.core.access import staff_required
from office.sortition import bp


@bp.route("/")
@staff_required
def index():
    return render_template("core/placeholder.html", title=_("Sortition"))
