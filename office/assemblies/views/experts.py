"""Experts' inputs: the office's page, and the public download of published materials."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.assemblies import bp, permissions
from office.assemblies.forms import ExpertInputForm
from office.assemblies.models import ExpertInput, ExpertMaterial
from office.assemblies.services import experts, sessions
from office.assemblies.views.plan import assembly_or_404, session_or_404
from office.contacts.models import Person
from office.core.access import public, staff_required
from office.core.clock import utcnow
from office.core.forms import ActionForm, render_form
from office.core.transaction import perform
from office.extensions import db


def _form(assembly) -> ExpertInputForm:
    form = ExpertInputForm()
    people = db.session.scalars(sa.select(Person).order_by(Person.last_name, Person.first_name))
    form.person_id.choices = [(p.id, p.name) for p in people]
    form.session_id.choices = [(s.id, s.title) for s in sessions.sessions_of(assembly)]
    return form


def _uploads(form) -> list[experts.Upload]:
    files = request.files.getlist(form.materials.name)
    return [experts.Upload(f.filename, f.read()) for f in files if f and f.filename]


def _input_or_404(assembly, input_id: int) -> ExpertInput:
    expert_input = db.session.get(ExpertInput, input_id)
    if expert_input is None or expert_input.session.assembly_id != assembly.id:
        abort(404)
    return expert_input


@bp.route("/<slug>/manage/experts", methods=["GET", "POST"])
@staff_required
def experts_page(slug):
    assembly = assembly_or_404(slug)
    form = _form(assembly)
    if form.validate_on_submit():
        session = session_or_404(assembly, form.session_id.data)
        if perform(
            experts.add_input,
            session,
            form.person_id.data,
            form.topic.data,
            _uploads(form),
            utcnow(),
            form=form,
        ):
            flash(
                _("The expert's input is saved. It becomes public once you publish it."), "success"
            )
            return redirect(url_for("assemblies.experts_page", slug=slug))
    return render_form(
        "assemblies/experts.html",
        form,
        assembly=assembly,
        sessions=sessions.sessions_of(assembly),
        action_form=ActionForm(),
    )


@bp.route("/<slug>/manage/experts/<int:input_id>/publish", methods=["POST"])
@staff_required
def publish_input(slug, input_id):
    assembly = assembly_or_404(slug)
    expert_input = _input_or_404(assembly, input_id)
    publish = not expert_input.published
    if ActionForm().validate_on_submit() and perform(
        experts.set_published, expert_input, publish, utcnow()
    ):
        flash(
            _("The input is public.") if publish else _("The input is no longer public."), "success"
        )
    return redirect(url_for("assemblies.experts_page", slug=slug))


@bp.route("/<slug>/manage/experts/<int:input_id>/delete", methods=["POST"])
@staff_required
def delete_input(slug, input_id):
    assembly = assembly_or_404(slug)
    expert_input = _input_or_404(assembly, input_id)
    if ActionForm().validate_on_submit() and perform(experts.delete_input, expert_input):
        flash(_("The input is deleted."), "success")
    return redirect(url_for("assemblies.experts_page", slug=slug))


@bp.route("/<slug>/materials/<int:material_id>")
@public
def material(slug, material_id):
    assembly = assembly_or_404(slug)
    item = db.session.get(ExpertMaterial, material_id)
    if item is None or item.expert_input.session.assembly_id != assembly.id:
        abort(404)
    staff = permissions.can_plan_assembly(current_user)
    if not staff and not (assembly.published and item.expert_input.published):
        abort(404)
    return send_file(
        experts.material_path(item),
        mimetype=item.content_type,
        as_attachment=True,
        download_name=item.filename,
        max_age=0,
    )
