"""Attendance per session and the overview of every member (for replacements and evaluation)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from office.assemblies import bp
from office.assemblies.forms import AttendanceForm
from office.assemblies.services import attendance
from office.assemblies.views.plan import assembly_or_404, session_or_404
from office.core.access import staff_required
from office.core.clock import utcnow
from office.core.forms import render_form
from office.core.transaction import perform
from office.sortition import interface as selection


@bp.route("/<slug>/manage/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@staff_required
def session_attendance(slug, session_id):
    assembly = assembly_or_404(slug)
    session = session_or_404(assembly, session_id)
    members = selection.panel_members(assembly)
    form = AttendanceForm()
    form.present.choices = [(m.id, m.name) for m in members]
    if not form.is_submitted():
        form.present.data = [a.respondent_id for a in session.attendance if a.present]
    if form.validate_on_submit() and perform(
        attendance.record_attendance, session, set(form.present.data), utcnow(), form=form
    ):
        flash(_("The attendance is saved."), "success")
        return redirect(url_for("assemblies.attendance_overview", slug=slug))
    return render_form("assemblies/attendance_form.html", form, assembly=assembly, session=session)


@bp.route("/<slug>/manage/attendance")
@staff_required
def attendance_overview(slug):
    assembly = assembly_or_404(slug)
    return render_template(
        "assemblies/attendance.html", assembly=assembly, view=attendance.overview(assembly)
    )
