"""The session plan: the office's page of an assembly's work, session editing, the public plan
and its .ics."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.assemblies import bp, permissions
from office.assemblies.calendar import session_entry
from office.assemblies.forms import SessionForm
from office.assemblies.models import AssemblySession
from office.assemblies.services import sessions
from office.core.access import owned_or_404, public, staff_required
from office.core.clock import from_local, to_local
from office.core.forms import ActionForm, render_form
from office.core.ical import ics_response
from office.core.transaction import perform
from office.extensions import db
from office.sortition import interface as selection
from office.sortition.models import Assembly
from office.venues import interface as venues


def assembly_or_404(slug: str) -> Assembly:
    return db.session.query(Assembly).filter_by(slug=slug).one_or_none() or abort(404)


def session_or_404(assembly: Assembly, session_id: int) -> AssemblySession:
    return owned_or_404(AssemblySession, session_id, assembly_id=assembly.id)


def visible_assembly(slug: str) -> Assembly:
    """A published assembly (staff see every one); another answers 404."""
    assembly = assembly_or_404(slug)
    if not assembly.published and not permissions.can_plan_assembly(current_user):
        abort(404)
    return assembly


@bp.route("/<slug>/manage")
@staff_required
def manage(slug):
    assembly = assembly_or_404(slug)
    return render_template(
        "assemblies/manage.html",
        assembly=assembly,
        sessions=sessions.sessions_of(assembly),
        selected_at=selection.selected_at(assembly),
        delete_form=ActionForm(),
    )


def _data(form) -> sessions.SessionData:
    return sessions.SessionData(
        title=form.title.data.strip(),
        starts_at=from_local(form.starts_at.data),
        ends_at=from_local(form.ends_at.data),
        venue_id=form.venue_id.data,
        place=form.place.data or "",
        agenda=form.agenda.data or "",
        materials=form.materials.data or "",
    )


@bp.route("/<slug>/manage/sessions/new", methods=["GET", "POST"])
@bp.route("/<slug>/manage/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_session(slug, session_id=None):
    assembly = assembly_or_404(slug)
    session = session_or_404(assembly, session_id) if session_id else None
    form = SessionForm(obj=session)
    if session is not None and not form.is_submitted():
        form.starts_at.data = to_local(session.starts_at).replace(tzinfo=None)
        form.ends_at.data = to_local(session.ends_at).replace(tzinfo=None)
    form.set_choices(venues.venue_choices())
    if form.validate_on_submit() and perform(
        sessions.save_session, assembly, session, _data(form), current_user, form=form
    ):
        flash(_("The session is saved."), "success")
        return redirect(url_for("assemblies.manage", slug=slug))
    return render_form("assemblies/session_form.html", form, assembly=assembly, session=session)


@bp.route("/<slug>/manage/sessions/<int:session_id>/delete", methods=["POST"])
@staff_required
def delete_session(slug, session_id):
    assembly = assembly_or_404(slug)
    session = session_or_404(assembly, session_id)
    if ActionForm().validate_on_submit() and perform(
        sessions.delete_session, session, current_user
    ):
        flash(_("The session was taken off the plan."), "success")
    return redirect(url_for("assemblies.manage", slug=slug))


@bp.route("/<slug>/sessions")
@public
def plan(slug):
    assembly = visible_assembly(slug)
    return render_template(
        "assemblies/plan.html", assembly=assembly, sessions=sessions.sessions_of(assembly)
    )


@bp.route("/<slug>/sessions.ics")
@public
def plan_ics(slug):
    assembly = visible_assembly(slug)
    entries = [session_entry(s) for s in sessions.sessions_of(assembly)]
    return ics_response(entries, f"{assembly.slug}-sessions.ics", name=assembly.title)
