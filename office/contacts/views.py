from flask import render_template
from flask_babel import gettext as _

from office.contacts import bp
from office.core.access import staff_required


@bp.route("/")
@staff_required
def index():
    return render_template("core/placeholder.html", title=_("Contacts"))
