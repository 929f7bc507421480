"""Staff pages of the catalogue: create, edit and delete a process, and its phases."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from office.core.access import owned_or_404, staff_required
from office.core.forms import ActionForm, render_form
from office.core.transaction import perform
from office.extensions import db
from office.processes import bp, queries
from office.processes.forms import PhaseForm, ProcessForm
from office.processes.models import Phase, Process
from office.processes.services import catalogue


def department_choices(blank: str) -> list[tuple]:
    return [("", blank)] + [(d.id, d.name) for d in queries.departments()]


def _fill_choices(form: ProcessForm) -> None:
    options = queries.filter_options()
    form.lead_department.choices = department_choices(_("No lead department"))
    form.methods.choices = [(m.id, m.text("name")) for m in queries.methods()]
    form.districts.choices = [(d.id, d.name) for d in options["districts"]]
    form.topics.choices = [(t.id, t.name) for t in options["topics"]]
    form.contacts.choices = [(p.id, p.name) for p in queries.participation_contacts()]
    form.follows.choices = [("", _("None"))] + [(a.id, a.title) for a in queries.assemblies()]


#: the form's fields that are the process's own
FIELDS = (
    "title",
    "summary",
    "status",
    "kind",
    "level",
    "cost_estimate",
    "council_reference",
    "is_public",
)


def _values(form: ProcessForm) -> dict:
    follows = form.follows.data if form.kind.data == "strategy_meeting" else None
    own = {name: getattr(form, name).data for name in FIELDS}
    return own | _chosen(form) | {"follows_id": follows, "translations": form.translations()}


def _chosen(form: ProcessForm) -> dict:
    """The rows chosen in the form's lists, by id."""
    return {
        "lead_department_id": form.lead_department.data,
        "method_ids": form.methods.data,
        "district_ids": form.districts.data,
        "topic_ids": form.topics.data,
        "contact_ids": form.contacts.data,
    }


def _show_lists(form: ProcessForm, process: Process) -> None:
    form.lead_department.data = process.lead_department_id
    form.follows.data = process.follows_id
    form.methods.data = [m.id for m in process.methods]
    form.districts.data = [d.id for d in process.districts]
    form.topics.data = [t.id for t in process.topics]
    form.contacts.data = [p.id for p in process.contacts]


def _process(process_id: int) -> Process:
    return db.session.get(Process, process_id) or abort(404)


def _save(form: ProcessForm, process: Process):
    """Save the form's values to the process (a new one or one being edited)."""
    return perform(catalogue.save_process, process, _values(form), form=form)


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    form = ProcessForm()
    _fill_choices(form)
    outcome = form.validate_on_submit() and _save(form, Process())
    if outcome:
        flash(_("The process is saved. Add its phases below."), "success")
        return redirect(url_for("processes.edit", process_id=outcome.value.id))
    return render_form("processes/form.html", form, process=None)


@bp.route("/<int:process_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(process_id):
    process = _process(process_id)
    form = ProcessForm(obj=None if request.method == "POST" else process)
    _fill_choices(form)
    if request.method == "GET":
        _show_lists(form, process)
    if form.validate_on_submit() and _save(form, process):
        flash(_("The process is saved."), "success")
        return redirect(url_for("processes.detail", process_id=process.id))
    return render_form(
        "processes/form.html", form, process=process, phase_form=PhaseForm(prefix="phase")
    )


@bp.route("/<int:process_id>/delete", methods=["GET", "POST"])
@staff_required
def delete(process_id):
    """Delete a process entered by mistake, with its phases, recommendations and suggestions."""
    process = _process(process_id)
    form = ActionForm()
    if form.validate_on_submit() and perform(catalogue.delete_process, process):
        flash(_("The process is deleted."), "success")
        return redirect(url_for("processes.index"))
    return render_template("processes/delete.html", process=process, form=form)


@bp.route("/<int:process_id>/phases", methods=["POST"])
@staff_required
def add_phase(process_id):
    process = _process(process_id)
    phase_form = PhaseForm(prefix="phase")
    if phase_form.validate_on_submit() and perform(
        catalogue.add_phase,
        process,
        phase_form.title.data,
        phase_form.starts_on.data,
        phase_form.ends_on.data,
        phase_form.is_public_meeting.data,
        phase_form.location.data or "",
        form=phase_form,
    ):
        flash(_("The phase is added."), "success")
        return redirect(url_for("processes.edit", process_id=process.id))
    form = ProcessForm(obj=process)
    _fill_choices(form)
    return render_template(
        "processes/form.html", form=form, process=process, phase_form=phase_form
    ), 422


@bp.route("/<int:process_id>/phases/<int:phase_id>/delete", methods=["POST"])
@staff_required
def delete_phase(process_id, phase_id):
    process = _process(process_id)
    phase = owned_or_404(Phase, phase_id, process_id=process.id)
    if perform(catalogue.remove_phase, process, phase):
        flash(_("The phase is removed."), "success")
    return redirect(url_for("processes.edit", process_id=process.id))
