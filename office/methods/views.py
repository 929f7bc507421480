"""The methods toolkit: the finder, method cards, and their editing by staff."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from office.config import LOCALES
from office.core.access import public, staff_required
from office.core.forms import render_form
from office.core.transaction import perform
from office.core.translations import office_locale
from office.extensions import db
from office.methods import bp
from office.methods.forms import FinderForm, MethodForm
from office.methods.models import TEXT_FIELDS, Method
from office.methods.rules import Needs
from office.methods.services import find_methods, save_method

FACT_FIELDS = ("level", "group_min", "group_max", "duration_weeks", "cost_min", "cost_max")


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


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<slug>/edit", methods=["GET", "POST"])
@staff_required
def edit(slug=None):
    """Edit a method card's facts and its texts in every language."""
    method = db.session.scalar(db.select(Method).filter_by(slug=slug)) if slug else Method()
    if method is None:
        abort(404)
    form = MethodForm(obj=method if slug else None)
    if request.method == "GET" and slug:
        form.goals.data = method.goal_list
    if form.validate_on_submit() and perform(
        save_method, method, _facts(form), form.texts(), form.translations(), form=form
    ):
        flash(_("The method card is saved."), "success")
        return redirect(url_for("methods.detail", slug=method.slug))
    office = office_locale()
    return render_form(
        "methods/form.html",
        form,
        method=method if slug else None,
        office_locale=office,
        other_locales=[loc for loc in LOCALES if loc != office],
        text_fields=TEXT_FIELDS,
    )


def _facts(form) -> dict:
    facts = {name: getattr(form, name).data for name in FACT_FIELDS}
    facts["goals"] = " ".join(form.goals.data or [])
    return facts
