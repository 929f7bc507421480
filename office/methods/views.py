from flask import abort, render_template, request
from werkzeug.datastructures import MultiDict

from office.core.access import public
from office.extensions import db
from office.methods import bp
from office.methods.forms import FinderForm
from office.methods.models import Method
from office.methods.rules import Needs
from office.methods.services import find_methods


@bp.route("/")
@public
def index():
    """The toolkit with the "which method fits?" finder."""
    form = FinderForm(formdata=MultiDict(request.args) if request.args else None)
    searched = bool(request.args) and form.validate()
    needs = Needs()
    if searched:
        needs = Needs(
            goal=form.goal.data or None,
            level=form.level.data or None,
            participants=form.participants.data,
            budget=form.budget.data,
            weeks=form.weeks.data,
        )
    methods = find_methods(needs) if not request.args or searched else []
    return render_template("methods/index.html", form=form, methods=methods, searched=searched)


@bp.route("/<slug>")
@public
def detail(slug):
    method = db.session.scalar(db.select(Method).filter_by(slug=slug)) or abort(404)
    processes = [p for p in method.processes if p.is_public]
    return render_template("methods/detail.html", method=method, processes=processes)
